//! The `nanojs` binary as a user runs it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn nanojs() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nanojs"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A temp folder with the given files.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nanojs-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, body) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    dir
}

/// Asserts that the process exited 1 and said `needle` on stderr; returns stderr.
fn fails_with(out: &Output, needle: &str) -> String {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains(needle), "want {needle:?} in stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn run(dir: &Path, file: &str, extra: &[&str]) -> Output {
    nanojs()
        .arg("run")
        .args(extra)
        .arg(dir.join(file))
        .output()
        .unwrap()
}

#[test]
fn run_executes_modules_with_imports_timers_and_top_level_await() {
    let dir = project(
        "ok",
        &[
            ("main.js", "import { two } from './lib/two.js';\nconsole.log('start', two);\nsetTimeout(() => console.log('timer'), 30);\nawait new Promise(r => setTimeout(r, 10));\nconsole.log('awaited', import.meta.url.endsWith('/main.js'));\n"),
            ("lib/two.js", "export const two = 2;\n"),
        ],
    );
    let out = run(&dir, "main.js", &[]);
    assert_eq!(text(&out.stdout), "start 2\nawaited true\ntimer\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn uncaught_exception_exits_1_with_location_caret_and_stack() {
    let dir = project(
        "throw",
        &[(
            "main.js",
            "function boom() {\n  throw new Error('bad thing');\n}\nboom();\n",
        )],
    );
    let out = run(&dir, "main.js", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let url = format!("file://{}", dir.join("main.js").display());
    assert!(err.starts_with(&format!("{url}:2:")), "{err}");
    assert!(err.contains("  throw new Error('bad thing');\n"), "{err}");
    assert!(err.contains("^\n"), "{err}");
    assert!(err.contains("Error: bad thing"), "{err}");
    assert!(err.contains(&format!("at boom ({url}:2:")), "{err}");
}

#[test]
fn unhandled_rejection_exits_1() {
    let dir = project(
        "reject",
        &[(
            "main.js",
            "setTimeout(() => Promise.reject(new RangeError('late')), 5);\n",
        )],
    );
    let out = run(&dir, "main.js", &[]);
    fails_with(&out, "RangeError: late");
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let dir = project("syntax", &[("main.js", "const a = 1;\nconst b = ;\n")]);
    let out = run(&dir, "main.js", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("main.js:2:11"), "{err}");
    assert!(err.contains("SyntaxError"), "{err}");
}

#[test]
fn missing_file_and_unresolved_import_are_clear_errors() {
    let dir = project("missing", &[("main.js", "import './nope.js';\n")]);
    let out = run(&dir, "absent.js", &[]);
    fails_with(&out, "absent.js");
    let out = run(&dir, "main.js", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("nope.js") && err.contains("main.js"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn cpu_limit_flag_cuts_off_a_runaway_loop() {
    let dir = project("cpu", &[("main.js", "while (true) {}\n")]);
    let out = run(&dir, "main.js", &["--cpu-limit-ms", "50"]);
    fails_with(&out, "CPU time limit exceeded");
}

#[test]
fn memory_limit_flag_fails_a_runaway_allocation() {
    let dir = project(
        "memory",
        &[(
            "main.js",
            "const keep = [];\nwhile (true) keep.push(new Array(100000).fill(1));\n",
        )],
    );
    let out = run(&dir, "main.js", &["--memory-limit-mb", "16"]);
    fails_with(&out, "out of memory");
}

#[test]
fn eval_prints_completion_value_except_undefined() {
    let out = nanojs()
        .args(["eval", "[1, 2].map(x => x * 2).length"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "2\n");
    let out = nanojs().args(["eval", "let x = 1"]).output().unwrap();
    assert_eq!(text(&out.stdout), "");
    assert!(out.status.success());
    let out = nanojs()
        .args(["eval", "await new Promise(r => setTimeout(() => r(7), 5))"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "7\n");
    let out = nanojs().args(["eval", "x.y"]).output().unwrap();
    fails_with(&out, "ReferenceError");
}

#[test]
fn version_and_help() {
    let out = nanojs().arg("--version").output().unwrap();
    assert_eq!(
        text(&out.stdout),
        format!("nanojs {}\n", env!("CARGO_PKG_VERSION"))
    );
    for args in [
        &["--help"][..],
        &["run", "--help"],
        &["eval", "--help"],
        &["repl", "--help"],
    ] {
        let out = nanojs().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains("Usage: nanojs"), "{args:?}");
    }
}

#[test]
fn stdin_script_runs_when_not_a_terminal() {
    let mut child = nanojs()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"console.log(6 * 7)")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stdout), "42\n");
}

#[test]
fn repl_reads_multi_line_input_and_keeps_state() {
    let mut child = nanojs()
        .arg("repl")
        .env(
            "NANOJS_REPL_HISTORY",
            std::env::temp_dir().join("nanojs-test-history"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"let total = [1,\n2, 3].length\ntotal * 2\nawait Promise.resolve('tla')\nnull.boom\n'still alive'\n.exit\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\n6\n"), "{stdout}");
    assert!(stdout.contains("tla"), "{stdout}");
    assert!(stdout.contains("still alive"), "{stdout}");
    assert!(
        text(&out.stderr).contains("TypeError"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.status.success());
}
