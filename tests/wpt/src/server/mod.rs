//! A local HTTP server in wptserve's role: serves the WPT tree (files with
//! wptserve's headers, `.sub.` templates and `?pipe=`), Rust emulations of
//! the Python handlers (`*.py`) the tests use, and `.asis` files.
//!
//! One server per WPT root, started on first use and kept for the life of
//! the process. All servers run on one thread with its own tokio runtime.
//! Each listens on two ephemeral ports on 127.0.0.1 (`{{ports[http][0]}}`
//! and `{{ports[http][1]}}`), and on `[::1]` with the same ports where it
//! can (`localhost` may resolve to either). See `substitute` for the host
//! names tests see.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener as StdListener};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::substitute::{Hosts, HOST};

pub mod files;
pub mod handlers;
pub mod http;
pub mod pipes;
pub mod raw;
pub mod stash;

use self::http::{percent_decode_bytes, Query, Request, Response, ResponseBody};

/// Request bodies larger than this are refused.
const MAX_BODY: usize = 64 * 1024 * 1024;
/// Request heads larger than this go to hyper unexamined (which refuses them).
const MAX_HEAD: usize = 64 * 1024;

/// What handlers share.
pub struct State {
    pub root: PathBuf,
    pub hosts: Hosts,
    pub stash: stash::Stash,
}

/// A running server.
pub struct Server {
    state: Arc<State>,
}

impl Server {
    /// The server for `root` (canonical path), started on first call.
    pub fn for_root(root: &Path) -> io::Result<&'static Server> {
        static SERVERS: OnceLock<Mutex<HashMap<PathBuf, &'static Server>>> = OnceLock::new();
        let mut servers = SERVERS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(s) = servers.get(root) {
            return Ok(s);
        }
        let server: &'static Server = Box::leak(Box::new(start(root)?));
        servers.insert(root.to_path_buf(), server);
        Ok(server)
    }

    /// `{{ports[http][0]}}`.
    pub fn port(&self) -> u16 {
        self.state.hosts.http[0]
    }

    pub fn hosts(&self) -> &Hosts {
        &self.state.hosts
    }

    /// `http://localhost:<port>`: the origin test files are served from.
    pub fn origin(&self) -> String {
        format!("http://{HOST}:{}", self.port())
    }
}

/// The runtime every server runs on (its own thread).
fn runtime() -> &'static tokio::runtime::Handle {
    static RUNTIME: OnceLock<tokio::runtime::Handle> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("wpt-server".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("WPT server runtime");
                let _ = tx.send(rt.handle().clone());
                rt.block_on(std::future::pending::<()>());
            })
            .expect("spawn the WPT server thread");
        rx.recv().expect("WPT server runtime handle")
    })
}

fn start(root: &Path) -> io::Result<Server> {
    let first = bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    let second = bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    let ports = [first.local_addr()?.port(), second.local_addr()?.port()];
    let state = Arc::new(State {
        root: root.to_path_buf(),
        hosts: Hosts { http: ports },
        stash: stash::Stash::default(),
    });
    let mut listeners = vec![first, second];
    for port in ports {
        // Optional: `localhost` may resolve to ::1 first; clients fall back
        // to 127.0.0.1 when this fails.
        if let Ok(l) = bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))) {
            listeners.push(l);
        }
    }
    let handle = runtime();
    for listener in listeners {
        let state = state.clone();
        handle.spawn(async move {
            let listener = match TcpListener::from_std(listener) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("nanojs-wpt server: {e}");
                    return;
                }
            };
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        tokio::spawn(connection(state.clone(), stream));
                    }
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
                }
            }
        });
    }
    Ok(Server { state })
}

fn bind(addr: SocketAddr) -> io::Result<StdListener> {
    let l = StdListener::bind(addr)?;
    l.set_nonblocking(true)?;
    Ok(l)
}

