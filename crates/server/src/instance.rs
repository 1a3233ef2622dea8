//! An app instance: one isolate running one app's code on one worker. It
//! serves many requests, concurrently when they `await`. A driver task turns
//! the isolate's event loop (timers, Rust work, `waitUntil`) whenever there
//! is work; requests wait on a oneshot that `host.done()` fires from JS.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use nanojs_engine::rquickjs::{
    self, ArrayBuffer, Ctx, Function, Object, Persistent, TypedArray, Value,
};
use nanojs_engine::{ErrorKind, Isolate, IsolateOptions, JsError};
use tokio::sync::{oneshot, Notify};

use crate::console::AppConsole;
use crate::registry::App;

/// What the server hands JS for one request.
pub struct IncomingParts {
    pub method: String,
    pub url: String,
    /// Lower-case names and values, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// A Response taken out of JS.
pub struct ResponseParts {
    pub status: u16,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Bytes,
}

/// Why a request got no Response from the app.
#[derive(Debug)]
pub enum Failure {
    /// The handler threw or rejected; `public` is a message safe to send.
    Exception {
        error: JsError,
        public: Option<String>,
    },
    CpuLimit,
    OutOfMemory,
    Timeout,
}

/// The least CPU time an app's top-level code gets.
const STARTUP_CPU_MS: u64 = 400;

type Waiter = oneshot::Sender<Result<ResponseParts, Failure>>;

/// State the JS natives reach (kept apart from the isolate to avoid a cycle).
#[derive(Default)]
struct Shared {
    waiters: RefCell<HashMap<u32, Waiter>>,
    wait_until: Cell<usize>,
    /// Set once the isolate can no longer serve (CPU or memory limit hit).
    broken: Cell<bool>,
    app: Option<Arc<App>>,
}

// Field order matters: the JS handle must be dropped before the isolate.
pub struct Instance {
    dispatch: Persistent<Function<'static>>,
    shared: Rc<Shared>,
    next_id: Cell<u32>,
    inflight: Cell<usize>,
    /// Set when a reload replaced this app version: finish, then stop.
    retired: Cell<bool>,
    retired_at: Cell<Option<Instant>>,
    wake: Notify,
    /// CPU time counted since the last `take_cpu`, and the budget period's
    /// usage already counted.
    cpu_pending: Cell<Duration>,
    cpu_mark: Cell<Duration>,
    /// Unique for the process's lifetime (addresses get reused).
    pub serial: u64,
    pub app: Arc<App>,
    isolate: Isolate,
}

static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Instance {
    /// Creates the isolate and loads the app (its top-level code runs here).
    pub async fn load(app: Arc<App>) -> Result<Rc<Instance>, JsError> {
        let limits = app.config.limits;
        let options = IsolateOptions {
            memory_limit: Some(limits.memory_mb as usize * 1024 * 1024),
            console: Rc::new(AppConsole::new(app.config.name.clone())),
            cwd: app.config.path.clone(),
            ..IsolateOptions::default()
        };
        let isolate = Isolate::new(options, nanojs_web::builtins())?;
        // Top-level code may do more set-up work than one request, as on
        // Workers (400 ms startup budget); a runaway loop is still cut off.
        isolate.set_cpu_limit(Some(Duration::from_millis(
            limits.cpu_ms.max(STARTUP_CPU_MS),
        )));
        let shared = Rc::new(Shared {
            app: Some(app.clone()),
            ..Shared::default()
        });
        // The glue loads first, so it captures intrinsics the app cannot
        // have replaced yet.
        let serve = isolate.run_js(|ctx| {
            nanojs_engine::builtin_namespace(&ctx, "nanojs:serve")
                .map(|ns| Persistent::save(&ctx, ns))
                .map_err(|e| isolate.error_from(&ctx, e))
        })?;
        let ns = isolate.import_module(&app.config.entry).await?;
        let env_json = serde_json::Value::Object(app.config.env.clone()).to_string();
        let weak = Rc::downgrade(&shared);
        let dispatch = isolate.run_js(|ctx| {
            let result = (|| -> rquickjs::Result<Persistent<Function<'static>>> {
                let serve = serve.restore(&ctx)?;
                let ns = ns.restore(&ctx)?;
                let env: Value = ctx.json_parse(env_json)?;
                let host = host_natives(&ctx, weak)?;
                let touched: Function = serve.get("touchedGlobalEvents")?;
                let events = if touched.call::<_, bool>(())? {
                    nanojs_engine::builtin_namespace(&ctx, "nanojs:events")?.into_value()
                } else {
                    Value::new_undefined(ctx.clone())
                };
                let prepare: Function = serve.get("prepare")?;
                let dispatch: Function = prepare.call((ns, env, host, events))?;
                Ok(Persistent::save(&ctx, dispatch))
            })();
            result.map_err(|e| isolate.error_from(&ctx, e))
        })?;
        Ok(Rc::new(Instance {
            dispatch,
            shared,
            next_id: Cell::new(0),
            inflight: Cell::new(0),
            retired: Cell::new(false),
            retired_at: Cell::new(None),
            wake: Notify::new(),
            cpu_pending: Cell::new(Duration::ZERO),
            cpu_mark: Cell::new(Duration::ZERO),
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            app,
            isolate,
        }))
    }

