//! `nanojs serve`: HTTP behaviour (keep-alive, HEAD, h2c, bad requests).

mod serve_support;

use std::io::Write;
use std::time::Duration;

use serve_support::{Conn, Project, Serve, Server};

const APP: &str = r#"
let count = 0;
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/count') return new Response(String(++count));
    if (url.pathname === '/slow') {
      await new Promise((r) => setTimeout(r, 2000));
      return new Response('slow ' + (++count));
    }
    if (url.pathname === '/echo-bytes') return new Response(await request.arrayBuffer());
    if (url.pathname === '/download') {
      const n = Number(url.searchParams.get('mb')) * 1024 * 1024;
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i += 4096) bytes[i] = 7;
      return new Response(bytes);
    }
    if (url.pathname === '/echo') {
      return new Response(await request.text(), {
        headers: { 'x-method': request.method, 'x-url': request.url },
      });
    }
    return new Response('hello world', {
      headers: { 'content-type': 'text/plain', 'x-custom': 'yes', 'content-length': '999' },
    });
  },
};
"#;

fn start(name: &str) -> (Project, Server) {
    let p = Project::new(name);
    p.write("app/index.js", APP);
    let s = Serve::app(&p, "./app").start();
    (p, s)
}

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let (_p, s) = start("keepalive");
    let mut c = s.conn();
    let mut got = Vec::new();
    for i in 0..6 {
        let r = if i % 2 == 0 {
            c.get("h.test", "/count")
        } else {
            c.request("POST", "h.test", "/count", &[], Some(b"body to skip"))
        };
        assert_eq!(r.status, 200);
        assert_ne!(r.header("connection"), Some("close"));
        got.push(r.text());
    }
    // One connection: one worker, one isolate, so the count goes up by one.
    assert_eq!(got, ["1", "2", "3", "4", "5", "6"]);
    // Pipelined: two requests in one write, two responses in order.
    let mut both = serve_support::request_bytes("GET", "h.test", "/count", &[], None);
    both.extend(serve_support::request_bytes(
        "POST",
        "h.test",
        "/echo",
        &[],
        Some(b"second"),
    ));
    c.send(&both).unwrap();
    assert_eq!(c.read_response(false).unwrap().text(), "7");
    assert_eq!(c.read_response(false).unwrap().text(), "second");
    // HTTP/1.0 without keep-alive: the server closes after the response.
    let mut c = s.conn();
    c.send(b"GET / HTTP/1.0\r\nHost: h.test\r\n\r\n").unwrap();
    let r = c.read_response(false).unwrap();
    assert_eq!((r.status, r.text().as_str()), (200, "hello world"));
    assert!(
        c.closed_within(Duration::from_secs(10)),
        "HTTP/1.0 connection left open"
    );
}

#[test]
fn large_bodies_both_ways() {
    let (_p, s) = start("large");
    let body: Vec<u8> = (0..8 * 1024 * 1024u32)
        .map(|i| b'a' + (i % 26) as u8)
        .collect();
    let mut c = s.conn();
    let r = c.request("POST", "h.test", "/echo", &[], Some(&body));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-length"),
        Some(body.len().to_string().as_str())
    );
    assert!(
        r.body == body,
        "8 MB body changed on the way ({} bytes back)",
        r.body.len()
    );
    // The connection is still good.
    assert_eq!(c.get("h.test", "/count").text(), "1");
}

