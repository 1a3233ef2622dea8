//! The isolate: one QuickJS runtime + context with its own limits, module
//! loader, builtins and event loop. The server runs one per app per worker.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use futures_util::StreamExt;
use rquickjs::function::Args;
use rquickjs::object::{Accessor, Property};
use rquickjs::promise::PromiseState;
use rquickjs::{
    CatchResultExt, Context, Ctx, Function, Module, Object, Persistent, Promise, Runtime, Value,
};
use tokio::time::Instant;
use url::Url;

use crate::alloc::{HeapLimit, LimitedAllocator};
use crate::builtins::Builtins;
use crate::cpu::CpuBudget;
use crate::error::{ErrorKind, JsError};
use crate::host::{report_exception, state, ConsoleSink, HostState, HostStateRef, StdioSink};
use crate::loader::{declare_source, ModuleLoader, ModuleResolver};
use crate::timers;

/// Limits and wiring for a new isolate.
pub struct IsolateOptions {
    /// QuickJS heap limit in bytes (None: unlimited).
    pub memory_limit: Option<usize>,
    /// Maximum JS stack in bytes.
    pub max_stack_size: usize,
    /// Heap growth that triggers a GC pass, in bytes (None: QuickJS default).
    pub gc_threshold: Option<usize>,
    /// Where console output goes.
    pub console: Rc<dyn ConsoleSink>,
    /// Base for relative imports from code without a file (eval, REPL).
    pub cwd: PathBuf,
    /// Module resolution never reads outside this folder (an app's folder;
    /// `/` for scripts).
    pub module_root: PathBuf,
    /// What `process.env` holds: an app's string `env` values in serve,
    /// the environment in `nanojs run`.
    pub process_env: Vec<(String, String)>,
    /// Whether `process.exit()` may end the process (scripts, not apps).
    pub allow_exit: bool,
    /// `process.argv` after the runtime's own name.
    pub argv: Vec<String>,
}

impl Default for IsolateOptions {
    fn default() -> Self {
        Self {
            memory_limit: None,
            max_stack_size: 1024 * 1024,
            gc_threshold: None,
            console: Rc::new(StdioSink),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            module_root: PathBuf::from("/"),
            process_env: Vec::new(),
            allow_exit: false,
            argv: Vec::new(),
        }
    }
}

pub struct Isolate {
    state: Rc<HostState>,
    context: Context,
    runtime: Runtime,
}

fn init_error(e: rquickjs::Error) -> JsError {
    JsError::new(
        ErrorKind::Load,
        format!("Error: cannot create isolate: {e}"),
    )
}

