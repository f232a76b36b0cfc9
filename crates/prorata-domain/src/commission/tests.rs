use proptest::prelude::*;

use super::*;
use crate::Currency;

use NetworkRole::{Admin, Customer, Distributor, MasterDistributor, Retailer, WhiteLabel};

fn inr(text: &str) -> Money {
    Money::parse(text, Currency::from_code("INR").expect("INR")).expect("money")
}

fn rate(text: &str) -> Rate {
    Rate::parse(text).expect("a rate")
}

fn scheme(id: &str, parent: Option<&str>, rates: &[(NetworkRole, Option<&str>)]) -> Scheme<String> {
    Scheme {
        id: id.to_owned(),
        parent: parent.map(str::to_owned),
        rates: rates.iter().map(|(r, v)| (*r, v.map(rate))).collect(),
    }
}

/// The root sets every role; a white label's scheme lowers the retailer's rate and leaves the
/// rest to the root; a distributor's scheme below it sets only the distributor's.
fn tree() -> Vec<Scheme<String>> {
    vec![
        scheme(
            "root",
            None,
            &[
                (Admin, Some("0.05")),
                (WhiteLabel, Some("0.04")),
                (MasterDistributor, Some("0.03")),
                (Distributor, Some("0.02")),
                (Retailer, Some("0.015")),
                (Customer, None),
            ],
        ),
        scheme(
            "wl",
            Some("root"),
            &[(Retailer, Some("0.012")), (Distributor, None)],
        ),
        scheme("dist", Some("wl"), &[(Distributor, Some("0.018"))]),
    ]
}

fn resolved_of(schemes: &[Scheme<String>], id: &str) -> Resolved {
    let chain = chain(schemes, &id.to_owned()).expect("a chain");
    check_scheme(&chain, "recharge").expect("a valid scheme");
    resolve(&chain)
}

fn up(members: &[(&str, NetworkRole)]) -> Vec<UplineMember<String>> {
    members
        .iter()
        .map(|(m, r)| UplineMember {
            member: (*m).to_owned(),
            role: *r,
        })
        .collect()
}

#[test]
fn a_rate_is_the_first_set_walking_up_and_the_root_is_the_final_fallback() {
    let resolved = resolved_of(&tree(), "dist");
    let text: Vec<String> = resolved.iter().map(|(r, v)| format!("{r}={v}")).collect();
    assert_eq!(
        text,
        [
            "admin=0.05",
            "white_label=0.04",
            "master_distributor=0.03",
            "distributor=0.018",
            "retailer=0.012",
            "customer=0"
        ]
    );
    assert_eq!(resolved_of(&tree(), "root")[&Retailer], rate("0.015"));
}

#[test]
fn a_childs_rate_above_its_parents_resolved_rate_is_refused_naming_scheme_service_and_role() {
    let mut schemes = tree();
    schemes[2].rates.insert(Retailer, Some(rate("0.013")));
    let chain = chain(&schemes, &"dist".to_owned()).expect("a chain");
    let error = check_scheme(&chain, "recharge").expect_err("above its parent");
    assert_eq!(
        error.to_string(),
        "scheme dist, service recharge: the retailer rate 0.013 is above its parent's 0.012"
    );
}

#[test]
fn a_lower_roles_rate_above_a_higher_ones_is_refused_as_a_negative_margin() {
    let mut schemes = tree();
    schemes[1].rates.insert(Distributor, Some(rate("0.01")));
    let chain = chain(&schemes, &"wl".to_owned()).expect("a chain");
    let error = check_scheme(&chain, "recharge").expect_err("negative margin");
    assert_eq!(
        error.to_string(),
        "scheme wl, service recharge: the retailer rate 0.012 is above the distributor rate 0.01, a negative margin"
    );
}

#[test]
fn each_role_earns_its_margin_and_a_missing_roles_margin_rolls_up_to_the_member_above() {
    let resolved = resolved_of(&tree(), "dist");
    // No master distributor between the distributor and the white label.
    let upline = up(&[
        ("ravi", Retailer),
        ("dina", Distributor),
        ("wala", WhiteLabel),
        ("ada", Admin),
    ]);
    let done = commission(inr("10000.00"), &resolved, &upline).expect("commissioned");
    assert_eq!(done.total, inr("500.00"), "the admin's 5% of the amount");
    let parts: Vec<(String, String, String)> = done
        .members
        .iter()
        .map(|m| (m.member.clone(), m.margin.to_string(), m.amount.to_string()))
        .collect();
    assert_eq!(
        parts,
        [
            ("ravi".to_owned(), "0.012".to_owned(), "120.00".to_owned()),
            ("dina".to_owned(), "0.006".to_owned(), "60.00".to_owned()),
            // Its own 0.04 - 0.03 and the master distributor's 0.03 - 0.018.
            ("wala".to_owned(), "0.022".to_owned(), "220.00".to_owned()),
            ("ada".to_owned(), "0.01".to_owned(), "100.00".to_owned()),
        ]
    );
}

