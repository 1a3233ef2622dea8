//! Request and Response bodies with streams (Fetch Standard §5.3 Body
//! mixin, "extract a body", clone), Blob.prototype.stream() (File API), and
//! the body side of the server and fetch bridges.

mod common;

/// Helpers for snippets, beside `common::ASSERTS`.
const PRELUDE: &str = r#"
// Name of what f throws, or "no throw".
function thrown(f) {
  try { f(); } catch (e) { return e.name; }
  return 'no throw';
}
// Name of the rejection of promise p, or "resolved".
async function rejection(p) {
  try { await p; } catch (e) { return e.name; }
  return 'resolved';
}
const enc = (s) => new TextEncoder().encode(s);
const dec = (u8) => new TextDecoder().decode(u8);
// A stream that gives each of `chunks` (strings are encoded) on a pull.
function streamOf(...chunks) {
  return new ReadableStream({
    pull(c) {
      if (chunks.length === 0) c.close();
      else { const v = chunks.shift(); c.enqueue(typeof v === 'string' ? enc(v) : v); }
    },
  });
}
// All chunks of a stream, as an array of Uint8Arrays.
async function chunksOf(stream) {
  const reader = stream.getReader();
  const out = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}
async function textOf(stream) {
  return (await chunksOf(stream)).map(dec).join('');
}
const POST = (body, extra) => ({ method: 'POST', body, duplex: 'half', ...extra });
"#;

fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn content_type_of_every_body_kind() {
    check(
        r#"
        const fd = new FormData();
        fd.append('a', '1');
        const kinds = [
          ['string', 'x', 'text/plain;charset=UTF-8'],
          ['URLSearchParams', new URLSearchParams('a=1'), 'application/x-www-form-urlencoded;charset=UTF-8'],
          ['Blob with a type', new Blob(['x'], { type: 'Text/HTML' }), 'text/html'],
          ['Blob without a type', new Blob(['x']), null],
          ['ArrayBuffer', new ArrayBuffer(2), null],
          ['Uint8Array', new Uint8Array(2), null],
          ['DataView', new DataView(new ArrayBuffer(2)), null],
          ['ReadableStream', () => streamOf('x'), null],
        ];
        for (const [what, v, want] of kinds) {
          const body = () => (typeof v === 'function' ? v() : v);
          is(new Response(body()).headers.get('content-type'), want, `Response, ${what}`);
          is(new Request('http://a/', POST(body())).headers.get('content-type'), want, `Request, ${what}`);
          is(new Response(body(), { headers: { 'content-type': 'a/b' } }).headers.get('content-type'),
            'a/b', `Response, ${what}, type given`);
        }
        const multipart = new Response(fd).headers.get('content-type');
        is(/^multipart\/form-data; boundary=\S+$/.test(multipart), true, `FormData: ${multipart}`);
        is(new Request('http://a/', POST(fd)).headers.get('content-type').startsWith('multipart/form-data; boundary='),
          true, 'Request, FormData');
        "#,
    );
}

