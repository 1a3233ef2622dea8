//! Headers, Request, Response and the Body mixin (Fetch Standard), and the
//! server bridge (`newIncomingRequest`, `takeResponseParts`).

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
const entries = (h) => [...h];
const setLocation = (href) => {
  const u = new URL(href);
  globalThis.location = { href: u.href, origin: u.origin };
};
"#;

fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn interface_shapes() {
    check(
        r#"
        for (const [C, n] of [[Headers, 0], [Request, 1], [Response, 0]]) {
          is(typeof C, 'function', C.name);
          is(C.length, n, `${C.name}.length`);
          is(thrown(() => C()), 'TypeError', `${C.name} without new`);
        }
        is(Object.prototype.toString.call(new Headers()), '[object Headers]', 'Headers tag');
        is(Object.prototype.toString.call(new Request('http://a/')), '[object Request]', 'Request tag');
        is(Object.prototype.toString.call(new Response()), '[object Response]', 'Response tag');
        eq(Object.keys(Headers.prototype),
          ['append', 'delete', 'get', 'getSetCookie', 'has', 'set', 'entries', 'keys', 'values', 'forEach'],
          'Headers members');
        is(Headers.prototype[Symbol.iterator], Headers.prototype.entries, '@@iterator is entries');
        eq(Object.keys(Response), ['error', 'redirect', 'json'], 'Response statics');
        eq(Object.keys(Response.prototype), ['type', 'url', 'redirected', 'status', 'ok', 'statusText',
          'headers', 'clone', 'body', 'bodyUsed', 'arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'],
          'Response members');
        eq(Object.keys(Request.prototype), ['method', 'url', 'headers', 'destination', 'referrer',
          'referrerPolicy', 'mode', 'credentials', 'cache', 'redirect', 'integrity', 'keepalive',
          'isReloadNavigation', 'isHistoryNavigation', 'signal', 'duplex', 'clone', 'body', 'bodyUsed',
          'arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'], 'Request members');
        for (const [C, key] of [[Request, 'url'], [Response, 'status'], [Response, 'bodyUsed'], [Request, 'body']]) {
          const d = Object.getOwnPropertyDescriptor(C.prototype, key);
          is(typeof d.get === 'function' && d.set === undefined && d.enumerable && d.configurable, true, key);
        }
        const lengths = { append: 2, delete: 1, get: 1, getSetCookie: 0, has: 1, set: 2, forEach: 1, keys: 0 };
        for (const [k, n] of Object.entries(lengths)) is(Headers.prototype[k].length, n, `Headers ${k}.length`);
        eq([Response.redirect.length, Response.json.length, Response.error.length], [1, 1, 0], 'static lengths');
        const it = new Headers().entries();
        const proto = Object.getPrototypeOf(it);
        is(Object.getPrototypeOf(proto), Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), 'iterator prototype');
        is(Object.prototype.toString.call(it), '[object Headers Iterator]', 'iterator tag');
        is(Object.getOwnPropertyDescriptor(proto, 'next').enumerable, true, 'next enumerable');
        eq(Object.keys(new Response('x')), [], 'no own properties');
        "#,
    );
}

#[test]
fn brand_checks() {
    check(
        r#"
        for (const C of [Headers, Request, Response]) {
          const fake = Object.create(C.prototype);
          for (const key of Object.keys(C.prototype)) {
            const d = Object.getOwnPropertyDescriptor(C.prototype, key);
            if (d.get) is(thrown(() => d.get.call(fake)), 'TypeError', `${C.name}.${key} getter`);
          }
        }
        is(thrown(() => Headers.prototype.get.call({}, 'a')), 'TypeError', 'Headers.get');
        is(thrown(() => Response.prototype.clone.call(new Request('http://a/'))), 'TypeError', 'clone across');
        for (const m of ['text', 'json', 'arrayBuffer', 'bytes', 'blob', 'formData']) {
          const p = Response.prototype[m].call({});
          is(p instanceof Promise, true, `${m} returns a promise`);
          is(await rejection(p), 'TypeError', `${m} rejects`);
        }
        const it = new Headers().keys();
        is(thrown(() => it.next.call({})), 'TypeError', 'iterator next');
        "#,
    );
}

