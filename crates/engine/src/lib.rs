//! The engine layer: an [`Isolate`] is one QuickJS-NG runtime and context with
//! its own limits, module loader and event loop. Web APIs plug in through
//! [`Builtins`]: bytecode modules and native modules, installed lazily as globals.

mod alloc;
mod async_context;
mod builtins;
mod commonjs;
mod cpu;
mod error;
mod host;
mod host_module;
mod isolate;
mod loader;
mod resolve;
mod source_map;
mod timers;
mod typescript;

pub use builtins::{Builtins, LazyGlobal, ModuleSource, NativeModuleFn};
pub use error::{ErrorKind, JsError, Location};
pub use host::{
    error_report, report_exception, spawn, time_origin, Completion, ConsoleLevel, ConsoleSink,
    StdioSink,
};
pub use isolate::{builtin_namespace, Isolate, IsolateOptions};
pub use resolve::node_builtins;

/// Re-exported so that web API crates use the same engine version.
pub use rquickjs;
