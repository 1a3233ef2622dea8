//! `nanojs serve`: flags, logging set-up, then the server.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;
use nanojs_server::{ServeOptions, Source};
use tracing_subscriber::EnvFilter;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// An app: a folder with index.js, index.ts, worker.js, src/index.ts (or
    /// another of the entry names in docs/config.md), or a module file
    #[arg(required_unless_present = "config", conflicts_with = "config")]
    app: Option<PathBuf>,
    /// A nano.json config serving many apps
    #[arg(long, short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
    /// Port to listen on (default 8080, or the config's `port`; 0 picks a free one)
    #[arg(long, short = 'p')]
    port: Option<u16>,
    /// Address to listen on (default 127.0.0.1, or the config's `host`)
    #[arg(long)]
    host: Option<String>,
    /// Worker threads (default: the config's `workers`, else one per core)
    #[arg(long, short = 'w')]
    workers: Option<usize>,
    /// Log format
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Log level or filter (e.g. `info`, `warn,nanojs::access=info`); RUST_LOG wins if set
    #[arg(long, default_value = "info")]
    log_level: String,
    /// Seconds SIGTERM/SIGINT waits for in-flight requests before closing
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    grace: f64,
    /// Don't reload when the config file or app files change (SIGHUP still reloads)
    #[arg(long)]
    no_watch: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .or_else(|| EnvFilter::try_new(&args.log_level).ok());
    let Some(filter) = filter else {
        eprintln!(
            "error: --log-level {:?} is not a valid level or filter (try info, debug or warn)",
            args.log_level
        );
        return ExitCode::from(2);
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Text => builder.with_ansi(false).init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
    if !(args.grace.is_finite() && args.grace >= 0.0) {
        eprintln!("error: --grace must be a number of seconds >= 0");
        return ExitCode::from(2);
    }
    let source = match (args.config, args.app) {
        (Some(config), _) => Source::ConfigFile(absolute(config)),
        (None, Some(app)) => Source::App(absolute(app)),
        (None, None) => unreachable!("clap requires one"),
    };
    let options = ServeOptions {
        source,
        port: args.port,
        host: args.host,
        workers: args.workers,
        grace: Duration::from_secs_f64(args.grace),
        watch: !args.no_watch,
    };
    match nanojs_server::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}
