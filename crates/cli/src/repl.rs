//! The interactive REPL: line editing and history (rustyline), multi-line
//! input while a statement is incomplete, top-level `await`, values printed
//! the way `console.log` prints them. The event loop keeps running while the
//! REPL waits for input, so timers fire between prompts.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use nanojs_engine::{Isolate, IsolateOptions, JsError};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;

const HELP: &str = "\
.exit     Exit the REPL
.help     Print this help message
.clear    Discard the input being entered

Press Ctrl+C to clear the line, Ctrl+D to exit.
Input that is not a complete statement continues on the next line.";

enum Input {
    Line(String),
    Interrupted,
    Eof,
}

/// Reads lines on its own thread so that the event loop keeps running.
fn spawn_reader() -> (
    mpsc::Sender<String>,
    tokio::sync::mpsc::UnboundedReceiver<Input>,
) {
    let (prompt_tx, prompt_rx) = mpsc::channel::<String>();
    let (line_tx, line_rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let mut editor = match DefaultEditor::new() {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: cannot start line editor: {e}");
                let _ = line_tx.send(Input::Eof);
                return;
            }
        };
        let history = history_path();
        if let Some(h) = &history {
            let _ = editor.load_history(h);
        }
        while let Ok(prompt) = prompt_rx.recv() {
            let input = match editor.readline(&prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = editor.add_history_entry(line.as_str());
                    }
                    Input::Line(line)
                }
                Err(ReadlineError::Interrupted) => Input::Interrupted,
                Err(ReadlineError::Eof) => Input::Eof,
                Err(e) => {
                    eprintln!("error: {e}");
                    Input::Eof
                }
            };
            let eof = matches!(input, Input::Eof);
            if line_tx.send(input).is_err() || eof {
                break;
            }
        }
        if let Some(h) = &history {
            let _ = editor.save_history(h);
        }
    });
    (prompt_tx, line_rx)
}

fn history_path() -> Option<PathBuf> {
    std::env::var_os("NANOJS_REPL_HISTORY")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".nanojs_repl_history")))
}

/// True when the parse error means the input merely stopped early.
fn is_incomplete(err: &JsError, source: &str) -> bool {
    let s = &err.summary;
    if !s.starts_with("SyntaxError") {
        return false;
    }
    if s.ends_with("token in expression: ''")
        || s.contains("unexpected end of input")
        || s.contains("unexpected end of comment")
    {
        return true;
    }
    // An unterminated template literal may continue; a quoted string may not.
    s.contains("unexpected end of string") && source.matches('`').count() % 2 == 1
}

pub fn run() -> ExitCode {
    let isolate = match Isolate::new(IsolateOptions::default(), nanojs_web::builtins()) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    println!(
        "Welcome to nanojs v{}.\nType \".help\" for more information.",
        env!("CARGO_PKG_VERSION")
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(repl_loop(&isolate))
}

async fn repl_loop(isolate: &Isolate) -> ExitCode {
    let (prompt_tx, mut lines) = spawn_reader();
    let mut buffer = String::new();
    let mut interrupted_once = false;
    loop {
        let prompt = if buffer.is_empty() { "> " } else { "... " };
        if prompt_tx.send(prompt.to_string()).is_err() {
            return ExitCode::SUCCESS;
        }
        // Run timers and other pending work until the next line arrives.
        let input = loop {
            tokio::select! {
                input = lines.recv() => break input.unwrap_or(Input::Eof),
                result = isolate.run_event_loop(), if isolate.has_pending_work() => {
                    if let Err(e) = result {
                        eprintln!("Uncaught {e}");
                    }
                }
            }
            if !isolate.has_pending_work() {
                break lines.recv().await.unwrap_or(Input::Eof);
            }
        };
        let line = match input {
            Input::Eof => return ExitCode::SUCCESS,
            Input::Interrupted => {
                if buffer.is_empty() && interrupted_once {
                    return ExitCode::SUCCESS;
                }
                if buffer.is_empty() {
                    println!("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
                    interrupted_once = true;
                }
                buffer.clear();
                continue;
            }
            Input::Line(line) => line,
        };
        interrupted_once = false;
        if buffer.is_empty() {
            match line.trim() {
                ".exit" => return ExitCode::SUCCESS,
                ".help" => {
                    println!("{HELP}");
                    continue;
                }
                "" => continue,
                _ => {}
            }
        }
        if line.trim() == ".clear" {
            buffer.clear();
            continue;
        }
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(&line);
        match isolate.eval_script_async("REPL", &buffer).await {
            Ok(value) => {
                let text = isolate.with(|ctx| {
                    let v = value.restore(&ctx).ok()?;
                    nanojs_web::inspect(&ctx, v).ok()
                });
                if let Some(text) = text {
                    println!("{text}");
                }
                buffer.clear();
            }
            Err(e) if is_incomplete(&e, &buffer) => {}
            Err(e) => {
                eprintln!("Uncaught {e}");
                buffer.clear();
            }
        }
        for e in isolate.take_uncaught() {
            eprintln!("Uncaught {e}");
        }
    }
}
