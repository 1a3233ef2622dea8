//! Per-isolate host state reachable from native functions through the
//! context's userdata: timers, spawned Rust work, error reporting, console.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use futures_util::future::LocalBoxFuture;
use futures_util::stream::FuturesUnordered;
use rquickjs::{Ctx, Function, JsLifetime, Object, Persistent, Value};

use crate::alloc::HeapLimit;
use crate::cpu::CpuBudget;
use crate::error::{ErrorKind, JsError};
use crate::timers::Timers;

/// Work to run on the JS thread once a spawned future completes.
pub type Completion = Box<dyn for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<()>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleLevel {
    Debug,
    Log,
    Info,
    Warn,
    Error,
}

/// Where `console` output goes: the terminal for scripts, the log for apps.
pub trait ConsoleSink {
    fn write(&self, level: ConsoleLevel, text: &str);
}

/// stdout for log/info/debug, stderr for warn/error.
pub struct StdioSink;

impl ConsoleSink for StdioSink {
    fn write(&self, level: ConsoleLevel, text: &str) {
        use std::io::Write;
        let mut line = String::with_capacity(text.len() + 1);
        line.push_str(text);
        line.push('\n');
        let _ = match level {
            ConsoleLevel::Warn | ConsoleLevel::Error => {
                std::io::stderr().lock().write_all(line.as_bytes())
            }
            _ => std::io::stdout().lock().write_all(line.as_bytes()),
        };
    }
}

pub(crate) struct HostState {
    pub timers: RefCell<Timers>,
    pub tasks: RefCell<FuturesUnordered<LocalBoxFuture<'static, Completion>>>,
    pub console: Rc<dyn ConsoleSink>,
    pub cpu: Rc<CpuBudget>,
    /// The heap limit and whether it refused an allocation.
    pub heap: Rc<HeapLimit>,
    /// Module sources by name, for the source line in error reports.
    pub sources: RefCell<HashMap<String, Rc<str>>>,
    /// Source maps of modules, parsed when an error is reported.
    pub source_maps: crate::source_map::SourceMaps,
    /// Hooks registered by the events builtin (`reportError`, rejection events).
    pub hooks: RefCell<Option<Persistent<Object<'static>>>>,
    /// Rejected promises without a handler, reported after the microtask checkpoint.
    pub about_to_notify: RefCell<Vec<(Persistent<Value<'static>>, Persistent<Value<'static>>)>>,
    /// Errors nobody handled, in order; the embedder decides what they mean.
    pub uncaught: RefCell<Vec<JsError>>,
    /// Lazily loaded builtin namespaces, by specifier.
    pub namespaces: RefCell<HashMap<&'static str, Persistent<Object<'static>>>>,
    pub lazy_counter: Cell<u32>,
    /// The builtin registry this isolate was created with.
    pub builtins: &'static crate::builtins::Builtins,
    /// When the isolate (its global object) was created: HR-Time's time origin.
    pub time_origin: (std::time::Instant, std::time::SystemTime),
    /// Folder that module resolution is confined to.
    pub module_root: std::path::PathBuf,
    /// Node resolution, made on the first import that needs it.
    pub resolver: std::cell::OnceCell<Rc<crate::resolve::NodeResolver>>,
    /// CommonJS modules (`require.cache`).
    pub modules: crate::commonjs::ModuleState,
    /// What node:process shows of the embedder.
    pub process: ProcessInfo,
}

/// The embedder's facts behind `node:process`.
pub(crate) struct ProcessInfo {
    pub env: Vec<(String, String)>,
    pub allow_exit: bool,
    pub argv: Vec<String>,
    pub cwd: std::path::PathBuf,
}

// SAFETY: HostState holds no `'js` borrows (only Persistent handles), so it is
// the same type for every lifetime.
unsafe impl<'js> JsLifetime<'js> for HostStateRef {
    type Changed<'to> = HostStateRef;
}

/// The userdata stored in the context: a shared handle to the host state.
pub(crate) struct HostStateRef(pub Rc<HostState>);

pub(crate) fn state(ctx: &Ctx<'_>) -> Rc<HostState> {
    ctx.userdata::<HostStateRef>()
        .expect("nanojs host state is installed at isolate creation")
        .0
        .clone()
}

