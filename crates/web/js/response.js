// Response (Fetch Standard §5.5), with the Body mixin (see body.js for how a
// body is kept: a buffered source, or a ReadableStream).
//
// A Response keeps its header list itself (see headers.js) and makes its
// Headers object on first access, so `new Response('hello')` builds neither
// a list nor a Headers object: it shares a frozen list that the Headers
// object, if ever made, copies. The rest of its state that almost never
// varies (type, URL, guard) is one shared record per kind of response.
//
// Bridges: `takeResponseParts(response)` (the server, and fetch), and
// `newNetworkResponse(...)` (fetch's responses).

import {
  INSPECT, USED, TEXT_PLAIN, isObject, isStreamSource, lazy, streams, finishInterface, installBody,
} from 'nanojs:fetch_util';

const ObjectFreeze = Object.freeze;
const ObjectIsFrozen = Object.isFrozen;
const ArrayIsArray = Array.isArray;
const JSONStringify = JSON.stringify;
const ArrayBufferIsView = ArrayBuffer.isView;
const TypeErrorCtor = TypeError;
const RangeErrorCtor = RangeError;
// Loaded on first use: a server that only sends `new Response(string)`
// needs none of them.
const headersModule = lazy('nanojs:headers');
const webidl = lazy('nanojs:fetch_webidl');
const bodies = lazy('nanojs:body');
const inspector = lazy('nanojs:console');

// Guards, numbered as in headers.js (not imported: it loads on demand).
const GUARD_RESPONSE = 3;
const GUARD_IMMUTABLE = 4;

// Header lists shared by many responses; frozen, and copied before a
// Headers object may change them.
const NO_HEADERS = ObjectFreeze([]);
const TEXT_HEADERS = ObjectFreeze(['content-type', TEXT_PLAIN]);

// The state of a response beyond status, headers and body: one record per
// kind, shared (a response with a status text has its own).
const BASIC = ObjectFreeze({
  statusText: '', type: 'default', url: '', redirected: false, guard: GUARD_RESPONSE,
});
const ERROR = ObjectFreeze({ ...BASIC, type: 'error', guard: GUARD_IMMUTABLE });
const REDIRECT = ObjectFreeze({ ...BASIC, guard: GUARD_IMMUTABLE });

// reason-phrase (RFC 9112): HTAB, SP, VCHAR, obs-text.
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

const INTERNAL = Symbol('Response state');

/** ResponseInit in WebIDL order: [status, statusText, headers pairs]. */
function convertInit(init, what) {
  let status = 200;
  let statusText = '';
  let pairs;
  if (init !== undefined && init !== null) {
    if (!isObject(init)) throw new TypeErrorCtor(`${what}: The provided value is not of type 'ResponseInit'.`);
    const headers = init.headers;
    if (headers !== undefined) pairs = headersModule().convertHeadersInit(headers, what);
    const s = init.status;
    if (s !== undefined) status = webidl().unsignedShort(s, true, what);
    const t = init.statusText;
    if (t !== undefined) statusText = webidl().byteString(t, what);
  }
  return [status, statusText, pairs];
}

const describe = (v) => (v === null ? 'null' : typeof v === 'object' ? 'an object' : typeof v);

const hasContentType = (list) => {
  for (let i = 0; i < list.length; i += 2) if (list[i] === 'content-type') return true;
  return false;
};

let initialize; // (record, status, statusText, pairs, source, type, what)
let create; // (record) => Response

/**
 * What the server needs to write a Response out, marking its body used:
 * `takeResponseParts(value)` gives [status, statusText, headers, body], where
 * headers is a flat [name, value, ...] list with lower-case names (set-cookie
 * values separate; it may be the response's own list: read it, do not keep
 * or change it) and body is null, a string, a Uint8Array (a Blob's bytes
 * too) or a ReadableStream (which the caller reads, disturbing it). Throws a
 * TypeError when `value` is not a Response or its body is unusable.
 * (Assigned once, in the class's static block, which can read the record.)
 */
export let takeResponseParts;

/**
 * A Response for fetch() (Fetch's "basic" filtered response):
 * `newNetworkResponse(status, statusText, headers, body, url, redirected)`,
 * where headers is a flat [name, value, ...] list with lower-case names
 * (kept, not copied; the Headers object is immutable) and body is null or
 * a ReadableStream. `url` is the response URL, serialized ('' for none).
 */
export let newNetworkResponse;

// A response's record (one array: a private field per item would make every
// `new Response()` several times slower).
const STATUS = 0;
// The header list, until `headers` is read; then the Headers object.
const HEADERS = 1;
const BODY = 2;
const OPTS = 3;

const listOf = (r) => {
  const h = r[HEADERS];
  return ArrayIsArray(h) ? h : headersModule().headerListOf(h);
};

export class Response {
  #r;

  constructor(body = null, init = undefined) {
    if (body === INTERNAL) {
      this.#r = init;
      return;
    }
    const what = "Failed to construct 'Response'";
    if (typeof body === 'string') {
      body = body.isWellFormed() ? body : body.toWellFormed();
      // The common case, kept short.
      if (init === undefined) {
        this.#r = [200, TEXT_HEADERS, body, BASIC];
        return;
      }
    } else if (body !== null) {
      body = bodies().convertBodyInit(body, what);
    }
    const [status, statusText, pairs] = convertInit(init, what);
    let source = null;
    let type = null;
    if (body !== null) [source, type] = bodies().extractBody(body, false, what);
    const r = [200, NO_HEADERS, null, BASIC];
    initialize(r, status, statusText, pairs, source, type, what);
    this.#r = r;
  }

  static error() {
    return create([0, NO_HEADERS, null, ERROR]);
  }

