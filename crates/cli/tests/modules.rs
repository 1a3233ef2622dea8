//! Real apps' module graphs: packages from node_modules (exports, imports,
//! conditions, main fields), CommonJS both ways, require(esm), node: builtins,
//! confinement to the app folder, and the errors a user sees.

mod serve_support;

use std::process::Command;

use serve_support::{Project, Serve};

fn run(p: &Project, file: &str) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_nanojs"))
        .arg("run")
        .arg(p.path(file))
        .env("NANOJS_TEST_VAR", "from-host")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// A package tree as npm leaves it, exercising each resolution rule.
fn packages(p: &Project) {
    p.write(
        "node_modules/cj/package.json",
        r#"{"name":"cj","main":"lib/index.js"}"#,
    )
    .write(
        "node_modules/cj/lib/index.js",
        "const h = require('./helper');\nconst again = require('./helper.js');\nexports.add = (a, b) => a + b;\nexports.same = h === again;\nexports.where = __filename.slice(__dirname.length) + ' ' + module.id.endsWith('index.js');\nexports.pkg = require('../package.json').name;\nexports['not-an-id'] = 1;\n",
    )
    .write("node_modules/cj/lib/helper.js", "module.exports = { name: 'helper' };\n")
    .write(
        "node_modules/dual/package.json",
        r#"{"name":"dual","exports":{".":{"node":"./node.js","workerd":{"import":"./w.mjs","require":"./w.cjs"},"default":"./d.js"},"./feature":"./f.mjs","./internal/*":null}}"#,
    )
    .write("node_modules/dual/w.mjs", "export const build = 'workerd-esm';\n")
    .write("node_modules/dual/w.cjs", "exports.build = 'workerd-cjs';\n")
    .write("node_modules/dual/f.mjs", "export default 'feature';\n")
    .write("node_modules/dual/node.js", "throw new Error('the node build must not load');\n")
    .write(
        "node_modules/@scope/mod/package.json",
        r#"{"name":"@scope/mod","module":"esm/index.js","main":"cjs/index.js"}"#,
    )
    .write("node_modules/@scope/mod/esm/index.js", "export const from = 'module field';\n")
    .write("node_modules/@scope/mod/cjs/index.js", "exports.from = 'main field';\n")
    .write(
        "node_modules/cycle/package.json",
        r#"{"name":"cycle"}"#,
    )
    .write("node_modules/cycle/index.js", "exports.a = 1;\nconst b = require('./b');\nexports.fromB = b.seen;\n")
    .write("node_modules/cycle/b.js", "const a = require('./index');\nexports.seen = a.a;\n")
    .write(
        "package.json",
        r##"{"name":"app","type":"module","imports":{"#lib/*":"./lib/*.js"}}"##,
    )
    .write("lib/util.js", "export const util = 'internal import';\n")
    .write("esm-only.mjs", "export const value = 42;\nexport default 'esm default';\n");
}

