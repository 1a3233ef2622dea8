//! Node-style resolution of module specifiers: relative paths, `node:` and
//! bare builtin names, and packages from `node_modules` with `package.json`
//! `exports`/`imports`, on `oxc_resolver` (the enhanced-resolve port that
//! rspack and oxc use) instead of a home-made walk.
//!
//! Two rules are ours:
//! - **Confinement.** Resolution sees the file system through [`ConfinedFs`],
//!   which answers "not found" for anything outside the app's root, so the
//!   walk up through `node_modules` folders stops at the root and a symlink
//!   (pnpm layout) is followed only while its real path stays inside.
//! - **Conditions** are those of Workers bundlers (wrangler/esbuild):
//!   `workerd`, `worker`, `browser`, then `import` (or `require`), `module`,
//!   `default`. An app here is a Workers app, so a package's edge/browser build
//!   is the one that runs without Node's built-ins; `module` picks the ESM
//!   build where a package offers one. Main fields follow the same logic:
//!   `module`, then `main` for imports; `main` for `require`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use oxc_resolver::{
    FileMetadata, FileSystem, FileSystemOs, ResolveOptions, ResolverGeneric, TsconfigDiscovery,
};

/// How a specifier is being loaded: `import` or `require()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Import,
    Require,
}

/// What a specifier resolved to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A builtin module, by its registered name (`node:buffer`, `nanojs:url`).
    Builtin(String),
    /// A file inside the root (its real path).
    File(PathBuf),
    /// A module a package's `browser` field maps to `false`: an empty module.
    Empty,
}

/// A module's format, from its extension and the nearest `package.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Esm,
    CommonJs,
    /// A `.js`/`.ts` file whose package does not say: its syntax decides
    /// (Node 22's detection).
    Detect,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ResolveError {
    #[error("Cannot find {what} '{specifier}' imported from {importer}{searched}")]
    NotFound {
        what: &'static str,
        specifier: String,
        importer: String,
        searched: String,
    },
    #[error(
        "Cannot import '{specifier}' from {importer}: {name} is not available in nanojs: {advice}"
    )]
    Unavailable {
        specifier: String,
        importer: String,
        name: String,
        advice: &'static str,
    },
    #[error("Cannot import '{specifier}' from {importer}: {detail}")]
    Invalid {
        specifier: String,
        importer: String,
        detail: String,
    },
}

/// Node's built-in modules that nanojs does not offer, with what to use.
const UNAVAILABLE: &[(&str, &str)] = &[
    ("fs", "apps have no file system; bundle assets into the app, or keep state in a KV binding or behind fetch()"),
    ("fs/promises", "apps have no file system; bundle assets into the app, or keep state in a KV binding or behind fetch()"),
    ("net", "use fetch() for outbound connections"),
    ("tls", "use fetch() with an https: URL"),
    ("dgram", "use fetch() for outbound traffic"),
    ("dns", "use fetch(); names are resolved under the app's outbound policy"),
    ("dns/promises", "use fetch(); names are resolved under the app's outbound policy"),
    ("http", "serve requests from the app's fetch handler and make them with fetch()"),
    ("https", "serve requests from the app's fetch handler and make them with fetch()"),
    ("http2", "serve requests from the app's fetch handler and make them with fetch()"),
    ("child_process", "apps run in an isolate and cannot start processes"),
    ("cluster", "nanojs runs one worker thread per core and places apps itself"),
    ("worker_threads", "apps run in one isolate; use async code"),
    ("vm", "apps run in one isolate and cannot create contexts"),
    ("v8", "nanojs runs on QuickJS, not V8"),
    ("inspector", "there is no inspector protocol"),
    ("repl", "use `nanojs repl`"),
    ("readline", "apps have no terminal"),
    ("readline/promises", "apps have no terminal"),
    ("tty", "apps have no terminal"),
    ("os", "apps do not see the host machine"),
    ("wasi", "WebAssembly is not available yet"),
    ("constants", "it is deprecated in Node; read the constants from the module that defines them (zlib.constants, crypto.constants)"),
    ("domain", "it is deprecated in Node; use AsyncLocalStorage from node:async_hooks, and try/catch or promise rejections for errors"),
    ("trace_events", "there is no trace event recorder; publish on node:diagnostics_channel instead"),
];

/// Node's built-in names (without `node:`) and, for those nanojs does not
/// offer, what to use instead; for the embedder's tests (each name must be a
/// registered `node:` module or have advice).
pub fn node_builtins() -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
    NODE_BUILTINS.iter().map(|name| {
        let advice = UNAVAILABLE.iter().find(|(n, _)| n == name).map(|(_, a)| *a);
        (*name, advice)
    })
}

