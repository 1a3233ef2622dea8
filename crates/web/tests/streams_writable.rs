//! WritableStream, TransformStream, pipeTo and the queuing strategies:
//! sink ordering, backpressure, the queued-byte cap, abort signals, inspect
//! output, and TransformStream flush/cancel.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use nanojs_engine::{ConsoleLevel, ConsoleSink, Isolate, IsolateOptions};

/// Helpers for snippets, beside `common::ASSERTS`.
const PRELUDE: &str = r#"
const tick = () => new Promise((r) => setTimeout(r, 0));
// A promise's state after pending reactions ran: 'pending', 'fulfilled' or
// 'rejected:<name or value>'.
async function stateOf(p) {
  let state = 'pending';
  p.then(() => { state = 'fulfilled'; }, (e) => { state = `rejected:${e && e.name ? e.name : e}`; });
  await tick();
  return state;
}
"#;

fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[derive(Default)]
struct Lines(RefCell<Vec<String>>);

impl ConsoleSink for Lines {
    fn write(&self, _level: ConsoleLevel, text: &str) {
        self.0.borrow_mut().push(text.to_string());
    }
}

/// Runs `body` in an isolate whose streams may queue at most `limit` bytes.
fn check_with_limit(limit: usize, body: &str) {
    let capture = Rc::new(Lines::default());
    let options = IsolateOptions {
        console: capture.clone(),
        ..Default::default()
    };
    let isolate = Isolate::new(options, nanojs_web::builtins()).expect("isolate");
    isolate.with(|ctx| nanojs_web::body_stream::set_max_queued_bytes(&ctx, Some(limit)));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let source = format!("{}\n{PRELUDE}\n{body}\nconsole.log('ok');", common::ASSERTS);
    let result = rt.block_on(isolate.run_module_source("file:///test/main.js", source));
    let out = capture.0.borrow().clone();
    if let Err(e) = result {
        panic!("JS failed:\n{e}\n--- output:\n{}", out.join("\n"));
    }
    assert_eq!(out, ["ok"]);
}

#[test]
fn async_sink_writes_run_one_at_a_time_in_order() {
    check(
        r#"
        const log = [];
        const pending = [];
        const ws = new WritableStream({
          write(chunk) {
            log.push(`start ${chunk}`);
            return new Promise((resolve) => pending.push(() => { log.push(`end ${chunk}`); resolve(); }));
          },
          close() { log.push('close'); },
        });
        const w = ws.getWriter();
        const p1 = w.write('a');
        const p2 = w.write('b');
        const closed = w.close();
        await tick();
        eq(log, ['start a'], 'only the first write starts');
        is(await stateOf(p1), 'pending', 'write() waits for the sink');
        pending.shift()();
        is(await stateOf(p1), 'fulfilled', 'first write settles with the sink');
        eq(log, ['start a', 'end a', 'start b'], 'the second write starts after the first');
        is(await stateOf(p2), 'pending', 'second write pending');
        pending.shift()();
        await closed;
        eq(log, ['start a', 'end a', 'start b', 'end b', 'close'], 'close runs last');
        is(await stateOf(w.closed), 'fulfilled', 'closed');
        "#,
    );
}

#[test]
fn ready_and_desired_size_follow_backpressure() {
    check(
        r#"
        const pending = [];
        const ws = new WritableStream({
          write() { return new Promise((r) => pending.push(r)); },
        }, new CountQueuingStrategy({ highWaterMark: 2 }));
        const w = ws.getWriter();
        await tick();
        is(w.desiredSize, 2, 'initial desiredSize');
        const ready0 = w.ready;
        is(w.ready, ready0, 'ready is one promise while unchanged');
        is(await stateOf(ready0), 'fulfilled', 'ready without backpressure');
        w.write(1);
        is(w.desiredSize, 1, 'desiredSize after one write');
        w.write(2);
        is(w.desiredSize, 0, 'desiredSize at the high-water mark');
        const ready1 = w.ready;
        is(ready1 !== ready0, true, 'a new ready promise under backpressure');
        w.write(3);
        is(w.desiredSize, -1, 'desiredSize goes negative');
        is(await stateOf(ready1), 'pending', 'ready waits while over the mark');
        pending.shift()();
        await tick();
        is(w.desiredSize, 0, 'one chunk left the queue');
        is(await stateOf(ready1), 'pending', 'still no room');
        pending.shift()();
        await tick();
        is(w.desiredSize, 1, 'below the mark');
        is(await stateOf(ready1), 'fulfilled', 'ready resolves once the queue drains below the mark');
        is(w.ready, ready1, 'the same ready promise');
        "#,
    );
}