/// One connection, one request: the head is read first so that raw routes
/// can take the socket; everything else goes to hyper, keep-alive off.
async fn connection(state: Arc<State>, mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let local_port = stream.local_addr().map(|a| a.port()).unwrap_or(0);
    let mut buf = Vec::with_capacity(1024);
    let head = loop {
        if let Some(head) = raw::parse_head(&buf) {
            break Some(head);
        }
        // Not HTTP (e.g. a TLS ClientHello for an https: URL): hang up.
        if buf.first().is_some_and(|b| !b.is_ascii_alphabetic()) || buf.len() > MAX_HEAD {
            break None;
        }
        match stream.read_buf(&mut buf).await {
            Ok(0) | Err(_) => break None,
            Ok(_) => {}
        }
    };
    if buf.first().is_some_and(|b| !b.is_ascii_alphabetic()) {
        return;
    }
    if let Some(raw) = head.as_ref().and_then(|h| raw::route(&state, h)) {
        raw::run(raw, stream).await;
        return;
    }
    let io = Rewind {
        prefix: Bytes::from(buf),
        inner: stream,
    };
    let service = service_fn(move |req| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(handle(state, req, local_port).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .keep_alive(false)
        .serve_connection(TokioIo::new(io), service)
        .await;
}

/// The bytes read while peeking, then the socket.
struct Rewind {
    prefix: Bytes,
    inner: TcpStream,
}

impl AsyncRead for Rewind {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if !self.prefix.is_empty() {
            let n = self.prefix.len().min(buf.remaining());
            let chunk = self.prefix.split_to(n);
            buf.put_slice(&chunk);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Rewind {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The file a URL path names, relative to the root (wptserve's
/// `filesystem_path`, with its aliases); None for paths with `..`.
pub fn file_path(url_path: &str) -> Option<String> {
    let decoded = String::from_utf8_lossy(&percent_decode_bytes(url_path)).into_owned();
    if decoded.contains("..") || decoded.contains('\\') {
        return None;
    }
    let rel = decoded.trim_start_matches('/');
    Some(
        match rel {
            "resources/WebIDLParser.js" => "resources/webidl2/lib/webidl2.js",
            other => other,
        }
        .to_string(),
    )
}

async fn handle(
    state: Arc<State>,
    req: hyper::Request<Incoming>,
    local_port: u16,
) -> hyper::Response<ResponseBody> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return into_hyper(Response::error(400, &format!("request body: {e}"))),
    };
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or("").to_string();
    let host = parts
        .headers
        .get(::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| format!("{HOST}:{local_port}"));
    let target = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    let url = url::Url::parse(&format!("http://{host}{target}"))
        .or_else(|_| url::Url::parse(&format!("http://{HOST}:{local_port}{target}")))
        .unwrap_or_else(|_| url::Url::parse("http://localhost/").expect("valid URL"));
    let request = Request {
        method: parts.method.as_str().to_string(),
        get: Query::parse(&query),
        path,
        query,
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
            .collect(),
        body,
        url,
    };
    let response = route(&state, &request).await;
    into_hyper(response)
}

async fn route(state: &Arc<State>, request: &Request) -> Response {
    let Some(rel) = file_path(&request.path) else {
        return Response::error(404, "");
    };
    if rel.ends_with(".py") {
        // As with wptserve, a handler runs only if its script is in the tree.
        if !state.root.join(&rel).is_file() {
            return Response::error(404, "");
        }
        let response = match handlers::dispatch(state, request, &rel).await {
            Some(r) => r,
            None => Response::error(
                501,
                &format!("nanojs-wpt has no Rust emulation of /{rel} (see tests/wpt/README.md)"),
            ),
        };
        return match files::pipe_param(request) {
            Some(pipe) => pipes::apply(&pipe, request, &state.hosts, response),
            None => response,
        };
    }
    files::serve(state, request, &rel)
}

fn into_hyper(response: Response) -> hyper::Response<ResponseBody> {
    let status = ::http::StatusCode::from_u16(response.status)
        .unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR);
    let full = matches!(response.body, ResponseBody::Full(_));
    let mut out = hyper::Response::new(response.body);
    *out.status_mut() = status;
    if let Some(reason) = response.reason {
        if let Ok(r) = hyper::ext::ReasonPhrase::try_from(reason) {
            out.extensions_mut().insert(r);
        }
    }
    let headers = out.headers_mut();
    for (name, value) in response.headers.0 {
        // hyper frames full bodies itself.
        if full && name.eq_ignore_ascii_case(b"content-length") {
            continue;
        }
        // A header hyper cannot send is dropped (wptserve would send it raw).
        if let (Ok(n), Ok(v)) = (
            ::http::HeaderName::from_bytes(&name),
            ::http::HeaderValue::from_bytes(&value),
        ) {
            headers.append(n, v);
        }
    }
    out
}
