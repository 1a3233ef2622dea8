//! Module resolution and loading: `file:` URLs for user code (so that
//! `import.meta.url` and stack traces name real files), `nanojs:` and
//! `node:` for builtins. Specifiers resolve as in Node (`resolve.rs`); a
//! file loads by its format: ES module, JSON,
//! or CommonJS behind a facade (`commonjs.rs`).

use std::rc::Rc;

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use std::path::{Path, PathBuf};

use rquickjs::{Ctx, Exception, Module, Object};
use url::Url;

use crate::builtins::{Builtins, ModuleSource};
use crate::host::{state, HostState};
use crate::resolve::{Format, Kind, Resolved};
use crate::source_map::record_source;
use crate::typescript::{self, TsModuleKind};

pub(crate) struct ModuleResolver {
    pub builtins: &'static Builtins,
    /// Base for specifiers imported from code that has no file (eval, REPL).
    pub cwd: Url,
}

/// The module an empty `browser`-field mapping (`"./x": false`) stands for.
const EMPTY_MODULE: &str = "nanojs:empty";

impl Resolver for ModuleResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        if name.starts_with("nanojs:") {
            if !(self.builtins.contains(name) || dev_file(name).is_some())
                || (self.builtins.is_internal(name) && !is_builtin_name(base))
            {
                return Err(Exception::throw_type(
                    ctx,
                    &format!("Cannot find module '{name}' imported from {base}"),
                ));
            }
            return Ok(name.to_string());
        }
        if is_builtin_name(base) {
            // Builtins import builtins only (node:internal/… included).
            if name.starts_with("node:")
                && (self.builtins.contains(name) || dev_file(name).is_some())
            {
                return Ok(name.to_string());
            }
            return Err(Exception::throw_type(
                ctx,
                &format!("Cannot find module '{name}' imported from {base}"),
            ));
        }
        if let Ok(u) = Url::parse(name) {
            if !matches!(u.scheme(), "file" | "node") {
                return Err(Exception::throw_type(
                    ctx,
                    &format!("Cannot import '{name}' from {base}: only relative paths, packages, file:, node: and nanojs: modules can be imported, not {}:", u.scheme()),
                ));
            }
        }
        let base_url = Url::parse(base)
            .ok()
            .filter(|u| u.scheme() == "file")
            .unwrap_or_else(|| self.cwd.clone());
        let base_path = base_url.to_file_path().ok();
        // The importing file, unless the base is a folder (eval, REPL).
        let importer_file = base_path
            .as_deref()
            .filter(|_| !base_url.path().ends_with('/'));
        let from_dir = match (&base_path, importer_file) {
            (Some(_), Some(file)) => file.parent().map(Path::to_path_buf),
            (Some(dir), None) => Some(dir.clone()),
            (None, _) => None,
        }
        .unwrap_or_else(|| PathBuf::from("/"));
        let st = state(ctx);
        let importer = importer_location(&st, base, name);
        let resolved = st
            .node_resolver()
            .resolve(
                name,
                &from_dir,
                importer_file,
                &importer,
                Kind::Import,
                |n| builtin_exists(&st, n),
            )
            .map_err(|e| Exception::throw_type(ctx, &e.to_string()))?;
        Ok(match resolved {
            Resolved::Builtin(n) => n,
            Resolved::Empty => EMPTY_MODULE.to_string(),
            Resolved::File(p) => Url::from_file_path(&p)
                .map(|u| u.to_string())
                .map_err(|()| {
                    Exception::throw_type(
                        ctx,
                        &format!("Cannot import '{name}' from {base}: not a local file"),
                    )
                })?,
        })
    }
}

/// Where `importer` imports `specifier`, as `path:line:col` when the
/// specifier can be found in its recorded source (static imports are
/// resolved before any code runs, so there is no stack to tell).
fn importer_location(st: &HostState, importer: &str, specifier: &str) -> String {
    let shown = Url::parse(importer)
        .ok()
        .and_then(|u| u.to_file_path().ok())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| importer.to_string());
    let Some(source) = st.source_of(importer) else {
        return shown;
    };
    let at = [format!("'{specifier}'"), format!("\"{specifier}\"")]
        .iter()
        .filter_map(|quoted| source.find(quoted.as_str()))
        .min();
    match at {
        Some(offset) => {
            let before = &source[..offset];
            let line = before.matches('\n').count() + 1;
            let col = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("{shown}:{line}:{col}")
        }
        None => shown,
    }
}