/// All of Node's built-in names (without `node:`), offered or not: a bare
/// specifier with one of these names never reaches `node_modules`, as in Node.
const NODE_BUILTINS: &[&str] = &[
    "assert",
    "assert/strict",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "dns/promises",
    "domain",
    "events",
    "fs",
    "fs/promises",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "path/posix",
    "path/win32",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "readline/promises",
    "repl",
    "stream",
    "stream/consumers",
    "stream/promises",
    "stream/web",
    "string_decoder",
    "sys",
    "timers",
    "timers/promises",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "util/types",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// Resolution for one isolate: the root it is confined to, two resolvers
/// (import and require conditions) sharing one cache, and the `type` of each
/// package folder seen.
pub(crate) struct NodeResolver {
    root: PathBuf,
    import: ResolverGeneric<ConfinedFs>,
    require: ResolverGeneric<ConfinedFs>,
    package_types: RefCell<HashMap<PathBuf, Option<bool>>>,
}

impl NodeResolver {
    /// `root`: nothing outside it is ever read (`/` for scripts).
    pub fn new(root: &Path) -> Self {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let conditions = |last: &str| {
            ["workerd", "worker", "browser", last, "module", "default"]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        };
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let base = ResolveOptions {
            extensions: strings(&[
                ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", ".json",
            ]),
            // TypeScript's convention: `import './x.js'` means x.ts when
            // only the TypeScript source is there.
            extension_alias: vec![
                (".js".into(), strings(&[".js", ".ts", ".tsx"])),
                (".mjs".into(), strings(&[".mjs", ".mts"])),
                (".cjs".into(), strings(&[".cjs", ".cts"])),
            ],
            main_files: strings(&["index"]),
            alias_fields: vec![vec!["browser".into()]],
            symlinks: true,
            // The nearest tsconfig.json that owns the importer gives
            // `paths`/`baseUrl` aliases, as tsc, esbuild and wrangler apply
            // them (never inside node_modules).
            tsconfig: Some(TsconfigDiscovery::Auto),
            ..ResolveOptions::default()
        };
        let import_opts = ResolveOptions {
            condition_names: conditions("import"),
            main_fields: strings(&["browser", "module", "main"]),
            ..base.clone()
        };
        let require_opts = ResolveOptions {
            condition_names: conditions("require"),
            main_fields: strings(&["browser", "main"]),
            ..base
        };
        let import = ResolverGeneric::new_with_file_system(
            ConfinedFs {
                root: root.clone(),
                os: FileSystemOs::new(),
            },
            import_opts,
        );
        let require = import.clone_with_options(require_opts);
        Self {
            root,
            import,
            require,
            package_types: RefCell::new(HashMap::new()),
        }
    }

    /// `compilerOptions.jsxImportSource` of the tsconfig.json that owns
    /// `path`, if any (for `.tsx`: where `jsx()` is imported from).
    pub fn jsx_import_source(&self, path: &Path) -> Option<String> {
        let tsconfig = self.import.find_tsconfig(path).ok()??;
        tsconfig.compiler_options.jsx_import_source.clone()
    }

    /// Resolves `specifier` imported from a module in `from_dir`: the file
    /// `importer_file` when the importer is one (its tsconfig.json `paths`
    /// then apply). `is_builtin` says whether a `node:` name is a module
    /// nanojs has.
    pub fn resolve(
        &self,
        specifier: &str,
        from_dir: &Path,
        importer_file: Option<&Path>,
        importer: &str,
        kind: Kind,
        is_builtin: impl Fn(&str) -> bool,
    ) -> Result<Resolved, ResolveError> {
        if let Some(name) = builtin_name(specifier) {
            let full = format!("node:{name}");
            if is_builtin(&full) {
                return Ok(Resolved::Builtin(full));
            }
            if let Some((_, advice)) = UNAVAILABLE.iter().find(|(n, _)| *n == name) {
                return Err(ResolveError::Unavailable {
                    specifier: specifier.into(),
                    importer: importer.into(),
                    name: full,
                    advice,
                });
            }
            // Every name in NODE_BUILTINS is either a module the embedder
            // registers or listed in UNAVAILABLE (a test in crates/cli checks
            // it); an embedder without some module lands here.
            return Err(ResolveError::Unavailable {
                specifier: specifier.into(),
                importer: importer.into(),
                name: full,
                advice: "this embedding does not include it (docs/node-compat.md lists the node: modules)",
            });
        }
        let resolver = match kind {
            Kind::Import => &self.import,
            Kind::Require => &self.require,
        };
        // file: URLs are paths too.
        let path_spec;
        let spec = match specifier.strip_prefix("file://") {
            Some(_) => {
                path_spec = url::Url::parse(specifier)
                    .ok()
                    .and_then(|u| u.to_file_path().ok())
                    .ok_or_else(|| ResolveError::Invalid {
                        specifier: specifier.into(),
                        importer: importer.into(),
                        detail: "not a valid file: URL".into(),
                    })?;
                path_spec.to_str().unwrap_or(specifier)
            }
            None => specifier,
        };
        let resolved = match importer_file {
            Some(file) => resolver.resolve_file(file, spec),
            None => resolver.resolve(from_dir, spec),
        };
        match resolved {
            Ok(resolution) => {
                let path = resolution.into_path_buf();
                if !path.starts_with(&self.root) {
                    return Err(self.not_found(specifier, from_dir, importer));
                }
                Ok(Resolved::File(path))
            }
            Err(oxc_resolver::ResolveError::Ignored(_)) => Ok(Resolved::Empty),
            Err(oxc_resolver::ResolveError::NotFound(_))
            | Err(oxc_resolver::ResolveError::IOError(_)) => {
                Err(self.not_found(specifier, from_dir, importer))
            }
            Err(e) => Err(ResolveError::Invalid {
                specifier: specifier.into(),
                importer: importer.into(),
                detail: e.to_string(),
            }),
        }
    }

    fn not_found(&self, specifier: &str, from_dir: &Path, importer: &str) -> ResolveError {
        if is_path_like(specifier) {
            return ResolveError::NotFound {
                what: "module",
                specifier: specifier.into(),
                importer: importer.into(),
                searched: String::new(),
            };
        }
        // A package: say where it was looked for.
        let mut searched = String::from("; looked in");
        let mut dir = Some(from_dir);
        while let Some(d) = dir {
            if !d.starts_with(&self.root) {
                break;
            }
            if d.file_name().is_some_and(|n| n != "node_modules") || d == self.root {
                searched.push_str(&format!(" {},", d.join("node_modules").display()));
            }
            dir = d.parent();
        }
        searched.pop();
        searched.push_str(" (run `npm install` in the app folder?)");
        ResolveError::NotFound {
            what: "package",
            specifier: specifier.into(),
            importer: importer.into(),
            searched,
        }
    }

    /// The format of the module at `path`.
    pub fn format(&self, path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
            "mjs" | "mts" => Format::Esm,
            "cjs" | "cts" => Format::CommonJs,
            "json" => Format::Json,
            _ => match self.package_is_module(path.parent().unwrap_or(&self.root)) {
                Some(true) => Format::Esm,
                // `"type": "commonjs"` or no type: Node 22 detects ES
                // syntax in both cases for `.js` reached as a bundler would
                // (a `module` field pointing at ESM under a CommonJS package).
                _ => Format::Detect,
            },
        }
    }

    /// The nearest `package.json`'s `"type"`: Some(true) for "module",
    /// Some(false) for anything else, None when there is none up to the root.
    fn package_is_module(&self, dir: &Path) -> Option<bool> {
        if let Some(v) = self.package_types.borrow().get(dir) {
            return *v;
        }
        let pj = dir.join("package.json");
        let v = match std::fs::read_to_string(&pj) {
            Ok(text) => Some(package_type_is_module(&text)),
            Err(_) => match dir.parent() {
                Some(p) if dir != self.root && p.starts_with(&self.root) => {
                    self.package_is_module(p)
                }
                _ => None,
            },
        };
        self.package_types.borrow_mut().insert(dir.to_path_buf(), v);
        v
    }
}