#[test]
fn failing_sink_errors_the_stream() {
    check(
        r#"
        const boom = new Error('boom');
        let aborted = 0;
        const ws = new WritableStream({
          write(chunk) { if (chunk === 2) return Promise.reject(boom); },
          abort() { aborted++; },
        });
        const w = ws.getWriter();
        const results = Promise.all([1, 2, 3].map((n) => w.write(n).then(() => 'ok', (e) => e)));
        eq((await results).map((r) => r === boom ? 'boom' : r), ['ok', 'boom', 'boom'],
          'the failing write and the queued one reject with the sink error');
        is(await w.closed.catch((e) => e), boom, 'closed rejects');
        is(w.desiredSize, null, 'errored');
        is(aborted, 0, 'abort() not called on a sink error');

        const thrower = new WritableStream({ write() { throw boom; } }).getWriter();
        is(await thrower.write('x').catch((e) => e), boom, 'a throwing write() rejects the write');
        is(await thrower.closed.catch((e) => e), boom, 'errors the stream');
        is(await thrower.close().catch((e) => e.name), 'TypeError', 'close() after the error');
        "#,
    );
}

#[test]
fn abort_calls_the_sink_and_signals_the_controller() {
    check(
        r#"
        const reason = new Error('stop');
        let controller;
        const log = [];
        const ws = new WritableStream({
          start(c) { controller = c; },
          write() { return new Promise(() => {}); },
          abort(r) { log.push(r === reason ? 'abort(reason)' : 'abort(?)'); },
        });
        await tick();
        const signal = controller.signal;
        is(signal.aborted, false, 'not aborted yet');
        signal.addEventListener('abort', () => log.push('signal'));
        const w = ws.getWriter();
        const write = w.write('never finishes');
        const abort = w.abort(reason);
        is(signal.aborted, true, 'the signal aborts at once');
        is(signal.reason, reason, 'with the reason');
        eq(log, ['signal'], 'sink abort waits for the in-flight write');
        is(await stateOf(abort), 'pending', 'abort() pending');
        is(controller.signal, signal, 'one signal');

        // A signal read only after abort() shows the abort.
        let c2;
        const ws2 = new WritableStream({ start(c) { c2 = c; } });
        await ws2.abort('why');
        is(c2.signal.aborted, true, 'late signal aborted');
        is(c2.signal.reason, 'why', 'late signal reason');

        // controller.error()
        let c3;
        const ws3 = new WritableStream({ start(c) { c3 = c; } });
        const w3 = ws3.getWriter();
        c3.error(reason);
        is(await w3.closed.catch((e) => e), reason, 'controller.error() errors the stream');
        is(await w3.write(1).catch((e) => e), reason, 'writes reject');
        "#,
    );
}

