// URL and URLSearchParams (https://url.spec.whatwg.org/), and the File API's
// URL.createObjectURL() / revokeObjectURL() with this isolate's blob URL store.
//
// Parsing and setters are native (`nanojs:internal/url`, the `url` crate). A
// URL holds a "record", [href, ...component offsets] (layout in
// crates/web/src/url.rs), built from one native call, so `new URL(x)` costs
// one native parse and every getter is a string slice. The search params
// object is created on first access and kept in sync both ways: its updates
// splice the serialized query into the href without a re-parse.

import * as op from 'nanojs:internal/url';
import { builtin } from 'nanojs:host';

// Record indices.
const HREF = 0;
const SCHEME_END = 1;
const USER_START = 2;
const USER_END = 3;
const PASS_START = 4;
const PASS_END = 5;
const HOST_START = 6;
const HOST_END = 7;
const PORT_START = 8;
const PORT_END = 9;
const PATH_START = 10;
const PATH_END = 11;
const QUERY_END = 12;

// Setter kinds (same numbering as url.rs).
const SET_PROTOCOL = 0;
const SET_USERNAME = 1;
const SET_PASSWORD = 2;
const SET_HOST = 3;
const SET_HOSTNAME = 4;
const SET_PORT = 5;
const SET_PATHNAME = 6;
const SET_SEARCH = 7;
const SET_HASH = 8;

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const ANSI = /\x1b\[[0-9;]*m/g;
// Lets URL.parse build a URL from an already parsed record.
const FROM_RECORD = Symbol('URL record');

// WebIDL USVString conversion: ToString (throws on symbols), then lone
// surrogates become U+FFFD.
function usv(v) {
  const s = typeof v === 'string' ? v : `${v}`;
  return s.isWellFormed() ? s : s.toWellFormed();
}

function requireArgs(count, required, iface, method) {
  if (count < required) {
    const what = method === undefined ? `construct '${iface}'` : `execute '${method}' on '${iface}'`;
    throw new TypeError(
      `Failed to ${what}: ${required} argument${required === 1 ? '' : 's'} required, but only ${count} present.`,
    );
  }
}

// --- application/x-www-form-urlencoded ------------------------------------

// Parses into a flat [name, value, ...] list (native: percent-decoding and
// UTF-8 decoding with replacement, faster than the JS equivalent).
function parseForm(s) {
  return s === '' ? [] : op.parseForm(s);
}

// The urlencoded serializer over a flat list.
function serializeForm(list) {
  return list.length === 0 ? '' : op.serializeForm(list);
}

// --- URL -------------------------------------------------------------------

// Native ops write the component offsets here and return the href.
const OFFSETS = new Uint32Array(12);

function record(href) {
  if (href === null) return null;
  const o = OFFSETS;
  return [href, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10], o[11]];
}

function parse(input, base) {
  return record(base === undefined ? op.parse(OFFSETS, input) : op.parse(OFFSETS, input, base));
}

function set(c, kind, value) {
  return record(op.set(OFFSETS, c[HREF], kind, value));
}

function slice(c, start, end) {
  return c[HREF].slice(c[start], c[end]);
}

// Origin of a URL record (ASCII serialization).
function originOf(c) {
  const href = c[HREF];
  const scheme = href.slice(0, c[SCHEME_END]);
  switch (scheme) {
    case 'http':
    case 'https':
    case 'ws':
    case 'wss':
    case 'ftp':
      return `${scheme}://${href.slice(c[HOST_START], c[PORT_END])}`;
    case 'blob': {
      const inner = parse(href.slice(c[PATH_START], c[PATH_END]));
      if (inner !== null) {
        const s = inner[HREF].slice(0, inner[SCHEME_END]);
        if (s === 'http' || s === 'https') return originOf(inner);
      }
      return 'null';
    }
    default:
      return 'null';
  }
}

// --- blob URL store (File API §8) ---------------------------------------------

// Blob URL (href, no fragment) -> Blob. Per isolate, as this module is. A URL
// keeps its blob alive until revoked.
const blobURLStore = new Map();
// Loaded on first use, so that URL alone does not load Blob or crypto.
let isBlobFn = null;
let randomUUIDFn = null;

