//! Module resolution and loading: `file:` URLs for user code (so that
//! `import.meta.url` and stack traces name real files), `nanojs:` for builtins.

use std::rc::Rc;

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Exception, Module};
use url::Url;

use crate::builtins::{Builtins, ModuleSource};
use crate::host::state;

pub(crate) struct ModuleResolver {
    pub builtins: &'static Builtins,
    /// Base for specifiers imported from code that has no file (eval, REPL).
    pub cwd: Url,
}

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
                || (self.builtins.is_internal(name) && !base.starts_with("nanojs:"))
            {
                return Err(Exception::throw_type(
                    ctx,
                    &format!("Cannot find module '{name}' imported from {base}"),
                ));
            }
            return Ok(name.to_string());
        }
        let relative = name.starts_with("./") || name.starts_with("../") || name.starts_with('/');
        let base_url = Url::parse(base)
            .ok()
            .filter(|u| u.scheme() == "file")
            .unwrap_or_else(|| self.cwd.clone());
        let resolved = if relative {
            base_url.join(name).ok()
        } else {
            Url::parse(name).ok()
        };
        match resolved {
            Some(u) if u.scheme() == "file" => {
                // Checked here, where the importer is known, for a clear message.
                match u.to_file_path() {
                    Ok(p) if p.is_file() => Ok(u.to_string()),
                    Ok(p) => Err(Exception::throw_type(
                        ctx,
                        &format!("Cannot find module '{}' imported from {base}", p.display()),
                    )),
                    Err(()) => Err(Exception::throw_type(ctx, &format!("Cannot import '{name}' from {base}: not a local file"))),
                }
            }
            Some(u) => Err(Exception::throw_type(
                ctx,
                &format!("Cannot import '{name}' from {base}: only file: and nanojs: modules can be imported, not {}:", u.scheme()),
            )),
            None => Err(Exception::throw_type(
                ctx,
                &format!(
                    "Cannot find module '{name}' imported from {base}: bare specifiers are not supported; use a relative path such as './{name}.js'"
                ),
            )),
        }
    }
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
        let url = Url::parse(name)
            .map_err(|_| Exception::throw_type(ctx, &format!("Cannot load module '{name}'")))?;
        let path = url.to_file_path().map_err(|_| {
            Exception::throw_type(
                ctx,
                &format!("Cannot load module '{name}': not a local file"),
            )
        })?;
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "no such file".to_string()
            } else {
                e.to_string()
            };
            Exception::throw_type(
                ctx,
                &format!("Cannot find module '{}': {why}", path.display()),
            )
        })?;
        let is_json = attributes
            .and_then(|a| a.get_type().ok().flatten())
            .is_some_and(|t| t == "json");
        let module_src = if is_json {
            // Validate here so a bad JSON file is a clear error at import.
            ctx.json_parse(text.as_str())?;
            format!("export default {text};")
        } else {
            text
        };
        declare_source(ctx, name, module_src)
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
    state(ctx)
        .sources
        .borrow_mut()
        .insert(name.to_string(), source.clone());
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
    let stem = name.strip_prefix("nanojs:")?;
    // Builtin names only: no way out of the directory.
    if stem.split('/').any(|part| part.is_empty() || part == "..") || stem.contains('\\') {
        return None;
    }
    let path = std::path::Path::new(&dir).join(format!("{stem}.js"));
    path.is_file().then_some(path)
}
