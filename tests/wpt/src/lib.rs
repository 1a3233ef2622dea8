//! The web-platform-tests runner: runs testharness.js `.any.js` files in
//! fresh nanojs isolates and compares the results with `expectations.json`.
//!
//! Each file runs in its own isolate: a prelude sets up the global scope a
//! WPT worker test sees (`GLOBAL`, `location`, `META_TITLE`), then
//! `resources/testharness.js` (which runs in its shell environment), the
//! runner's result callbacks, the `META: script=` helpers and the test file,
//! all in one task; then the event loop runs until the harness completes,
//! the file's time limit passes, or nothing is left to wait for. A local
//! HTTP server (`server`, wptserve's role) serves the tree and emulates the
//! Python handlers for the tests' `fetch()` calls.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub mod discover;
pub mod expectations;
pub mod meta;
pub mod runner;
pub mod server;
pub mod substitute;

pub use expectations::{compare, Expectation, Expectations, Mismatch};
pub use runner::{run_file, run_files, FileResult, Outcome, RunConfig, Status, Subtest};

/// Environment variable naming the WPT checkout.
pub const WPT_DIR_ENV: &str = "NANOJS_WPT_DIR";

/// The WPT checkout: `$NANOJS_WPT_DIR`, else `../shared/wpt` beside the
/// workspace. Not canonicalized; it may not exist.
pub fn wpt_dir() -> PathBuf {
    match std::env::var_os(WPT_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wpt"),
    }
}

/// The WPT checkout if it exists (canonical), else a message saying where
/// it was looked for.
pub fn find_wpt_dir() -> std::result::Result<PathBuf, String> {
    let dir = wpt_dir();
    match dir.canonicalize() {
        Ok(d) if d.join("resources/testharness.js").is_file() => Ok(d),
        _ => Err(format!(
            "WPT directory not found at {} (no resources/testharness.js there); set {WPT_DIR_ENV}",
            normalize(&dir).display()
        )),
    }
}

/// `a/b/../c` → `a/c`, for messages about paths that may not exist.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The committed expectations file.
pub fn expectations_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("expectations.json")
}

/// Runs `files`, honouring `skip` entries of `expectations` (those files are
/// not run). `on_result` sees each outcome as it arrives.
pub fn run_with_expectations(
    config: &RunConfig,
    expectations: &Expectations,
    files: &[String],
    mut on_result: impl FnMut(&str, &Outcome),
) -> Vec<(String, Outcome)> {
    let mut out: Vec<(String, Option<Outcome>)> = Vec::new();
    let mut to_run = Vec::new();
    for file in files {
        if let Some(Expectation::Skip(reason)) = expectations.files.get(file) {
            let outcome = Outcome::Skipped(reason.clone());
            on_result(file, &outcome);
            out.push((file.clone(), Some(outcome)));
        } else {
            to_run.push(file.clone());
            out.push((file.clone(), None));
        }
    }
    let mut ran = run_files(config, &to_run, on_result).into_iter();
    out.into_iter()
        .map(|(f, o)| {
            let o = o.unwrap_or_else(|| ran.next().expect("one outcome per file run"));
            (f, o)
        })
        .collect()
}

/// Runs every test file under the configured dirs.
pub fn run_configured(
    config: &RunConfig,
    expectations: &Expectations,
    on_result: impl FnMut(&str, &Outcome),
) -> Result<Vec<(String, Outcome)>> {
    let files = discover::discover(&config.root, &expectations.dirs)
        .context("cannot list the configured WPT directories")?;
    Ok(run_with_expectations(
        config,
        expectations,
        &files,
        on_result,
    ))
}

/// One row of the pass table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirSummary {
    pub dir: String,
    pub files: usize,
    pub skipped: usize,
    /// Files that ran with every subtest passing.
    pub files_passing: usize,
    pub harness_errors: usize,
    pub subtests_passed: usize,
    pub subtests_total: usize,
}

