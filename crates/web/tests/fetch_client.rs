//! fetch() against a local HTTP server (tests/fetch_support): concurrency,
//! the event loop, big and streamed bodies, redirects, abort, content
//! decoding, data: URLs and the outbound policy.

mod common;
mod fetch_support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use nanojs_engine::rquickjs::Ctx;
use nanojs_engine::{ConsoleLevel, ConsoleSink, Isolate, IsolateOptions};
use nanojs_web::fetch::{request_tracker, set_outbound_policy, OutboundPolicy};

#[derive(Default)]
struct Capture(RefCell<String>);

impl ConsoleSink for Capture {
    fn write(&self, _level: ConsoleLevel, text: &str) {
        let mut out = self.0.borrow_mut();
        out.push_str(text);
        out.push('\n');
    }
}

const PRELUDE: &str = r#"
// The error `p` rejects with, or null.
async function rejection(p) {
  try { await p; } catch (e) { return e; }
  return null;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// How many of the server's responses were cut off by a dropped connection.
async function dropped() {
  return Number(await (await fetch(BASE + '/stats')).text());
}
async function waitDropped(n) {
  for (let i = 0; i < 200; i++) {
    if (await dropped() >= n) return true;
    await sleep(10);
  }
  return false;
}
// The server's text(n).
function text(n) {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `line ${i}\n`;
  return s.slice(0, n);
}
function checkPattern(u8, n, what) {
  is(u8.length, n, `${what} length`);
  for (let i = 0; i < n; i += 4099) if (u8[i] !== i % 251) throw new Error(`${what}: byte ${i}`);
  is(u8[n - 1], (n - 1) % 251, `${what} last byte`);
}
function matches(actual, re, what) {
  if (!re.test(actual)) throw new Error(`${what}: ${JSON.stringify(actual)} does not match ${re}`);
}
"#;

/// Runs `body` against a fresh server in an isolate with `policy` (set up
/// by `setup`, which may also count requests in flight); passes when the
/// snippet runs to the end.
fn run_with(policy: Option<OutboundPolicy>, setup: impl FnOnce(&Ctx<'_>), body: &str) {
    let server = fetch_support::start();
    let port = server.port;
    let capture = Rc::new(Capture::default());
    let options = IsolateOptions {
        console: capture.clone(),
        ..Default::default()
    };
    let isolate = Isolate::new(options, nanojs_web::builtins()).expect("isolate");
    isolate.with(|ctx| {
        set_outbound_policy(&ctx, policy);
        setup(&ctx);
    });
    let source = format!(
        "{}\nconst PORT = {port};\nconst BASE = 'http://127.0.0.1:{port}';\n{PRELUDE}\n{body}\nconsole.log('ok');",
        common::ASSERTS
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let result = rt.block_on(async {
        tokio::time::timeout(
            Duration::from_secs(60),
            isolate.run_module_source("file:///test/main.js", source),
        )
        .await
    });
    let out = capture.0.borrow().clone();
    match result {
        Err(_) => panic!("timed out; output:\n{out}"),
        Ok(Err(e)) => panic!("JS failed:\n{e}\n--- output:\n{out}"),
        Ok(Ok(())) => assert_eq!(out, "ok\n"),
    }
}

fn check(body: &str) {
    run_with(None, |_| {}, body);
}

/// A policy that allows only 127.0.0.1 (the test server) among the
/// non-public addresses.
fn local_only() -> OutboundPolicy {
    OutboundPolicy {
        allow_hosts: vec!["127.0.0.1".into()],
        ..Default::default()
    }
}

#[test]
fn get_and_response_shape() {
    check(
        r#"
        is(typeof fetch, 'function', 'fetch');
        is(fetch.length, 1, 'fetch.length');
        const r = await fetch(BASE + '/text');
        is(r instanceof Response, true, 'a Response');
        eq([r.status, r.statusText, r.ok, r.type, r.redirected], [200, 'OK', true, 'basic', false], 'status');
        is(r.url, BASE + '/text', 'url');
        is(r.headers.get('content-length'), '5', 'content-length header');
        is(r.body instanceof ReadableStream, true, 'body is a stream');
        is(await r.text(), 'hello', 'text');
        is(r.bodyUsed, true, 'bodyUsed');
        // The fragment is not sent and not in the response URL.
        is((await fetch(BASE + '/text#frag')).url, BASE + '/text', 'no fragment');
        // A Request as input.
        const viaRequest = await fetch(new Request(BASE + '/echo', { method: 'PUT', body: 'abc' }));
        eq([viaRequest.headers.get('x-method'), await viaRequest.text()], ['PUT', 'abc'], 'Request input');
        // (Port 39 is privileged, unassigned and not a "bad port": nothing listens there.)
        const e = await rejection(fetch('http://127.0.0.1:39/'));
        is(e instanceof TypeError, true, 'connection refused is a TypeError');
        matches(e.message, /fetch to http:\/\/127\.0\.0\.1:39\/ failed: .*refused/i, 'refused message');
        is((await rejection(fetch('ftp://example.com/'))).name, 'TypeError', 'ftp');
        is((await rejection(fetch('about:blank'))).name, 'TypeError', 'about:');
        is((await rejection(fetch('not a url'))).name, 'TypeError', 'bad URL');
        const head = await fetch(BASE + '/text', { method: 'HEAD' });
        is(head.body, null, 'HEAD has a null body');
        "#,
    );
}

#[test]
fn request_headers() {
    check(
        r#"
        const h = await (await fetch(BASE + '/headers', { headers: { 'x-custom': 'yes' } })).json();
        is(h.accept, '*/*', 'accept');
        matches(h['user-agent'], /^nanojs\/\d/, 'user-agent');
        is(h['accept-encoding'], 'gzip, deflate, br', 'accept-encoding');
        is(h['x-custom'], 'yes', 'custom header');
        is(h.host, `127.0.0.1:${PORT}`, 'host');
        const own = await (await fetch(BASE + '/headers', { headers: { accept: 'text/html', 'user-agent': 'me' } })).json();
        eq([own.accept, own['user-agent']], ['text/html', 'me'], 'given headers win');
        const post = await fetch(BASE + '/echo', { method: 'POST' });
        is(post.headers.get('x-content-length'), '0', 'POST without a body: Content-Length 0');
        const sized = await fetch(BASE + '/echo', { method: 'POST', body: 'héllo' });
        is(sized.headers.get('x-content-length'), '6', 'Content-Length of a UTF-8 string');
        is(await sized.text(), 'héllo', 'string body');
        const blob = await fetch(BASE + '/echo', { method: 'POST', body: new Blob(['a', new Uint8Array([98, 99])]) });
        is(await blob.text(), 'abc', 'Blob body');
        "#,
    );
}

#[test]
fn concurrent_fetches_resolve_independently() {
    check(
        r#"
        const order = [];
        const delays = [400, 20, 250, 120, 320, 60];
        const all = [];
        for (let round = 0; round < 4; round++) {
          for (const ms of delays) {
            all.push(fetch(`${BASE}/slow?ms=${ms}`).then(async (r) => {
              is(await r.text(), `slow ${ms}`, 'body');
              if (round === 0) order.push(ms);
            }));
          }
        }
        const start = Date.now();
        await Promise.all(all);
        const took = Date.now() - start;
        eq(order, [...delays].sort((a, b) => a - b), 'completion order follows the delays');
        // 24 fetches, 2.5 s of delays in total: they ran at the same time.
        if (took > 1500) throw new Error(`took ${took} ms`);
        "#,
    );
}

#[test]
fn connections_are_pooled() {
    check(
        r#"
        const conns = async () => Number(await (await fetch(BASE + '/conns')).text());
        const first = await conns();
        for (let i = 0; i < 5; i++) await (await fetch(BASE + '/text')).text();
        is(await conns(), first, 'sequential fetches reuse one connection');
        "#,
    );
}

#[test]
fn timers_fire_during_a_fetch() {
    check(
        r#"
        const events = [];
        setTimeout(() => events.push('timer'), 30);
        const ticks = setInterval(() => events.push('tick'), 50);
        const r = await fetch(BASE + '/slow?ms=300');
        events.push('response');
        clearInterval(ticks);
        is(events[0], 'timer', 'the timer fired first');
        is(events.filter((e) => e === 'tick').length >= 3, true, `intervals ran: ${events}`);
        is(events[events.length - 1], 'response', 'then the response');
        await r.text();
        "#,
    );
}

#[test]
fn ten_megabyte_bodies_both_ways() {
    check(
        r#"
        const n = 10 * 1024 * 1024;
        const up = new Uint8Array(n);
        for (let i = 0; i < n; i++) up[i] = i % 251;
        const r = await fetch(BASE + '/echo', { method: 'POST', body: up });
        is(r.headers.get('x-content-length'), String(n), 'sent with Content-Length');
        checkPattern(new Uint8Array(await r.arrayBuffer()), n, 'echoed');
        const down = await fetch(`${BASE}/big?n=${n}`);
        checkPattern(await down.bytes(), n, 'downloaded');
        // Read as a stream, chunk by chunk.
        const reader = (await fetch(`${BASE}/big?n=${n}`)).body.getReader();
        let total = 0, chunks = 0;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          total += value.length;
          chunks++;
        }
        is(total, n, 'streamed total');
        is(chunks > 1, true, 'in several chunks');
        "#,
    );
}

#[test]
fn streaming_upload() {
    check(
        r#"
        let pulls = 0;
        const body = new ReadableStream({
          async pull(c) {
            await sleep(5);
            if (pulls === 5) return c.close();
            c.enqueue(new TextEncoder().encode(`part${pulls++};`));
          },
        });
        const request = new Request(BASE + '/echo', { method: 'POST', body, duplex: 'half' });
        const r = await fetch(request);
        is(r.headers.get('x-transfer-encoding'), 'chunked', 'chunked');
        is(await r.text(), 'part0;part1;part2;part3;part4;', 'echoed');
        is(request.bodyUsed, true, 'the body stream was read');
        // A stream that errors fails the fetch.
        const bad = new ReadableStream({ pull(c) { c.error(new Error('boom')); } });
        const e = await rejection(fetch(BASE + '/echo', { method: 'POST', body: bad, duplex: 'half' }));
        is(e instanceof TypeError, true, `an erroring upload: ${e}`);
        // A big streamed upload (4 MB in 64 KB chunks).
        let sent = 0;
        const big = new ReadableStream({
          pull(c) {
            if (sent === 64) return c.close();
            const chunk = new Uint8Array(65536);
            chunk.fill(sent++ % 256);
            c.enqueue(chunk);
          },
        });
        const echoed = await (await fetch(BASE + '/echo', { method: 'POST', body: big, duplex: 'half' })).bytes();
        is(echoed.length, 64 * 65536, 'big upload length');
        is(echoed[63 * 65536], 63, 'big upload content');
        "#,
    );
}

#[test]
fn redirects_follow() {
    check(
        r#"
        const to = (status, extra = '') => `${BASE}/redirect?n=0&status=${status}${extra}`;
        for (const status of [301, 302]) {
          const r = await fetch(to(status), { method: 'POST', body: 'data', headers: { 'content-type': 'text/plain' } });
          eq([r.status, r.redirected, r.url], [200, true, BASE + '/echo'], `${status} followed`);
          eq([r.headers.get('x-method'), await r.text()], ['GET', ''], `${status}: POST becomes GET without a body`);
          const put = await fetch(to(status), { method: 'PUT', body: 'data' });
          eq([put.headers.get('x-method'), await put.text()], ['PUT', 'data'], `${status}: PUT stays`);
        }
        const r303 = await fetch(to(303), { method: 'PUT', body: 'data' });
        eq([r303.headers.get('x-method'), await r303.text()], ['GET', ''], '303: GET');
        const head303 = await fetch(to(303), { method: 'HEAD' });
        is(head303.status, 200, '303 HEAD');
        for (const status of [307, 308]) {
          const r = await fetch(to(status), { method: 'POST', body: 'data' });
          eq([r.headers.get('x-method'), await r.text()], ['POST', 'data'], `${status} keeps method and body`);
        }
        const ct = await fetch(`${BASE}/redirect?n=0&status=303&to=%2Fheaders`, {
          method: 'POST', body: 'x', headers: { 'content-type': 'text/plain', 'content-language': 'en' },
        });
        const seen = await ct.json();
        eq([seen['content-type'], seen['content-language']], [undefined, undefined], 'body headers dropped');
        // 20 redirects are followed; the 21st is an error.
        const twenty = await fetch(`${BASE}/redirect?n=19`);
        eq([twenty.status, twenty.redirected], [200, true], '20 redirects');
        await twenty.text();
        const e = await rejection(fetch(`${BASE}/redirect?n=20`));
        is(e instanceof TypeError, true, '21 redirects');
        matches(e.message, /too many redirects/, 'message');
        // A location that is not HTTP(S).
        const data = await rejection(fetch(`${BASE}/redirect?n=0&to=${encodeURIComponent('data:,x')}`));
        is(data instanceof TypeError, true, 'redirect to data:');
        // Location bytes outside ASCII are percent-encoded, not decoded.
        is((await fetch(BASE + '/rawloc')).url, BASE + '/echo?%FF%E2%98%83', 'raw Location bytes');
        // Relative location with no fragment keeps the request's fragment.
        const frag = await fetch(`${BASE}/redirect?n=1#keep`);
        is(frag.url, BASE + '/echo', 'response URL has no fragment');
        "#,
    );
}

#[test]
fn redirect_modes_error_and_manual() {
    check(
        r#"
        const e = await rejection(fetch(`${BASE}/redirect?n=0`, { redirect: 'error' }));
        is(e instanceof TypeError, true, 'error mode');
        matches(e.message, /redirect mode is "error"/, 'message');
        const m = await fetch(`${BASE}/redirect?n=0&status=301`, { redirect: 'manual' });
        eq([m.status, m.redirected, m.url, m.headers.get('location')], [301, false, `${BASE}/redirect?n=0&status=301`, '/echo'], 'manual');
        is(await m.text(), 'redirecting', 'manual body');
        // A stream body cannot be sent again for 307/308 ...
        const stream = () => new ReadableStream({ start(c) { c.enqueue(new Uint8Array([65])); c.close(); } });
        const s = await rejection(fetch(`${BASE}/redirect?n=0&status=307`, { method: 'POST', body: stream(), duplex: 'half' }));
        is(s instanceof TypeError, true, '307 with a stream body');
        // ... but 303 drops it.
        const ok = await fetch(`${BASE}/redirect?n=0&status=303`, { method: 'POST', body: stream(), duplex: 'half' });
        is(ok.headers.get('x-method'), 'GET', '303 with a stream body');
        "#,
    );
}

#[test]
fn cross_origin_redirect_drops_credentials() {
    check(
        r#"
        const headers = { authorization: 'Bearer x', cookie: 'a=b', 'x-other': '1' };
        const same = await (await fetch(`${BASE}/redirect?n=0&to=%2Fheaders`, { headers })).json();
        eq([same.authorization, same.cookie, same['x-other']], ['Bearer x', 'a=b', '1'], 'same origin keeps them');
        const other = `http://localhost:${PORT}/headers`;
        const cross = await (await fetch(`${BASE}/redirect?n=0&to=${encodeURIComponent(other)}`, { headers })).json();
        eq([cross.authorization, cross.cookie, cross['x-other']], [undefined, undefined, '1'], 'another origin does not get them');
        "#,
    );
}

#[test]
fn abort_before_and_while_waiting() {
    check(
        r#"
        const c = new AbortController();
        c.abort();
        const e = await rejection(fetch(BASE + '/text', { signal: c.signal }));
        is(e instanceof DOMException && e.name === 'AbortError', true, 'already aborted');
        is(e, c.signal.reason, 'rejects with the reason');
        const reason = new Error('mine');
        const e2 = await rejection(fetch(BASE + '/text', { signal: AbortSignal.abort(reason) }));
        is(e2, reason, 'a custom reason');
        // While waiting for the response: the connection is dropped.
        const before = await dropped();
        const c3 = new AbortController();
        const p = fetch(BASE + '/hang', { signal: c3.signal });
        await sleep(50);
        c3.abort();
        const e3 = await rejection(p);
        is(e3.name, 'AbortError', 'aborted while waiting');
        is(await waitDropped(before + 1), true, 'the server saw the connection close');
        // An upload stream is cancelled with the reason.
        let cancelled = null;
        const upload = new ReadableStream({
          pull(c) { c.enqueue(new Uint8Array(16)); return sleep(20); },
          cancel(r) { cancelled = r; },
        });
        const c5 = new AbortController();
        const p5 = fetch(BASE + '/hang', { method: 'POST', body: upload, duplex: 'half', signal: c5.signal });
        await sleep(50);
        c5.abort();
        await rejection(p5);
        is(cancelled, c5.signal.reason, 'the upload stream was cancelled with the reason');
        // A timeout signal.
        const e4 = await rejection(fetch(BASE + '/hang', { signal: AbortSignal.timeout(30) }));
        is(e4.name, 'TimeoutError', 'AbortSignal.timeout');
        "#,
    );
}

#[test]
fn abort_during_the_body() {
    check(
        r#"
        const before = await dropped();
        const c = new AbortController();
        const r = await fetch(BASE + '/stall', { signal: c.signal });
        const reader = r.body.getReader();
        const first = await reader.read();
        is(new TextDecoder().decode(first.value), 'partial', 'first chunk');
        const pending = reader.read();
        c.abort();
        const e = await rejection(pending);
        is(e && e.name, 'AbortError', 'the pending read rejects');
        is((await rejection(reader.read())).name, 'AbortError', 'later reads too');
        is(await waitDropped(before + 1), true, 'the server saw the connection close');
        // Aborting after the body was read changes nothing.
        const c2 = new AbortController();
        const done = await fetch(BASE + '/text', { signal: c2.signal });
        is(await done.text(), 'hello', 'read');
        c2.abort();
        // Cancelling the body drops the connection too.
        const r3 = await fetch(BASE + '/stall');
        await r3.body.cancel();
        is(await waitDropped(before + 2), true, 'cancel drops the connection');
        "#,
    );
}

#[test]
fn content_decoding() {
    check(
        r#"
        for (const enc of ['gzip', 'x-gzip', 'deflate', 'deflate-raw', 'br', 'gzip,br']) {
          for (const [n, piece] of [[1000, 1], [0, 7], [300000, 1000], [2000000, 65536]]) {
            const r = await fetch(`${BASE}/coded?enc=${enc}&n=${n}&piece=${piece}`);
            const got = await r.text();
            if (got !== text(n)) throw new Error(`${enc} n=${n} piece=${piece}: got ${got.length} chars`);
          }
        }
        const r = await fetch(`${BASE}/coded?enc=gzip&n=10`);
        is(r.headers.get('content-encoding'), 'gzip', 'the header stays');
        await r.text();
        const bad = await fetch(`${BASE}/coded?enc=bad-gzip&n=5000`);
        const e = await rejection(bad.text());
        is(e instanceof TypeError, true, `corrupt data: ${e}`);
        matches(e.message, /gzip/, 'message names the coding');
        "#,
    );
}

#[test]
fn bad_ports_are_refused() {
    check(
        r#"
        for (const port of [1, 25, 6667, 10080]) {
          const e = await rejection(fetch(`http://example.com:${port}/`));
          is(e instanceof TypeError, true, `port ${port}: ${e}`);
          matches(e.message, new RegExp(`port ${port} is blocked`), 'message');
        }
        "#,
    );
}

#[test]
fn data_urls() {
    check(
        r#"
        const r = await fetch('data:text/html;charset=utf-8;base64,PGI+aGk8L2I+');
        eq([r.status, r.statusText, r.url, r.redirected], [200, 'OK', 'data:text/html;charset=utf-8;base64,PGI+aGk8L2I+', false], 'response');
        is(r.headers.get('content-type'), 'text/html;charset=utf-8', 'type');
        is(await r.text(), '<b>hi</b>', 'base64 body');
        const p = await fetch('data:,a%20b%2Cc');
        eq([p.headers.get('content-type'), await p.text()], ['text/plain;charset=US-ASCII', 'a b,c'], 'percent-encoded');
        const b = await (await fetch('data:application/octet-stream;base64,AAEC/w==')).bytes();
        eq([...b], [0, 1, 2, 255], 'bytes');
        is((await rejection(fetch('data:;base64,%%%'))).name, 'TypeError', 'bad base64');
        is((await fetch('data:,abc', { method: 'HEAD' })).body, null, 'HEAD: a null body');
        is((await rejection(fetch('data:text/plain'))).name, 'TypeError', 'no comma');
        "#,
    );
}

#[test]
fn policy_refuses_non_public_addresses() {
    let refuse_all = OutboundPolicy::default();
    run_with(
        Some(refuse_all),
        |_| {},
        r#"
        async function refusal(url) {
          const e = await rejection(fetch(url));
          if (!(e instanceof TypeError)) throw new Error(`${url}: ${e}`);
          return e.message;
        }
        is(await refusal(`${BASE}/text`),
          `fetch to ${BASE}/text refused: 127.0.0.1 is a loopback address (add "127.0.0.1" to the app's outbound_allow in nano.json to allow it)`,
          'loopback');
        matches(await refusal(`http://localhost:${PORT}/text`),
          /^fetch to http:\/\/localhost:\d+\/text refused: localhost resolved to a loopback address \(add "localhost" to/,
          'a name that resolves to loopback');
        matches(await refusal('http://10.0.0.5/'), /10\.0\.0\.5 is a private address \(add "10\.0\.0\.5"/, 'private');
        matches(await refusal('http://192.168.1.1/'), /is a private address/, '192.168');
        matches(await refusal('http://169.254.169.254/latest/meta-data'), /is a link-local address/, 'link-local');
        matches(await refusal('http://100.64.1.1/'), /carrier-grade NAT/, 'CGNAT');
        matches(await refusal('http://0.0.0.0/'), /unspecified/, 'unspecified');
        matches(await refusal('http://[::1]/'), /::1 is a loopback address/, 'IPv6 loopback');
        matches(await refusal('http://[fd00::1]/'), /unique-local/, 'ULA');
        matches(await refusal(`http://[::ffff:127.0.0.1]:${PORT}/`), /loopback/, 'IPv4-mapped');
        matches(await refusal('http://0x7f.1/'), /127\.0\.0\.1 is a loopback/, 'odd IPv4 forms');
        matches(await refusal('http://224.0.0.1/'), /multicast/, 'multicast');
        "#,
    );
}

#[test]
fn policy_allow_list_and_redirect_hops() {
    run_with(
        Some(local_only()),
        |_| {},
        r#"
        is(await (await fetch(BASE + '/text')).text(), 'hello', 'an allowed IP');
        // A redirect to a host that is not allowed is refused.
        const other = `http://localhost:${PORT}/text`;
        const e = await rejection(fetch(`${BASE}/redirect?n=0&to=${encodeURIComponent(other)}`));
        is(e instanceof TypeError, true, 'redirect hop refused');
        matches(e.message, /localhost resolved to/, 'message');
        "#,
    );
    let by_name = OutboundPolicy {
        allow_hosts: vec!["localhost".into()],
        ..Default::default()
    };
    run_with(
        Some(by_name),
        |_| {},
        r#"
        is(await (await fetch(`http://localhost:${PORT}/text`)).text(), 'hello', 'an allowed name');
        is((await rejection(fetch(BASE + '/text'))).name, 'TypeError', 'its address is not allowed itself');
        "#,
    );
}

#[test]
fn policy_subrequest_limit() {
    let policy = OutboundPolicy {
        max_subrequests: Some(4),
        ..local_only()
    };
    run_with(
        Some(policy.clone()),
        |ctx| request_tracker(ctx).started(),
        r#"
        // A redirect counts each hop: 3 of 4.
        await (await fetch(`${BASE}/redirect?n=1`)).text();
        await (await fetch(`${BASE}/text`)).text();
        const e = await rejection(fetch(`${BASE}/text`));
        is(e instanceof TypeError, true, 'the 5th is refused');
        matches(e.message, /too many subrequests: the limit is 4.*max_subrequests limit in nano.json/, 'message');
        // data: URLs are no subrequests.
        is(await (await fetch('data:,x')).text(), 'x', 'data: URL');
        "#,
    );
    // Two requests in flight on the isolate pool their allowance.
    run_with(
        Some(policy),
        |ctx| {
            let requests = request_tracker(ctx);
            requests.started();
            requests.started();
        },
        r#"
        for (let i = 0; i < 8; i++) await (await fetch(`${BASE}/text`)).text();
        const e = await rejection(fetch(`${BASE}/text`));
        matches(e.message, /the limit is 8 \(4 per request, 2 requests in flight/, 'pooled');
        "#,
    );
}

#[test]
fn policy_response_size_cap() {
    let policy = OutboundPolicy {
        max_response_bytes: Some(100_000),
        ..local_only()
    };
    run_with(
        Some(policy),
        |_| {},
        r#"
        is((await (await fetch(`${BASE}/big?n=100000`)).bytes()).length, 100000, 'at the limit');
        const e = await rejection((await fetch(`${BASE}/big?n=100001`)).bytes());
        is(e instanceof TypeError, true, `over the limit: ${e}`);
        matches(e.message, /larger than 100000 bytes, the app's max_response_mb limit/, 'message');
        // Decoded bytes count: 1 MB of text is a few KB of gzip.
        const z = await rejection((await fetch(`${BASE}/coded?enc=gzip&n=1000000`)).text());
        is(z instanceof TypeError, true, 'decoded size');
        "#,
    );
}

#[test]
fn blob_urls() {
    check(
        r#"
        const blob = new Blob(['0123456789'], { type: 'text/plain' });
        const url = URL.createObjectURL(blob);
        const r = await fetch(url);
        eq([r.status, r.statusText, r.url, r.headers.get('content-type'), r.headers.get('content-length')],
          [200, 'OK', url, 'text/plain', '10'], 'response');
        is(await r.text(), '0123456789', 'body');
        const range = async (value) => {
          const res = await fetch(url, { headers: { range: value } });
          return [res.status, res.headers.get('content-range'), res.headers.get('content-length'), await res.text()];
        };
        eq(await range('bytes=2-4'), [206, 'bytes 2-4/10', '3', '234'], 'a range');
        eq(await range('bytes=7-'), [206, 'bytes 7-9/10', '3', '789'], 'an open range');
        eq(await range('bytes=-3'), [206, 'bytes 7-9/10', '3', '789'], 'a suffix');
        eq(await range('bytes = 8 - 20'), [206, 'bytes 8-9/10', '2', '89'], 'whitespace, end past the size');
        for (const bad of ['bytes=10-', 'bytes=5-2', 'bytes=-', 'items=1-2', 'bytes=1-2,4-5']) {
          is((await rejection(fetch(url, { headers: { range: bad } }))).name, 'TypeError', `range ${bad}`);
        }
        is((await rejection(fetch(url, { method: 'POST' }))).name, 'TypeError', 'POST');
        URL.revokeObjectURL(url);
        is((await rejection(fetch(url))).name, 'TypeError', 'revoked');
        "#,
    );
}