#[test]
fn headers_names_values_and_normalization() {
    check(
        r#"
        const h = new Headers();
        h.append('Content-Type', ' \t text/plain \r\n');
        is(h.get('content-type'), 'text/plain', 'value normalized, name case-insensitive');
        h.append('X-A', '');
        is(h.get('x-a'), '', 'empty value');
        is(h.get('missing'), null, 'missing');
        is(h.has('X-A'), true, 'has');
        for (const bad of ['a b', '', 'a:b', 'é', {}])
          is(thrown(() => h.append(bad, 'v')), 'TypeError', `bad name ${bad}`);
        for (const bad of ['a\0b', 'a\nb', 'a\rb', 'Ā'])
          is(thrown(() => h.set('x', bad)), 'TypeError', `bad value ${JSON.stringify(bad)}`);
        is(thrown(() => h.get('a b')), 'TypeError', 'get validates the name');
        is(thrown(() => h.has('é')), 'TypeError', 'has validates the name');
        is(thrown(() => h.append('a')), 'TypeError', 'append needs two arguments');
        h.set('x-n', 1);
        is(h.get('x-n'), '1', 'values are ByteStrings');
        h.append('x-l', '\xff\x80');
        is(h.get('x-l'), '\xff\x80', 'Latin-1 values');
        "#,
    );
}

#[test]
fn headers_combine_sort_and_iterate() {
    check(
        r#"
        const h = new Headers([['b', '1'], ['A', '2'], ['b', '3'], ['set-cookie', 'x=1'], ['Set-Cookie', 'y=2']]);
        eq(entries(h), [['a', '2'], ['b', '1, 3'], ['set-cookie', 'x=1'], ['set-cookie', 'y=2']], 'sorted and combined');
        is(h.get('b'), '1, 3', 'get combines');
        is(h.get('set-cookie'), 'x=1, y=2', 'get combines set-cookie too');
        eq(h.getSetCookie(), ['x=1', 'y=2'], 'getSetCookie');
        eq([...h.keys()], ['a', 'b', 'set-cookie', 'set-cookie'], 'keys');
        eq([...h.values()], ['2', '1, 3', 'x=1', 'y=2'], 'values');
        const seen = [];
        h.forEach(function (v, k, o) { seen.push([k, v, o === h, this]); }, 7);
        eq(seen[0], ['a', '2', true, 7], 'forEach arguments');
        is(thrown(() => h.forEach(1)), 'TypeError', 'forEach needs a function');
        // Live: changes during iteration show.
        const live = new Headers({ a: '1', c: '3' });
        const got = [];
        for (const [k] of live) {
          got.push(k);
          if (k === 'a') live.append('b', '2');
        }
        eq(got, ['a', 'b', 'c'], 'appended during iteration');
        h.set('B', 'z');
        eq(entries(h)[1], ['b', 'z'], 'set replaces all');
        h.delete('SET-COOKIE');
        eq(h.getSetCookie(), [], 'delete removes all');
        "#,
    );
}

#[test]
fn headers_init_forms() {
    check(
        r#"
        eq(entries(new Headers({ B: '1', a: '2' })), [['a', '2'], ['b', '1']], 'record');
        eq(entries(new Headers([['a', '1']])), [['a', '1']], 'sequence');
        const src = new Headers([['a', '1'], ['a', '2']]);
        const copy = new Headers(src);
        eq(entries(copy), [['a', '1, 2']], 'from Headers: its iteration');
        copy.append('b', '3');
        is(src.has('b'), false, 'a copy');
        const custom = new Headers();
        custom[Symbol.iterator] = function* () { yield ['x', 'y']; };
        eq(entries(new Headers(custom)), [['x', 'y']], 'a patched iterator is used');
        eq(entries(new Headers(new Map([['m', 'v']]))), [['m', 'v']], 'any iterable');
        for (const bad of [null, 1, 'ab', [['a']], [['a', 'b', 'c']], [1], { a: 'Ā' }, [['a', 'b\nc']]])
          is(thrown(() => new Headers(bad)), 'TypeError', `bad init ${JSON.stringify(bad)}`);
        is(thrown(() => new Headers({ [Symbol('s')]: 'x' })), 'TypeError', 'symbol key');
        eq(entries(new Headers(undefined)), [], 'undefined');
        "#,
    );
}