    /// JS CPU time used since the last call (for metrics).
    pub fn take_cpu(&self) -> Duration {
        self.count_cpu();
        self.cpu_pending.replace(Duration::ZERO)
    }

    fn count_cpu(&self) {
        let used = self.isolate.cpu_used();
        let delta = used.saturating_sub(self.cpu_mark.replace(used));
        self.cpu_pending.set(self.cpu_pending.get() + delta);
    }

    /// Starts a new CPU budget period of one request's worth.
    fn reset_cpu_budget(&self) {
        self.count_cpu();
        let cpu = Duration::from_millis(self.app.config.limits.cpu_ms);
        self.isolate.set_cpu_limit(Some(cpu));
        self.cpu_mark.set(Duration::ZERO);
    }

    /// True once the isolate must not serve again: a CPU or memory limit
    /// was hit (even if the app caught the out-of-memory error).
    pub fn is_broken(&self) -> bool {
        self.shared.broken.get() || self.isolate.heap_exhausted()
    }

    pub fn memory_used(&self) -> usize {
        self.isolate.memory_used()
    }

    /// Stops taking requests; the driver ends once in-flight work is done
    /// (or the app's timeout has passed).
    pub fn retire(&self) {
        if !self.retired.replace(true) {
            self.retired_at.set(Some(Instant::now()));
            self.wake.notify_one();
        }
    }