#[test]
fn body_attribute() {
    check(
        r#"
        is(new Response().body, null, 'no body');
        is(new Response(null).body, null, 'null body');
        is(new Request('http://a/').body, null, 'GET request');
        is(Response.error().body, null, 'Response.error()');
        is(Response.redirect('http://a/').body, null, 'Response.redirect()');
        for (const [what, make, want] of [
          ['string', () => 'héllo', 'héllo'],
          ['bytes', () => enc('bytes'), 'bytes'],
          ['Blob', () => new Blob(['bl', 'ob']), 'blob'],
          ['URLSearchParams', () => new URLSearchParams('a=b c'), 'a=b+c'],
          ['json', null, '{"a":1}'],
        ]) {
          const r = make === null ? Response.json({ a: 1 }) : new Response(make());
          const b = r.body;
          is(b instanceof ReadableStream, true, `${what}: a ReadableStream`);
          is(r.body, b, `${what}: the same stream every time`);
          is(r.bodyUsed, false, `${what}: not used`);
          // A byte stream: BYOB readers work.
          const byob = b.getReader({ mode: 'byob' });
          byob.releaseLock();
          is(await textOf(b), want, `${what}: the stream's bytes`);
          is(r.bodyUsed, true, `${what}: used once read`);
          is(await rejection(r.text()), 'TypeError', `${what}: read again`);
        }
        // The bytes of a Uint8Array body are copied at construction.
        const bytes = enc('abc');
        const r = new Response(bytes);
        bytes[0] = 120;
        is(await textOf(r.body), 'abc', 'copied at construction');
        // A buffered body read first: its stream is disturbed and locked.
        const read = new Response('x');
        is(await read.text(), 'x', 'read');
        is(read.bodyUsed, true, 'used');
        is(read.body instanceof ReadableStream, true, 'a stream after the read');
        is(read.body.locked, true, 'locked after the read');
        is(read.bodyUsed, true, 'still used');
        // A stream body is the stream given.
        const s = streamOf('a');
        is(new Response(s).body, s, 'the stream itself');
        const d = Object.getOwnPropertyDescriptor(Response.prototype, 'body');
        is(typeof d.get === 'function' && d.set === undefined && d.enumerable && d.configurable, true, 'attribute');
        is(thrown(() => d.get.call(Object.create(Response.prototype))), 'TypeError', 'brand check');
        is(thrown(() => d.get.call(new Request('http://a/'))), 'TypeError', 'Request is not a Response');
        "#,
    );
}