#[test]
fn guards() {
    check(
        r#"
        const error = Response.error().headers;
        is(thrown(() => error.append('a', 'b')), 'TypeError', 'immutable append');
        is(thrown(() => error.delete('a')), 'TypeError', 'immutable delete');
        is(thrown(() => Response.redirect('http://a/').headers.set('a', 'b')), 'TypeError', 'redirect is immutable');
        // A server runtime keeps the browser's forbidden request-headers.
        const rh = new Request('http://a/', { headers: { Host: 'x', 'X-Ok': '1', 'Sec-Foo': '1', 'Proxy-A': '1' } }).headers;
        eq(entries(rh), [['host', 'x'], ['proxy-a', '1'], ['sec-foo', '1'], ['x-ok', '1']], 'forbidden request headers kept');
        rh.set('cookie', 'a'); rh.append('x-http-method-override', 'GET, trace');
        rh.set('x-http-method', 'GET');
        eq(entries(rh), [['cookie', 'a'], ['host', 'x'], ['proxy-a', '1'], ['sec-foo', '1'], ['x-http-method', 'GET'], ['x-http-method-override', 'GET, trace'], ['x-ok', '1']], 'set/append kept too');
        // Set-Cookie works on responses (a browser would forbid it).
        const res = new Response('', { headers: { 'Set-Cookie': 'a=b', 'x': '1' } });
        eq(res.headers.getSetCookie(), ['a=b'], 'set-cookie kept on responses');
        // no-cors: only safelisted headers.
        const nc = new Request('http://a/', { mode: 'no-cors', headers: { accept: 'x', 'x-a': '1', 'content-type': 'text/plain' } }).headers;
        eq(entries(nc), [['accept', 'x'], ['content-type', 'text/plain']], 'no-cors safelist');
        nc.set('content-type', 'application/json');
        is(nc.get('content-type'), 'text/plain', 'unsafe content type dropped');
        nc.append('accept-language', 'en;q=0.5');
        is(nc.get('accept-language'), 'en;q=0.5', 'safe language');
        // A plain Headers has no guard.
        const free = new Headers({ host: 'x', 'set-cookie': 'a' });
        is(free.get('host') + free.get('set-cookie'), 'xa', 'no guard');
        "#,
    );
}

#[test]
fn request_defaults_and_urls() {
    check(
        r#"
        const r = new Request('HTTP://Example.COM/a/../b?q#f');
        eq([r.method, r.url, r.destination, r.referrer, r.referrerPolicy, r.mode, r.credentials,
            r.cache, r.redirect, r.integrity, r.keepalive, r.isReloadNavigation,
            r.isHistoryNavigation, r.duplex, r.bodyUsed],
           ['GET', 'http://example.com/b?q#f', '', 'about:client', '', 'cors', 'same-origin',
            'default', 'follow', '', false, false, false, 'half', false], 'defaults');
        is(r.headers, r.headers, 'headers is [SameObject]');
        is(r.signal, r.signal, 'signal is [SameObject]');
        is(r.signal.aborted, false, 'signal not aborted');
        // No location: relative URLs have no base.
        is(thrown(() => new Request('/relative')), 'TypeError', 'relative without a base');
        is(thrown(() => new Request('http://user:pw@a/')), 'TypeError', 'credentials');
        is(thrown(() => new Request('http://:bad')), 'TypeError', 'invalid URL');
        is(thrown(() => new Request()), 'TypeError', 'missing argument');
        setLocation('http://host.test:8000/dir/page.html');
        is(new Request('x?y').url, 'http://host.test:8000/dir/x?y', 'relative to location');
        is(new Request('').url, 'http://host.test:8000/dir/page.html', 'empty string');
        is(new Request('/r', { referrer: '/ref' }).referrer, 'http://host.test:8000/ref', 'same-origin referrer');
        is(new Request('/r', { referrer: 'http://other/' }).referrer, 'about:client', 'cross-origin referrer');
        is(new Request('/r', { referrer: '' }).referrer, '', 'no referrer');
        is(thrown(() => new Request('/r', { referrer: 'http://:bad' })), 'TypeError', 'bad referrer');
        is(Response.redirect('/next').headers.get('location'), 'http://host.test:8000/next', 'redirect relative to location');
        "#,
    );
}

