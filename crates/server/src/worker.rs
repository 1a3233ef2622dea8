//! A worker: one thread with a current-thread tokio runtime, accepting on the
//! shared port (SO_REUSEPORT) and owning its isolates. Nothing on the request
//! path is shared with other workers except the registry snapshot (read
//! without a lock) and metrics atomics.

use std::cell::RefCell;
use std::collections::HashMap;
use std::convert::Infallible;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, HeaderName, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::sync::OnceCell;

use crate::breaker::Breaker;
use crate::instance::{
    Failure, IncomingBody, IncomingParts, Instance, OutBody, RequestGuard, ResponseParts,
};
use crate::metrics::ErrorReason;
use crate::registry::{App, Registry};
use crate::streaming::{RequestBody, ResponseBody, BUFFERED_BODY_MAX};
use crate::Shared;

/// The body of the admin listener's responses (and of `json_error`).
pub type Body = Full<Bytes>;

/// Header bytes a request may send (request line and headers together).
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// A client must send its complete request head within this time.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a worker publishes isolate counts and heap sizes.
const GAUGE_INTERVAL: Duration = Duration::from_secs(2);

/// Runs hyper's tasks on the worker's LocalSet: handlers hold isolates,
/// which never leave their thread.
#[derive(Clone, Copy)]
struct LocalExec;

impl<F> hyper::rt::Executor<F> for LocalExec
where
    F: std::future::Future + 'static,
{
    fn execute(&self, fut: F) {
        tokio::task::spawn_local(fut);
    }
}

type Slot = Rc<OnceCell<Rc<Instance>>>;

struct Worker {
    id: usize,
    shared: Arc<Shared>,
    /// This worker's isolates by app version id.
    instances: RefCell<HashMap<u64, Slot>>,
    /// The registry snapshot last seen, to notice reloads (kept alive, so
    /// a new snapshot can never reuse its address).
    seen: RefCell<Option<Arc<Registry>>>,
    /// Back-off state of apps that keep hitting their limits, by app version.
    breakers: RefCell<HashMap<u64, Rc<Breaker>>>,
}

/// Runs worker `id` until shutdown is signalled and its connections drained.
pub fn run(id: usize, listener: std::net::TcpListener, shared: Arc<Shared>) {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(worker = id, "cannot start worker runtime: {e}");
            return;
        }
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, serve(id, listener, shared));
}

async fn serve(id: usize, listener: std::net::TcpListener, shared: Arc<Shared>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(worker = id, "cannot use listener: {e}");
            return;
        }
    };
    let mut shutdown = shared.shutdown.clone();
    let grace = shared.grace;
    let worker = Rc::new(Worker {
        id,
        shared,
        instances: RefCell::new(HashMap::new()),
        seen: RefCell::new(None),
        breakers: RefCell::new(HashMap::new()),
    });
    tokio::task::spawn_local(gauges(Rc::clone(&worker)));

    let mut builder = auto::Builder::new(LocalExec);
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(MAX_HEADER_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEADER_BYTES as u32);
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: back off briefly.
                        tracing::warn!(worker = id, "accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let w = Rc::clone(&worker);
                let service = service_fn(move |req| {
                    let w = Rc::clone(&w);
                    async move { Ok::<_, Infallible>(w.handle(req).await) }
                });
                let conn = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let conn = graceful.watch(conn);
                tokio::task::spawn_local(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!("connection error: {e}");
                    }
                });
            }
            _ = shutdown.changed() => break,
        }
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(grace) => {
            tracing::warn!(worker = id, "grace period over; closing connections still open");
        }
    }
}

/// Publishes isolate gauges and retires isolates of apps a reload replaced.
async fn gauges(worker: Rc<Worker>) {
    loop {
        tokio::time::sleep(GAUGE_INTERVAL).await;
        let registry = worker.shared.registry.load_full();
        worker.sweep(&registry, true);
        for app in &registry.apps {
            let slot = worker.instances.borrow().get(&app.id).cloned();
            let (count, memory) = match slot.as_ref().and_then(|s| s.get()) {
                Some(i) => (1, i.memory_used() as u64),
                None => (0, 0),
            };
            app.metrics.set_worker_gauges(worker.id, count, memory);
        }
    }
}

