// Request (Fetch Standard §5.4). No `body` attribute until the runtime has
// ReadableStream (see body.js); the Body mixin's reads are all there.
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
// Server bridge: `newIncomingRequest(method, url, headers, body, signal)`.

import {
  INSPECT, USED, isObject, lazy, finishInterface, installBody,
} from 'nanojs:fetch_util';

const ArrayIsArray = Array.isArray;
const U8 = Uint8Array;
const TypeErrorCtor = TypeError;
// Loaded on first use: the server's requests need none of them.
const construct = lazy('nanojs:fetch_request_init');
const headersModule = lazy('nanojs:headers');
const abortModule = lazy('nanojs:abort');
const inspector = lazy('nanojs:console');

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
 * immutable). `body` is an ArrayBuffer or null; `signal` an AbortSignal or
 * undefined (then `request.signal` is made on first access). (Assigned once,
 * in the class's static block, which can build the record.)
 */
export let newIncomingRequest;

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
    const body = r[BODY];
    if (body === USED) throw new TypeErrorCtor("Failed to execute 'clone' on 'Request': Request body is already used");
    // The clone's signal follows this one's (or what this one follows).
    const opts = r[OPTS];
    const signal = r[SIGNAL];
    const cloneOpts = signal === null || signal === opts.signal ? opts : { ...opts, signal };
    // Buffered sources are immutable: both share it.
    return new Request(INTERNAL, [r[METHOD], r[URL_], listOf(r).slice(), body, null, cloneOpts]);
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
    newIncomingRequest = (method, url, headers, body, signal) => new Request(INTERNAL, [
      method, url, headers, body === null ? null : new U8(body),
      signal === undefined ? null : signal, INCOMING,
    ]);

    installBody(
      Request.prototype,
      'Request',
      (o) => o.#r[BODY],
      (o) => {
        const r = o.#r;
        const body = r[BODY];
        if (body !== null && body !== USED) r[BODY] = USED;
        return body;
      },
      (o) => listOf(o.#r),
    );
  }
}

finishInterface(Request, 'Request');
// WebIDL: one required argument (the default parameter hides it).
Object.defineProperty(Request, 'length', { value: 1 });
