//! Console output of apps goes to the server log, tagged with the app.

use nanojs_engine::{ConsoleLevel, ConsoleSink};

pub struct AppConsole {
    app: String,
}

impl AppConsole {
    pub fn new(app: String) -> AppConsole {
        AppConsole { app }
    }
}

impl ConsoleSink for AppConsole {
    fn write(&self, level: ConsoleLevel, text: &str) {
        let app = self.app.as_str();
        match level {
            ConsoleLevel::Debug => tracing::debug!(target: "nanojs::console", app, "{text}"),
            ConsoleLevel::Log | ConsoleLevel::Info => {
                tracing::info!(target: "nanojs::console", app, "{text}")
            }
            ConsoleLevel::Warn => tracing::warn!(target: "nanojs::console", app, "{text}"),
            ConsoleLevel::Error => tracing::error!(target: "nanojs::console", app, "{text}"),
        }
    }
}