impl Isolate {
    pub fn new(options: IsolateOptions, builtins: &'static Builtins) -> Result<Self, JsError> {
        let heap = HeapLimit::new(options.memory_limit);
        let runtime =
            Runtime::new_with_alloc(LimitedAllocator(heap.clone())).map_err(init_error)?;
        runtime.set_max_stack_size(options.max_stack_size);
        if let Some(t) = options.gc_threshold {
            runtime.set_gc_threshold(t);
        }
        let cpu = Rc::new(CpuBudget::default());
        let interrupt_cpu = cpu.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || interrupt_cpu.should_interrupt())));
        let cwd = Url::from_directory_path(&options.cwd)
            .unwrap_or_else(|_| Url::parse("file:///").expect("valid URL"));
        runtime.set_loader(ModuleResolver { builtins, cwd }, ModuleLoader { builtins });

        let state = Rc::new(HostState::new(
            options.console.clone(),
            cpu,
            heap,
            builtins,
            options.module_root.clone(),
            crate::host::ProcessInfo {
                env: options.process_env.clone(),
                allow_exit: options.allow_exit,
                argv: options.argv.clone(),
                cwd: options.cwd.clone(),
            },
        ));
        let tracker_state = Rc::downgrade(&state);
        runtime.set_host_promise_rejection_tracker(Some(Box::new(
            move |ctx, promise, reason, handled| {
                if let Some(st) = tracker_state.upgrade() {
                    track_rejection(&st, &ctx, promise, reason, handled);
                }
            },
        )));

        let context = Context::full(&runtime).map_err(init_error)?;
        context
            .with(|ctx| -> rquickjs::Result<()> {
                let _ = ctx.store_userdata(HostStateRef(state.clone()));
                let global = ctx.globals();
                global.set("self", global.clone())?;
                // Node's name for the global object (node-compat.md).
                global.set("global", global.clone())?;
                timers::install(&ctx, &global)?;
                install_lazy_globals(&global, builtins)?;
                Ok(())
            })
            .map_err(init_error)?;
        Ok(Self {
            state,
            context,
            runtime,
        })
    }

    /// Runs `f` inside the isolate's context.
    pub fn with<R>(&self, f: impl FnOnce(Ctx<'_>) -> R) -> R {
        self.context.with(f)
    }

    /// Sets the CPU budget for JS from now on (None: unlimited) and resets the
    /// CPU time counted against it.
    pub fn set_cpu_limit(&self, limit: Option<Duration>) {
        self.state.cpu.set_limit(limit);
    }

    /// Raises the CPU budget of the current period by `extra` without
    /// resetting what was used: a second request that starts while another
    /// is in flight on the same isolate brings its own budget.
    pub fn extend_cpu_limit(&self, extra: Duration) {
        self.state.cpu.extend_limit(extra);
    }

    /// Whether the CPU budget ran out: no more JS runs in this isolate.
    pub fn cpu_exceeded(&self) -> bool {
        self.state.cpu.is_exceeded()
    }

    /// CPU time JS has used since the last `set_cpu_limit`.
    pub fn cpu_used(&self) -> Duration {
        self.state.cpu.used()
    }

    /// Bytes the QuickJS heap holds.
    pub fn memory_used(&self) -> usize {
        self.state.heap.used()
    }

    /// Whether the heap limit has ever refused an allocation in this
    /// isolate, even one whose error the app caught.
    pub fn heap_exhausted(&self) -> bool {
        self.state.heap.ever_exhausted()
    }

    pub fn run_gc(&self) {
        self.runtime.run_gc();
    }

    /// Errors nobody handled since the last call, oldest first.
    pub fn take_uncaught(&self) -> Vec<JsError> {
        std::mem::take(&mut *self.state.uncaught.borrow_mut())
    }

    /// Turns a pending exception (or a caught error) into a report.
    pub fn error_from<'js>(&self, ctx: &Ctx<'js>, err: rquickjs::Error) -> JsError {
        match err {
            rquickjs::Error::Exception => {
                let value = ctx.catch();
                self.state.error_report(ctx, &value)
            }
            _ if self.state.cpu.is_exceeded() => JsError::cpu_limit(),
            other => JsError::new(ErrorKind::Exception, format!("Error: {other}")),
        }
    }

    /// Evaluates a classic script and hands its completion value to `f`.
    pub fn eval_script<R>(
        &self,
        name: &str,
        source: &str,
        f: impl for<'js> FnOnce(&Ctx<'js>, Value<'js>) -> R,
    ) -> Result<R, JsError> {
        self.state
            .sources
            .borrow_mut()
            .insert(name.to_string(), source.into());
        let entered = self.state.cpu.enter();
        let result = self.context.with(|ctx| {
            let mut opts = rquickjs::context::EvalOptions::default();
            opts.global = true;
            opts.strict = false;
            opts.filename = Some(name.to_string());
            opts.promise = false;
            match ctx.eval_with_options::<Value, _>(source, opts) {
                Ok(v) => Ok(f(&ctx, v)),
                Err(e) => Err(self.error_from(&ctx, e)),
            }
        });
        if entered {
            self.state.cpu.leave();
        }
        self.microtask_checkpoint();
        result
    }

    /// Evaluates a script with top-level `await` (REPL, `eval`): the
    /// completion value is the result of awaiting it.
    pub async fn eval_script_async(
        &self,
        name: &str,
        source: &str,
    ) -> Result<Persistent<Value<'static>>, JsError> {
        self.state
            .sources
            .borrow_mut()
            .insert(name.to_string(), source.into());
        let promise = self.in_js(|ctx| {
            let mut opts = rquickjs::context::EvalOptions::default();
            opts.global = true;
            opts.strict = false;
            opts.filename = Some(name.to_string());
            opts.promise = true;
            let p = ctx
                .eval_with_options::<Promise, _>(source, opts)
                .map_err(|e| self.error_from(&ctx, e))?;
            mark_handled(&p).map_err(|e| self.error_from(&ctx, e))?;
            Ok(Persistent::save(&ctx, p))
        })?;
        let value = self.settle(promise).await?;
        // An async script completes with `{ value }`.
        self.context.with(|ctx| {
            let v = value.restore(&ctx).map_err(|e| self.error_from(&ctx, e))?;
            let inner: Value = v.as_object().and_then(|o| o.get("value").ok()).unwrap_or(v);
            Ok(Persistent::save(&ctx, inner))
        })
    }

    /// Loads and evaluates the module at `path` (ES module, CommonJS,
    /// TypeScript or JSON), then runs the event loop until no work is left.
    /// Returns the first error nobody handled.
    pub async fn run_main_module(&self, path: &Path) -> Result<(), JsError> {
        let (_, promise) = self.load_entry(path)?;
        self.settle(promise).await?;
        self.run_event_loop().await
    }

    /// Loads and evaluates the module at `path` (waiting for top-level
    /// await) and returns its namespace, without running the event loop
    /// further: the server keeps driving the loop with [`Isolate::turn`].
    pub async fn import_module(&self, path: &Path) -> Result<Persistent<Object<'static>>, JsError> {
        let (namespace, promise) = self.load_entry(path)?;
        self.settle(promise).await?;
        Ok(namespace)
    }

    /// Declares and starts evaluating the entry module: its namespace and
    /// the promise of its evaluation.
    fn load_entry(
        &self,
        path: &Path,
    ) -> Result<(Persistent<Object<'static>>, Persistent<Promise<'static>>), JsError> {
        let url = Url::from_file_path(path).map_err(|_| {
            JsError::new(
                ErrorKind::Load,
                format!(
                    "Error: cannot load '{}': not an absolute path",
                    path.display()
                ),
            )
        })?;
        if let Err(e) = std::fs::metadata(path) {
            return Err(JsError::new(
                ErrorKind::Load,
                format!("Error: cannot read module '{}': {e}", path.display()),
            ));
        }
        self.in_js(|ctx| {
            let module = crate::loader::load_file(&ctx, url.as_str(), path, false)
                .map_err(|e| self.error_from(&ctx, e))?;
            let (module, promise) = module.eval().map_err(|e| self.error_from(&ctx, e))?;
            mark_handled(&promise).map_err(|e| self.error_from(&ctx, e))?;
            // The namespace exists (with live bindings) before top-level
            // await finishes; it is only handed out once it has.
            let ns = module.namespace().map_err(|e| self.error_from(&ctx, e))?;
            Ok((Persistent::save(&ctx, ns), Persistent::save(&ctx, promise)))
        })
    }

    /// Runs JS with CPU accounting, followed by a microtask checkpoint (what
    /// a macrotask does). Use it to call into JS from outside the event loop.
    pub fn run_js<R>(&self, f: impl for<'js> FnOnce(Ctx<'js>) -> R) -> R {
        self.in_js(f)
    }

    /// Evaluates module source under `name` and runs the event loop until idle.
    pub async fn run_module_source(&self, name: &str, source: String) -> Result<(), JsError> {
        let promise = self.in_js(|ctx| {
            let module =
                declare_source(&ctx, name, source).map_err(|e| self.error_from(&ctx, e))?;
            let (_, promise) = module.eval().map_err(|e| self.error_from(&ctx, e))?;
            mark_handled(&promise).map_err(|e| self.error_from(&ctx, e))?;
            Ok(Persistent::save(&ctx, promise))
        })?;
        self.settle(promise).await?;
        self.run_event_loop().await
    }

    /// Runs JS with CPU accounting, then a microtask checkpoint.
    fn in_js<R>(&self, f: impl for<'js> FnOnce(Ctx<'js>) -> R) -> R {
        // One accounting window for the call and its checkpoint: reading the
        // thread CPU clock is a system call, paid twice per window.
        let entered = self.state.cpu.enter();
        let r = self.context.with(f);
        self.microtask_checkpoint();
        if entered {
            self.state.cpu.leave();
        }
        r
    }

    /// Drives the event loop until `promise` settles; its rejection is the error.
    async fn settle(
        &self,
        promise: Persistent<Promise<'static>>,
    ) -> Result<Persistent<Value<'static>>, JsError> {
        loop {
            let settled = self.context.with(|ctx| {
                let p = promise
                    .clone()
                    .restore(&ctx)
                    .map_err(|e| self.error_from(&ctx, e))?;
                match p.state() {
                    PromiseState::Pending => Ok(None),
                    PromiseState::Resolved => {
                        let v: Value = p
                            .result::<Value>()
                            .and_then(|r| r.ok())
                            .unwrap_or_else(|| Value::new_undefined(ctx.clone()));
                        Ok(Some(Persistent::save(&ctx, v)))
                    }
                    PromiseState::Rejected => {
                        let err = p.result::<Value>().map(|r| r.catch(&ctx));
                        let report = match err {
                            Some(Err(rquickjs::CaughtError::Exception(e))) => {
                                self.state.error_report(&ctx, &e.into_value())
                            }
                            Some(Err(rquickjs::CaughtError::Value(v))) => {
                                self.state.error_report(&ctx, &v)
                            }
                            _ if self.state.cpu.is_exceeded() => JsError::cpu_limit(),
                            _ => JsError::new(ErrorKind::Exception, "Error: promise rejected"),
                        };
                        Err(report)
                    }
                }
            })?;
            if let Some(v) = settled {
                return Ok(v);
            }
            if self.state.cpu.is_exceeded() {
                return Err(JsError::cpu_limit());
            }
            if !self.turn().await? {
                return Err(JsError::new(
                    ErrorKind::Exception,
                    "Error: top-level await never settled: the promise it waits on can no longer resolve",
                ));
            }
        }
    }

    /// Runs the event loop until no timers or pending Rust work remain
    /// (unref'd node:timers timers do not count).
    pub async fn run_event_loop(&self) -> Result<(), JsError> {
        while self.has_pending_work() && self.turn().await? {}
        // Errors left by the last turn (or by the script itself when nothing
        // was pending) are the loop's result.
        self.fail_on_uncaught()
    }

    /// Whether timers or spawned work are pending, other than unref'd timers.
    pub fn has_pending_work(&self) -> bool {
        !self.state.tasks.borrow().is_empty() || self.state.timers.borrow().has_refed()
    }

    /// One macrotask (waiting for it if needed) and the microtask checkpoint
    /// after it. False when there was nothing left to wait for. Dropping the
    /// future while it waits loses nothing, so a caller may race it against
    /// other events (new work queued from outside the loop).
    pub async fn turn(&self) -> Result<bool, JsError> {
        self.fail_on_uncaught()?;
        let now = Instant::now();
        let due = self.state.timers.borrow_mut().pop_due(now);
        if let Some(timer) = due {
            self.run_timer(timer);
            self.fail_on_uncaught()?;
            return Ok(true);
        }
        // Node's check phase: immediates run once no timer is due, after the
        // completions that are ready now (so they cannot starve I/O).
        if self.state.timers.borrow().has_immediates() {
            let ready = if self.state.tasks.borrow().is_empty() {
                None
            } else {
                futures_util::FutureExt::now_or_never(self.state.tasks.borrow_mut().next())
                    .flatten()
            };
            if let Some(completion) = ready {
                self.run_completion(completion);
                self.fail_on_uncaught()?;
                return Ok(true);
            }
            let immediate = self.state.timers.borrow_mut().pop_immediate();
            if let Some(immediate) = immediate {
                self.run_timer(immediate);
                self.fail_on_uncaught()?;
                return Ok(true);
            }
        }
        let deadline = self.state.timers.borrow_mut().next_deadline();
        let has_tasks = !self.state.tasks.borrow().is_empty();
        if !has_tasks && deadline.is_none() {
            return Ok(false);
        }
        let next_task = std::future::poll_fn(|cx| {
            if !has_tasks {
                return Poll::Pending;
            }
            match self.state.tasks.borrow_mut().poll_next_unpin(cx) {
                Poll::Ready(Some(c)) => Poll::Ready(Some(c)),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            }
        });
        let completion = match deadline {
            Some(at) => tokio::select! {
                c = next_task => c,
                _ = tokio::time::sleep_until(at) => None,
            },
            None => next_task.await,
        };
        if let Some(completion) = completion {
            self.run_completion(completion);
        }
        self.fail_on_uncaught()?;
        Ok(true)
    }

    fn run_completion(&self, completion: crate::host::Completion) {
        self.in_js(|ctx| {
            if let Err(e) = completion(&ctx) {
                match e {
                    rquickjs::Error::Exception => {
                        let v = ctx.catch();
                        report_exception(&ctx, v);
                    }
                    other => {
                        let st = state(&ctx);
                        st.uncaught.borrow_mut().push(JsError::new(
                            ErrorKind::Exception,
                            format!("Error: {other}"),
                        ));
                    }
                }
            }
        });
    }

    fn fail_on_uncaught(&self) -> Result<(), JsError> {
        let mut uncaught = self.state.uncaught.borrow_mut();
        if uncaught.is_empty() {
            return Ok(());
        }
        Err(uncaught.remove(0))
    }

    fn run_timer(&self, timer: crate::timers::DueTimer) {
        let crate::timers::DueTimer {
            callback,
            args,
            nesting,
            context,
        } = timer;
        self.state.timers.borrow_mut().current_nesting = nesting;
        self.in_js(|ctx| {
            let result = context.enter(&ctx, || -> rquickjs::Result<()> {
                let callback = callback.restore(&ctx)?;
                if let Some(f) = callback.as_function() {
                    let args = match args {
                        Some(a) => a
                            .restore(&ctx)?
                            .iter::<Value>()
                            .collect::<rquickjs::Result<Vec<_>>>()?,
                        None => Vec::new(),
                    };
                    let mut call = Args::new(ctx.clone(), args.len());
                    call.this(ctx.globals())?;
                    call.push_args(args)?;
                    f.call_arg::<()>(call)
                } else {
                    let src: String = callback.get()?;
                    ctx.eval::<(), _>(src)
                }
            });
            if let Err(rquickjs::Error::Exception) = result {
                let v = ctx.catch();
                report_exception(&ctx, v);
            }
        });
        self.state.timers.borrow_mut().current_nesting = 0;
    }

    /// Drains the promise job queue, then fires `unhandledrejection` for
    /// promises rejected without a handler (HTML's microtask checkpoint).
    pub fn microtask_checkpoint(&self) {
        let entered = self.state.cpu.enter();
        // Rejection listeners may queue microtasks and reject more promises:
        // keep going until both queues are empty.
        loop {
            // Once the CPU budget is spent no more JS runs, not even short jobs
            // that would finish before the interrupt handler is next asked.
            while !self.state.cpu.is_exceeded() {
                match self.runtime.execute_pending_job() {
                    Ok(true) => continue,
                    Ok(false) => break,
                    Err(job) => job.0.with(|ctx| {
                        let v = ctx.catch();
                        report_exception(&ctx, v);
                    }),
                }
            }
            if self.state.about_to_notify.borrow().is_empty() || self.state.cpu.is_exceeded() {
                break;
            }
            self.context
                .with(|ctx| notify_rejections(&self.state, &ctx));
        }
        if entered {
            self.state.cpu.leave();
        }
    }
}

