//! Where an app's code is: the folder or script named by `path`, and the
//! script named by `entry` or found in the folder.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use serde_json::Map;

use crate::json::quote;
use crate::validate::{check_name, Ctx, MAX_NAME_LEN};
use crate::{AppConfig, Limits, ENTRY_CANDIDATES};

/// Resolves `path` (against `base`) and `entry` (against the app folder) to
/// canonical (folder, script).
pub(crate) fn locate(
    raw: &str,
    entry: Option<&str>,
    base: &Path,
    path_field: &str,
    entry_field: &str,
    ctx: &mut Ctx,
) -> Option<(PathBuf, PathBuf)> {
    let q = quote(raw);
    if raw.is_empty() {
        ctx.err(
            path_field,
            "is empty; expected the app folder or script, e.g. \"./apps/blog\"",
        );
        return None;
    }
    let resolved = absolute(&base.join(raw));
    let shown = resolved.display();
    let meta = match std::fs::metadata(&resolved) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            ctx.err(
                path_field,
                format!("folder {q} (resolved to {shown}) does not exist"),
            );
            return None;
        }
        Err(e) => {
            ctx.err(
                path_field,
                format!("{q} (resolved to {shown}) cannot be read: {e}"),
            );
            return None;
        }
    };
    let canon = |p: &Path, field: &str, ctx: &mut Ctx| match std::fs::canonicalize(p) {
        Ok(c) => Some(c),
        Err(e) => {
            ctx.err(field, format!("{} cannot be resolved: {e}", p.display()));
            None
        }
    };
    if meta.is_file() {
        if entry.is_some() {
            ctx.err(
                entry_field,
                format!("must not be set when \"path\" names a script ({q}); point \"path\" at the folder instead"),
            );
            return None;
        }
        let file = canon(&resolved, path_field, ctx)?;
        let dir = file.parent().unwrap_or(Path::new("/")).to_path_buf();
        return Some((dir, file));
    }
    if !meta.is_dir() {
        ctx.err(
            path_field,
            format!("{q} (resolved to {shown}) is neither a folder nor a file"),
        );
        return None;
    }
    let dir = canon(&resolved, path_field, ctx)?;
    let Some(e) = entry else {
        for name in ENTRY_CANDIDATES {
            let p = dir.join(name);
            if p.is_file() {
                return canon(&p, path_field, ctx).map(|f| (dir, f));
            }
        }
        ctx.err(
            path_field,
            format!(
                "folder {q} (resolved to {}) has none of {}; add one or set \"entry\"",
                dir.display(),
                ENTRY_CANDIDATES.join(", ")
            ),
        );
        return None;
    };
    let qe = quote(e);
    let rel = Path::new(e);
    // Keeps an app's script inside its folder (symlinks are the operator's
    // own choice and are followed).
    if e.is_empty()
        || rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        ctx.err(
            entry_field,
            format!("{qe} must be a relative path inside the app folder, without \"..\" (e.g. \"src/index.js\")"),
        );
        return None;
    }
    let file = dir.join(rel);
    match std::fs::metadata(&file) {
        Ok(m) if m.is_file() => canon(&file, entry_field, ctx).map(|f| (dir, f)),
        Ok(_) => {
            ctx.err(
                entry_field,
                format!(
                    "{qe} (resolved to {}) is a folder; expected a script file",
                    file.display()
                ),
            );
            None
        }
        Err(err) => {
            let why = if err.kind() == ErrorKind::NotFound {
                "does not exist".to_string()
            } else {
                format!("cannot be read: {err}")
            };
            ctx.err(
                entry_field,
                format!("file {qe} (resolved to {}) {why}", file.display()),
            );
            None
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The app for `nanojs serve <path>`; messages have no field path.
pub(crate) fn single_app(path: &Path, base: &Path, ctx: &mut Ctx) -> Option<AppConfig> {
    let raw = path.to_string_lossy();
    let (dir, entry) = locate(&raw, None, base, "", "", ctx)?;
    let named = if std::fs::metadata(base.join(path)).is_ok_and(|m| m.is_file()) {
        entry.file_stem()
    } else {
        dir.file_name()
    };
    let name = sanitize_name(&named.map(|s| s.to_string_lossy()).unwrap_or_default());
    Some(AppConfig {
        name,
        hostname: "localhost".to_string(),
        aliases: Vec::new(),
        path: dir,
        entry,
        env: Map::new(),
        limits: Limits::default(),
        outbound_allow: Vec::new(),
    })
}

/// Maps characters outside the name charset to `-`; falls back to `app`.
pub(crate) fn sanitize_name(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(MAX_NAME_LEN)
        .collect();
    if check_name(&s).is_err() {
        s = "app".to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitized_names() {
        assert_eq!(sanitize_name("my app"), "my-app");
        assert_eq!(sanitize_name("héllo"), "h-llo");
        assert_eq!(sanitize_name(""), "app");
        assert_eq!(sanitize_name(".."), "app");
        assert_eq!(sanitize_name(&"x".repeat(100)).len(), MAX_NAME_LEN);
    }
}