#[test]
fn request_init() {
    check(
        r#"
        const u = 'http://a/';
        for (const [m, want] of [['get', 'GET'], ['pOsT', 'POST'], ['delete', 'DELETE'], ['patch', 'patch'], ['X-Custom', 'X-Custom']])
          is(new Request(u, { method: m }).method, want, `method ${m}`);
        for (const m of ['CONNECT', 'trace', 'Track', 'a b', '', 'Ā'])
          is(thrown(() => new Request(u, { method: m })), 'TypeError', `method ${m}`);
        const r = new Request(u, {
          mode: 'same-origin', credentials: 'include', cache: 'no-store', redirect: 'manual',
          referrerPolicy: 'no-referrer', integrity: 'sha256-x', keepalive: 1, priority: 'high', duplex: 'half',
        });
        eq([r.mode, r.credentials, r.cache, r.redirect, r.referrerPolicy, r.integrity, r.keepalive],
           ['same-origin', 'include', 'no-store', 'manual', 'no-referrer', 'sha256-x', true], 'members');
        for (const key of ['mode', 'credentials', 'cache', 'redirect', 'referrerPolicy', 'priority', 'duplex'])
          is(thrown(() => new Request(u, { [key]: 'BAD' })), 'TypeError', `bad ${key}`);
        is(thrown(() => new Request(u, { mode: 'navigate' })), 'TypeError', 'navigate');
        is(thrown(() => new Request(u, { mode: 'no-cors', method: 'PUT' })), 'TypeError', 'no-cors PUT');
        is(thrown(() => new Request(u, { cache: 'only-if-cached' })), 'TypeError', 'only-if-cached needs same-origin');
        is(new Request(u, { cache: 'only-if-cached', mode: 'same-origin' }).cache, 'only-if-cached', 'only-if-cached ok');
        is(thrown(() => new Request(u, { window: {} })), 'TypeError', 'window must be null');
        is(thrown(() => new Request(u, { signal: {} })), 'TypeError', 'signal must be an AbortSignal');
        is(thrown(() => new Request(u, 5)), 'TypeError', 'init must be an object');
        for (const method of ['GET', 'HEAD'])
          is(thrown(() => new Request(u, { method, body: 'x' })), 'TypeError', `${method} with a body`);
        is(new Request(u, { body: null }).method, 'GET', 'null body is no body');
        // Members are read in WebIDL (sorted) order.
        const order = [];
        new Request(u, new Proxy({}, { get(t, k) { if (typeof k === 'string') order.push(k); } }));
        eq(order, ['body', 'cache', 'credentials', 'duplex', 'headers', 'integrity', 'keepalive', 'method',
          'mode', 'priority', 'redirect', 'referrer', 'referrerPolicy', 'signal', 'window'], 'member order');
        "#,
    );
}

