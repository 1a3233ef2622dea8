//! Node compatibility, judged by Node itself: every `tests/node/<name>.mjs`
//! is a script whose output under Node 20 was recorded in `<name>.out`
//! (`bash tests/node/record.sh`); nanojs must print the same, byte for byte.
//! One test per script, so a failure names the module and shows the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/node")
}

/// Runs one script and compares its stdout and exit status with Node's.
fn check(name: &str) {
    let dir = corpus();
    let script = dir.join(format!("{name}.mjs"));
    let want = std::fs::read_to_string(dir.join(format!("{name}.out")))
        .unwrap_or_else(|e| panic!("{name}.out: {e} (record it with tests/node/record.sh)"));
    let out = Command::new(env!("CARGO_BIN_EXE_nanojs"))
        .arg("run")
        .arg(&script)
        .current_dir(&dir)
        .output()
        .unwrap();
    let got = String::from_utf8_lossy(&out.stdout);
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
        panic!(
            "{name}: output differs from Node's from line {} on\n--- nanojs:\n{}\n--- node:\n{}\n--- stderr:\n{}",
            first + 1,
            got.lines().skip(first).take(8).collect::<Vec<_>>().join("\n"),
            want.lines().skip(first).take(8).collect::<Vec<_>>().join("\n"),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        out.status.success(),
        "{name}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every script in the corpus has its test below, and every test its script.
#[test]
fn corpus_is_complete() {
    let src = include_str!("node_compat.rs");
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "mjs") {
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            let line = format!("\n    {stem},\n");
            assert!(
                src.contains(&line),
                "tests/node/{stem}.mjs has no test: add `{stem},` to node_tests! below"
            );
        }
    }
}

macro_rules! node_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

node_tests! {
    assert,
    async_hooks,
    buffer,
    crypto,
    diagnostics_channel,
    events,
    path,
    querystring,
    stream,
    stream_promises,
    stream_web,
    string_decoder,
    submodules,
    timers,
    url,
    util,
    util_types,
    zlib,
}
