//! TypeScript to JavaScript with `swc_ts_fast_strip`, the stripper behind
//! Node's amaro and Deno.
//!
//! - Strip-only first: type syntax is replaced by whitespace, so every line
//!   and column of the output is the one in the `.ts` file and no source map
//!   is needed.
//! - When the file uses syntax that has runtime meaning (`enum`, `namespace`
//!   with values, parameter properties, `import x = require()`,
//!   `export =`, `<T>expr` assertions), it is transformed instead and a source
//!   map (with the original text in `sourcesContent`) comes back, so error
//!   reports still point into the `.ts` file.
//! - `.tsx` is always transformed: JSX becomes calls to the automatic runtime,
//!   `import { jsx } from "react/jsx-runtime"` (React 17+, Preact and others
//!   ship it), as TypeScript's `"jsx": "react-jsx"` does.
//! - Imports are kept as written (`verbatimModuleSyntax`), in both modes, so
//!   an import of a type that is not marked `type` fails the same way
//!   whichever mode the file needs (as in Node). Class fields keep JavaScript
//!   semantics (`useDefineForClassFields`).
//! - Decorators are not supported: QuickJS runs neither TC39 nor legacy
//!   decorators, and the transform does not lower them; they are an error at
//!   their location.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use swc_common::errors::{DiagnosticBuilder, Emitter, Handler, HANDLER};
use swc_common::sync::Lrc;
use swc_common::{Globals, SourceMap, GLOBALS};
use swc_ecma_parser::TsSyntax;
use swc_ecma_transforms_typescript::TsImportExportAssignConfig;
use swc_ts_fast_strip::{ErrorCode, JsxConfig, Mode, Options, TransformConfig};

/// The JavaScript for a TypeScript file.
#[derive(Debug)]
pub(crate) struct Transpiled {
    pub code: String,
    /// A source map (JSON) from `code` back to the file, when the file had to
    /// be transformed; `None` when types were only stripped (positions kept).
    pub source_map: Option<String>,
}

/// A TypeScript file that could not be turned into JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) struct TsError {
    /// The file's path as given.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters (as QuickJS counts them).
    pub column: u32,
    /// What is wrong, e.g. `Expected ';', got 'x'`.
    pub message: String,
    /// Node's code: `ERR_INVALID_TYPESCRIPT_SYNTAX`, or
    /// `ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX` for valid syntax nanojs cannot
    /// run (decorators).
    pub code: &'static str,
}

const INVALID: &str = "ERR_INVALID_TYPESCRIPT_SYNTAX";
const UNSUPPORTED: &str = "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX";

impl TsError {
    /// Throws this error in JS as a `SyntaxError` with Node's `code`, placed
    /// at the error in module `name` (whose TypeScript `source` is recorded,
    /// so that the report shows the line with a caret).
    pub fn throw(&self, ctx: &rquickjs::Ctx<'_>, name: &str, source: &str) -> rquickjs::Error {
        crate::source_map::record_source(ctx, name, source.into(), None);
        let build = || -> rquickjs::Result<rquickjs::Value<'_>> {
            let ctor: rquickjs::function::Constructor = ctx.globals().get("SyntaxError")?;
            let error: rquickjs::Object = ctor.construct((self.message.as_str(),))?;
            error.set("code", self.code)?;
            error.set(
                "stack",
                format!("    at {name}:{}:{}", self.line, self.column),
            )?;
            Ok(error.into_value())
        };
        match build() {
            Ok(error) => ctx.throw(error),
            Err(e) => e,
        }
    }
}

impl fmt::Display for TsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Whether a TypeScript file is an ES module or CommonJS. It decides how
/// `import x = require()` and `export =` are transformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TsModuleKind {
    /// `import x = require("y")` becomes `createRequire(import.meta.url)("y")`
    /// (from `module`); `export =` is an error.
    Module,
    /// `import x = require("y")` becomes `const x = require("y")`, and
    /// `export = v` becomes `module.exports = v`.
    CommonJs,
}