/// Buffered bodies near the default 100 MB body limit work under the default
/// 128 MB heap: the runtime's own body copies live outside the JS heap.
#[test]
fn hundred_megabyte_bodies_fit_the_default_limits() {
    // Default memory and body limits; a CPU budget that zeroing and copying
    // 100 MB on a loaded machine fits in (this test is about memory).
    let p = Project::new("huge");
    p.write("app/index.js", APP);
    p.config(&serde_json::json!({
        "apps": [{"name": "h", "hostname": "h.test", "path": "./app", "cpu_ms": 10000}]
    }));
    let s = Serve::config(&p).start();
    let body: Vec<u8> = (0..95 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let mut c = s.conn();
    let r = c.request("POST", "h.test", "/echo-bytes", &[], Some(&body));
    assert_eq!(
        r.status,
        200,
        "{}",
        String::from_utf8_lossy(&r.body[..r.body.len().min(200)])
    );
    assert!(
        r.body == body,
        "95 MB body changed ({} bytes back)",
        r.body.len()
    );
    let r = c.get("h.test", "/download?mb=100");
    assert_eq!(
        r.status,
        200,
        "{}",
        String::from_utf8_lossy(&r.body[..r.body.len().min(200)])
    );
    assert_eq!(r.body.len(), 100 * 1024 * 1024);
    assert!(r.body.iter().step_by(4096).all(|&b| b == 7));
}

#[test]
fn head_has_headers_and_no_body() {
    let (_p, s) = start("head");
    let mut c = s.conn();
    let get = c.get("h.test", "/");
    assert_eq!(get.status, 200);
    // The handler's content-length is dropped; the server frames the body.
    assert_eq!(get.header("content-length"), Some("11"));
    assert_eq!(get.text(), "hello world");

    let head = c.request("HEAD", "h.test", "/", &[], None);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("x-custom"), Some("yes"));
    assert_eq!(head.header("content-type"), Some("text/plain"));
    assert_eq!(
        head.header("content-length"),
        Some("11"),
        "{:?}",
        head.headers
    );
    // No body bytes followed: the next response on the connection parses.
    let next = c.get("h.test", "/count");
    assert_eq!((next.status, next.text().as_str()), (200, "1"));
    // The app saw HEAD as the method.
    let mut c = s.conn();
    let r = c.request("HEAD", "h.test", "/echo", &[], None);
    assert_eq!(r.header("x-method"), Some("HEAD"));
    assert_eq!(c.get("h.test", "/echo").text(), "");
}

#[test]
fn h2c_prior_knowledge() {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;

    let (_p, s) = start("h2c");
    let port = s.port;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let results = rt.block_on(async move {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let io = hyper_util::rt::TokioIo::new(stream);
        let (mut sender, conn) =
            hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
                .await
                .expect("h2c handshake");
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let mut out = Vec::new();
        for (method, path, body) in [
            ("GET", "/count", ""),
            ("GET", "/count", ""),
            ("POST", "/echo?x=1", "over h2"),
            ("GET", "/", ""),
        ] {
            let req = hyper::Request::builder()
                .method(method)
                .uri(format!("http://h2.test:{port}{path}"))
                .body(Full::new(Bytes::from(body)))
                .unwrap();
            let resp = tokio::time::timeout(Duration::from_secs(30), sender.send_request(req))
                .await
                .expect("h2 request timed out")
                .expect("h2 request failed");
            let status = resp.status().as_u16();
            let version = resp.version();
            let headers = resp.headers().clone();
            let body = resp.into_body().collect().await.unwrap().to_bytes();
            out.push((
                status,
                version,
                headers,
                String::from_utf8_lossy(&body).into_owned(),
            ));
        }
        out
    });
    for (status, version, _, _) in &results {
        assert_eq!(*status, 200);
        assert_eq!(*version, hyper::Version::HTTP_2);
    }
    assert_eq!(results[0].3, "1");
    assert_eq!(results[1].3, "2", "one h2 connection shares one isolate");
    let (_, _, headers, body) = &results[2];
    assert_eq!(body, "over h2");
    assert_eq!(headers.get("x-method").unwrap(), "POST");
    assert_eq!(
        headers.get("x-url").unwrap().to_str().unwrap(),
        format!("http://h2.test:{port}/echo?x=1")
    );
    assert_eq!(results[3].2.get("x-custom").unwrap(), "yes");
    assert_eq!(results[3].3, "hello world");
}

