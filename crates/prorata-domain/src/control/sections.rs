//! The parts of the work a front end offers, and which roles may use each: the window's
//! navigation is this list, so it never offers what the user would then be refused.

use super::Role;

/// Who reads the audit log and verifies its chain.
pub const AUDIT_READERS: &[Role] = &[Role::Auditor, Role::Admin];
/// Who lists the program's users.
pub const USER_READERS: &[Role] = &[Role::Admin, Role::Auditor];

/// A part of the work, in the order a front end lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Deals,
    Distributions,
    Withdrawals,
    PayoutBatches,
    Statements,
    /// Community revenue: the monthly report, the top communities, members' wallets.
    Revenue,
    /// Commissions: the schemes, the network and its transactions, the affiliates.
    Commissions,
    Ledger,
    Audit,
    Users,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Deals,
        Section::Distributions,
        Section::Withdrawals,
        Section::PayoutBatches,
        Section::Statements,
        Section::Revenue,
        Section::Commissions,
        Section::Ledger,
        Section::Audit,
        Section::Users,
    ];

    /// The roles that may use the section; `None` is every role of the program.
    pub fn roles(self) -> Option<&'static [Role]> {
        match self {
            Section::Audit => Some(AUDIT_READERS),
            Section::Users => Some(USER_READERS),
            _ => None,
        }
    }

    /// The sections a user holding `roles` may use, in order.
    pub fn open_to(roles: &[Role]) -> Vec<Section> {
        Section::ALL
            .into_iter()
            .filter(|section| {
                section
                    .roles()
                    .is_none_or(|needed| needed.iter().any(|role| roles.contains(role)))
            })
            .collect()
    }

    /// Where a user holding `roles` starts: the officer at the deals they prepare, the
    /// approver at the distributions waiting for them, the auditor at the audit log, the
    /// admin at the users; the first of these the user holds wins, in that order.
    pub fn landing(roles: &[Role]) -> Section {
        let by_role = [
            (Role::Officer, Section::Deals),
            (Role::Approver, Section::Distributions),
            (Role::Auditor, Section::Audit),
            (Role::Admin, Section::Users),
        ];
        by_role
            .into_iter()
            .find(|(role, _)| roles.contains(role))
            .map_or(Section::Ledger, |(_, section)| section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approver_is_not_offered_the_audit_log_or_the_users() {
        let offered = Section::open_to(&[Role::Approver]);
        assert!(!offered.contains(&Section::Audit));
        assert!(!offered.contains(&Section::Users));
        assert!(offered.contains(&Section::Distributions) && offered.contains(&Section::Ledger));
    }

    #[test]
    fn an_auditor_and_an_admin_are_offered_every_section() {
        for role in [Role::Auditor, Role::Admin] {
            assert_eq!(Section::open_to(&[role]), Section::ALL.to_vec(), "{role}");
        }
    }

    #[test]
    fn each_role_lands_on_its_natural_first_section_and_the_landing_is_always_open() {
        assert_eq!(Section::landing(&[Role::Officer]), Section::Deals);
        assert_eq!(Section::landing(&[Role::Approver]), Section::Distributions);
        assert_eq!(Section::landing(&[Role::Auditor]), Section::Audit);
        assert_eq!(Section::landing(&[Role::Admin]), Section::Users);
        assert_eq!(
            Section::landing(&[Role::Admin, Role::Officer]),
            Section::Deals
        );
        for mask in 1u8..16 {
            let roles: Vec<Role> = Role::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, role)| role)
                .collect();
            assert!(
                Section::open_to(&roles).contains(&Section::landing(&roles)),
                "{roles:?}"
            );
        }
    }
}
