//! CommonJS: `require`, `module.exports`, and the bridge between CommonJS and
//! ES modules in both directions, as Node 22 does them.
//!
//! - A CommonJS file runs as `(function (exports, require, module, __filename,
//!   __dirname) { … })`, compiled with the file's URL as its name so stacks
//!   and error reports point into it. The wrapper shares the first line with
//!   the source, so line numbers are those of the file.
//! - `require.cache` is a plain object keyed by filename, as in Node: a module
//!   is cached before it runs (cycles see the partial `exports`) and removed
//!   again if it throws.
//! - `import x from './file.cjs'`: the file runs when the importing graph is
//!   loaded (before any ES module of that graph evaluates, as in Bun), and a
//!   facade module exports `module.exports` as `default` plus each own
//!   enumerable property that is an identifier. Running it first gives the
//!   facade the real export names, a superset of what Node's static
//!   cjs-module-lexer would find, without a second parser.
//! - `require()` of an ES module evaluates it through the module loader and
//!   returns its namespace, as long as its graph has no top-level await
//!   (Node's `ERR_REQUIRE_ASYNC_MODULE` otherwise).

use std::path::{Path, PathBuf};

use rquickjs::module::Declared;
use rquickjs::promise::PromiseState;
use rquickjs::{Ctx, Exception, Function, Module, Object, Persistent, Promise, Value};
use url::Url;

use crate::host::state;
use crate::loader::Script;
use crate::resolve::{Format, Kind, Resolved};
use crate::typescript::TsModuleKind;

/// Per-isolate CommonJS state.
#[derive(Default)]
pub(crate) struct ModuleState {
    /// `require.cache`: filename -> module object.
    cache: std::cell::RefCell<Option<Persistent<Object<'static>>>>,
}

impl ModuleState {
    pub fn clear(&self) {
        self.cache.borrow_mut().take();
    }
}

fn cache<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let st = state(ctx);
    if let Some(c) = st.modules.cache.borrow().clone() {
        return c.restore(ctx);
    }
    let c = Object::new(ctx.clone())?;
    c.set_prototype(None)?;
    *st.modules.cache.borrow_mut() = Some(Persistent::save(ctx, c.clone()));
    Ok(c)
}

/// Throws an `Error` with a Node `code`.
pub(crate) fn throw_coded(ctx: &Ctx<'_>, code: &str, message: &str) -> rquickjs::Error {
    match Exception::from_message(ctx.clone(), message) {
        Ok(e) => {
            let _ = e.set("code", code);
            ctx.throw(e.into_value())
        }
        Err(e) => e,
    }
}

/// `require(specifier)` from a module in `dir` (named `importer` in errors).
pub(crate) fn require<'js>(
    ctx: &Ctx<'js>,
    specifier: &str,
    dir: &Path,
    importer: &str,
) -> rquickjs::Result<Value<'js>> {
    match resolve(ctx, specifier, dir, importer)? {
        Resolved::Builtin(name) => builtin_exports(ctx, &name),
        Resolved::Empty => Ok(Object::new(ctx.clone())?.into_value()),
        Resolved::File(path) => require_file(ctx, &path),
    }
}

fn resolve(
    ctx: &Ctx<'_>,
    specifier: &str,
    dir: &Path,
    importer: &str,
) -> rquickjs::Result<Resolved> {
    let st = state(ctx);
    let resolver = st.node_resolver();
    resolver
        .resolve(
            specifier,
            dir,
            Some(Path::new(importer)),
            importer,
            Kind::Require,
            |n| crate::loader::builtin_exists(&st, n),
        )
        // MODULE_NOT_FOUND also for built-ins nanojs lacks: libraries that
        // probe for an optional dependency catch exactly that code.
        .map_err(|e| throw_coded(ctx, "MODULE_NOT_FOUND", &e.to_string()))
}

/// What `require('node:x')` gives: the module's default export (each node:
/// module exports its CommonJS shape as default), else its namespace.
fn builtin_exports<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Value<'js>> {
    let ns = crate::loader::builtin_namespace_by_name(ctx, name)?;
    match ns.get::<_, Value>("default")? {
        v if v.is_undefined() => Ok(ns.into_value()),
        v => Ok(v),
    }
}

/// `require()` of a resolved file: cached exports, JSON, CommonJS or ESM.
pub(crate) fn require_file<'js>(ctx: &Ctx<'js>, path: &Path) -> rquickjs::Result<Value<'js>> {
    let key = path.to_string_lossy();
    let cache = cache(ctx)?;
    if let Some(module) = cache.get::<_, Option<Object>>(key.as_ref())? {
        return module.get("exports");
    }
    let format = state(ctx).node_resolver().format(path);
    match format {
        Format::Esm => require_esm(ctx, path),
        Format::Json => {
            let text = read(ctx, path)?;
            let value = ctx.json_parse(text).map_err(|e| {
                if let rquickjs::Error::Exception = e {
                    let ex = ctx.catch();
                    let msg = ex
                        .as_object()
                        .and_then(|o| o.get::<_, String>("message").ok())
                        .unwrap_or_default();
                    Exception::throw_syntax(ctx, &format!("{}: {msg}", path.display()))
                } else {
                    e
                }
            })?;
            let module = new_module(ctx, path)?;
            module.set("exports", value.clone())?;
            module.set("loaded", true)?;
            cache.set(key.as_ref(), module)?;
            Ok(value)
        }
        Format::CommonJs | Format::Detect => {
            let source = read(ctx, path)?;
            match run(ctx, path, source, format == Format::Detect)? {
                Some(exports) => Ok(exports),
                None => require_esm(ctx, path),
            }
        }
    }
}