/// Requests to one isolate run concurrently while they await: over one h2
/// connection (one worker, one isolate), a quick request sent after a slow
/// one finishes first.
#[test]
fn awaiting_requests_do_not_block_the_isolate() {
    use http_body_util::{BodyExt, Empty};
    use hyper::body::Bytes;

    let (_p, s) = start("concurrent");
    let port = s.port;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let order = rt.block_on(async move {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let io = hyper_util::rt::TokioIo::new(stream);
        let (sender, conn) =
            hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
                .await
                .expect("h2c handshake");
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut tasks = Vec::new();
        for path in ["/slow", "/count", "/count"] {
            let mut sender = sender.clone();
            let tx = tx.clone();
            let req = hyper::Request::builder()
                .uri(format!("http://h.test:{port}{path}"))
                .body(Empty::<Bytes>::new())
                .unwrap();
            tasks.push(tokio::spawn(async move {
                let resp = sender.send_request(req).await.expect("h2 request failed");
                let body = resp.into_body().collect().await.unwrap().to_bytes();
                let _ = tx.send(String::from_utf8_lossy(&body).into_owned());
            }));
            // Keep the send order.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        drop(tx);
        let mut order = Vec::new();
        while let Some(body) = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("timed out")
        {
            order.push(body);
        }
        order
    });
    assert_eq!(order, ["1", "2", "slow 3"]);
}

/// Sends `bytes` (from another thread, in case the server stops reading),
/// and reads what comes back.
fn send_bad(s: &Server, bytes: Vec<u8>) -> std::io::Result<serve_support::Resp> {
    let mut c = s.conn();
    let mut writer = c.stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&bytes);
    });
    let r = c.read_response(false);
    let _ = sender.join();
    r
}

#[test]
fn malformed_requests_get_400_and_the_server_keeps_running() {
    let (_p, s) = start("malformed");
    for bad in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\nHost: h.test\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: h.test\r\nBad Header Line\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: h.test\r\nContent-Length: nope\r\n\r\n",
        b"\x00\x01\x02\x03\r\n\r\n",
    ] {
        let r = send_bad(&s, bad.to_vec())
            .unwrap_or_else(|e| panic!("no response to {:?}: {e}", String::from_utf8_lossy(bad)));
        assert!(
            r.status == 400 || r.status == 505,
            "{:?} got {}",
            String::from_utf8_lossy(bad),
            r.status
        );
        let ok = s.get("h.test", "/");
        assert_eq!((ok.status, ok.text().as_str()), (200, "hello world"));
    }
}

#[test]
fn oversized_headers_get_431_and_the_server_keeps_running() {
    let (_p, s) = start("bigheaders");
    // One 70 KB header, then many small ones adding up to 70 KB.
    let big = "a".repeat(70 * 1024);
    let one = format!("GET / HTTP/1.1\r\nHost: h.test\r\nX-Big: {big}\r\n\r\n");
    let mut many = String::from("GET / HTTP/1.1\r\nHost: h.test\r\n");
    for i in 0..1000 {
        many.push_str(&format!("X-H{i}: {}\r\n", "b".repeat(70)));
    }
    many.push_str("\r\n");
    for (what, req) in [("one big header", one), ("many headers", many)] {
        let r =
            send_bad(&s, req.into_bytes()).unwrap_or_else(|e| panic!("{what}: no response: {e}"));
        assert!(
            r.status == 431 || r.status == 400,
            "{what}: got {}",
            r.status
        );
        let ok = s.get("h.test", "/");
        assert_eq!((ok.status, ok.text().as_str()), (200, "hello world"));
    }
    // Just under the limit is fine.
    let mut c = Conn::open(s.port);
    let r = c.request(
        "GET",
        "h.test",
        "/",
        &[("x-fits", &"c".repeat(32 * 1024))],
        None,
    );
    assert_eq!(r.status, 200);
}