#[test]
fn writes_past_the_buffer_cap_error_the_stream() {
    check_with_limit(
        1024,
        r#"
        let release;
        const ws = new WritableStream({ write() { return new Promise((r) => { release = r; }); } },
          { highWaterMark: Infinity });
        const w = ws.getWriter();
        await tick();
        const settled = (p) => p.then(() => 'ok', (e) => e);
        const p1 = settled(w.write(new Uint8Array(600))); // in flight
        const p2 = settled(w.write('x'.repeat(100))); // 200 bytes: 800 queued
        const p3 = settled(w.write(new Uint8Array(300))); // 1100 > 1024
        const closed = settled(w.closed);
        is(w.desiredSize, null, 'the stream is erroring');
        release();
        const err = await p3;
        is(err instanceof RangeError, true, 'a RangeError');
        is(err.message, 'WritableStream queue exceeds max_buffer_size_mb (0 MB)', 'message');
        is(await p1, 'ok', 'the in-flight write finishes');
        is(await p2, err, 'queued writes reject with it');
        is(await closed, err, 'the stream is errored with it');

        // Under the cap, chunks that drain free their bytes.
        const sink = new WritableStream({ write() {} }).getWriter();
        for (let i = 0; i < 10; i++) await sink.write(new Uint8Array(1000));
        await sink.close();
        "#,
    );
}

#[test]
fn inspect_shows_state() {
    let out = common::stdout(
        r#"
        const ws = new WritableStream();
        console.log(ws);
        const w = ws.getWriter();
        w.write('a');
        console.log(ws);
        await w.close();
        console.log(ws);
        const errored = new WritableStream({ start(c) { c.error(new Error('x')); } });
        await new Promise((r) => setTimeout(r, 0));
        console.log(errored);
        console.log(new CountQueuingStrategy({ highWaterMark: 3 }));
        console.log(new ByteLengthQueuingStrategy({ highWaterMark: 1024 }));
        const ts = new TransformStream();
        console.log(ts);
        "#,
    );
    assert_eq!(
        out,
        "WritableStream { locked: false, state: 'writable', desiredSize: 1 }\n\
         WritableStream { locked: true, state: 'writable', desiredSize: 0 }\n\
         WritableStream { locked: true, state: 'closed', desiredSize: 0 }\n\
         WritableStream { locked: false, state: 'errored', desiredSize: null }\n\
         CountQueuingStrategy { highWaterMark: 3 }\n\
         ByteLengthQueuingStrategy { highWaterMark: 1024 }\n\
         TransformStream {\n  \
           readable: ReadableStream { locked: false, state: 'readable', supportsBYOB: false },\n  \
           writable: WritableStream { locked: false, state: 'writable', desiredSize: 1 },\n  \
           backpressure: true\n\
         }\n"
    );
}

#[test]
fn queuing_strategies() {
    check(
        r#"
        const b = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
        is(b.highWaterMark, 16, 'hwm');
        is(b.size(new Uint8Array(5)), 5, 'byteLength');
        is(b.size, new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size, 'one size function');
        const c = new CountQueuingStrategy({ highWaterMark: '2' });
        is(c.highWaterMark, 2, 'converted hwm');
        is(c.size('anything'), 1, 'count');
        is(c.size.length, 0, 'count size length');
        is(b.size.length, 1, 'byte size length');
        let threw = false;
        try { new CountQueuingStrategy({}); } catch (e) { threw = e instanceof TypeError; }
        is(threw, true, 'highWaterMark is required');
        eq(Object.keys(CountQueuingStrategy.prototype), ['highWaterMark', 'size'], 'members');
        is(Object.prototype.toString.call(b), '[object ByteLengthQueuingStrategy]', 'tag');
        // The byte-length strategy counts bytes against the high-water mark.
        const w = new WritableStream({ write() { return new Promise(() => {}); } }, b).getWriter();
        w.write(new Uint8Array(10));
        is(w.desiredSize, 6, 'bytes counted');
        "#,
    );
}

/// A recording source of `n` numbered chunks and a recording sink.
const PIPE_PRELUDE: &str = r#"
function source(n, extra = {}) {
  let i = 0;
  const log = [];
  const rs = new ReadableStream({
    pull(c) { if (i < n) c.enqueue(i++); else c.close(); },
    cancel(r) { log.push(`cancel ${r && r.message ? r.message : r}`); },
    ...extra,
  });
  return { rs, log };
}
function sink(extra = {}) {
  const log = [];
  const ws = new WritableStream({
    write(c) { log.push(c); },
    close() { log.push('close'); },
    abort(r) { log.push(`abort ${r && r.message ? r.message : r}`); },
    ...extra,
  });
  return { ws, log };
}
"#;