fn read(ctx: &Ctx<'_>, path: &Path) -> rquickjs::Result<String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        throw_coded(
            ctx,
            "MODULE_NOT_FOUND",
            &format!("Cannot read module '{}': {e}", path.display()),
        )
    })?;
    Ok(text)
}

fn new_module<'js>(ctx: &Ctx<'js>, path: &Path) -> rquickjs::Result<Object<'js>> {
    let filename = path.to_string_lossy().into_owned();
    let dir = path
        .parent()
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_else(|| "/".into());
    let module = Object::new(ctx.clone())?;
    module.set("id", filename.as_str())?;
    module.set("path", dir.as_str())?;
    module.set("filename", filename.as_str())?;
    module.set("exports", Object::new(ctx.clone())?)?;
    module.set("loaded", false)?;
    module.set("children", rquickjs::Array::new(ctx.clone())?)?;
    module.set("paths", rquickjs::Array::new(ctx.clone())?)?;
    let require = make_require(ctx, path)?;
    module.set("require", require)?;
    Ok(module)
}

/// A `require` function for the module at `path` (a file, or for
/// `createRequire` any path whose folder is the base).
pub(crate) fn make_require<'js>(ctx: &Ctx<'js>, path: &Path) -> rquickjs::Result<Function<'js>> {
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let importer = path.to_string_lossy().into_owned();
    let (d1, i1) = (dir.clone(), importer.clone());
    let require = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, specifier: Value<'js>| -> rquickjs::Result<Value<'js>> {
            let specifier = specifier_arg(&ctx, specifier)?;
            require(&ctx, &specifier, &d1, &i1)
        },
    )?;
    let resolve_fn = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, specifier: Value<'js>| -> rquickjs::Result<String> {
            let specifier = specifier_arg(&ctx, specifier)?;
            Ok(match resolve(&ctx, &specifier, &dir, &importer)? {
                Resolved::Builtin(name) if specifier.starts_with("node:") => name,
                Resolved::Builtin(_) => specifier,
                Resolved::File(p) => p.to_string_lossy().into_owned(),
                Resolved::Empty => String::new(),
            })
        },
    )?;
    require.set("resolve", resolve_fn)?;
    require.set("cache", cache(ctx)?)?;
    require.set("main", Value::new_undefined(ctx.clone()))?;
    Ok(require)
}

fn specifier_arg<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> rquickjs::Result<String> {
    match v.as_string() {
        Some(s) if !s.to_string()?.is_empty() => s.to_string(),
        _ => Err(throw_coded(
            ctx,
            "ERR_INVALID_ARG_VALUE",
            "The argument 'id' must be a non-empty string",
        )),
    }
}

/// Runs CommonJS source as the module at `path` and returns its exports.
/// With `detect`, a source that does not compile as CommonJS but uses ES
/// syntax gives None: the caller loads it as an ES module (Node 22).
fn run<'js>(
    ctx: &Ctx<'js>,
    path: &Path,
    source: String,
    detect: bool,
) -> rquickjs::Result<Option<Value<'js>>> {
    if detect && has_esm_syntax(&source) {
        return Ok(None);
    }
    let url = file_url(path);
    let script = Script::of_file(ctx, &url, path, source, TsModuleKind::CommonJs)?;
    let source = script.code.as_str();
    let body = source
        .strip_prefix("#!")
        .map_or(source.to_string(), |rest| format!("//{rest}"));
    let wrapped =
        format!("(function (exports, require, module, __filename, __dirname) {{{body}\n}})");
    let mut opts = rquickjs::context::EvalOptions::default();
    opts.global = true;
    opts.strict = false;
    opts.filename = Some(url.clone());
    opts.promise = false;
    let compiled = ctx.eval_with_options::<Function, _>(wrapped, opts);
    let function = match compiled {
        Ok(f) => f,
        Err(rquickjs::Error::Exception) if detect => {
            let error = ctx.catch();
            let is_syntax = error
                .as_object()
                .and_then(|o| o.get::<_, String>("name").ok())
                .is_some_and(|n| n == "SyntaxError");
            if is_syntax {
                return Ok(None);
            }
            return Err(ctx.throw(error));
        }
        Err(e) => return Err(e),
    };
    script.record(ctx, &url);
    let module = new_module(ctx, path)?;
    let exports: Value = module.get("exports")?;
    let key = path.to_string_lossy();
    let cache = cache(ctx)?;
    cache.set(key.as_ref(), module.clone())?;
    let require: Function = module.get("require")?;
    let filename = path.to_string_lossy().into_owned();
    let dirname = path
        .parent()
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = function.call::<_, Value>((
        rquickjs::function::This(exports.clone()),
        exports,
        require,
        module.clone(),
        filename,
        dirname,
    ));
    if let Err(e) = result {
        let _ = cache.remove(key.as_ref());
        return Err(e);
    }
    module.set("loaded", true)?;
    Ok(Some(module.get("exports")?))
}

