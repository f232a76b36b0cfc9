//! Every golden vector through prorata-app, compared field by field with its expected output.

use prorata_app::calc::{AllocateRequest, ProfitShareRequest, allocate_total, share_deal_profit};
use prorata_scenarios::{expected_allocation_output, load_cases};

#[test]
fn every_allocation_vector_gives_exactly_its_expected_parts() {
    let cases = load_cases("allocation.json");
    for case in &cases {
        let request: AllocateRequest =
            serde_json::from_value(case.input.clone()).expect("a vector input is a request");
        let response = allocate_total(&request)
            .unwrap_or_else(|error| panic!("{}: refused: {error}", case.name));
        let actual = serde_json::to_value(response).expect("a response serialises");
        assert_eq!(
            actual,
            expected_allocation_output(case),
            "{} ({})",
            case.name,
            case.note
        );
    }
}

#[test]
fn every_profit_share_vector_gives_exactly_its_expected_waterfall() {
    let cases = load_cases("profit_share.json");
    for case in &cases {
        let request: ProfitShareRequest =
            serde_json::from_value(case.input.clone()).expect("a vector input is a request");
        let response = share_deal_profit(&request)
            .unwrap_or_else(|error| panic!("{}: refused: {error}", case.name));
        let actual = serde_json::to_value(response).expect("a response serialises");
        assert_eq!(actual, case.expected, "{} ({})", case.name, case.note);
    }
}
