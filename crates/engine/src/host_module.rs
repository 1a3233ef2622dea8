//! `nanojs:host`: the engine's internal module for builtins. It connects the
//! web APIs written in JS to the host: console output, error reporting hooks.

use rquickjs::module::{Declarations, Declared, Exports, ModuleDef};
use rquickjs::promise::PromiseState;
use rquickjs::{Ctx, Function, Module, Object, Value};

use crate::host::{report_exception, state, ConsoleLevel};

struct HostModule;

const EXPORTS: &[&str] = &[
    "print",
    "setHooks",
    "reportException",
    "cpuTimeMs",
    "promiseState",
    "builtin",
    "createRequire",
    "processInfo",
    "processExit",
    "nodeTimers",
    "asyncContext",
    "nodeBuiltins",
];

impl ModuleDef for HostModule {
    fn declare<'js>(decl: &Declarations<'js>) -> rquickjs::Result<()> {
        for name in EXPORTS {
            decl.declare(*name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("print", Function::new(ctx.clone(), print)?)?;
        exports.export(
            "setHooks",
            Function::new(ctx.clone(), |ctx: Ctx<'js>, hooks: Object<'js>| {
                crate::isolate::set_hooks(&ctx, hooks)
            })?,
        )?;
        exports.export(
            "reportException",
            Function::new(ctx.clone(), |ctx: Ctx<'js>, e: Value<'js>| {
                report_exception(&ctx, e)
            })?,
        )?;
        exports.export(
            "cpuTimeMs",
            Function::new(ctx.clone(), || {
                crate::cpu::thread_cpu_time().as_secs_f64() * 1000.0
            })?,
        )?;
        exports.export("promiseState", Function::new(ctx.clone(), promise_state)?)?;
        exports.export("builtin", Function::new(ctx.clone(), builtin)?)?;
        exports.export("processInfo", Function::new(ctx.clone(), process_info)?)?;
        exports.export("processExit", Function::new(ctx.clone(), process_exit)?)?;
        exports.export("nodeTimers", crate::timers::node_ops(ctx)?)?;
        exports.export("asyncContext", crate::async_context::ops(ctx)?)?;
        exports.export("nodeBuiltins", Function::new(ctx.clone(), node_builtins)?)?;
        exports.export("createRequire", Function::new(ctx.clone(), create_require)?)?;
        Ok(())
    }
}

/// `promiseState(p)`: `['pending']`, `['fulfilled', value]` or
/// `['rejected', reason]`; undefined for non-promises. For inspection only.
fn promise_state<'js>(ctx: Ctx<'js>, value: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let Some(promise) = value.as_promise() else {
        return Ok(Value::new_undefined(ctx));
    };
    let arr = rquickjs::Array::new(ctx.clone())?;
    match promise.state() {
        PromiseState::Pending => arr.set(0, "pending")?,
        PromiseState::Resolved => {
            arr.set(0, "fulfilled")?;
            arr.set(1, promise.result::<Value>().and_then(|r| r.ok()))?;
        }
        PromiseState::Rejected => {
            arr.set(0, "rejected")?;
            // Reading the result re-throws the reason; catch it as the value.
            if let Some(Err(rquickjs::Error::Exception)) = promise.result::<Value>() {
                arr.set(1, ctx.catch())?;
            }
        }
    }
    Ok(arr.into_value())
}

/// `builtin(specifier)`: the namespace of another builtin module, loaded on
/// first call. Lets a builtin defer a dependency it rarely needs (the full
/// inspector, say) instead of paying for it in every isolate that loads it.
fn builtin<'js>(ctx: Ctx<'js>, specifier: String) -> rquickjs::Result<Object<'js>> {
    match crate::isolate::builtin_specifier(&ctx, &specifier) {
        Some(spec) => crate::isolate::builtin_namespace(&ctx, spec),
        None => Err(rquickjs::Exception::throw_type(
            &ctx,
            &format!("no builtin module '{specifier}'"),
        )),
    }
}

/// `print(level, text)`: level is one of debug, log, info, warn, error.
fn print(ctx: Ctx<'_>, level: String, text: String) {
    let level = match level.as_str() {
        "debug" => ConsoleLevel::Debug,
        "info" => ConsoleLevel::Info,
        "warn" => ConsoleLevel::Warn,
        "error" => ConsoleLevel::Error,
        _ => ConsoleLevel::Log,
    };
    state(&ctx).console.write(level, &text);
}

pub(crate) fn declare<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Module<'js, Declared>> {
    Module::declare_def::<HostModule, _>(ctx.clone(), name)
}

/// `createRequire(filename)` (node:module): a `require` that resolves from
/// `filename`'s folder; a path or a `file:` URL.
fn create_require<'js>(ctx: Ctx<'js>, filename: String) -> rquickjs::Result<Function<'js>> {
    let path = if filename.starts_with("file:") {
        url::Url::parse(&filename)
            .ok()
            .and_then(|u| u.to_file_path().ok())
    } else {
        Some(std::path::PathBuf::from(&filename)).filter(|p| p.is_absolute())
    };
    match path {
        Some(p) => crate::commonjs::make_require(&ctx, &p),
        None => Err(crate::commonjs::throw_coded(
            &ctx,
            "ERR_INVALID_ARG_VALUE",
            &format!("The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received '{filename}'"),
        )),
    }
}

/// `nodeBuiltins()`: the names of the `node:` modules there are.
fn node_builtins(ctx: Ctx<'_>) -> Vec<&'static str> {
    state(&ctx).builtins.node_modules()
}

/// `processInfo()`: `{ env, argv, cwd, exitAllowed }` for node:process.
fn process_info<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let st = state(&ctx);
    let info = Object::new(ctx.clone())?;
    let env = Object::new(ctx.clone())?;
    for (k, v) in &st.process.env {
        env.set(k.as_str(), v.as_str())?;
    }
    info.set("env", env)?;
    let argv = rquickjs::Array::new(ctx.clone())?;
    for (i, a) in st.process.argv.iter().enumerate() {
        argv.set(i, a.as_str())?;
    }
    info.set("argv", argv)?;
    info.set("cwd", st.process.cwd.to_string_lossy().as_ref())?;
    info.set("exitAllowed", st.process.allow_exit)?;
    Ok(info)
}

/// `processExit(code)`: ends a script's process (stdout flushed first).
/// Apps never get here: node:process refuses `exit()` in them.
fn process_exit(ctx: Ctx<'_>, code: i32) -> rquickjs::Result<()> {
    if !state(&ctx).process.allow_exit {
        return Err(rquickjs::Exception::throw_type(
            &ctx,
            "process.exit() is not available in apps: return a Response, or throw to fail the request",
        ));
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    std::process::exit(code)
}