/// Whether `source` has an `import`/`export` statement at the start of a
/// line: the cheap test that spares an ES module a failed CommonJS compile.
/// Anything it misses is caught by that compile failing.
fn has_esm_syntax(source: &str) -> bool {
    source.contains("import.meta")
        || source.lines().any(|line| {
            let l = line.trim_start();
            let rest = match l.strip_prefix("import") {
                Some(r) => r,
                None => match l.strip_prefix("export") {
                    Some(r) => return r.starts_with([' ', '{', '*', '\t']),
                    None => return false,
                },
            };
            // `import(` is a dynamic import, valid in CommonJS too.
            rest.starts_with([' ', '{', '*', '\'', '"', '\t']) || rest.starts_with(".meta")
        })
}

/// `require()` of an ES module: loaded and evaluated now; its namespace.
fn require_esm<'js>(ctx: &Ctx<'js>, path: &Path) -> rquickjs::Result<Value<'js>> {
    let url = file_url(path);
    let promise: Promise = Module::import(ctx, url.as_str())?;
    // A graph without top-level await settles within its own jobs.
    for _ in 0..10_000 {
        if !matches!(promise.state(), PromiseState::Pending) {
            break;
        }
        if !ctx.execute_pending_job() {
            break;
        }
    }
    match promise.state() {
        PromiseState::Resolved => {
            let ns: Object = promise.result::<Object>().ok_or(rquickjs::Error::Unknown)??;
            // Node: an ES module can name what require() gives.
            match ns.get::<_, Value>("module.exports")? {
                v if v.is_undefined() => Ok(ns.into_value()),
                v => Ok(v),
            }
        }
        PromiseState::Rejected => {
            let reason = promise
                .result::<Value>()
                .and_then(|r| r.err())
                .map(|_| ctx.catch())
                .unwrap_or_else(|| Value::new_undefined(ctx.clone()));
            Err(ctx.throw(reason))
        }
        PromiseState::Pending => Err(throw_coded(
            ctx,
            "ERR_REQUIRE_ASYNC_MODULE",
            &format!(
                "require() cannot be used on an ES module that uses top-level await: {}; use import() instead",
                path.display()
            ),
        )),
    }
}

/// The ES module seen by `import` of a CommonJS file: runs it (or takes it
/// from the cache) and declares a facade named `name` with its exports.
/// None: the file is an ES module after all (detection).
pub(crate) fn facade<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    path: &Path,
    format: Format,
) -> rquickjs::Result<Option<Module<'js, Declared>>> {
    let key = path.to_string_lossy();
    let cached = cache(ctx)?.get::<_, Option<Object>>(key.as_ref())?;
    let exports = match cached {
        Some(module) => module.get::<_, Value>("exports")?,
        None => {
            let source = read(ctx, path)?;
            match run(ctx, path, source, format == Format::Detect)? {
                Some(exports) => exports,
                None => return Ok(None),
            }
        }
    };
    let mut names = Vec::new();
    if let Some(obj) = exports.as_object() {
        if !exports.is_function() || obj.keys::<String>().next().is_some() {
            for key in obj.keys::<String>() {
                let key = key?;
                if key != "default" && is_identifier(&key) {
                    names.push(key);
                }
            }
        }
    }
    let mut src = String::from("const __cjs = import.meta.cjs;\nexport default __cjs;\n");
    for (i, n) in names.iter().enumerate() {
        src.push_str(&format!("const __e{i} = __cjs[{n:?}];\n"));
    }
    if !names.is_empty() {
        src.push_str("export { ");
        for (i, n) in names.iter().enumerate() {
            src.push_str(&format!("__e{i} as {n}, "));
        }
        src.push_str("};\n");
    }
    let module = Module::declare(ctx.clone(), name, src)?;
    let meta = module.meta()?;
    meta.set("url", name)?;
    meta.set("cjs", exports)?;
    Ok(Some(module))
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c == '$' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c == '$' || c.is_alphanumeric())
}

fn file_url(path: &Path) -> String {
    Url::from_file_path(path)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| path.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esm_syntax_test() {
        assert!(has_esm_syntax("import x from 'y';"));
        assert!(has_esm_syntax("const a = 1;\n  export { a };"));
        assert!(has_esm_syntax("export default 1"));
        assert!(has_esm_syntax("console.log(import.meta.url)"));
        assert!(!has_esm_syntax("const m = import('x');"));
        assert!(!has_esm_syntax("module.exports = { importance: 1 };"));
        assert!(!has_esm_syntax(
            " * export default in a comment\nexports.a = 1"
        ));
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("foo$_1"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier("1a"));
        assert!(!is_identifier(""));
    }
}
