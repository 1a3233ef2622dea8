//! Shared test support: run JS in a fresh isolate with every web builtin and
//! capture what it prints.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use nanojs_engine::{ConsoleLevel, ConsoleSink, Isolate, IsolateOptions, JsError};

#[derive(Default)]
pub struct Capture(RefCell<Vec<(ConsoleLevel, String)>>);

impl ConsoleSink for Capture {
    fn write(&self, level: ConsoleLevel, text: &str) {
        self.0.borrow_mut().push((level, text.to_string()));
    }
}

pub struct Output {
    pub result: Result<(), JsError>,
    /// Lines printed at log/info/debug level.
    pub stdout: String,
    /// Lines printed at warn/error level.
    pub stderr: String,
}

impl Output {
    /// Panics with the JS error when the module failed.
    pub fn ok(self) -> Self {
        if let Err(e) = &self.result {
            panic!(
                "JS failed:\n{e}\n--- stdout:\n{}--- stderr:\n{}",
                self.stdout, self.stderr
            );
        }
        self
    }
}

/// Runs `source` as an ES module, then the event loop until idle.
pub fn run(source: &str) -> Output {
    let capture = Rc::new(Capture::default());
    let options = IsolateOptions {
        console: capture.clone(),
        ..Default::default()
    };
    let isolate = Isolate::new(options, nanojs_web::builtins()).expect("isolate");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let result = rt.block_on(isolate.run_module_source("file:///test/main.js", source.to_string()));
    let mut stdout = String::new();
    let mut stderr = String::new();
    for (level, line) in capture.0.borrow().iter() {
        let out = match level {
            ConsoleLevel::Warn | ConsoleLevel::Error => &mut stderr,
            _ => &mut stdout,
        };
        out.push_str(line);
        out.push('\n');
    }
    Output {
        result,
        stdout,
        stderr,
    }
}

/// Runs `source` and returns what it printed to stdout; panics on a JS error.
pub fn stdout(source: &str) -> String {
    run(source).ok().stdout
}

/// JS assertion helpers for snippets: `is(actual, expected, what)` compares
/// with `Object.is`, `eq(actual, expected, what)` compares JSON forms.
pub const ASSERTS: &str = r#"
const show = (v) => typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : JSON.stringify(v);
function is(actual, expected, what) {
  if (!Object.is(actual, expected)) throw new Error(`${what}: got ${show(actual)}, want ${show(expected)}`);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual), b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${what}: got ${a}, want ${b}`);
}
"#;

/// Runs `body` (an async module body) after [`ASSERTS`] and `prelude`; it
/// passes when the snippet runs to the end without throwing.
pub fn check_with(prelude: &str, body: &str) {
    let out = stdout(&format!("{ASSERTS}\n{prelude}\n{body}\nconsole.log('ok');"));
    assert_eq!(out, "ok\n");
}
