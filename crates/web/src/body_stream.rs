//! Byte bridges between Rust and JS streams (`nanojs:internal/body_stream`),
//! used by the server (request and response bodies) and by `fetch()`.
//!
//! - A *source* hands a Rust byte stream to JS: `readableFromSource(src)` in
//!   `nanojs:body_stream` makes a byte `ReadableStream` that asks Rust for one
//!   chunk per pull, so the producer (a socket) is polled only as fast as JS
//!   reads it. Cancelling the JS stream drops the Rust stream.
//! - A *sink* hands a JS stream to Rust: `pumpToSink(stream, sink)` reads the
//!   `ReadableStream` and sends each chunk into a bounded channel, waiting for
//!   room, so a slow consumer (a client) slows the JS producer. If the Rust
//!   receiver goes away the pump cancels the JS stream.
//!
//! Chunks cross as Uint8Arrays whose memory Rust owns (outside the JS heap):
//! the bridge holds at most a few chunks, bounded by backpressure.

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::native::native_ops;
use bytes::Bytes;
use futures_util::Stream;
use rquickjs::class::{JsClass, Readable, Trace, Tracer};
use rquickjs::{
    Class, Constructor, Ctx, Exception, FromJs, Function, JsLifetime, Object, Persistent, Promise,
    TypedArray, Value,
};
use tokio::sync::mpsc;

/// A stream of body bytes produced in Rust; `Err` carries a message that
/// becomes the JS stream's error (a TypeError).
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, String>>>>;

// --- limits ----------------------------------------------------------------------------

/// The isolate's cap on bytes queued in any one JS stream (the app's
/// `max_buffer_size_mb`), as context userdata.
struct QueueLimit(Option<usize>);

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for QueueLimit {
    type Changed<'to> = QueueLimit;
}

/// Sets the most bytes a single JS stream may hold queued in this isolate
/// (`None`: no limit). Call before the app's code runs: the streams modules
/// read it when they load.
pub fn set_max_queued_bytes(ctx: &Ctx<'_>, limit: Option<usize>) {
    let _ = ctx.remove_userdata::<QueueLimit>();
    let _ = ctx.store_userdata(QueueLimit(limit));
}

fn max_queued_bytes(ctx: Ctx<'_>) -> f64 {
    match ctx.userdata::<QueueLimit>().and_then(|l| l.0) {
        Some(n) => n as f64,
        None => f64::INFINITY,
    }
}

// --- sources (Rust → JS) ----------------------------------------------------------------

struct SourceState {
    stream: Option<ByteStream>,
    /// The pending read's waker, woken by a cancel so the read ends.
    waker: Option<Waker>,
    reading: bool,
}

struct Source(Rc<RefCell<SourceState>>);

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for Source {
    type Changed<'to> = Source;
}

impl<'js> Trace<'js> for Source {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for Source {
    const NAME: &'static str = "ByteSource";
    type Mutable = Readable;

    fn prototype(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Ok(None)
    }

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }
}

/// Wraps `stream` as a source object for `readableFromSource` (JS).
pub fn new_source<'js>(ctx: &Ctx<'js>, stream: ByteStream) -> rquickjs::Result<Value<'js>> {
    let state = SourceState {
        stream: Some(stream),
        waker: None,
        reading: false,
    };
    Ok(Class::instance(ctx.clone(), Source(Rc::new(RefCell::new(state))))?.into_value())
}

fn source_of<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> rquickjs::Result<Rc<RefCell<SourceState>>> {
    let class = Class::<Source>::from_js(ctx, v)?;
    let state = class.borrow().0.clone();
    Ok(state)
}