impl Worker {
    async fn handle(self: &Rc<Self>, req: Request<Incoming>) -> Response<ResponseBody> {
        let start = Instant::now();
        let method = req.method().clone();
        let path = req.uri().path().to_string();
        let registry = self.shared.registry.load();
        self.sweep(&registry, false);
        let host = host_of(&req).unwrap_or_default().to_string();
        let Some(app) = registry
            .router
            .route(&host)
            .map(|i| Arc::clone(&registry.apps[i]))
        else {
            let response = json_error(
                StatusCode::NOT_FOUND,
                &format!("no app is configured for host \"{host}\""),
            );
            access_log("-", &method, &path, response.status(), start);
            return response.map(|b| ResponseBody::Full(b.into_inner()));
        };
        drop(registry);
        let response = self.serve_app(&app, req, start).await;
        let status = response.status();
        app.metrics.record(status.as_u16(), start.elapsed());
        access_log(&app.config.name, &method, &path, status, start);
        response
    }

    /// Retires isolates of app versions the current registry no longer has,
    /// when the registry changed (or always, with `force`: an isolate may
    /// have been created for a version a reload removed while its first
    /// request was reading its body).
    fn sweep(&self, registry: &Arc<Registry>, force: bool) {
        {
            let mut seen = self.seen.borrow_mut();
            if !force && seen.as_ref().is_some_and(|s| Arc::ptr_eq(s, registry)) {
                return;
            }
            *seen = Some(Arc::clone(registry));
        }
        let live: std::collections::HashSet<u64> = registry.apps.iter().map(|a| a.id).collect();
        self.breakers.borrow_mut().retain(|id, _| live.contains(id));
        self.instances.borrow_mut().retain(|id, slot| {
            if live.contains(id) {
                return true;
            }
            if let Some(instance) = slot.get() {
                instance.retire();
            }
            false
        });
    }

