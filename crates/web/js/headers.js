// Headers (Fetch Standard §5.2).
//
// A header list is a flat array [name0, value0, name1, value1, ...] with
// lower-case names (the spec keeps a name's casing, but nothing a script can
// see exposes it) and normalized values. Request and Response keep their
// header list themselves and wrap it in a Headers object only when their
// `headers` is first read; the Headers object then changes that same array
// in place. Iteration ("sort and combine") is cached until the next change.
//
// Internal API for Request and Response: `wrapHeaderList`, `headerListOf`,
// `convertHeadersInit` (WebIDL HeadersInit to a flat list), `fillHeaders`,
// `appendHeader`, and the GUARD_* constants.

import { INSPECT, isObject, lazy, finishInterface } from 'nanojs:fetch_util';
import {
  TOKEN, requireArgs, byteString, pairIterator, forEachPair, iterableEntries, KEYS, VALUES,
  ENTRIES,
} from 'nanojs:fetch_webidl';

export const GUARD_NONE = 0;
export const GUARD_REQUEST = 1;
export const GUARD_NO_CORS = 2;
export const GUARD_RESPONSE = 3;
export const GUARD_IMMUTABLE = 4;

// The spec's forbidden request-headers and forbidden response-header names
// are browser rules (the user agent owns these headers, cookies included).
// Server runtimes (Node, Deno, Cloudflare Workers) do not apply them, and a
// server app needs `Set-Cookie` on its responses and must be able to copy
// an incoming request with its `Cookie` and `Host`: nanojs follows them.
// Each rule stays one switch (WPT counts the browser behaviour).
const FORBID_REQUEST_HEADERS = false;
const FORBID_RESPONSE_HEADERS = false;

const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const StringToLowerCase = String.prototype.toLowerCase;
const TypeErrorCtor = TypeError;
const formOps = lazy('nanojs:internal/form_data');
const inspector = lazy('nanojs:console');

const lower = (s) => ReflectApply(StringToLowerCase, s, []);

// A value's leading or trailing HTTP whitespace, and what no value may hold.
const SURROUNDING_WHITESPACE = /^[\t\n\r ]|[\t\n\r ]$/;
const BAD_VALUE = /[\0\n\r]/;

/** "Normalize" a header value: strip leading and trailing HTTP whitespace. */
function normalize(value) {
  if (!SURROUNDING_WHITESPACE.test(value)) return value;
  let start = 0;
  let end = value.length;
  const ws = (c) => c === 9 || c === 10 || c === 13 || c === 32;
  while (start < end && ws(value.charCodeAt(start))) start++;
  while (end > start && ws(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

function checkName(name) {
  if (!TOKEN.test(name)) throw new TypeErrorCtor(`Invalid header name: "${name}"`);
}

const FORBIDDEN_REQUEST = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers',
  'access-control-request-method',
  // Private Network Access adds this one (WPT expects it).
  'access-control-request-private-network',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host',
  'keep-alive', 'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'via',
]);
const METHOD_OVERRIDES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

function isForbiddenMethod(m) {
  const u = lower(m);
  return u === 'connect' || u === 'trace' || u === 'track';
}

/** Fetch's "getting, decoding, and splitting" of one value: split on commas
 * outside quoted strings, trimming tabs and spaces. */
function splitValue(value) {
  const out = [];
  let current = '';
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === undefined || c === ',') {
      out.push(current.replace(/^[\t ]+|[\t ]+$/g, ''));
      current = '';
    } else if (c === '"') {
      let j = i + 1;
      while (j < value.length && value[j] !== '"') j += value[j] === '\\' ? 2 : 1;
      current += value.slice(i, j + 1);
      i = j;
    } else {
      current += c;
    }
  }
  return out;
}

