//! `// META:` headers of `.any.js` test files, and which of them we can run.

/// The metadata at the top of a test file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// `script=` helpers, in order, as written (absolute from the WPT root or
    /// relative to the test file).
    pub scripts: Vec<String>,
    /// `global=` scopes, comma-separated entries in order (None: not given).
    pub globals: Option<Vec<String>>,
    /// `timeout=long`.
    pub long_timeout: bool,
    /// `title=`.
    pub title: Option<String>,
    /// `variant=` query strings (we run each file once, without a variant).
    pub variants: Vec<String>,
}

/// Parses the META block the way wpt's manifest tool does: consecutive
/// `// META: key=value` lines from the top; the first other line ends it.
pub fn parse_meta(source: &str) -> Meta {
    let mut meta = Meta::default();
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("//") else {
            break;
        };
        let Some(rest) = rest.trim_start().strip_prefix("META:") else {
            break;
        };
        let Some((key, value)) = rest.trim_start().split_once('=') else {
            break;
        };
        let key = key.trim();
        if !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            break;
        }
        let value = value.trim();
        match key {
            "script" => meta.scripts.push(value.to_string()),
            "global" => {
                let list = meta.globals.get_or_insert_with(Vec::new);
                list.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
            }
            "timeout" => meta.long_timeout = value == "long",
            "title" => meta.title = Some(value.to_string()),
            "variant" => meta.variants.push(value.to_string()),
            _ => {}
        }
    }
    meta
}

/// Scopes whose tests make sense in a nanojs isolate: it has no DOM, is not a
/// shared or service worker, and testharness sees it as a shell.
const RUNNABLE_SCOPES: &[&str] = &["window", "worker", "dedicatedworker", "jsshell"];

impl Meta {
    /// Why the file cannot run here, or None when it can.
    pub fn skip_reason(&self) -> Option<String> {
        let Some(globals) = &self.globals else {
            // Default for .any.js: window and dedicatedworker.
            return None;
        };
        let included: Vec<&str> = globals
            .iter()
            .map(String::as_str)
            .filter(|g| !g.starts_with('-'))
            .collect();
        if included.is_empty() {
            // Only exclusions: the defaults minus those.
            return None;
        }
        let runnable = included
            .iter()
            .any(|g| RUNNABLE_SCOPES.contains(g) || g.starts_with("shadowrealm"));
        if runnable {
            None
        } else {
            Some(format!(
                "META global={} has no scope nanojs emulates (window, worker, dedicatedworker, shadowrealm, jsshell)",
                included.join(",")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header_block() {
        let src = "// META: global=window,worker\n\
                   // META: script=/common/sab.js\n\
                   //META:script=resources/helper.js\n\
                   // META: timeout=long\n\
                   // META: title=Encoding API: Basics\n\
                   // META: variant=?1-1000\n\
                   // META: variant=?1001-last\n\
                   \n\
                   // META: script=/ignored-after-blank.js\n\
                   test(() => {});\n";
        let m = parse_meta(src);
        assert_eq!(m.scripts, vec!["/common/sab.js", "resources/helper.js"]);
        assert_eq!(
            m.globals,
            Some(vec!["window".to_string(), "worker".to_string()])
        );
        assert!(m.long_timeout);
        assert_eq!(m.title.as_deref(), Some("Encoding API: Basics"));
        assert_eq!(m.variants, vec!["?1-1000", "?1001-last"]);
    }

    #[test]
    fn stops_at_first_other_line() {
        let m = parse_meta("'use strict';\n// META: script=/x.js\n");
        assert_eq!(m, Meta::default());
        let m = parse_meta("// a comment\n// META: script=/x.js\n");
        assert!(m.scripts.is_empty());
    }

    #[test]
    fn title_may_contain_equals() {
        let m = parse_meta("// META: title=a=b, c\n");
        assert_eq!(m.title.as_deref(), Some("a=b, c"));
    }

    #[test]
    fn default_globals_are_runnable() {
        assert_eq!(parse_meta("test(()=>{})").skip_reason(), None);
    }

    #[test]
    fn global_filter() {
        let run = |g: &str| parse_meta(&format!("// META: global={g}\n")).skip_reason();
        assert_eq!(run("window,worker"), None);
        assert_eq!(run("dedicatedworker"), None);
        assert_eq!(run("shadowrealm-in-window"), None);
        assert_eq!(run("jsshell"), None);
        assert_eq!(run("window,-serviceworker"), None);
        assert_eq!(run("-sharedworker"), None);
        assert!(run("serviceworker").is_some());
        assert!(run("sharedworker,serviceworker").is_some());
        assert!(run("window-module").is_some());
    }
}