    async fn serve_app(
        self: &Rc<Self>,
        app: &Arc<App>,
        req: Request<Incoming>,
        start: Instant,
    ) -> Response<ResponseBody> {
        let limits = app.config.limits;
        let breaker = Rc::clone(self.breakers.borrow_mut().entry(app.id).or_default());
        if let Some(wait) = breaker.paused(start) {
            app.metrics.error(ErrorReason::Throttled);
            let mut response = text_error(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!(
                    "the app keeps exceeding its CPU or memory limit; paused for {} ms",
                    wait.as_millis()
                ),
            );
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(wait.as_secs().max(1)),
            );
            return response;
        }
        let deadline =
            tokio::time::Instant::from_std(start) + Duration::from_millis(limits.timeout_ms);
        let max_body = (limits.max_body_mb as usize).saturating_mul(1024 * 1024);
        let incoming = match within(deadline, read_request(req, max_body)).await {
            Ok(Ok(parts)) => parts,
            Ok(Err(response)) => {
                if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    app.metrics.error(ErrorReason::BodyTooLarge);
                }
                return response;
            }
            Err(_) => {
                app.metrics.error(ErrorReason::Timeout);
                return text_error(
                    StatusCode::GATEWAY_TIMEOUT,
                    &format!("request timed out after {} ms", limits.timeout_ms),
                );
            }
        };
        let instance = match within(deadline, self.instance(app)).await {
            Ok(Ok(i)) => i,
            Ok(Err(error)) => {
                tracing::error!(app = %app.config.name, "app {} failed to load: {error}", app.config.name);
                app.metrics.error(ErrorReason::Load);
                return text_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the app failed to start; see the server log",
                );
            }
            Err(_) => {
                app.metrics.error(ErrorReason::Timeout);
                return text_error(
                    StatusCode::GATEWAY_TIMEOUT,
                    &format!(
                        "the app did not finish loading within {} ms",
                        limits.timeout_ms
                    ),
                );
            }
        };
        let head = incoming.method == "HEAD";
        let (outcome, guard) = instance.dispatch(incoming, deadline).await;
        app.metrics.cpu(instance.take_cpu());
        if instance.is_broken() {
            // The next request gets a fresh isolate; this one finishes what
            // it can and its driver stops.
            instance.retire();
            let mut map = self.instances.borrow_mut();
            if map
                .get(&app.id)
                .and_then(|s| s.get())
                .is_some_and(|i| Rc::ptr_eq(i, &instance))
            {
                map.remove(&app.id);
            }
        }
        match &outcome {
            // Requests in flight on the isolate all fail with it: one strike.
            Err(Failure::CpuLimit | Failure::OutOfMemory) => {
                breaker.strike(Instant::now(), instance.serial)
            }
            _ => breaker.reset(),
        }
        if guard.body_overflowed()
            && matches!(outcome, Err(Failure::Exception { .. } | Failure::Timeout))
        {
            // The handler failed on a body over the limit (its read errored).
            app.metrics.error(ErrorReason::BodyTooLarge);
            return too_large(max_body);
        }
        match outcome {
            Ok(parts) => {
                let idle = Duration::from_millis(limits.timeout_ms);
                build_response(parts, guard, head, idle).unwrap_or_else(|message| {
                    tracing::error!(app = %app.config.name, "app {}: invalid response: {message}", app.config.name);
                    app.metrics.error(ErrorReason::Exception);
                    text_error(StatusCode::INTERNAL_SERVER_ERROR, &message)
                })
            }
            Err(Failure::Exception { error, public }) => {
                match public {
                    Some(message) => {
                        // The app's mistake is the message; the glue's stack
                        // would only confuse.
                        tracing::error!(app = %app.config.name, "app {}: {message}", app.config.name);
                        app.metrics.error(ErrorReason::NotResponse);
                        text_error(StatusCode::INTERNAL_SERVER_ERROR, &message)
                    }
                    None => {
                        tracing::error!(app = %app.config.name, "app {}: {error}", app.config.name);
                        app.metrics.error(ErrorReason::Exception);
                        text_error(
                            StatusCode::INTERNAL_SERVER_ERROR,
                            "the app's fetch handler threw an exception; see the server log",
                        )
                    }
                }
            }
            Err(Failure::CpuLimit) => {
                tracing::warn!(app = %app.config.name, "CPU time limit of {} ms exceeded; isolate replaced", limits.cpu_ms);
                app.metrics.error(ErrorReason::Cpu);
                text_error(StatusCode::SERVICE_UNAVAILABLE, "CPU time limit exceeded")
            }
            Err(Failure::OutOfMemory) => {
                tracing::warn!(app = %app.config.name, "memory limit of {} MB exceeded; isolate replaced", limits.memory_mb);
                app.metrics.error(ErrorReason::Memory);
                text_error(StatusCode::SERVICE_UNAVAILABLE, "memory limit exceeded")
            }
            Err(Failure::Timeout) => {
                tracing::warn!(app = %app.config.name, "request timed out after {} ms", limits.timeout_ms);
                app.metrics.error(ErrorReason::Timeout);
                text_error(
                    StatusCode::GATEWAY_TIMEOUT,
                    &format!("request timed out after {} ms", limits.timeout_ms),
                )
            }
        }
    }

    /// This worker's isolate for `app`, created on first use. Concurrent
    /// first requests share one load.
    async fn instance(&self, app: &Arc<App>) -> Result<Rc<Instance>, nanojs_engine::JsError> {
        let slot = {
            let mut map = self.instances.borrow_mut();
            let slot = map.entry(app.id).or_default();
            if slot.get().is_some_and(|i| i.is_broken()) {
                *slot = Slot::default();
            }
            Rc::clone(slot)
        };
        let instance = slot
            .get_or_try_init(|| async {
                let instance = Instance::load(Arc::clone(app)).await?;
                app.metrics.isolate_started();
                tokio::task::spawn_local(Rc::clone(&instance).drive());
                Ok::<_, nanojs_engine::JsError>(instance)
            })
            .await?;
        Ok(Rc::clone(instance))
    }
}

/// `f`, unless `deadline` passes first. A future that is ready at once (a
/// request without a body, an isolate that exists) never touches the timer.
pub(crate) async fn within<F: std::future::Future>(
    deadline: tokio::time::Instant,
    f: F,
) -> Result<F::Output, tokio::time::error::Elapsed> {
    let mut f = std::pin::pin!(f);
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(f.as_mut().poll(cx))).await;
    if let std::task::Poll::Ready(v) = first {
        return Ok(v);
    }
    tokio::time::timeout_at(deadline, f).await
}

/// The Host header (or HTTP/2 :authority).
fn host_of(req: &Request<Incoming>) -> Option<&str> {
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
}

fn too_large(max_body: usize) -> Response<ResponseBody> {
    text_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "request body larger than the app's limit of {} MB (max_body_mb)",
            max_body / (1024 * 1024)
        ),
    )
}

