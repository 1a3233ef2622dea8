// The Request constructor's algorithm (Fetch Standard §5.4, "new
// Request(input, init)"), loaded on the first `new Request()`: requests
// the server makes (newIncomingRequest) never need it.

import {
  USED, isObject, isStreamSource, lazy, streams,
} from 'nanojs:fetch_util';
import {
  convertBodyInit, extractBody, isUnusableStream, proxyStream,
} from 'nanojs:body';
import {
  TOKEN, usvString, domString, byteString, enumValue, parseURL, lastURLHasCredentials,
  lastURLOrigin,
} from 'nanojs:fetch_webidl';

const ObjectFreeze = Object.freeze;
const ArrayIsArray = Array.isArray;
const TypeErrorCtor = TypeError;
const headersModule = lazy('nanojs:headers');
const abortModule = lazy('nanojs:abort');
const streamsUtilOf = lazy('nanojs:streams_util');

// Guards, numbered as in headers.js.
const GUARD_REQUEST = 1;
const GUARD_NO_CORS = 2;

// Record layout: see request.js.
const METHOD = 0;
const URL_ = 1;
const HEADERS = 2;
const BODY = 3;
const SIGNAL = 4;
const OPTS = 5;

const CACHE = ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'];
const CREDENTIALS = ['omit', 'same-origin', 'include'];
const DUPLEX = ['half'];
const MODE = ['navigate', 'same-origin', 'no-cors', 'cors'];
const PRIORITY = ['high', 'low', 'auto'];
const REDIRECT = ['follow', 'error', 'manual'];
const REFERRER_POLICY = [
  '', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
  'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url',
];
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/**
 * The attributes other than method, URL, headers, body and signal.
 * `referrer` is 'client', 'no-referrer' or a URL; `signal` is the signal
 * the request's own follows (null for none).
 */
function options(guard, mode, credentials, cache, redirect, referrer, referrerPolicy, integrity,
  keepalive, priority, reloadNavigation, historyNavigation, signal) {
  return {
    guard, mode, credentials, cache, redirect, referrer, referrerPolicy, integrity, keepalive,
    priority, reloadNavigation, historyNavigation, signal,
  };
}

// What `new Request(url)` starts from, and what the server's requests have.
const DEFAULTS = ObjectFreeze(options(GUARD_REQUEST, 'cors', 'same-origin', 'default', 'follow',
  'client', '', '', false, 'auto', false, false, null));

const listOf = (r) => {
  const h = r[HEADERS];
  return ArrayIsArray(h) ? h : headersModule().headerListOf(h);
};

/** RequestInit, converted in WebIDL order (members sorted): an object of
 * the members present, and whether any is. */
function convertInit(init, what) {
  const d = { __proto__: null, any: false };
  if (init === undefined || init === null) return d;
  if (!isObject(init)) throw new TypeErrorCtor(`${what}: The provided value is not of type 'RequestInit'.`);
  const get = (key) => {
    const v = init[key];
    if (v !== undefined) d.any = true;
    return v;
  };
  let v = get('body');
  if (v !== undefined) d.body = v === null ? null : convertBodyInit(v, what);
  if ((v = get('cache')) !== undefined) d.cache = enumValue(v, CACHE, 'RequestCache', what);
  if ((v = get('credentials')) !== undefined) d.credentials = enumValue(v, CREDENTIALS, 'RequestCredentials', what);
  if ((v = get('duplex')) !== undefined) d.duplex = enumValue(v, DUPLEX, 'RequestDuplex', what);
  if ((v = get('headers')) !== undefined) d.headers = headersModule().convertHeadersInit(v, what);
  if ((v = get('integrity')) !== undefined) d.integrity = domString(v);
  if ((v = get('keepalive')) !== undefined) d.keepalive = !!v;
  if ((v = get('method')) !== undefined) d.method = byteString(v, what);
  if ((v = get('mode')) !== undefined) d.mode = enumValue(v, MODE, 'RequestMode', what);
  if ((v = get('priority')) !== undefined) d.priority = enumValue(v, PRIORITY, 'RequestPriority', what);
  if ((v = get('redirect')) !== undefined) d.redirect = enumValue(v, REDIRECT, 'RequestRedirect', what);
  if ((v = get('referrer')) !== undefined) d.referrer = usvString(v);
  if ((v = get('referrerPolicy')) !== undefined) {
    d.referrerPolicy = enumValue(v, REFERRER_POLICY, 'ReferrerPolicy', what);
  }
  if ((v = get('signal')) !== undefined) {
    if (v !== null && !(isObject(v) && abortModule().isAbortSignal(v))) {
      throw new TypeErrorCtor(`${what}: Failed to read the 'signal' property from 'RequestInit': The provided value is not of type 'AbortSignal'.`);
    }
    d.signal = v;
  }
  if ((v = get('window')) !== undefined) d.window = v;
  return d;
}