// The origin of this isolate's blob URLs: `location.origin` when the global
// has a location, else the opaque origin, serialized as "null".
function currentOrigin() {
  const loc = globalThis.location;
  if (loc === null || (typeof loc !== 'object' && typeof loc !== 'function')) return 'null';
  const origin = loc.origin;
  return typeof origin === 'string' ? origin : 'null';
}

/**
 * "Resolve a blob URL": the Blob that `url` (a string) names in the store,
 * or null. A fragment is ignored; a query or extra path is a different URL.
 */
export function resolveObjectURL(url) {
  const c = parse(usv(url), undefined);
  if (c === null || c[SCHEME_END] !== 4 || c[HREF].slice(0, 4) !== 'blob') return null;
  const blob = blobURLStore.get(c[HREF].slice(0, c[QUERY_END]));
  return blob === undefined ? null : blob;
}

// Private-state access across the two classes (set in static blocks).
let paramsForURL; // (url, query) => URLSearchParams
let paramsReplaceList; // (params, query) => void
let paramsList; // (params) => list
let urlSetQuery; // (url, serialized) => void

export class URL {
  #c;
  #params = null;

  constructor(url, base = undefined) {
    if (url === FROM_RECORD) {
      this.#c = base;
      return;
    }
    // No argument-count check: a missing `url` converts to "undefined", which
    // fails to parse and throws the same TypeError (and `arguments` costs).
    url = usv(url);
    if (base !== undefined) base = usv(base);
    const c = parse(url, base);
    if (c === null) {
      throw new TypeError(
        base === undefined ? `Invalid URL: ${url}` : `Invalid URL: ${url} (base: ${base})`,
      );
    }
    this.#c = c;
  }

  static parse(url, base = undefined) {
    requireArgs(arguments.length, 1, 'URL', 'parse');
    url = usv(url);
    const c = parse(url, base === undefined ? undefined : usv(base));
    return c === null ? null : new URL(FROM_RECORD, c);
  }

  static canParse(url, base = undefined) {
    requireArgs(arguments.length, 1, 'URL', 'canParse');
    url = usv(url);
    return base === undefined ? op.canParse(url) : op.canParse(url, usv(base));
  }

  static createObjectURL(obj) {
    requireArgs(arguments.length, 1, 'URL', 'createObjectURL');
    if (isBlobFn === null) isBlobFn = builtin('nanojs:blob').isBlob;
    // (Blob or MediaSource); there is no MediaSource here.
    if (!isBlobFn(obj)) {
      throw new TypeError(
        "Failed to execute 'createObjectURL' on 'URL': parameter 1 is not of type 'Blob'.",
      );
    }
    if (randomUUIDFn === null) randomUUIDFn = builtin('nanojs:internal/crypto').randomUUID;
    const url = `blob:${currentOrigin()}/${randomUUIDFn()}`;
    // Keyed by the parsed form, which lookups compare with (the same string
    // unless a strange `location.origin` needs escaping).
    const c = parse(url, undefined);
    blobURLStore.set(c === null ? url : c[HREF], obj);
    return url;
  }

  static revokeObjectURL(url) {
    requireArgs(arguments.length, 1, 'URL', 'revokeObjectURL');
    const c = parse(usv(url), undefined);
    if (c === null || c[SCHEME_END] !== 4 || c[HREF].slice(0, 4) !== 'blob') return;
    // Only an exact match revokes: a URL with a fragment names no entry.
    blobURLStore.delete(c[HREF]);
  }

  static {
    urlSetQuery = (url, serialized) => {
      const c = url.#c;
      if (serialized === '') {
        // Clearing the query may strip trailing spaces of an opaque path.
        url.#c = set(c, SET_SEARCH, '');
        return;
      }
      // The serializer's output is already query-safe: splice it in.
      const href = c[HREF];
      const start = c[PATH_END];
      const end = c[QUERY_END];
      c[HREF] = `${href.slice(0, start)}?${serialized}${href.slice(end)}`;
      c[QUERY_END] = start + 1 + serialized.length;
    };
  }

