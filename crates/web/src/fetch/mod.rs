//! `nanojs:internal/fetch`: the network half of `fetch()` (`js/fetch.js`).
//!
//! - `send(method, url, headers, body, redirect, done)` starts a fetch on the
//!   isolate's event loop and returns `[id, sink]`. `headers` is a flat
//!   `[name, value, ...]` list; `body` is null, a string, a Uint8Array, or
//!   `true` for a stream body, which JS then pumps into `sink`
//!   (`pumpToSink`). When the fetch settles, `done(error)` is called with a
//!   message for a TypeError, or `done(undefined, [status, statusText,
//!   headers, source, url, redirected])` where `source` (null for a null
//!   body) is for `readableFromSource`.
//! - `abort(id)` drops the fetch in flight (and its connection); `done` is
//!   then never called.
//! - `dataUrl(url)`: the data: URL processor, `[mimeType, Uint8Array]` or
//!   null on failure.
//!
//! For the server: [`set_outbound_policy`] and [`request_tracker`] (see
//! `policy.rs` for what they mean).

mod client;
mod data_url;
mod decode;
mod policy;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use bytes::Bytes;
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use http::header::{HeaderName, HeaderValue};
use http::Method;
use rquickjs::{Array, Ctx, Exception, Function, JsLifetime, Persistent, TypedArray, Value};
use tokio::sync::{mpsc, oneshot};
use url::Url;

use self::client::{NetResponse, OutBody, Outgoing, RedirectMode};
pub use self::policy::OutboundPolicy;
use self::policy::PolicyState;
use crate::native::native_ops;

/// How many upload chunks may wait between the JS stream and the socket.
const UPLOAD_CHUNKS: usize = 4;

/// An isolate's fetch state: its policy and the fetches in flight.
#[derive(Default)]
struct FetchState {
    policy: Rc<PolicyState>,
    next_id: Cell<u32>,
    /// Dropping a sender cancels that fetch.
    cancels: RefCell<HashMap<u32, oneshot::Sender<()>>>,
}

struct FetchStateRef(Rc<FetchState>);

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for FetchStateRef {
    type Changed<'to> = FetchStateRef;
}

fn state(ctx: &Ctx<'_>) -> Rc<FetchState> {
    if let Some(s) = ctx.userdata::<FetchStateRef>() {
        return s.0.clone();
    }
    let s = Rc::new(FetchState::default());
    let _ = ctx.store_userdata(FetchStateRef(s.clone()));
    s
}

/// Sets the isolate's outbound policy; `None` means no restrictions (the
/// CLI's `run` and `eval`).
pub fn set_outbound_policy(ctx: &Ctx<'_>, policy: Option<OutboundPolicy>) {
    *state(ctx).policy.policy.borrow_mut() = policy;
}

/// The isolate's incoming-request count for the subrequest allowance, as a
/// handle the server keeps: it counts requests starting and finishing
/// without entering the isolate (a request can end when hyper drops it).
#[derive(Clone)]
pub struct RequestTracker(Rc<FetchState>);

impl RequestTracker {
    pub fn started(&self) {
        self.0.policy.request_started();
    }

    pub fn finished(&self) {
        self.0.policy.request_finished();
    }
}

/// The isolate's [`RequestTracker`].
pub fn request_tracker(ctx: &Ctx<'_>) -> RequestTracker {
    RequestTracker(state(ctx))
}

// --- JS-facing functions ---------------------------------------------------------------

fn type_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    Exception::throw_type(ctx, message)
}

/// A ByteString's bytes (each code point is at most U+00FF).
fn byte_string(ctx: &Ctx<'_>, s: &str) -> rquickjs::Result<Vec<u8>> {
    s.chars()
        .map(|c| {
            u8::try_from(u32::from(c))
                .map_err(|_| type_error(ctx, "fetch: a header is not a ByteString"))
        })
        .collect()
}

fn headers_of(ctx: &Ctx<'_>, list: Array<'_>) -> rquickjs::Result<Vec<(HeaderName, HeaderValue)>> {
    let mut out = Vec::with_capacity(list.len() / 2);
    let mut items = list.iter::<String>();
    while let (Some(name), Some(value)) = (items.next(), items.next()) {
        let (name, value) = (name?, value?);
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| type_error(ctx, &format!("fetch: invalid header name {name:?}")))?;
        let value = HeaderValue::from_bytes(&byte_string(ctx, &value)?)
            .map_err(|_| type_error(ctx, &format!("fetch: invalid value for header {name}")))?;
        out.push((name, value));
    }
    Ok(out)
}

fn body_of<'js>(ctx: &Ctx<'js>, body: &Value<'js>) -> rquickjs::Result<Option<OutBody>> {
    if body.is_null() || body.is_undefined() {
        return Ok(Some(OutBody::None));
    }
    if let Some(s) = body.as_string() {
        return Ok(Some(OutBody::Bytes(Bytes::from(s.to_string()?))));
    }
    if body.as_bool() == Some(true) {
        // A stream: the caller pumps it into the sink.
        return Ok(None);
    }
    let view = TypedArray::<u8>::from_value(body.clone())
        .map_err(|_| type_error(ctx, "fetch: unexpected body"))?;
    // SAFETY: copied at once; no JS runs meanwhile. A detached view is empty.
    let bytes = unsafe { view.as_bytes() }
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    Ok(Some(OutBody::Bytes(Bytes::from(bytes))))
}