#[test]
fn request_from_request() {
    check(
        r#"
        const u = 'http://a/';
        const src = new Request(u, { method: 'POST', body: 'data', headers: { 'x-a': '1' }, cache: 'no-cache' });
        const copy = new Request(src);
        eq([copy.method, copy.url, copy.cache, copy.headers.get('x-a'), copy.headers.get('content-type')],
           ['POST', u, 'no-cache', '1', 'text/plain;charset=UTF-8'], 'copied');
        is(src.bodyUsed, true, 'the input body moved over');
        is(await copy.text(), 'data', 'body moved');
        is(thrown(() => new Request(src)), 'TypeError', 'a used input');
        const replaced = new Request(src, { body: 'new' });
        is(await replaced.text(), 'new', 'a used input with a new body');
        const withHeaders = new Request(new Request(u, { headers: { 'x-a': '1' } }), { headers: { 'x-b': '2' } });
        eq(entries(withHeaders.headers), [['x-b', '2']], 'init headers replace');
        const failing = new Request(u, { method: 'POST', body: 'x' });
        is(thrown(() => new Request(failing, { method: 'GET' })), 'TypeError', 'GET with the input body');
        is(failing.bodyUsed, false, 'a failed construction leaves the body');
        const nav = new Request(new Request(u, { referrerPolicy: 'origin' }), { method: 'PUT' });
        is(nav.referrerPolicy, '', 'a non-empty init resets the referrer policy');
        const kept = new Request(new Request(u, { referrerPolicy: 'origin' }));
        is(kept.referrerPolicy, 'origin', 'an empty init keeps it');
        const cl = new Request(u, { method: 'POST', body: 'c' });
        const cloned = cl.clone();
        eq([await cl.text(), await cloned.text()], ['c', 'c'], 'clone shares the body');
        is(thrown(() => cl.clone()), 'TypeError', 'clone of a used request');
        is(cloned.headers === cl.headers, false, 'clone has its own headers');
        "#,
    );
}

#[test]
fn request_signal() {
    check(
        r#"
        const u = 'http://a/';
        const ac = new AbortController();
        const r = new Request(u, { signal: ac.signal });
        is(r.signal === ac.signal, false, 'a signal of its own');
        const copy = new Request(r);
        const clone = r.clone();
        const early = new Request(u, { signal: ac.signal }); // signal read only after the abort
        const events = [];
        r.signal.onabort = () => events.push('r');
        copy.signal.onabort = () => events.push('copy');
        clone.signal.onabort = () => events.push('clone');
        ac.abort('why');
        eq(events, ['r', 'copy', 'clone'], 'all follow');
        eq([r.signal.reason, copy.signal.reason, clone.signal.reason, early.signal.reason], ['why', 'why', 'why', 'why'], 'reasons');
        const replaced = new Request(r, { signal: null });
        is(replaced.signal.aborted, false, 'null drops the input signal');
        is(new Request(r, { signal: new AbortController().signal }).signal.aborted, false, 'init signal wins');
        "#,
    );
}

#[test]
fn response_constructor_and_statics() {
    check(
        r#"
        const r = new Response();
        eq([r.type, r.url, r.redirected, r.status, r.ok, r.statusText, r.bodyUsed],
           ['default', '', false, 200, true, '', false], 'defaults');
        is(r.headers, r.headers, 'headers is [SameObject]');
        const s = new Response('x', { status: 404, statusText: 'Not Found', headers: [['X-A', '1']] });
        eq([s.status, s.ok, s.statusText, s.headers.get('x-a')], [404, false, 'Not Found', '1'], 'init');
        for (const status of [0, 199, 600, 1000])
          is(thrown(() => new Response('', { status })), 'RangeError', `status ${status}`);
        for (const status of [NaN, Infinity, -1, 65536])
          is(thrown(() => new Response('', { status })), 'TypeError', `[EnforceRange] ${status}`);
        for (const statusText of ['\n', 'Ā', 'a\rb'])
          is(thrown(() => new Response('', { statusText })), 'TypeError', `statusText ${JSON.stringify(statusText)}`);
        is(new Response('', { statusText: '\tOK \x80' }).statusText, '\tOK \x80', 'reason-phrase characters');
        for (const status of [204, 205, 304])
          is(thrown(() => new Response('x', { status })), 'TypeError', `body with ${status}`);
        is(new Response(null, { status: 204 }).status, 204, 'null body with 204');
        is(thrown(() => new Response('', 1)), 'TypeError', 'init must be an object');
        const e = Response.error();
        eq([e.type, e.status, e.ok, e.statusText, entries(e.headers)], ['error', 0, false, '', []], 'error()');
        const red = Response.redirect('http://a/b', 307);
        eq([red.status, red.headers.get('location'), red.type, red.redirected], [307, 'http://a/b', 'default', false], 'redirect()');
        is(Response.redirect('http://a/').status, 302, 'redirect default status');
        for (const status of [200, 300, 309, 400])
          is(thrown(() => Response.redirect('http://a/', status)), 'RangeError', `redirect ${status}`);
        is(thrown(() => Response.redirect('nope')), 'TypeError', 'redirect to a bad URL');
        const j = Response.json({ a: [1] }, { status: 201, headers: { 'x-b': '2' } });
        eq([j.status, j.headers.get('content-type'), j.headers.get('x-b'), await j.json()],
           [201, 'application/json', '2', { a: [1] }], 'json()');
        is(Response.json(1, { headers: { 'content-type': 'a/b' } }).headers.get('content-type'), 'a/b', 'json() keeps a given type');
        is(thrown(() => Response.json(undefined)), 'TypeError', 'json(undefined)');
        is(thrown(() => Response.json(Symbol())), 'TypeError', 'json(symbol)');
        is(thrown(() => Response.json('x', { status: 204 })), 'TypeError', 'json with a null body status');
        eq(Array.from(await Response.json('\uDEAD').bytes()), [34, 92, 117, 100, 101, 97, 100, 34], 'lone surrogates escaped');
        const c = s.clone();
        eq([c.status, c.statusText, c.headers.get('x-a'), await c.text(), await s.text()], [404, 'Not Found', '1', 'x', 'x'], 'clone');
        is(thrown(() => s.clone()), 'TypeError', 'clone of a used response');
        "#,
    );
}