  #set(kind, value) {
    const c = this.#c;
    this.#c = set(c, kind, usv(value));
  }

  #queryChanged() {
    const params = this.#params;
    if (params !== null) {
      const c = this.#c;
      paramsReplaceList(params, c[HREF].slice(c[PATH_END] + 1, c[QUERY_END]));
    }
  }

  get href() {
    return this.#c[HREF];
  }

  set href(value) {
    this.#c; // brand check before conversion
    value = usv(value);
    const c = parse(value, undefined);
    if (c === null) throw new TypeError(`Invalid URL: ${value}`);
    this.#c = c;
    this.#queryChanged();
  }

  get origin() {
    return originOf(this.#c);
  }

  get protocol() {
    const c = this.#c;
    return c[HREF].slice(0, c[SCHEME_END] + 1);
  }

  set protocol(value) {
    this.#set(SET_PROTOCOL, value);
  }

  get username() {
    return slice(this.#c, USER_START, USER_END);
  }

  set username(value) {
    this.#set(SET_USERNAME, value);
  }

  get password() {
    return slice(this.#c, PASS_START, PASS_END);
  }

  set password(value) {
    this.#set(SET_PASSWORD, value);
  }

  get host() {
    return slice(this.#c, HOST_START, PORT_END);
  }

  set host(value) {
    this.#set(SET_HOST, value);
  }

  get hostname() {
    return slice(this.#c, HOST_START, HOST_END);
  }

  set hostname(value) {
    this.#set(SET_HOSTNAME, value);
  }

  get port() {
    return slice(this.#c, PORT_START, PORT_END);
  }

  set port(value) {
    this.#set(SET_PORT, value);
  }

  get pathname() {
    return slice(this.#c, PATH_START, PATH_END);
  }

  set pathname(value) {
    this.#set(SET_PATHNAME, value);
  }

  get search() {
    const c = this.#c;
    const start = c[PATH_END];
    const end = c[QUERY_END];
    return end - start <= 1 ? '' : c[HREF].slice(start, end);
  }

  set search(value) {
    this.#set(SET_SEARCH, value);
    this.#queryChanged();
  }

  get searchParams() {
    let params = this.#params;
    if (params === null) {
      const c = this.#c;
      params = paramsForURL(this, c[HREF].slice(c[PATH_END] + 1, c[QUERY_END]));
      this.#params = params;
    }
    return params;
  }

  get hash() {
    const c = this.#c;
    const href = c[HREF];
    const start = c[QUERY_END];
    return href.length - start <= 1 ? '' : href.slice(start);
  }

  set hash(value) {
    this.#set(SET_HASH, value);
  }

  toString() {
    return this.#c[HREF];
  }

  toJSON() {
    return this.#c[HREF];
  }

  // Node's util.inspect protocol, called as (depth, options, inspect): prints
  // as `URL { href: ..., ... }`. Without an inspect function (a direct call)
  // it returns the fields as a plain object.
  [INSPECT](depth, options, inspect) {
    this.#c;
    if (typeof depth === 'number' && depth < 0) return this;
    const obj = {
      __proto__: { constructor: URL },
      href: this.href,
      origin: this.origin,
      protocol: this.protocol,
      username: this.username,
      password: this.password,
      host: this.host,
      hostname: this.hostname,
      port: this.port,
      pathname: this.pathname,
      search: this.search,
      searchParams: this.searchParams,
      hash: this.hash,
    };
    return typeof inspect === 'function' ? `URL ${inspect(obj, options)}` : obj;
  }
}

// --- URLSearchParams -------------------------------------------------------

const ITERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const KIND_KEYS = 0;
const KIND_VALUES = 1;
const KIND_ENTRIES = 2;

let newIterator; // (params, kind) => iterator
let entriesFn;
let iteratorNext;

export class URLSearchParams {
  // Flat list: [name0, value0, name1, value1, ...]. For the params of a URL
  // it starts as the URL's query string, parsed on first use (`get` reads the
  // string natively, so `url.searchParams.get(x)` builds no list).
  #list = [];
  #url = null;

  #items() {
    const list = this.#list;
    return typeof list === 'string' ? (this.#list = parseForm(list)) : list;
  }

  constructor(init = undefined) {
    if (init === undefined) return;
    if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
      if (
        #list in init &&
        init[Symbol.iterator] === entriesFn &&
        ITERATOR.next === iteratorNext
      ) {
        this.#list = init.#items().slice();
        return;
      }
      const method = init[Symbol.iterator];
      if (method !== undefined && method !== null) {
        if (typeof method !== 'function') {
          throw new TypeError("Failed to construct 'URLSearchParams': @@iterator is not callable");
        }
        this.#list = listFromSequence(init, method);
      } else {
        this.#list = listFromRecord(init);
      }
      return;
    }
    let s = usv(init);
    if (s.charCodeAt(0) === 0x3f) s = s.slice(1);
    this.#list = parseForm(s);
  }

  static {
    paramsForURL = (url, query) => {
      const params = new URLSearchParams();
      params.#list = query;
      params.#url = url;
      return params;
    };
    paramsReplaceList = (params, query) => {
      params.#list = query;
    };
    paramsList = (params) => params.#items();
  }

  #update() {
    const url = this.#url;
    if (url !== null) urlSetQuery(url, serializeForm(this.#items()));
  }

  get size() {
    return this.#items().length >> 1;
  }

  append(name, value) {
    const list = this.#items();
    requireArgs(arguments.length, 2, 'URLSearchParams', 'append');
    list.push(usv(name), usv(value));
    this.#update();
  }

  delete(name, value = undefined) {
    const list = this.#items();
    requireArgs(arguments.length, 1, 'URLSearchParams', 'delete');
    name = usv(name);
    if (value !== undefined) value = usv(value);
    let j = 0;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) continue;
      list[j++] = list[i];
      list[j++] = list[i + 1];
    }
    list.length = j;
    this.#update();
  }

  get(name) {
    const list = this.#list;
    requireArgs(arguments.length, 1, 'URLSearchParams', 'get');
    name = usv(name);
    if (typeof list === 'string') return list === '' ? null : op.formGet(list, name);
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name) return list[i + 1];
    }
    return null;
  }

  getAll(name) {
    const list = this.#items();
    requireArgs(arguments.length, 1, 'URLSearchParams', 'getAll');
    name = usv(name);
    const out = [];
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name) out.push(list[i + 1]);
    }
    return out;
  }

  has(name, value = undefined) {
    const list = this.#items();
    requireArgs(arguments.length, 1, 'URLSearchParams', 'has');
    name = usv(name);
    if (value !== undefined) value = usv(value);
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) return true;
    }
    return false;
  }

  set(name, value) {
    const list = this.#items();
    requireArgs(arguments.length, 2, 'URLSearchParams', 'set');
    name = usv(name);
    value = usv(value);
    let found = false;
    let j = 0;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name) {
        if (found) continue;
        found = true;
        list[j++] = name;
        list[j++] = value;
      } else {
        list[j++] = list[i];
        list[j++] = list[i + 1];
      }
    }
    list.length = j;
    if (!found) list.push(name, value);
    this.#update();
  }

  sort() {
    const list = this.#items();
    const pairs = [];
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
    // Array.prototype.sort is stable; < compares UTF-16 code units.
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let i = 0; i < pairs.length; i++) {
      list[2 * i] = pairs[i][0];
      list[2 * i + 1] = pairs[i][1];
    }
    this.#update();
  }

  forEach(callback, thisArg = undefined) {
    this.#list;
    requireArgs(arguments.length, 1, 'URLSearchParams', 'forEach');
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is not a function");
    }
    // Live: the list is re-read after every call.
    for (let i = 0; i < this.#items().length; i += 2) {
      const list = this.#items();
      callback.call(thisArg, list[i + 1], list[i], this);
    }
  }

  entries() {
    this.#list;
    return newIterator(this, KIND_ENTRIES);
  }

  keys() {
    this.#list;
    return newIterator(this, KIND_KEYS);
  }

  values() {
    this.#list;
    return newIterator(this, KIND_VALUES);
  }

  toString() {
    return serializeForm(this.#items());
  }

  // Node's util.inspect protocol: `URLSearchParams { 'a' => '1', 'b' => '2' }`.
  [INSPECT](depth, options, inspect) {
    const list = this.#items();
    if (typeof inspect !== 'function') return this;
    if (typeof depth === 'number' && depth < 0) return '[URLSearchParams]';
    const inner = { ...options };
    if (typeof depth === 'number') inner.depth = depth - 1;
    const out = [];
    let width = -2;
    for (let i = 0; i < list.length; i += 2) {
      const entry = `${inspect(list[i], inner)} => ${inspect(list[i + 1], inner)}`;
      out.push(entry);
      width += entry.replace(ANSI, '').length + 2;
    }
    if (out.length === 0) return 'URLSearchParams {}';
    const breakLength = options && typeof options.breakLength === 'number' ? options.breakLength : 80;
    if (width > breakLength) return `URLSearchParams {\n  ${out.join(',\n  ')} }`;
    return `URLSearchParams { ${out.join(', ')} }`;
  }
}