/// Reads the head into the parts JS gets. A small body (by Content-Length)
/// is read here too; any other is streamed to JS as it reads it, counted
/// against `max_body` as it arrives.
async fn read_request(
    req: Request<Incoming>,
    max_body: usize,
) -> Result<IncomingParts, Response<ResponseBody>> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_body as u64) {
        return Err(too_large(max_body));
    }
    let (parts, body) = req.into_parts();
    let host = parts
        .headers
        .get(header::HOST)
        .map(|h| h.as_bytes())
        .or_else(|| parts.uri.authority().map(|a| a.as_str().as_bytes()))
        .unwrap_or(b"");
    let host = match url_host(host) {
        Some(h) => h,
        None => {
            return Err(text_error(
                StatusCode::BAD_REQUEST,
                "invalid Host header: expected a host name or address, optionally with a port",
            ))
        }
    };
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let url = request_url(&host, path);
    let mut headers = Vec::with_capacity(parts.headers.len());
    for (name, value) in &parts.headers {
        headers.push((name.as_str().to_string(), latin1_string(value.as_bytes())));
    }
    let has_body = declared.is_some_and(|n| n > 0)
        || parts.headers.contains_key(header::TRANSFER_ENCODING)
        || parts.version == http::Version::HTTP_2 && !hyper::body::Body::is_end_stream(&body);
    let body = match declared {
        _ if !has_body => IncomingBody::None,
        Some(n) if n <= BUFFERED_BODY_MAX => {
            // Cheaper read at once than streamed (and a declared length
            // is only a claim: the limit still applies).
            let mut buf = Vec::with_capacity(n as usize);
            let mut body = Limited::new(body, max_body);
            while let Some(frame) = body.frame().await {
                match frame {
                    Ok(frame) => {
                        if let Some(data) = frame.data_ref() {
                            buf.extend_from_slice(data);
                        }
                    }
                    Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                        return Err(too_large(max_body))
                    }
                    Err(e) => {
                        return Err(text_error(
                            StatusCode::BAD_REQUEST,
                            &format!("cannot read the request body: {e}"),
                        ))
                    }
                }
            }
            IncomingBody::Bytes(buf)
        }
        _ => IncomingBody::Stream(RequestBody::new(body, max_body)),
    };
    Ok(IncomingParts {
        method: parts.method.as_str().to_string(),
        url,
        headers,
        body,
    })
}

/// The host part of `request.url`, from a Host header: lower-cased, or
/// `localhost` when it is empty (HTTP/1.0). None when it could not be the
/// authority of a URL (a path, query, userinfo or space in it), so that the
/// URL an app sees always parses to the path that was requested.
fn url_host(raw: &[u8]) -> Option<String> {
    if raw.is_empty() {
        return Some("localhost".to_string());
    }
    let host = std::str::from_utf8(raw).ok()?.to_ascii_lowercase();
    let port = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let ipv6 = |b: u8| b.is_ascii_hexdigit() || b == b':' || b == b'.';
        if inside.is_empty() || !inside.bytes().all(ipv6) {
            return None;
        }
        if after.is_empty() {
            ""
        } else {
            after.strip_prefix(':')?
        }
    } else {
        let (name, port) = host.split_once(':').unwrap_or((&host, ""));
        let label = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
        if name.is_empty() || !name.bytes().all(label) {
            return None;
        }
        port
    };
    let name_end = host.len() - port.len() - usize::from(host.ends_with(':') || !port.is_empty());
    let name = &host[..name_end];
    if port.is_empty() {
        return Some(name.to_string());
    }
    if port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // As the URL Standard serializes it: a number, without the scheme's
    // default port.
    match port.parse::<u16>().ok()? {
        80 => Some(name.to_string()),
        n => Some(format!("{name}:{n}")),
    }
}

/// `request.url`: as the URL Standard would serialize it, so that
/// `new URL(request.url).href === request.url`. Most paths need no
/// percent-encoding and skip the parser.
fn request_url(host: &str, path: &str) -> String {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b);
    let url = format!("http://{host}{path}");
    if path.bytes().all(plain) && !path.contains("/.") {
        return url;
    }
    match url::Url::parse(&url) {
        Ok(u) => u.as_str().to_string(),
        Err(_) => url,
    }
}