#[test]
fn body_sources_and_content_types() {
    check(
        r#"
        const type = (body) => new Response(body).headers.get('content-type');
        is(type('x'), 'text/plain;charset=UTF-8', 'string');
        is(type(new URLSearchParams('a=1&b=2')), 'application/x-www-form-urlencoded;charset=UTF-8', 'URLSearchParams');
        is(type(new Blob(['x'], { type: 'Text/HTML' })), 'text/html', 'Blob with a type');
        is(type(new Blob(['x'])), null, 'Blob without a type');
        is(type(new ArrayBuffer(2)), null, 'ArrayBuffer');
        is(type(new Uint16Array(2)), null, 'typed array');
        is(type(new DataView(new ArrayBuffer(2))), null, 'DataView');
        is(type(null), null, 'null');
        const fd = new FormData();
        fd.append('a', 'b');
        is(/^multipart\/form-data; boundary=[-\w]+$/.test(type(fd)), true, 'FormData');
        is(type({ toString: () => 'x' }), 'text/plain;charset=UTF-8', 'other objects are strings');
        is(new Response('x', { headers: { 'Content-Type': 'a/b' } }).headers.get('content-type'), 'a/b', 'a given type wins');
        const text = async (body) => new Response(body).text();
        is(await text(new Uint8Array([104, 105])), 'hi', 'Uint8Array');
        is(await text(new Uint8Array([0, 104, 105, 0]).subarray(1, 3)), 'hi', 'a view');
        is(await text(new DataView(new Uint8Array([0, 104, 105]).buffer, 1)), 'hi', 'DataView');
        is(await text(new Uint16Array([0x6968])), 'hi', 'Uint16Array bytes');
        is(await text(new Blob(['h', 'i'])), 'hi', 'Blob');
        is(await text(new URLSearchParams({ a: 'x y', b: '&' })), 'a=x+y&b=%26', 'URLSearchParams');
        is(await text({ toString: () => 'obj' }), 'obj', 'object');
        is(await text('\uD800x'), '\uFFFDx', 'lone surrogates');
        // Sources are taken when the body is made.
        const bytes = new Uint8Array([97]);
        const params = new URLSearchParams('a=1');
        const form = new FormData();
        form.set('k', 'v1');
        const rs = [new Response(bytes), new Response(params), new Response(form)];
        bytes[0] = 98; params.set('a', '2'); form.set('k', 'v2');
        is(await rs[0].text(), 'a', 'bytes copied');
        is(await rs[1].text(), 'a=1', 'params read');
        is((await rs[2].formData()).get('k'), 'v1', 'form serialized');
        if (typeof SharedArrayBuffer === 'function')
          is(thrown(() => new Response(new SharedArrayBuffer(1))), 'TypeError', 'shared memory');
        "#,
    );
}

