//! An app instance: one isolate running one app's code on one worker. It
//! serves many requests, concurrently when they `await`. A driver task turns
//! the isolate's event loop (timers, Rust work, `waitUntil`) whenever there
//! is work; requests wait on a oneshot that `host.done()` fires from JS.
//! A request stays in flight (see `RequestGuard`) until its response is
//! complete, which for a streamed body is when the stream ends.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use nanojs_engine::rquickjs::{self, Ctx, Function, Object, Persistent, TypedArray, Value};
use nanojs_engine::{ErrorKind, Isolate, IsolateOptions, JsError};
use nanojs_web::body_stream::SinkReceiver;
use nanojs_web::fetch::{OutboundPolicy, RequestTracker};
use tokio::sync::{oneshot, watch, Notify};

use crate::console::AppConsole;
use crate::metrics::ErrorReason;
use crate::registry::App;
use crate::streaming::{RequestBody, SINK_CAPACITY};

/// What the server hands JS for one request.
pub struct IncomingParts {
    pub method: String,
    pub url: String,
    /// Lower-case names and values, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: IncomingBody,
}

pub enum IncomingBody {
    None,
    /// Read before the handler runs (small bodies).
    Bytes(Vec<u8>),
    /// Read as JS pulls it.
    Stream(Rc<RequestBody>),
}

/// A Response taken out of JS.
pub struct ResponseParts {
    pub status: u16,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: OutBody,
}

pub enum OutBody {
    Bytes(Bytes),
    /// A `ReadableStream` that JS is pumping into this receiver.
    Stream(SinkReceiver),
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
    /// Requests that ended after JS last heard of them: those whose client
    /// went away before the response was complete (`true`: the driver
    /// aborts their `request.signal`) and streamed responses.
    ended: RefCell<Vec<(u32, bool)>>,
    /// Requests whose response body JS is pumping into a sink: JS keeps
    /// them until told they ended.
    streams: RefCell<std::collections::HashSet<u32>>,
}

