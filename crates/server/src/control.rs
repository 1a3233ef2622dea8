//! The main thread: reloads (config file changes, SIGHUP, admin API), the
//! admin listener, and shutdown on SIGTERM/SIGINT. It owns the config and
//! publishes registry snapshots for the workers.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use nanojs_config::{AppConfig, Config};
use notify::Watcher as _;
use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::{mpsc, watch};

use crate::registry::Registry;
use crate::{load_config, ServeOptions, Shared, Source};

/// Changes in a burst (an editor saving several files) become one reload.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The signals the server reacts to, registered before it starts serving so
/// that a SIGTERM right after start-up is not the default (instant) death.
pub(crate) struct Signals {
    hangup: Signal,
    terminate: Signal,
    interrupt: Signal,
}

impl Signals {
    /// Registers the handlers; call inside the control runtime.
    pub fn register() -> Result<Signals> {
        Ok(Signals {
            hangup: signal(SignalKind::hangup()).context("cannot handle SIGHUP")?,
            terminate: signal(SignalKind::terminate()).context("cannot handle SIGTERM")?,
            interrupt: signal(SignalKind::interrupt()).context("cannot handle SIGINT")?,
        })
    }
}

/// The main thread's runtime: signals, admin API, reloads.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the control runtime")
}

pub(crate) struct Control {
    options: ServeOptions,
    /// The config as loaded from the source, before admin changes.
    config: RefCell<Config>,
    /// Apps added and removed through the admin API; they survive reloads
    /// of the file (an added app whose name the file now uses gives way).
    added: RefCell<Vec<AppConfig>>,
    removed: RefCell<BTreeSet<String>>,
    pub shared: Arc<Shared>,
    pub workers: usize,
    shutdown: watch::Sender<bool>,
}

impl Control {
    pub fn new(
        options: ServeOptions,
        config: Config,
        shared: Arc<Shared>,
        workers: usize,
        shutdown: watch::Sender<bool>,
    ) -> Rc<Control> {
        Rc::new(Control {
            options,
            config: RefCell::new(config),
            added: RefCell::new(Vec::new()),
            removed: RefCell::new(BTreeSet::new()),
            shared,
            workers,
            shutdown,
        })
    }

    /// Runs until SIGTERM/SIGINT on the runtime `Signals` were made with.
    pub fn run(self: Rc<Self>, rt: tokio::runtime::Runtime, signals: Signals) -> Result<()> {
        let local = tokio::task::LocalSet::new();
        local.block_on(&rt, self.main(signals))
    }

    async fn main(self: Rc<Self>, signals: Signals) -> Result<()> {
        let Signals {
            mut hangup,
            mut terminate,
            mut interrupt,
        } = signals;
        let admin = self.config.borrow().admin.clone();
        if let Some(admin) = admin {
            let listener = crate::admin::bind(&admin).await?;
            tracing::info!(
                "admin listening on http://{}{}",
                listener.local_addr()?,
                if admin.token.is_some() {
                    ""
                } else {
                    " (no token configured: only /health is served)"
                }
            );
            tokio::task::spawn_local(crate::admin::serve(listener, Rc::clone(&self), admin.token));
        }
        let (changes_tx, mut changes) = mpsc::unbounded_channel::<()>();
        let mut watcher = if self.options.watch {
            self.watch(changes_tx.clone())
        } else {
            None
        };
        loop {
            tokio::select! {
                _ = hangup.recv() => {
                    tracing::info!("SIGHUP: reloading");
                    let _ = self.reload();
                }
                Some(()) = changes.recv() => {
                    // Let the burst settle, then reload once.
                    loop {
                        tokio::select! {
                            Some(()) = changes.recv() => continue,
                            _ = tokio::time::sleep(DEBOUNCE) => break,
                        }
                    }
                    tracing::info!("files changed: reloading");
                    if self.reload().is_ok() && self.options.watch {
                        // App folders may have changed: watch the new set.
                        watcher = self.watch(changes_tx.clone());
                    }
                }
                _ = terminate.recv() => break,
                _ = interrupt.recv() => break,
            }
        }
        drop(watcher);
        tracing::info!(
            "shutting down: finishing in-flight requests (up to {} s)",
            self.options.grace.as_secs_f64()
        );
        let _ = self.shutdown.send(true);
        Ok(())
    }