#[test]
fn pipe_to_propagates_close_and_honours_prevent_close() {
    check(&format!(
        "{PIPE_PRELUDE}{}",
        r#"
        let s = source(3), d = sink();
        await s.rs.pipeTo(d.ws);
        eq(d.log, [0, 1, 2, 'close'], 'chunks then close');
        is(s.rs.locked || d.ws.locked, false, 'unlocked after');

        s = source(2); d = sink();
        await s.rs.pipeTo(d.ws, { preventClose: true });
        eq(d.log, [0, 1], 'no close');
        const w = d.ws.getWriter();
        await w.write('more');
        eq(d.log, [0, 1, 'more'], 'dest still writable');
        "#
    ));
}

#[test]
fn pipe_to_propagates_errors_both_ways() {
    check(&format!(
        "{PIPE_PRELUDE}{}",
        r#"
        const boom = new Error('boom');
        // Forward: an errored source aborts dest unless preventAbort.
        let d = sink();
        let rs = new ReadableStream({ start(c) { c.error(boom); } });
        is(await rs.pipeTo(d.ws).catch((e) => e), boom, 'rejects with the source error');
        eq(d.log, ['abort boom'], 'dest aborted');

        d = sink();
        rs = new ReadableStream({ start(c) { c.error(boom); } });
        is(await rs.pipeTo(d.ws, { preventAbort: true }).catch((e) => e), boom, 'rejects');
        eq(d.log, [], 'dest not aborted');
        await d.ws.getWriter().close();

        // Backward: a failing sink cancels the source unless preventCancel.
        let s = source(10);
        d = sink({ write(c) { if (c === 1) throw boom; } });
        is(await s.rs.pipeTo(d.ws).catch((e) => e), boom, 'rejects with the sink error');
        eq(s.log, ['cancel boom'], 'source canceled');

        s = source(10);
        d = sink({ write(c) { if (c === 1) throw boom; } });
        is(await s.rs.pipeTo(d.ws, { preventCancel: true }).catch((e) => e), boom, 'rejects');
        eq(s.log, [], 'source not canceled');
        is(s.rs.locked, false, 'source unlocked');
        const r = s.rs.getReader();
        is(typeof (await r.read()).value, 'number', 'source still readable');

        // A chunk read just after dest errored is dropped, not written to
        // the released writer.
        let wc, rc;
        const late = new ReadableStream({ start(c) { rc = c; } }, { highWaterMark: 0 });
        const ws = new WritableStream({ start(c) { wc = c; } });
        const p = late.pipeTo(ws, { preventCancel: true });
        await tick(); // the pipe waits in a read
        wc.error(boom);
        rc.enqueue('late');
        is(await p.catch((e) => e), boom, 'rejects with the dest error');
        is(late.locked || ws.locked, false, 'both unlocked');
        "#
    ));
}

#[test]
fn pipe_to_stops_on_abort_signal() {
    check(&format!(
        "{PIPE_PRELUDE}{}",
        r#"
        const why = new Error('why');
        // Already aborted: cancel and abort with the reason, nothing written.
        let s = source(5), d = sink();
        let p = s.rs.pipeTo(d.ws, { signal: AbortSignal.abort(why) });
        is(await p.catch((e) => e), why, 'rejects with the reason');
        eq(d.log, ['abort why'], 'dest aborted');
        eq(s.log, ['cancel why'], 'source canceled');

        // Aborted mid-pipe, with both prevents: streams stay usable.
        const ac = new AbortController();
        let pulls = 0;
        const rs = new ReadableStream({ pull(c) { c.enqueue(pulls++); } }, { highWaterMark: 0 });
        const written = [];
        const ws = new WritableStream({
          write(c) { written.push(c); if (written.length === 3) ac.abort(why); },
        });
        p = rs.pipeTo(ws, { signal: ac.signal, preventAbort: true, preventCancel: true });
        is(await p.catch((e) => e), why, 'rejects with the reason');
        eq(written, [0, 1, 2], 'stopped after the abort');
        is(rs.locked || ws.locked, false, 'both unlocked');
        await ws.getWriter().close();

        // Not a signal.
        s = source(1); d = sink();
        const err = await s.rs.pipeTo(d.ws, { signal: {} }).catch((e) => e);
        is(err instanceof TypeError, true, 'bad signal');
        is(s.rs.locked, false, 'not locked by a rejected pipeTo');
        "#
    ));
}

