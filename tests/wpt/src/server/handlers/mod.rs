//! Rust emulations of the WPT Python handlers (`*.py`) that the tests of the
//! configured directories fetch. Each follows its script line by line;
//! where a script would raise (a missing parameter, a stash conflict), the
//! handler answers 500 as wptserve does. `bad-chunk-encoding.py` is in
//! `raw` (it writes raw bytes to the socket).

use std::sync::Arc;

use super::http::{Headers, Request, Response};
use super::State;

mod echo;
mod redirect;
mod slow;
mod stash;
mod status;

/// The emulated handlers, by file path (relative to the WPT root).
pub const HANDLERS: &[&str] = &[
    "FileAPI/file/resources/echo-content-escaped.py",
    "fetch/api/request/resources/cache.py",
    "fetch/api/resources/authentication.py",
    "fetch/api/resources/bad-chunk-encoding.py",
    "fetch/api/resources/cache.py",
    "fetch/api/resources/clean-stash.py",
    "fetch/api/resources/dump-authorization-header.py",
    "fetch/api/resources/echo-content.h2.py",
    "fetch/api/resources/echo-content.py",
    "fetch/api/resources/infinite-slow-response.py",
    "fetch/api/resources/inspect-headers.py",
    "fetch/api/resources/method.py",
    "fetch/api/resources/preflight.py",
    "fetch/api/resources/redirect-empty-location.py",
    "fetch/api/resources/redirect.h2.py",
    "fetch/api/resources/redirect.py",
    "fetch/api/resources/script-with-header.py",
    "fetch/api/resources/stash-put.py",
    "fetch/api/resources/stash-take.py",
    "fetch/api/resources/status.py",
    "fetch/api/resources/trickle.py",
];

/// Runs the handler for `rel`, if there is one.
pub async fn dispatch(state: &Arc<State>, req: &Request, rel: &str) -> Option<Response> {
    let result = match rel {
        "fetch/api/resources/inspect-headers.py" => Ok(echo::inspect_headers(req)),
        "fetch/api/resources/echo-content.py" => Ok(echo::echo_content(req)),
        "fetch/api/resources/echo-content.h2.py" => Ok(echo::echo_content_h2(req)),
        "FileAPI/file/resources/echo-content-escaped.py" => Ok(echo::echo_content_escaped(req)),
        "fetch/api/resources/method.py" => Ok(echo::method(req)),
        "fetch/api/resources/dump-authorization-header.py" => {
            Ok(echo::dump_authorization_header(req))
        }
        "fetch/api/resources/status.py" => status::status(req),
        "fetch/api/resources/cache.py" => Ok(status::etag_cache(req)),
        "fetch/api/request/resources/cache.py" => status::request_cache(state, req),
        "fetch/api/resources/authentication.py" => Ok(status::authentication(req)),
        "fetch/api/resources/script-with-header.py" => status::script_with_header(req),
        "fetch/api/resources/redirect.py" => redirect::redirect(state, req).await,
        "fetch/api/resources/redirect.h2.py" => redirect::redirect_h2(req),
        "fetch/api/resources/redirect-empty-location.py" => Ok(redirect::empty_location()),
        "fetch/api/resources/preflight.py" => redirect::preflight(state, req),
        "fetch/api/resources/trickle.py" => slow::trickle(req).await,
        "fetch/api/resources/infinite-slow-response.py" => slow::infinite_slow_response(state, req),
        "fetch/api/resources/stash-put.py" => stash::stash_put(state, req),
        "fetch/api/resources/stash-take.py" => stash::stash_take(state, req),
        "fetch/api/resources/clean-stash.py" => stash::clean_stash(state, req),
        _ => return None,
    };
    Some(result.unwrap_or_else(|msg| Response::error(500, &msg)))
}

/// What a Python handler raising looks like here.
type Result<T> = std::result::Result<T, String>;

/// `request.GET.first(name)` without a default (a KeyError when absent).
fn required<'a>(req: &'a Request, name: &str) -> Result<&'a [u8]> {
    req.get
        .first(name)
        .ok_or_else(|| format!("KeyError: missing query parameter {name:?}"))
}

/// A handler's `(headers, content)` result with status 200.
fn ok(headers: Headers, body: impl Into<bytes::Bytes>) -> Response {
    Response::new(200, headers, body)
}

/// Headers from `(name, value)` pairs, appended in order (wptserve's
/// `response.headers.update`).
fn headers<N: AsRef<[u8]>, V: AsRef<[u8]>>(pairs: impl IntoIterator<Item = (N, V)>) -> Headers {
    let mut h = Headers::default();
    for (n, v) in pairs {
        h.append(n, v);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every listed handler is dispatched (bad-chunk-encoding.py is raw).
    #[test]
    fn every_listed_handler_is_emulated() {
        let state = Arc::new(State {
            root: std::env::temp_dir(),
            hosts: crate::substitute::Hosts { http: [1, 2] },
            stash: Default::default(),
        });
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for rel in HANDLERS {
            let query = "ms=0&count=0&mime=text/plain&key=0b7e9b4e-2f45-4a63-8a57-3b1f4c2d6e80&value=x&token=0b7e9b4e-2f45-4a63-8a57-3b1f4c2d6e81";
            let req = Request {
                method: "GET".into(),
                path: format!("/{rel}"),
                query: query.into(),
                get: crate::server::http::Query::parse(query),
                headers: Vec::new(),
                body: Default::default(),
                url: url::Url::parse(&format!("http://localhost:1/{rel}?{query}")).unwrap(),
            };
            let out = rt.block_on(dispatch(&state, &req, rel));
            if rel.ends_with("bad-chunk-encoding.py") {
                assert!(out.is_none());
            } else {
                let out = out.unwrap_or_else(|| panic!("{rel} is listed but not dispatched"));
                assert_ne!(out.status, 500, "{rel}: {out:?}");
            }
        }
    }
}
