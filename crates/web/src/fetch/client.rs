//! The HTTP side of `fetch()`: one hyper-util client per thread (the server
//! runs one current-thread runtime per worker thread, so this is a
//! connection pool per worker), HTTP/1.1 and HTTP/2 (ALPN over TLS), rustls
//! with the webpki roots; the outbound policy checked on every hop; Fetch's
//! HTTP-redirect fetch; content decoding of the response body.

use std::cell::RefCell;
use std::error::Error as StdError;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request, StatusCode, Uri, Version};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyDataStream, BodyExt, Empty, Full, StreamBody};
use hyper::body::Frame;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::dns::{GaiResolver, Name};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use url::{Host, Position, Url};

use super::decode::{decode_body, limit_body, ByteStream};
use super::policy::{allow_hint, classify, PolicyState, Refused};

type BoxError = Box<dyn StdError + Send + Sync>;
type ReqBody = UnsyncBoxBody<Bytes, BoxError>;
type HttpClient = Client<HttpsConnector<HttpConnector<PolicyResolver>>, ReqBody>;

/// An upload body produced elsewhere (a JS stream, through a channel).
pub(crate) type SendStream = Pin<Box<dyn Stream<Item = Result<Bytes, String>> + Send>>;

/// Fetch's redirect mode.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RedirectMode {
    Follow,
    Error,
    /// The 3xx response itself, as server runtimes (Deno, undici, Workers)
    /// give it, not the browser's opaque-redirect filtered response.
    Manual,
}

pub(crate) enum OutBody {
    None,
    Bytes(Bytes),
    /// Taken when sent: a stream cannot be sent twice (see redirects).
    Stream(Option<SendStream>),
}

/// A request as `fetch()` sends it.
pub(crate) struct Outgoing {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: OutBody,
    pub redirect: RedirectMode,
}

/// A response as `fetch()` hands it to JS.
pub(crate) struct NetResponse {
    pub status: u16,
    pub status_text: String,
    /// Lower-case names, values as ByteStrings.
    pub headers: Vec<(String, String)>,
    pub body: Option<ByteStream>,
    pub url: String,
    pub redirected: bool,
}

const MAX_REDIRECTS: u32 = 20;
const USER_AGENT: &str = concat!("nanojs/", env!("CARGO_PKG_VERSION"));

// --- the outbound policy in DNS ------------------------------------------------------

/// A refused address behind a host name (the resolver's error).
#[derive(Debug)]
struct DnsRefused {
    name: String,
    why: Refused,
}

impl std::fmt::Display for DnsRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            // The address itself stays out: apps must not map the internal
            // network by probing names.
            "{} resolved to {} {}",
            self.name,
            self.why.describe(),
            allow_hint(&self.name)
        )
    }
}

impl StdError for DnsRefused {}

/// getaddrinfo, and (when `restrict`) only the public addresses it gives:
/// the connector then cannot reach a private address through a name.
#[derive(Clone)]
struct PolicyResolver {
    gai: GaiResolver,
    restrict: bool,
}

type ResolveFuture =
    Pin<Box<dyn Future<Output = Result<std::vec::IntoIter<SocketAddr>, BoxError>> + Send>>;

impl tower_service::Service<Name> for PolicyResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = BoxError;
    type Future = ResolveFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> ResolveFuture {
        let lookup = self.gai.call(name.clone());
        let restrict = self.restrict;
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = lookup.await?.collect();
            if !restrict {
                return Ok(addrs.into_iter());
            }
            let mut refused = None;
            let public: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| match classify(a.ip()) {
                    None => true,
                    Some(why) => {
                        refused.get_or_insert((a.ip(), why));
                        false
                    }
                })
                .collect();
            match refused {
                Some((_, why)) if public.is_empty() => Err(Box::new(DnsRefused {
                    name: name.as_str().to_string(),
                    why,
                }) as BoxError),
                _ => Ok(public.into_iter()),
            }
        })
    }
}

// --- clients ----------------------------------------------------------------------------

fn tls_config() -> rustls::ClientConfig {
    static CONFIG: OnceLock<rustls::ClientConfig> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .with_root_certificates(roots)
            .with_no_client_auth()
        })
        .clone()
}

