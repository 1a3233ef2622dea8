//! Engine behaviour: event loop ordering, limits, error reports, Rust futures.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use nanojs_engine::rquickjs::{Ctx, Function, Persistent, Value};
use nanojs_engine::{Builtins, ErrorKind, Isolate, IsolateOptions, JsError};

fn builtins() -> &'static Builtins {
    static B: OnceLock<Builtins> = OnceLock::new();
    B.get_or_init(Builtins::new)
}

fn isolate() -> Isolate {
    Isolate::new(IsolateOptions::default(), builtins()).unwrap()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// Runs a module, then returns `JSON.stringify(globalThis.out)`.
fn run_and_read(isolate: &Isolate, src: &str) -> Result<String, JsError> {
    block_on(isolate.run_module_source("file:///t/main.js", src.to_string()))?;
    Ok(read_out(isolate))
}

fn read_out(isolate: &Isolate) -> String {
    isolate
        .eval_script("read", "JSON.stringify(globalThis.out)", |_, v| {
            v.get::<String>().unwrap()
        })
        .unwrap()
}

#[test]
fn timers_fire_in_deadline_then_creation_order() {
    let out = run_and_read(
        &isolate(),
        r#"
        globalThis.out = [];
        setTimeout(() => out.push('b20'), 20);
        setTimeout(() => out.push('a0'), 0);
        setTimeout(() => out.push('c0'), 0);
        setTimeout((x, y) => out.push(x + y), 5, 'ar', 'gs');
        Promise.resolve().then(() => out.push('micro'));
        out.push('sync');
        "#,
    )
    .unwrap();
    assert_eq!(out, r#"["sync","micro","a0","c0","args","b20"]"#);
}

#[test]
fn microtasks_run_between_timers() {
    let out = run_and_read(
        &isolate(),
        r#"
        globalThis.out = [];
        setTimeout(() => { out.push('t1'); Promise.resolve().then(() => out.push('m1')); }, 0);
        setTimeout(() => out.push('t2'), 0);
        "#,
    )
    .unwrap();
    assert_eq!(out, r#"["t1","m1","t2"]"#);
}

#[test]
fn intervals_repeat_until_cleared_and_ids_are_distinct() {
    let out = run_and_read(
        &isolate(),
        r#"
        globalThis.out = [];
        let n = 0;
        const id = setInterval(() => { out.push(++n); if (n === 3) clearInterval(id); }, 1);
        const t = setTimeout(() => out.push('cancelled'), 0);
        clearTimeout(t);
        out.push(typeof id === 'number' && id > 0 && id !== t);
        "#,
    )
    .unwrap();
    assert_eq!(out, "[true,1,2,3]");
}

#[test]
fn timer_delay_is_respected() {
    let iso = isolate();
    let start = Instant::now();
    run_and_read(
        &iso,
        "globalThis.out = 0; setTimeout(() => { out = 1 }, 50);",
    )
    .unwrap();
    assert!(start.elapsed() >= Duration::from_millis(50));
}

#[test]
fn string_handler_is_evaluated() {
    let out = run_and_read(
        &isolate(),
        "globalThis.out = 0; setTimeout('globalThis.out = 7', 0);",
    )
    .unwrap();
    assert_eq!(out, "7");
}

#[test]
fn cpu_limit_stops_a_runaway_loop_that_js_cannot_catch() {
    let iso = isolate();
    iso.set_cpu_limit(Some(Duration::from_millis(50)));
    let start = Instant::now();
    let err = run_and_read(&iso, "globalThis.out = 'x'; try { while (true) {} } catch (e) { out = 'caught' } finally { out = 'finally' }")
        .unwrap_err();
    let took = start.elapsed();
    assert_eq!(err.kind, ErrorKind::CpuLimitExceeded);
    assert!(err.to_string().contains("CPU time limit exceeded"), "{err}");
    assert!(took < Duration::from_millis(500), "took {took:?}");
    assert!(iso.cpu_used() >= Duration::from_millis(50));
    // The isolate is usable again once it gets a new budget.
    iso.set_cpu_limit(None);
    assert_eq!(read_out(&iso), "\"x\"");
}

#[test]
fn cpu_limit_counts_across_timer_callbacks() {
    let iso = isolate();
    iso.set_cpu_limit(Some(Duration::from_millis(30)));
    let err = run_and_read(&iso, "function spin() { const t = Date.now(); while (Date.now() - t < 10) {} setTimeout(spin, 0); } spin();")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::CpuLimitExceeded);
}

#[test]
fn memory_limit_fails_allocation() {
    let options = IsolateOptions {
        memory_limit: Some(16 * 1024 * 1024),
        ..Default::default()
    };
    let iso = Isolate::new(options, builtins()).unwrap();
    let err = run_and_read(
        &iso,
        "const a = []; while (true) a.push(new Array(10000).fill(1));",
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::OutOfMemory, "{err}");
    assert!(iso.memory_used() <= 16 * 1024 * 1024);
}

#[test]
fn uncaught_error_reports_location_source_line_and_stack() {
    let err = run_and_read(&isolate(), "function f() {\n  null.x;\n}\nf();").unwrap_err();
    let text = err.to_string();
    assert_eq!(err.kind, ErrorKind::Exception);
    assert!(text.starts_with("file:///t/main.js:2:"), "{text}");
    assert!(text.contains("\n  null.x;\n"), "{text}");
    assert!(text.contains("TypeError"), "{text}");
    assert!(text.contains("at f (file:///t/main.js:2:"), "{text}");
}

#[test]
fn syntax_error_names_position() {
    let err = run_and_read(&isolate(), "let x = 1;\nlet y = ;").unwrap_err();
    let loc = err.location.clone().expect("location");
    assert_eq!((loc.file.as_str(), loc.line), ("file:///t/main.js", 2));
    assert!(err.summary.starts_with("SyntaxError"), "{}", err.summary);
}

#[test]
fn error_in_timer_is_uncaught() {
    let err = run_and_read(
        &isolate(),
        "globalThis.out = 1; setTimeout(() => { throw new RangeError('late') }, 0);",
    )
    .unwrap_err();
    assert_eq!(err.summary, "RangeError: late");
}

#[test]
fn unhandled_rejection_is_an_error_but_a_late_handler_in_same_tick_is_not() {
    let err = run_and_read(
        &isolate(),
        "globalThis.out = 1; Promise.reject(new Error('nobody'));",
    )
    .unwrap_err();
    assert_eq!(err.summary, "Error: nobody");
    let ok = run_and_read(
        &isolate(),
        "globalThis.out = 1; const p = Promise.reject(new Error('x')); p.catch(() => { out = 2 });",
    );
    assert_eq!(ok.unwrap(), "2");
}

#[test]
fn rejected_top_level_await_is_the_error() {
    let err = run_and_read(&isolate(), "await Promise.reject(new TypeError('tla'))").unwrap_err();
    assert_eq!(err.summary, "TypeError: tla");
}

#[test]
fn top_level_await_that_never_settles_is_reported() {
    let err = run_and_read(&isolate(), "await new Promise(() => {})").unwrap_err();
    assert!(err.summary.contains("never settled"), "{}", err.summary);
}

#[test]
fn thrown_non_error_values_are_described() {
    let err = run_and_read(&isolate(), "throw 'plain'").unwrap_err();
    assert_eq!(err.to_string(), "Uncaught 'plain'");
}

#[test]
fn imports_resolve_relative_to_the_importer_and_set_import_meta() {
    let dir = std::env::temp_dir().join(format!("nanojs-engine-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(
        dir.join("lib/a.js"),
        "export { b } from './b.js'; export const url = import.meta.url;",
    )
    .unwrap();
    std::fs::write(dir.join("lib/b.js"), "export const b = 'B';").unwrap();
    std::fs::write(
        dir.join("main.js"),
        "import { b, url } from './lib/a.js'; globalThis.out = [b, url.endsWith('/lib/a.js')];",
    )
    .unwrap();
    let iso = isolate();
    block_on(iso.run_main_module(&dir.join("main.js"))).unwrap();
    assert_eq!(read_out(&iso), r#"["B",true]"#);

    std::fs::write(dir.join("bad.js"), "import './missing.js';").unwrap();
    let err = block_on(isolate().run_main_module(&dir.join("bad.js"))).unwrap_err();
    assert!(
        err.summary.contains("missing.js") && err.summary.contains("bad.js"),
        "{}",
        err.summary
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bare_and_internal_specifiers_are_refused() {
    let err = run_and_read(&isolate(), "import 'lodash';").unwrap_err();
    assert!(
        err.summary.contains("Cannot find package 'lodash'")
            && err.summary.contains("node_modules"),
        "{}",
        err.summary
    );
    let err = run_and_read(&isolate(), "import { print } from 'nanojs:host';").unwrap_err();
    assert!(
        err.summary.contains("Cannot find module 'nanojs:host'"),
        "{}",
        err.summary
    );
}

/// A native `sleep(ms)` returning a promise resolved by a spawned Rust future.
fn sleep<'js>(ctx: Ctx<'js>, ms: u64) -> nanojs_engine::rquickjs::Result<Value<'js>> {
    let (promise, resolve, _) = ctx.promise()?;
    let resolve = Persistent::save(&ctx, resolve);
    nanojs_engine::spawn(&ctx, async move {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        Box::new(move |ctx: &Ctx<'_>| resolve.restore(ctx)?.call::<_, ()>((ms,)))
            as nanojs_engine::Completion
    });
    Ok(promise.into_value())
}

fn install_sleep(iso: &Isolate) {
    iso.with(|ctx| {
        let f = Function::new(ctx.clone(), sleep).unwrap();
        ctx.globals().set("sleep", f).unwrap();
    });
}

#[test]
fn spawned_rust_futures_resolve_promises_while_timers_run() {
    let iso = isolate();
    install_sleep(&iso);
    let out = run_and_read(
        &iso,
        r#"
        globalThis.out = [];
        setTimeout(() => out.push('timer10'), 10);
        const r = await Promise.all([sleep(30).then(v => out.push('sleep' + v)), sleep(1).then(v => out.push('sleep' + v))]);
        out.push('done');
        "#,
    )
    .unwrap();
    assert_eq!(out, r#"["sleep1","timer10","sleep30","done"]"#);
}

#[test]
fn isolates_do_not_share_globals() {
    let a = isolate();
    let b = isolate();
    run_and_read(&a, "globalThis.out = 'a'; globalThis.secret = 1;").unwrap();
    let out = run_and_read(&b, "globalThis.out = typeof secret;").unwrap();
    assert_eq!(out, "\"undefined\"");
}

#[test]
fn eval_script_returns_completion_value_and_top_level_await() {
    let iso = isolate();
    let v = iso.eval_script("e", "1 + 2", |_, v| v.as_int()).unwrap();
    assert_eq!(v, Some(3));
    let p = block_on(iso.eval_script_async("e", "await Promise.resolve(41) + 1")).unwrap();
    assert_eq!(iso.with(|ctx| p.restore(&ctx).unwrap().as_int()), Some(42));
}

/// A public builtin that re-exports the host module, to test host ops.
fn declare_host_reexport<'js>(
    ctx: &Ctx<'js>,
    name: &str,
) -> nanojs_engine::rquickjs::Result<
    nanojs_engine::rquickjs::Module<'js, nanojs_engine::rquickjs::module::Declared>,
> {
    nanojs_engine::rquickjs::Module::declare(ctx.clone(), name, "export * from 'nanojs:host';")
}

fn host_test_isolate() -> Isolate {
    static B: OnceLock<Builtins> = OnceLock::new();
    let builtins = B.get_or_init(|| {
        let mut b = Builtins::new();
        b.module(
            "nanojs:test-host",
            nanojs_engine::ModuleSource::Native(declare_host_reexport),
        );
        b
    });
    Isolate::new(IsolateOptions::default(), builtins).unwrap()
}

#[test]
fn host_builtin_loads_a_module_namespace_once() {
    let out = run_and_read(
        &host_test_isolate(),
        r#"
        import * as direct from 'nanojs:test-host';
        const { builtin } = direct;
        let unknown;
        try { builtin('nanojs:nope'); } catch (e) { unknown = e instanceof TypeError; }
        globalThis.out = [builtin('nanojs:test-host') === builtin('nanojs:test-host'), typeof builtin('nanojs:test-host').print, unknown];
        "#,
    )
    .unwrap();
    assert_eq!(out, r#"[true,"function",true]"#);
}

#[test]
fn host_promise_state_reports_each_state() {
    let iso = host_test_isolate();
    let out = run_and_read(
        &iso,
        r#"
        import { promiseState } from 'nanojs:test-host';
        const rejected = Promise.reject(new Error('r'));
        rejected.catch(() => {});
        globalThis.out = [
            promiseState(new Promise(() => {})),
            promiseState(Promise.resolve(5)),
            promiseState(rejected)[0],
            promiseState(rejected)[1].message,
            promiseState(42),
        ];
        "#,
    )
    .unwrap();
    assert_eq!(out, r#"[["pending"],["fulfilled",5],"rejected","r",null]"#);
}

#[test]
fn timer_delay_converts_like_webidl_long() {
    let out = run_and_read(
        &isolate(),
        r#"
        globalThis.out = [];
        setTimeout(() => out.push('ten'), 10);
        setTimeout(() => out.push('wrapped'), 2 ** 32);
        setTimeout(() => out.push('valueOf'), { valueOf() { return 1; } });
        setTimeout(() => out.push('string'), ' 2 ');
        setTimeout(() => out.push('negative'), -5);
        "#,
    )
    .unwrap();
    assert_eq!(out, r#"["wrapped","negative","valueOf","string","ten"]"#);
}

#[test]
fn no_microtask_runs_after_the_cpu_budget_is_spent() {
    let iso = isolate();
    iso.set_cpu_limit(Some(Duration::from_millis(20)));
    let err = run_and_read(
        &iso,
        "globalThis.out = 'before'; Promise.resolve().then(() => { while (true) {} }); Promise.resolve().then(() => { out = 'ran' });",
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::CpuLimitExceeded);
    iso.set_cpu_limit(None);
    assert_eq!(read_out(&iso), "\"before\"");
}
