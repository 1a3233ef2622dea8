//! Runs one test file in a fresh isolate with testharness.js, and many files
//! in parallel.

use std::cell::{Cell, RefCell};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nanojs_engine::rquickjs::{self, Ctx, Function, Object, Persistent, Value};
use nanojs_engine::{
    report_exception, ConsoleLevel, ConsoleSink, ErrorKind, Isolate, IsolateOptions, JsError,
};
use tokio::sync::Notify;

use crate::discover::{resolve, url_of};
use crate::meta::{parse_meta, Meta};
use crate::server::Server;
use crate::substitute::{substitute, Escape, Hosts, RequestInfo};

const PRELUDE_JS: &str = include_str!("js/prelude.js");
const COLLECT_JS: &str = include_str!("js/collect.js");
const DEFER_LOAD_JS: &str = include_str!("js/defer-load.js");

/// Result of one subtest, as testharness.js reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Timeout,
    NotRun,
    PreconditionFailed,
}

impl Status {
    fn from_code(code: i32) -> Self {
        match code {
            0 => Status::Pass,
            1 => Status::Fail,
            2 => Status::Timeout,
            4 => Status::PreconditionFailed,
            _ => Status::NotRun,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Timeout => "TIMEOUT",
            Status::NotRun => "NOTRUN",
            Status::PreconditionFailed => "PRECONDITION_FAILED",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subtest {
    pub name: String,
    pub status: Status,
    pub message: String,
}

/// What running a file produced.
#[derive(Clone, Debug, Default)]
pub struct FileResult {
    /// Why the file failed as a whole (harness error, timeout, load failure).
    pub harness_error: Option<String>,
    pub subtests: Vec<Subtest>,
    /// Things worth knowing when debugging: missing globals, uncaught errors.
    pub notes: Vec<String>,
    /// Console output of the test.
    pub console: Vec<String>,
    pub elapsed: Duration,
}

impl FileResult {
    fn harness(message: impl Into<String>) -> Self {
        FileResult {
            harness_error: Some(message.into()),
            ..Default::default()
        }
    }
}

#[derive(Clone, Debug)]
pub enum Outcome {
    /// Not run, with the reason.
    Skipped(String),
    Ran(FileResult),
}

/// How files are run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The WPT checkout (canonical path).
    pub root: PathBuf,
    /// Per-file time limit (wall clock, and CPU time as a backstop).
    pub timeout: Duration,
    /// Time limit for files with `META: timeout=long`.
    pub long_timeout: Duration,
    /// Files run at the same time (one thread and isolate each).
    pub jobs: usize,
    /// Heap limit of each isolate.
    pub memory_limit: usize,
}

impl RunConfig {
    pub fn new(root: PathBuf) -> Self {
        RunConfig {
            root,
            timeout: Duration::from_secs(10),
            long_timeout: Duration::from_secs(300),
            jobs: 2,
            memory_limit: 512 * 1024 * 1024,
        }
    }
}

/// Console output, kept for debugging.
#[derive(Default)]
struct CaptureSink(RefCell<Vec<String>>);

const MAX_CONSOLE_LINES: usize = 2000;

impl ConsoleSink for CaptureSink {
    fn write(&self, level: ConsoleLevel, text: &str) {
        let mut lines = self.0.borrow_mut();
        if lines.len() < MAX_CONSOLE_LINES {
            lines.push(format!("console.{}: {text}", level_name(level)));
        } else if lines.len() == MAX_CONSOLE_LINES {
            lines.push("(further console output dropped)".into());
        }
    }
}

fn level_name(level: ConsoleLevel) -> &'static str {
    match level {
        ConsoleLevel::Debug => "debug",
        ConsoleLevel::Log => "log",
        ConsoleLevel::Info => "info",
        ConsoleLevel::Warn => "warn",
        ConsoleLevel::Error => "error",
    }
}

/// What the harness callbacks reported.
#[derive(Default)]
struct Collected {
    /// From `add_result_callback`, as tests finish.
    results: Vec<Subtest>,
    /// From `add_completion_callback`: harness status, message, all tests.
    complete: Option<(i32, String, Vec<Subtest>)>,
}

/// Runs `files` (relative to the root) on `config.jobs` threads; `on_result`
/// sees each outcome as it arrives. Returns outcomes in the order of `files`.
pub fn run_files(
    config: &RunConfig,
    files: &[String],
    mut on_result: impl FnMut(&str, &Outcome),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; files.len()];
    std::thread::scope(|scope| {
        for n in 0..config.jobs.max(1).min(files.len().max(1)) {
            let tx = tx.clone();
            let next = &next;
            std::thread::Builder::new()
                .name(format!("wpt-{n}"))
                .stack_size(64 * 1024 * 1024)
                .spawn_scoped(scope, move || {
                    let mut rt = new_runtime();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            run_file_on(&rt, config, file)
                        }))
                        .unwrap_or_else(|panic| {
                            rt = new_runtime();
                            let msg = panic
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_default();
                            Outcome::Ran(FileResult::harness(format!("runner panicked: {msg}")))
                        });
                        if tx.send((i, outcome)).is_err() {
                            break;
                        }
                    }
                })
                .expect("spawn WPT runner thread");
        }
        drop(tx);
        for (i, outcome) in rx {
            on_result(&files[i], &outcome);
            outcomes[i] = Some(outcome);
        }
    });
    outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Ran(FileResult::harness("not run"))))
        .collect()
}

