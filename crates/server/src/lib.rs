//! `nanojs serve`: config → registry → router → worker → isolate.
//!
//! N worker threads each accept on the same port (SO_REUSEPORT) and own
//! their isolates; the main thread runs the admin listener, signal handling
//! and config reloads, and publishes new registry snapshots that workers
//! pick up without a lock.

mod admin;
mod breaker;
mod console;
mod control;
mod instance;
mod metrics;
mod registry;
mod streaming;
mod worker;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use arc_swap::ArcSwap;
use nanojs_config::Config;
use tokio::sync::watch;

use crate::registry::Registry;

/// What the workers share: the current registry and the shutdown signal.
pub(crate) struct Shared {
    pub registry: ArcSwap<Registry>,
    pub shutdown: watch::Receiver<bool>,
    pub grace: Duration,
}

/// Where the served apps come from, for reloads.
#[derive(Clone, Debug)]
pub enum Source {
    /// A `nano.json` file.
    ConfigFile(PathBuf),
    /// One app folder or file (`nanojs serve ./my-app`).
    App(PathBuf),
}

pub struct ServeOptions {
    pub source: Source,
    /// Overrides of the config's `port`, `host` and `workers`.
    pub port: Option<u16>,
    pub host: Option<String>,
    pub workers: Option<usize>,
    /// How long SIGTERM waits for in-flight requests.
    pub grace: Duration,
    /// Reload when the config file or an app's files change.
    pub watch: bool,
}

/// Loads the apps from `source`.
pub fn load_config(source: &Source) -> Result<Config, nanojs_config::ConfigError> {
    match source {
        Source::ConfigFile(path) => Config::load(path),
        Source::App(path) => Config::single_app(path),
    }
}

/// Serves until SIGTERM/SIGINT, then drains and returns.
pub fn serve(options: ServeOptions) -> Result<()> {
    let mut config = load_config(&options.source).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(port) = options.port {
        config.port = port;
    }
    if let Some(host) = options.host.clone() {
        config.host = host;
    }
    let workers = options
        .workers
        .or(config.workers)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);

    let rt = control::runtime()?;
    let signals = {
        let _guard = rt.enter();
        control::Signals::register()?
    };
    let listeners = bind(&config.host, config.port, workers)?;
    let addr = listeners[0].local_addr()?;
    let registry = Registry::build(&config, &Registry::empty(), workers);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        registry: ArcSwap::from_pointee(registry),
        shutdown: shutdown_rx,
        grace: options.grace,
    });

    let mut threads = Vec::with_capacity(workers);
    for (id, listener) in listeners.into_iter().enumerate() {
        let shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("nanojs-worker-{id}"))
            .spawn(move || worker::run(id, listener, shared))
            .context("cannot start a worker thread")?;
        threads.push(thread);
    }
    tracing::info!(
        "nanojs listening on http://{addr} ({workers} worker{}, {} app{})",
        if workers == 1 { "" } else { "s" },
        config.apps.len(),
        if config.apps.len() == 1 { "" } else { "s" },
    );

    let control = control::Control::new(options, config, shared, workers, shutdown_tx);
    control.run(rt, signals)?;
    for t in threads {
        let _ = t.join();
    }
    tracing::info!("nanojs stopped");
    Ok(())
}

/// One listening socket per worker on the same address (SO_REUSEPORT lets
/// the kernel spread connections). Port 0 picks a free port once and the
/// other workers join it.
fn bind(host: &str, port: u16, workers: usize) -> Result<Vec<TcpListener>> {
    let ip: std::net::IpAddr = if host == "localhost" {
        std::net::Ipv4Addr::LOCALHOST.into()
    } else {
        host.parse()
            .with_context(|| format!("--host/host: {host:?} is not an IP address"))?
    };
    // SO_REUSEPORT would let a second nanojs join a port already in use and
    // split its traffic: check with a plain bind first (it fails while any
    // socket listens there), which also picks the port when 0 is asked for.
    let probe = TcpListener::bind(SocketAddr::new(ip, port))
        .with_context(|| format!("cannot listen on {ip}:{port}"))?;
    let mut addr = probe.local_addr()?;
    drop(probe);
    let mut listeners = Vec::with_capacity(workers);
    for _ in 0..workers {
        let listener =
            reuseport_listener(addr).with_context(|| format!("cannot listen on {addr}"))?;
        addr = listener.local_addr()?;
        listeners.push(listener);
    }
    Ok(listeners)
}

fn reuseport_listener(addr: SocketAddr) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.set_reuse_port(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}