/// A sink for JS to pump an upload into, and the upload as a `Send` stream
/// (the connection polls the body from its own task). A task of the isolate
/// forwards between them, and stops when the connection drops the body.
fn upload_stream<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<(Value<'js>, OutBody)> {
    let (sink, mut receiver) = crate::body_stream::new_sink(ctx, UPLOAD_CHUNKS)?;
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, String>>(1);
    nanojs_engine::spawn(ctx, async move {
        loop {
            let item = tokio::select! {
                item = receiver.next() => item,
                _ = tx.closed() => None,
            };
            let Some(item) = item else { break };
            let end = item.is_err();
            if tx.send(item).await.is_err() || end {
                break;
            }
        }
        let done: nanojs_engine::Completion = Box::new(|_: &Ctx<'_>| Ok(()));
        done
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    Ok((sink, OutBody::Stream(Some(Box::pin(stream)))))
}

fn send<'js>(
    ctx: Ctx<'js>,
    method: String,
    url: String,
    headers: Array<'js>,
    body: Value<'js>,
    redirect: String,
    done: Function<'js>,
) -> rquickjs::Result<Array<'js>> {
    let method = Method::from_bytes(method.as_bytes())
        .map_err(|_| type_error(&ctx, &format!("fetch: invalid method {method:?}")))?;
    let url =
        Url::parse(&url).map_err(|_| type_error(&ctx, &format!("fetch: invalid URL {url:?}")))?;
    let redirect = match redirect.as_str() {
        "error" => RedirectMode::Error,
        "manual" => RedirectMode::Manual,
        _ => RedirectMode::Follow,
    };
    let headers = headers_of(&ctx, headers)?;
    let out = Array::new(ctx.clone())?;
    let body = match body_of(&ctx, &body)? {
        Some(body) => body,
        None => {
            let (sink, body) = upload_stream(&ctx)?;
            out.set(1, sink)?;
            body
        }
    };
    let request = Outgoing {
        method,
        url,
        headers,
        body,
        redirect,
    };

    let st = state(&ctx);
    let id = st.next_id.get().wrapping_add(1);
    st.next_id.set(id);
    let (cancel_tx, cancel_rx) = oneshot::channel::<()>();
    st.cancels.borrow_mut().insert(id, cancel_tx);
    out.set(0, id)?;

    let done = Persistent::save(&ctx, done);
    let policy = st.policy.clone();
    nanojs_engine::spawn(&ctx, async move {
        let fetch = Box::pin(client::send(request, policy));
        let result = match select(fetch, cancel_rx).await {
            Either::Left((result, _)) => Some(result),
            // Aborted: the fetch (and its connection) is dropped here.
            Either::Right(_) => None,
        };
        st.cancels.borrow_mut().remove(&id);
        let completion: nanojs_engine::Completion = Box::new(move |ctx: &Ctx<'_>| {
            let done: Function = done.restore(ctx)?;
            match result {
                None => Ok(()),
                Some(Err(message)) => done.call::<_, ()>((message,)),
                Some(Ok(response)) => {
                    let parts = response_parts(ctx, response)?;
                    done.call::<_, ()>((rquickjs::Undefined, parts))
                }
            }
        });
        completion
    });
    Ok(out)
}

fn response_parts<'js>(ctx: &Ctx<'js>, r: NetResponse) -> rquickjs::Result<Array<'js>> {
    let parts = Array::new(ctx.clone())?;
    parts.set(0, r.status)?;
    parts.set(1, r.status_text)?;
    let headers = Array::new(ctx.clone())?;
    for (i, (name, value)) in r.headers.into_iter().enumerate() {
        headers.set(2 * i, name)?;
        headers.set(2 * i + 1, value)?;
    }
    parts.set(2, headers)?;
    match r.body {
        Some(body) => parts.set(3, crate::body_stream::new_source(ctx, body)?)?,
        None => parts.set(3, rquickjs::Null)?,
    }
    parts.set(4, r.url)?;
    parts.set(5, r.redirected)?;
    Ok(parts)
}

fn abort(ctx: Ctx<'_>, id: u32) {
    state(&ctx).cancels.borrow_mut().remove(&id);
}

fn data_url<'js>(ctx: Ctx<'js>, url: String) -> rquickjs::Result<Value<'js>> {
    let Ok(url) = Url::parse(&url) else {
        return Ok(Value::new_null(ctx));
    };
    match data_url::process(&url) {
        None => Ok(Value::new_null(ctx)),
        Some((mime, body)) => {
            let out = Array::new(ctx.clone())?;
            out.set(0, mime)?;
            out.set(1, TypedArray::<u8>::new(ctx.clone(), body)?)?;
            Ok(out.into_value())
        }
    }
}

native_ops! {
    "send" => send,
    "abort" => abort,
    "dataUrl" => data_url,
}