/// Whether `path` needs this module by its extension: TypeScript (`.ts`,
/// `.mts`, `.cts`, `.tsx`), or JavaScript with JSX (`.jsx`, parsed as
/// `.tsx`, whose syntax is a superset for all but TypeScript-only forms).
pub(crate) fn needs_transpiling(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("ts" | "mts" | "cts" | "tsx" | "jsx")
    )
}

/// Whether the file holds JSX (`.tsx`, `.jsx`).
pub(crate) fn has_jsx(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("tsx" | "jsx")
    )
}

/// For tests: `source` as JavaScript, CommonJS for `.cts`, else an ES module.
#[cfg(test)]
pub(crate) fn transpile(path: &Path, source: &str) -> Result<Transpiled, TsError> {
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("cts") => TsModuleKind::CommonJs,
        _ => TsModuleKind::Module,
    };
    transpile_with(path, source, kind, None)
}

/// TypeScript in `source` (the contents of `path`) as JavaScript, as an ES
/// module or CommonJS (`kind`: from the extension or the nearest
/// `package.json`), with the JSX runtime's module (tsconfig's
/// `jsxImportSource`: `jsx()` comes from `<source>/jsx-runtime`; `react`
/// when None). A `/** @jsxImportSource x */` comment in the file wins.
pub(crate) fn transpile_with(
    path: &Path,
    source: &str,
    kind: TsModuleKind,
    jsx_import_source: Option<&str>,
) -> Result<Transpiled, TsError> {
    if !has_jsx(path) {
        match run(path, source, kind, Mode::StripOnly, None) {
            Ok(code) => {
                return Ok(Transpiled {
                    code: code.code,
                    source_map: None,
                })
            }
            // Syntax with runtime meaning: transform it instead.
            Err(Failure::Unsupported) => {}
            Err(Failure::Error(e)) => return Err(e),
        }
    }
    match run(path, source, kind, Mode::Transform, jsx_import_source) {
        Ok(out) => Ok(Transpiled {
            code: out.code,
            source_map: out.map.map(|map| with_sources_content(map, source)),
        }),
        Err(Failure::Error(e)) => Err(e),
        Err(Failure::Unsupported) => Err(TsError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: "TypeScript syntax that cannot be transformed".into(),
            code: UNSUPPORTED,
        }),
    }
}

enum Failure {
    /// Strip-only met syntax that needs the transform.
    Unsupported,
    Error(TsError),
}

/// A diagnostic swc reported: message and byte span start.
struct Diagnostic {
    message: String,
    lo: Option<swc_common::BytePos>,
}

/// Collects swc's diagnostics instead of printing them.
#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<Diagnostic>>>);

impl Emitter for Collect {
    fn emit(&mut self, db: &mut DiagnosticBuilder<'_>) {
        let lo = db.span.primary_span().map(|s| s.lo);
        let message = db.message();
        if let Ok(mut all) = self.0.lock() {
            all.push(Diagnostic { message, lo });
        }
    }
}