#[test]
fn body_reads() {
    check(
        r#"
        const r = new Response('{"a":1}');
        is(r.bodyUsed, false, 'not used');
        eq(await r.json(), { a: 1 }, 'json');
        is(r.bodyUsed, true, 'used after a read');
        is(await rejection(r.text()), 'TypeError', 'a second read rejects');
        is(await rejection(new Response('{').json()), 'SyntaxError', 'bad JSON');
        is(await new Response('\uFEFFx').text(), 'x', 'BOM dropped (string)');
        is(await new Response(new Uint8Array([0xEF, 0xBB, 0xBF, 0x79])).text(), 'y', 'BOM dropped (bytes)');
        is(await new Response(new Uint8Array([0xff, 0x61])).text(), '\uFFFDa', 'invalid UTF-8 replaced');
        eq(await new Response('\uFEFF[1]').json(), [1], 'json after a BOM');
        const ab = await new Response('hé').arrayBuffer();
        is(ab instanceof ArrayBuffer, true, 'arrayBuffer');
        eq(Array.from(new Uint8Array(ab)), [104, 195, 169], 'UTF-8 bytes');
        const src = new Uint8Array([1, 2]);
        const res = new Response(src);
        const clone = res.clone();
        const b1 = await res.bytes();
        b1[0] = 9;
        eq(Array.from(await clone.bytes()), [1, 2], 'reads hand out copies');
        const blob = await new Response('abc', { headers: { 'content-type': 'Text/Plain; Charset="UTF-8"' } }).blob();
        eq([blob.size, blob.type, await blob.text()], [3, 'text/plain;charset=utf-8', 'abc'], 'blob with the MIME type');
        is((await new Response(new Blob(['z'], { type: 'a/b' })).blob()).type, 'a/b', 'blob of a Blob');
        // A null body is never used.
        const empty = new Response(null);
        eq([await empty.text(), await empty.text(), empty.bodyUsed], ['', '', false], 'null body');
        is((await empty.arrayBuffer()).byteLength, 0, 'null body arrayBuffer');
        is(await rejection(empty.json()), 'SyntaxError', 'null body json');
        is(await rejection(empty.formData()), 'TypeError', 'null body formData without a type');
        const req = new Request('http://a/', { method: 'POST', body: 'a=1&a=2&b=%20' , headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        const fd = await req.formData();
        eq([fd.getAll('a'), fd.get('b')], [['1', '2'], ' '], 'urlencoded formData');
        is(await rejection(new Response('x', { headers: { 'content-type': 'text/plain' } }).formData()), 'TypeError', 'formData of text');
        is(await rejection(new Response('x', { headers: { 'content-type': 'multipart/form-data' } }).formData()), 'TypeError', 'no boundary');
        "#,
    );
}

#[test]
fn server_bridge() {
    check(
        r#"
        import { newIncomingRequest } from 'nanojs:request';
        import { takeResponseParts } from 'nanojs:response';
        const list = ['host', 'a.test', 'cookie', 'x=1', 'cookie', 'y=2'];
        const body = new TextEncoder().encode('payload').buffer;
        const ac = new AbortController();
        const req = newIncomingRequest('POST', 'http://a.test/p?q', list, body, ac.signal);
        is(req instanceof Request, true, 'a Request');
        eq([req.method, req.url, req.signal === ac.signal], ['POST', 'http://a.test/p?q', true], 'attributes');
        is(req.headers.get('cookie'), 'x=1, y=2', 'headers from the list');
        is(thrown(() => req.headers.set('a', 'b')), 'TypeError', 'immutable headers');
        is(await req.text(), 'payload', 'body');
        const get = newIncomingRequest('GET', 'http://a.test/', [], null, undefined);
        eq([get.bodyUsed, await get.text(), get.signal.aborted], [false, '', false], 'no body, own signal');
        is(new Request(get).headers.get('x'), null, 'a copy is possible');

        let parts = takeResponseParts(new Response('hello'));
        eq(parts, [200, '', ['content-type', 'text/plain;charset=UTF-8'], 'hello'], 'string body');
        const res = new Response(new Uint8Array([1, 2]), { status: 201, statusText: 'Made', headers: [['Set-Cookie', 'a=1'], ['X-A', '1'], ['x-a', '2']] }); // set-cookie is kept
        res.headers.append('x-b', '3');
        parts = takeResponseParts(res);
        eq([parts[0], parts[1], parts[2]], [201, 'Made', ['set-cookie', 'a=1', 'x-a', '1', 'x-a', '2', 'x-b', '3']], 'status and headers');
        is(parts[3] instanceof Uint8Array, true, 'bytes body');
        is(res.bodyUsed, true, 'marked used');
        is(thrown(() => takeResponseParts(res)), 'TypeError', 'a used body');
        eq(takeResponseParts(new Response(null, { status: 204 })), [204, '', [], null], 'null body');
        const blobParts = takeResponseParts(new Response(new Blob(['bl'])));
        eq(Array.from(blobParts[3]), [98, 108], 'Blob body as bytes');
        for (const bad of [undefined, null, {}, 'x', new Request('http://a/')])
          is(thrown(() => takeResponseParts(bad)), 'TypeError', `not a Response: ${bad}`);
        eq(takeResponseParts(Response.json(1))[2], ['content-type', 'application/json'], 'json()');
        "#,
    );
}

#[test]
fn inspect_output() {
    let out = common::stdout(
        r#"
        console.log(new Headers([['Content-Type', 'text/plain'], ['a', '1'], ['a', '2']]));
        console.log(new Headers());
        console.log(new Response('hi', { status: 201 }));
        const r = new Request('http://a.test/', { method: 'POST', body: 'x' });
        console.log(Object.keys(r[Symbol.for('nodejs.util.inspect.custom')]()));
        "#,
    );
    assert_eq!(
        out,
        "Headers { 'content-type': 'text/plain', a: '1, 2' }\n\
         Headers {}\n\
         Response {\n  status: 201,\n  statusText: '',\n  headers: Headers { 'content-type': 'text/plain;charset=UTF-8' },\n  \
         body: ReadableStream { locked: false, state: 'readable', supportsBYOB: true },\n  bodyUsed: false,\n  ok: true,\n  redirected: false,\n  type: 'default',\n  url: ''\n}\n\
         [\n  'method',\n  'url',\n  'headers',\n  'destination',\n  'referrer',\n  'referrerPolicy',\n  \
         'mode',\n  'credentials',\n  'cache',\n  'redirect',\n  'integrity',\n  'keepalive',\n  \
         'isReloadNavigation',\n  'isHistoryNavigation',\n  'signal'\n]\n"
    );
}

/// What the fetch object model costs an isolate: the heap it takes to serve
/// one hello-world request the way the server does.
#[test]
fn memory_of_first_use() {
    use nanojs_engine::{Isolate, IsolateOptions};
    let isolate = Isolate::new(IsolateOptions::default(), nanojs_web::builtins()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let run = |src: &str| {
        rt.block_on(isolate.run_module_source("file:///m.js", src.to_string()))
            .unwrap();
        isolate.run_gc();
        isolate.memory_used()
    };
    let before = run("globalThis.keep = [];");
    let after = run(r#"
        import { newIncomingRequest } from 'nanojs:request';
        import { takeResponseParts } from 'nanojs:response';
        const req = newIncomingRequest('GET', 'http://a/', ['host', 'a'], null, undefined);
        globalThis.keep.push(takeResponseParts(new Response(req.url)));
    "#);
    let cost = after - before;
    eprintln!(
        "heap for Request + Response on first use: {} KB",
        cost / 1024
    );
    assert!(cost < 160 * 1024, "first use costs {cost} bytes");
}