function listFromSequence(init, method) {
  const list = [];
  const it = method.call(init);
  if (it === null || (typeof it !== 'object' && typeof it !== 'function')) {
    throw new TypeError("Failed to construct 'URLSearchParams': iterator is not an object");
  }
  const next = it.next;
  for (;;) {
    const r = next.call(it);
    if (r === null || (typeof r !== 'object' && typeof r !== 'function')) {
      throw new TypeError("Failed to construct 'URLSearchParams': iterator result is not an object");
    }
    if (r.done) break;
    const pair = r.value;
    if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function')) {
      throw new TypeError(
        "Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence.",
      );
    }
    const inner = pair[Symbol.iterator];
    if (typeof inner !== 'function') {
      throw new TypeError(
        "Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence.",
      );
    }
    const items = [];
    for (const item of { [Symbol.iterator]: () => inner.call(pair) }) items.push(usv(item));
    if (items.length !== 2) {
      throw new TypeError("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
    }
    list.push(items[0], items[1]);
  }
  return list;
}

function listFromRecord(init) {
  // record<USVString, USVString>: own enumerable keys in order; a key seen
  // again (after USVString conversion) keeps its place and takes the value.
  const map = new Map();
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === 'symbol') {
      throw new TypeError("Failed to construct 'URLSearchParams': Cannot convert a Symbol value to a string");
    }
    map.set(usv(key), usv(init[key]));
  }
  const list = [];
  for (const [k, v] of map) list.push(k, v);
  return list;
}

