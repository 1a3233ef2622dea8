//! The `nanojs` binary: run scripts, evaluate code, and a REPL.

mod repl;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nanojs_engine::{Isolate, IsolateOptions, JsError};

#[derive(Parser)]
#[command(name = "nanojs", version, about = "An ultra-dense JavaScript runtime for the edge", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run an ES module (top-level await, relative imports)
    Run {
        /// The module to run
        file: PathBuf,
        #[command(flatten)]
        limits: Limits,
    },
    /// Evaluate code and print its completion value
    Eval {
        /// JavaScript source (a script; top-level await is allowed)
        code: String,
        #[command(flatten)]
        limits: Limits,
    },
    /// Start an interactive REPL
    Repl,
    /// Serve Workers-style apps over HTTP (one app folder, or many with --config)
    Serve(serve::ServeArgs),
}

#[derive(clap::Args, Clone, Default)]
struct Limits {
    /// Memory limit of the isolate in MiB
    #[arg(long, value_name = "MIB")]
    memory_limit_mb: Option<usize>,
    /// CPU time limit for JS in milliseconds
    #[arg(long, value_name = "MS")]
    cpu_limit_ms: Option<u64>,
}

fn new_isolate(limits: &Limits) -> anyhow::Result<Isolate> {
    // A script is the user's own program: it sees the environment and may
    // exit, as under Node (apps in `serve` see neither).
    let options = IsolateOptions {
        memory_limit: limits.memory_limit_mb.map(|m| m * 1024 * 1024),
        process_env: std::env::vars().collect(),
        allow_exit: true,
        argv: std::env::args().skip(2).collect(),
        ..Default::default()
    };
    let isolate =
        Isolate::new(options, nanojs_web::builtins()).map_err(|e| anyhow::anyhow!("{e}"))?;
    isolate.set_cpu_limit(limits.cpu_limit_ms.map(std::time::Duration::from_millis));
    Ok(isolate)
}

fn report(e: &JsError) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(1)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn run_file(file: PathBuf, limits: Limits) -> ExitCode {
    let path = match std::fs::canonicalize(&file) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot open '{}': {e}", file.display());
            return ExitCode::from(1);
        }
    };
    let isolate = match new_isolate(&limits) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(1);
        }
    };
    let rt = runtime();
    match rt.block_on(isolate.run_main_module(&path)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn run_source(name: &str, source: String) -> ExitCode {
    let isolate = match new_isolate(&Limits::default()) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(1);
        }
    };
    match runtime().block_on(isolate.run_module_source(name, source)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn eval(code: String, limits: Limits) -> ExitCode {
    let isolate = match new_isolate(&limits) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(1);
        }
    };
    runtime().block_on(async {
        let value = match isolate.eval_script_async("<eval>", &code).await {
            Ok(v) => v,
            Err(e) => return report(&e),
        };
        let printed = isolate.with(|ctx| -> Option<String> {
            let v = value.restore(&ctx).ok()?;
            if v.is_undefined() {
                return None;
            }
            nanojs_web::inspect(&ctx, v).ok()
        });
        if let Some(text) = printed {
            println!("{text}");
        }
        match isolate.run_event_loop().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report(&e),
        }
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Run { file, limits }) => run_file(file, limits),
        Some(Command::Eval { code, limits }) => eval(code, limits),
        Some(Command::Repl) => repl::run(),
        Some(Command::Serve(args)) => serve::run(args),
        None if std::io::stdin().is_terminal() => repl::run(),
        None => {
            let mut source = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut source) {
                eprintln!("error: cannot read stdin: {e}");
                return ExitCode::from(1);
            }
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
            let name = format!("file://{}/[stdin]", cwd.display());
            run_source(&name, source)
        }
    }
}
