//! Host header → app. Runs on every request, so the common case (a
//! lower-case host without a port) is two hash lookups and no allocation.

use std::collections::HashMap;

use crate::host::host_key;
use crate::AppConfig;

#[derive(Clone, Debug, Default)]
pub struct Router {
    /// Exact host names and aliases.
    exact: HashMap<Box<str>, usize>,
    /// Wildcards by the suffix after `*.`: `*.example.com` → `example.com`.
    wildcard: HashMap<Box<str>, usize>,
    default: Option<usize>,
}

impl Router {
    /// Builds the tables from validated apps (see `Config::validate_apps`).
    /// If two apps claim one name anyway, the first wins; a `default_app` that
    /// names no app is ignored.
    pub fn new(apps: &[AppConfig], default_app: Option<&str>) -> Router {
        let mut r = Router {
            default: default_app.and_then(|d| apps.iter().position(|a| a.name == d)),
            ..Router::default()
        };
        for (i, app) in apps.iter().enumerate() {
            for h in std::iter::once(&app.hostname).chain(&app.aliases) {
                // Configured names are canonical already; this keeps the
                // router right for hand-built AppConfigs too.
                let h = h.to_ascii_lowercase();
                let h = h.strip_suffix('.').unwrap_or(&h);
                let (table, key) = match h.strip_prefix("*.") {
                    Some(suffix) => (&mut r.wildcard, suffix),
                    None => (&mut r.exact, h),
                };
                table.entry(key.into()).or_insert(i);
            }
        }
        r
    }

    /// Index into `apps` for a Host header value, or None (→ 404).
    ///
    /// Case-insensitive; ignores a port (`[::1]:8080` too) and a trailing dot.
    /// Exact names win over wildcards, and the longest wildcard suffix wins;
    /// `*.example.com` matches `a.example.com` and `a.b.example.com` but not
    /// `example.com`. Anything unmatched, empty or malformed goes to the
    /// default app if there is one.
    pub fn route(&self, host: &str) -> Option<usize> {
        let mut buf = [0u8; 256];
        let Some(key) = host_key(host, &mut buf) else {
            return self.default;
        };
        if let Some(&i) = self.exact.get(key) {
            return Some(i);
        }
        if !self.wildcard.is_empty() && !key.starts_with('[') {
            // Suffixes after each dot, longest first.
            for (at, b) in key.bytes().enumerate() {
                if b == b'.' {
                    if let Some(&i) = self.wildcard.get(&key[at + 1..]) {
                        return Some(i);
                    }
                }
            }
        }
        self.default
    }

    /// The index `route` falls back to.
    pub fn default_app(&self) -> Option<usize> {
        self.default
    }
}
