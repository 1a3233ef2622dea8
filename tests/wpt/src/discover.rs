//! Finding test files under the WPT root and resolving paths inside it.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Directories that hold helpers, never tests (as in wpt's manifest).
const NON_TEST_DIRS: &[&str] = &["resources", "support", "tools", "common"];

/// Whether `rel` (relative to the WPT root, `/`-separated) names a test file.
pub fn is_test_file(rel: &str) -> bool {
    rel.ends_with(".any.js")
        && !rel
            .split('/')
            .rev()
            .skip(1)
            .any(|c| NON_TEST_DIRS.contains(&c))
}

/// Turns `path` (absolute, relative to the cwd, or relative to the WPT root)
/// into a `/`-separated path relative to the root.
pub fn relative_to_root(root: &Path, path: &str) -> Result<String> {
    let candidate = Path::new(path);
    let absolute = if candidate.is_absolute() {
        candidate.to_path_buf()
    } else if root.join(candidate).exists() {
        root.join(candidate)
    } else if candidate.exists() {
        std::env::current_dir()?.join(candidate)
    } else {
        bail!(
            "{path}: no such file or directory (under {} or the current directory)",
            root.display()
        );
    };
    let absolute = absolute
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", absolute.display()))?;
    let rel = absolute.strip_prefix(root).with_context(|| {
        format!(
            "{} is not inside the WPT directory {}",
            absolute.display(),
            root.display()
        )
    })?;
    Ok(to_slash(rel))
}

fn to_slash(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Test files (relative to `root`, sorted) under each of `paths` (files or
/// directories, relative to the root).
pub fn discover(root: &Path, paths: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for rel in paths {
        let full = root.join(rel);
        if full.is_dir() {
            walk(root, &full, &mut out)?;
        } else if full.is_file() {
            out.push(rel.trim_start_matches('/').to_string());
        } else {
            bail!("{} does not exist", full.display());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = to_slash(rel);
            if is_test_file(&rel) {
                out.push(rel);
            }
        }
    }
    Ok(())
}

/// The URL a test file is served at by the server at `origin`.
pub fn url_of(origin: &str, rel: &str) -> url::Url {
    url::Url::parse(&format!("{origin}/{rel}")).expect("valid test URL")
}

/// Resolves `reference` (a META script or fetched URL) against `base` and
/// returns the file it names, relative to the root; None when it points
/// outside the WPT server.
pub fn resolve(base: &url::Url, reference: &str) -> Option<String> {
    let url = base.join(reference).ok()?;
    if url.origin() != base.origin() {
        return None;
    }
    let path = url.path();
    let decoded: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    if decoded.iter().any(|s| s == ".." || s.contains('\\')) {
        return None;
    }
    Some(served_file(&decoded.join("/")).to_string())
}

/// wptserve's aliases: URL path → file in the checkout.
fn served_file(path: &str) -> &str {
    match path {
        "resources/WebIDLParser.js" => "resources/webidl2/lib/webidl2.js",
        other => other,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_files() {
        assert!(is_test_file("url/urlsearchparams-append.any.js"));
        assert!(!is_test_file("url/resources/helper.any.js"));
        assert!(!is_test_file("url/a.window.js"));
        assert!(!is_test_file("url/a.js"));
        assert!(is_test_file("resources-x/a.any.js"));
    }

    #[test]
    fn resolves_meta_scripts() {
        let base = url_of("http://localhost:8000", "encoding/textdecoder-fatal.any.js");
        assert_eq!(
            resolve(&base, "resources/encodings.js").as_deref(),
            Some("encoding/resources/encodings.js")
        );
        assert_eq!(
            resolve(&base, "/common/sab.js").as_deref(),
            Some("common/sab.js")
        );
        assert_eq!(
            resolve(&base, "./resources/x.js").as_deref(),
            Some("encoding/resources/x.js")
        );
        assert_eq!(
            resolve(&base, "../../fetch/x%20y.json").as_deref(),
            Some("fetch/x y.json")
        );
        assert_eq!(resolve(&base, "https://example.com/x.js"), None);
        assert_eq!(
            resolve(&base, "/resources/WebIDLParser.js").as_deref(),
            Some("resources/webidl2/lib/webidl2.js")
        );
    }
}