function isForbiddenRequestHeader(name, value) {
  if (FORBIDDEN_REQUEST.has(name) || name.startsWith('proxy-') || name.startsWith('sec-')) return true;
  if (METHOD_OVERRIDES.has(name)) {
    const methods = splitValue(value);
    for (let i = 0; i < methods.length; i++) if (isForbiddenMethod(methods[i])) return true;
  }
  return false;
}

const NO_CORS_NAMES = new Set(['accept', 'accept-language', 'content-language', 'content-type']);
const CORS_UNSAFE = /[\0-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;
const LANGUAGE = /^[0-9A-Za-z *,\-.;=]*$/;
const SAFE_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain',
]);

/** "no-CORS-safelisted request-header" (lower-case name). */
function isNoCorsSafelisted(name, value) {
  if (!NO_CORS_NAMES.has(name) || value.length > 128) return false;
  switch (name) {
    case 'accept':
      return !CORS_UNSAFE.test(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE.test(value);
    default: {
      if (CORS_UNSAFE.test(value)) return false;
      const essence = formOps().parseMime(value);
      return essence !== null && SAFE_CONTENT_TYPES.has(essence);
    }
  }
}

/** "Validate" (name, value) for a guard: throws for invalid headers and
 * immutable lists; false when the guard drops the header. */
function validate(name, lname, value, guard) {
  checkName(name);
  if (BAD_VALUE.test(value)) throw new TypeErrorCtor(`Invalid value for header "${name}"`);
  if (guard === GUARD_IMMUTABLE) throw new TypeErrorCtor('Headers are immutable');
  if (guard === GUARD_REQUEST) return !(FORBID_REQUEST_HEADERS && isForbiddenRequestHeader(lname, value));
  if (guard === GUARD_RESPONSE) {
    return !(FORBID_RESPONSE_HEADERS && (lname === 'set-cookie' || lname === 'set-cookie2'));
  }
  return true;
}

/** The combined value of `name` (lower-case) in a list, or null. */
function getValue(list, name) {
  let out = null;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === name) out = out === null ? list[i + 1] : `${out}, ${list[i + 1]}`;
  }
  return out;
}

function removeName(list, name) {
  let j = 0;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === name) continue;
    list[j++] = list[i];
    list[j++] = list[i + 1];
  }
  list.length = j;
}

// "Remove privileged no-CORS request-headers".
function removePrivileged(list) {
  removeName(list, 'range');
}

/** Headers' "append" into a header list under a guard. */
export function appendHeader(list, guard, name, value) {
  value = normalize(value);
  const lname = lower(name);
  if (!validate(name, lname, value, guard)) return;
  if (guard === GUARD_NO_CORS) {
    const prev = getValue(list, lname);
    if (!isNoCorsSafelisted(lname, prev === null ? value : `${prev}, ${value}`)) return;
  }
  list.push(lname, value);
  if (guard === GUARD_NO_CORS) removePrivileged(list);
}

function setHeader(list, guard, name, value) {
  value = normalize(value);
  const lname = lower(name);
  if (!validate(name, lname, value, guard)) return;
  if (guard === GUARD_NO_CORS && !isNoCorsSafelisted(lname, value)) return;
  // The first one takes the value; the others go.
  let found = false;
  let j = 0;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === lname) {
      if (found) continue;
      found = true;
      list[j++] = lname;
      list[j++] = value;
    } else {
      list[j++] = list[i];
      list[j++] = list[i + 1];
    }
  }
  list.length = j;
  if (!found) list.push(lname, value);
  if (guard === GUARD_NO_CORS) removePrivileged(list);
}

function deleteHeader(list, guard, name) {
  const lname = lower(name);
  if (!validate(name, lname, '', guard)) return;
  if (guard === GUARD_NO_CORS && !NO_CORS_NAMES.has(lname) && lname !== 'range') return;
  removeName(list, lname);
  if (guard === GUARD_NO_CORS) removePrivileged(list);
}

/** "Sort and combine": names sorted, values of a name combined, except
 * set-cookie values, which stay separate. A flat list. */