/// The next chunk of a source: a promise of a Uint8Array, or of null at the
/// end (also after a cancel). Rejects with a TypeError if the producer failed.
fn source_read<'js>(ctx: Ctx<'js>, src: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let state = source_of(&ctx, src)?;
    {
        let mut st = state.borrow_mut();
        if st.reading {
            return Err(Exception::throw_type(&ctx, "a read is already pending"));
        }
        st.reading = true;
    }
    let (promise, resolve, reject) = Promise::new(&ctx)?;
    let resolve = Persistent::save(&ctx, resolve);
    let reject = Persistent::save(&ctx, reject);
    nanojs_engine::spawn(&ctx, async move {
        let next = std::future::poll_fn(|cx: &mut Context<'_>| {
            let mut st = state.borrow_mut();
            let Some(stream) = st.stream.as_mut() else {
                return Poll::Ready(None);
            };
            loop {
                match stream.as_mut().poll_next(cx) {
                    Poll::Pending => {
                        st.waker = Some(cx.waker().clone());
                        return Poll::Pending;
                    }
                    // An empty chunk (e.g. an h2 DATA frame that only ends
                    // the stream) is no answer to a pull: a byte stream
                    // would wait for one forever.
                    Poll::Ready(Some(Ok(b))) if b.is_empty() => continue,
                    ready => return ready,
                }
            }
        })
        .await;
        {
            let mut st = state.borrow_mut();
            st.reading = false;
            st.waker = None;
            if !matches!(next, Some(Ok(_))) {
                // Ended or failed: release the producer now.
                st.stream = None;
            }
        }
        let done: nanojs_engine::Completion = Box::new(move |ctx: &Ctx<'_>| {
            let resolve: Function = resolve.restore(ctx)?;
            let reject: Function = reject.restore(ctx)?;
            match next {
                Some(Ok(bytes)) => {
                    let chunk = TypedArray::<u8>::new(ctx.clone(), Vec::from(bytes))?;
                    resolve.call::<_, ()>((chunk,))
                }
                None => resolve.call::<_, ()>((rquickjs::Null,)),
                Some(Err(message)) => {
                    let error = type_error(ctx, &message)?;
                    reject.call::<_, ()>((error,))
                }
            }
        });
        done
    });
    Ok(promise.into_value())
}

/// Drops the producer; a pending read then settles with null.
fn source_cancel<'js>(ctx: Ctx<'js>, src: Value<'js>) -> rquickjs::Result<()> {
    let state = source_of(&ctx, src)?;
    let mut st = state.borrow_mut();
    st.stream = None;
    if let Some(w) = st.waker.take() {
        w.wake();
    }
    Ok(())
}

fn type_error<'js>(ctx: &Ctx<'js>, message: &str) -> rquickjs::Result<Value<'js>> {
    let ctor: Constructor = ctx.globals().get("TypeError")?;
    ctor.construct((message,))
}

// --- sinks (JS → Rust) -------------------------------------------------------------------

struct SinkState {
    tx: Option<mpsc::Sender<Result<Bytes, String>>>,
    /// Set by close(), before the sender is dropped; see `SinkReceiver`.
    closed: Rc<Cell<bool>>,
}

struct Sink(Rc<RefCell<SinkState>>);

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for Sink {
    type Changed<'to> = Sink;
}

impl<'js> Trace<'js> for Sink {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for Sink {
    const NAME: &'static str = "ByteSink";
    type Mutable = Readable;

    fn prototype(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Ok(None)
    }

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }
}

/// The Rust end of a sink: the chunks JS wrote, then the end of the stream
/// (`None`), or an `Err` if the JS stream errored. Dropping it tells the JS
/// pump that nobody is reading any more.
pub struct SinkReceiver {
    rx: mpsc::Receiver<Result<Bytes, String>>,
    /// Set once JS called close(): a channel that ends without it means the
    /// pump was abandoned (e.g. the isolate went away), which is an error,
    /// not a complete body.
    closed: Rc<Cell<bool>>,
    ended: bool,
}

impl Stream for SinkReceiver {
    type Item = Result<Bytes, String>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(None) => {
                self.ended = true;
                if self.closed.get() {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Err("the body stream was abandoned".into())))
                }
            }
            Poll::Ready(Some(Err(e))) => {
                self.ended = true;
                Poll::Ready(Some(Err(e)))
            }
            other => other,
        }
    }
}

/// A sink object for `pumpToSink` (JS) and its receiving end. `capacity` is
/// how many chunks may wait in the channel before JS has to wait.
pub fn new_sink<'js>(
    ctx: &Ctx<'js>,
    capacity: usize,
) -> rquickjs::Result<(Value<'js>, SinkReceiver)> {
    let (tx, rx) = mpsc::channel(capacity.max(1));
    let closed = Rc::new(Cell::new(false));
    let state = SinkState {
        tx: Some(tx),
        closed: closed.clone(),
    };
    let value = Class::instance(ctx.clone(), Sink(Rc::new(RefCell::new(state))))?.into_value();
    let receiver = SinkReceiver {
        rx,
        closed,
        ended: false,
    };
    Ok((value, receiver))
}

