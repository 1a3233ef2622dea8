//! Source maps in error reports: the location, the source line with its
//! caret, and every frame of the stack point at the original source.
//!
//! A module's map is either given with its source ([`record_source`]: the
//! map of a transformed TypeScript file) or named by the module's
//! `//# sourceMappingURL=` comment: an inline `data:application/json;base64,`
//! URL, or a file next to the module. A map file is read only from the
//! module's own folder or below it (symlinks are resolved before the check).
//!
//! Nothing is parsed or read until an error is reported that has a frame in
//! the module, so modules that never throw cost nothing beyond keeping a
//! given map's text. A map that cannot be read or parsed leaves the frames as
//! they are.
//!
//! Positions: QuickJS counts columns in characters from 1, source maps in
//! UTF-16 code units from 0; the generated and original lines convert
//! between the two when their text is known.
//!
//! Not mapped: `error.stack` as JS code reads it (only reports are mapped,
//! as Node does without `--enable-source-maps`), function names in frames
//! (kept as the generated code has them).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use rquickjs::Ctx;
use swc_sourcemap::DecodedMap;
use url::Url;

use crate::error::{JsError, Location};
use crate::host::{state, HostState};

/// A map file larger than this is not read.
const MAX_MAP_FILE: u64 = 64 << 20;

/// Records a module's source (what QuickJS runs), for the source line in
/// error reports, and the source map from it to the original, if any.
///
/// For TypeScript, pass [`crate::typescript::Transpiled`]: with a map, its
/// `code` and `source_map`; without one (types only stripped, positions
/// unchanged) the original TypeScript text and `None`, so that the source
/// line shows the types.
pub(crate) fn record_source(ctx: &Ctx<'_>, name: &str, source: Rc<str>, map: Option<String>) {
    let st = state(ctx);
    st.sources.borrow_mut().insert(name.to_string(), source);
    st.source_maps.set(name, map);
}

/// The source maps of an isolate's modules, by module name.
#[derive(Default)]
pub(crate) struct SourceMaps {
    /// Maps given with the source, as JSON, not yet parsed.
    given: RefCell<HashMap<String, Rc<str>>>,
    /// Maps looked for (given, or named by the source) and parsed; `None`
    /// when the module has none that could be used.
    loaded: RefCell<HashMap<String, Option<Rc<Loaded>>>>,
}

struct Loaded {
    map: DecodedMap,
    /// What the map's `sources` are relative to: the map file's URL, or the
    /// module's for an inline or given map.
    base: Option<Url>,
}

/// A position in the original source.
struct Mapped {
    file: String,
    line: u32,
    column: u32,
    source_line: Option<String>,
}

impl SourceMaps {
    pub fn set(&self, name: &str, map: Option<String>) {
        match map {
            Some(map) => {
                self.given.borrow_mut().insert(name.to_string(), map.into());
            }
            None => {
                self.given.borrow_mut().remove(name);
            }
        }
        self.loaded.borrow_mut().remove(name);
    }

    fn loaded(&self, st: &HostState, name: &str) -> Option<Rc<Loaded>> {
        if let Some(done) = self.loaded.borrow().get(name) {
            return done.clone();
        }
        let found = self.find(st, name).map(Rc::new);
        self.loaded
            .borrow_mut()
            .insert(name.to_string(), found.clone());
        found
    }

    fn find(&self, st: &HostState, name: &str) -> Option<Loaded> {
        let module_url = Url::parse(name).ok();
        let given = self.given.borrow().get(name).cloned();
        if let Some(json) = given {
            return Some(Loaded {
                map: swc_sourcemap::decode_slice(json.as_bytes()).ok()?,
                base: module_url,
            });
        }
        let source = st.source_of(name)?;
        let reference = map_reference(&source)?;
        if let Some(data) = reference.strip_prefix("data:") {
            return Some(Loaded {
                map: decode_data(data)?,
                base: module_url,
            });
        }
        let (map_url, bytes) = read_map_file(module_url.as_ref()?, reference)?;
        Some(Loaded {
            map: swc_sourcemap::decode_slice(&bytes).ok()?,
            base: Some(map_url),
        })
    }