#[test]
fn pipe_does_not_rely_on_patchable_methods() {
    check(&format!(
        "{PIPE_PRELUDE}{}",
        r#"
        const s = source(3), d = sink();
        const saved = {};
        for (const [name, proto] of [['w', WritableStreamDefaultWriter.prototype],
                                     ['r', ReadableStreamDefaultReader.prototype]]) {
          for (const k of ['write', 'read', 'close', 'releaseLock', 'abort', 'cancel']) {
            if (k in proto) { saved[name + k] = proto[k]; proto[k] = () => { throw new Error(`patched ${k}`); }; }
          }
        }
        const then = Promise.prototype.then;
        Promise.prototype.then = function () { throw new Error('patched then'); };
        const p = s.rs.pipeTo(d.ws);
        Promise.prototype.then = then;
        let err;
        try { await p; } catch (e) { err = e; }
        is(err, undefined, 'pipe works');
        eq(d.log, [0, 1, 2, 'close'], 'all chunks');
        "#
    ));
}

#[test]
fn transform_stream_transforms_and_flushes() {
    check(
        r#"
        const ts = new TransformStream({
          transform(chunk, c) { c.enqueue(chunk * 2); c.enqueue(chunk * 2 + 1); },
          flush(c) { c.enqueue('end'); },
        });
        const w = ts.writable.getWriter();
        w.write(1);
        w.write(5);
        w.close();
        const out = [];
        for await (const v of ts.readable) out.push(v);
        eq(out, [2, 3, 10, 11, 'end'], 'transformed and flushed');

        // Default: identity, and an async transform delays the next one.
        const log = [];
        let release;
        const slow = new TransformStream({
          async transform(chunk, c) {
            log.push(`t ${chunk}`);
            if (chunk === 'a') await new Promise((r) => { release = r; });
            c.enqueue(chunk);
          },
        });
        const sw = slow.writable.getWriter();
        const reader = slow.readable.getReader();
        sw.write('a');
        sw.write('b');
        await tick();
        eq(log, [], 'no transform before a read (readable high-water mark 0)');
        const first = reader.read();
        await tick();
        eq(log, ['t a'], 'second transform waits');
        release();
        is((await first).value, 'a', 'first');
        is((await reader.read()).value, 'b', 'second');
        eq(log, ['t a', 't b'], 'in order');

        // terminate() closes the readable and errors the writable.
        const term = new TransformStream({ start(c) { c.terminate(); } });
        const tr = await term.readable.getReader().read();
        is(tr.done, true, 'readable closed');
        const te = await term.writable.getWriter().write(1).catch((e) => e);
        is(te instanceof TypeError, true, 'writable errored');
        "#,
    );
}

#[test]
fn transform_stream_cancel() {
    check(
        r#"
        const why = new Error('why');
        const log = [];
        let ts = new TransformStream({
          cancel(reason) { log.push(reason === why ? 'cancel(why)' : 'cancel(?)'); },
          flush() { log.push('flush'); },
        });
        const w = ts.writable.getWriter();
        await ts.readable.cancel(why);
        eq(log, ['cancel(why)'], 'transformer.cancel on readable.cancel');
        is(await w.closed.catch((e) => e), why, 'writable errored with the reason');

        // writable.abort() also calls cancel, once.
        log.length = 0;
        ts = new TransformStream({ cancel(r) { log.push(`cancel ${r}`); } });
        await ts.writable.abort('stop');
        const re = await ts.readable.getReader().read().catch((e) => e);
        is(re, 'stop', 'readable errored with the abort reason');
        eq(log, ['cancel stop'], 'one cancel call');

        // A rejecting cancel() rejects readable.cancel().
        ts = new TransformStream({ cancel() { throw why; } });
        is(await ts.readable.cancel('x').catch((e) => e), why, 'cancel() rejection');

        // After close, cancel is not called: flush ran instead.
        log.length = 0;
        ts = new TransformStream({ cancel() { log.push('cancel'); }, flush() { log.push('flush'); } });
        const reader = ts.readable.getReader();
        await ts.writable.getWriter().close();
        is((await reader.read()).done, true, 'closed');
        eq(log, ['flush'], 'flush only');
        "#,
    );
}

