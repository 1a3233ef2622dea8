//! Redirect and CORS handlers: redirect.py, redirect.h2.py,
//! redirect-empty-location.py, preflight.py.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use super::{headers, ok, Result};
use crate::server::http::{latin1, latin1_bytes, Headers, Query, Request, Response};
use crate::server::State;

/// Python's `urlparse(url).scheme`: the part before the first `:` when it
/// is a valid scheme (lower-cased), else "".
fn url_scheme(url: &str) -> String {
    let Some(i) = url.find(':') else {
        return String::new();
    };
    let candidate = &url[..i];
    let valid = candidate.starts_with(|c: char| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if valid {
        candidate.to_ascii_lowercase()
    } else {
        String::new()
    }
}

/// Python's `quote_plus` of an isomorphic-decoded string (UTF-8 encoded).
fn quote_plus(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The first value of each parameter, keys in first-seen order (the dict
/// redirect.py builds from `request.GET.items()`).
fn first_values(q: &Query) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in &q.0 {
        let k = latin1(k);
        if !out.iter().any(|(seen, _)| *seen == k) {
            out.push((k, latin1(v)));
        }
    }
    out
}

/// A url-encoded request body (wptserve's `request.POST` for forms).
fn post_params(req: &Request) -> Query {
    let form = req
        .header("Content-Type")
        .is_some_and(|t| t.starts_with(b"application/x-www-form-urlencoded"));
    if form {
        Query::parse(&latin1(&req.body))
    } else {
        Query::default()
    }
}

fn stash_err(e: crate::server::stash::StashError) -> String {
    e.0
}

/// fetch/api/resources/redirect.py: a `redirect_status` (302) redirect to
/// `location`, to which (unless `simple`) it appends its own query and the
/// redirect count, so that redirect chains are visible to the test. With a
/// `token`, the count and whether a preflight came are kept in the stash;
/// past `max_count` it answers 200 with the count. OPTIONS is answered 200
/// (a preflight) unless `redirect_preflight`.
pub async fn redirect(state: &Arc<State>, req: &Request) -> Result<Response> {
    let mut stashed = json!({"count": 0, "preflight": "0"});
    let mut h = headers([
        ("Content-Type", "text/plain"),
        ("Cache-Control", "no-cache"),
        ("Pragma", "no-cache"),
    ]);
    match req.header("Origin") {
        Some(origin) => {
            h.append("Access-Control-Allow-Origin", origin);
            h.append("Access-Control-Allow-Credentials", "true");
        }
        None => h.append("Access-Control-Allow-Origin", "*"),
    }
    let token = req.get.first("token").map(latin1);
    if let Some(token) = &token {
        if let Some(data) = state.stash.take(token, &req.path).map_err(stash_err)? {
            stashed = data;
        }
    }
    if req.method == "OPTIONS" {
        if let Some(allow) = req.get.first("allow_headers") {
            h.append("Access-Control-Allow-Headers", allow);
        }
        stashed["preflight"] = "1".into();
        if !req.get.has("redirect_preflight") {
            if let Some(token) = &token {
                state
                    .stash
                    .put(token, stashed, &req.path)
                    .map_err(stash_err)?;
            }
            return Ok(ok(h, ""));
        }
    }
    let post = post_params(req);
    let status: u16 = match req
        .get
        .text("redirect_status")
        .or_else(|| post.text("redirect_status"))
    {
        Some(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("ValueError: redirect_status {s:?}"))?,
        None => 302,
    };
    let count = stashed["count"].as_u64().unwrap_or(0) + 1;
    stashed["count"] = count.into();

    if let Some(location) = req.get.first("location") {
        let mut url = latin1(location);
        if !req.get.has("simple") && matches!(url_scheme(&url).as_str(), "" | "http" | "https") {
            url.push(if url.contains('?') { '&' } else { '?' });
            let params: Vec<String> = first_values(&req.get)
                .iter()
                .map(|(k, v)| format!("{}={}", quote_plus(k), quote_plus(v)))
                .collect();
            url.push_str(&params.join("&"));
            url.push_str(&format!("&count={count}"));
        }
        h.append("Location", latin1_bytes(&url));
    }
    if let Some(policy) = req.get.first("redirect_referrerpolicy") {
        h.append("Referrer-Policy", policy);
    }
    if let Some(delay) = req.get.text("delay") {
        let ms: f64 = delay
            .trim()
            .parse()
            .map_err(|_| format!("ValueError: delay {delay:?}"))?;
        tokio::time::sleep(Duration::from_secs_f64(ms.max(0.0) / 1e3)).await;
    }
    if let Some(token) = &token {
        state
            .stash
            .put(token, stashed, &req.path)
            .map_err(stash_err)?;
        if let Some(max) = req.get.text("max_count") {
            let max: u64 = max
                .trim()
                .parse()
                .map_err(|_| format!("ValueError: max_count {max:?}"))?;
            if count > max {
                // The last request is not a redirect.
                return Ok(ok(Headers::default(), (count - 1).to_string()));
            }
        }
    }
    Ok(Response::new(status, h, ""))
}

/// fetch/api/resources/redirect.h2.py: a `redirect_status` (302) redirect
/// to `location`, as is.
pub fn redirect_h2(req: &Request) -> Result<Response> {
    let status: u16 = match req.get.text("redirect_status") {
        Some(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("ValueError: redirect_status {s:?}"))?,
        None => 302,
    };
    let mut h = Headers::default();
    if let Some(location) = req.get.first("location") {
        h.set("Location", location);
    }
    h.append("Content-Type", "text/plain");
    Ok(Response::new(status, h, ""))
}

/// fetch/api/resources/redirect-empty-location.py: a 302 with an empty
/// Location.
pub fn empty_location() -> Response {
    Response::new(302, headers([("Location", "")]), "")
}

/// fetch/api/resources/preflight.py: answers CORS preflights (checking
/// Access-Control-Request-Method and `Accept: */*`) with the headers the
/// query asks for, and tells the following request, through the stash and
/// `x-*` headers, whether a preflight came and what it carried.
pub fn preflight(state: &Arc<State>, req: &Request) -> Result<Response> {
    let mut h = headers([("Content-Type", "text/plain")]);
    let mut stashed = json!({
        "control_request_headers": "",
        "preflight": "0",
        "preflight_referrer": "",
    });
    let token = req.get.first("token").map(latin1);
    match req.get.first("origin") {
        Some(origins) => {
            for origin in latin1(origins).split(", ") {
                h.append("Access-Control-Allow-Origin", latin1_bytes(origin));
            }
        }
        None => h.append("Access-Control-Allow-Origin", "*"),
    }
    let token_str = || {
        token
            .clone()
            .ok_or_else(|| "TypeError: no token".to_string())
    };
    if req.get.has("clear-stash") {
        let had = state
            .stash
            .take(&token_str()?, &req.path)
            .map_err(stash_err)?
            .is_some();
        return Ok(ok(h, if had { "1" } else { "0" }));
    }
    if req.get.has("credentials") {
        h.append("Access-Control-Allow-Credentials", "true");
    }
    let header_text = |name: &str| req.header(name).map(|v| latin1(&v));
    if req.method == "OPTIONS" {
        let error = |msg: &str| {
            let mut h = Headers::default();
            h.set("Content-Type", "application/json");
            Response::new(400, h, msg.to_string())
        };
        if !req.has_header("Access-Control-Request-Method") {
            return Ok(error(
                "ERROR: No access-control-request-method in preflight!",
            ));
        }
        if req.header("Accept").as_deref() != Some(b"*/*") {
            return Ok(error("ERROR: Invalid access in preflight!"));
        }
        if req.get.has("control_request_headers") {
            stashed["control_request_headers"] = header_text("Access-Control-Request-Headers")
                .map(Value::from)
                .unwrap_or(Value::Null);
        }
        for (param, header) in [
            ("max_age", "Access-Control-Max-Age"),
            ("allow_headers", "Access-Control-Allow-Headers"),
            ("allow_methods", "Access-Control-Allow-Methods"),
        ] {
            if let Some(v) = req.get.first(param) {
                h.append(header, v);
            }
        }
        let status: u16 = match req.get.text("preflight_status") {
            Some(s) => s
                .trim()
                .parse()
                .map_err(|_| format!("ValueError: preflight_status {s:?}"))?,
            None => 200,
        };
        stashed["preflight"] = "1".into();
        stashed["preflight_referrer"] = header_text("Referer").unwrap_or_default().into();
        stashed["preflight_user_agent"] = header_text("User-Agent").unwrap_or_default().into();
        if let Some(token) = &token {
            state
                .stash
                .put(token, stashed, &req.path)
                .map_err(stash_err)?;
        }
        return Ok(Response::new(status, h, ""));
    }
    if let Some(token) = &token {
        if let Some(data) = state.stash.take(token, &req.path).map_err(stash_err)? {
            stashed = data;
        }
    }
    if req.get.has("checkUserAgentHeaderInPreflight") {
        let Some(ua) = stashed.get("preflight_user_agent") else {
            return Err("KeyError: preflight_user_agent".into());
        };
        if header_text("User-Agent").map(Value::from) != Some(ua.clone()) {
            return Ok(Response::new(
                400,
                h,
                "ERROR: No user-agent header in preflight",
            ));
        }
    }
    h.append(
        "Access-Control-Expose-Headers",
        "x-did-preflight, x-control-request-headers, x-referrer, x-preflight-referrer, x-origin",
    );
    let text = |v: &Value| v.as_str().map(str::to_string);
    h.append(
        "x-did-preflight",
        latin1_bytes(&text(&stashed["preflight"]).unwrap_or_default()),
    );
    if let Some(v) = text(&stashed["control_request_headers"]) {
        h.append("x-control-request-headers", latin1_bytes(&v));
    }
    h.append(
        "x-preflight-referrer",
        latin1_bytes(&text(&stashed["preflight_referrer"]).unwrap_or_default()),
    );
    h.append("x-referrer", req.header("Referer").unwrap_or_default());
    h.append("x-origin", req.header("Origin").unwrap_or_default());
    if let Some(token) = &token {
        state
            .stash
            .put(token, stashed, &req.path)
            .map_err(stash_err)?;
    }
    Ok(ok(h, ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::http::form_decode;

    #[test]
    fn python_url_helpers() {
        assert_eq!(url_scheme("../resources/top.txt"), "");
        assert_eq!(url_scheme("HTTP://x/"), "http");
        assert_eq!(url_scheme("data:text/plain,x"), "data");
        assert_eq!(url_scheme("/a?b=c:d"), "");
        assert_eq!(quote_plus("a b/\u{e9}~"), "a+b%2F%C3%A9~");
        assert_eq!(form_decode("a+b"), b"a b");
    }
}