#[test]
fn a_script_imports_packages_commonjs_and_builtins() {
    let p = Project::new("modules-run");
    packages(&p);
    p.write(
        "main.mjs",
        r#"
import cj, { add, same, where, pkg } from 'cj';
import * as cjns from 'cj';
import { build } from 'dual';
import feature from 'dual/feature';
import { from } from '@scope/mod';
import { util } from '#lib/util';
import cycle from 'cycle';
import { createRequire } from 'node:module';
import proc from 'process';
const require = createRequire(import.meta.url);
console.log(add(2, 3), same, where, pkg, cj['not-an-id'], Object.keys(cjns).join());
console.log(build, require('dual').build, feature, from, require('@scope/mod').from, util);
console.log(JSON.stringify(cycle));
const esm = require('./esm-only.mjs');
console.log(esm.value, esm.default, require.resolve('cj').endsWith('/node_modules/cj/lib/index.js'));
console.log(proc === process, process.env.NANOJS_TEST_VAR, typeof process.nextTick);
for (const spec of ['dual/internal/x', 'nope', 'fs', './missing.js']) {
  try { await import(spec); console.log('imported', spec); } catch (e) { console.log(e.message.split(' (run')[0].replace(/\/[^ ]*modules-run[^ ,:]*/g, '<dir>')); }
}
try { require('fs'); } catch (e) { console.log(e.code); }
"#,
    );
    let (out, err, code) = run(&p, "main.mjs");
    assert_eq!(code, Some(0), "stdout:\n{out}\nstderr:\n{err}");
    let lines: Vec<&str> = out.lines().collect();
    // The default is module.exports itself; named exports are its identifier keys.
    assert_eq!(
        lines[0], "5 true /index.js true cj 1 add,default,pkg,same,where",
        "{out}"
    );
    assert_eq!(
        lines[1], "workerd-esm workerd-cjs feature module field main field internal import",
        "{out}"
    );
    assert_eq!(lines[2], r#"{"a":1,"fromB":1}"#, "{out}");
    assert_eq!(lines[3], "42 esm default true", "{out}");
    assert_eq!(lines[4], "true from-host function", "{out}");
    assert!(lines[5].contains("dual/internal/x"), "{out}");
    assert!(
        lines[6].starts_with("Cannot find package 'nope' imported from <dir>:18:")
            && lines[6].contains("; looked in <dir>"),
        "{out}"
    );
    assert!(
        lines[7].contains("node:fs is not available in nanojs: apps have no file system"),
        "{out}"
    );
    assert!(
        lines[8].starts_with("Cannot find module './missing.js'"),
        "{out}"
    );
    assert_eq!(lines[9], "MODULE_NOT_FOUND", "{out}");
}

#[test]
fn a_missing_static_import_names_the_importer_line_and_column() {
    let p = Project::new("modules-missing");
    p.write(
        "main.mjs",
        "const x = 1;\nimport { y } from 'left-pad';\nconsole.log(x, y);\n",
    );
    let (out, err, code) = run(&p, "main.mjs");
    assert_eq!(code, Some(1), "{out}");
    assert!(
        err.contains("Cannot find package 'left-pad' imported from"),
        "{err}"
    );
    assert!(err.contains("main.mjs:2:19"), "{err}");
    assert!(err.contains("node_modules"), "{err}");
}

#[test]
fn commonjs_entry_scripts_and_syntax_detection() {
    let p = Project::new("modules-cjs");
    packages(&p);
    // No package.json type here: syntax decides.
    p.write("sub/package.json", "{}")
        .write(
            "sub/plain.js",
            "const { add } = require('cj');\nconsole.log(typeof module, typeof exports, this === module.exports, add(1, 1));\n",
        )
        .write(
            "sub/tla.js",
            "const v = await Promise.resolve('top-level await');\nconsole.log(v, typeof require);\n",
        )
        .write(
            "sub/thrower.cjs",
            "function f() {\n  throw new Error('boom');\n}\nf();\n",
        );
    let (out, err, code) = run(&p, "sub/plain.js");
    assert_eq!(
        (out.as_str(), code),
        ("object object true 2\n", Some(0)),
        "{err}"
    );
    let (out, err, code) = run(&p, "sub/tla.js");
    assert_eq!(
        (out.as_str(), code),
        ("top-level await undefined\n", Some(0)),
        "{err}"
    );
    let (_, err, code) = run(&p, "sub/thrower.cjs");
    assert_eq!(code, Some(1));
    assert!(err.contains("thrower.cjs:2:"), "{err}");
    assert!(err.contains("boom"), "{err}");
}

#[test]
fn an_app_cannot_reach_outside_its_folder() {
    let p = Project::new("modules-confined");
    p.write(
        "node_modules/outside/index.js",
        "export default 'leaked';\n",
    )
    .write("secret.mjs", "export default 'secret';\n")
    .write(
        "app/index.js",
        r#"
export default {
  async fetch(request) {
    const spec = new URL(request.url).searchParams.get('spec');
    try {
      const m = await import(spec);
      return new Response('imported ' + m.default);
    } catch (e) {
      return new Response(e.message, { status: 500 });
    }
  },
};
"#,
    )
    .write(
        "app/node_modules/inside/package.json",
        r#"{"name":"inside","main":"main.cjs"}"#,
    )
    .write(
        "app/node_modules/inside/main.cjs",
        "module.exports = 'inside';\n",
    );
    let s = Serve::app(&p, "./app").start();
    let r = s.get("a.test", "/?spec=inside");
    assert_eq!((r.status, r.text().as_str()), (200, "imported inside"));
    let r = s.get("a.test", "/?spec=outside");
    assert_eq!(r.status, 500);
    assert!(
        r.text().contains("Cannot find package 'outside'"),
        "{}",
        r.text()
    );
    let r = s.get("a.test", "/?spec=../secret.mjs");
    assert_eq!(r.status, 500, "{}", r.text());
    assert!(
        r.text().contains("Cannot find module '../secret.mjs'"),
        "{}",
        r.text()
    );
}

#[test]
fn a_served_app_gets_its_env_in_process_env_and_cannot_exit() {
    let p = Project::new("modules-process");
    p.write(
        "app/index.js",
        r#"
export default {
  fetch() {
    let exit;
    try { process.exit(1); } catch (e) { exit = e.message; }
    return Response.json({ greeting: process.env.GREETING, home: process.env.HOME ?? null, exit });
  },
};
"#,
    )
    .config(&serde_json::json!({
        "apps": [{ "name": "a", "hostname": "a.test", "path": p.path("app").to_str().unwrap(),
                   "env": { "GREETING": "hi", "N": 1 } }]
    }));
    let s = Serve::config(&p).start();
    let v = s.get("a.test", "/").json();
    assert_eq!(v["greeting"], "hi", "{v}");
    assert_eq!(
        v["home"],
        serde_json::Value::Null,
        "the server's environment leaked: {v}"
    );
    assert!(
        v["exit"]
            .as_str()
            .unwrap()
            .contains("not available in apps"),
        "{v}"
    );
}

#[test]
fn typescript_runs_stripped_or_transformed_with_errors_at_the_ts_position() {
    let p = Project::new("modules-ts");
    p.write(
        "lib/math.ts",
        "export interface Pair { a: number; b: number }\nexport function sum({ a, b }: Pair): number {\n  return a + b;\n}\n",
    )
    // `enum` needs the transform (and so a source map).
    .write(
        "lib/color.ts",
        "export enum Color {\n  Red = 'red',\n  Blue = 'blue',\n}\nexport function fail(c: Color): never {\n  throw new Error(`bad ${c}`);\n}\n",
    )
    .write(
        "lib/legacy.cts",
        "import path = require('node:path');\nconst n: number = 2;\nexport = { joined: path.join('a', 'b'), n };\n",
    )
    .write(
        "main.ts",
        "import { sum, type Pair } from './lib/math.js';\nimport { Color } from './lib/color.ts';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst p: Pair = { a: 1, b: 2 };\nconst legacy = require('./lib/legacy.cts') as { joined: string; n: number };\nconsole.log(sum(p), Color.Blue, legacy.joined, legacy.n);\n",
    )
    .write(
        "throws.ts",
        "import { Color, fail } from './lib/color.ts';\nconst c: Color = Color.Red;\nfail(c);\n",
    )
    .write(
        "typed-throw.ts",
        "type T = { x: number };\nconst t: T = { x: 1 };\nfunction f(v: T): void {\n  throw new RangeError('at ' + v.x);\n}\nf(t);\n",
    )
    .write("bad.ts", "const x: number = ;\n");
    let (out, err, code) = run(&p, "main.ts");
    assert_eq!((out.as_str(), code), ("3 blue a/b 2\n", Some(0)), "{err}");

    // Transformed: the source map points back into color.ts.
    let (_, err, code) = run(&p, "throws.ts");
    assert_eq!(code, Some(1));
    assert!(err.contains("bad red"), "{err}");
    assert!(err.contains("color.ts:6:"), "{err}");
    assert!(err.contains("throw new Error(`bad ${c}`)"), "{err}");

    // Stripped only: positions are the file's, the line shown has its types.
    let (_, err, code) = run(&p, "typed-throw.ts");
    assert_eq!(code, Some(1));
    assert!(err.contains("typed-throw.ts:4:"), "{err}");

    let (_, err, code) = run(&p, "bad.ts");
    assert_eq!(code, Some(1));
    assert!(err.contains("SyntaxError"), "{err}");
    assert!(err.contains("bad.ts:1:"), "{err}");
}

#[test]
fn a_typescript_app_is_found_and_served() {
    let p = Project::new("modules-ts-serve");
    p.write(
        "app/src/index.ts",
        "interface Env { GREETING: string }\nexport default {\n  async fetch(req: Request, env: Env): Promise<Response> {\n    const url: URL = new URL(req.url);\n    return new Response(`${env.GREETING} ${url.pathname}`);\n  },\n} satisfies ExportedHandler<Env>;\n",
    )
    .config(&serde_json::json!({
        "apps": [{ "name": "ts", "hostname": "ts.test", "path": p.path("app").to_str().unwrap(),
                   "env": { "GREETING": "typed" } }]
    }));
    let s = Serve::config(&p).start();
    let r = s.get("ts.test", "/hello");
    assert_eq!(r.status, 200, "{:?}", r.text());
    assert_eq!(r.text(), "typed /hello");
}

#[test]
fn builtin_modules_lists_what_can_be_imported() {
    let p = Project::new("modules-builtins");
    p.write(
        "main.mjs",
        r#"
import { builtinModules, isBuiltin } from 'node:module';
const missing = [];
for (const name of builtinModules) {
  try { await import(`node:${name}`); } catch (e) { missing.push(`${name}: ${e.message}`); }
}
console.log(missing.length, builtinModules.includes('buffer'), builtinModules.includes('timers/promises'),
  builtinModules.some((n) => n.startsWith('internal/')), isBuiltin('node:fs'), isBuiltin('node:path'));
console.log(missing.join('\n'));
"#,
    );
    let (out, err, code) = run(&p, "main.mjs");
    assert_eq!(
        (out.as_str(), code),
        ("0 true true false false true\n\n", Some(0)),
        "{err}"
    );
}

#[test]
fn tsconfig_paths_and_jsx_import_source_apply_as_in_tsc() {
    let p = Project::new("modules-tsconfig");
    p.write(
        "tsconfig.json",
        // Comments and a trailing comma, as tsconfig files have them.
        "{\n  // the app's own settings\n  \"compilerOptions\": {\n    \"jsx\": \"react-jsx\",\n    \"jsxImportSource\": \"tiny-jsx\",\n    \"allowJs\": true,\n    \"paths\": { \"@/*\": [\"./src/*\"] },\n  },\n}\n",
    )
    .write("src/lib/greet.ts", "export const greet = (n: string): string => `hi ${n}`;\n")
    .write(
        "src/App.tsx",
        "import { greet } from '@/lib/greet';\nexport function App({ name }: { name: string }) {\n  return <main id=\"app\"><h1>{greet(name)}</h1><p>x</p></main>;\n}\n",
    )
    .write(
        "main.tsx",
        "import { App } from './src/App';\nimport { render } from 'tiny-jsx';\nconsole.log(render(<App name=\"ts\" />));\n",
    )
    // A JSX runtime as Hono's and Preact's are shipped: `<pkg>/jsx-runtime`.
    .write(
        "node_modules/tiny-jsx/package.json",
        r#"{"name":"tiny-jsx","type":"module","exports":{".":"./index.js","./jsx-runtime":"./jsx-runtime.js"}}"#,
    )
    .write(
        "node_modules/tiny-jsx/jsx-runtime.js",
        "export function jsx(type, props) { return { type, props }; }\nexport const jsxs = jsx;\nexport const Fragment = 'frag';\n",
    )
    .write(
        "node_modules/tiny-jsx/index.js",
        "export function render(node) {\n  if (typeof node !== 'object' || node === null) return String(node);\n  if (typeof node.type === 'function') return render(node.type(node.props));\n  const kids = [].concat(node.props.children ?? []).map(render).join('');\n  const attrs = Object.entries(node.props).filter(([k]) => k !== 'children').map(([k, v]) => ` ${k}=\"${v}\"`).join('');\n  return `<${node.type}${attrs}>${kids}</${node.type}>`;\n}\n",
    )
    // `paths` never applies inside node_modules: this package's own bare
    // import of '@/lib/greet' must not reach the app's src/.
    .write(
        "node_modules/uses-alias/package.json",
        r#"{"name":"uses-alias","main":"index.js"}"#,
    )
    .write(
        "node_modules/uses-alias/index.js",
        "try { require('@/lib/greet'); module.exports = 'aliased'; } catch (e) { module.exports = e.code; }\n",
    )
    // JavaScript with JSX: the same runtime, from a `.jsx` file found
    // without its extension.
    .write(
        "src/Badge.jsx",
        "export const Badge = ({ n }) => <b>{n}</b>;\n",
    )
    .write(
        "badge.mjs",
        "import { Badge } from './src/Badge';\nimport { render } from 'tiny-jsx';\nconsole.log(render(Badge({ n: 3 })));\n",
    )
    .write(
        "alias-in-package.ts",
        "import r from 'uses-alias';\nconsole.log(r);\n",
    );
    let (out, err, code) = run(&p, "main.tsx");
    assert_eq!(
        (out.as_str(), code),
        ("<main id=\"app\"><h1>hi ts</h1><p>x</p></main>\n", Some(0)),
        "{err}"
    );
    let (out, err, code) = run(&p, "badge.mjs");
    assert_eq!((out.as_str(), code), ("<b>3</b>\n", Some(0)), "{err}");
    let (out, err, code) = run(&p, "alias-in-package.ts");
    assert_eq!(
        (out.as_str(), code),
        ("MODULE_NOT_FOUND\n", Some(0)),
        "{err}"
    );
}

#[test]
fn node_apis_nanojs_lacks_say_what_to_use() {
    let p = Project::new("modules-unavailable");
    p.write(
        "main.mjs",
        r#"
import { createHook } from 'node:async_hooks';
import { createPrivateKey } from 'node:crypto';
import sys from 'node:sys';
import util from 'node:util';
for (const f of [() => createHook({}), () => createPrivateKey('pem')]) {
  try { f(); } catch (e) { console.log(e.name, e.code, e.message); }
}
for (const name of ['node:domain', 'constants', 'node:fs']) {
  try { await import(name); } catch (e) { console.log(e.message.replace(/ from .*?: /, ': ')); }
}
console.log('sys is util', sys === util);
"#,
    );
    let (out, err, code) = run(&p, "main.mjs");
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "TypeError ERR_FEATURE_UNAVAILABLE_ON_PLATFORM async_hooks.createHook() is not available in nanojs: there are no async resource hooks; keep context with AsyncLocalStorage",
            "TypeError ERR_FEATURE_UNAVAILABLE_ON_PLATFORM crypto.createPrivateKey() is not available in nanojs: import asymmetric keys with crypto.subtle.importKey()",
            "Cannot import 'node:domain': node:domain is not available in nanojs: it is deprecated in Node; use AsyncLocalStorage from node:async_hooks, and try/catch or promise rejections for errors",
            "Cannot import 'constants': node:constants is not available in nanojs: it is deprecated in Node; read the constants from the module that defines them (zlib.constants, crypto.constants)",
            "Cannot import 'node:fs': node:fs is not available in nanojs: apps have no file system; bundle assets into the app, or keep state in a KV binding or behind fetch()",
            "sys is util true",
        ],
        "{err}"
    );
}