#[test]
fn pipe_through_a_transform_stream_with_backpressure() {
    check(
        r#"
        let i = 0;
        const rs = new ReadableStream({
          pull(c) { if (i < 100) c.enqueue(new Uint8Array(1000).fill(i++)); else c.close(); },
        });
        const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.length); } });
        let total = 0;
        let maxQueued = 0;
        let inFlight = 0;
        const ws = new WritableStream({
          async write(n) {
            inFlight++;
            maxQueued = Math.max(maxQueued, inFlight);
            total += n;
            await new Promise((r) => setTimeout(r, 0));
            inFlight--;
          },
        });
        await rs.pipeThrough(upper).pipeTo(ws);
        is(total, 100000, 'every byte');
        is(maxQueued, 1, 'one write at a time');
        is(i, 100, 'pulled all');
        "#,
    );
}

#[test]
fn interface_shape() {
    check(
        r#"
        eq(Object.keys(WritableStream.prototype), ['locked', 'abort', 'close', 'getWriter'], 'WritableStream');
        eq(Object.keys(WritableStreamDefaultWriter.prototype),
           ['closed', 'desiredSize', 'ready', 'abort', 'close', 'releaseLock', 'write'], 'writer');
        eq(Object.keys(WritableStreamDefaultController.prototype), ['signal', 'error'], 'controller');
        eq(Object.keys(TransformStream.prototype), ['readable', 'writable'], 'TransformStream');
        eq(Object.keys(TransformStreamDefaultController.prototype),
           ['desiredSize', 'enqueue', 'error', 'terminate'], 'TransformStreamDefaultController');
        is(WritableStreamDefaultWriter.prototype.write.length, 0, 'write length');
        is(WritableStreamDefaultWriter.length, 1, 'writer ctor length');
        let e;
        try { new WritableStreamDefaultController(); } catch (x) { e = x; }
        is(e instanceof TypeError, true, 'Illegal constructor');
        const r = await WritableStream.prototype.close.call({}).catch((x) => x);
        is(r instanceof TypeError, true, 'brand check rejects');
        is(Object.prototype.toString.call(new WritableStream()), '[object WritableStream]', 'tag');
        try { new WritableStream({ type: 'bytes' }); } catch (x) { e = x; }
        is(e instanceof RangeError, true, 'no sink types');
        "#,
    );
}

#[test]
fn backpressure_relief_for_slicing_transformers() {
    check(
        r#"
        const { transformStreamBackpressureRelief } = await import('nanojs:streams_transform');
        const seen = [];
        const ts = new TransformStream({
          async transform(chunk, c) {
            for (const part of chunk) {
              const relief = transformStreamBackpressureRelief(c);
              seen.push(relief === undefined ? 'free' : 'wait');
              if (relief !== undefined) await relief;
              c.enqueue(part);
            }
          },
        });
        const w = ts.writable.getWriter();
        const r = ts.readable.getReader();
        const read = r.read();
        w.write(['a', 'b', 'c']);
        is((await read).value, 'a', 'first slice');
        await tick();
        eq(seen, ['free', 'wait'], 'the second slice waits for the reader');
        is((await r.read()).value, 'b', 'second slice after a read');
        is((await r.read()).value, 'c', 'third slice');
        eq(seen, ['free', 'wait', 'wait'], 'each slice waits');
        "#,
    );
}
