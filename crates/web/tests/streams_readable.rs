//! ReadableStream and friends (WHATWG Streams): behaviour WPT does not cover
//! here: the queued-byte cap (`max_buffer_size_mb`), inspect output, tee
//! branches living independently, BYOB with autoAllocateChunkSize,
//! ReadableStream.from(async generator), and the Fetch helpers.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use nanojs_engine::{ConsoleLevel, ConsoleSink, Isolate, IsolateOptions};

#[derive(Default)]
struct Lines(RefCell<String>);

impl ConsoleSink for Lines {
    fn write(&self, _level: ConsoleLevel, text: &str) {
        let mut out = self.0.borrow_mut();
        out.push_str(text);
        out.push('\n');
    }
}

/// Runs `body` after the shared asserts, with the isolate's queued-byte cap
/// set to `limit` bytes; passes when it prints only "ok".
fn check_limited(limit: Option<usize>, body: &str) {
    let capture = Rc::new(Lines::default());
    let options = IsolateOptions {
        console: capture.clone(),
        ..Default::default()
    };
    let isolate = Isolate::new(options, nanojs_web::builtins()).expect("isolate");
    isolate.with(|ctx| nanojs_web::body_stream::set_max_queued_bytes(&ctx, limit));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let source = format!("{}\n{body}\nconsole.log('ok');", common::ASSERTS);
    let result = rt.block_on(isolate.run_module_source("file:///test/main.js", source));
    let out = capture.0.borrow().clone();
    if let Err(e) = result {
        panic!("JS failed:\n{e}\n--- output:\n{out}");
    }
    assert_eq!(out, "ok\n");
}

fn check(body: &str) {
    common::check_with("", body);
}

#[test]
fn buffer_cap_errors_a_default_stream() {
    check_limited(
        Some(1024 * 1024),
        r#"
        let controller;
        const rs = new ReadableStream({ start(c) { controller = c; } }, { highWaterMark: 100 });
        controller.enqueue(new Uint8Array(600 * 1024));
        controller.enqueue('x'.repeat(100 * 1024)); // 200 KiB as UTF-16
        let err;
        try { controller.enqueue(new ArrayBuffer(300 * 1024)); } catch (e) { err = e; }
        is(err instanceof RangeError, true, 'RangeError');
        is(err.message, 'ReadableStream queue exceeds max_buffer_size_mb (1 MB)', 'message');
        const reader = rs.getReader();
        const got = await reader.read().then(() => 'fulfilled', (e) => e);
        is(got, err, 'the stream is errored with that error');
        "#,
    );
}

#[test]
fn buffer_cap_counts_only_queued_bytes() {
    check_limited(
        Some(1024 * 1024),
        r#"
        // Chunks handed straight to a pending read are never queued.
        let controller;
        const rs = new ReadableStream({ start(c) { controller = c; } });
        const reader = rs.getReader();
        for (let i = 0; i < 4; i++) {
          const p = reader.read();
          controller.enqueue(new Uint8Array(768 * 1024));
          is((await p).value.length, 768 * 1024, `chunk ${i}`);
        }
        // Reading frees room in the queue.
        controller.enqueue(new Uint8Array(768 * 1024));
        await reader.read();
        controller.enqueue(new Uint8Array(768 * 1024));
        is(controller.desiredSize, 0, 'still readable');
        // Objects other than strings and buffers count as 0 bytes.
        controller.enqueue({ big: new Uint8Array(2 * 1024 * 1024) });
        "#,
    );
}

#[test]
fn buffer_cap_errors_a_byte_stream() {
    check_limited(
        Some(2 * 1024 * 1024),
        r#"
        let controller;
        const rs = new ReadableStream({ type: 'bytes', start(c) { controller = c; } });
        controller.enqueue(new Uint8Array(2 * 1024 * 1024));
        let err;
        try { controller.enqueue(new Uint8Array(1)); } catch (e) { err = e; }
        is(err && err.message, 'ReadableStream queue exceeds max_buffer_size_mb (2 MB)', 'message');
        is(await rs.getReader().closed.catch((e) => e), err, 'errored');
        "#,
    );
}

#[test]
fn no_cap_without_a_limit() {
    check_limited(
        None,
        r#"
        let controller;
        const rs = new ReadableStream({ start(c) { controller = c; } });
        for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(1024 * 1024));
        is(controller.desiredSize, -39, 'all queued');
        "#,
    );
}