fn run(
    path: &Path,
    source: &str,
    kind: TsModuleKind,
    mode: Mode,
    jsx_import_source: Option<&str>,
) -> Result<swc_ts_fast_strip::TransformOutput, Failure> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let strip_only = matches!(mode, Mode::StripOnly);
    let transform = (!strip_only).then(|| {
        let mut config = TransformConfig {
            jsx: jsx_import_source.map(|source| JsxConfig {
                transform: None,
                import_source: Some(source.into()),
            }),
            ..TransformConfig::default()
        };
        let ts = &mut config.typescript;
        ts.verbatim_module_syntax = true;
        ts.native_class_properties = true;
        ts.no_empty_export = true;
        // Enum members are read from the object, as tsc does, not inlined.
        ts.ts_enum_is_mutable = true;
        ts.import_export_assign_config = match kind {
            TsModuleKind::Module => TsImportExportAssignConfig::NodeNext,
            TsModuleKind::CommonJs => TsImportExportAssignConfig::Classic,
        };
        config
    });
    let options = Options {
        module: match kind {
            TsModuleKind::Module => Some(true),
            // A CommonJS file may still hold `import type`: let swc decide.
            TsModuleKind::CommonJs => None,
        },
        // The map names the file relative to itself, so that it resolves
        // against the module's own URL.
        filename: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        parser: TsSyntax {
            tsx: matches!(ext, "tsx" | "jsx"),
            decorators: false,
            // `<T>expr` is not allowed in .mts/.cts, as in tsc.
            disallow_ambiguous_jsx_like: matches!(ext, "mts" | "cts"),
            ..Default::default()
        },
        mode,
        transform,
        deprecated_ts_module_as_error: None,
        source_map: !strip_only,
    };
    let cm: Lrc<SourceMap> = Default::default();
    let collect = Collect::default();
    let handler = Handler::with_emitter(true, false, Box::new(collect.clone()));
    let result = GLOBALS.set(&Globals::new(), || {
        HANDLER.set(&handler, || {
            swc_ts_fast_strip::operate(&cm, &handler, source.to_string(), options)
        })
    });
    let diagnostics = std::mem::take(&mut *collect.0.lock().unwrap_or_else(|e| e.into_inner()));
    match result {
        Ok(out) if diagnostics.is_empty() || strip_only => Ok(out),
        Err(e) if strip_only && matches!(e.code, ErrorCode::UnsupportedSyntax) => {
            Err(Failure::Unsupported)
        }
        result => {
            let first = diagnostics.into_iter().next();
            let message = first.as_ref().map_or_else(
                || match &result {
                    Err(e) => e.message.clone(),
                    Ok(_) => "invalid TypeScript".into(),
                },
                |d| d.message.clone(),
            );
            let lo = first.and_then(|d| d.lo);
            let (line, column) = lo
                .and_then(|lo| cm.try_lookup_char_pos(lo).ok())
                .map_or((1, 1), |loc| (loc.line as u32, loc.col.0 as u32 + 1));
            let at = lo
                .and_then(|lo| cm.try_lookup_byte_offset(lo).ok())
                .and_then(|p| source.get(p.pos.0 as usize..))
                .unwrap_or("");
            let (message, code) = clarify(message, at);
            Err(Failure::Error(TsError {
                file: path.display().to_string(),
                line,
                column,
                message,
                code,
            }))
        }
    }
}

/// swc's messages for syntax nanojs does not run, said plainly; `at` is
/// the source from the error on.
fn clarify(message: String, at: &str) -> (String, &'static str) {
    // Decorators are parsed as an error (the parser has them off), so they
    // show as an expression expected at `@`.
    if at.starts_with('@') {
        return ("decorators are not supported in nanojs: QuickJS runs neither TC39 nor legacy (experimentalDecorators) decorators".into(), UNSUPPORTED);
    }
    (message, INVALID)
}