fn build_client(restrict: bool, tls: rustls::ClientConfig) -> HttpClient {
    let mut http = HttpConnector::new_with_resolver(PolicyResolver {
        gai: GaiResolver::new(),
        restrict,
    });
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(Duration::from_secs(30)));
    let https = HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(http);
    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(32)
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        .build(https)
}

/// The thread's clients: `open` for unrestricted isolates and allowed hosts,
/// `restricted` (public addresses only) for the rest. Separate pools, so a
/// connection made for an allowed host never serves another app's request.
struct Clients {
    runtime: tokio::runtime::Id,
    open: HttpClient,
    restricted: HttpClient,
}

thread_local! {
    static CLIENTS: RefCell<Option<Clients>> = const { RefCell::new(None) };
}

fn client(restricted: bool) -> Result<HttpClient, String> {
    let runtime = tokio::runtime::Handle::try_current()
        .map_err(|_| "fetch() needs the event loop of a tokio runtime".to_string())?
        .id();
    CLIENTS.with(|c| {
        let mut c = c.borrow_mut();
        // Connections belong to the runtime that made them: a new runtime on
        // this thread (tests, the WPT runner) starts a new pool.
        if c.as_ref().is_none_or(|c| c.runtime != runtime) {
            *c = Some(Clients {
                runtime,
                open: build_client(false, tls_config()),
                restricted: build_client(true, tls_config()),
            });
        }
        let c = c.as_ref().expect("just set");
        Ok(if restricted {
            c.restricted.clone()
        } else {
            c.open.clone()
        })
    })
}

// --- one fetch ----------------------------------------------------------------------------

/// The URL as `fetch()` reports it: without its fragment.
fn url_text(url: &Url) -> &str {
    &url[..Position::AfterQuery]
}

/// Which client may carry a request to `url` (restricted: true), or why it
/// may not go at all.
fn route(policy: &PolicyState, url: &Url) -> Result<bool, String> {
    let refuse = |host: &str, why: Refused| {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        Err(format!(
            "fetch to {} refused: {host} is {} {}",
            url_text(url),
            why.describe(),
            allow_hint(host)
        ))
    };
    let guard = policy.policy.borrow();
    let Some(p) = guard.as_ref() else {
        return Ok(false);
    };
    let host = url.host_str().unwrap_or("");
    if p.allows_host(host) {
        return Ok(false);
    }
    // An IP literal is never resolved: check it here.
    match url.host() {
        Some(Host::Ipv4(ip)) => match classify(ip.into()) {
            Some(why) => refuse(host, why),
            None => Ok(true),
        },
        Some(Host::Ipv6(ip)) => match classify(ip.into()) {
            Some(why) => refuse(host, why),
            None => Ok(true),
        },
        _ => Ok(true),
    }
}

/// Why a send failed, as one line: the refusal if the resolver refused,
/// else the error's chain of causes.
fn describe(url: &Url, err: &(dyn StdError + 'static)) -> String {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(r) = e.downcast_ref::<DnsRefused>() {
            return format!("fetch to {} refused: {r}", url_text(url));
        }
        cur = e.source();
    }
    let mut parts = Vec::new();
    let mut cur = Some(err);
    while let Some(e) = cur {
        let text = e.to_string();
        // hyper-util's own line ("client error (Connect)") says little.
        if !(parts.is_empty() && text.starts_with("client error (") && e.source().is_some()) {
            parts.push(text);
        }
        cur = e.source();
    }
    format!("fetch to {} failed: {}", url_text(url), parts.join(": "))
}

/// Headers that belong to a connection, not to the request, or that hyper
/// computes.
fn is_connection_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "host"
            | "content-length"
            | "transfer-encoding"
            | "connection"
            | "keep-alive"
            | "proxy-connection"
            | "upgrade"
            | "te"
            | "trailer"
            | "http2-settings"
    )
}

fn uri_of(url: &Url) -> Result<Uri, String> {
    let text = url_text(url);
    text.parse::<Uri>().or_else(|_| {
        // The URL standard leaves a few characters unescaped that http::Uri
        // rejects: escape them.
        let mut escaped = String::with_capacity(text.len() + 16);
        for b in text.bytes() {
            if b.is_ascii_graphic()
                && !matches!(
                    b,
                    b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
                )
            {
                escaped.push(b as char);
            } else {
                escaped.push_str(&format!("%{b:02X}"));
            }
        }
        escaped
            .parse::<Uri>()
            .map_err(|e| format!("fetch to {text} failed: not a valid HTTP URL ({e})"))
    })
}

