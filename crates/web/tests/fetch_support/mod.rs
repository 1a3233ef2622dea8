//! A local HTTP/1.1 server for the fetch() tests, on 127.0.0.1 at an
//! ephemeral port, in a thread of its own. Routes (query `?k=v&...`):
//!
//! - `/text`: "hello"; `/slow?ms=N`: "slow N" after N ms
//! - `/big?n=N`: N bytes (byte i is i % 251), in 64 KiB chunks
//! - `/echo`: the request body back, with `x-method`, `x-content-length`,
//!   `x-transfer-encoding` describing the request
//! - `/headers`: the request headers as a JSON object (names lower-case)
//! - `/redirect?n=K&status=S&to=URL`: K more redirects with status S, then
//!   (K = 0) to URL, or to `/echo` when there is no `to`
//! - `/coded?enc=gzip|x-gzip|deflate|deflate-raw|br|gzip,br|bad-gzip&n=N&piece=P`:
//!   N bytes of text, encoded, sent in pieces of P bytes
//! - `/rawloc`: a redirect whose Location has raw non-ASCII bytes
//! - `/hang`: never answers; `/stall`: sends "partial" and never ends
//! - `/conns`: how many connections the server had accepted when the one
//!   carrying this request came
//! - `/stats`: how many response bodies or handlers were dropped before
//!   finishing (a dropped connection), as text
#![allow(dead_code)]

use std::convert::Infallible;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

type Body = UnsyncBoxBody<Bytes, Infallible>;

pub struct TestServer {
    pub port: u16,
}

/// Counts when dropped before `done` was set.
struct DropFlag {
    dropped: Arc<AtomicUsize>,
    done: bool,
}

impl Drop for DropFlag {
    fn drop(&mut self) {
        if !self.done {
            self.dropped.fetch_add(1, Ordering::SeqCst);
        }
    }
}