impl HostState {
    pub fn new(
        console: Rc<dyn ConsoleSink>,
        cpu: Rc<CpuBudget>,
        heap: Rc<HeapLimit>,
        builtins: &'static crate::builtins::Builtins,
        module_root: std::path::PathBuf,
        process: ProcessInfo,
    ) -> Self {
        Self {
            timers: RefCell::new(Timers::default()),
            tasks: RefCell::new(FuturesUnordered::new()),
            console,
            cpu,
            heap,
            sources: RefCell::new(HashMap::new()),
            source_maps: Default::default(),
            hooks: RefCell::new(None),
            about_to_notify: RefCell::new(Vec::new()),
            uncaught: RefCell::new(Vec::new()),
            namespaces: RefCell::new(HashMap::new()),
            lazy_counter: Cell::new(0),
            builtins,
            time_origin: (std::time::Instant::now(), std::time::SystemTime::now()),
            module_root,
            resolver: std::cell::OnceCell::new(),
            modules: crate::commonjs::ModuleState::default(),
            process,
        }
    }

    pub fn node_resolver(&self) -> Rc<crate::resolve::NodeResolver> {
        self.resolver
            .get_or_init(|| Rc::new(crate::resolve::NodeResolver::new(&self.module_root)))
            .clone()
    }

    pub fn source_of(&self, name: &str) -> Option<Rc<str>> {
        self.sources.borrow().get(name).cloned()
    }

    pub fn error_report<'js>(&self, ctx: &Ctx<'js>, value: &Value<'js>) -> JsError {
        if self.cpu.is_exceeded() {
            return JsError::cpu_limit();
        }
        let mut report = crate::source_map::apply(self, JsError::from_value(ctx, value));
        // A refused allocation is behind this error: either QuickJS's
        // "out of memory" InternalError, or `null` when even that error
        // could not be allocated.
        if self.heap.take_exhausted() && (report.kind == ErrorKind::OutOfMemory || value.is_null())
        {
            report = JsError::new(ErrorKind::OutOfMemory, "InternalError: out of memory");
        }
        report
    }

    /// Drops every JS handle so the runtime can be freed cleanly.
    pub fn clear(&self) {
        self.timers.borrow_mut().clear();
        self.tasks.borrow_mut().clear();
        self.hooks.borrow_mut().take();
        self.about_to_notify.borrow_mut().clear();
        self.namespaces.borrow_mut().clear();
        self.modules.clear();
    }

    pub fn hook<'js>(&self, ctx: &Ctx<'js>, name: &str) -> Option<Function<'js>> {
        let hooks = self.hooks.borrow().clone()?.restore(ctx).ok()?;
        hooks.get::<_, Option<Function>>(name).ok().flatten()
    }
}

/// The isolate's time origin: when its global object was created, as a
/// monotonic instant and as wall-clock time.
pub fn time_origin(ctx: &Ctx<'_>) -> (std::time::Instant, std::time::SystemTime) {
    state(ctx).time_origin
}

/// Runs `future` off the JS stack; its completion runs on the JS thread in a
/// later macrotask, followed by a microtask checkpoint.
pub fn spawn<F>(ctx: &Ctx<'_>, future: F)
where
    F: Future<Output = Completion> + 'static,
{
    state(ctx).tasks.borrow_mut().push(Box::pin(future));
}

/// A report (message, location, stack) of a thrown JS value.
pub fn error_report<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> JsError {
    state(ctx).error_report(ctx, value)
}

/// Reports an exception the way HTML's "report an exception" does: an `error`
/// event on the global (when the events builtin is loaded) and, if nobody
/// handled it, an entry in the isolate's uncaught errors.
pub fn report_exception<'js>(ctx: &Ctx<'js>, error: Value<'js>) {
    let st = state(ctx);
    if st.cpu.is_exceeded() {
        st.uncaught.borrow_mut().push(JsError::cpu_limit());
        return;
    }
    if let Some(hook) = st.hook(ctx, "reportError") {
        match hook.call::<_, bool>((error.clone(),)) {
            Ok(true) => return,
            Ok(false) => {}
            Err(rquickjs::Error::Exception) => {
                // A listener threw while handling: that error is reported too.
                let inner = ctx.catch();
                st.uncaught.borrow_mut().push(st.error_report(ctx, &inner));
            }
            Err(_) => {}
        }
    }
    let report = st.error_report(ctx, &error);
    st.uncaught.borrow_mut().push(report);
}