// Field order matters: the JS handle must be dropped before the isolate.
pub struct Instance {
    dispatch: Persistent<Function<'static>>,
    /// `end(id, cutShort)` of the serve glue (see `run_ended`).
    end: Persistent<Function<'static>>,
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
    /// Becomes true when the driver has stopped: no more JS runs here, so
    /// response streams in flight end.
    stopped: watch::Sender<bool>,
    /// Unique for the process's lifetime (addresses get reused).
    pub serial: u64,
    pub app: Arc<App>,
    /// Incoming requests, for `fetch()`'s subrequest allowance.
    requests: RequestTracker,
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
            // An app reads nothing outside its folder.
            module_root: app.config.path.clone(),
            // process.env: the app's own string values, never the server's.
            process_env: app
                .config
                .env
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect(),
            ..IsolateOptions::default()
        };
        let isolate = Isolate::new(options, nanojs_web::builtins())?;
        // Before any stream module loads: they read it then.
        let max_queued = (limits.max_buffer_size_mb as usize).saturating_mul(1024 * 1024);
        let policy = OutboundPolicy {
            allow_hosts: app.config.outbound_allow.clone(),
            max_subrequests: Some(u32::try_from(limits.max_subrequests).unwrap_or(u32::MAX)),
            max_response_bytes: Some(limits.max_response_bytes()),
        };
        let requests = isolate.run_js(|ctx| {
            nanojs_web::body_stream::set_max_queued_bytes(&ctx, Some(max_queued));
            nanojs_web::fetch::set_outbound_policy(&ctx, Some(policy));
            nanojs_web::fetch::request_tracker(&ctx)
        });
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
        let (dispatch, end) = isolate.run_js(|ctx| {
            type Fns = (Persistent<Function<'static>>, Persistent<Function<'static>>);
            let result = (|| -> rquickjs::Result<Fns> {
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
                let fns: rquickjs::Array = prepare.call((ns, env, host, events))?;
                let dispatch: Function = fns.get(0)?;
                let end: Function = fns.get(1)?;
                Ok((
                    Persistent::save(&ctx, dispatch),
                    Persistent::save(&ctx, end),
                ))
            })();
            result.map_err(|e| isolate.error_from(&ctx, e))
        })?;
        Ok(Rc::new(Instance {
            dispatch,
            end,
            shared,
            next_id: Cell::new(0),
            inflight: Cell::new(0),
            requests,
            retired: Cell::new(false),
            retired_at: Cell::new(None),
            wake: Notify::new(),
            cpu_pending: Cell::new(Duration::ZERO),
            cpu_mark: Cell::new(Duration::ZERO),
            stopped: watch::Sender::new(false),
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

    /// Runs the request through the app's handler and waits for its
    /// Response. The guard keeps the request in flight: drop it when the
    /// response is complete (a streamed body takes it along).
    pub async fn dispatch(
        self: &Rc<Self>,
        req: IncomingParts,
        deadline: tokio::time::Instant,
    ) -> (Result<ResponseParts, Failure>, RequestGuard) {
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
        self.requests.started();
        // Also dropped when the client goes away and hyper drops this future.
        let mut guard = RequestGuard {
            instance: Rc::clone(self),
            id,
            body: None,
            streaming: false,
            complete: false,
        };

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
                let method = req.method.as_str();
                let url = req.url.as_str();
                match req.body {
                    IncomingBody::None => {
                        dispatch.call::<_, ()>((id, method, url, headers, rquickjs::Null))
                    }
                    IncomingBody::Bytes(bytes) => {
                        let body = TypedArray::<u8>::new(ctx.clone(), bytes)?;
                        dispatch.call::<_, ()>((id, method, url, headers, body))
                    }
                    IncomingBody::Stream(body) => {
                        let source = nanojs_web::body_stream::new_source(&ctx, body.stream())?;
                        guard.body = Some(body);
                        dispatch.call::<_, ()>((id, method, url, headers, rquickjs::Null, source))
                    }
                }
            })();
            result.map_err(|e| self.isolate.error_from(&ctx, e))
        });
        self.after_js();
        if let Err(error) = called {
            return (Err(self.classify(error, None)), guard);
        }
        // New timers or tasks may need the driver.
        self.wake.notify_one();
        let result = match crate::worker::within(deadline, rx).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(Failure::Exception {
                error: JsError::new(ErrorKind::Exception, "Error: the isolate was shut down"),
                public: None,
            }),
            Err(_) => Err(Failure::Timeout),
        };
        (result, guard)
    }

    /// A receiver that turns true when the driver stops.
    pub fn stopped(&self) -> watch::Receiver<bool> {
        self.stopped.subscribe()
    }

    /// Why the driver stopped, for a response stream it cut off.
    pub fn stop_reason(&self) -> (String, ErrorReason) {
        if self.isolate.cpu_exceeded() {
            let ms = self.app.config.limits.cpu_ms;
            (
                format!("CPU time limit of {ms} ms exceeded while streaming; isolate replaced"),
                ErrorReason::Cpu,
            )
        } else if self.isolate.heap_exhausted() {
            let mb = self.app.config.limits.memory_mb;
            (
                format!("memory limit of {mb} MB exceeded while streaming; isolate replaced"),
                ErrorReason::Memory,
            )
        } else {
            let ms = self.app.config.limits.timeout_ms;
            (
                format!("the app was replaced by a reload and its stream did not end within {ms} ms (timeout_ms)"),
                ErrorReason::Timeout,
            )
        }
    }

    /// Tells JS which requests ended (aborting `request.signal` of those
    /// whose client went away).
    fn run_ended(&self) {
        if self.shared.ended.borrow().is_empty() || self.shared.broken.get() {
            return;
        }
        let ended = std::mem::take(&mut *self.shared.ended.borrow_mut());
        let result = self.isolate.run_js(|ctx| {
            let result = (|| -> rquickjs::Result<()> {
                let end = self.end.clone().restore(&ctx)?;
                for (id, cut_short) in ended {
                    end.call::<_, ()>((id, cut_short))?;
                }
                Ok(())
            })();
            result.map_err(|e| self.isolate.error_from(&ctx, e))
        });
        self.after_js();
        if let Err(error) = result {
            let name = &self.app.config.name;
            tracing::error!(app = %name, "app {name}: ending requests failed: {error}");
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
            self.run_ended();
            if self.shared.broken.get() {
                break;
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
        self.stopped.send_replace(true);
    }
}

/// Sleeps until `deadline`, or forever without one.
async fn sleep_until_some(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// One request in flight on an instance, until its response is complete.
/// Dropped early (the client went away, the request timed out), it aborts
/// `request.signal`; a streamed response's guard lives in its body.
pub struct RequestGuard {
    instance: Rc<Instance>,
    id: u32,
    /// A streamed request body, released with the request.
    body: Option<Rc<RequestBody>>,
    streaming: bool,
    complete: bool,
}

impl RequestGuard {
    pub fn instance(&self) -> &Rc<Instance> {
        &self.instance
    }

    /// Whether the request body passed `max_body_mb` while JS read it.
    pub fn body_overflowed(&self) -> bool {
        self.body.as_ref().is_some_and(|b| b.overflowed())
    }

    /// The response is a stream: the request ends when the stream does.
    pub(crate) fn set_streaming(&mut self) {
        self.streaming = true;
    }

    /// The streamed response was sent completely (or, for HEAD, its head).
    pub(crate) fn complete(&mut self) {
        self.complete = true;
    }
}

impl Drop for RequestGuard {
    fn drop(&mut self) {
        let inst = &*self.instance;
        let pending = inst.shared.waiters.borrow_mut().remove(&self.id).is_some();
        // (Also when the stream body never took the guard: the client left
        // between the handler's answer and the response.)
        let streamed = {
            let mut streams = inst.shared.streams.borrow_mut();
            !streams.is_empty() && streams.remove(&self.id)
        };
        inst.inflight.set(inst.inflight.get() - 1);
        inst.requests.finished();
        if let Some(body) = &self.body {
            body.release();
        }
        if self.streaming {
            inst.app.metrics.cpu(inst.take_cpu());
        }
        let cut_short = pending || (streamed && !self.complete);
        if (cut_short || streamed) && !inst.shared.broken.get() {
            inst.shared.ended.borrow_mut().push((self.id, cut_short));
            inst.wake.notify_one();
        } else if inst.retired.get() {
            inst.wake.notify_one();
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
                // What JS gets back: undefined, or for a stream body the
                // sink to pump it into, or null when nobody waits for it
                // any more (then JS cancels the stream).
                let mut sink = Value::new_undefined(ctx.clone());
                let Some(shared) = weak.upgrade() else {
                    return Ok(Value::new_null(ctx));
                };
                let Some(waiter) = shared.waiters.borrow_mut().remove(&id) else {
                    // The request timed out or its client went away meanwhile.
                    return Ok(Value::new_null(ctx));
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
                        Ok((p, s)) => {
                            if let Some(s) = s {
                                shared.streams.borrow_mut().insert(id);
                                sink = s;
                            }
                            Ok(p)
                        }
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
                Ok::<_, rquickjs::Error>(sink)
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

/// Reads `[status, statusText, headers, body]` from `takeResponseParts`;
/// for a stream body, also the sink JS is to pump it into.
fn response_parts<'js>(
    ctx: &Ctx<'js>,
    parts: Value<'js>,
) -> rquickjs::Result<(ResponseParts, Option<Value<'js>>)> {
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
    let mut sink = None;
    let body = if body.is_null() || body.is_undefined() {
        OutBody::Bytes(Bytes::new())
    } else if let Some(bytes) = js_bytes(&body)? {
        OutBody::Bytes(Bytes::from(bytes))
    } else if body.is_object() {
        // takeResponseParts gives nothing else: a ReadableStream.
        let (value, rx) = nanojs_web::body_stream::new_sink(ctx, SINK_CAPACITY)?;
        sink = Some(value);
        OutBody::Stream(rx)
    } else {
        return Err(rquickjs::Exception::throw_type(
            ctx,
            "response body must be a string, Uint8Array or ReadableStream",
        ));
    };
    let parts = ResponseParts {
        status,
        headers,
        body,
    };
    Ok((parts, sink))
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

/// Bytes of a string (UTF-8) or Uint8Array; None for anything else.
fn js_bytes(value: &Value<'_>) -> rquickjs::Result<Option<Vec<u8>>> {
    if let Some(s) = value.as_string() {
        return Ok(Some(s.to_string()?.into_bytes()));
    }
    // SAFETY: the bytes are copied out at once; no JS runs meanwhile that
    // could detach or resize the buffer.
    if let Ok(view) = TypedArray::<u8>::from_value(value.clone()) {
        return Ok(Some(
            unsafe { view.as_bytes() }
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
        ));
    }
    // (No ArrayBuffer case: takeResponseParts never gives one, and
    // rquickjs's ArrayBuffer::from_value leaves a pending exception behind
    // when the value is not one.)
    Ok(None)
}