function parseRequestURL(input, what) {
  const href = parseURL(input);
  if (href === null) throw new TypeErrorCtor(`${what}: Invalid URL: ${input}`);
  if (lastURLHasCredentials()) {
    throw new TypeErrorCtor(`${what}: Request cannot be constructed from a URL that includes credentials: ${input}`);
  }
  return href;
}

/** The current origin (for referrers): location's, or none. */
function currentOrigin() {
  const loc = globalThis.location;
  return loc === undefined || loc === null ? null : `${loc.origin}`;
}

/**
 * The record of `new Request(input, init)`: `request` is the record of
 * `input` when it is a Request, else null.
 */
export function createRequest(request, input, init, what) {
  const url = request === null ? usvString(input) : null;
  const d = convertInit(init, what);
  const base = request === null ? DEFAULTS : request[OPTS];
  let href;
  let fallbackMode = null;
  if (request === null) {
    href = parseRequestURL(url, what);
    fallbackMode = 'cors';
  } else {
    href = request[URL_];
  }
  if (d.window !== undefined && d.window !== null) {
    throw new TypeErrorCtor(`${what}: 'window' must be null.`);
  }
  let mode = base.mode;
  let reloadNavigation = base.reloadNavigation;
  let historyNavigation = base.historyNavigation;
  let referrer = base.referrer;
  let referrerPolicy = base.referrerPolicy;
  if (d.any) {
    if (mode === 'navigate') mode = 'same-origin';
    reloadNavigation = false;
    historyNavigation = false;
    referrer = 'client';
    referrerPolicy = '';
  }
  if (d.referrer !== undefined) {
    if (d.referrer === '') {
      referrer = 'no-referrer';
    } else {
      const parsed = parseURL(d.referrer);
      if (parsed === null) throw new TypeErrorCtor(`${what}: Invalid referrer URL: ${d.referrer}`);
      const origin = lastURLOrigin(parsed);
      referrer = parsed === 'about:client' || origin === 'null' || origin !== currentOrigin()
        ? 'client' : parsed;
    }
  }
  if (d.referrerPolicy !== undefined) referrerPolicy = d.referrerPolicy;
  const initMode = d.mode !== undefined ? d.mode : fallbackMode;
  if (initMode === 'navigate') throw new TypeErrorCtor(`${what}: Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.`);
  if (initMode !== null) mode = initMode;
  const credentials = d.credentials !== undefined ? d.credentials : base.credentials;
  const cache = d.cache !== undefined ? d.cache : base.cache;
  if (cache === 'only-if-cached' && mode !== 'same-origin') {
    throw new TypeErrorCtor(`${what}: 'only-if-cached' can be set only with 'same-origin' mode`);
  }
  const redirect = d.redirect !== undefined ? d.redirect : base.redirect;
  const integrity = d.integrity !== undefined ? d.integrity : base.integrity;
  const keepalive = d.keepalive !== undefined ? d.keepalive : base.keepalive;
  let method = request === null ? 'GET' : request[METHOD];
  if (d.method !== undefined) {
    method = d.method;
    if (!TOKEN.test(method)) throw new TypeErrorCtor(`${what}: '${method}' is not a valid HTTP method.`);
    const upper = method.toUpperCase();
    if (upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK') {
      throw new TypeErrorCtor(`${what}: '${method}' HTTP method is unsupported.`);
    }
    if (NORMALIZED_METHODS.includes(upper)) method = upper;
  }
  let signal = request === null ? null : request[SIGNAL] !== null ? request[SIGNAL] : base.signal;
  if (d.signal !== undefined) signal = d.signal;
  const priority = d.priority !== undefined ? d.priority : base.priority;
  let guard = GUARD_REQUEST;
  if (mode === 'no-cors') {
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
      throw new TypeErrorCtor(`${what}: '${method}' is unsupported in no-cors mode.`);
    }
    guard = GUARD_NO_CORS;
  }
  let list;
  if (!d.any) {
    list = request === null ? [] : listOf(request).slice();
  } else {
    list = [];
    const H = d.headers !== undefined || request !== null ? headersModule() : null;
    if (d.headers !== undefined) {
      H.fillHeaders(list, guard, d.headers);
    } else if (request !== null) {
      const from = listOf(request);
      for (let i = 0; i < from.length; i += 2) H.appendHeader(list, guard, from[i], from[i + 1]);
    }
  }
  const inputBody = request === null ? null : request[BODY];
  const initBody = d.body === undefined ? null : d.body;
  if ((initBody !== null || inputBody !== null) && (method === 'GET' || method === 'HEAD')) {
    throw new TypeErrorCtor(`${what}: Request with GET/HEAD method cannot have body.`);
  }
  let body = null;
  let type = null;
  if (initBody !== null) [body, type] = extractBody(initBody, keepalive, what);
  if (type !== null) {
    let has = false;
    for (let i = 0; i < list.length; i += 2) if (list[i] === 'content-type') has = true;
    if (!has) {
      if (guard === GUARD_REQUEST) list.push('content-type', type);
      else headersModule().appendHeader(list, guard, 'content-type', type);
    }
  }
  // A stream body (a body without a source, in the spec's terms): only
  // half duplex, and only in same-origin and cors modes.
  if (isStreamSource(initBody !== null ? body : inputBody)) {
    if (initBody !== null && d.duplex === undefined) {
      throw new TypeErrorCtor(`${what}: The duplex member must be specified for a request with a ReadableStream body.`);
    }
    if (mode !== 'same-origin' && mode !== 'cors') {
      throw new TypeErrorCtor(`${what}: A request with a ReadableStream body must have mode 'same-origin' or 'cors'.`);
    }
  }
  if (initBody === null && inputBody !== null) {
    if (inputBody === USED || (isStreamSource(inputBody) && isUnusableStream(inputBody))) {
      throw new TypeErrorCtor(`${what}: Cannot construct a Request with a Request object that has already been used.`);
    }
    // The new request takes the body over ("create a proxy"): a buffered
    // source moves; a stream is piped into a new one. The input is used.
    if (isStreamSource(inputBody)) {
      body = proxyStream(inputBody);
    } else {
      body = inputBody;
      request[BODY] = USED;
    }
  } else if (inputBody !== null && inputBody !== USED) {
    // Replaced by init's body, the input's is still used up (as browsers
    // do, and WPT's request-disturbed tests expect): a stream is locked,
    // disturbed and cancelled.
    if (!isStreamSource(inputBody)) {
      request[BODY] = USED;
    } else if (!isUnusableStream(inputBody)) {
      const S = streams();
      S.acquireReadableStreamDefaultReader(inputBody);
      streamsUtilOf().setPromiseIsHandledToTrue(S.readableStreamCancel(inputBody, undefined));
    }
  }
  return [method, href, list, body, null, options(guard, mode, credentials, cache, redirect,
    referrer, referrerPolicy, integrity, keepalive, priority, reloadNavigation,
    historyNavigation, signal)];
}