pub fn start() -> TestServer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let dropped = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let conns = accepted.fetch_add(1, Ordering::SeqCst) + 1;
                let dropped = dropped.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let dropped = dropped.clone();
                        async move { Ok::<_, Infallible>(handle(req, conns, dropped).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    TestServer { port }
}

fn query(req: &Request<Incoming>) -> Vec<(String, String)> {
    req.uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_string(), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn full(body: impl Into<Bytes>) -> Body {
    Full::new(body.into()).boxed_unsync()
}

fn respond(status: u16, body: Body) -> Response<Body> {
    Response::builder().status(status).body(body).unwrap()
}

/// `n` bytes of a repeating pattern (byte i is i % 251).
pub fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

/// `n` bytes of text ("line 0\nline 1\n..." cut to n).
pub fn text(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 16);
    let mut i = 0;
    while out.len() < n {
        out.extend_from_slice(format!("line {i}\n").as_bytes());
        i += 1;
    }
    out.truncate(n);
    out
}

fn encode(enc: &str, data: &[u8]) -> Vec<u8> {
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use flate2::Compression;
    match enc {
        "gzip" | "x-gzip" => {
            let mut e = GzEncoder::new(Vec::new(), Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "deflate" => {
            let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "deflate-raw" => {
            let mut e = DeflateEncoder::new(Vec::new(), Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                w.write_all(data).unwrap();
            }
            out
        }
        _ => panic!("unknown test encoding {enc}"),
    }
}

/// Chunks of `data`, `piece` bytes each, as a body.
fn pieces(data: Vec<u8>, piece: usize) -> Body {
    let chunks: Vec<Result<Frame<Bytes>, Infallible>> = data
        .chunks(piece.max(1))
        .map(|c| Ok(Frame::data(Bytes::copy_from_slice(c))))
        .collect();
    StreamBody::new(futures_util::stream::iter(chunks)).boxed_unsync()
}

/// `conns`: how many connections the server had accepted when this one came.
async fn handle(req: Request<Incoming>, conns: usize, dropped: Arc<AtomicUsize>) -> Response<Body> {
    let q = query(&req);
    let path = req.uri().path().to_string();
    match path.as_str() {
        "/text" => respond(200, full("hello")),
        "/slow" => {
            let ms: u64 = param(&q, "ms").unwrap_or("100").parse().unwrap();
            tokio::time::sleep(Duration::from_millis(ms)).await;
            respond(200, full(format!("slow {ms}")))
        }
        "/big" => {
            let n: usize = param(&q, "n").unwrap().parse().unwrap();
            let mut r = respond(200, pieces(pattern(n), 64 * 1024));
            r.headers_mut().insert("content-length", n.into());
            r
        }
        "/echo" => {
            let method = req.method().to_string();
            let header = |name: &str| {
                req.headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default()
            };
            let (len, te) = (header("content-length"), header("transfer-encoding"));
            let body = req.into_body().collect().await.unwrap().to_bytes();
            Response::builder()
                .header("x-method", method)
                .header("x-content-length", len)
                .header("x-transfer-encoding", te)
                .body(full(body))
                .unwrap()
        }
        "/headers" => {
            let mut map = serde_json::Map::new();
            for (name, value) in req.headers() {
                map.insert(name.to_string(), value.to_str().unwrap().into());
            }
            respond(200, full(serde_json::Value::Object(map).to_string()))
        }
        "/redirect" => {
            let n: u32 = param(&q, "n").unwrap_or("0").parse().unwrap();
            let status: u16 = param(&q, "status").unwrap_or("302").parse().unwrap();
            let location = if n > 0 {
                let to = param(&q, "to").map(|t| format!("&to={}", encode_component(t)));
                format!(
                    "/redirect?n={}&status={status}{}",
                    n - 1,
                    to.unwrap_or_default()
                )
            } else {
                param(&q, "to").unwrap_or("/echo").to_string()
            };
            let mut r = respond(status, full("redirecting"));
            r.headers_mut()
                .insert("location", location.parse().unwrap());
            r
        }
        "/coded" => {
            let enc = param(&q, "enc").unwrap();
            let n: usize = param(&q, "n").unwrap_or("1000").parse().unwrap();
            let piece: usize = param(&q, "piece").unwrap_or("65536").parse().unwrap();
            let data = text(n);
            let (header, body) = match enc {
                "gzip,br" => ("gzip, br", encode("br", &encode("gzip", &data))),
                "bad-gzip" => {
                    let mut b = encode("gzip", &data);
                    for x in b.iter_mut().skip(10).take(20) {
                        *x ^= 0x55;
                    }
                    ("gzip", b)
                }
                "deflate-raw" => ("deflate", encode("deflate-raw", &data)),
                other => (other, encode(other, &data)),
            };
            let mut r = respond(200, pieces(body, piece));
            r.headers_mut()
                .insert("content-encoding", header.parse().unwrap());
            r
        }
        "/hang" => {
            let flag = DropFlag {
                dropped,
                done: false,
            };
            std::future::pending::<()>().await;
            drop(flag);
            unreachable!()
        }
        "/stall" => {
            let flag = DropFlag {
                dropped,
                done: false,
            };
            let first = futures_util::stream::iter([Ok::<_, Infallible>(Frame::data(
                Bytes::from_static(b"partial"),
            ))]);
            let never = futures_util::stream::pending().map(move |()| {
                let _keep = &flag;
                Ok(Frame::data(Bytes::new()))
            });
            respond(200, StreamBody::new(first.chain(never)).boxed_unsync())
        }
        "/rawloc" => {
            // A Location that is not UTF-8, then UTF-8 (U+2603).
            let mut r = respond(302, full(""));
            let value = hyper::header::HeaderValue::from_bytes(b"/echo?\xff\xe2\x98\x83").unwrap();
            r.headers_mut().insert("location", value);
            r
        }
        "/stats" => respond(200, full(dropped.load(Ordering::SeqCst).to_string())),
        "/conns" => respond(200, full(conns.to_string())),
        _ => respond(404, full("not found")),
    }
}

fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
