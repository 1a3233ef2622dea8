//! Error reports through source maps: inline and file maps of JS modules,
//! and stacks through several mapped modules.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nanojs_engine::{Builtins, Isolate, IsolateOptions, JsError};

fn builtins() -> &'static Builtins {
    static B: OnceLock<Builtins> = OnceLock::new();
    B.get_or_init(Builtins::new)
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// Runs the module at `path` and returns the error it ended with.
fn run_err(path: &Path) -> JsError {
    let isolate = Isolate::new(IsolateOptions::default(), builtins()).unwrap();
    block_on(isolate.run_main_module(path)).expect_err("the module throws")
}

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nanojs-maps-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn url(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}

/// "Compiles" `original`: `banner` lines first, then each line indented by
/// two more spaces. Returns the code and a map (every column mapped) from it
/// back to `source`, with the original text in `sourcesContent` if
/// `with_content`.
fn compile(original: &str, banner: &[&str], source: &str, with_content: bool) -> (String, String) {
    let mut code = String::new();
    for line in banner {
        code.push_str(line);
        code.push('\n');
    }
    let mut mappings = ";".repeat(banner.len());
    let (mut prev_orig_line, mut prev_orig_col) = (0i64, 0i64);
    for (n, line) in original.lines().enumerate() {
        code.push_str("  ");
        code.push_str(line);
        code.push('\n');
        let mut prev_gen_col = 0i64;
        let mut segments = Vec::new();
        for col in 0..=line.encode_utf16().count() as i64 {
            let gen_col = col + 2;
            let mut seg = String::new();
            vlq(&mut seg, gen_col - prev_gen_col);
            vlq(&mut seg, 0); // source 0
            vlq(&mut seg, n as i64 - prev_orig_line);
            vlq(&mut seg, col - prev_orig_col);
            segments.push(seg);
            prev_gen_col = gen_col;
            prev_orig_line = n as i64;
            prev_orig_col = col;
        }
        mappings.push_str(&segments.join(","));
        mappings.push(';');
    }
    let content = if with_content {
        format!(",\"sourcesContent\":[{}]", json_string(original))
    } else {
        String::new()
    };
    let map = format!(
        "{{\"version\":3,\"sources\":[{}],\"names\":[],\"mappings\":\"{mappings}\"{content}}}",
        json_string(source)
    );
    (code, map)
}

fn vlq(out: &mut String, value: i64) {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut v = if value < 0 {
        ((-value) << 1) | 1
    } else {
        value << 1
    } as u64;
    loop {
        let mut digit = (v & 31) as usize;
        v >>= 5;
        if v > 0 {
            digit |= 32;
        }
        out.push(B64[digit] as char);
        if v == 0 {
            break;
        }
    }
}

fn base64(bytes: &[u8]) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const BANNER: &[&str] = &["// generated, do not edit", "'use strict';"];