/// Whether builtin `name` exists (registered, or in the dev directory).
pub(crate) fn builtin_exists(st: &HostState, name: &str) -> bool {
    st.builtins.contains(name) || dev_file(name).is_some()
}

/// The namespace of builtin `name` (`node:buffer`), for `require()`.
pub(crate) fn builtin_namespace_by_name<'js>(
    ctx: &Ctx<'js>,
    name: &str,
) -> rquickjs::Result<Object<'js>> {
    let specifier: &'static str = match state(ctx).builtins.specifier(name) {
        Some(s) => s,
        // Debug builds only: a module from the dev directory that the
        // binary does not know; its name lives as long as the process.
        None if dev_file(name).is_some() => Box::leak(name.to_string().into_boxed_str()),
        None => {
            return Err(Exception::throw_type(
                ctx,
                &format!("Cannot find module '{name}'"),
            ))
        }
    };
    crate::isolate::builtin_namespace(ctx, specifier)
}

pub(crate) struct ModuleLoader {
    pub builtins: &'static Builtins,
}

impl Loader for ModuleLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if let Some(source) = self.builtins.source(name) {
            return load_builtin(ctx, name, source);
        }
        #[cfg(debug_assertions)]
        if let Some(module) = dev_override(ctx, name)? {
            return Ok(module);
        }
        if name == EMPTY_MODULE {
            return Module::declare(ctx.clone(), name, "export default {};");
        }
        let url = Url::parse(name)
            .map_err(|_| Exception::throw_type(ctx, &format!("Cannot load module '{name}'")))?;
        let path = url.to_file_path().map_err(|_| {
            Exception::throw_type(
                ctx,
                &format!("Cannot load module '{name}': not a local file"),
            )
        })?;
        let is_json = attributes
            .and_then(|a| a.get_type().ok().flatten())
            .is_some_and(|t| t == "json");
        load_file(ctx, name, &path, is_json)
    }
}

/// Declares the module in file `path` (named `name`) by its format: an ES
/// module, JSON, or a CommonJS file behind a facade.
pub(crate) fn load_file<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    path: &Path,
    as_json: bool,
) -> rquickjs::Result<Module<'js, Declared>> {
    let format = state(ctx).node_resolver().format(path);
    if as_json || format == Format::Json {
        let text = read_module(ctx, path)?;
        // Validate here so a bad JSON file is a clear error at import.
        ctx.json_parse(text.as_str())?;
        return declare_source(ctx, name, format!("export default {text};"));
    }
    if format != Format::Esm {
        if let Some(module) = crate::commonjs::facade(ctx, name, path, format)? {
            return Ok(module);
        }
    }
    let text = read_module(ctx, path)?;
    let script = Script::of_file(ctx, name, path, text, TsModuleKind::Module)?;
    script.record(ctx, name);
    declare_recorded(ctx, name, &script.code)
}

fn read_module(ctx: &Ctx<'_>, path: &Path) -> rquickjs::Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "no such file".to_string()
        } else {
            e.to_string()
        };
        Exception::throw_type(
            ctx,
            &format!("Cannot find module '{}': {why}", path.display()),
        )
    })
}

/// A module's code to run, and what error reports show for it.
pub(crate) struct Script {
    pub code: String,
    /// The text reports show: the TypeScript source when types were only
    /// stripped (every position unchanged); None shows `code`.
    shown: Option<Rc<str>>,
    /// The source map from `code` to the TypeScript file, when transformed.
    map: Option<String>,
}