function sortAndCombine(list) {
  const n = list.length >> 1;
  const order = new Array(n);
  for (let i = 0; i < n; i++) order[i] = 2 * i;
  // Stable: equal names keep list order.
  order.sort((a, b) => (list[a] < list[b] ? -1 : list[a] > list[b] ? 1 : a - b));
  const out = [];
  for (let k = 0; k < n; k++) {
    const name = list[order[k]];
    let value = list[order[k] + 1];
    if (name !== 'set-cookie') {
      while (k + 1 < n && list[order[k + 1]] === name) value = `${value}, ${list[order[++k] + 1]}`;
    }
    out.push(name, value);
  }
  return out;
}

// A bad-length inner sequence in a converted HeadersInit: "fill" throws on
// it (after the conversion, as the spec orders it).
const BAD_PAIR = Symbol('bad pair');

// Passed to the constructor to make an empty object for `wrap`.
const INTERNAL = Symbol('Headers state');

let sortedOf; // (headers) => sorted and combined list
let wrap; // (list, guard) => Headers
let listOf; // (headers) => its header list
let copyFrom; // (value) => a Headers' sorted list (a copy), or null
let entriesFn;
let newIterator;

export class Headers {
  #list;
  #guard;
  #sorted = null;

  constructor(init = undefined) {
    if (init === INTERNAL) return;
    this.#list = [];
    this.#guard = GUARD_NONE;
    if (init !== undefined) fillHeaders(this.#list, GUARD_NONE, convertHeadersInit(init, "Failed to construct 'Headers'"));
  }

  append(name, value) {
    const list = this.#list;
    const what = "Failed to execute 'append' on 'Headers'";
    requireArgs(arguments.length, 2, what);
    appendHeader(list, this.#guard, byteString(name, what), byteString(value, what));
    this.#sorted = null;
  }

  delete(name) {
    const list = this.#list;
    const what = "Failed to execute 'delete' on 'Headers'";
    requireArgs(arguments.length, 1, what);
    deleteHeader(list, this.#guard, byteString(name, what));
    this.#sorted = null;
  }

  get(name) {
    const list = this.#list;
    const what = "Failed to execute 'get' on 'Headers'";
    requireArgs(arguments.length, 1, what);
    name = byteString(name, what);
    checkName(name);
    return getValue(list, lower(name));
  }

  getSetCookie() {
    const list = this.#list;
    const out = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === 'set-cookie') out.push(list[i + 1]);
    return out;
  }

  has(name) {
    const list = this.#list;
    const what = "Failed to execute 'has' on 'Headers'";
    requireArgs(arguments.length, 1, what);
    name = byteString(name, what);
    checkName(name);
    const lname = lower(name);
    for (let i = 0; i < list.length; i += 2) if (list[i] === lname) return true;
    return false;
  }

  set(name, value) {
    const list = this.#list;
    const what = "Failed to execute 'set' on 'Headers'";
    requireArgs(arguments.length, 2, what);
    setHeader(list, this.#guard, byteString(name, what), byteString(value, what));
    this.#sorted = null;
  }

  entries() {
    this.#list;
    return newIterator(this, ENTRIES);
  }

  keys() {
    this.#list;
    return newIterator(this, KEYS);
  }

  values() {
    this.#list;
    return newIterator(this, VALUES);
  }

  forEach(callback, thisArg = undefined) {
    this.#list;
    const what = "Failed to execute 'forEach' on 'Headers'";
    requireArgs(arguments.length, 1, what);
    forEachPair(this, sortedOf, callback, thisArg, what);
  }

  // Node's util.inspect protocol: `Headers { 'content-type': 'text/plain' }`
  // (names in first-seen order, values combined as `get` gives them).
  [INSPECT](depth, options, inspect) {
    const list = this.#list;
    const fields = {};
    for (let i = 0; i < list.length; i += 2) {
      const name = list[i];
      if (!Object.hasOwn(fields, name)) {
        Object.defineProperty(fields, name, {
          value: getValue(list, name), enumerable: true, writable: true, configurable: true,
        });
      }
    }
    return inspector().inspectAs('Headers', fields);
  }

  static {
    sortedOf = (h) => {
      let s = h.#sorted;
      if (s === null) s = h.#sorted = sortAndCombine(h.#list);
      return s;
    };
    listOf = (h) => h.#list;
    wrap = (list, guard) => {
      const h = new Headers(INTERNAL);
      h.#list = list;
      h.#guard = guard;
      return h;
    };
    copyFrom = (v) => {
      if (!isObject(v) || !(#list in v)) return null;
      return sortedOf(v).slice();
    };
  }
}

newIterator = pairIterator('Headers', sortedOf);
finishInterface(Headers, 'Headers');
iterableEntries(Headers);
entriesFn = Headers.prototype.entries;
const iteratorNext = Object.getPrototypeOf(newIterator(new Headers(), KEYS)).next;
const ITERATOR_PROTO = Object.getPrototypeOf(newIterator(new Headers(), KEYS));

/** A Headers object over `list` (no copy), with `guard`. */
export function wrapHeaderList(list, guard) {
  return wrap(list, guard);
}

/** The header list of a Headers object (not a copy). */
export function headerListOf(headers) {
  return listOf(headers);
}

function convertSequence(init, method, what) {
  const out = [];
  const it = ReflectApply(method, init, []);
  if (!isObject(it)) throw new TypeErrorCtor(`${what}: The iterator is not an object.`);
  const next = it.next;
  for (;;) {
    const r = ReflectApply(next, it, []);
    if (!isObject(r)) throw new TypeErrorCtor(`${what}: The iterator result is not an object.`);
    if (r.done) break;
    const pair = r.value;
    const inner = isObject(pair) ? pair[Symbol.iterator] : undefined;
    if (typeof inner !== 'function') {
      throw new TypeErrorCtor(`${what}: The provided value cannot be converted to a sequence.`);
    }
    const items = [];
    for (const item of { [Symbol.iterator]: () => ReflectApply(inner, pair, []) }) {
      items.push(byteString(item, what));
    }
    if (items.length === 2) out.push(items[0], items[1]);
    else out.push(BAD_PAIR, items.length);
  }
  return out;
}

/**
 * WebIDL conversion of a HeadersInit (sequence<sequence<ByteString>> or
 * record<ByteString, ByteString>) to a flat list for `fillHeaders`.
 */
export function convertHeadersInit(init, what) {
  if (!isObject(init)) {
    throw new TypeErrorCtor(`${what}: The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.`);
  }
  const method = init[Symbol.iterator];
  if (method !== undefined && method !== null) {
    if (typeof method !== 'function') throw new TypeErrorCtor(`${what}: @@iterator is not callable.`);
    // A Headers object iterates its sorted list: copy it without the
    // iterator protocol when nothing observable is patched.
    if (method === entriesFn && ITERATOR_PROTO.next === iteratorNext) {
      const copy = copyFrom(init);
      if (copy !== null) return copy;
    }
    return convertSequence(init, method, what);
  }
  const out = [];
  const keys = ReflectOwnKeys(init);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const desc = ReflectGetOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    const name = byteString(key, what);
    out.push(name, byteString(init[key], what));
  }
  return out;
}

/** "Fill" a header list from a converted HeadersInit, under a guard. */
export function fillHeaders(list, guard, pairs) {
  for (let i = 0; i < pairs.length; i += 2) {
    if (pairs[i] === BAD_PAIR) {
      throw new TypeErrorCtor(`Headers init: a header must be a [name, value] pair, not ${pairs[i + 1]} values.`);
    }
    appendHeader(list, guard, pairs[i], pairs[i + 1]);
  }
}