impl Drop for Isolate {
    fn drop(&mut self) {
        // Every Persistent handle must go before the runtime is freed.
        self.state.clear();
        self.context.with(|ctx| {
            let _ = ctx.remove_userdata::<HostStateRef>();
        });
    }
}

/// Gives `promise` a handler so that its rejection, which the caller reports
/// itself, is not also reported as unhandled.
fn mark_handled(promise: &Promise<'_>) -> rquickjs::Result<()> {
    let noop = Function::new(promise.ctx().clone(), || ())?;
    promise
        .catch()?
        .call::<_, Value>((rquickjs::function::This(promise.clone()), noop))?;
    Ok(())
}

fn install_lazy_globals<'js>(
    global: &Object<'js>,
    builtins: &'static Builtins,
) -> rquickjs::Result<()> {
    for (index, g) in builtins.globals().iter().enumerate() {
        let getter = move |ctx: Ctx<'js>| -> rquickjs::Result<Value<'js>> {
            load_global(&ctx, builtins, index)
        };
        let name = g.name;
        let setter = move |ctx: Ctx<'js>, value: Value<'js>| -> rquickjs::Result<()> {
            if builtins.globals()[index].export.is_empty() {
                // The module defines this global itself (an event handler
                // attribute such as `onerror`): load it, then assign through it.
                builtin_namespace(&ctx, builtins.globals()[index].module)?;
                return ctx.globals().set(name, value);
            }
            ctx.globals()
                .prop(name, Property::from(value).writable().configurable())
        };
        global.prop(g.name, Accessor::new(getter, setter).configurable())?;
    }
    Ok(())
}