    /// Runs the request through the app's handler and waits for its Response.
    pub async fn dispatch(
        self: &Rc<Self>,
        req: IncomingParts,
        deadline: tokio::time::Instant,
    ) -> Result<ResponseParts, Failure> {
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        let (tx, rx) = oneshot::channel();
        self.shared.waiters.borrow_mut().insert(id, tx);
        if self.inflight.get() == 0 {
            self.reset_cpu_budget();
        } else {
            let cpu = Duration::from_millis(self.app.config.limits.cpu_ms);
            self.isolate.extend_cpu_limit(cpu);
        }
        self.inflight.set(self.inflight.get() + 1);
        // Also runs when the client goes away and hyper drops this future.
        let _inflight = InflightGuard(self, id);

        let called = self.isolate.run_js(|ctx| {
            let result = (|| -> rquickjs::Result<()> {
                let dispatch = self.dispatch.clone().restore(&ctx)?;
                let headers = nanojs_engine::rquickjs::Array::new(ctx.clone())?;
                let mut i = 0;
                for (name, value) in &req.headers {
                    headers.set(i, name.as_str())?;
                    headers.set(i + 1, value.as_str())?;
                    i += 2;
                }
                let body = match req.body {
                    Some(bytes) => ArrayBuffer::new(ctx.clone(), bytes)?.into_value(),
                    None => Value::new_null(ctx.clone()),
                };
                dispatch.call::<_, ()>((id, req.method.as_str(), req.url.as_str(), headers, body))
            })();
            result.map_err(|e| self.isolate.error_from(&ctx, e))
        });
        self.after_js();
        if let Err(error) = called {
            return Err(self.classify(error, None));
        }
        // New timers or tasks may need the driver.
        self.wake.notify_one();
        match crate::worker::within(deadline, rx).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(Failure::Exception {
                error: JsError::new(ErrorKind::Exception, "Error: the isolate was shut down"),
                public: None,
            }),
            Err(_) => Err(Failure::Timeout),
        }
    }

    /// Turns an error into a failure; a spent budget breaks the isolate.
    fn classify(&self, error: JsError, public: Option<String>) -> Failure {
        match error.kind {
            ErrorKind::CpuLimitExceeded => {
                self.shared.broken.set(true);
                Failure::CpuLimit
            }
            ErrorKind::OutOfMemory => {
                self.shared.broken.set(true);
                Failure::OutOfMemory
            }
            _ => Failure::Exception { error, public },
        }
    }

    /// After any JS ran: a spent CPU budget stops all JS in the isolate, so
    /// every request waiting on it fails now.
    fn after_js(&self) {
        if self.isolate.cpu_exceeded() {
            self.shared.broken.set(true);
            self.fail_all(|| Failure::CpuLimit);
        }
    }

    fn fail_all(&self, failure: impl Fn() -> Failure) {
        let waiters: Vec<Waiter> = self
            .shared
            .waiters
            .borrow_mut()
            .drain()
            .map(|(_, w)| w)
            .collect();
        for w in waiters {
            let _ = w.send(Err(failure()));
        }
    }

    /// The event loop driver: runs while the instance lives and is not
    /// retired-and-idle. Uncaught errors are logged with the app's name.
    pub async fn drive(self: Rc<Self>) {
        let name = self.app.config.name.clone();
        loop {
            if self.shared.broken.get() {
                break;
            }
            if self.retired.get() {
                let idle = self.inflight.get() == 0 && self.shared.wait_until.get() == 0;
                let timeout = Duration::from_millis(self.app.config.limits.timeout_ms);
                let expired = self
                    .retired_at
                    .get()
                    .is_some_and(|at| at.elapsed() >= timeout);
                if idle || expired {
                    break;
                }
            }
            if self.inflight.get() == 0 {
                // Background work (timers, waitUntil) gets a fresh budget per
                // turn when no request is running.
                self.reset_cpu_budget();
            }
            // A retired isolate gets `timeout_ms` to finish, even when the
            // loop is waiting on a far-off timer.
            let retire_deadline = self.retired_at.get().map(|at| {
                tokio::time::Instant::from_std(at)
                    + Duration::from_millis(self.app.config.limits.timeout_ms)
            });
            let turned = tokio::select! {
                r = self.isolate.turn() => Some(r),
                _ = self.wake.notified() => None,
                _ = sleep_until_some(retire_deadline) => None,
            };
            self.after_js();
            match turned {
                // Let the worker accept and serve between macrotasks: an app
                // whose timers are always due must not hold the thread.
                Some(Ok(true)) => tokio::task::yield_now().await,
                None => {}
                Some(Ok(false)) => {
                    // Nothing to do until a request brings work.
                    if self.retired.get() {
                        let timeout = Duration::from_millis(self.app.config.limits.timeout_ms);
                        let _ = tokio::time::timeout(timeout, self.wake.notified()).await;
                    } else {
                        self.wake.notified().await;
                    }
                }
                Some(Err(error)) => match error.kind {
                    ErrorKind::CpuLimitExceeded => {
                        tracing::warn!(app = %name, "CPU time limit exceeded outside a request; replacing the isolate");
                        self.shared.broken.set(true);
                    }
                    _ => tracing::error!(app = %name, "app {name}: uncaught error: {error}"),
                },
            }
        }
        self.fail_all(|| Failure::Exception {
            error: JsError::new(ErrorKind::Exception, "Error: the isolate stopped"),
            public: None,
        });
    }
}

/// Sleeps until `deadline`, or forever without one.
async fn sleep_until_some(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

struct InflightGuard<'a>(&'a Instance, u32);

impl Drop for InflightGuard<'_> {
    fn drop(&mut self) {
        self.0.shared.waiters.borrow_mut().remove(&self.1);
        self.0.inflight.set(self.0.inflight.get() - 1);
        if self.0.retired.get() {
            self.0.wake.notify_one();
        }
    }
}