fn new_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Runs one file on the calling thread.
pub fn run_file(config: &RunConfig, rel: &str) -> Outcome {
    run_file_on(&new_runtime(), config, rel)
}

fn run_file_on(rt: &tokio::runtime::Runtime, config: &RunConfig, rel: &str) -> Outcome {
    let path = config.root.join(rel);
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            return Outcome::Ran(FileResult::harness(format!(
                "cannot read {}: {e}",
                path.display()
            )))
        }
    };
    let meta = parse_meta(&source);
    if let Some(reason) = meta.skip_reason() {
        return Outcome::Skipped(reason);
    }
    let started = Instant::now();
    let mut result = rt.block_on(run_test(config, rel, &meta, source));
    result.elapsed = started.elapsed();
    if let Ok(server) = Server::for_root(&config.root) {
        stable_names(&mut result, server.hosts().http);
    }
    Outcome::Ran(result)
}

/// Subtest names that embed a URL carry the server's ephemeral ports; they
/// are written back as wptserve's `{{ports[http][N]}}` so expectations stay
/// the same from run to run. (Messages too, for readable diffs.)
fn stable_names(result: &mut FileResult, ports: [u16; 2]) {
    let fix = |s: &mut String| {
        for (i, port) in ports.iter().enumerate() {
            let needle = format!(":{port}");
            if s.contains(&needle) {
                *s = s.replace(&needle, &format!(":{{{{ports[http][{i}]}}}}"));
            }
        }
    };
    for t in &mut result.subtests {
        fix(&mut t.name);
        fix(&mut t.message);
    }
    if let Some(h) = result.harness_error.as_mut() {
        fix(h);
    }
}

/// A script to evaluate: its name in stack traces and its text.
struct Script {
    name: String,
    source: String,
}

fn load_scripts(
    root: &Path,
    base: &url::Url,
    hosts: &Hosts,
    meta: &Meta,
    source: String,
) -> Result<Vec<Script>, String> {
    // `.sub.` scripts are templates, rendered as wptserve serves them.
    let render = |file: &str, text: String, url: Option<url::Url>| {
        if file.contains(".sub.") {
            let info = RequestInfo {
                url,
                ..Default::default()
            };
            substitute(&text, hosts, &info, Escape::None)
        } else {
            text
        }
    };
    let mut scripts = Vec::new();
    for reference in &meta.scripts {
        let Some(file) = resolve(base, reference) else {
            return Err(format!("META script={reference} is outside the WPT server"));
        };
        let text = std::fs::read_to_string(root.join(&file))
            .map_err(|e| format!("cannot load META script={reference} ({file}): {e}"))?;
        let text = render(&file, text, base.join(reference).ok());
        scripts.push(Script {
            name: format!("/{file}"),
            source: text,
        });
    }
    let rel = base.path().trim_start_matches('/');
    scripts.push(Script {
        name: base.path().to_string(),
        source: render(rel, source, Some(base.clone())),
    });
    Ok(scripts)
}

/// What the load phase produced.
struct Loaded {
    /// testharness.js's `timeout()`.
    harness_timeout: Persistent<Function<'static>>,
    /// Runs testharness.js's held "all loaded" callback (see defer-load.js).
    fire_loaded: Persistent<Function<'static>>,
}