  static redirect(url, status = 302) {
    const what = "Failed to execute 'redirect' on 'Response'";
    const idl = webidl();
    idl.requireArgs(arguments.length, 1, what);
    url = idl.usvString(url);
    status = idl.unsignedShort(status, false, what);
    const href = idl.parseURL(url);
    if (href === null) throw new TypeErrorCtor(`${what}: Invalid URL: ${url}`);
    if (status !== 301 && status !== 302 && status !== 303 && status !== 307 && status !== 308) {
      throw new RangeErrorCtor(`${what}: Invalid status code ${status}`);
    }
    return create([status, ['location', href], null, REDIRECT]);
  }

  static json(data, init = undefined) {
    const what = "Failed to execute 'json' on 'Response'";
    webidl().requireArgs(arguments.length, 1, what);
    const [status, statusText, pairs] = convertInit(init, what);
    const text = JSONStringify(data);
    if (text === undefined) throw new TypeErrorCtor(`${what}: The data is not JSON serializable.`);
    const r = [200, NO_HEADERS, null, BASIC];
    initialize(r, status, statusText, pairs, text, 'application/json', what);
    return create(r);
  }

  get type() {
    return this.#r[OPTS].type;
  }

  get url() {
    return this.#r[OPTS].url;
  }

  get redirected() {
    return this.#r[OPTS].redirected;
  }

  get status() {
    return this.#r[STATUS];
  }

  get ok() {
    const s = this.#r[STATUS];
    return s >= 200 && s <= 299;
  }

  get statusText() {
    return this.#r[OPTS].statusText;
  }

  get headers() {
    const r = this.#r;
    let h = r[HEADERS];
    if (ArrayIsArray(h)) {
      h = r[HEADERS] = headersModule().wrapHeaderList(ObjectIsFrozen(h) ? h.slice() : h, r[OPTS].guard);
    }
    return h;
  }

  clone() {
    const r = this.#r;
    let body = r[BODY];
    let cloned = body;
    if (body === USED || (isStreamSource(body) && bodies().isUnusableStream(body))) {
      throw new TypeErrorCtor("Failed to execute 'clone' on 'Response': Response body is already used");
    }
    // A stream is teed; a buffered source is immutable, and both share it.
    if (isStreamSource(body)) [body, cloned] = bodies().cloneSource(body);
    r[BODY] = body;
    return create([r[STATUS], listOf(r).slice(), cloned, r[OPTS]]);
  }

  // Node's util.inspect protocol (as undici prints a Response).
  [INSPECT](depth, options, inspect) {
    const r = this.#r;
    const opts = r[OPTS];
    return inspector().inspectAs('Response', {
      status: r[STATUS],
      statusText: opts.statusText,
      headers: this.headers,
      body: this.body,
      bodyUsed: this.bodyUsed,
      ok: this.ok,
      redirected: opts.redirected,
      type: opts.type,
      url: opts.url,
    });
  }

  static {
    create = (r) => new Response(INTERNAL, r);

    // "Initialize a response" (status, statusText and headers from
    // ResponseInit) with an extracted body (source null for none).
    initialize = (r, status, statusText, pairs, source, type, what) => {
      if (status < 200 || status > 599) {
        throw new RangeErrorCtor(`${what}: The status provided (${status}) is outside the range [200, 599].`);
      }
      if (statusText !== '' && !REASON_PHRASE.test(statusText)) {
        throw new TypeErrorCtor(`${what}: Invalid statusText.`);
      }
      r[STATUS] = status;
      if (statusText !== '') r[OPTS] = { ...r[OPTS], statusText };
      let list = NO_HEADERS;
      if (pairs !== undefined) {
        list = [];
        headersModule().fillHeaders(list, GUARD_RESPONSE, pairs);
      }
      if (source !== null) {
        if (status === 101 || status === 103 || status === 204 || status === 205 || status === 304) {
          throw new TypeErrorCtor(`${what}: Response with null body status cannot have body`);
        }
        if (type !== null && !hasContentType(list)) {
          if (list === NO_HEADERS) list = type === TEXT_PLAIN ? TEXT_HEADERS : ['content-type', type];
          else list.push('content-type', type);
        }
      }
      r[HEADERS] = list;
      r[BODY] = source;
    };

    // The server bridge (see its export above); kept lean, it runs for
    // every HTTP response.
    takeResponseParts = (value) => {
      let r;
      try {
        r = value.#r;
      } catch {
        throw new TypeErrorCtor(`Expected a Response, not ${describe(value)}`);
      }
      let body = r[BODY];
      if (body === USED) throw new TypeErrorCtor('The Response body was already used or is in use');
      if (body !== null) {
        if (typeof body === 'string' || ArrayBufferIsView(body)) {
          r[BODY] = USED;
        } else if (isStreamSource(body)) {
          // The caller reads the stream, which disturbs it.
          if (bodies().isUnusableStream(body)) throw new TypeErrorCtor('The Response body was already used or is in use');
        } else {
          r[BODY] = USED;
          body = bodies().sourceBytes(body);
        }
      }
      const h = r[HEADERS];
      return [r[STATUS], r[OPTS].statusText, ArrayIsArray(h) ? h : listOf(r), body];
    };

    newNetworkResponse = (status, statusText, headers, body, url, redirected) => {
      // Registers streams as body sources (see fetch_util.js).
      if (body !== null) streams();
      const opts = {
        statusText, type: 'basic', url, redirected, guard: GUARD_IMMUTABLE,
      };
      return create([status, headers, body, opts]);
    };

    installBody(
      Response.prototype,
      'Response',
      (o) => o.#r[BODY],
      (o, source) => {
        o.#r[BODY] = source;
      },
      (o) => listOf(o.#r),
    );
  }
}

finishInterface(Response, 'Response');