    /// Watches the config file and every app's folder.
    fn watch(&self, tx: mpsc::UnboundedSender<()>) -> Option<notify::RecommendedWatcher> {
        let config_file = match &self.options.source {
            Source::ConfigFile(p) => Some(p.clone()),
            Source::App(_) => None,
        };
        let apps: Vec<PathBuf> = self.effective().apps.into_iter().map(|a| a.path).collect();
        let watched_file = config_file.clone();
        let app_dirs = apps.clone();
        let handler = move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            // The config's folder is watched to see editors replace the file;
            // other files there (logs, notes) only matter inside an app.
            let relevant = event.paths.iter().any(|p| {
                watched_file.as_ref() == Some(p) || app_dirs.iter().any(|d| p.starts_with(d))
            });
            if relevant {
                let _ = tx.send(());
            }
        };
        let mut watcher = match notify::recommended_watcher(handler) {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!("cannot watch files for changes ({e}); reload with SIGHUP");
                return None;
            }
        };
        let mut paths: Vec<(PathBuf, notify::RecursiveMode)> = Vec::new();
        if let Some(file) = &config_file {
            if let Some(dir) = file.parent() {
                paths.push((dir.to_path_buf(), notify::RecursiveMode::NonRecursive));
            }
        }
        for dir in apps {
            paths.push((dir, notify::RecursiveMode::Recursive));
        }
        for (path, mode) in paths {
            if let Err(e) = watcher.watch(&path, mode) {
                tracing::warn!("cannot watch {} for changes: {e}", path.display());
            }
        }
        Some(watcher)
    }

    /// The config with admin changes applied.
    pub fn effective(&self) -> Config {
        let mut config = self.config.borrow().clone();
        let removed = self.removed.borrow();
        config.apps.retain(|a| !removed.contains(&a.name));
        if config
            .default_app
            .as_ref()
            .is_some_and(|d| removed.contains(d))
        {
            config.default_app = None;
        }
        for app in self.added.borrow().iter() {
            if config.apps.iter().all(|a| a.name != app.name) {
                config.apps.push(app.clone());
            }
        }
        config
    }

    /// Publishes a registry for the effective config.
    fn publish(&self, config: &Config) {
        let current = self.shared.registry.load_full();
        let next = Registry::build(config, &current, self.workers);
        let changed: Vec<&str> = next
            .apps
            .iter()
            .filter(|a| current.app(&a.config.name).is_none_or(|old| old.id != a.id))
            .map(|a| a.config.name.as_str())
            .collect();
        let gone: Vec<&str> = current
            .apps
            .iter()
            .filter(|a| next.app(&a.config.name).is_none())
            .map(|a| a.config.name.as_str())
            .collect();
        tracing::info!(
            apps = next.apps.len(),
            "registry updated (new or changed: [{}]; removed: [{}])",
            changed.join(", "),
            gone.join(", ")
        );
        self.shared.registry.store(Arc::new(next));
    }

    /// Re-reads the source. On error the running apps stay as they are.
    pub fn reload(&self) -> Result<usize, String> {
        let loaded = match load_config(&self.options.source) {
            Ok(c) => c,
            Err(e) => {
                let message = format!("{e}");
                tracing::error!("reload failed, keeping the running config: {message}");
                return Err(message);
            }
        };
        {
            let old = self.config.borrow();
            if loaded.port != old.port || loaded.host != old.host || loaded.workers != old.workers {
                tracing::warn!("port, host and workers changes take effect on restart");
            }
        }
        let mut loaded = loaded;
        // Command-line overrides still apply.
        let old = self.config.borrow().clone();
        loaded.port = old.port;
        loaded.host = old.host.clone();
        *self.config.borrow_mut() = loaded;
        let config = self.effective();
        if let Err(e) = config.validate_apps() {
            let message = format!("{e}");
            tracing::error!("reload failed, keeping the running config: {message}");
            *self.config.borrow_mut() = old;
            return Err(message);
        }
        self.publish(&config);
        Ok(config.apps.len())
    }

    /// Adds an app (admin API).
    pub fn add_app(&self, app: AppConfig) -> Result<(), String> {
        let mut config = self.effective();
        if config.apps.iter().any(|a| a.name == app.name) {
            return Err(format!("an app named \"{}\" already exists", app.name));
        }
        config.apps.push(app.clone());
        config.validate_apps().map_err(|e| format!("{e}"))?;
        self.removed.borrow_mut().remove(&app.name);
        self.added.borrow_mut().push(app);
        self.publish(&config);
        Ok(())
    }

    /// Removes an app (admin API); its in-flight requests finish.
    pub fn remove_app(&self, name: &str) -> Result<(), String> {
        let mut config = self.effective();
        if config.apps.iter().all(|a| a.name != name) {
            return Err(format!("no app named \"{name}\""));
        }
        config.apps.retain(|a| a.name != name);
        if config.default_app.as_deref() == Some(name) {
            config.default_app = None;
        }
        self.added.borrow_mut().retain(|a| a.name != name);
        self.removed.borrow_mut().insert(name.to_string());
        self.publish(&config);
        Ok(())
    }

    /// The folder relative paths in admin requests resolve against.
    pub fn base_dir(&self) -> PathBuf {
        match &self.options.source {
            Source::ConfigFile(p) => p.parent().map(|d| d.to_path_buf()).unwrap_or_default(),
            Source::App(_) => std::env::current_dir().unwrap_or_default(),
        }
    }

    pub fn defaults(&self) -> nanojs_config::Limits {
        self.config.borrow().defaults
    }
}