/// Loads a lazy global's module and replaces the accessor with the value.
fn load_global<'js>(
    ctx: &Ctx<'js>,
    builtins: &'static Builtins,
    index: usize,
) -> rquickjs::Result<Value<'js>> {
    let g = builtins.globals()[index];
    let ns = builtin_namespace(ctx, g.module)?;
    if g.export.is_empty() {
        // The module replaced this accessor with its own definition.
        return ctx.globals().get(g.name);
    }
    let value: Value = ns.get(g.export)?;
    ctx.globals().prop(
        g.name,
        Property::from(value.clone()).writable().configurable(),
    )?;
    Ok(value)
}

/// The `'static` name of a registered builtin module.
pub(crate) fn builtin_specifier(ctx: &Ctx<'_>, specifier: &str) -> Option<&'static str> {
    state(ctx).builtins.specifier(specifier)
}

/// The namespace of a builtin module, loaded through QuickJS's module cache
/// so that a module imported by several builtins is evaluated only once.
pub fn builtin_namespace<'js>(
    ctx: &Ctx<'js>,
    specifier: &'static str,
) -> rquickjs::Result<Object<'js>> {
    let st = state(ctx);
    if let Some(ns) = st.namespaces.borrow().get(specifier) {
        return ns.clone().restore(ctx);
    }
    let n = st.lazy_counter.get() + 1;
    st.lazy_counter.set(n);
    let name = format!("nanojs:lazy#{n}");
    // The module's own namespace object (with its `default`, which an
    // `export *` would leave out).
    let module = Module::declare(
        ctx.clone(),
        name,
        format!("import * as ns from '{specifier}'; export {{ ns }};"),
    )?;
    let (module, promise) = module.eval()?;
    if let PromiseState::Rejected = promise.state() {
        return Err(ctx.throw(
            promise
                .result::<Value>()
                .and_then(|r| r.err())
                .map_or_else(|| Value::new_undefined(ctx.clone()), |_| ctx.catch()),
        ));
    }
    let ns: Object = module.namespace()?.get("ns")?;
    st.namespaces
        .borrow_mut()
        .insert(specifier, Persistent::save(ctx, ns.clone()));
    Ok(ns)
}

