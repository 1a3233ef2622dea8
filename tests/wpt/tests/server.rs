//! The local WPT server, through a plain hyper client: files with their
//! sidecar headers, templates and pipes, handler emulations, raw responses.
//! Runs on a scratch tree; needs no WPT checkout.

use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use nanojs_wpt::server::Server;

struct Tree(PathBuf);

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tree(name: &str, files: &[(&str, &[u8])]) -> Tree {
    let root =
        std::env::temp_dir().join(format!("nanojs-wpt-server-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    for (path, data) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    }
    Tree(root.canonicalize().unwrap())
}

/// `files` plus a (dummy) script for every emulated handler: handlers run
/// only when their script is in the tree.
fn handler_scripts<'a>(files: &[(&'a str, &'a [u8])]) -> Vec<(&'a str, &'a [u8])> {
    let mut out = files.to_vec();
    for h in nanojs_wpt::server::handlers::HANDLERS {
        out.push((h, b"def main(request, response): pass\n"));
    }
    out.push(("t/unknown.py", b"def main(request, response): pass\n"));
    out
}

struct Reply {
    status: u16,
    reason: Option<String>,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn request(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let mut req = http::Request::builder()
        .method(method)
        .uri(target)
        .header("Host", format!("localhost:{port}"));
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    let body = match body {
        Some(b) => Full::new(Bytes::from(b.to_string())).boxed(),
        None => Empty::<Bytes>::new().boxed(),
    };
    let resp = sender.send_request(req.body(body).unwrap()).await.unwrap();
    let status = resp.status().as_u16();
    let reason = resp
        .extensions()
        .get::<hyper::ext::ReasonPhrase>()
        .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned());
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        reason,
        headers,
        body,
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn serves_files_like_wptserve() {
    let t = tree(
        "files",
        &[
            ("t/data.json", b"{\"a\": 1}"),
            ("t/x.txt", b"hello"),
            (
                "t/x.txt.headers",
                b"X-Foo: bar\nContent-Type: text/x-custom\n",
            ),
            ("t/__dir__.headers", b"X-Dir: yes\n"),
            (
                "t/a.sub.js",
                b"var h = '{{host}}:{{ports[http][0]}}', r = '{{domains[www1]}}';",
            ),
            (
                "t/raw.asis",
                b"HTTP/1.1 299 Custom\r\nX-Raw: 1\r\nContent-Length: 2\r\n\r\nok",
            ),
        ],
    );
    let server = Server::for_root(&t.0).unwrap();
    let port = server.port();
    assert_eq!(server.origin(), format!("http://localhost:{port}"));
    block_on(async {
        let r = request(port, "GET", "/t/data.json", &[], None).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("x-dir"), Some("yes"));
        assert_eq!(&r.body[..], b"{\"a\": 1}");

        let r = request(port, "GET", "/t/x.txt", &[], None).await;
        assert_eq!(r.header("x-foo"), Some("bar"));
        assert_eq!(r.header("content-type"), Some("text/x-custom"));

        let r = request(port, "GET", "/t/a.sub.js", &[], None).await;
        assert_eq!(r.header("content-type"), Some("text/javascript"));
        assert_eq!(
            String::from_utf8_lossy(&r.body),
            format!("var h = 'localhost:{port}', r = '127.0.0.1';")
        );

        let r = request(
            port,
            "GET",
            "/t/x.txt?pipe=status(404)|header(X-A,b)|header(X-A,c,True)|slice(1,3)",
            &[],
            None,
        )
        .await;
        assert_eq!(r.status, 404);
        let xa: Vec<_> = r.headers.get_all("x-a").iter().collect();
        assert_eq!(xa, ["b", "c"]);
        assert_eq!(&r.body[..], b"el");

        let r = request(port, "GET", "/t/nope.txt", &[], None).await;
        assert_eq!(r.status, 404);
        // Handlers run only when their script is in the tree.
        let r = request(port, "GET", "/fetch/api/resources/status.py", &[], None).await;
        assert_eq!(r.status, 404);

        let r = request(port, "GET", "/t", &[], None).await;
        assert_eq!(r.status, 301);
        let r = request(port, "GET", "/t/", &[], None).await;
        assert!(String::from_utf8_lossy(&r.body).contains("data.json"));

        let r = request(port, "GET", "/t/raw.asis", &[], None).await;
        assert_eq!((r.status, r.reason.as_deref()), (299, Some("Custom")));
        assert_eq!(r.header("x-raw"), Some("1"));

        // The second port serves the same tree.
        let r = request(server.hosts().http[1], "GET", "/t/x.txt", &[], None).await;
        assert_eq!(&r.body[..], b"hello");
    });
}

#[test]
fn emulates_python_handlers() {
    let t = tree(
        "handlers",
        &handler_scripts(&[("fetch/api/resources/top.txt", b"top")]),
    );
    let port = Server::for_root(&t.0).unwrap().port();
    let res = "/fetch/api/resources";
    block_on(async {
        let r = request(
            port,
            "GET",
            &format!("{res}/inspect-headers.py?headers=X-Test|accept|absent&cors"),
            &[("X-Test", "v1"), ("Accept", "*/*"), ("Origin", "http://o")],
            None,
        )
        .await;
        assert_eq!(r.header("x-request-x-test"), Some("v1"));
        assert_eq!(r.header("x-request-accept"), Some("*/*"));
        assert_eq!(r.header("x-request-absent"), None);
        assert_eq!(r.header("access-control-allow-origin"), Some("http://o"));
        assert_eq!(
            r.header("access-control-expose-headers"),
            Some("x-request-X-Test, x-request-accept, x-request-absent")
        );

        let r = request(
            port,
            "GET",
            &format!("{res}/status.py?code=201&text=Yay&content=%fe%ff&type=text%2Fplain"),
            &[],
            None,
        )
        .await;
        assert_eq!((r.status, r.reason.as_deref()), (201, Some("Yay")));
        assert_eq!(r.header("content-type"), Some("text/plain"));
        assert_eq!(r.header("x-request-method"), Some("GET"));
        assert_eq!(&r.body[..], &[0xfe, 0xff]);

        let r = request(port, "GET", &format!("{res}/status.py"), &[], None).await;
        assert_eq!((r.status, r.reason.as_deref()), (200, Some("OMG")));

        let r = request(
            port,
            "PUT",
            &format!("{res}/echo-content.py"),
            &[("Content-Type", "text/x")],
            Some("body!"),
        )
        .await;
        assert_eq!(&r.body[..], b"body!");
        assert_eq!(r.header("x-request-method"), Some("PUT"));
        assert_eq!(r.header("x-request-content-length"), Some("5"));
        assert_eq!(r.header("x-request-content-type"), Some("text/x"));

        // redirect.py keeps its query and counts.
        let r = request(
            port,
            "GET",
            &format!("{res}/redirect.py?location=top.txt&redirect_status=307"),
            &[],
            None,
        )
        .await;
        assert_eq!(r.status, 307);
        assert_eq!(
            r.header("location"),
            Some("top.txt?location=top.txt&redirect_status=307&count=1")
        );

        // The ETag cache handler.
        let r = request(port, "GET", &format!("{res}/cache.py"), &[], None).await;
        assert_eq!((r.status, r.header("etag")), (200, Some("\"123abc\"")));
        let r = request(
            port,
            "GET",
            &format!("{res}/cache.py"),
            &[("If-None-Match", "\"123abc\"")],
            None,
        )
        .await;
        assert_eq!((r.status, r.header("x-http-status")), (304, Some("304")));

        // Stash: write once, read once, scoped to the directory.
        let key = "6f3c1f2e-8d0a-4b5c-9e7f-1a2b3c4d5e6f";
        let r = request(
            port,
            "GET",
            &format!("{res}/stash-take.py?key={key}"),
            &[],
            None,
        )
        .await;
        assert_eq!(
            (r.header("content-type"), &r.body[..]),
            (Some("application/json"), &b"null"[..])
        );
        let r = request(
            port,
            "GET",
            &format!("{res}/stash-put.py?key={key}&value=close"),
            &[],
            None,
        )
        .await;
        assert_eq!(&r.body[..], b"done");
        let r = request(
            port,
            "GET",
            &format!("{res}/stash-put.py?key={key}&value=again"),
            &[],
            None,
        )
        .await;
        assert_eq!(r.status, 500, "a stash key is written once");
        let r = request(
            port,
            "GET",
            &format!("{res}/stash-take.py?key={key}"),
            &[],
            None,
        )
        .await;
        assert_eq!(&r.body[..], b"\"close\"");

        // A handler whose script is not in the tree, and a script with no
        // emulation.
        let r = request(port, "GET", &format!("{res}/nope.py"), &[], None).await;
        assert_eq!(r.status, 404);
        let r = request(port, "GET", "/t/unknown.py", &[], None).await;
        assert_eq!(r.status, 501);
    });
}

/// Reads what the server sends until it closes the connection.
async fn raw_exchange(port: u16, request: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .unwrap()
        .unwrap();
    out
}

#[test]
fn streams_and_raw_responses() {
    let t = tree("streams", &handler_scripts(&[]));
    let port = Server::for_root(&t.0).unwrap().port();
    let res = "/fetch/api/resources";
    block_on(async {
        let out = raw_exchange(
            port,
            &format!("GET {res}/bad-chunk-encoding.py?ms=1&count=2 HTTP/1.1\r\nHost: x\r\n\r\n"),
        )
        .await;
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(
            text.ends_with("\r\n\r\na\r\nTEST_CHUNK\r\na\r\nTEST_CHUNK\r\ngarbage"),
            "{text}"
        );

        let out = raw_exchange(
            port,
            &format!("GET {res}/trickle.py?ms=1&count=3 HTTP/1.1\r\nHost: x\r\n\r\n"),
        )
        .await;
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.matches("TEST_TRICKLE\n").count(), 3, "{text}");

        // infinite-slow-response.py: "open" while the client reads, "closed"
        // once it has gone.
        let key = "0b7e9b4e-2f45-4a63-8a57-3b1f4c2d6e80";
        let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        s.write_all(
            format!(
                "GET {res}/infinite-slow-response.py?stateKey={key} HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
        let mut buf = vec![0u8; 4096];
        let mut got = 0;
        while got < 2048 {
            got += s.read(&mut buf).await.unwrap();
        }
        let take = format!("{res}/stash-take.py?key={key}");
        let r = request(port, "GET", &take, &[], None).await;
        assert_eq!(&r.body[..], b"\"open\"");
        drop(s);
        let mut state = String::new();
        for _ in 0..200 {
            let r = request(port, "GET", &take, &[], None).await;
            state = String::from_utf8_lossy(&r.body).into_owned();
            if state == "\"closed\"" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(state, "\"closed\"");
    });
}
