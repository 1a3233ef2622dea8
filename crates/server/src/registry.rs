//! The app registry: an immutable snapshot of the configured apps and their
//! router. Workers read the current one without a lock (`ArcSwap`); a reload
//! builds a new one and swaps it in. An app whose config and code are
//! unchanged keeps its `App` (and so its isolates) across reloads.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use nanojs_config::{AppConfig, Config, Router};

use crate::metrics::AppMetrics;

/// One version of one app. A new version (new `id`) gets new isolates.
pub struct App {
    pub id: u64,
    pub config: AppConfig,
    /// Hash of the app folder's file names, sizes and mtimes.
    pub code: u64,
    pub metrics: Arc<AppMetrics>,
}

pub struct Registry {
    pub apps: Vec<Arc<App>>,
    pub router: Router,
}

static NEXT_APP_ID: AtomicU64 = AtomicU64::new(1);

impl Registry {
    pub fn empty() -> Registry {
        Registry {
            apps: Vec::new(),
            router: Router::new(&[], None),
        }
    }

    /// Builds the snapshot for `config`, reusing unchanged apps of
    /// `previous` and the metrics of apps with the same name.
    pub fn build(config: &Config, previous: &Registry, workers: usize) -> Registry {
        let old: HashMap<&str, &Arc<App>> = previous
            .apps
            .iter()
            .map(|a| (a.config.name.as_str(), a))
            .collect();
        let apps = config
            .apps
            .iter()
            .map(|c| {
                let code = code_fingerprint(&c.path);
                match old.get(c.name.as_str()) {
                    Some(a) if a.config == *c && a.code == code => Arc::clone(a),
                    Some(a) => Arc::new(App {
                        id: NEXT_APP_ID.fetch_add(1, Ordering::Relaxed),
                        config: c.clone(),
                        code,
                        metrics: Arc::clone(&a.metrics),
                    }),
                    None => Arc::new(App {
                        id: NEXT_APP_ID.fetch_add(1, Ordering::Relaxed),
                        config: c.clone(),
                        code,
                        metrics: Arc::new(AppMetrics::new(workers)),
                    }),
                }
            })
            .collect();
        Registry {
            apps,
            router: Router::new(&config.apps, config.default_app.as_deref()),
        }
    }

    pub fn app(&self, name: &str) -> Option<&Arc<App>> {
        self.apps.iter().find(|a| a.config.name == name)
    }
}

/// Files visited per app when fingerprinting: enough for any real app,
/// bounded so a huge folder cannot stall a reload.
const MAX_FILES: usize = 20_000;

/// A hash of the names, sizes and modification times of the files under
/// `dir` (or of `dir` itself if it is a file), skipping hidden entries and
/// `node_modules`. Changing any source file changes it.
pub fn code_fingerprint(dir: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut seen = 0;
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            let Ok(entries) = std::fs::read_dir(&path) else {
                continue;
            };
            let mut children: Vec<_> = entries
                .filter_map(|e| e.ok())
                .filter(|e| {
                    let name = e.file_name();
                    let name = name.to_string_lossy();
                    !name.starts_with('.') && name != "node_modules"
                })
                .map(|e| e.path())
                .collect();
            children.sort();
            stack.extend(children);
            continue;
        }
        seen += 1;
        if seen > MAX_FILES {
            break;
        }
        path.hash(&mut hasher);
        meta.len().hash(&mut hasher);
        if let Ok(m) = meta.modified() {
            m.duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
                .hash(&mut hasher);
        }
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_changes_with_code() {
        let dir = std::env::temp_dir().join(format!("nanojs-fp-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lib")).unwrap();
        std::fs::write(dir.join("index.js"), "a").unwrap();
        let a = code_fingerprint(&dir);
        assert_eq!(a, code_fingerprint(&dir));
        std::fs::write(dir.join("lib/x.js"), "b").unwrap();
        let b = code_fingerprint(&dir);
        assert_ne!(a, b);
        std::fs::write(dir.join("index.js"), "longer").unwrap();
        assert_ne!(b, code_fingerprint(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
