//! Handlers whose bodies arrive over time: trickle.py and
//! infinite-slow-response.py.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use super::{headers, Result};
use crate::server::http::{latin1, Headers, Request, Response};
use crate::server::State;

/// fetch/api/resources/trickle.py: after `ms` (500), the headers
/// (Content-Type text/plain unless `notype`); then `count` (50) lines
/// "TEST_TRICKLE\n", one every `ms`, the first after `ms`.
pub async fn trickle(req: &Request) -> Result<Response> {
    let ms: f64 = match req.get.text("ms") {
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("ValueError: ms {v:?}"))?,
        None => 500.0,
    };
    let count: u64 = match req.get.text("count") {
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("ValueError: count {v:?}"))?,
        None => 50,
    };
    let delay = Duration::from_secs_f64(ms.max(0.0) / 1e3);
    tokio::time::sleep(delay).await;
    let h = if req.get.has("notype") {
        Headers::default()
    } else {
        headers([("Content-type", "text/plain")])
    };
    Ok(Response::streamed(200, h, move |tx| async move {
        tokio::time::sleep(delay).await;
        for _ in 0..count {
            if tx
                .send(Bytes::from_static(b"TEST_TRICKLE\n"))
                .await
                .is_err()
            {
                return;
            }
            tokio::time::sleep(delay).await;
        }
    }))
}

/// fetch/api/resources/infinite-slow-response.py: stashes "open" under
/// `stateKey` before answering, then sends 2048 dots and a dot every 10 ms
/// until the client goes away or `abortKey` appears in the stash; then
/// stashes "closed". Tests read the state to see whether aborting a fetch
/// closed its connection.
pub fn infinite_slow_response(state: &Arc<State>, req: &Request) -> Result<Response> {
    let state_key = req.get.first("stateKey").map(latin1).unwrap_or_default();
    let abort_key = req.get.first("abortKey").map(latin1).unwrap_or_default();
    let dir = req.url_dir();
    if !state_key.is_empty() {
        stash_write(state, &state_key, "open", &dir)?;
    }
    let state = state.clone();
    Ok(Response::streamed(
        200,
        headers([("Content-type", "text/plain")]),
        move |tx| async move {
            if tx.send(Bytes::from(vec![b'.'; 2048])).await.is_ok() {
                loop {
                    if tx.send(Bytes::from_static(b".")).await.is_err() {
                        break;
                    }
                    if !abort_key.is_empty()
                        && matches!(state.stash.take(&abort_key, &dir), Ok(Some(_)))
                    {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
            if !state_key.is_empty() {
                let _ = stash_write(&state, &state_key, "closed", &dir);
            }
        },
    ))
}

/// Writes to the stash, overwriting any previous value.
fn stash_write(state: &State, key: &str, value: &str, dir: &str) -> Result<()> {
    state.stash.take(key, dir).map_err(|e| e.0)?;
    state.stash.put(key, value.into(), dir).map_err(|e| e.0)
}
