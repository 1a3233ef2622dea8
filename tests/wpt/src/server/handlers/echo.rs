//! Handlers that report the request back: inspect-headers.py,
//! echo-content.py (and its .h2 variant), echo-content-escaped.py,
//! method.py, dump-authorization-header.py.

use super::{headers, ok};
use crate::server::http::{Request, Response};

/// fetch/api/resources/inspect-headers.py: `x-request-<name>` for each
/// `headers=a|b` name the request has; `cors` adds CORS headers that allow
/// and expose them.
pub fn inspect_headers(req: &Request) -> Response {
    let mut out = headers::<&[u8], &[u8]>([]);
    let checked: Vec<&[u8]> = req
        .get
        .first("headers")
        .map(|h| h.split(|&b| b == b'|').collect())
        .unwrap_or_default();
    for name in &checked {
        let name_str = String::from_utf8_lossy(name);
        if !name.is_empty() && req.has_header(&name_str) {
            let mut n = b"x-request-".to_vec();
            n.extend_from_slice(name);
            out.append(n, req.header(&name_str).unwrap_or_default());
        }
    }
    if req.get.has("cors") {
        match req.header("Origin") {
            Some(origin) => out.append("Access-Control-Allow-Origin", origin),
            None => out.append("Access-Control-Allow-Origin", "*"),
        }
        out.append("Access-Control-Allow-Credentials", "true");
        out.append("Access-Control-Allow-Methods", "GET, POST, HEAD");
        let exposed: Vec<Vec<u8>> = checked
            .iter()
            .map(|h| [&b"x-request-"[..], h].concat())
            .collect();
        out.append("Access-Control-Expose-Headers", exposed.join(&b", "[..]));
        match req.get.first("allow_headers") {
            Some(allow) => out.append("Access-Control-Allow-Headers", allow),
            None => out.append(
                "Access-Control-Allow-Headers",
                req.header_names().join(", "),
            ),
        }
    }
    out.append("content-type", "text/plain");
    ok(out, "")
}

/// The request metadata echo-content.py and echo-content-escaped.py send.
fn request_info(req: &Request) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("X-Request-Method", req.method.as_bytes().to_vec()),
        (
            "X-Request-Content-Length",
            req.header("Content-Length")
                .unwrap_or_else(|| b"NO".to_vec()),
        ),
        (
            "X-Request-Content-Type",
            req.header("Content-Type").unwrap_or_else(|| b"NO".to_vec()),
        ),
    ]
}

/// fetch/api/resources/echo-content.py: the request body, with the method,
/// Content-Length and Content-Type in `X-Request-*` headers.
pub fn echo_content(req: &Request) -> Response {
    let mut h = headers(request_info(req));
    h.append("Content-Type", "text/plain");
    ok(h, req.body.clone())
}

/// fetch/api/resources/echo-content.h2.py: the request body (the script
/// streams DATA frames back over HTTP/2; over HTTP/1.1 the body is whole).
pub fn echo_content_h2(req: &Request) -> Response {
    ok(headers([("Content-Type", "text/plain")]), req.body.clone())
}

/// FileAPI/file/resources/echo-content-escaped.py: the body with controls
/// and non-ASCII bytes as `\xNN`, backslashes doubled, CRLF kept.
pub fn echo_content_escaped(req: &Request) -> Response {
    let mut h = headers(request_info(req));
    h.append("Content-Type", "text/plain; charset=UTF-8");
    let mut escaped = Vec::with_capacity(req.body.len());
    for &b in req.body.iter() {
        if b <= 0x1f || b >= 0x7f {
            escaped.extend_from_slice(format!("\\x{b:02x}").as_bytes());
        } else if b == b'\\' {
            escaped.extend_from_slice(b"\\\\");
        } else {
            escaped.push(b);
        }
    }
    let text = String::from_utf8_lossy(&escaped).replace("\\x0d\\x0a", "\r\n");
    ok(h, text)
}

/// fetch/api/resources/method.py: the body, with the method and content
/// metadata in `x-request-*` headers (`cors`: CORS headers for them).
pub fn method(req: &Request) -> Response {
    let mut h = headers::<&[u8], &[u8]>([]);
    if req.get.has("cors") {
        h.append("Access-Control-Allow-Origin", "*");
        h.append("Access-Control-Allow-Credentials", "true");
        h.append("Access-Control-Allow-Methods", "GET, POST, PUT, FOO");
        h.append("Access-Control-Allow-Headers", "x-test, x-foo");
        h.append("Access-Control-Expose-Headers", "x-request-method");
    }
    h.append("x-request-method", req.method.as_bytes());
    for name in [
        "Content-Type",
        "Content-Length",
        "Content-Encoding",
        "Content-Language",
        "Content-Location",
    ] {
        h.append(
            format!("x-request-{}", name.to_ascii_lowercase()),
            req.header(name).unwrap_or_else(|| b"NO".to_vec()),
        );
    }
    ok(h, req.body.clone())
}

/// fetch/api/resources/dump-authorization-header.py: the Authorization
/// header as the body ("none" without one), with CORS headers.
pub fn dump_authorization_header(req: &Request) -> Response {
    let mut h = headers([("Content-Type", "text/html"), ("Cache-Control", "no-cache")]);
    match req.header("Origin") {
        Some(origin) => {
            h.append("Access-Control-Allow-Origin", origin);
            h.append("Access-Control-Allow-Credentials", "true");
        }
        None => h.append("Access-Control-Allow-Origin", "*"),
    }
    h.append("Access-Control-Allow-Headers", "Authorization");
    let body = req
        .header("Authorization")
        .unwrap_or_else(|| b"none".to_vec());
    ok(h, body)
}