fn build_request(req: &mut Outgoing) -> Result<Request<ReqBody>, String> {
    let mut builder = Request::builder()
        .method(req.method.clone())
        .uri(uri_of(&req.url)?);
    let headers = builder.headers_mut().expect("a valid builder");
    for (name, value) in &req.headers {
        if !is_connection_header(name) {
            headers.append(name.clone(), value.clone());
        }
    }
    for (name, value) in [
        (header::ACCEPT, "*/*"),
        (header::USER_AGENT, USER_AGENT),
        (header::ACCEPT_ENCODING, "gzip, deflate, br"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    let body = match &mut req.body {
        OutBody::None => {
            if req.method == Method::POST || req.method == Method::PUT {
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from(0));
            }
            Empty::new().map_err(|e| match e {}).boxed_unsync()
        }
        OutBody::Bytes(bytes) => {
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            Full::new(bytes.clone())
                .map_err(|e| match e {})
                .boxed_unsync()
        }
        OutBody::Stream(stream) => {
            let stream = stream
                .take()
                .ok_or_else(|| "the request body stream was already sent".to_string())?;
            let frames = stream.map(|chunk| {
                chunk
                    .map(Frame::data)
                    .map_err(|e| BoxError::from(format!("the request body stream errored: {e}")))
            });
            StreamBody::new(frames).boxed_unsync()
        }
    };
    builder
        .body(body)
        .map_err(|e| format!("fetch to {} failed: {e}", url_text(&req.url)))
}

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Headers that describe a request body (Fetch's "request-body-header
/// name"), dropped with the body.
fn is_request_body_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "content-encoding" | "content-language" | "content-location" | "content-type"
    )
}

/// Credentials that must not follow a redirect to another origin: Fetch
/// drops Authorization; cookies and proxy credentials go too, as in
/// browsers and undici.
fn is_credential_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "authorization" | "cookie" | "proxy-authorization"
    )
}