async fn run_test(config: &RunConfig, rel: &str, meta: &Meta, source: String) -> FileResult {
    let testharness = match std::fs::read_to_string(config.root.join("resources/testharness.js")) {
        Ok(s) => s,
        Err(e) => return FileResult::harness(format!("cannot read resources/testharness.js: {e}")),
    };
    let server = match Server::for_root(&config.root) {
        Ok(s) => s,
        Err(e) => return FileResult::harness(format!("cannot start the WPT server: {e}")),
    };
    let url = url_of(&server.origin(), rel);
    let scripts = match load_scripts(&config.root, &url, server.hosts(), meta, source) {
        Ok(s) => s,
        Err(e) => return FileResult::harness(e),
    };
    let console = Rc::new(CaptureSink::default());
    let isolate = match Isolate::new(
        IsolateOptions {
            console: console.clone(),
            memory_limit: Some(config.memory_limit),
            max_stack_size: 4 * 1024 * 1024,
            ..Default::default()
        },
        nanojs_web::builtins(),
    ) {
        Ok(i) => i,
        Err(e) => return FileResult::harness(format!("cannot create isolate: {e}")),
    };
    let limit = if meta.long_timeout {
        config.long_timeout
    } else {
        config.timeout
    };
    isolate.set_cpu_limit(Some(limit));

    let collected = Rc::new(RefCell::new(Collected::default()));
    let notify = Rc::new(Notify::new());
    let error_events = Rc::new(Cell::new(0));
    let mut notes = Vec::new();
    let mut uncaught: Vec<JsError> = Vec::new();

    let loaded = isolate.eval_script("nanojs-wpt:load", "undefined", |ctx, _| {
        load(
            ctx,
            config,
            rel,
            &url,
            meta,
            &testharness,
            &scripts,
            &collected,
            &notify,
            &error_events,
            &mut notes,
        )
    });
    let loaded = match loaded {
        Ok(Ok(l)) => l,
        Ok(Err(e)) | Err(JsError { summary: e, .. }) => {
            let mut r = FileResult::harness(e);
            r.notes = notes;
            r.console = console.0.take();
            return r;
        }
    };
    uncaught.extend(isolate.take_uncaught());

    // The `load` event, as a task of its own.
    let fire = loaded.fire_loaded.clone();
    match isolate.eval_script("nanojs-wpt:loaded", "undefined", |ctx, _| {
        fire.restore(ctx).and_then(|f| f.call::<_, u32>(()))
    }) {
        Ok(Ok(1)) => {}
        Ok(Ok(n)) => notes.push(format!(
            "testharness.js registered {n} loaded callback(s) instead of 1"
        )),
        Ok(Err(e)) => notes.push(format!("firing the loaded callback failed: {e}")),
        Err(e) => notes.push(format!("firing the loaded callback failed: {e}")),
    }
    uncaught.extend(isolate.take_uncaught());

    // Drive the event loop until the harness completes, the time is up, or
    // nothing is left to wait for.
    let deadline = tokio::time::Instant::now() + limit;
    let mut cut_short: Option<String> = None;
    let mut cpu_exceeded = uncaught
        .iter()
        .any(|e| e.kind == ErrorKind::CpuLimitExceeded);
    enum Step {
        Notified,
        TimedOut,
        Idle,
        Uncaught(JsError),
    }
    while !cpu_exceeded && collected.borrow().complete.is_none() {
        let step = tokio::select! {
            biased;
            _ = notify.notified() => Step::Notified,
            _ = tokio::time::sleep_until(deadline) => Step::TimedOut,
            r = isolate.run_event_loop() => match r {
                Ok(()) => Step::Idle,
                Err(e) => Step::Uncaught(e),
            },
        };
        match step {
            Step::Notified => {}
            Step::TimedOut => {
                cut_short = Some(format!(
                    "the harness did not complete within {} s",
                    limit.as_secs()
                ));
            }
            Step::Idle => {
                if collected.borrow().complete.is_none() {
                    cut_short =
                        Some("the event loop went idle before the harness completed".to_string());
                }
            }
            Step::Uncaught(e) => {
                if e.kind == ErrorKind::CpuLimitExceeded {
                    cpu_exceeded = true;
                }
                uncaught.push(e);
            }
        }
        if cut_short.is_some() {
            break;
        }
    }
    if cpu_exceeded {
        cut_short = Some(format!("CPU time limit of {} s exceeded", limit.as_secs()));
    }

    // Time out what is left, the way wptrunner does, so that finished
    // subtests still count.
    if collected.borrow().complete.is_none() {
        isolate.set_cpu_limit(Some(Duration::from_secs(5)));
        let f = loaded.harness_timeout.clone();
        let called = isolate.eval_script("nanojs-wpt:timeout", "undefined", |ctx, _| {
            f.restore(ctx).and_then(|f| f.call::<_, ()>(()))
        });
        if let Ok(Err(e)) = called {
            notes.push(format!("calling timeout() failed: {e}"));
        }
        uncaught.extend(isolate.take_uncaught());
        if collected.borrow().complete.is_none() {
            let grace = tokio::time::Instant::now() + Duration::from_secs(2);
            loop {
                if collected.borrow().complete.is_some() {
                    break;
                }
                let go_on = tokio::select! {
                    biased;
                    _ = notify.notified() => true,
                    _ = tokio::time::sleep_until(grace) => false,
                    r = isolate.run_event_loop() => match r {
                        Ok(()) => false,
                        Err(e) => {
                            uncaught.push(e);
                            true
                        }
                    },
                };
                if !go_on {
                    break;
                }
            }
        }
        uncaught.extend(isolate.take_uncaught());
    }
    drop(loaded);

    let mut result = FileResult {
        notes,
        ..Default::default()
    };
    for e in &uncaught {
        result.notes.push(format!("uncaught: {}", located(e)));
    }
    let collected = std::mem::take(&mut *collected.borrow_mut());
    match collected.complete {
        Some((status, message, tests)) => {
            result.subtests = tests;
            result.harness_error = match status {
                0 => None,
                1 => Some(format!("ERROR: {message}")),
                2 => Some(format!("TIMEOUT: {}", cut_short.clone().unwrap_or(message))),
                3 => Some(format!("PRECONDITION_FAILED: {message}")),
                other => Some(format!("harness status {other}: {message}")),
            };
        }
        None => {
            result.subtests = collected.results;
            result.harness_error = Some(
                cut_short
                    .clone()
                    .unwrap_or_else(|| "the harness did not complete".into()),
            );
        }
    }
    if result.harness_error.is_none() {
        if cpu_exceeded {
            result.harness_error = cut_short;
        } else {
            // Errors that never became `error`/`unhandledrejection` events
            // were not seen by testharness.js; in a browser they would have
            // been. Each event that was not canceled also shows up here.
            let errors: Vec<&JsError> = uncaught
                .iter()
                .filter(|e| e.kind != ErrorKind::CpuLimitExceeded)
                .collect();
            if errors.len() > error_events.get() {
                result.harness_error = Some(format!(
                    "ERROR: {} uncaught error(s) but {} error event(s) reached testharness.js; first: {}",
                    errors.len(),
                    error_events.get(),
                    errors[0].summary
                ));
            }
        }
    }
    result.console = console.0.take();
    result
}

