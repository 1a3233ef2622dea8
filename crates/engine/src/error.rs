//! JS errors as the host reports them: `file:line:col`, the source line with a
//! caret, and the stack.

use std::fmt;

use rquickjs::{Ctx, Object, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A value thrown by JS (or a rejected promise nobody handled).
    Exception,
    /// The interrupt handler stopped JS because its CPU budget ran out.
    CpuLimitExceeded,
    /// The isolate's memory limit was hit.
    OutOfMemory,
    /// The host could not load code (missing file, unresolved import).
    Load,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// An error raised by JS or by the engine on JS's behalf.
#[derive(Clone, Debug, thiserror::Error)]
pub struct JsError {
    pub kind: ErrorKind,
    /// `name: message` (or the thrown value as a string).
    pub summary: String,
    /// The stack frames, one per line (`    at f (file:1:2)`), possibly empty.
    pub stack: String,
    pub location: Option<Location>,
    /// The source line at `location`, when the source is known.
    pub source_line: Option<String>,
    /// Prefix for non-Error throws (`Uncaught`), as Node prints it.
    pub uncaught_value: bool,
}

impl JsError {
    pub fn new(kind: ErrorKind, summary: impl Into<String>) -> Self {
        Self {
            kind,
            summary: summary.into(),
            stack: String::new(),
            location: None,
            source_line: None,
            uncaught_value: false,
        }
    }

    pub fn cpu_limit() -> Self {
        Self::new(
            ErrorKind::CpuLimitExceeded,
            "Error: CPU time limit exceeded",
        )
    }

    /// Builds a report from a thrown JS value.
    pub fn from_value<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Self {
        let mut err = JsError::new(ErrorKind::Exception, "");
        match value.as_object().filter(|o| is_error_like(o)) {
            Some(obj) => {
                let name: String = obj
                    .get::<_, Option<String>>("name")
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| "Error".into());
                let message: String = obj
                    .get::<_, Option<rquickjs::Coerced<String>>>("message")
                    .ok()
                    .flatten()
                    .map(|c| c.0)
                    .unwrap_or_default();
                err.summary = if message.is_empty() {
                    name.clone()
                } else {
                    format!("{name}: {message}")
                };
                let stack: String = obj
                    .get::<_, Option<String>>("stack")
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                err.stack = stack.trim_end().to_string();
                err.location = first_frame(&err.stack).or_else(|| syntax_location(obj));
                if name == "InternalError" && message == "out of memory" {
                    err.kind = ErrorKind::OutOfMemory;
                }
            }
            None => {
                err.uncaught_value = true;
                err.summary = describe_value(ctx, value);
            }
        }
        err
    }

    /// Fills `source_line` from a source lookup (file name → text).
    pub fn with_source(mut self, lookup: impl Fn(&str) -> Option<std::rc::Rc<str>>) -> Self {
        if let Some(loc) = &self.location {
            if let Some(src) = lookup(&loc.file) {
                self.source_line = src
                    .lines()
                    .nth(loc.line.saturating_sub(1) as usize)
                    .map(str::to_string);
            }
        }
        self
    }
}

impl fmt::Display for JsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(loc), Some(line)) = (&self.location, &self.source_line) {
            writeln!(f, "{loc}")?;
            writeln!(f, "{line}")?;
            // The caret sits under the column; tabs are kept so it lines up.
            let pad: String = line
                .chars()
                .take(loc.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad}^")?;
            writeln!(f)?;
        } else if let Some(loc) = &self.location {
            if self.stack.is_empty() {
                writeln!(f, "{loc}")?;
            }
        }
        if self.uncaught_value {
            write!(f, "Uncaught {}", self.summary)?;
        } else {
            write!(f, "{}", self.summary)?;
        }
        if !self.stack.is_empty() {
            write!(f, "\n{}", self.stack)?;
        }
        Ok(())
    }
}

fn is_error_like(obj: &Object<'_>) -> bool {
    obj.is_error()
        || (obj.contains_key("stack").unwrap_or(false)
            && obj.contains_key("message").unwrap_or(false))
}

fn describe_value<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> String {
    if let Some(s) = value.as_string() {
        return format!("'{}'", s.to_string().unwrap_or_default());
    }
    // JSON is a fair rendering for plain data; fall back to String().
    if value.is_object() {
        if let Ok(Some(json)) = ctx.json_stringify(value.clone()) {
            if let Ok(s) = json.to_string() {
                return s;
            }
        }
    }
    rquickjs::Coerced::<String>::from_js(ctx, value.clone())
        .map(|c| c.0)
        .unwrap_or_else(|_| "<unprintable value>".into())
}

use rquickjs::FromJs;

/// Parses the first `at ... (file:line:col)` or `at file:line:col` frame.
pub(crate) fn first_frame(stack: &str) -> Option<Location> {
    for line in stack.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("at ") else {
            continue;
        };
        let inner = match (rest.rfind('('), rest.ends_with(')')) {
            (Some(open), true) => &rest[open + 1..rest.len() - 1],
            _ => rest,
        };
        if let Some(loc) = parse_location(inner) {
            if loc.file == "native" || loc.file.starts_with("nanojs:") {
                continue;
            }
            return Some(loc);
        }
    }
    None
}

fn parse_location(s: &str) -> Option<Location> {
    let (rest, col) = s.rsplit_once(':')?;
    let (file, line) = rest.rsplit_once(':')?;
    Some(Location {
        file: file.to_string(),
        line: line.parse().ok()?,
        column: col.parse().ok()?,
    })
}

/// QuickJS-NG puts a syntax error's position in `fileName`/`lineNumber`/`columnNumber`.
fn syntax_location(obj: &Object<'_>) -> Option<Location> {
    let file: String = obj.get::<_, Option<String>>("fileName").ok().flatten()?;
    let line: u32 = obj.get::<_, Option<u32>>("lineNumber").ok().flatten()?;
    let column: u32 = obj
        .get::<_, Option<u32>>("columnNumber")
        .ok()
        .flatten()
        .unwrap_or(1);
    Some(Location { file, line, column })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_frames() {
        let s = "    at foo (file:///a/b.js:3:7)\n    at file:///a/c.js:1:2\n";
        assert_eq!(
            first_frame(s),
            Some(Location {
                file: "file:///a/b.js".into(),
                line: 3,
                column: 7
            })
        );
        assert_eq!(
            first_frame("    at native\n    at <eval>:1:5"),
            Some(Location {
                file: "<eval>".into(),
                line: 1,
                column: 5
            })
        );
        assert_eq!(first_frame("no frames"), None);
    }

    #[test]
    fn renders_caret_under_column() {
        let mut e = JsError::new(ErrorKind::Exception, "Error: boom");
        e.location = Some(Location {
            file: "a.js".into(),
            line: 1,
            column: 5,
        });
        e.source_line = Some("let x = y;".into());
        e.stack = "    at a.js:1:5".into();
        assert_eq!(
            e.to_string(),
            "a.js:1:5\nlet x = y;\n    ^\n\nError: boom\n    at a.js:1:5"
        );
    }
}