    /// The original position of 1-based `line`:`column` in module `file`.
    fn map(&self, st: &HostState, file: &str, line: u32, column: u32) -> Option<Mapped> {
        let loaded = self.loaded(st, file)?;
        let generated = st.source_of(file);
        let generated_line = generated
            .as_deref()
            .and_then(|s| s.lines().nth(line.checked_sub(1)? as usize));
        let col16 = utf16_column(generated_line, column.saturating_sub(1));
        let token = loaded.map.lookup_token(line.checked_sub(1)?, col16)?;
        let source = token.get_source()?;
        let original = match &loaded.base {
            Some(base) => base
                .join(source)
                .map(|u| u.to_string())
                .unwrap_or_else(|_| source.to_string()),
            None => source.to_string(),
        };
        let content: Option<Rc<str>> = token
            .sourcemap()
            .get_source_contents(token.get_src_id())
            .map(|c| Rc::from(c.as_str()))
            .or_else(|| {
                (original != file)
                    .then(|| st.source_of(&original))
                    .flatten()
            });
        let src_line = token.get_src_line();
        let source_line = content
            .as_deref()
            .and_then(|c| c.lines().nth(src_line as usize))
            .map(str::to_string);
        Some(Mapped {
            column: char_column(source_line.as_deref(), token.get_src_col()) + 1,
            file: original,
            line: src_line + 1,
            source_line,
        })
    }
}

/// Maps the report's location, source line and stack frames through the
/// modules' source maps, and fills in the source line.
pub(crate) fn apply(st: &HostState, mut report: JsError) -> JsError {
    let maps = &st.source_maps;
    if !report.stack.is_empty() {
        let mut stack = String::with_capacity(report.stack.len());
        for (i, line) in report.stack.lines().enumerate() {
            if i > 0 {
                stack.push('\n');
            }
            match frame_location(line) {
                Some((range, loc)) => match maps.map(st, &loc.file, loc.line, loc.column) {
                    Some(m) => {
                        stack.push_str(&line[..range.start]);
                        stack.push_str(&format!("{}:{}:{}", m.file, m.line, m.column));
                        stack.push_str(&line[range.end..]);
                    }
                    None => stack.push_str(line),
                },
                None => stack.push_str(line),
            }
        }
        report.stack = stack;
    }
    if let Some(loc) = report.location.take() {
        match maps.map(st, &loc.file, loc.line, loc.column) {
            Some(m) => {
                report.location = Some(Location {
                    file: m.file,
                    line: m.line,
                    column: m.column,
                });
                report.source_line = m.source_line;
                return report;
            }
            None => report.location = Some(loc),
        }
    }
    report.with_source(|f| st.source_of(f))
}

/// The `file:line:col` in a stack line (`at f (…)` or `at …`): its byte
/// range in the line and its parts.
fn frame_location(line: &str) -> Option<(std::ops::Range<usize>, Location)> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix("at ")?;
    let rest_start = line.len() - rest.len();
    let (start, inner) = match (rest.rfind('('), rest.ends_with(')')) {
        (Some(open), true) => (rest_start + open + 1, &rest[open + 1..rest.len() - 1]),
        _ => (rest_start, rest.trim_end()),
    };
    let (before, col) = inner.rsplit_once(':')?;
    let (file, ln) = before.rsplit_once(':')?;
    let loc = Location {
        file: file.to_string(),
        line: ln.parse().ok()?,
        column: col.parse().ok()?,
    };
    Some((start..start + inner.len(), loc))
}

