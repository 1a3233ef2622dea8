//! Streaming bodies: a request body read from the socket as JS pulls it, and
//! a response body sent as the app's `ReadableStream` produces it.
//!
//! Request: hyper's `Incoming` is wrapped as a `ByteStream` for
//! `nanojs_web::body_stream::new_source`; it is polled only when JS asks for
//! the next chunk, so a slow reader slows the client (TCP backpressure).
//! Response: JS pumps the stream into a bounded sink; hyper polls the
//! `SinkReceiver` only when the connection can take more, so a slow client
//! slows the JS producer. Either body keeps its request in flight (CPU pool,
//! `request.signal`) until it ends.

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use nanojs_web::body_stream::{ByteStream, SinkReceiver};

use crate::instance::RequestGuard;
use crate::metrics::ErrorReason;

/// Request bodies up to this size (by `Content-Length`) are read before the
/// handler runs and handed to JS as one buffer: cheaper than a stream.
pub const BUFFERED_BODY_MAX: u64 = 64 * 1024;

/// Chunks the response sink holds before the JS pump has to wait.
pub const SINK_CAPACITY: usize = 4;

// --- request bodies --------------------------------------------------------------------

enum Reading {
    Open(Incoming),
    /// Ended, failed or over the limit: nothing more comes.
    Ended,
    /// The request is complete (its response was sent or abandoned); the
    /// socket is released, so a late read gets an error.
    Released,
}

/// The server's side of a streamed request body.
pub struct RequestBody {
    state: RefCell<Reading>,
    read: Cell<u64>,
    max: u64,
    /// Set when the body passed `max_body_mb`: the request then fails with 413.
    overflowed: Cell<bool>,
    /// The pending read's waker: `release` wakes it, since dropping hyper's
    /// body drops the only other registration and the read would never end.
    waker: RefCell<Option<std::task::Waker>>,
}

impl RequestBody {
    pub fn new(incoming: Incoming, max: usize) -> Rc<RequestBody> {
        Rc::new(RequestBody {
            state: RefCell::new(Reading::Open(incoming)),
            read: Cell::new(0),
            max: max as u64,
            overflowed: Cell::new(false),
            waker: RefCell::new(None),
        })
    }

    /// The stream JS reads (through `readableFromSource`).
    pub fn stream(self: &Rc<Self>) -> ByteStream {
        let body = Rc::clone(self);
        Box::pin(futures_util::stream::poll_fn(move |cx| body.poll_chunk(cx)))
    }

    pub fn overflowed(&self) -> bool {
        self.overflowed.get()
    }

    /// Drops hyper's body at the end of the request, even if JS still holds
    /// the stream: hyper cannot go on with the connection until it is gone.
    pub fn release(&self) {
        *self.state.borrow_mut() = Reading::Released;
        if let Some(w) = self.waker.borrow_mut().take() {
            w.wake();
        }
    }

    fn limit_message(&self) -> String {
        format!(
            "request body larger than the app's limit of {} MB (max_body_mb)",
            self.max / (1024 * 1024)
        )
    }

    fn poll_chunk(&self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, String>>> {
        let mut state = self.state.borrow_mut();
        let incoming = match &mut *state {
            Reading::Open(incoming) => incoming,
            Reading::Ended => return Poll::Ready(None),
            Reading::Released => {
                return Poll::Ready(Some(Err(
                    "the request is complete: its body can no longer be read".into(),
                )))
            }
        };
        loop {
            match Pin::new(&mut *incoming).poll_frame(cx) {
                Poll::Pending => {
                    *self.waker.borrow_mut() = Some(cx.waker().clone());
                    return Poll::Pending;
                }
                Poll::Ready(None) => {
                    *state = Reading::Ended;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    *state = Reading::Ended;
                    return Poll::Ready(Some(Err(format!("cannot read the request body: {e}"))));
                }
                Poll::Ready(Some(Ok(frame))) => {
                    // Trailers are not exposed.
                    let Ok(data) = frame.into_data() else {
                        continue;
                    };
                    if data.is_empty() {
                        continue;
                    }
                    let read = self.read.get() + data.len() as u64;
                    self.read.set(read);
                    if read > self.max {
                        *state = Reading::Ended;
                        self.overflowed.set(true);
                        return Poll::Ready(Some(Err(self.limit_message())));
                    }
                    return Poll::Ready(Some(Ok(data)));
                }
            }
        }
    }
}

// --- response bodies -------------------------------------------------------------------

/// Why a streamed response ended early (hyper then aborts the connection or
/// resets the h2 stream, so the client sees a truncated body).
#[derive(Debug)]
pub struct BodyError(String);

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BodyError {}

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, BodyError>>>>;

/// A response body: bytes at hand (no allocation beyond the bytes), or a
/// stream the app is producing.
pub enum ResponseBody {
    Full(Option<Bytes>),
    Stream(Chunks),
}

impl ResponseBody {
    pub fn full(bytes: Bytes) -> ResponseBody {
        ResponseBody::Full((!bytes.is_empty()).then_some(bytes))
    }

