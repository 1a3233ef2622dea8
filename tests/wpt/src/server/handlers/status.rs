//! Handlers that pick a status and headers from the query: status.py,
//! the two cache.py, authentication.py, script-with-header.py.

use std::sync::Arc;

use base64::Engine;

use super::{headers, ok, required, Result};
use crate::server::http::{latin1, Headers, Request, Response};
use crate::server::State;

/// fetch/api/resources/status.py: `code` (200), reason `text` ("OMG"),
/// `content`, Content-Type `type` (empty), and X-Request-Method.
pub fn status(req: &Request) -> Result<Response> {
    let code: u16 = match req.get.text("code") {
        Some(c) => c
            .trim()
            .parse()
            .map_err(|_| format!("ValueError: code {c:?}"))?,
        None => 200,
    };
    let text = req.get.first("text").unwrap_or(b"OMG").to_vec();
    let content = req.get.first("content").unwrap_or(b"").to_vec();
    let h = headers([
        (
            "Content-Type",
            req.get.first("type").unwrap_or(b"").to_vec(),
        ),
        ("X-Request-Method", req.method.as_bytes().to_vec()),
    ]);
    Ok(Response::new(code, h, content).with_reason(text))
}

/// fetch/api/resources/cache.py: a fixed ETag; 304 (with X-HTTP-STATUS)
/// when If-None-Match has it.
pub fn etag_cache(req: &Request) -> Response {
    const ETAG: &[u8] = b"\"123abc\"";
    if req.header("If-None-Match").as_deref() == Some(ETAG) {
        let h = headers([("X-HTTP-STATUS", "304")]);
        return Response::new(304, h, "").with_reason("Not Modified");
    }
    let h = headers([("ETag", ETAG), ("Content-Type", b"text/plain")]);
    ok(h, "lorem ipsum dolor sit amet").with_reason("OK")
}

/// fetch/api/request/resources/cache.py: records the request's cache
/// headers in the stash under `token` (`querystate` reads them back) and
/// answers with the validators and caching headers asked for, 304 when a
/// validator matches, or a redirect.
pub fn request_cache(state: &Arc<State>, req: &Request) -> Result<Response> {
    let token = req.get.text("token");
    let stash_path = &req.path;
    let stash_err = |e: crate::server::stash::StashError| e.0;
    if req.get.has("querystate") {
        let value = match &token {
            Some(t) => state.stash.take(t, stash_path).map_err(stash_err)?,
            None => return Err("TypeError: no token".into()),
        };
        let h = headers([("Content-Type", "text/plain")]);
        let body = value.unwrap_or(serde_json::Value::Null).to_string();
        return Ok(ok(h, body));
    }
    let get = |n: &str| req.get.first(n).map(<[u8]>::to_vec);
    let tag = get("tag").map(|t| [&b"\""[..], &t, b"\""].concat());
    let (date, expires, vary, cc, redirect) = (
        get("date"),
        get("expires"),
        get("vary"),
        get("cache_control"),
        get("redirect"),
    );
    let inm = req.header("If-None-Match");
    let ims = req.header("If-Modified-Since");
    let Some(token) = token else {
        return Err("TypeError: no token".into());
    };
    let mut server_state = match state.stash.take(&token, stash_path).map_err(stash_err)? {
        Some(serde_json::Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let mut record = serde_json::Map::new();
    if !req.get.has("ignore") {
        for name in [
            "If-None-Match",
            "If-Modified-Since",
            "Pragma",
            "Cache-Control",
        ] {
            if let Some(v) = req.header(name) {
                if !v.is_empty() {
                    record.insert(name.into(), latin1(&v).into());
                }
            }
        }
    }
    server_state.push(record.into());
    state
        .stash
        .put(&token, server_state.into(), stash_path)
        .map_err(stash_err)?;

    let mut h = Headers::default();
    if let Some(tag) = &tag {
        h.set("ETag", tag);
    } else if let Some(date) = &date {
        h.set("Last-Modified", date);
    }
    for (name, value) in [
        ("Expires", &expires),
        ("Vary", &vary),
        ("Cache-Control", &cc),
    ] {
        if let Some(v) = value {
            h.set(name, v);
        }
    }
    h.set("Access-Control-Allow-Origin", "*");
    if let Some(location) = redirect {
        h.set("Location", location);
        return Ok(Response::new(302, h, "").with_reason("Redirect"));
    }
    let matches =
        |header: &Option<Vec<u8>>, value: &Option<Vec<u8>>| header.is_some() && header == value;
    if matches(&inm, &tag) || matches(&ims, &date) {
        return Ok(Response::new(304, h, "").with_reason("Not Modified"));
    }
    h.set("Content-Type", "text/plain");
    let content = get("content");
    Ok(ok(h, content.unwrap_or_default()).with_reason("OK"))
}

/// The user name and password of a Basic Authorization header (wptserve's
/// `request.auth`).
fn basic_auth(req: &Request) -> Option<(Vec<u8>, Vec<u8>)> {
    let value = req.header("Authorization")?;
    let value = latin1(&value);
    let (scheme, data) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .ok()?;
    let i = decoded.iter().position(|&b| b == b':')?;
    Some((decoded[..i].to_vec(), decoded[i + 1..].to_vec()))
}

/// fetch/api/resources/authentication.py: 401 with a Basic challenge for
/// `realm` (default "test") unless the credentials are user:password.
pub fn authentication(req: &Request) -> Response {
    if basic_auth(req).is_some_and(|(u, p)| u == b"user" && p == b"password") {
        return ok(Headers::default(), "Authentication done");
    }
    let realm = req.get.first("realm").unwrap_or(b"test");
    let challenge = [&b"Basic realm=\""[..], realm, b"\""].concat();
    Response::new(
        401,
        headers([("WWW-Authenticate", challenge)]),
        "Please login with credentials 'user' and 'password'",
    )
    .with_reason("Unauthorized")
}

/// fetch/api/resources/script-with-header.py: a script with the
/// Content-Type `mime` (`content=empty`: an empty body).
pub fn script_with_header(req: &Request) -> Result<Response> {
    let mime = required(req, "mime")?.to_vec();
    let content: &[u8] = if req.get.first("content") == Some(b"empty") {
        b""
    } else {
        b"console.log('Script loaded')"
    };
    Ok(ok(headers([("Content-type", mime)]), content.to_vec()))
}
