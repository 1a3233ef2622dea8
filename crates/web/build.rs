//! Compiles the builtin JS modules in `js/` to QuickJS bytecode, so isolates
//! load them without parsing. `js/<name>.js` becomes module `nanojs:<name>`,
//! `js/node/<path>.js` becomes `node:<path>`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::{Declared, WriteOptions};
use rquickjs::{Context, Ctx, Module, Runtime};

/// QuickJS loads a module's imports when it compiles it; at build time every
/// import gets an empty stand-in, since only this module's bytecode is kept.
struct Stubs;

impl Resolver for Stubs {
    fn resolve<'js>(
        &mut self,
        _: &Ctx<'js>,
        _: &str,
        name: &str,
        _: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        Ok(name.to_string())
    }
}

impl Loader for Stubs {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        Module::declare(ctx.clone(), name, "")
    }
}

/// Every `.js` file under `dir`, with the module name it is compiled as.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("js/ directory") {
        let path = entry.unwrap().path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|x| x != "js") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap().with_extension("");
        let rel = rel.to_str().unwrap().replace('\\', "/");
        let name = match rel.strip_prefix("node/") {
            Some(node) => format!("node:{node}"),
            None => format!("nanojs:{rel}"),
        };
        out.push((path, name));
    }
}

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("js");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=js");
    // `js/<name>.js` is `nanojs:<name>`; `js/node/<path>.js` is `node:<path>`
    // (so `js/node/assert/strict.js` is `node:assert/strict`).
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    collect(&dir, &dir, &mut files);
    files.sort();

    let rt = Runtime::new().unwrap();
    rt.set_loader(Stubs, Stubs);
    let mut table = String::from("pub static BYTECODE: &[(&str, &[u8])] = &[\n");
    for (path, name) in &files {
        // A fresh context per file, so stand-ins never shadow real modules.
        let ctx = Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            println!("cargo:rerun-if-changed={}", path.display());
            let stem = name.replace([':', '/'], "_");
            let source = std::fs::read_to_string(path).unwrap();
            let module = match Module::declare(ctx.clone(), name.as_str(), source) {
                Ok(m) => m,
                Err(e) => {
                    let detail = if let rquickjs::Error::Exception = e {
                        let ex = ctx.catch();
                        let o = ex.as_object().cloned();
                        let msg: String = o
                            .as_ref()
                            .and_then(|o| o.get("message").ok())
                            .unwrap_or_default();
                        let line: i32 = o
                            .as_ref()
                            .and_then(|o| o.get("lineNumber").ok())
                            .unwrap_or(0);
                        let col: i32 = o
                            .as_ref()
                            .and_then(|o| o.get("columnNumber").ok())
                            .unwrap_or(0);
                        format!("{msg} at {}:{line}:{col}", path.display())
                    } else {
                        e.to_string()
                    };
                    // A builtin that does not compile is a build error, not a
                    // surprise at run time.
                    panic!("cannot compile builtin {name}: {detail}");
                }
            };
            let bytes = module
                .write(WriteOptions {
                    strip_source: true,
                    ..Default::default()
                })
                .unwrap();
            let file = out.join(format!("{stem}.qjsbc"));
            std::fs::write(&file, bytes).unwrap();
            writeln!(
                table,
                "    ({name:?}, include_bytes!({:?})),",
                file.display().to_string()
            )
            .unwrap();
        });
    }
    table.push_str("];\n");
    std::fs::write(out.join("bytecode.rs"), table).unwrap();
}