#[test]
fn inspect_output() {
    let out = common::stdout(
        r#"
        console.log(new ReadableStream());
        const bytes = new ReadableStream({ type: 'bytes' });
        const reader = bytes.getReader({ mode: 'byob' });
        console.log(bytes);
        const closed = new ReadableStream({ start(c) { c.close(); } });
        console.log(closed);
        const errored = new ReadableStream({ start(c) { c.error(new Error('x')); } });
        errored.getReader().closed.catch(() => {});
        console.log(errored);
        console.log(new ReadableStream().getReader());
        console.log([new ReadableStream()]);
        console.log({ a: { b: { c: new ReadableStream() } } });
        console.log(Object.prototype.toString.call(reader));
        console.log(reader);
        "#,
    );
    assert_eq!(
        out,
        "ReadableStream { locked: false, state: 'readable', supportsBYOB: false }\n\
         ReadableStream { locked: true, state: 'readable', supportsBYOB: true }\n\
         ReadableStream { locked: false, state: 'closed', supportsBYOB: false }\n\
         ReadableStream { locked: true, state: 'errored', supportsBYOB: false }\n\
         ReadableStreamDefaultReader {\n  \
           stream: ReadableStream { locked: true, state: 'readable', supportsBYOB: false },\n  \
           readRequests: 0,\n  \
           close: Promise { <pending> }\n\
         }\n\
         [\n  \
           ReadableStream { locked: false, state: 'readable', supportsBYOB: false }\n\
         ]\n\
         { a: { b: { c: ReadableStream {} } } }\n\
         [object ReadableStreamBYOBReader]\n\
         ReadableStreamBYOBReader {\n  \
           stream: ReadableStream { locked: true, state: 'readable', supportsBYOB: true },\n  \
           readIntoRequests: 0,\n  \
           close: Promise { <pending> }\n\
         }\n"
    );
}

#[test]
fn tee_branch_survives_cancel_of_the_other() {
    check(
        r#"
        let cancelReason = null;
        let pulls = 0;
        const rs = new ReadableStream({
          pull(c) {
            pulls++;
            if (pulls <= 3) c.enqueue(pulls);
            else c.close();
          },
          cancel(reason) { cancelReason = reason; },
        });
        const [a, b] = rs.tee();
        let aCancelled = false;
        const aCancel = a.cancel('a gone').then(() => { aCancelled = true; });
        await Promise.resolve();
        is(aCancelled, false, 'a branch cancel waits for the other branch');
        const got = [];
        for await (const v of b) got.push(v);
        eq(got, [1, 2, 3], 'branch b reads everything');
        await aCancel;
        is(cancelReason, null, 'source never cancelled: it closed');

        // Both branches cancelled: the source sees both reasons.
        const rs2 = new ReadableStream({ cancel(reason) { cancelReason = reason; } });
        const [c, d] = rs2.tee();
        await Promise.all([c.cancel('one'), d.cancel('two')]);
        eq(cancelReason, ['one', 'two'], 'composite reason');
        "#,
    );
}

#[test]
fn byte_tee_branch_survives_cancel_of_the_other() {
    check(
        r#"
        let n = 0;
        const rs = new ReadableStream({
          type: 'bytes',
          pull(c) {
            n++;
            if (n <= 2) {
              c.enqueue(new Uint8Array([n, n]));
            } else {
              // A pending BYOB read is answered by respond(0) after close().
              c.close();
              if (c.byobRequest) c.byobRequest.respond(0);
            }
          },
        });
        const [a, b] = rs.tee();
        // A branch's cancel settles once the source is closed or cancelled.
        const aCancel = a.cancel();
        const reader = b.getReader({ mode: 'byob' });
        const first = await reader.read(new Uint8Array(4));
        eq(Array.from(first.value), [1, 1], 'first chunk');
        const second = await reader.read(new Uint8Array(4));
        eq(Array.from(second.value), [2, 2], 'second chunk');
        is((await reader.read(new Uint8Array(4))).done, true, 'done');
        await aCancel;
        "#,
    );
}