/// Whether a package.json text says `"type": "module"`.
fn package_type_is_module(text: &str) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    map.get("type").and_then(|t| t.as_str()) == Some("module")
}

/// `node:x` or a bare Node built-in name: the name without `node:`.
pub(crate) fn builtin_name(specifier: &str) -> Option<&str> {
    if let Some(name) = specifier.strip_prefix("node:") {
        return Some(name);
    }
    NODE_BUILTINS.contains(&specifier).then_some(specifier)
}

fn is_path_like(specifier: &str) -> bool {
    specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier.starts_with('/')
        || specifier == "."
        || specifier == ".."
        || specifier.starts_with("file:")
}

/// The OS file system, seen only below `root`: everything else is "not
/// found", so no resolution step (walking up, following a symlink, reading
/// a package.json) can read outside the app.
pub(crate) struct ConfinedFs {
    root: PathBuf,
    os: FileSystemOs,
}

impl ConfinedFs {
    fn check(&self, path: &Path) -> std::io::Result<()> {
        let inside = normalize(path).starts_with(&self.root);
        if inside {
            Ok(())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "outside the app folder",
            ))
        }
    }
}

/// `path` with `.` and `..` folded (lexically; symlinks are checked on the
/// canonical path separately).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl FileSystem for ConfinedFs {
    fn new() -> Self {
        Self {
            root: PathBuf::from("/"),
            os: FileSystemOs::new(),
        }
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.check(path)?;
        self.check(&self.os.canonicalize(path)?)?;
        self.os.read(path)
    }

    fn read_to_string(&self, path: &Path) -> std::io::Result<String> {
        self.check(path)?;
        self.check(&self.os.canonicalize(path)?)?;
        self.os.read_to_string(path)
    }

    fn metadata(&self, path: &Path) -> std::io::Result<FileMetadata> {
        self.check(path)?;
        let meta = self.os.metadata(path)?;
        if self.os.symlink_metadata(path)?.is_symlink() {
            self.check(&self.os.canonicalize(path)?)?;
        }
        Ok(meta)
    }

    fn symlink_metadata(&self, path: &Path) -> std::io::Result<FileMetadata> {
        self.check(path)?;
        self.os.symlink_metadata(path)
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, oxc_resolver::ResolveError> {
        self.check(path)?;
        let target = self.os.read_link(path)?;
        let absolute = match path.parent() {
            Some(dir) if target.is_relative() => dir.join(&target),
            _ => target.clone(),
        };
        self.check(&absolute)?;
        Ok(target)
    }

    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        self.check(path)?;
        let real = self.os.canonicalize(path)?;
        self.check(&real)?;
        Ok(real)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("nanojs-resolve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, body) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        std::fs::canonicalize(&dir).unwrap()
    }

    fn file(r: Result<Resolved, ResolveError>) -> PathBuf {
        match r {
            Ok(Resolved::File(p)) => p,
            other => panic!("not a file: {other:?}"),
        }
    }

    fn resolve(
        r: &NodeResolver,
        spec: &str,
        from: &Path,
        kind: Kind,
    ) -> Result<Resolved, ResolveError> {
        r.resolve(spec, from, None, "test", kind, |n| n == "node:buffer")
    }

    #[test]
    fn exports_conditions_pick_the_worker_build_and_require_build() {
        let root = tree(
            "cond",
            &[
                (
                    "node_modules/p/package.json",
                    r#"{"name":"p","exports":{".":{"node":"./node.js","workerd":{"import":"./w.mjs","require":"./w.cjs"},"default":"./d.js"},"./sub/*":"./lib/*.js","./package.json":"./package.json"}}"#,
                ),
                ("node_modules/p/w.mjs", ""),
                ("node_modules/p/w.cjs", ""),
                ("node_modules/p/lib/a.js", ""),
                ("src/x.js", ""),
            ],
        );
        let r = NodeResolver::new(&root);
        let src = root.join("src");
        assert_eq!(
            file(resolve(&r, "p", &src, Kind::Import)),
            root.join("node_modules/p/w.mjs")
        );
        assert_eq!(
            file(resolve(&r, "p", &src, Kind::Require)),
            root.join("node_modules/p/w.cjs")
        );
        assert_eq!(
            file(resolve(&r, "p/sub/a", &src, Kind::Import)),
            root.join("node_modules/p/lib/a.js")
        );
        // Not exported: not reachable.
        assert!(resolve(&r, "p/lib/a.js", &src, Kind::Import).is_err());
    }

    #[test]
    fn scoped_main_module_index_and_imports() {
        let root = tree(
            "main",
            &[
                (
                    "node_modules/@s/m/package.json",
                    r#"{"module":"esm/i.js","main":"cjs/i.js"}"#,
                ),
                ("node_modules/@s/m/esm/i.js", ""),
                ("node_modules/@s/m/cjs/i.js", ""),
                ("node_modules/plain/index.js", ""),
                // `browser` as a string replaces `main` (debug, and many
                // packages with a Node-only main), as in wrangler/esbuild.
                (
                    "node_modules/brow/package.json",
                    r#"{"main":"node.js","browser":"browser.js"}"#,
                ),
                ("node_modules/brow/browser.js", ""),
                ("node_modules/brow/node.js", ""),
                (
                    "package.json",
                    r##"{"name":"app","type":"module","imports":{"#lib/*":"./lib/*.js"},"exports":"./main.js"}"##,
                ),
                ("lib/util.js", ""),
                ("main.js", ""),
                ("ts/a.ts", ""),
            ],
        );
        let r = NodeResolver::new(&root);
        assert_eq!(
            file(resolve(&r, "@s/m", &root, Kind::Import)),
            root.join("node_modules/@s/m/esm/i.js")
        );
        assert_eq!(
            file(resolve(&r, "@s/m", &root, Kind::Require)),
            root.join("node_modules/@s/m/cjs/i.js")
        );
        assert_eq!(
            file(resolve(&r, "plain", &root, Kind::Import)),
            root.join("node_modules/plain/index.js")
        );
        for kind in [Kind::Import, Kind::Require] {
            assert_eq!(
                file(resolve(&r, "brow", &root, kind)),
                root.join("node_modules/brow/browser.js")
            );
        }
        assert_eq!(
            file(resolve(&r, "#lib/util", &root, Kind::Import)),
            root.join("lib/util.js")
        );
        // Self-reference through the package's own name.
        assert_eq!(
            file(resolve(&r, "app", &root, Kind::Import)),
            root.join("main.js")
        );
        // TypeScript's `.js` for a `.ts` source.
        assert_eq!(
            file(resolve(&r, "./ts/a.js", &root, Kind::Import)),
            root.join("ts/a.ts")
        );
        assert_eq!(r.format(&root.join("main.js")), Format::Esm);
        assert_eq!(
            r.format(&root.join("node_modules/plain/index.js")),
            Format::Esm
        );
    }

    #[test]
    fn confined_to_the_root() {
        let outer = tree(
            "confine",
            &[
                ("node_modules/leak/index.js", ""),
                ("secret.js", ""),
                ("app/index.js", ""),
            ],
        );
        let root = outer.join("app");
        let r = NodeResolver::new(&root);
        // No walking up past the root, no relative escape.
        let err = resolve(&r, "leak", &root, Kind::Import)
            .unwrap_err()
            .to_string();
        assert!(err.contains("Cannot find package 'leak'"), "{err}");
        assert!(
            err.contains(&root.join("node_modules").display().to_string()),
            "{err}"
        );
        assert!(resolve(&r, "../secret.js", &root, Kind::Import).is_err());
        // A symlink out of the root is not followed.
        std::fs::create_dir_all(root.join("node_modules")).unwrap();
        std::os::unix::fs::symlink(
            outer.join("node_modules/leak"),
            root.join("node_modules/leak"),
        )
        .unwrap();
        assert!(resolve(&r, "leak", &root, Kind::Import).is_err());
    }

    #[test]
    fn symlinked_packages_resolve_to_their_real_path_inside() {
        let root = tree(
            "pnpm",
            &[("node_modules/.pnpm/q@1/node_modules/q/index.js", "")],
        );
        std::os::unix::fs::symlink(
            root.join("node_modules/.pnpm/q@1/node_modules/q"),
            root.join("node_modules/q"),
        )
        .unwrap();
        let r = NodeResolver::new(&root);
        assert_eq!(
            file(resolve(&r, "q", &root, Kind::Import)),
            root.join("node_modules/.pnpm/q@1/node_modules/q/index.js")
        );
    }

    #[test]
    fn builtins_and_unavailable_modules() {
        let root = tree("builtin", &[("x.js", "")]);
        let r = NodeResolver::new(&root);
        assert_eq!(
            resolve(&r, "buffer", &root, Kind::Import).unwrap(),
            Resolved::Builtin("node:buffer".into())
        );
        assert_eq!(
            resolve(&r, "node:buffer", &root, Kind::Require).unwrap(),
            Resolved::Builtin("node:buffer".into())
        );
        let err = resolve(&r, "fs", &root, Kind::Import)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("node:fs is not available in nanojs: apps have no file system"),
            "{err}"
        );
    }

    #[test]
    fn browser_false_is_an_empty_module() {
        let root = tree(
            "browserfalse",
            &[
                (
                    "node_modules/b/package.json",
                    r#"{"main":"index.js","browser":{"./node.js":false}}"#,
                ),
                ("node_modules/b/index.js", ""),
                ("node_modules/b/node.js", ""),
            ],
        );
        let r = NodeResolver::new(&root);
        let dir = root.join("node_modules/b");
        assert_eq!(
            resolve(&r, "./node.js", &dir, Kind::Require).unwrap(),
            Resolved::Empty
        );
    }
}