class URLSearchParamsIterator {
  #params;
  #kind;
  #index = 0;

  constructor(params, kind) {
    this.#params = params;
    this.#kind = kind;
  }

  static {
    newIterator = (params, kind) => new URLSearchParamsIterator(params, kind);
  }

  next() {
    const list = paramsList(this.#params);
    const i = this.#index;
    if (i >= list.length) return { value: undefined, done: true };
    this.#index = i + 2;
    const kind = this.#kind;
    const value = kind === KIND_KEYS ? list[i] : kind === KIND_VALUES ? list[i + 1] : [list[i], list[i + 1]];
    return { value, done: false };
  }
}

const ITERATOR = URLSearchParamsIterator.prototype;
Object.setPrototypeOf(ITERATOR, ITERATOR_PROTOTYPE);
delete ITERATOR.constructor;
iteratorNext = ITERATOR.next;
entriesFn = URLSearchParams.prototype.entries;

// --- WebIDL shape ----------------------------------------------------------

// WebIDL operations and attributes are enumerable; class members are not.
function makeEnumerable(obj) {
  for (const key of Reflect.ownKeys(obj)) {
    if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue;
    if (typeof key === 'symbol') continue;
    const desc = Reflect.getOwnPropertyDescriptor(obj, key);
    desc.enumerable = true;
    Reflect.defineProperty(obj, key, desc);
  }
}

function toStringTag(obj, tag) {
  Reflect.defineProperty(obj, Symbol.toStringTag, { value: tag, configurable: true });
}

makeEnumerable(URL.prototype);
makeEnumerable(URL);
toStringTag(URL.prototype, 'URL');

makeEnumerable(URLSearchParams.prototype);
Reflect.defineProperty(URLSearchParams.prototype, Symbol.iterator, {
  value: entriesFn,
  writable: true,
  configurable: true,
});
toStringTag(URLSearchParams.prototype, 'URLSearchParams');

makeEnumerable(ITERATOR);
toStringTag(ITERATOR, 'URLSearchParams Iterator');