/// Puts the original text into the map's `sourcesContent`, so the map alone
/// can show the source line (swc leaves it out for real files).
fn with_sources_content(map: String, source: &str) -> String {
    let Ok(mut json) = serde_json::from_str::<serde_json::Value>(&map) else {
        return map;
    };
    if let Some(obj) = json.as_object_mut() {
        obj.insert(
            "sourcesContent".into(),
            serde_json::Value::Array(vec![serde_json::Value::String(source.into())]),
        );
    }
    serde_json::to_string(&json).unwrap_or(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(source: &str) -> Transpiled {
        transpile(Path::new("/app/a.ts"), source).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn strips_types_in_place() {
        let source = "interface P { x: number }\n\
                      type Id<T> = T;\n\
                      function f<T>(a: T, b?: string): T {\n\
                      \x20 return a as T;\n\
                      }\n\
                      const v = f<number>(1)!;\n\
                      let k = { a: 1 } satisfies Record<string, number>;\n\
                      declare const g: number;\n\
                      abstract class A<T> implements P { x!: number; private y?: T; abstract m(): void; }\n";
        let out = ts(source);
        assert!(out.source_map.is_none());
        assert_eq!(out.code.len(), source.len(), "{}", out.code);
        assert_eq!(out.code.lines().count(), source.lines().count());
        for gone in [
            "interface",
            "type Id",
            ": T",
            "as T",
            "<number>",
            "satisfies",
            "declare",
            "implements",
            "abstract",
            "private",
            "!;",
        ] {
            assert!(!out.code.contains(gone), "{gone} in {}", out.code);
        }
        assert!(
            out.code.contains("function f   (a   , b         )    {"),
            "{}",
            out.code
        );
        assert!(
            out.code.contains("const v = f        (1) ;"),
            "{}",
            out.code
        );
    }

    #[test]
    fn positions_are_preserved() {
        // The `throw` is at line 7, column 9 in both.
        let source = "type T = { a: string };\n\
                      interface I { b: number }\n\
                      function g(x: T,\n\
                      \x20          y: I): void {}\n\
                      const z: Array<number> = [];\n\
                      if (z.length === 0) {\n\
                      \x20if (z) throw new Error(\"seven nine\" as string);\n\
                      }\n";
        let out = ts(source);
        let line = out.code.lines().nth(6).unwrap();
        assert_eq!(line.find("throw"), Some(8), "{line}");
        assert_eq!(out.code.lines().count(), source.lines().count());
        // QuickJS reports the same position for the stripped TypeScript as
        // for the JavaScript written by hand with the types left out.
        let js = "\n\n\
                  function g(x,\n\
                  \x20          y) {}\n\
                  const z = [];\n\
                  if (z.length === 0) {\n\
                  \x20if (z) throw new Error(\"seven nine\");\n\
                  }\n";
        let stack = |code: &str| {
            let rt = rquickjs::Runtime::new().unwrap();
            let cx = rquickjs::Context::full(&rt).unwrap();
            cx.with(|ctx| {
                let r = rquickjs::Module::evaluate(ctx.clone(), "file:///app/a.ts", code)
                    .and_then(|p| p.finish::<()>());
                assert!(r.is_err());
                let e = ctx.catch();
                e.as_object().unwrap().get::<_, String>("stack").unwrap()
            })
        };
        let ts_stack = stack(&out.code);
        assert_eq!(ts_stack, stack(js));
        // QuickJS points at the constructor, `Error`, column 19.
        assert!(ts_stack.contains("file:///app/a.ts:7:19)"), "{ts_stack}");
    }

    #[test]
    fn type_only_imports_and_exports_go() {
        let source = "import type { A } from './a.ts';\n\
                      import { type B, c } from './b.ts';\n\
                      export type { A };\n\
                      export type C = number;\n\
                      export interface D {}\n\
                      export { c };\n";
        let out = ts(source);
        assert!(out.source_map.is_none());
        assert!(!out.code.contains("./a.ts"), "{}", out.code);
        assert!(!out.code.contains("type"), "{}", out.code);
        assert!(
            out.code.contains("import {         c } from './b.ts';"),
            "{}",
            out.code
        );
        assert!(out.code.contains("export { c };"));
    }

    #[test]
    fn enums_and_parameter_properties_are_transformed_with_a_map() {
        let source = "enum Color { Red, Green = 5 }\n\
                      class P {\n\
                      \x20 constructor(public x: number, private y = 2) {}\n\
                      }\n\
                      export const out = [Color.Red, Color.Green, Color[5], new P(1).x];\n";
        let out = ts(source);
        let map = out.source_map.expect("a transformed file has a map");
        assert!(!out.code.contains("enum"), "{}", out.code);
        assert!(out.code.contains("this.x = x"), "{}", out.code);
        assert!(
            out.code.contains("Color.Red,") && out.code.contains("Color.Green,"),
            "{}",
            out.code
        );
        let json: serde_json::Value = serde_json::from_str(&map).unwrap();
        assert_eq!(json["sources"][0], "a.ts");
        assert_eq!(json["sourcesContent"][0], source);
        assert!(!json["mappings"].as_str().unwrap().is_empty());
    }

    #[test]
    fn namespaces_and_import_require_are_transformed() {
        let out = ts("namespace N { export const v = 1; }\nexport default N.v;\n");
        assert!(out.source_map.is_some());
        assert!(!out.code.contains("namespace"), "{}", out.code);
        let cjs = transpile(
            Path::new("/app/a.cts"),
            "import fs = require('fs');\nexport = fs.readFileSync;\n",
        )
        .unwrap();
        assert!(
            cjs.code.contains("require('fs')") || cjs.code.contains("require(\"fs\")"),
            "{}",
            cjs.code
        );
        assert!(
            cjs.code.contains("module.exports = fs.readFileSync"),
            "{}",
            cjs.code
        );
        let esm = ts("import fs = require('fs');\nexport const r = fs.readFileSync;\n");
        assert!(esm.code.contains("createRequire"), "{}", esm.code);
        assert!(esm.code.contains("import.meta.url"), "{}", esm.code);
        // A declare-only namespace is just types.
        let out = ts("declare namespace Q { const v: number; }\nexport {};\n");
        assert!(out.source_map.is_none());
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let err = transpile(Path::new("/app/bad.ts"), "const a = 1;\nlet b: = 2;\n").unwrap_err();
        assert_eq!(err.file, "/app/bad.ts");
        assert_eq!((err.line, err.column), (2, 8), "{err}");
        assert!(err.to_string().starts_with("/app/bad.ts:2:8: "), "{err}");
    }

    #[test]
    fn errors_are_thrown_as_syntax_errors_at_their_place() {
        static B: std::sync::OnceLock<crate::Builtins> = std::sync::OnceLock::new();
        let builtins = B.get_or_init(crate::Builtins::new);
        let isolate = crate::Isolate::new(crate::IsolateOptions::default(), builtins).unwrap();
        let source = "const a = 1;\nlet b: = 2;\n";
        let err = transpile(Path::new("/app/bad.ts"), source).unwrap_err();
        let report = isolate.with(|ctx| {
            let thrown = err.throw(&ctx, "file:///app/bad.ts", source);
            assert!(matches!(thrown, rquickjs::Error::Exception));
            let value = ctx.catch();
            let code: String = value.as_object().unwrap().get("code").unwrap();
            assert_eq!(code, "ERR_INVALID_TYPESCRIPT_SYNTAX");
            crate::host::state(&ctx).error_report(&ctx, &value)
        });
        assert_eq!(
            report.to_string(),
            format!("file:///app/bad.ts:2:8\nlet b: = 2;\n       ^\n\nSyntaxError: {}\n    at file:///app/bad.ts:2:8", err.message)
        );
    }

    #[test]
    fn transform_errors_have_a_location() {
        // `export =` has no meaning in an ES module.
        let err = transpile(Path::new("/app/e.mts"), "const a = 1;\n  export = a;\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3), "{err}");
    }

    #[test]
    fn decorators_are_refused_by_name() {
        let err = transpile(
            Path::new("/app/d.ts"),
            "function dec(t: any) {}\n\n@dec\nclass A {}\n",
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert!(
            err.message.contains("decorators are not supported"),
            "{err}"
        );
        assert_eq!(err.code, "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX");
    }

    #[test]
    fn tsx_uses_the_automatic_runtime() {
        let out = transpile(
            Path::new("/app/c.tsx"),
            "const n: number = 1;\nexport const el = <div id=\"x\">{n}</div>;\n",
        )
        .unwrap();
        assert!(out.code.contains("react/jsx-runtime"), "{}", out.code);
        assert!(!out.code.contains("<div"), "{}", out.code);
        assert!(out.source_map.is_some());
    }

    #[test]
    fn angle_bracket_assertions() {
        // Allowed in .ts (needs the transform), refused in .mts as in tsc.
        let out = ts("const a = <number>(1 as unknown);\nexport { a };\n");
        assert!(out.code.contains("const a = 1"), "{}", out.code);
        assert!(transpile(
            Path::new("/app/x.mts"),
            "const a = <number>(1 as unknown);\n"
        )
        .is_err());
    }
}