#[test]
fn auto_allocate_chunk_size() {
    check(
        r#"
        const views = [];
        let step = 0;
        const rs = new ReadableStream({
          type: 'bytes',
          autoAllocateChunkSize: 16,
          pull(c) {
            const request = c.byobRequest;
            views.push(request.view.byteLength);
            step++;
            if (step === 1) {
              request.view.set([1, 2, 3]);
              request.respond(3);
            } else if (step === 2) {
              // A chunk of its own is delivered as is.
              c.enqueue(new Uint8Array([9]));
            } else {
              c.close();
              request.respond(0);
            }
          },
        });
        const reader = rs.getReader();
        const r1 = await reader.read();
        is(r1.value.constructor, Uint8Array, 'a Uint8Array');
        eq(Array.from(r1.value), [1, 2, 3], 'filled bytes');
        is(r1.value.buffer.byteLength, 16, 'over the auto-allocated buffer');
        eq(Array.from((await reader.read()).value), [9], 'enqueued chunk');
        is((await reader.read()).done, true, 'closed');
        eq(views, [16, 16, 16], 'each pull saw a 16-byte view');

        // A BYOB reader's own view takes precedence over the auto-allocated one.
        const rs2 = new ReadableStream({
          type: 'bytes',
          autoAllocateChunkSize: 16,
          pull(c) {
            is(c.byobRequest.view.byteLength, 5, 'the reader view');
            c.byobRequest.view[0] = 42;
            c.byobRequest.respond(1);
          },
        });
        const r2 = await rs2.getReader({ mode: 'byob' }).read(new Uint8Array(5));
        eq(Array.from(r2.value), [42], 'BYOB read');
        let threw = '';
        try { new ReadableStream({ type: 'bytes', autoAllocateChunkSize: 0 }); } catch (e) { threw = e.name; }
        is(threw, 'TypeError', 'autoAllocateChunkSize 0');
        "#,
    );
}

#[test]
fn from_async_generator() {
    check(
        r#"
        async function* gen() {
          yield 'a';
          await null;
          yield 'b';
        }
        const got = [];
        for await (const v of ReadableStream.from(gen())) got.push(v);
        eq(got, ['a', 'b'], 'values');

        // Cancelling the stream returns the generator (its finally runs).
        let finalized = false;
        async function* endless() {
          try {
            for (let i = 0; ; i++) yield i;
          } finally {
            finalized = true;
          }
        }
        const reader = ReadableStream.from(endless()).getReader();
        is((await reader.read()).value, 0, 'first');
        await reader.cancel('stop');
        is(finalized, true, 'generator finalized');

        // Sync iterables, and promises inside them, work too.
        const fromSync = ReadableStream.from([1, Promise.resolve(2)]);
        const all = [];
        for await (const v of fromSync) all.push(v);
        eq(all, [1, 2], 'sync iterable');
        let threw = '';
        try { ReadableStream.from(5); } catch (e) { threw = e.name; }
        is(threw, 'TypeError', 'not iterable');
        "#,
    );
}

#[test]
fn async_iterator_prevent_cancel() {
    check(
        r#"
        let cancelled = false;
        const rs = new ReadableStream({
          start(c) { c.enqueue(1); c.enqueue(2); },
          cancel() { cancelled = true; },
        });
        for await (const v of rs.values({ preventCancel: true })) {
          is(v, 1, 'first');
          break;
        }
        is(cancelled, false, 'not cancelled');
        is(rs.locked, false, 'unlocked');
        for await (const v of rs) {
          is(v, 2, 'second');
          break;
        }
        is(cancelled, true, 'cancelled by break');
        "#,
    );
}

#[test]
fn fetch_helpers() {
    check(
        r#"
        const { readAllBytes } = await import('nanojs:streams_readable');
        const { readableStreamFromBytes } = await import('nanojs:streams_byte');

        const src = new Uint8Array([1, 2, 3, 4, 5]);
        const all = await readAllBytes(readableStreamFromBytes(src));
        eq(Array.from(all), [1, 2, 3, 4, 5], 'read all');
        is(src.length, 5, 'the source stays intact');

        // BYOB reads take the bytes piecewise.
        const reader = readableStreamFromBytes(src).getReader({ mode: 'byob' });
        eq(Array.from((await reader.read(new Uint8Array(2))).value), [1, 2], 'piece 1');
        eq(Array.from((await reader.read(new Uint8Array(2))).value), [3, 4], 'piece 2');
        eq(Array.from((await reader.read(new Uint8Array(2))).value), [5], 'piece 3');
        is((await reader.read(new Uint8Array(2))).done, true, 'done');

        const parts = new ReadableStream({
          start(c) { c.enqueue(new Uint8Array([1])); c.enqueue(new Uint8Array([2, 3])); c.close(); },
        });
        eq(Array.from(await readAllBytes(parts)), [1, 2, 3], 'concatenated');
        const bad = new ReadableStream({ start(c) { c.enqueue('text'); } });
        const err = await readAllBytes(bad).catch((e) => e);
        is(err instanceof TypeError, true, 'non-Uint8Array chunk');

        // "Error a ReadableStream" reaches default and byte controllers.
        const { readableStreamErrorStream } = await import('nanojs:streams_readable');
        const boom = new Error('boom');
        for (const init of [{}, { type: 'bytes' }]) {
          const rs = new ReadableStream(init);
          const reader = rs.getReader();
          const pending = reader.read().catch((e) => e);
          readableStreamErrorStream(rs, boom);
          is(await pending, boom, `pending read rejects (${init.type})`);
        }
        "#,
    );
}
