//! WPT conformance: runs the directories listed in `expectations.json` and
//! fails on any difference from it (unexpected failures and unexpected passes).
//! Skips, saying so, when the WPT checkout is not there.

use std::time::Instant;

use nanojs_wpt::{
    compare, expectations_path, find_wpt_dir, run_configured, Expectations, RunConfig,
};

#[test]
fn wpt_results_match_expectations() {
    let root = match find_wpt_dir() {
        Ok(root) => root,
        Err(msg) => {
            eprintln!("{msg}; skipping");
            return;
        }
    };
    let path = expectations_path();
    let expectations = Expectations::load(&path).unwrap_or_else(|e| panic!("{e:#}"));
    let config = RunConfig::new(root.clone());
    let started = Instant::now();
    let results =
        run_configured(&config, &expectations, |_, _| {}).unwrap_or_else(|e| panic!("{e:#}"));
    let mismatches = compare(&expectations, &results);
    eprintln!(
        "WPT: {} files from {} in {:.1?}",
        results.len(),
        root.display(),
        started.elapsed()
    );
    if !mismatches.is_empty() {
        let list: Vec<String> = mismatches.iter().map(|m| format!("  {m}")).collect();
        panic!(
            "WPT results differ from {} in {} place(s):\n{}\n\n\
             Debug with `cargo run -p nanojs-wpt -- run <file>`; if the new results are \
             right, record them with `cargo run -p nanojs-wpt -- update`.",
            path.display(),
            mismatches.len(),
            list.join("\n")
        );
    }
}