fn sink_of<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> rquickjs::Result<Rc<RefCell<SinkState>>> {
    let class = Class::<Sink>::from_js(ctx, v)?;
    let state = class.borrow().0.clone();
    Ok(state)
}

/// Sends a chunk (copied). Returns undefined when the channel took it at
/// once, else a promise that settles when it has: most writes cost no
/// promise. Throws/rejects a TypeError once the receiver is gone.
fn sink_write<'js>(
    ctx: Ctx<'js>,
    sink: Value<'js>,
    chunk: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let state = sink_of(&ctx, sink)?;
    let view = TypedArray::<u8>::from_value(chunk)
        .map_err(|_| Exception::throw_type(&ctx, "body chunks must be Uint8Arrays"))?;
    // SAFETY: copied at once; no JS runs meanwhile. A detached view is empty.
    let bytes = Bytes::from(
        unsafe { view.as_bytes() }
            .map(<[u8]>::to_vec)
            .unwrap_or_default(),
    );
    let tx = match state.borrow().tx.clone() {
        Some(tx) => tx,
        None => return Err(Exception::throw_type(&ctx, "the body sink is closed")),
    };
    let item = match tx.try_send(Ok(bytes)) {
        Ok(()) => return Ok(Value::new_undefined(ctx)),
        Err(mpsc::error::TrySendError::Closed(_)) => {
            return Err(Exception::throw_type(&ctx, GONE));
        }
        Err(mpsc::error::TrySendError::Full(item)) => item,
    };
    let (promise, resolve, reject) = Promise::new(&ctx)?;
    let resolve = Persistent::save(&ctx, resolve);
    let reject = Persistent::save(&ctx, reject);
    nanojs_engine::spawn(&ctx, async move {
        let sent = tx.send(item).await.is_ok();
        let done: nanojs_engine::Completion = Box::new(move |ctx: &Ctx<'_>| {
            if sent {
                let resolve: Function = resolve.restore(ctx)?;
                resolve.call::<_, ()>(())
            } else {
                let reject: Function = reject.restore(ctx)?;
                reject.call::<_, ()>((type_error(ctx, GONE)?,))
            }
        });
        done
    });
    Ok(promise.into_value())
}

const GONE: &str = "the receiver of the body went away";

/// Ends the body normally.
fn sink_close<'js>(ctx: Ctx<'js>, sink: Value<'js>) -> rquickjs::Result<()> {
    let state = sink_of(&ctx, sink)?;
    let mut st = state.borrow_mut();
    st.closed.set(true);
    st.tx = None;
    Ok(())
}

/// Ends the body with an error (the JS stream errored).
fn sink_error<'js>(ctx: Ctx<'js>, sink: Value<'js>, message: String) -> rquickjs::Result<()> {
    let state = sink_of(&ctx, sink)?;
    let tx = state.borrow_mut().tx.take();
    if let Some(tx) = tx {
        // The channel may be full: the error goes after the queued chunks
        // without blocking JS (a task sends it when there is room).
        if let Err(mpsc::error::TrySendError::Full(item)) = tx.try_send(Err(message)) {
            nanojs_engine::spawn(&ctx, async move {
                let _ = tx.send(item).await;
                let done: nanojs_engine::Completion = Box::new(|_: &Ctx<'_>| Ok(()));
                done
            });
        }
    }
    Ok(())
}

/// Whether the receiver is gone (nobody reads the body any more).
fn sink_is_gone<'js>(ctx: Ctx<'js>, sink: Value<'js>) -> rquickjs::Result<bool> {
    let state = sink_of(&ctx, sink)?;
    let st = state.borrow();
    Ok(st.tx.as_ref().is_some_and(|tx| tx.is_closed()))
}

// --- module ------------------------------------------------------------------------------

native_ops! {
    "maxQueuedBytes" => max_queued_bytes,
    "sourceRead" => source_read,
    "sourceCancel" => source_cancel,
    "sinkWrite" => sink_write,
    "sinkClose" => sink_close,
    "sinkError" => sink_error,
    "sinkIsGone" => sink_is_gone,
}