/// `host.done`, `host.waitStart`, `host.waitEnd` for the serve glue.
fn host_natives<'js>(ctx: &Ctx<'js>, shared: Weak<Shared>) -> rquickjs::Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;
    let weak = shared.clone();
    host.set(
        "done",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  id: u32,
                  parts: Value<'js>,
                  error: Value<'js>,
                  public: Option<String>| {
                let Some(shared) = weak.upgrade() else {
                    return Ok(());
                };
                let Some(waiter) = shared.waiters.borrow_mut().remove(&id) else {
                    // The request timed out meanwhile.
                    return Ok(());
                };
                let result = if parts.is_undefined() {
                    let error = nanojs_engine::error_report(&ctx, &error);
                    Err(match error.kind {
                        ErrorKind::OutOfMemory => {
                            // Whatever state the app was building is suspect.
                            shared.broken.set(true);
                            Failure::OutOfMemory
                        }
                        ErrorKind::CpuLimitExceeded => {
                            shared.broken.set(true);
                            Failure::CpuLimit
                        }
                        _ => Failure::Exception { error, public },
                    })
                } else {
                    match response_parts(&ctx, parts) {
                        Ok(p) => Ok(p),
                        Err(rquickjs::Error::Exception) => {
                            let e = ctx.catch();
                            Err(Failure::Exception {
                                error: nanojs_engine::error_report(&ctx, &e),
                                public: None,
                            })
                        }
                        Err(e) => Err(Failure::Exception {
                            error: JsError::new(ErrorKind::Exception, format!("Error: {e}")),
                            public: None,
                        }),
                    }
                };
                let _ = waiter.send(result);
                Ok::<_, rquickjs::Error>(())
            },
        )?,
    )?;
    let weak = shared.clone();
    host.set(
        "waitStart",
        Function::new(ctx.clone(), move || {
            if let Some(s) = weak.upgrade() {
                s.wait_until.set(s.wait_until.get() + 1);
            }
        })?,
    )?;
    let weak = shared;
    host.set(
        "waitEnd",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, error: rquickjs::function::Opt<Value<'js>>| {
            if let Some(s) = weak.upgrade() {
                s.wait_until.set(s.wait_until.get().saturating_sub(1));
                if let Some(error) = error.0 {
                    let report = nanojs_engine::error_report(&ctx, &error);
                    let app = s.app.as_ref().map(|a| a.config.name.as_str()).unwrap_or("");
                    tracing::error!(app = %app, "app {app}: ctx.waitUntil() promise rejected: {report}");
                }
            }
        })?,
    )?;
    Ok(host)
}

/// Reads `[status, statusText, headers, body]` from `takeResponseParts`.
fn response_parts<'js>(ctx: &Ctx<'js>, parts: Value<'js>) -> rquickjs::Result<ResponseParts> {
    let parts = nanojs_engine::rquickjs::Array::from_value(parts)?;
    let status: u16 = parts.get(0)?;
    let flat: nanojs_engine::rquickjs::Array = parts.get(2)?;
    let mut headers = Vec::with_capacity(flat.len() / 2);
    let mut i = 0;
    while i + 1 < flat.len() {
        let name: String = flat.get(i)?;
        let value: String = flat.get(i + 1)?;
        headers.push((name, latin1_bytes(&value)));
        i += 2;
    }
    let body: Value = parts.get(3)?;
    let body = if body.is_null() || body.is_undefined() {
        Bytes::new()
    } else {
        Bytes::from(js_bytes(ctx, body)?)
    };
    Ok(ResponseParts {
        status,
        headers,
        body,
    })
}

/// A ByteString's bytes: header values are Latin-1 in JS (Fetch's
/// ByteString); a code point above U+00FF cannot occur after Headers'
/// validation, and is replaced by '?' if it somehow does.
fn latin1_bytes(s: &str) -> Vec<u8> {
    if s.is_ascii() {
        return s.as_bytes().to_vec();
    }
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

/// Bytes of a string (UTF-8), ArrayBuffer or Uint8Array.
fn js_bytes<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> rquickjs::Result<Vec<u8>> {
    if let Some(s) = value.as_string() {
        return Ok(s.to_string()?.into_bytes());
    }
    // SAFETY (both): the bytes are copied out at once; no JS runs meanwhile
    // that could detach or resize the buffer.
    if let Ok(view) = TypedArray::<u8>::from_value(value.clone()) {
        return Ok(unsafe { view.as_bytes() }
            .map(<[u8]>::to_vec)
            .unwrap_or_default());
    }
    if let Some(buffer) = ArrayBuffer::from_value(value) {
        return Ok(unsafe { buffer.as_bytes() }
            .map(<[u8]>::to_vec)
            .unwrap_or_default());
    }
    Err(rquickjs::Exception::throw_type(
        ctx,
        "response body must be a string, ArrayBuffer or Uint8Array",
    ))
}
