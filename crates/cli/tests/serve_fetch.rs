//! `nanojs serve`: the per-app outbound policy of `fetch()` (config →
//! isolate), against an upstream on 127.0.0.1.

mod serve_support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;

use serde_json::json;
use serve_support::{Project, Serve, Server};

/// An HTTP/1.1 upstream answering `GET /size/N` with N bytes of `x`.
fn upstream() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                        break;
                    }
                }
                let size: usize = line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|p| p.strip_prefix("/size/"))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n"
                );
                let _ = conn.write_all(head.as_bytes());
                let _ = conn.write_all(&vec![b'x'; size]);
            });
        }
    });
    port
}

const APP: &str = r#"
export default {
  async fetch(request, env) {
    const u = new URL(request.url);
    if (u.pathname === '/proxy') return fetch(`${env.UPSTREAM}/size/${u.searchParams.get('size')}`);
    const n = Number(u.searchParams.get('n') ?? 1);
    const size = u.searchParams.get('size') ?? '10';
    try {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const r = await fetch(`${env.UPSTREAM}/size/${size}`);
        total += (await r.arrayBuffer()).byteLength;
      }
      return new Response(`ok ${total}`);
    } catch (e) {
      return new Response(`${e.name}: ${e.message}`, { status: 502 });
    }
  },
};
"#;

fn start() -> (Project, Server) {
    let up = format!("http://127.0.0.1:{}", upstream());
    let p = Project::new("serve-fetch");
    p.write("closed/index.js", APP).write("open/index.js", APP);
    p.config(&json!({
        "apps": [
            {"name": "closed", "hostname": "closed.test", "path": "./closed",
             "env": {"UPSTREAM": up}},
            {"name": "open", "hostname": "open.test", "path": "./open",
             "env": {"UPSTREAM": up}, "outbound_allow": ["127.0.0.1"],
             "max_subrequests": 3, "max_response_mb": 1}
        ]
    }));
    let server = Serve::config(&p).workers(1).start();
    (p, server)
}

#[test]
fn loopback_is_refused_unless_allowed() {
    let (_p, server) = start();
    let r = server.get("closed.test", "/?n=1");
    assert_eq!(r.status, 502, "{}", r.text());
    let text = r.text();
    assert!(text.starts_with("TypeError: "), "{text}");
    assert!(
        text.contains("refused") && text.contains("loopback"),
        "{text}"
    );
    assert!(text.contains("outbound_allow"), "{text}");

    let r = server.get("open.test", "/?n=1&size=10");
    assert_eq!((r.status, r.text()), (200, "ok 10".to_string()));
}

#[test]
fn subrequests_are_limited_per_request() {
    let (_p, server) = start();
    let r = server.get("open.test", "/?n=3&size=10");
    assert_eq!((r.status, r.text()), (200, "ok 30".to_string()));
    let r = server.get("open.test", "/?n=4&size=10");
    assert_eq!(r.status, 502, "{}", r.text());
    assert!(r.text().contains("too many subrequests"), "{}", r.text());
    assert!(r.text().contains("max_subrequests"), "{}", r.text());
    // The count starts again with the next request.
    let r = server.get("open.test", "/?n=3&size=10");
    assert_eq!((r.status, r.text()), (200, "ok 30".to_string()));
}

#[test]
fn response_size_is_capped_and_proxying_streams() {
    let (_p, server) = start();
    let r = server.get("open.test", "/?n=1&size=2000000");
    assert_eq!(r.status, 502, "{}", r.text());
    assert!(r.text().contains("max_response_mb"), "{}", r.text());

    let r = server.get("open.test", "/proxy?size=900000");
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), 900_000);
    assert!(r.body.iter().all(|&b| b == b'x'));
}