    /// The body of a streamed response; `guard` keeps the request in flight
    /// until the stream ends or the client goes away. Between two chunks
    /// the app gets `idle` (its `timeout_ms`). `length` is the
    /// Content-Length the app declared, if any: a stream that does not
    /// match it is cut off.
    pub fn stream(
        rx: SinkReceiver,
        mut guard: RequestGuard,
        idle: Duration,
        length: Option<u64>,
    ) -> ResponseBody {
        guard.set_streaming();
        let stopped = guard.instance().stopped();
        let state = Pumping {
            rx,
            guard,
            idle,
            stopped,
            length,
            sent: 0,
            over: false,
        };
        ResponseBody::Stream(Box::pin(futures_util::stream::unfold(state, next_chunk)))
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        match self.get_mut() {
            ResponseBody::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            ResponseBody::Stream(chunks) => chunks
                .as_mut()
                .poll_next(cx)
                .map(|c| c.map(|r| r.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ResponseBody::Full(data) => data.is_none(),
            ResponseBody::Stream(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Full(data) => {
                SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64))
            }
            ResponseBody::Stream(_) => SizeHint::default(),
        }
    }
}

struct Pumping {
    rx: SinkReceiver,
    guard: RequestGuard,
    idle: Duration,
    /// Becomes true when the isolate's driver stops (a CPU or memory limit,
    /// or a retired isolate's grace period is over): no more JS will run.
    stopped: tokio::sync::watch::Receiver<bool>,
    length: Option<u64>,
    sent: u64,
    over: bool,
}

async fn next_chunk(mut p: Pumping) -> Option<(Result<Bytes, BodyError>, Pumping)> {
    if p.over {
        return None;
    }
    let idle = p.idle;
    let item = tokio::select! {
        biased;
        item = p.rx.next() => item.map(|r| r.map_err(|e| (e, ErrorReason::Exception))),
        _ = p.stopped.wait_for(|stopped| *stopped) => Some(Err(p.guard.instance().stop_reason())),
        _ = tokio::time::sleep(idle) => Some(Err((
            format!(
                "the response stream produced nothing for {} ms (timeout_ms); response cut off",
                idle.as_millis()
            ),
            ErrorReason::Timeout,
        ))),
    };
    // Checked here, so the log says why (hyper would only drop the
    // connection).
    let item = match (item, p.length) {
        (Some(Ok(bytes)), Some(length)) if p.sent + bytes.len() as u64 > length => Some(Err((
            format!("the stream is longer than its Content-Length of {length} bytes"),
            ErrorReason::Exception,
        ))),
        (None, Some(length)) if p.sent < length => Some(Err((
            format!(
                "the stream ended after {} bytes, short of its Content-Length of {length}",
                p.sent
            ),
            ErrorReason::Exception,
        ))),
        (item, _) => item,
    };
    match item {
        Some(Ok(bytes)) => {
            p.sent += bytes.len() as u64;
            if p.length == Some(p.sent) {
                // Complete as far as HTTP goes: hyper ends the body here.
                p.guard.complete();
            }
            Some((Ok(bytes), p))
        }
        None => {
            p.guard.complete();
            None
        }
        Some(Err((message, reason))) => {
            // Pending once, so that hyper flushes what it has buffered
            // before the error aborts the connection: the client gets the
            // head and the chunks sent so far, then a truncated body.
            tokio::task::yield_now().await;
            let app = &p.guard.instance().app;
            let name = &app.config.name;
            tracing::error!(app = %name, "app {name}: the response stream failed: {message}");
            app.metrics.error(reason);
            p.over = true;
            Some((Err(BodyError(message)), p))
        }
    }
}
