//! A scheme's rates as a grid: every service any scheme of the program sets, by role, each
//! cell the rate the scheme resolves and where it comes from (set here, inherited from an
//! ancestor by name, or set nowhere up to the root).

use prorata_domain::commission::{self, NetworkRole};
use prorata_store::Store;
use prorata_store::commissions::scheme_services;

use super::schemes::{scheme_by_ref, tree_of};
use super::views::{SchemeCellView, SchemeGridView, SchemeServiceView, role_word};
use crate::Error;
use crate::session::Session;

pub async fn scheme_grid(
    store: &Store,
    session: &Session,
    scheme: &str,
) -> Result<SchemeGridView, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let target = scheme_by_ref(&mut conn, program_id, scheme).await?;
    let mut services = Vec::new();
    for service in scheme_services(&mut conn, program_id).await? {
        let tree = tree_of(&mut conn, program_id, &service).await?;
        let chain = commission::chain(&tree, &target.name)?;
        let resolved = commission::resolve(&chain);
        let cells = NetworkRole::ALL
            .into_iter()
            .map(|role| {
                let from = chain
                    .iter()
                    .find(|level| level.rates.get(&role).copied().flatten().is_some());
                SchemeCellView {
                    role: role_word(role),
                    resolved: resolved[&role].to_string(),
                    set_here: from.is_some_and(|level| level.id == target.name),
                    inherited_from: from
                        .filter(|level| level.id != target.name)
                        .map(|level| level.id.clone()),
                }
            })
            .collect();
        services.push(SchemeServiceView { service, cells });
    }
    Ok(SchemeGridView {
        id: target.id,
        name: target.name,
        services,
    })
}