fn track_rejection<'js>(
    st: &HostState,
    ctx: &Ctx<'js>,
    promise: Value<'js>,
    reason: Value<'js>,
    handled: bool,
) {
    if !handled {
        st.about_to_notify.borrow_mut().push((
            Persistent::save(ctx, promise),
            Persistent::save(ctx, reason),
        ));
        return;
    }
    let mut pending = st.about_to_notify.borrow_mut();
    let before = pending.len();
    pending.retain(|(p, _)| p.clone().restore(ctx).ok().as_ref() != Some(&promise));
    if pending.len() != before {
        return;
    }
    drop(pending);
    // A promise already reported as unhandled got a handler. The events
    // builtin keeps HTML's outstanding-rejections *weak* set and decides
    // whether `rejectionhandled` fires.
    if let Some(hook) = st.hook(ctx, "rejectionHandled") {
        let _ = hook.call::<_, ()>((promise, reason));
    }
}

fn notify_rejections(st: &HostState, ctx: &Ctx<'_>) {
    let pending = std::mem::take(&mut *st.about_to_notify.borrow_mut());
    for (promise, reason) in pending {
        let (Ok(promise), Ok(reason)) = (promise.restore(ctx), reason.restore(ctx)) else {
            continue;
        };
        let mut handled = false;
        if let Some(hook) = st.hook(ctx, "unhandledRejection") {
            match hook.call::<_, bool>((promise.clone(), reason.clone())) {
                Ok(h) => handled = h,
                Err(rquickjs::Error::Exception) => {
                    let v = ctx.catch();
                    st.uncaught.borrow_mut().push(st.error_report(ctx, &v));
                }
                Err(_) => {}
            }
        }
        if !handled {
            let mut report = st.error_report(ctx, &reason);
            if report.kind == ErrorKind::Exception && report.uncaught_value {
                report.summary = format!("(in promise) {}", report.summary);
            }
            st.uncaught.borrow_mut().push(report);
        }
    }
}

/// Lets builtins register the hooks the engine calls for error reporting.
pub(crate) fn set_hooks<'js>(ctx: &Ctx<'js>, hooks: Object<'js>) {
    *state(ctx).hooks.borrow_mut() = Some(Persistent::save(ctx, hooks));
}