/// `summary (file:line:col)`.
fn located(e: &JsError) -> String {
    match &e.location {
        Some(loc) => format!("{} ({loc})", e.summary),
        None => e.summary.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn load<'js>(
    ctx: &Ctx<'js>,
    config: &RunConfig,
    rel: &str,
    url: &url::Url,
    meta: &Meta,
    testharness: &str,
    scripts: &[Script],
    collected: &Rc<RefCell<Collected>>,
    notify: &Rc<Notify>,
    error_events: &Rc<Cell<usize>>,
    notes: &mut Vec<String>,
) -> Result<Loaded, String> {
    let fail = |what: &str, e: rquickjs::Error| format!("{what}: {}", describe_error(ctx, e));

    // The global scope.
    let prelude = eval(ctx, "nanojs-wpt:prelude.js", PRELUDE_JS)
        .and_then(into_function)
        .map_err(|e| fail("runner prelude failed", e))?;
    let info = (|| -> rquickjs::Result<Object<'js>> {
        let info = Object::new(ctx.clone())?;
        info.set("title", meta.title.clone())?;
        info.set("href", url.as_str())?;
        info.set("origin", url.origin().ascii_serialization())?;
        info.set(
            "host",
            format!(
                "{}:{}",
                url.host_str().unwrap_or(""),
                url.port().unwrap_or(80)
            ),
        )?;
        info.set("hostname", url.host_str().unwrap_or(""))?;
        info.set(
            "port",
            url.port().map(|p| p.to_string()).unwrap_or_default(),
        )?;
        info.set("pathname", url.path())?;
        info.set("fetchShim", !rel.starts_with("fetch/"))?;
        Ok(info)
    })()
    .map_err(|e| fail("runner prelude failed", e))?;
    let root = config.root.clone();
    let base = url.clone();
    let read = Function::new(ctx.clone(), move |input: String| -> Option<Vec<String>> {
        let file = resolve(&base, &input)?;
        let text = std::fs::read(root.join(&file)).ok()?;
        Some(vec![
            base.join(&input).ok()?.to_string(),
            String::from_utf8_lossy(&text).into_owned(),
        ])
    })
    .map_err(|e| fail("runner prelude failed", e))?;
    let events = error_events.clone();
    let on_error_event = Function::new(ctx.clone(), move || events.set(events.get() + 1))
        .map_err(|e| fail("runner prelude failed", e))?;
    let env: Object = prelude
        .call((info, read, on_error_event))
        .map_err(|e| fail("runner prelude failed", e))?;
    let missing: Vec<String> = env.get("missing").unwrap_or_default();
    for m in missing {
        notes.push(format!("global missing: {m}"));
    }
    if env.get::<_, bool>("fetchShim").unwrap_or(false) {
        notes.push(
            "fetch: the runtime has none; using the runner's test-only fetch of WPT files".into(),
        );
    }
    if !env.get::<_, bool>("errorEvents").unwrap_or(false) {
        notes.push("no addEventListener: uncaught errors are reported by the runner".into());
    }

    // The harness, with its "loaded" callback held back.
    let restore: Function = eval(ctx, "nanojs-wpt:defer-load.js", DEFER_LOAD_JS)
        .and_then(into_function)
        .and_then(|install| install.call(()))
        .map_err(|e| fail("runner prelude failed", e))?;
    let harness = eval(ctx, "/resources/testharness.js", testharness)
        .map_err(|e| fail("resources/testharness.js failed to load", e));
    let fire_loaded: Function = restore
        .call(())
        .map_err(|e| fail("runner prelude failed", e))?;
    harness?;
    let fire_loaded = Persistent::save(ctx, fire_loaded);
    let collect = eval(ctx, "nanojs-wpt:collect.js", COLLECT_JS)
        .and_then(into_function)
        .map_err(|e| fail("runner callbacks failed", e))?;
    let c = collected.clone();
    let on_result = Function::new(
        ctx.clone(),
        move |name: String, status: i32, message: String| {
            c.borrow_mut().results.push(Subtest {
                name,
                status: Status::from_code(status),
                message,
            });
        },
    )
    .map_err(|e| fail("runner callbacks failed", e))?;
    let c = collected.clone();
    let n = notify.clone();
    let on_complete = Function::new(
        ctx.clone(),
        move |status: i32,
              message: String,
              names: Vec<String>,
              statuses: Vec<i32>,
              messages: Vec<String>| {
            let tests = names
                .into_iter()
                .zip(statuses)
                .zip(messages)
                .map(|((name, status), message)| Subtest {
                    name,
                    status: Status::from_code(status),
                    message,
                })
                .collect();
            let mut c = c.borrow_mut();
            if c.complete.is_none() {
                c.complete = Some((status, message, tests));
            }
            n.notify_one();
        },
    )
    .map_err(|e| fail("runner callbacks failed", e))?;
    let harness_timeout: Function = collect
        .call((on_result, on_complete))
        .map_err(|e| fail("runner callbacks failed", e))?;
    let harness_timeout = Persistent::save(ctx, harness_timeout);

    // META scripts and the test, each reporting its own exception and going
    // on, as <script> elements do. No microtask checkpoint runs between them,
    // so testharness.js (in its shell environment) sees them all loaded.
    for script in scripts {
        match eval(ctx, &script.name, &script.source) {
            Ok(_) => {}
            Err(rquickjs::Error::Exception) => {
                let v = ctx.catch();
                report_exception(ctx, v);
            }
            Err(e) => notes.push(format!("{}: {e}", script.name)),
        }
    }
    Ok(Loaded {
        harness_timeout,
        fire_loaded,
    })
}

fn eval<'js>(ctx: &Ctx<'js>, name: &str, source: &str) -> rquickjs::Result<Value<'js>> {
    let mut opts = rquickjs::context::EvalOptions::default();
    opts.global = true;
    opts.strict = false;
    opts.promise = false;
    opts.filename = Some(name.to_string());
    ctx.eval_with_options::<Value, _>(source, opts)
}

fn into_function(v: Value<'_>) -> rquickjs::Result<Function<'_>> {
    v.into_function()
        .ok_or_else(|| rquickjs::Error::new_from_js("value", "function"))
}

fn describe_error(ctx: &Ctx<'_>, e: rquickjs::Error) -> String {
    match e {
        rquickjs::Error::Exception => {
            let v = ctx.catch();
            located(&JsError::from_value(ctx, &v))
        }
        other => other.to_string(),
    }
}
