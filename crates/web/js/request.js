// Request (Fetch Standard §5.4), with the Body mixin (see body.js for how a
// body is kept: a buffered source, or a ReadableStream).
//
// A Request keeps its header list itself and makes the Headers object on
// first access (see headers.js); its `signal` is made on first access too,
// following the signal it was given. The attributes that a request almost
// never changes (mode, credentials, cache, ...) live in one record, shared by
// every request the server creates.
//
// Relative URLs resolve against `location.href` when the global scope has a
// `location`; otherwise they are a TypeError (there is no document base).
//
// Bridges: `newIncomingRequest(method, url, headers, body, signal)` (the
// server) and `takeRequestForFetch(request)` (fetch).

import {
  INSPECT, USED, isObject, isStreamSource, lazy, streams, finishInterface, installBody,
} from 'nanojs:fetch_util';

const ArrayIsArray = Array.isArray;
const ArrayBufferIsView = ArrayBuffer.isView;
const U8 = Uint8Array;
const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ABByteLength = ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const isArrayBuffer = (v) => {
  try {
    ReflectApply(ABByteLength, v, []);
    return true;
  } catch {
    return false;
  }
};
const TypeErrorCtor = TypeError;
// Loaded on first use: the server's requests need none of them.
const construct = lazy('nanojs:fetch_request_init');
const headersModule = lazy('nanojs:headers');
const abortModule = lazy('nanojs:abort');
const inspector = lazy('nanojs:console');
const bodies = lazy('nanojs:body');

// What the server's requests have (as `new Request(url)` starts with, but
// with immutable headers; see fetch_request_init.js).
const INCOMING = Object.freeze({
  guard: 4, // GUARD_IMMUTABLE in headers.js
  mode: 'cors',
  credentials: 'same-origin',
  cache: 'default',
  redirect: 'follow',
  referrer: 'client',
  referrerPolicy: '',
  integrity: '',
  keepalive: false,
  priority: 'auto',
  reloadNavigation: false,
  historyNavigation: false,
  signal: null,
});

const INTERNAL = Symbol('Request state');

/**
 * `newIncomingRequest(method, url, headers, body, signal)`: the Request for
 * an incoming HTTP request (the server calls this once per request).
 * `headers` is a flat [name, value, ...] list with lower-case names, which
 * the request keeps (no copy; its Headers object, made on first access, is
 * immutable). `body` is null, a Uint8Array (kept, not copied), an
 * ArrayBuffer (viewed, not copied) or a ReadableStream; `signal` an
 * AbortSignal or undefined (then `request.signal` is made on first access).
 * (Assigned once, in the class's static block, which can build the record.)
 */
export let newIncomingRequest;

/**
 * What fetch() needs to send a Request: `takeRequestForFetch(request)` gives
 * {method, url, headers, body, signal, redirect}, where headers is the flat
 * [name, value, ...] list with lower-case names (read it, do not keep or
 * change it), body is null, a string, a Uint8Array (do not change it), a
 * Blob or a ReadableStream (which the caller reads, disturbing it), and
 * signal is the request's AbortSignal. A buffered body is marked used.
 * Throws a TypeError when the body is unusable.
 */
export let takeRequestForFetch;

// A request's record (one array: a private field per item would make every
// request several times slower to create).
const METHOD = 0;
const URL_ = 1;
// The header list, until `headers` is read; then the Headers object.
const HEADERS = 2;
const BODY = 3;
// The signal; null until first read (see `signal`).
const SIGNAL = 4;
const OPTS = 5;

const listOf = (r) => {
  const h = r[HEADERS];
  return ArrayIsArray(h) ? h : headersModule().headerListOf(h);
};

// The constructor's `input` default: a missing argument. (Checking
// `arguments.length` instead would allocate an arguments object for every
// request, including the server's; the catch is that an explicit
// `undefined` also counts as missing.)
const NO_INPUT = Symbol('no input');

export class Request {
  #r;

  constructor(input = NO_INPUT, init = undefined) {
    if (input === INTERNAL) {
      this.#r = init;
      return;
    }
    const what = "Failed to construct 'Request'";
    if (input === NO_INPUT) throw new TypeErrorCtor(`${what}: 1 argument required, but only 0 present.`);
    const request = isObject(input) && #r in input ? input.#r : null;
    this.#r = construct().createRequest(request, input, init, what);
  }

  get method() {
    return this.#r[METHOD];
  }

  get url() {
    return this.#r[URL_];
  }