impl Script {
    /// The file's text as it is, or for TypeScript (by extension) the
    /// JavaScript for it; a TypeScript syntax error is thrown at its place.
    pub fn of_file(
        ctx: &Ctx<'_>,
        name: &str,
        path: &Path,
        text: String,
        kind: TsModuleKind,
    ) -> rquickjs::Result<Script> {
        if !typescript::needs_transpiling(path) {
            return Ok(Script {
                code: text,
                shown: None,
                map: None,
            });
        }
        let jsx_source = typescript::has_jsx(path)
            .then(|| state(ctx).node_resolver().jsx_import_source(path))
            .flatten();
        match typescript::transpile_with(path, &text, kind, jsx_source.as_deref()) {
            Ok(js) => Ok(Script {
                shown: js.source_map.is_none().then(|| Rc::from(text)),
                code: js.code,
                map: js.source_map,
            }),
            Err(e) => Err(e.throw(ctx, name, &text)),
        }
    }

    /// Records what reports show for module `name`.
    pub fn record(&self, ctx: &Ctx<'_>, name: &str) {
        let shown = self
            .shown
            .clone()
            .unwrap_or_else(|| Rc::from(self.code.as_str()));
        record_source(ctx, name, shown, self.map.clone());
    }
}

/// Declares a module from source, recording the source for error reports and
/// setting `import.meta.url`.
pub(crate) fn declare_source<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    source: String,
) -> rquickjs::Result<Module<'js, Declared>> {
    let source: Rc<str> = source.into();
    record_source(ctx, name, source.clone(), None);
    declare_recorded(ctx, name, &source)
}

/// Declares a module whose source is recorded already.
fn declare_recorded<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    source: &str,
) -> rquickjs::Result<Module<'js, Declared>> {
    let module = Module::declare(ctx.clone(), name, source.as_bytes())?;
    let meta = module.meta()?;
    meta.set("url", name)?;
    if let Ok(path) =
        Url::parse(name).and_then(|u| u.to_file_path().map_err(|_| url::ParseError::EmptyHost))
    {
        meta.set("filename", path.to_string_lossy().as_ref())?;
        if let Some(dir) = path.parent() {
            meta.set("dirname", dir.to_string_lossy().as_ref())?;
        }
    }
    Ok(module)
}

fn load_builtin<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    source: ModuleSource,
) -> rquickjs::Result<Module<'js, Declared>> {
    match source {
        ModuleSource::Bytecode(bytes) => {
            #[cfg(debug_assertions)]
            if let Some(module) = dev_override(ctx, name)? {
                return Ok(module);
            }
            // SAFETY: the bytecode was produced at build time by the same
            // QuickJS version this binary links (see the web crate's build
            // script).
            unsafe { Module::load(ctx.clone(), bytes) }
        }
        ModuleSource::Native(declare) => declare(ctx, name),
    }
}

/// Debug builds only: with `NANOJS_DEV_JS_DIR` set, builtin `nanojs:<name>`
/// is compiled from `<dir>/<name>.js` when that file exists, so builtin JS
/// can be iterated on without rebuilding the binary. Release builds always
/// use the bytecode compiled into them.
/// New modules in that directory load too, so a module added since the
/// binary was built can be tried at once.
#[cfg(debug_assertions)]
fn dev_override<'js>(
    ctx: &Ctx<'js>,
    name: &str,
) -> rquickjs::Result<Option<Module<'js, Declared>>> {
    match dev_file(name).map(std::fs::read_to_string) {
        Some(Ok(source)) => Module::declare(ctx.clone(), name, source).map(Some),
        _ => Ok(None),
    }
}

/// The development source file of builtin `name`, if the override is on
/// and the file exists.
fn dev_file(name: &str) -> Option<std::path::PathBuf> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let dir = std::env::var_os("NANOJS_DEV_JS_DIR")?;
    let (sub, stem) = match name.strip_prefix("node:") {
        Some(stem) => ("node", stem),
        None => ("", name.strip_prefix("nanojs:")?),
    };
    // Builtin names only: no way out of the directory.
    if stem.split('/').any(|part| part.is_empty() || part == "..") || stem.contains('\\') {
        return None;
    }
    let path = std::path::Path::new(&dir)
        .join(sub)
        .join(format!("{stem}.js"));
    path.is_file().then_some(path)
}

/// Whether `name` is a builtin module (`nanojs:` or `node:`), the only ones
/// that may import internal modules.
pub(crate) fn is_builtin_name(name: &str) -> bool {
    name.starts_with("nanojs:") || name.starts_with("node:")
}
