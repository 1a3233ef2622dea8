//! First load of an app with a 300-module `node_modules` graph: a fresh
//! isolate (nothing cached: resolver, package.json reads, compilation)
//! resolving, reading, compiling and evaluating every module.
//!
//! Usage:
//!   module_graph gen <dir>        writes the app (entry.mjs + node_modules)
//!   module_graph run <dir> [n]    n first loads (default 30), p50/p99/max
//!   GC_THRESHOLD=<bytes>          the isolates' GC threshold (QuickJS's default if unset)
//!
//! The graph: 20 ES packages (package.json `exports` with conditions, 10
//! modules each, a chain of relative imports plus a shared `#internal`
//! import) and 10 CommonJS packages (`main`, 10 files each required in a
//! chain, JSON included); the entry imports all 30. 301 modules in all.
//! bench/module_graph.sh runs node, deno and bun on the same folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use nanojs_engine::{Isolate, IsolateOptions};

const ESM_PACKAGES: usize = 20;
const CJS_PACKAGES: usize = 10;
const FILES: usize = 10;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A module body of realistic size: a few functions and a table.
fn filler(tag: &str) -> String {
    let mut s = String::new();
    for i in 0..8 {
        s.push_str(&format!(
            "function f{i}_{tag}(a, b) {{ const o = {{ k: a, v: b, n: {i} }}; return Object.keys(o).length + (a | 0) + String(b).length; }}\n"
        ));
    }
    s.push_str(&format!(
        "const table_{tag} = [{}];\n",
        (0..32)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    s
}

fn generate(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    let nm = dir.join("node_modules");
    let mut entry = String::new();
    for p in 0..ESM_PACKAGES {
        let pkg = nm.join(format!("esm-{p}"));
        write(
            &pkg.join("package.json"),
            &format!(
                r##"{{"name":"esm-{p}","type":"module","exports":{{".":{{"worker":"./src/index.js","import":"./src/index.js","default":"./src/index.js"}},"./package.json":"./package.json"}},"imports":{{"#shared":"./src/shared.js"}}}}"##
            ),
        );
        write(
            &pkg.join("src/shared.js"),
            &format!("{}export const shared = table_s.length;\n", filler("s")),
        );
        for f in 0..FILES - 2 {
            let next = if f + 1 < FILES - 2 {
                format!("import {{ v{} }} from './m{}.js';\n", f + 1, f + 1)
            } else {
                String::new()
            };
            let uses = if f + 1 < FILES - 2 {
                format!(" + v{}", f + 1)
            } else {
                String::new()
            };
            write(
                &pkg.join(format!("src/m{f}.js")),
                &format!(
                    "{next}import {{ shared }} from '#shared';\n{}export const v{f} = shared + {f}{uses};\n",
                    filler(&format!("m{f}"))
                ),
            );
        }
        write(
            &pkg.join("src/index.js"),
            &format!(
                "import {{ v0 }} from './m0.js';\n{}export default function run() {{ return v0; }}\n",
                filler("i")
            ),
        );
        entry.push_str(&format!("import esm{p} from 'esm-{p}';\n"));
    }
    for p in 0..CJS_PACKAGES {
        let pkg = nm.join(format!("cjs-{p}"));
        write(
            &pkg.join("package.json"),
            &format!(r#"{{"name":"cjs-{p}","main":"lib/index.js"}}"#),
        );
        write(
            &pkg.join("lib/data.json"),
            r#"{"version":1,"items":[1,2,3]}"#,
        );
        for f in 0..FILES - 2 {
            let next = if f + 1 < FILES - 2 {
                format!("const next = require('./m{}');\n", f + 1)
            } else {
                "const next = { value: require('./data.json').items.length };\n".to_string()
            };
            write(
                &pkg.join(format!("lib/m{f}.js")),
                &format!(
                    "'use strict';\n{next}{}exports.value = next.value + {f};\n",
                    filler(&format!("c{f}"))
                ),
            );
        }
        write(
            &pkg.join("lib/index.js"),
            &format!(
                "'use strict';\nconst m0 = require('./m0');\n{}module.exports = {{ run: () => m0.value }};\n",
                filler("ci")
            ),
        );
        entry.push_str(&format!("import cjs{p} from 'cjs-{p}';\n"));
    }
    // The app's own package.json names its dependencies (deno resolves
    // bare specifiers from node_modules only for declared ones).
    let deps: Vec<String> = (0..ESM_PACKAGES)
        .map(|p| format!(r#""esm-{p}":"*""#))
        .chain((0..CJS_PACKAGES).map(|p| format!(r#""cjs-{p}":"*""#)))
        .collect();
    write(
        &dir.join("package.json"),
        &format!(
            r#"{{"name":"app","private":true,"dependencies":{{{}}}}}"#,
            deps.join(",")
        ),
    );
    entry.push_str("let total = 0;\n");
    for p in 0..ESM_PACKAGES {
        entry.push_str(&format!("total += esm{p}();\n"));
    }
    for p in 0..CJS_PACKAGES {
        entry.push_str(&format!("total += cjs{p}.run();\n"));
    }
    entry.push_str("export { total };\n");
    write(&dir.join("entry.mjs"), &entry);
}

fn run(dir: &Path, n: usize) {
    let builtins = nanojs_web::builtins();
    let entry = dir.join("entry.mjs");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut ms = Vec::with_capacity(n);
    let mut heap = 0;
    for _ in 0..n {
        let opts = IsolateOptions {
            module_root: dir.to_path_buf(),
            gc_threshold: std::env::var("GC_THRESHOLD")
                .ok()
                .and_then(|v| v.parse().ok()),
            ..IsolateOptions::default()
        };
        let t = Instant::now();
        let iso = Isolate::new(opts, builtins).unwrap();
        rt.block_on(iso.import_module(&entry))
            .unwrap_or_else(|e| panic!("{}", e.summary));
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        heap = iso.memory_used();
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "nanojs modules=301 loads={n} first_load_p50_ms={:.2} p99_ms={:.2} max_ms={:.2} heap_kb={:.0}",
        ms[n / 2],
        ms[(n * 99 / 100).min(n - 1)],
        ms[n - 1],
        heap as f64 / 1024.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => generate(&PathBuf::from(&args[1])),
        Some("run") => run(
            &std::fs::canonicalize(&args[1]).expect("run `module_graph gen <dir>` first"),
            args.get(2).and_then(|a| a.parse().ok()).unwrap_or(30),
        ),
        _ => eprintln!("usage: module_graph gen <dir> | module_graph run <dir> [n]"),
    }
}