/// Header bytes as a JS ByteString: each byte one code point (Latin-1).
fn latin1_string(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) if s.is_ascii() => s.to_string(),
        _ => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// Headers a handler cannot set on a buffered response: the server frames
/// the message itself.
fn is_framing_header(name: &str) -> bool {
    matches!(
        name,
        "content-length" | "transfer-encoding" | "connection" | "keep-alive" | "upgrade"
    )
}

/// The HTTP response for the app's Response. A stream body takes the
/// request's guard along: the request is in flight until the stream ends.
fn build_response(
    parts: ResponseParts,
    guard: RequestGuard,
    head: bool,
    idle: Duration,
) -> Result<Response<ResponseBody>, String> {
    let status = StatusCode::from_u16(parts.status)
        .map_err(|_| format!("invalid status {}", parts.status))?;
    let streamed = matches!(parts.body, OutBody::Stream(_));
    // A stream's length is the app's to declare (else it is sent chunked):
    // the first valid Content-Length is kept, and the stream checked
    // against it.
    let length = if streamed {
        parts
            .headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, v)| std::str::from_utf8(v).ok()?.parse::<u64>().ok())
    } else {
        None
    };
    let body = match parts.body {
        OutBody::Bytes(bytes) => ResponseBody::full(bytes),
        OutBody::Stream(rx) if head => {
            // No body goes out: the response is complete with its head;
            // dropping the receiver cancels the stream.
            let mut guard = guard;
            guard.complete();
            drop(rx);
            ResponseBody::Full(None)
        }
        OutBody::Stream(rx) => ResponseBody::stream(rx, guard, idle, length),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.reserve(parts.headers.len());
    let mut length_kept = false;
    for (name, value) in parts.headers {
        if is_framing_header(&name) {
            let keep = length.is_some() && !length_kept && name == "content-length";
            if !keep {
                continue;
            }
            length_kept = true;
            headers.append(
                header::CONTENT_LENGTH,
                HeaderValue::from(length.unwrap_or(0)),
            );
            continue;
        }
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("invalid header name {name:?}"))?;
        let value = HeaderValue::from_bytes(&value)
            .map_err(|_| format!("invalid value for header {name}"))?;
        headers.append(name, value);
    }
    Ok(response)
}

fn text_error(status: StatusCode, message: &str) -> Response<ResponseBody> {
    let mut response = Response::new(ResponseBody::full(Bytes::from(format!("{message}\n"))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

pub fn json_error(status: StatusCode, message: &str) -> Response<Body> {
    let body = serde_json::json!({ "error": message, "status": status.as_u16() }).to_string();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn access_log(app: &str, method: &http::Method, path: &str, status: StatusCode, start: Instant) {
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: "nanojs::access",
        app,
        method = method.as_str(),
        path,
        status = status.as_u16(),
        ms = (ms * 100.0).round() / 100.0,
    );
}

#[cfg(test)]
mod tests {
    use super::{request_url, url_host};

    #[test]
    fn request_url_is_canonical() {
        assert_eq!(request_url("a", "/p?q=1"), "http://a/p?q=1");
        assert_eq!(request_url("a", "/x/../y"), "http://a/y");
        assert_eq!(request_url("a", "/a b\"c"), "http://a/a%20b%22c");
        assert_eq!(request_url("a", "/?q={x}"), "http://a/?q={x}");
    }

    #[test]
    fn url_host_accepts_names_addresses_and_ports() {
        assert_eq!(
            url_host(b"MiXeD.Test:8080").as_deref(),
            Some("mixed.test:8080")
        );
        assert_eq!(url_host(b"").as_deref(), Some("localhost"));
        assert_eq!(url_host(b"[::1]:80").as_deref(), Some("[::1]"));
        assert_eq!(url_host(b"[::1]:8080").as_deref(), Some("[::1]:8080"));
        assert_eq!(url_host(b"127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(
            url_host(b"a.example.com.").as_deref(),
            Some("a.example.com.")
        );
    }

    #[test]
    fn url_host_rejects_what_would_change_the_url() {
        for bad in [
            &b"a/b"[..],
            b"a\\b",
            b"a?b",
            b"a#b",
            b"a b",
            b"user@a",
            b":80",
            b"a:8x",
            b"[::1",
            b"[::1]x",
            b"[zz]",
            b"a:123456",
            b"a:99999",
        ] {
            assert_eq!(url_host(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
