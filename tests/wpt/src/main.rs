//! `nanojs-wpt`: run web-platform-tests against nanojs.
//!
//! ```text
//! cargo run -p nanojs-wpt -- run url/urlsearchparams-append.any.js html/webappapis/timers
//! cargo run -p nanojs-wpt -- report          # pass table for the configured dirs
//! cargo run -p nanojs-wpt -- check           # compare with expectations.json
//! cargo run -p nanojs-wpt -- update          # rewrite expectations.json
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};

use nanojs_wpt::discover::{discover, relative_to_root};
use nanojs_wpt::{
    compare, expectations_path, find_wpt_dir, format_table, run_with_expectations, summarize,
    Expectation, Expectations, Outcome, RunConfig, Status,
};

/// `META: timeout=long` files get this many times the limit. WPT splits its
/// slowest files (WebCryptoAPI's PBKDF2 and RSA key generation) into
/// `META: variant` subsets that a browser runs separately; this runner runs
/// each file whole, which an interpreter on a small machine needs time for.
const LONG_FACTOR: u64 = 30;

#[derive(Parser)]
#[command(about = "Runs web-platform-tests (testharness.js .any.js files) against nanojs")]
struct Cli {
    /// The WPT checkout (default: $NANOJS_WPT_DIR, else ../shared/wpt beside the workspace).
    #[arg(long, global = true)]
    wpt_dir: Option<PathBuf>,
    /// The expectations file (default: tests/wpt/expectations.json).
    #[arg(long, global = true)]
    expectations: Option<PathBuf>,
    /// Files run in parallel.
    #[arg(long, short = 'j', global = true, default_value_t = 2)]
    jobs: usize,
    /// Per-file time limit in seconds (files with META timeout=long get 30x).
    #[arg(long, global = true, default_value_t = 10)]
    timeout: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run files or directories and print every subtest's result.
    Run {
        /// Files or directories, relative to the WPT root (or paths to them).
        #[arg(required = true)]
        paths: Vec<String>,
        /// Only print subtests that did not pass.
        #[arg(long, short = 'f')]
        failures: bool,
        /// Also print console output and runner notes (missing globals, uncaught errors).
        #[arg(long, short = 'v')]
        verbose: bool,
    },
    /// Print a pass table per directory (default: the configured dirs).
    Report { paths: Vec<String> },
    /// Compare results with expectations.json, as `cargo test` does.
    Check { paths: Vec<String> },
    /// Rewrite expectations.json from current results (default: all
    /// configured dirs; with paths, only those files' entries).
    Update { paths: Vec<String> },
}

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> Result<ExitCode> {
    let cli = Cli::parse();
    if let Some(dir) = &cli.wpt_dir {
        std::env::set_var(nanojs_wpt::WPT_DIR_ENV, dir);
    }
    let root = match find_wpt_dir() {
        Ok(r) => r,
        Err(msg) => bail!("{msg}"),
    };
    let exp_path = cli.expectations.clone().unwrap_or_else(expectations_path);
    let expectations = if exp_path.exists() {
        Expectations::load(&exp_path)?
    } else {
        eprintln!(
            "note: {} does not exist; using no expectations",
            exp_path.display()
        );
        Expectations::default()
    };
    let mut config = RunConfig::new(root.clone());
    config.jobs = cli.jobs.max(1);
    config.timeout = Duration::from_secs(cli.timeout);
    config.long_timeout = Duration::from_secs(cli.timeout * LONG_FACTOR);

    let files_for = |paths: &[String]| -> Result<Vec<String>> {
        if paths.is_empty() {
            return discover(&root, &expectations.dirs);
        }
        let rels = paths
            .iter()
            .map(|p| relative_to_root(&root, p))
            .collect::<Result<Vec<_>>>()?;
        discover(&root, &rels)
    };

    match cli.command {
        Command::Run {
            paths,
            failures,
            verbose,
        } => {
            let files = files_for(&paths)?;
            if files.is_empty() {
                bail!("no .any.js test files under {}", paths.join(", "));
            }
            let started = Instant::now();
            let results = run_with_expectations(&config, &expectations, &files, |file, o| {
                print_outcome(file, o, failures, verbose)
            });
            println!();
            print!(
                "{}",
                format_table(&summarize(&group_dirs(&files), &results))
            );
            println!("({} files in {:.1?})", files.len(), started.elapsed());
            Ok(ExitCode::SUCCESS)
        }
        Command::Report { paths } => {
            let files = files_for(&paths)?;
            let results = run_with_expectations(&config, &expectations, &files, progress);
            eprintln!();
            let groups = if paths.is_empty() {
                expectations.dirs.clone()
            } else {
                group_dirs(&files)
            };
            print!("{}", format_table(&summarize(&groups, &results)));
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { paths } => {
            let files = files_for(&paths)?;
            let results = run_with_expectations(&config, &expectations, &files, progress);
            eprintln!();
            let mut mismatches = compare(&expectations, &results);
            if !paths.is_empty() {
                // Only the files asked for.
                mismatches.retain(|m| !matches!(m, nanojs_wpt::Mismatch::StaleFile { .. }));
            }
            if mismatches.is_empty() {
                println!("{} files match {}", results.len(), exp_path.display());
                Ok(ExitCode::SUCCESS)
            } else {
                for m in &mismatches {
                    println!("{m}");
                }
                println!(
                    "\n{} mismatch(es) with {}; if the new results are right, run `cargo run -p nanojs-wpt -- update`",
                    mismatches.len(),
                    exp_path.display()
                );
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Update { paths } => {
            let files = files_for(&paths)?;
            let results = run_with_expectations(&config, &expectations, &files, progress);
            eprintln!();
            let mut updated = expectations.clone();
            if updated.dirs.is_empty() {
                bail!(
                    "{} lists no \"dirs\" to run; add them first",
                    exp_path.display()
                );
            }
            if paths.is_empty() {
                // A full update: entries for vanished files go.
                updated.files.retain(|f, _| !expectations.covers(f));
            }
            let mut changed = 0;
            for (file, outcome) in &results {
                let e = Expectation::from_outcome(outcome);
                if expectations.files.get(file) != Some(&e) {
                    changed += 1;
                }
                updated.files.insert(file.clone(), e);
            }
            updated.save(&exp_path)?;
            print!("{}", format_table(&summarize(&updated.dirs, &results)));
            println!("wrote {} ({} entries changed)", exp_path.display(), changed);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Table groups for ad-hoc runs: each file's directory.
fn group_dirs(files: &[String]) -> Vec<String> {
    let mut dirs: Vec<String> = files
        .iter()
        .map(|f| f.rsplit_once('/').map_or("", |(d, _)| d).to_string())
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

fn progress(_file: &str, outcome: &Outcome) {
    use std::io::Write;
    let c = match outcome {
        Outcome::Skipped(_) => 's',
        Outcome::Ran(r) if r.harness_error.is_some() => 'E',
        Outcome::Ran(r) if r.subtests.iter().all(|s| s.status == Status::Pass) => '.',
        Outcome::Ran(_) => 'F',
    };
    eprint!("{c}");
    let _ = std::io::stderr().flush();
}

fn print_outcome(file: &str, outcome: &Outcome, failures_only: bool, verbose: bool) {
    match outcome {
        Outcome::Skipped(reason) => println!("SKIP  {file}: {reason}"),
        Outcome::Ran(r) => {
            let passed = r
                .subtests
                .iter()
                .filter(|s| s.status == Status::Pass)
                .count();
            let head = match &r.harness_error {
                Some(_) => "ERROR",
                None if passed == r.subtests.len() => "OK   ",
                None => "FAIL ",
            };
            println!(
                "{head} {file} ({passed}/{} subtests passed, {:.2?})",
                r.subtests.len(),
                r.elapsed
            );
            if let Some(e) = &r.harness_error {
                println!("      harness: {e}");
            }
            for s in &r.subtests {
                if failures_only && s.status == Status::Pass {
                    continue;
                }
                print!("      {:<7} {}", s.status.name(), s.name);
                if !s.message.is_empty() {
                    print!(
                        "\n              {}",
                        s.message.replace('\n', "\n              ")
                    );
                }
                println!();
            }
            if verbose || r.harness_error.is_some() {
                for n in &r.notes {
                    println!("      note: {n}");
                }
            }
            if verbose {
                for c in &r.console {
                    println!("      {c}");
                }
            }
        }
    }
}
