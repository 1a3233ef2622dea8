// What Request and Response need as soon as they load. Kept small on
// purpose: QuickJS copies a module's bytecode into each isolate that loads
// it, and a server isolate loads this for its first request. Everything else
// (WebIDL conversions, the constructors' algorithms, body extraction and
// reading, Headers) loads on first use.

import { builtin } from 'nanojs:host';

const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const PromiseCtor = Promise;
const PromiseResolve = Promise.resolve;
const PromiseReject = Promise.reject;
const ArrayBufferIsView = ArrayBuffer.isView;

export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What a body's source becomes once read. */
export const USED = Object.freeze({ __proto__: null });

export const TEXT_PLAIN = 'text/plain;charset=UTF-8';

export const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

/** Whether a value is a FormData. form_data.js sets this when it loads:
 * until then no FormData exists, so ruling one out need not load it. */
export let isFormData = () => false;

export function registerFormData(test) {
  isFormData = test;
}

/** A lazily loaded builtin module's namespace. */
export function lazy(specifier) {
  let ns = null;
  return () => (ns === null ? (ns = builtin(specifier)) : ns);
}

/** Makes `obj`'s own string-keyed members enumerable (WebIDL operations and
 * attributes are; class members are not). */
function enumerable(obj, from = obj) {
  for (const key of ReflectOwnKeys(from)) {
    if (typeof key === 'symbol' || key === 'constructor' || key === 'length'
      || key === 'name' || key === 'prototype') continue;
    const d = ObjectGetOwnPropertyDescriptor(from, key);
    d.enumerable = true;
    ObjectDefineProperty(obj, key, d);
  }
}

/** The WebIDL shape of an interface: members (static ones too) enumerable,
 * the prototype tagged. */
export function finishInterface(cls, name) {
  enumerable(cls.prototype);
  enumerable(cls);
  ObjectDefineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
}

const body = lazy('nanojs:body');

/** Whether a body source is a ReadableStream. Until nanojs:streams_readable
 * is loaded through `streams()` no stream can be a body source (every way
 * one gets there goes through it), so ruling one out loads nothing. */
export let isStream = () => false;

let streamsNs = null;

/** nanojs:streams_readable, loaded on first use. */
export function streams() {
  if (streamsNs === null) {
    streamsNs = builtin('nanojs:streams_readable');
    isStream = streamsNs.isReadableStream;
  }
  return streamsNs;
}

/** Whether a (non-USED) body source is a ReadableStream. */
export const isStreamSource = (source) => typeof source === 'object' && source !== null
  && !ArrayBufferIsView(source) && isStream(source);

// Body reads, numbered as body.js's `read` takes them.
const ARRAY_BUFFER = 0;
const BLOB = 1;
const BYTES = 2;
const FORM_DATA = 3;
const JSON_ = 4;
const TEXT = 5;

/**
 * Installs the Body mixin (Fetch §5.3) on a Request or Response prototype;
 * body.js does the streams and the reading. `get(o)` brand-checks `o` and
 * gives its body source (null, USED, a string, a Uint8Array, a Blob or a
 * ReadableStream), `set(o, source)` replaces it, `headerList(o)` gives the
 * header list (for the MIME type).
 */
export function installBody(proto, iface, get, set, headerList) {
  function consume(self, kind, name) {
    const what = `Failed to execute '${name}' on '${iface}'`;
    try {
      const source = get(self);
      if (source === USED) throw new TypeError(`${what}: body stream already read`);
      if (isStreamSource(source)) return body().readStream(kind, source, () => headerList(self), what);
      // A buffered source: read at once (as its stream would give it).
      if (source !== null) set(self, USED);
      const value = body().read(kind, source, headerList(self), what, false);
      return ReflectApply(PromiseResolve, PromiseCtor, [value]);
    } catch (e) {
      return ReflectApply(PromiseReject, PromiseCtor, [e]);
    }
  }
  enumerable(proto, {
    get body() {
      const source = get(this);
      if (source === null || isStreamSource(source)) return source;
      // A buffered source becomes a stream on first access, and the
      // stream is the body from then on.
      const stream = body().sourceStream(source);
      set(this, stream);
      return stream;
    },
    get bodyUsed() {
      const source = get(this);
      if (source === USED) return true;
      return isStreamSource(source) && streamsNs.isReadableStreamDisturbed(source);
    },
    arrayBuffer() {
      return consume(this, ARRAY_BUFFER, 'arrayBuffer');
    },
    blob() {
      return consume(this, BLOB, 'blob');
    },
    bytes() {
      return consume(this, BYTES, 'bytes');
    },
    formData() {
      return consume(this, FORM_DATA, 'formData');
    },
    json() {
      return consume(this, JSON_, 'json');
    },
    text() {
      return consume(this, TEXT, 'text');
    },
  });
}
