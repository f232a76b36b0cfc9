//! Fee schedules from the command line, as DESIGN §10 names the commands: versions set by an
//! admin, shown as in effect on a day; the JSON shapes and exit statuses.

#[allow(dead_code)]
mod common;

use common::{StoppedOnDrop, as_user, failure, id_of, init_with_officer, json_of, scratch};

#[test]
fn an_admin_sets_fee_schedule_versions_and_anyone_reads_the_one_in_effect() {
    let (_dir, store) = scratch();
    let _stop = StoppedOnDrop(store.clone());
    let admin = |args: &[&str]| as_user(&store, "admin", args);
    let olga = |args: &[&str]| as_user(&store, "olga", args);
    init_with_officer(&admin);
    let set = |who: &dyn Fn(&[&str]) -> std::process::Output, from: &str, custom: &str| {
        let custom = format!("custom={custom}");
        who(&[
            "--json",
            "fees",
            "set",
            "--gst-rate",
            "0.18",
            "--gateway-rate",
            "0.02",
            "--gateway-fixed",
            "3.00",
            "--platform-rate",
            "event=0.10",
            "sponsor=0.12",
            "premium=0.15",
            &custom,
            "--from",
            from,
        ])
    };
    let refused = failure(&set(&olga, "2030-01-01", "0.10"), 3);
    assert!(refused.starts_with("error[permission_denied]"), "{refused}");
    let unusual = set(&admin, "2030-01-01", "0.30");
    let stderr = String::from_utf8_lossy(&unusual.stderr).to_string();
    assert!(
        stderr.contains(
            "warning: the platform fee on custom revenue, 30%, is outside the usual 5% to 20%"
        ),
        "{stderr}"
    );
    let first = id_of(&unusual);
    let again = failure(&set(&admin, "2030-01-01", "0.10"), 4);
    assert!(
        again.starts_with("error[conflict]: from: the latest version takes effect on 2030-01-01"),
        "{again}"
    );
    let over = failure(&set(&admin, "2030-02-01", "1.2"), 2);
    assert!(
        over.starts_with("error[validation]: platform_rate"),
        "{over}"
    );
    id_of(&set(&admin, "2030-02-01", "0.10"));
    let shown = json_of(&olga(&["--json", "fees", "show", "--as-of", "2030-01-15"]));
    assert_eq!(shown["in_effect"]["id"].to_string(), first);
    assert_eq!(shown["in_effect"]["gateway_fixed_fee"], "3");
    assert_eq!(shown["in_effect"]["platform_fee_rates"]["custom"], "0.3");
    assert_eq!(shown["versions"].as_array().map(Vec::len), Some(2));
    let text = olga(&["fees", "show", "--as-of", "2030-02-01"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.starts_with("in effect on 2030-02-01: GST 0.18;"),
        "{text}"
    );
}
