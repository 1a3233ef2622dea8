//! The stash handlers: stash-put.py, stash-take.py, clean-stash.py.

use std::sync::Arc;

use super::{headers, ok, required, Result};
use crate::server::http::{latin1, Request, Response};
use crate::server::State;

/// fetch/api/resources/stash-put.py: stores `value` under `key`, scoped to
/// the handler's directory (so infinite-slow-response.py sees it).
pub fn stash_put(state: &Arc<State>, req: &Request) -> Result<Response> {
    if req.method == "OPTIONS" {
        let h = headers([
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "*"),
            ("Access-Control-Allow-Headers", "*"),
        ]);
        return Ok(ok(h, "done"));
    }
    let key = latin1(required(req, "key")?);
    let value = latin1(required(req, "value")?);
    state
        .stash
        .put(&key, value.into(), &req.url_dir())
        .map_err(|e| e.0)?;
    Ok(ok(headers([("Access-Control-Allow-Origin", "*")]), "done"))
}

/// fetch/api/resources/stash-take.py: the value under `key` as JSON (null
/// when there is none), taken out of the stash.
pub fn stash_take(state: &Arc<State>, req: &Request) -> Result<Response> {
    let key = latin1(required(req, "key")?);
    let value = state
        .stash
        .take(&key, &req.url_dir())
        .map_err(|e| e.0)?
        .unwrap_or(serde_json::Value::Null);
    let h = headers([
        ("Access-Control-Allow-Origin", "*"),
        ("Content-Type", "application/json"),
    ]);
    Ok(ok(h, value.to_string()))
}

/// fetch/api/resources/clean-stash.py: "1" if `token` had a value (taken),
/// else "0".
pub fn clean_stash(state: &Arc<State>, req: &Request) -> Result<Response> {
    let token = latin1(required(req, "token")?);
    let had = state
        .stash
        .take(&token, &req.path)
        .map_err(|e| e.0)?
        .is_some();
    Ok(ok(headers::<&str, &str>([]), if had { "1" } else { "0" }))
}