#[test]
fn stream_bodies_read_by_every_reader() {
    check(
        r#"
        const read = async (method, ...chunks) => {
          const r = new Response(streamOf(...chunks), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
          return r[method]();
        };
        is(await read('text', 'hé', 'llo', new Uint8Array(0), '!'), 'héllo!', 'text');
        is(await read('text', new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), 'a', 'text drops a BOM');
        // A code point split across chunks.
        const e = enc('é');
        is(await read('text', e.subarray(0, 1), e.subarray(1)), 'é', 'text across chunks');
        eq(await read('json', '{"a":', '[1, 2]}'), { a: [1, 2] }, 'json');
        is(await rejection(read('json', '{')), 'SyntaxError', 'bad json');
        const ab = await read('arrayBuffer', 'ab', 'c');
        is(ab instanceof ArrayBuffer && ab.byteLength === 3 && dec(new Uint8Array(ab)) === 'abc', true, 'arrayBuffer');
        const u8 = await read('bytes', 'by', 'tes');
        is(u8 instanceof Uint8Array && dec(u8) === 'bytes', true, 'bytes');
        const blob = await read('blob', 'bl', 'ob');
        eq([blob.size, blob.type, await blob.text()], [4, 'application/x-www-form-urlencoded', 'blob'], 'blob');
        const fd = await read('formData', 'a=1&', 'b=2');
        eq([...fd], [['a', '1'], ['b', '2']], 'formData');
        // Multipart, through a stream.
        const form = new FormData();
        form.append('f', new Blob(['file data'], { type: 'text/plain' }), 'f.txt');
        form.append('g', 'v');
        const multi = new Response(form);
        const parsed = await new Response(multi.body, { headers: multi.headers }).formData();
        eq([parsed.get('g'), parsed.get('f').name, await parsed.get('f').text()], ['v', 'f.txt', 'file data'], 'multipart');
        // Requests read their stream bodies too.
        const req = new Request('http://a/', POST(streamOf('re', 'q')));
        is(req.bodyUsed, false, 'not used');
        const p = req.text();
        is(req.bodyUsed, true, 'used as soon as the read starts');
        is(await p, 'req', 'Request text');
        // Chunks must be Uint8Arrays.
        for (const bad of ['str', new ArrayBuffer(1), new Uint16Array(1), new DataView(new ArrayBuffer(1)), 1, null]) {
          const raw = new ReadableStream({ start(c) { c.enqueue(bad); c.close(); } });
          is(await rejection(new Response(raw).text()), 'TypeError', `chunk ${Object.prototype.toString.call(bad)}`);
          const raw2 = new ReadableStream({ start(c) { c.enqueue(enc('ok')); c.enqueue(bad); c.close(); } });
          is(await rejection(new Response(raw2).arrayBuffer()), 'TypeError', `second chunk ${Object.prototype.toString.call(bad)}`);
        }
        // An errored stream rejects with its error.
        const boom = new Error('boom');
        const errored = new Response(new ReadableStream({ pull(c) { c.error(boom); } }));
        let got = null;
        await errored.text().catch((e) => { got = e; });
        is(got, boom, 'the stream error');
        // An empty stream.
        is(await new Response(streamOf()).text(), '', 'empty stream');
        is((await new Response(streamOf()).arrayBuffer()).byteLength, 0, 'empty arrayBuffer');
        "#,
    );
}

#[test]
fn locked_and_disturbed_streams() {
    check(
        r#"
        const locked = streamOf('x');
        locked.getReader();
        is(thrown(() => new Response(locked)), 'TypeError', 'Response of a locked stream');
        is(thrown(() => new Request('http://a/', POST(locked))), 'TypeError', 'Request of a locked stream');
        const disturbed = streamOf('x');
        const reader = disturbed.getReader();
        await reader.read();
        reader.releaseLock();
        is(thrown(() => new Response(disturbed)), 'TypeError', 'Response of a disturbed stream');
        is(thrown(() => new Request('http://a/', POST(disturbed))), 'TypeError', 'Request of a disturbed stream');

        // A body whose stream was locked through `body`.
        for (const make of [() => new Response('x'), () => new Response(streamOf('x'))]) {
          const r = make();
          const rd = r.body.getReader();
          is(r.bodyUsed, false, 'locked is not used');
          for (const m of ['text', 'json', 'arrayBuffer', 'bytes', 'blob', 'formData']) {
            is(await rejection(r[m]()), 'TypeError', `${m} of a locked body`);
          }
          is(thrown(() => r.clone()), 'TypeError', 'clone of a locked body');
          rd.read();
          is(r.bodyUsed, true, 'used after read()');
          rd.releaseLock();
          is(await rejection(r.text()), 'TypeError', 'text of a disturbed body');
        }
        // A released, undisturbed body can be read.
        const released = new Response(streamOf('ok'));
        released.body.getReader().releaseLock();
        is(await released.text(), 'ok', 'released and read');
        // Cancelling disturbs.
        const cancelled = new Response('x');
        await cancelled.body.cancel();
        is(cancelled.bodyUsed, true, 'cancelled body is used');
        "#,
    );
}

#[test]
fn clone_tees_the_stream() {
    check(
        r#"
        const source = streamOf('a', 'b', 'c');
        const r = new Response(source, { status: 201 });
        const c = r.clone();
        is(r.body === source, false, 'the original gets a branch');
        is(c.body instanceof ReadableStream && c.body !== r.body, true, 'the clone gets the other');
        is(source.locked, true, 'the source is locked by the tee');
        is(await c.text(), 'abc', 'clone read first');
        is(r.bodyUsed, false, 'the original is independent');
        is(await r.text(), 'abc', 'original read after');
        // The branches' chunks are distinct objects (the clone's are copies).
        const chunk = enc('xy');
        const r2 = new Response(new ReadableStream({ start(ctl) { ctl.enqueue(chunk); ctl.close(); } }));
        const c2 = r2.clone();
        const [a] = await chunksOf(r2.body);
        const [b] = await chunksOf(c2.body);
        is(a !== b && dec(a) === 'xy' && dec(b) === 'xy', true, 'chunks cloned for the clone');
        // Cancelling one branch leaves the other readable.
        const r3 = new Response(streamOf('p', 'q'));
        const c3 = r3.clone();
        // (A branch's cancel settles once both branches cancel.)
        c3.body.cancel();
        is(await r3.text(), 'pq', 'after the clone cancelled');
        // A buffered body after `body` was read into a stream.
        const r4 = new Response('buffered');
        r4.body;
        const c4 = r4.clone();
        eq([await r4.text(), await c4.text()], ['buffered', 'buffered'], 'materialized body cloned');
        // Requests too.
        const q = new Request('http://a/', POST(streamOf('re', 'q')));
        const qc = q.clone();
        eq([await qc.text(), await q.text()], ['req', 'req'], 'Request clone');
        // A used body cannot be cloned.
        const used = new Response(streamOf('x'));
        await used.text();
        is(thrown(() => used.clone()), 'TypeError', 'clone of a used body');
        const usedReq = new Request('http://a/', POST('x'));
        await usedReq.text();
        is(thrown(() => usedReq.clone()), 'TypeError', 'clone of a used Request');
        "#,
    );
}

#[test]
fn request_stream_bodies() {
    check(
        r#"
        const u = 'http://a/';
        is(thrown(() => new Request(u, { method: 'POST', body: streamOf('x') })), 'TypeError', 'no duplex');
        is(thrown(() => new Request(u, { method: 'POST', body: streamOf('x'), duplex: undefined })), 'TypeError', 'duplex undefined');
        is(thrown(() => new Request(u, { method: 'POST', body: streamOf('x'), duplex: 'full' })), 'TypeError', 'duplex full');
        is(thrown(() => new Request(u, { method: 'POST', body: 'x', duplex: 'full' })), 'TypeError', 'duplex full, string');
        is(thrown(() => new Request(u, POST(streamOf('x'), { keepalive: true }))), 'TypeError', 'keepalive');
        is(thrown(() => new Request(u, POST(streamOf('x'), { mode: 'no-cors' }))), 'TypeError', 'no-cors');
        is(thrown(() => new Request(u, { method: 'GET', body: streamOf('x'), duplex: 'half' })), 'TypeError', 'GET');
        for (const body of ['x', enc('x'), new Blob(['x']), null]) {
          is(thrown(() => new Request(u, { method: 'POST', body })), 'no throw', `no duplex needed: ${body}`);
        }
        const s = streamOf('x');
        const req = new Request(u, POST(s));
        is(req.body, s, 'holds the stream');
        is(req.duplex, 'half', 'duplex');

        // A request from a request with a stream body: the body is proxied,
        // and the input is disturbed.
        const from = new Request(req);
        is(req.bodyUsed, true, 'input used');
        is(req.body, s, 'input body unchanged');
        is(from.body instanceof ReadableStream && from.body !== s, true, 'a new stream');
        is(await from.text(), 'x', 'through the proxy');
        is(thrown(() => new Request(req)), 'TypeError', 'a used input');
        is(thrown(() => new Request(new Request(u, POST(streamOf())), { mode: 'no-cors' })), 'TypeError', 'input stream, no-cors');

        // A buffered input body moves over; the input is used.
        const buffered = new Request(u, POST('moved'));
        const moved = new Request(buffered);
        eq([buffered.bodyUsed, await moved.text()], [true, 'moved'], 'buffered body moved');
        is(buffered.body.locked, true, 'the used input stream is locked');

        // A body given in init replaces the input's, which is used up.
        const replaced = new Request(u, POST(streamOf('old')));
        const original = replaced.body;
        const next = new Request(replaced, { body: 'new' });
        eq([replaced.bodyUsed, replaced.body === original, await next.text()], [true, true, 'new'], 'replaced');
        const replacedBuffered = new Request(u, POST('old'));
        const next2 = new Request(replacedBuffered, { body: 'new' });
        eq([replacedBuffered.bodyUsed, await next2.text()], [true, 'new'], 'replaced buffered');
        // A failed construction leaves the input alone.
        const kept = new Request(u, POST(streamOf('k')));
        is(thrown(() => new Request(kept, { method: 'GET' })), 'TypeError', 'GET from a body');
        eq([kept.bodyUsed, await kept.text()], [false, 'k'], 'input kept');
        "#,
    );
}

#[test]
fn response_stream_bodies() {
    check(
        r#"
        for (const status of [101, 103, 204, 205, 304]) {
          is(thrown(() => new Response(streamOf('x'), { status })), status === 101 || status === 103 ? 'RangeError' : 'TypeError',
            `stream body with ${status}`);
        }
        is(new Response(streamOf(), { status: 200 }).headers.has('content-type'), false, 'no content type');
        // A body stream that errors after the first chunk.
        const r = new Response(new ReadableStream({
          start(c) { c.enqueue(enc('a')); },
          pull(c) { c.error(new TypeError('late')); },
        }));
        is(await rejection(r.text()), 'TypeError', 'late error');
        // The body can be piped through a transform, and the result read.
        const up = new Response(streamOf('abc', 'def').pipeThrough(new TransformStream({
          transform(chunk, c) { c.enqueue(enc(dec(chunk).toUpperCase())); },
        })));
        is(await up.text(), 'ABCDEF', 'transformed');
        "#,
    );
}

#[test]
fn blob_stream() {
    check(
        r#"
        const d = Object.getOwnPropertyDescriptor(Blob.prototype, 'stream');
        is(typeof d.value === 'function' && d.enumerable && d.value.length === 0, true, 'operation');
        is(thrown(() => Blob.prototype.stream.call({})), 'TypeError', 'brand check');
        const big = new Uint8Array(200 * 1024);
        for (let i = 0; i < big.length; i++) big[i] = i % 251;
        const blob = new Blob([big, 'tail']);
        const stream = blob.stream();
        is(stream instanceof ReadableStream, true, 'a ReadableStream');
        const chunks = await chunksOf(stream);
        is(chunks.every((c) => c instanceof Uint8Array && c.byteLength <= 65536 && c.byteLength > 0), true,
          `chunks of at most 64 KiB: ${chunks.map((c) => c.byteLength)}`);
        is(chunks.length >= 4, true, 'several chunks');
        const all = new Uint8Array(await new Blob(chunks).arrayBuffer());
        is(all.length, big.length + 4, 'all the bytes');
        let same = true;
        for (let i = 0; i < big.length; i++) if (all[i] !== big[i]) same = false;
        is(same && dec(all.subarray(big.length)) === 'tail', true, 'the same bytes');
        // Each stream is new, and reading it leaves the blob intact.
        is(blob.stream() !== blob.stream(), true, 'a new stream per call');
        is((await blob.arrayBuffer()).byteLength, big.length + 4, 'blob intact');
        // Chunks are copies: changing one changes neither the blob nor other streams.
        const small = new Blob(['abc']);
        const [c1] = await chunksOf(small.stream());
        c1[0] = 0;
        is(await small.text(), 'abc', 'chunk is a copy');
        eq(await chunksOf(new Blob().stream()), [], 'empty blob');
        // A byte stream: BYOB reads.
        const byob = new Blob(['hello']).stream().getReader({ mode: 'byob' });
        const { value, done } = await byob.read(new Uint8Array(2));
        eq([dec(value), done], ['he', false], 'BYOB read');
        // Slices stream their own bytes.
        is(await textOf(new Blob(['0123456789']).slice(2, 5).stream()), '234', 'slice');
        // A blob stream works as a body.
        is(await new Response(new Blob(['via']).stream()).text(), 'via', 'as a body');
        "#,
    );
}

#[test]
fn server_and_fetch_bridges() {
    check(
        r#"
        import { newIncomingRequest, takeRequestForFetch } from 'nanojs:request';
        import { takeResponseParts, newNetworkResponse } from 'nanojs:response';
        // Incoming request bodies: bytes, an ArrayBuffer or a stream.
        const s = streamOf('str', 'eam');
        const req = newIncomingRequest('POST', 'http://a/', ['content-type', 'text/plain'], s, undefined);
        is(req.body, s, 'stream body kept');
        is(await req.text(), 'stream', 'stream body read');
        const bytes = newIncomingRequest('POST', 'http://a/', [], enc('bytes'), undefined);
        is(await bytes.text(), 'bytes', 'Uint8Array body');
        const ab = newIncomingRequest('POST', 'http://a/', [], enc('ab').buffer, undefined);
        is(await textOf(ab.body), 'ab', 'ArrayBuffer body as a stream');

        // Response parts: a stream body is handed over as is.
        const rs = streamOf('x');
        const parts = takeResponseParts(new Response(rs, { headers: { a: 'b' } }));
        eq([parts[0], parts[2]], [200, ['a', 'b']], 'status and headers');
        is(parts[3], rs, 'the stream');
        const materialized = new Response('m');
        const ms = materialized.body;
        is(takeResponseParts(materialized)[3], ms, 'a body read as a stream stays one');
        const locked = new Response(streamOf('x'));
        locked.body.getReader();
        is(thrown(() => takeResponseParts(locked)), 'TypeError', 'a locked body');
        eq(Array.from(takeResponseParts(new Response(new Blob(['bl'])))[3]), [98, 108], 'Blob body as bytes');
        is(takeResponseParts(new Response('s'))[3], 's', 'string body');

        // fetch's side of a Request.
        const ac = new AbortController();
        const out = new Request('http://a/p', { method: 'POST', body: 'hi', signal: ac.signal, redirect: 'manual' });
        const taken = takeRequestForFetch(out);
        eq([taken.method, taken.url, taken.headers, taken.body, taken.redirect],
          ['POST', 'http://a/p', ['content-type', 'text/plain;charset=UTF-8'], 'hi', 'manual'], 'request parts');
        is(taken.signal, out.signal, 'the signal');
        is(out.bodyUsed, true, 'buffered body used');
        is(thrown(() => takeRequestForFetch(out)), 'TypeError', 'used twice');
        const streamed = new Request('http://a/', POST(streamOf('z')));
        const st = takeRequestForFetch(streamed);
        is(st.body, streamed.body, 'stream body');
        is(await textOf(st.body), 'z', 'stream readable by fetch');
        is(streamed.bodyUsed, true, 'disturbed by the read');
        is(takeRequestForFetch(new Request('http://a/')).body, null, 'no body');

        // fetch's responses.
        const net = newNetworkResponse(200, 'OK', ['content-type', 'text/plain', 'x-a', '1'], streamOf('net'), 'http://a/x', true);
        eq([net.status, net.statusText, net.type, net.url, net.redirected, net.ok], [200, 'OK', 'basic', 'http://a/x', true, true], 'attributes');
        is(net.headers.get('x-a'), '1', 'headers');
        is(thrown(() => net.headers.set('x-a', '2')), 'TypeError', 'immutable headers');
        const nc = net.clone();
        eq([await net.text(), await nc.text(), nc.type], ['net', 'net', 'basic'], 'clone of a network response');
        const empty = newNetworkResponse(204, '', [], null, 'http://a/', false);
        eq([empty.body, await empty.text()], [null, ''], 'null body');
        "#,
    );
}

#[test]
fn inspect_output() {
    let out = common::stdout(
        r#"
        const r = new Response(new ReadableStream());
        console.log(r);
        console.log(new Response(null, { status: 204 }));
        "#,
    );
    assert_eq!(
        out,
        "Response {\n  status: 200,\n  statusText: '',\n  headers: Headers {},\n  \
         body: ReadableStream { locked: false, state: 'readable', supportsBYOB: false },\n  \
         bodyUsed: false,\n  ok: true,\n  redirected: false,\n  type: 'default',\n  url: ''\n}\n\
         Response {\n  status: 204,\n  statusText: '',\n  headers: Headers {},\n  body: null,\n  \
         bodyUsed: false,\n  ok: true,\n  redirected: false,\n  type: 'default',\n  url: ''\n}\n"
    );
}