#[test]
fn an_upline_that_does_not_climb_to_an_admin_or_starts_at_one_is_refused() {
    let resolved = resolved_of(&tree(), "root");
    for (upline, says) in [
        (
            up(&[("ada", Admin)]),
            "an admin does not initiate transactions",
        ),
        (
            up(&[("ravi", Retailer), ("wala", WhiteLabel)]),
            "the upline must reach an admin",
        ),
        (
            up(&[("ravi", Retailer), ("rita", Retailer), ("ada", Admin)]),
            "the upline must climb: retailer is not above retailer",
        ),
        (up(&[]), "the upline is empty"),
    ] {
        let error = commission(inr("1.00"), &resolved, &upline).expect_err("refused");
        assert!(error.to_string().starts_with(says), "{error}");
    }
}

#[test]
fn unknown_parents_and_cycles_are_refused() {
    let schemes = vec![scheme("a", Some("b"), &[]), scheme("b", Some("a"), &[])];
    assert_eq!(
        chain(&schemes, &"a".to_owned()).expect_err("a cycle"),
        CommissionError::Cycle("a".to_owned())
    );
    let schemes = vec![scheme("a", Some("nowhere"), &[])];
    assert_eq!(
        chain(&schemes, &"a".to_owned()).expect_err("unknown"),
        CommissionError::UnknownScheme("nowhere".to_owned())
    );
}

/// A random tree of schemes: each below an earlier one, each role set (at most its parent's
/// resolved rate, kept monotone by construction) or inherited.
fn random_tree() -> impl Strategy<Value = Vec<Scheme<usize>>> {
    let level = prop::collection::vec(prop::option::of(0u32..=100), 6);
    (
        prop::collection::vec((any::<prop::sample::Index>(), level), 0..12),
        0u32..=1000,
    )
        .prop_map(|(levels, top)| {
            let root_rates: Vec<u32> = (0..6).map(|i| top.saturating_sub(i * 150)).collect();
            let mut schemes = vec![Scheme {
                id: 0usize,
                parent: None,
                rates: NetworkRole::ALL
                    .into_iter()
                    .zip(&root_rates)
                    .map(|(r, v)| (r, Some(rate_of(*v))))
                    .collect(),
            }];
            for (index, cuts) in levels {
                let parent = index.index(schemes.len());
                let chain = chain(&schemes, &parent).expect("a chain");
                let above = resolve(&chain);
                // Each role: inherit, or a share (in percent) of the parent's resolved rate,
                // never above the role set just above it in this scheme.
                let mut ceiling = Decimal::ONE;
                let mut rates = BTreeMap::new();
                for (role, cut) in NetworkRole::ALL.into_iter().zip(cuts) {
                    let parent_rate = above[&role].as_decimal();
                    let value = cut
                        .map(|c| (parent_rate * Decimal::from(c) / Decimal::from(100)).round_dp(6));
                    let value = value.map(|v| v.min(ceiling));
                    ceiling = value.unwrap_or(parent_rate).min(ceiling);
                    rates.insert(role, value.map(|v| Rate::new(v).expect("a rate")));
                }
                schemes.push(Scheme {
                    id: schemes.len(),
                    parent: Some(parent),
                    rates,
                });
            }
            schemes
        })
}

fn rate_of(basis_points_tenths: u32) -> Rate {
    Rate::new(Decimal::new(i64::from(basis_points_tenths), 4)).expect("a rate")
}

proptest! {
    #[test]
    fn over_random_trees_and_uplines_the_margins_add_to_the_top_rate_and_the_amounts_to_the_total(
        schemes in random_tree(),
        pick in any::<prop::sample::Index>(),
        bottom in 1usize..6,
        present in prop::collection::vec(any::<bool>(), 6),
        minor in 0i64..1_000_000_000_000,
    ) {
        let scheme = pick.index(schemes.len());
        let chain = chain(&schemes, &scheme).expect("a chain");
        let resolved = resolve(&chain);
        // Every scheme built so is valid where its resolved rates stay monotone.
        prop_assume!(check_scheme(&chain, "svc").is_ok());
        let mut upline: Vec<UplineMember<usize>> = (1..=bottom)
            .rev()
            .filter(|&rank| rank == bottom || present[rank])
            .map(|rank| UplineMember { member: rank, role: NetworkRole::ALL[rank] })
            .collect();
        upline.push(UplineMember { member: 0, role: Admin });
        let amount = Money::from_minor_units(i128::from(minor), Currency::from_code("INR").expect("INR")).expect("money");
        let done = commission(amount, &resolved, &upline).expect("commissioned");
        let margins: Decimal = done.members.iter().map(|m| m.margin).sum();
        prop_assert_eq!(margins, resolved[&Admin].as_decimal());
        let paid: i128 = done.members.iter().map(|m| m.amount.minor_units()).sum();
        prop_assert_eq!(paid, done.total.minor_units());
        prop_assert_eq!(done.total, resolved[&Admin].apply_half_up(amount));
        prop_assert!(done.members.iter().all(|m| m.margin >= Decimal::ZERO && !m.amount.is_negative()));
    }
}
