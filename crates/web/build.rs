//! Compiles the builtin JS modules in `js/` to QuickJS bytecode, so isolates
//! load them without parsing. `js/<name>.js` becomes module `nanojs:<name>`.

use std::fmt::Write as _;
use std::path::PathBuf;

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

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("js");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("js/ directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    files.sort();

    let rt = Runtime::new().unwrap();
    rt.set_loader(Stubs, Stubs);
    let mut table = String::from("pub static BYTECODE: &[(&str, &[u8])] = &[\n");
    for path in &files {
        // A fresh context per file, so stand-ins never shadow real modules.
        let ctx = Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            println!("cargo:rerun-if-changed={}", path.display());
            let stem = path.file_stem().unwrap().to_str().unwrap();
            let name = format!("nanojs:{stem}");
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
                    // Keep the build going so one broken builtin does not block
                    // the rest: the module throws the compile error when loaded.
                    println!("cargo:warning=cannot compile builtin {name}: {detail}");
                    let msg = format!("builtin {name} failed to compile: {detail}");
                    Module::declare(
                        ctx.clone(),
                        name.as_str(),
                        format!("throw new SyntaxError({msg:?});"),
                    )
                    .unwrap()
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