  get headers() {
    const r = this.#r;
    let h = r[HEADERS];
    if (ArrayIsArray(h)) h = r[HEADERS] = headersModule().wrapHeaderList(h, r[OPTS].guard);
    return h;
  }

  get destination() {
    this.#r;
    return '';
  }

  get referrer() {
    const referrer = this.#r[OPTS].referrer;
    return referrer === 'no-referrer' ? '' : referrer === 'client' ? 'about:client' : referrer;
  }

  get referrerPolicy() {
    return this.#r[OPTS].referrerPolicy;
  }

  get mode() {
    return this.#r[OPTS].mode;
  }

  get credentials() {
    return this.#r[OPTS].credentials;
  }

  get cache() {
    return this.#r[OPTS].cache;
  }

  get redirect() {
    return this.#r[OPTS].redirect;
  }

  get integrity() {
    return this.#r[OPTS].integrity;
  }

  get keepalive() {
    return this.#r[OPTS].keepalive;
  }

  get isReloadNavigation() {
    return this.#r[OPTS].reloadNavigation;
  }

  get isHistoryNavigation() {
    return this.#r[OPTS].historyNavigation;
  }

  get signal() {
    const r = this.#r;
    let s = r[SIGNAL];
    if (s === null) {
      const source = r[OPTS].signal;
      s = r[SIGNAL] = abortModule().createDependentAbortSignal(source === null ? [] : [source]);
    }
    return s;
  }

  get duplex() {
    this.#r;
    return 'half';
  }

  clone() {
    const r = this.#r;
    let body = r[BODY];
    let cloned = body;
    if (body === USED || (isStreamSource(body) && bodies().isUnusableStream(body))) {
      throw new TypeErrorCtor("Failed to execute 'clone' on 'Request': Request body is already used");
    }
    // The clone's signal follows this one's (or what this one follows).
    const opts = r[OPTS];
    const signal = r[SIGNAL];
    const cloneOpts = signal === null || signal === opts.signal ? opts : { ...opts, signal };
    // A stream is teed; a buffered source is immutable, and both share it.
    if (isStreamSource(body)) [body, cloned] = bodies().cloneSource(body);
    r[BODY] = body;
    return new Request(INTERNAL, [r[METHOD], r[URL_], listOf(r).slice(), cloned, null, cloneOpts]);
  }

  // Node's util.inspect protocol (as Node prints a Request).
  [INSPECT](depth, options, inspect) {
    this.#r;
    return inspector().inspectAs('Request', {
      method: this.method,
      url: this.url,
      headers: this.headers,
      destination: this.destination,
      referrer: this.referrer,
      referrerPolicy: this.referrerPolicy,
      mode: this.mode,
      credentials: this.credentials,
      cache: this.cache,
      redirect: this.redirect,
      integrity: this.integrity,
      keepalive: this.keepalive,
      isReloadNavigation: this.isReloadNavigation,
      isHistoryNavigation: this.isHistoryNavigation,
      signal: this.signal,
    });
  }

  static {
    // The server bridge (see its export above).
    newIncomingRequest = (method, url, headers, body, signal) => {
      if (body !== null && !ArrayBufferIsView(body)) {
        if (isArrayBuffer(body)) body = new U8(body);
        // A stream: registers streams as body sources (see fetch_util.js).
        else streams();
      }
      return new Request(INTERNAL, [
        method, url, headers, body, signal === undefined ? null : signal, INCOMING,
      ]);
    };

    const signalGet = ObjectGetOwnPropertyDescriptor(Request.prototype, 'signal').get;
    takeRequestForFetch = (request) => {
      const r = request.#r;
      const body = r[BODY];
      if (body === USED || (isStreamSource(body) && bodies().isUnusableStream(body))) {
        throw new TypeErrorCtor('The Request body was already used or is in use');
      }
      if (body !== null && !isStreamSource(body)) r[BODY] = USED;
      return {
        method: r[METHOD],
        url: r[URL_],
        headers: listOf(r),
        body,
        signal: ReflectApply(signalGet, request, []),
        redirect: r[OPTS].redirect,
      };
    };

    installBody(
      Request.prototype,
      'Request',
      (o) => o.#r[BODY],
      (o, source) => {
        o.#r[BODY] = source;
      },
      (o) => listOf(o.#r),
    );
  }
}

finishInterface(Request, 'Request');
// WebIDL: one required argument (the default parameter hides it).
Object.defineProperty(Request, 'length', { value: 1 });