/// A Location value as URL text: bytes outside ASCII percent-encoded, as
/// browsers do (so valid UTF-8 reads as UTF-8 and other bytes survive; see
/// whatwg/fetch#883).
fn location_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Latin-1 decode (a header value as a ByteString).
fn byte_string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// The Fetch Standard's "bad ports" (port blocking): HTTP(S) requests to
/// them are refused, on every redirect hop too.
const BAD_PORTS: &[u16] = &[
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

/// How long a fetch may wait for response headers, and a body read for its
/// next bytes (Cloudflare's origin timeout): a server that accepts and never
/// answers must not hold a socket and a task forever.
const STALL_TIMEOUT: Duration = Duration::from_secs(100);

/// Ends a response body that stalls: the timer runs only while a read is
/// waiting (a body nobody reads is not timed out, backpressure is fine).
struct IdleTimeout {
    inner: ByteStream,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    url: String,
}

impl Stream for IdleTimeout {
    type Item = Result<Bytes, String>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(item) => {
                self.sleep = None;
                Poll::Ready(item)
            }
            Poll::Pending => {
                let sleep = self
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(STALL_TIMEOUT)));
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        self.sleep = None;
                        Poll::Ready(Some(Err(format!(
                            "fetch to {} failed: no body data within {} s",
                            self.url,
                            STALL_TIMEOUT.as_secs()
                        ))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

/// Fetch: sends `req`, following redirects as its redirect mode says, with
/// the isolate's policy checked (and a subrequest counted) on every hop.
pub(crate) async fn send(
    mut req: Outgoing,
    policy: Rc<PolicyState>,
) -> Result<NetResponse, String> {
    let mut redirects = 0u32;
    loop {
        if !matches!(req.url.scheme(), "http" | "https") {
            return Err(format!(
                "fetch to {} failed: redirected to a URL scheme that is not HTTP(S)",
                url_text(&req.url)
            ));
        }
        if let Some(port) = req.url.port().filter(|p| BAD_PORTS.contains(p)) {
            return Err(format!(
                "fetch to {} refused: port {port} is blocked (a \"bad port\" in the Fetch \
                 Standard: other protocols listen there)",
                url_text(&req.url)
            ));
        }
        let restricted = route(&policy, &req.url)?;
        policy
            .count_subrequest()
            .map_err(|why| format!("fetch to {} refused: {why}", url_text(&req.url)))?;
        let request = build_request(&mut req)?;
        let response = tokio::time::timeout(STALL_TIMEOUT, client(restricted)?.request(request))
            .await
            .map_err(|_| {
                format!(
                    "fetch to {} failed: no response within {} s",
                    url_text(&req.url),
                    STALL_TIMEOUT.as_secs()
                )
            })?
            .map_err(|e| describe(&req.url, &e))?;
        let status = response.status();
        if is_redirect(status) {
            match req.redirect {
                RedirectMode::Manual => {}
                RedirectMode::Error => {
                    return Err(format!(
                        "fetch to {} failed: the server redirected ({}) and the request's \
                         redirect mode is \"error\"",
                        url_text(&req.url),
                        status.as_u16()
                    ));
                }
                RedirectMode::Follow => {
                    if let Some(location) = response.headers().get(header::LOCATION) {
                        let location = location_text(location.as_bytes());
                        redirect(&mut req, status, &location, &mut redirects)?;
                        continue;
                    }
                }
            }
        }
        return Ok(into_response(response, &req, redirects > 0, &policy));
    }
}

/// Fetch's HTTP-redirect fetch: turns `req` into the request for the next
/// hop.
fn redirect(
    req: &mut Outgoing,
    status: StatusCode,
    location: &str,
    redirects: &mut u32,
) -> Result<(), String> {
    let from = url_text(&req.url).to_string();
    let mut next = req.url.join(location).map_err(|_| {
        format!("fetch to {from} failed: the redirect location {location:?} is not a valid URL")
    })?;
    if next.fragment().is_none() {
        next.set_fragment(req.url.fragment());
    }
    if !matches!(next.scheme(), "http" | "https") {
        return Err(format!(
            "fetch to {from} failed: redirected to {}, which is not an HTTP(S) URL",
            url_text(&next)
        ));
    }
    if *redirects == MAX_REDIRECTS {
        return Err(format!(
            "fetch to {from} failed: too many redirects (more than {MAX_REDIRECTS})"
        ));
    }
    *redirects += 1;
    let code = status.as_u16();
    if code != 303 && matches!(req.body, OutBody::Stream(_)) {
        return Err(format!(
            "fetch to {from} failed: the server redirected ({code}) and the request body, a \
             stream, cannot be sent again"
        ));
    }
    let to_get = ((code == 301 || code == 302) && req.method == Method::POST)
        || (code == 303 && req.method != Method::GET && req.method != Method::HEAD);
    if to_get {
        req.method = Method::GET;
        req.body = OutBody::None;
        req.headers
            .retain(|(name, _)| !is_request_body_header(name));
    }
    if req.url.origin() != next.origin() {
        req.headers.retain(|(name, _)| !is_credential_header(name));
    }
    req.url = next;
    Ok(())
}

fn into_response(
    response: http::Response<hyper::body::Incoming>,
    req: &Outgoing,
    redirected: bool,
    policy: &PolicyState,
) -> NetResponse {
    let (parts, body) = response.into_parts();
    let status = parts.status.as_u16();
    let status_text = match parts.extensions.get::<hyper::ext::ReasonPhrase>() {
        Some(reason) => byte_string(reason.as_bytes()),
        None if parts.version < Version::HTTP_2 => {
            parts.status.canonical_reason().unwrap_or("").to_string()
        }
        None => String::new(),
    };
    let mut headers = Vec::with_capacity(parts.headers.len());
    let mut coding: Option<String> = None;
    for (name, value) in &parts.headers {
        let value = byte_string(value.as_bytes());
        if name == header::CONTENT_ENCODING {
            coding = Some(match coding {
                Some(c) => format!("{c}, {value}"),
                None => value.clone(),
            });
        }
        headers.push((name.as_str().to_string(), value));
    }
    let null_body = req.method == Method::HEAD || matches!(status, 101 | 103 | 204 | 205 | 304);
    let url = url_text(&req.url).to_string();
    let body = (!null_body).then(|| {
        let cut = url.clone();
        let mut stream: ByteStream = Box::pin(
            BodyDataStream::new(body).map(move |r| r.map_err(|e| describe_body(&cut, &e))),
        );
        stream = Box::pin(IdleTimeout {
            inner: stream,
            sleep: None,
            url: url.clone(),
        });
        if let Some(coding) = &coding {
            stream = decode_body(stream, coding);
        }
        if let Some(max) = policy.max_response_bytes() {
            stream = limit_body(stream, max, url.clone());
        }
        stream
    });
    NetResponse {
        status,
        status_text,
        headers,
        body,
        url,
        redirected,
    }
}

fn describe_body(url: &str, err: &hyper::Error) -> String {
    let mut text = format!("the response body of {url} failed: {err}");
    let mut cur = err.source();
    while let Some(e) = cur {
        text.push_str(": ");
        text.push_str(&e.to_string());
        cur = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use hyper::body::Incoming;
    use hyper_util::rt::TokioIo;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    use super::*;

    fn provider() -> Arc<rustls::crypto::CryptoProvider> {
        Arc::new(rustls::crypto::ring::default_provider())
    }

    /// A TLS server on 127.0.0.1 that offers h2 and http/1.1 by ALPN (as
    /// `alpn` says) and answers with the HTTP version it saw. Its
    /// certificate (testdata/, self-signed for localhost and 127.0.0.1) is
    /// the client's only root.
    async fn tls_server(alpn: &[&[u8]]) -> u16 {
        let cert = CertificateDer::from(include_bytes!("testdata/cert.der").to_vec());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            include_bytes!("testdata/key.der").to_vec(),
        ));
        let mut config = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap();
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            loop {
                let (tcp, _) = listener.accept().await.unwrap();
                let tls = acceptor.accept(tcp).await.unwrap();
                let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(|req: Request<Incoming>| async move {
                        let text = format!("{:?}", req.version());
                        Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(text))))
                    });
                    let io = TokioIo::new(tls);
                    if h2 {
                        let builder =
                            hyper::server::conn::http2::Builder::new(TokioExecutor::new());
                        let _ = builder.serve_connection(io, service).await;
                    } else {
                        let builder = hyper::server::conn::http1::Builder::new();
                        let _ = builder.serve_connection(io, service).await;
                    }
                });
            }
        });
        port
    }

    fn test_client() -> HttpClient {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from(
                include_bytes!("testdata/cert.der").to_vec(),
            ))
            .unwrap();
        let tls = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        build_client(false, tls)
    }

    /// The version the server saw and the response's status text.
    async fn get(client: &HttpClient, url: &str) -> (String, String) {
        let mut req = Outgoing {
            method: Method::GET,
            url: Url::parse(url).unwrap(),
            headers: Vec::new(),
            body: OutBody::None,
            redirect: RedirectMode::Follow,
        };
        let response = client
            .request(build_request(&mut req).unwrap())
            .await
            .unwrap();
        let policy = PolicyState::default();
        let r = into_response(response, &req, false, &policy);
        let mut body = r.body.unwrap();
        let mut text = Vec::new();
        while let Some(chunk) = body.next().await {
            text.extend_from_slice(&chunk.unwrap());
        }
        (String::from_utf8(text).unwrap(), r.status_text)
    }

    #[test]
    fn tls_negotiates_http2_by_alpn() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let client = test_client();
            let h2 = tls_server(&[b"h2", b"http/1.1"]).await;
            let url = format!("https://localhost:{h2}/");
            // HTTP/2 has no reason phrase: statusText is empty.
            assert_eq!(get(&client, &url).await, ("HTTP/2.0".into(), String::new()));
            // Again, on the pooled connection.
            assert_eq!(get(&client, &url).await.0, "HTTP/2.0");
            let h1 = tls_server(&[b"http/1.1"]).await;
            let url = format!("https://127.0.0.1:{h1}/");
            assert_eq!(get(&client, &url).await, ("HTTP/1.1".into(), "OK".into()));
        });
    }
}