#[test]
fn inline_map_reports_the_original_position_and_line() {
    let dir = folder("inline");
    let original = "function explode(n) {\n  if (n > 1) {\n    throw new Error('exploded');\n  }\n}\nexplode(2);\n";
    let (code, map) = compile(original, BANNER, "src/main.ts", true);
    let code = format!(
        "{code}//# sourceMappingURL=data:application/json;charset=utf-8;base64,{}\n",
        base64(map.as_bytes())
    );
    let main = dir.join("main.js");
    std::fs::write(&main, code).unwrap();
    let err = run_err(&main);
    let loc = err.location.clone().expect("a location");
    let original_file = url(&dir.join("src/main.ts"));
    assert_eq!(loc.file, original_file);
    // `Error` on line 3, column 15 of the original (17 in the generated code, line 5).
    assert_eq!((loc.line, loc.column), (3, 15), "{err}");
    assert_eq!(
        err.source_line.as_deref(),
        Some("    throw new Error('exploded');")
    );
    assert!(
        err.stack
            .contains(&format!("at explode ({original_file}:3:15)")),
        "{}",
        err.stack
    );
    assert!(
        err.stack.contains(&format!("({original_file}:6:1)")),
        "{}",
        err.stack
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{original_file}:3:15\n    throw new Error('exploded');\n              ^\n\nError: exploded\n")),
        "{shown}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn file_map_reports_the_original_position() {
    let dir = folder("file");
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    let original =
        "export function parse(text) {\n  return JSON.parse(text).value.deep;\n}\nparse('{}');\n";
    let (code, map) = compile(original, BANNER, "../src/parse.ts", false);
    let lib = dir.join("dist/parse.js");
    std::fs::write(&lib, format!("{code}//# sourceMappingURL=parse.js.map")).unwrap();
    std::fs::write(dir.join("dist/parse.js.map"), map).unwrap();
    let err = run_err(&lib);
    let original_file = url(&dir.join("src/parse.ts"));
    let loc = err.location.clone().expect("a location");
    assert_eq!(loc.file, original_file, "{err}");
    assert_eq!(loc.line, 2, "{err}");
    // The source is not in the map and is not read from disk.
    assert_eq!(err.source_line, None);
    assert!(
        err.stack.contains(&format!("at parse ({original_file}:2:")),
        "{}",
        err.stack
    );
    assert!(
        err.stack.contains(&format!("({original_file}:4:1)")),
        "{}",
        err.stack
    );
    assert!(!err.stack.contains("dist/parse.js"), "{}", err.stack);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stack_through_two_mapped_modules_maps_each_frame() {
    let dir = folder("two");
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    // lib/util.js: a file map to util.ts.
    let util =
        "export function check(v) {\n  if (!v.ok) throw new TypeError('not ok');\n  return v;\n}\n";
    let (code, map) = compile(util, &["// util"], "util.ts", true);
    std::fs::write(
        dir.join("lib/util.js"),
        format!("{code}//# sourceMappingURL=util.js.map\n"),
    )
    .unwrap();
    std::fs::write(dir.join("lib/util.js.map"), map).unwrap();
    // main.js: an inline map to main.ts.
    let main_src = "import { check } from './lib/util.js';\nfunction run() {\n  return check({ ok: false });\n}\nrun();\n";
    let (code, map) = compile(main_src, BANNER, "main.ts", true);
    let main = dir.join("main.js");
    std::fs::write(
        &main,
        format!(
            "{code}//# sourceMappingURL=data:application/json;base64,{}\n",
            base64(map.as_bytes())
        ),
    )
    .unwrap();
    let err = run_err(&main);
    let util_ts = url(&dir.join("lib/util.ts"));
    let main_ts = url(&dir.join("main.ts"));
    let frames: Vec<&str> = err.stack.lines().collect();
    assert!(
        frames[0].contains(&format!("at check ({util_ts}:2:")),
        "{}",
        err.stack
    );
    assert!(
        frames[1].contains(&format!("at run ({main_ts}:3:10)")),
        "{}",
        err.stack
    );
    assert!(
        frames[2].contains(&format!("({main_ts}:5:1)")),
        "{}",
        err.stack
    );
    let loc = err.location.clone().unwrap();
    assert_eq!((loc.file.as_str(), loc.line), (util_ts.as_str(), 2));
    assert_eq!(
        err.source_line.as_deref(),
        Some("  if (!v.ok) throw new TypeError('not ok');")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn maps_outside_the_folder_or_broken_are_ignored() {
    let dir = folder("ignored");
    std::fs::create_dir_all(dir.join("app")).unwrap();
    let original = "throw new Error('plain');\n";
    let (code, map) = compile(original, BANNER, "x.ts", true);
    std::fs::write(dir.join("outside.map"), map).unwrap();
    let out = dir.join("app/out.js");
    std::fs::write(&out, format!("{code}//# sourceMappingURL=../outside.map\n")).unwrap();
    let err = run_err(&out);
    let loc = err.location.clone().unwrap();
    assert_eq!(
        (loc.file, loc.line, loc.column),
        (url(&out), 3, 13),
        "{err}"
    );
    assert_eq!(
        err.source_line.as_deref(),
        Some("  throw new Error('plain');")
    );

    let broken = dir.join("app/broken.js");
    std::fs::write(
        &broken,
        format!("{code}//# sourceMappingURL=data:application/json;base64,bm90IGpzb24=\n"),
    )
    .unwrap();
    let err = run_err(&broken);
    assert_eq!(err.location.unwrap().file, url(&broken));
    std::fs::remove_dir_all(&dir).unwrap();
}