/// The URL in the source's last `//# sourceMappingURL=` (or `//@`, or
/// `/*# … */`) comment, which must start its line.
fn map_reference(source: &str) -> Option<&str> {
    const KEY: &str = "sourceMappingURL=";
    let mut end = source.len();
    while let Some(at) = source[..end].rfind(KEY) {
        end = at;
        let line_start = source[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let prefix = source[line_start..at].trim_start();
        let block = match prefix.trim_end() {
            "//#" | "//@" => false,
            "/*#" | "/*@" => true,
            _ => continue,
        };
        if !prefix.ends_with(char::is_whitespace) {
            continue;
        }
        let value = &source[at + KEY.len()..];
        let value = value.split(char::is_whitespace).next().unwrap_or("");
        let value = if block {
            value.split("*/").next().unwrap_or("")
        } else {
            value
        };
        return (!value.is_empty()).then_some(value);
    }
    None
}

/// Decodes `application/json[;charset=…];base64,<data>`.
fn decode_data(data: &str) -> Option<DecodedMap> {
    let (media, payload) = data.split_once(',')?;
    let mut params = media.split(';');
    if !params
        .next()?
        .trim()
        .eq_ignore_ascii_case("application/json")
    {
        return None;
    }
    if !params.any(|p| p.trim().eq_ignore_ascii_case("base64")) {
        return None;
    }
    swc_sourcemap::decode_data_url(&format!("data:application/json;base64,{payload}")).ok()
}

/// Reads the map file `reference` names, relative to the module at
/// `module_url`, if it lies in the module's folder or below.
fn read_map_file(module_url: &Url, reference: &str) -> Option<(Url, Vec<u8>)> {
    if module_url.scheme() != "file" {
        return None;
    }
    let map_url = module_url.join(reference).ok()?;
    if map_url.scheme() != "file" {
        return None;
    }
    let module_path = module_url.to_file_path().ok()?;
    let folder = module_path.parent()?.canonicalize().ok()?;
    let map_path = map_url.to_file_path().ok()?.canonicalize().ok()?;
    if !inside(&map_path, &folder) {
        return None;
    }
    let file = std::fs::File::open(&map_path).ok()?;
    if file.metadata().ok()?.len() > MAX_MAP_FILE {
        return None;
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_MAP_FILE), &mut bytes).ok()?;
    Some((map_url, bytes))
}

fn inside(path: &Path, folder: &Path) -> bool {
    path.starts_with(folder) && path != folder
}

/// The UTF-16 column of character column `chars` (both from 0) in `line`.
fn utf16_column(line: Option<&str>, chars: u32) -> u32 {
    match line {
        Some(line) => {
            let mut units = 0u32;
            let mut taken = 0u32;
            for c in line.chars() {
                if taken == chars {
                    return units;
                }
                units += c.len_utf16() as u32;
                taken += 1;
            }
            units + (chars - taken)
        }
        None => chars,
    }
}