/// Per-directory totals; `dirs` are the groups (a file counts in the deepest
/// that contains it; others go to a group of their own directory).
pub fn summarize(dirs: &[String], results: &[(String, Outcome)]) -> Vec<DirSummary> {
    let mut rows: Vec<DirSummary> = dirs
        .iter()
        .map(|d| DirSummary {
            dir: d.trim_matches('/').to_string(),
            ..Default::default()
        })
        .collect();
    for (file, outcome) in results {
        let i = match rows
            .iter()
            .enumerate()
            .filter(|(_, r)| file == &r.dir || file.starts_with(&format!("{}/", r.dir)))
            .max_by_key(|(_, r)| r.dir.len())
            .map(|(i, _)| i)
        {
            Some(i) => i,
            None => {
                let dir = file.rsplit_once('/').map_or("", |(d, _)| d).to_string();
                match rows.iter().position(|r| r.dir == dir) {
                    Some(i) => i,
                    None => {
                        rows.push(DirSummary {
                            dir,
                            ..Default::default()
                        });
                        rows.len() - 1
                    }
                }
            }
        };
        let row = &mut rows[i];
        row.files += 1;
        match outcome {
            Outcome::Skipped(_) => row.skipped += 1,
            Outcome::Ran(r) => {
                let passed = r
                    .subtests
                    .iter()
                    .filter(|s| s.status == Status::Pass)
                    .count();
                row.subtests_passed += passed;
                row.subtests_total += r.subtests.len();
                if r.harness_error.is_some() {
                    row.harness_errors += 1;
                } else if passed == r.subtests.len() {
                    row.files_passing += 1;
                }
            }
        }
    }
    rows
}

/// The pass table as text, with a total row.
pub fn format_table(rows: &[DirSummary]) -> String {
    let mut total = DirSummary {
        dir: "total".into(),
        ..Default::default()
    };
    for r in rows {
        total.files += r.files;
        total.skipped += r.skipped;
        total.files_passing += r.files_passing;
        total.harness_errors += r.harness_errors;
        total.subtests_passed += r.subtests_passed;
        total.subtests_total += r.subtests_total;
    }
    let width = rows
        .iter()
        .map(|r| r.dir.len())
        .max()
        .unwrap_or(0)
        .max("directory".len());
    let mut s = format!(
        "{:<width$}  {:>5}  {:>7}  {:>7}  {:>7}  {:>15}  {:>6}\n",
        "directory", "files", "skipped", "all-ok", "harness", "subtests", "%"
    );
    s.push_str(&format!("{}\n", "-".repeat(width + 60)));
    let line = |r: &DirSummary| {
        let pct = if r.subtests_total == 0 {
            "-".to_string()
        } else {
            format!(
                "{:.1}",
                100.0 * r.subtests_passed as f64 / r.subtests_total as f64
            )
        };
        format!(
            "{:<width$}  {:>5}  {:>7}  {:>7}  {:>7}  {:>15}  {:>6}\n",
            r.dir,
            r.files,
            r.skipped,
            r.files_passing,
            r.harness_errors,
            format!("{}/{}", r.subtests_passed, r.subtests_total),
            pct
        )
    };
    for r in rows {
        s.push_str(&line(r));
    }
    s.push_str(&format!("{}\n", "-".repeat(width + 60)));
    s.push_str(&line(&total));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_groups_by_configured_dir() {
        let pass = |n: &str| Subtest {
            name: n.into(),
            status: Status::Pass,
            message: String::new(),
        };
        let fail = |n: &str| Subtest {
            name: n.into(),
            status: Status::Fail,
            message: "x".into(),
        };
        let results = vec![
            (
                "dom/events/a.any.js".to_string(),
                Outcome::Ran(FileResult {
                    subtests: vec![pass("1"), fail("2")],
                    ..Default::default()
                }),
            ),
            (
                "dom/events/sub/b.any.js".to_string(),
                Outcome::Ran(FileResult {
                    subtests: vec![pass("1")],
                    ..Default::default()
                }),
            ),
            (
                "url/c.any.js".to_string(),
                Outcome::Ran(FileResult {
                    harness_error: Some("TIMEOUT".into()),
                    ..Default::default()
                }),
            ),
            ("url/d.any.js".to_string(), Outcome::Skipped("no".into())),
        ];
        let rows = summarize(&["dom/events".into(), "url".into()], &results);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (
                rows[0].files,
                rows[0].files_passing,
                rows[0].subtests_passed,
                rows[0].subtests_total
            ),
            (2, 1, 2, 3)
        );
        assert_eq!(
            (rows[1].files, rows[1].skipped, rows[1].harness_errors),
            (2, 1, 1)
        );
        let table = format_table(&rows);
        assert!(table.contains("2/3"), "{table}");
        assert!(table.contains("total"), "{table}");
    }
}