/// The character column of UTF-16 column `units` (both from 0) in `line`.
fn char_column(line: Option<&str>, units: u32) -> u32 {
    match line {
        Some(line) => {
            let mut seen = 0u32;
            let mut chars = 0u32;
            for c in line.chars() {
                if seen >= units {
                    return chars;
                }
                seen += c.len_utf16() as u32;
                chars += 1;
            }
            chars + units.saturating_sub(seen)
        }
        None => units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Builtins, Isolate, IsolateOptions};

    #[test]
    fn finds_the_last_reference_comment() {
        assert_eq!(
            map_reference("a();\n//# sourceMappingURL=a.js.map\n"),
            Some("a.js.map")
        );
        assert_eq!(
            map_reference("//# sourceMappingURL=old.map\nb();\n  //@ sourceMappingURL=new.map"),
            Some("new.map")
        );
        assert_eq!(
            map_reference("x();\n/*# sourceMappingURL=data:application/json;base64,e30= */\n"),
            Some("data:application/json;base64,e30=")
        );
        // Not a comment that starts its line.
        assert_eq!(map_reference("s = '//# sourceMappingURL=x.map';\n"), None);
        assert_eq!(map_reference("no map here"), None);
    }

    #[test]
    fn locates_frames() {
        let (r, loc) = frame_location("    at f (file:///a/b.js:3:7)").unwrap();
        assert_eq!((r.start, r.end), (10, 28));
        assert_eq!(
            (loc.file.as_str(), loc.line, loc.column),
            ("file:///a/b.js", 3, 7)
        );
        let (r, loc) = frame_location("    at file:///a/c.js:1:2").unwrap();
        assert_eq!(&"    at file:///a/c.js:1:2"[r], "file:///a/c.js:1:2");
        assert_eq!(loc.line, 1);
        assert!(frame_location("    at native").is_none());
    }

    #[test]
    fn converts_columns() {
        assert_eq!(utf16_column(Some("a😀b"), 2), 3);
        assert_eq!(utf16_column(Some("ab"), 5), 5);
        assert_eq!(char_column(Some("a😀b"), 3), 2);
        assert_eq!(char_column(None, 4), 4);
    }

    #[test]
    fn decodes_data_urls_with_parameters() {
        // {"version":3,"sources":[],"names":[],"mappings":""}
        let b64 = "eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbXSwibmFtZXMiOltdLCJtYXBwaW5ncyI6IiJ9";
        assert!(decode_data(&format!("application/json;base64,{b64}")).is_some());
        assert!(decode_data(&format!("application/json;charset=utf-8;base64,{b64}")).is_some());
        assert!(decode_data(&format!("text/plain;base64,{b64}")).is_none());
        assert!(decode_data("application/json,{}").is_none());
    }

    fn builtins() -> &'static Builtins {
        static B: std::sync::OnceLock<Builtins> = std::sync::OnceLock::new();
        B.get_or_init(Builtins::new)
    }

    /// Declares a transpiled TypeScript module as the loader does, runs it,
    /// and returns the report of what it threw.
    fn run_ts(name: &str, path: &str, ts: &str) -> JsError {
        let isolate = Isolate::new(IsolateOptions::default(), builtins()).unwrap();
        let out = crate::typescript::transpile(Path::new(path), ts).unwrap();
        isolate.with(|ctx| {
            let (shown, map) = match out.source_map {
                Some(map) => (out.code.as_str(), Some(map)),
                None => (ts, None),
            };
            record_source(&ctx, name, shown.into(), map);
            let result = rquickjs::Module::declare(ctx.clone(), name, out.code.as_str())
                .and_then(|m| m.eval())
                .and_then(|(_, p)| p.finish::<()>());
            let value = match result {
                Err(rquickjs::Error::Exception) => ctx.catch(),
                other => panic!("expected a throw, got {other:?}"),
            };
            state(&ctx).error_report(&ctx, &value)
        })
    }

    #[test]
    fn transformed_typescript_reports_the_ts_position() {
        let ts = "enum E { A = 1, B }\n\
                  class P {\n\
                  \x20 constructor(public x: number) {}\n\
                  \x20 check(): void {\n\
                  \x20   if (this.x > E.A) {\n\
                  \x20     throw new Error(`too big: ${this.x as number}`);\n\
                  \x20   }\n\
                  \x20 }\n\
                  }\n\
                  new P(E.B).check();\n";
        let report = run_ts("file:///app/p.ts", "/app/p.ts", ts);
        let loc = report.location.clone().unwrap();
        assert_eq!(loc.file, "file:///app/p.ts");
        assert_eq!((loc.line, loc.column), (6, 17), "{report}");
        assert_eq!(
            report.source_line.as_deref(),
            Some("      throw new Error(`too big: ${this.x as number}`);")
        );
        assert!(
            report.stack.contains("(file:///app/p.ts:6:17)"),
            "{}",
            report.stack
        );
        assert!(
            report.stack.contains("file:///app/p.ts:10:"),
            "{}",
            report.stack
        );
        let shown = report.to_string();
        assert!(shown.starts_with("file:///app/p.ts:6:17\n      throw new Error(`too big: ${this.x as number}`);\n                ^\n"), "{shown}");
    }

    #[test]
    fn stripped_typescript_shows_the_ts_line() {
        let ts = "function f(a: number): never {\n  throw new RangeError(\"bad\" satisfies string);\n}\nf(1);\n";
        let report = run_ts("file:///app/s.ts", "/app/s.ts", ts);
        let loc = report.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (2, 13), "{report}");
        assert_eq!(
            report.source_line.as_deref(),
            Some("  throw new RangeError(\"bad\" satisfies string);")
        );
    }

    #[test]
    fn map_files_outside_the_module_folder_are_not_read() {
        let dir = std::env::temp_dir().join(format!("nanojs-sm-{}", std::process::id()));
        let sub = dir.join("lib");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join("outside.map"), "{}").unwrap();
        std::fs::write(sub.join("inside.map"), "{}").unwrap();
        let module = Url::from_file_path(sub.join("m.js")).unwrap();
        assert!(read_map_file(&module, "../outside.map").is_none());
        assert!(read_map_file(&module, "%2E%2E/outside.map").is_none());
        assert!(read_map_file(
            &module,
            Url::from_file_path(dir.join("outside.map"))
                .unwrap()
                .as_str()
        )
        .is_none());
        assert!(read_map_file(&module, "/etc/passwd").is_none());
        assert!(read_map_file(&module, "https://example.com/x.map").is_none());
        assert!(read_map_file(&module, "inside.map").is_some());
        #[cfg(unix)]
        {
            let link = sub.join("link.map");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(dir.join("outside.map"), &link).unwrap();
            assert!(read_map_file(&module, "link.map").is_none());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
