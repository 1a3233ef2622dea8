// Blob and File (W3C File API §3, §4).
//
// A blob's bytes are a list of immutable chunks: Uint8Arrays that no user
// code can reach (every part is copied at construction, and reads hand out
// fresh copies). Chunks are shared freely: a blob built from other blobs, a
// slice, and a structured clone all reference the chunks they cover (a
// slice through a narrower view on the same memory), so none of those copy
// bytes. Reading concatenates the chunks.
//
// `stream()` gives a byte stream of the bytes, a chunk (of at most STREAM_CHUNK
// bytes) per pull; the streams modules load on its first call.
//
// Serializable: `structuredClone(blob)` gives a new Blob (or File) sharing
// the same chunks.

import { encode, newDecoder, decode } from 'nanojs:internal/encoding';
import { _registerSerializable } from 'nanojs:structured_clone';
import { inspectAs } from 'nanojs:console';
import { builtin } from 'nanojs:host';

// --- intrinsics ----------------------------------------------------------------

const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectFreeze = Object.freeze;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const uncurry = (fn) => (self, ...args) => ReflectApply(fn, self, args);
const getter = (proto, key) => {
  const get = ObjectGetOwnPropertyDescriptor(proto, key).get;
  return (self) => ReflectApply(get, self, []);
};
const U8 = Uint8Array;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TABuffer = getter(TypedArrayPrototype, 'buffer');
const TAByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const TAByteLength = getter(TypedArrayPrototype, 'byteLength');
const TASet = uncurry(TypedArrayPrototype.set);
const DVBuffer = getter(DataView.prototype, 'buffer');
const DVByteOffset = getter(DataView.prototype, 'byteOffset');
const DVByteLength = getter(DataView.prototype, 'byteLength');
const ABByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const SABByteLength = typeof SharedArrayBuffer === 'function'
  ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;
const ArrayBufferIsView = ArrayBuffer.isView;
const StringIndexOf = uncurry(String.prototype.indexOf);
const StringSlice = uncurry(String.prototype.slice);
const StringToLowerCase = uncurry(String.prototype.toLowerCase);
const StringCharCodeAt = uncurry(String.prototype.charCodeAt);
const toWellFormedFn = String.prototype.toWellFormed;
const SymbolIterator = Symbol.iterator;
const SymbolToStringTag = Symbol.toStringTag;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const PromiseCtor = Promise;
const PromiseResolve = Promise.resolve;
const PromiseReject = Promise.reject;
const DateNow = Date.now;
const NumberCtor = Number;
const BigIntCtor = BigInt;
const BigIntAsIntN = BigInt.asIntN;
const MathTrunc = Math.trunc;
const MathFloor = Math.floor;
const MathMin = Math.min;
const MathMax = Math.max;
const NumberIsFinite = Number.isFinite;
const NumberIsNaN = Number.isNaN;
const TypeErrorCtor = TypeError;

const resolved = (v) => ReflectApply(PromiseResolve, PromiseCtor, [v]);
const rejected = (e) => ReflectApply(PromiseReject, PromiseCtor, [e]);

// Lists this module fills: without a prototype, so that no index setter a
// program put on Array.prototype runs.
const newList = () => ObjectSetPrototypeOf([], null);
const push = (list, v) => {
  list[list.length] = v;
};

const NO_CHUNKS = ObjectFreeze(newList());
// Fresh chunks smaller than this are merged with their fresh neighbours, so a
// blob made of many small strings is one chunk.
const SMALL = 64 * 1024;
// Passed as the first constructor argument to build from ready state.
const INTERNAL = Symbol('Blob state');

// --- WebIDL conversions ------------------------------------------------------

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

/** DOMString: ToString (a TypeError for symbols). */
const domString = (v) => (typeof v === 'string' ? v : `${v}`);

/** USVString: lone surrogates become U+FFFD. */
function usvString(v) {
  const s = domString(v);
  return toWellFormedFn === undefined ? s : ReflectApply(toWellFormedFn, s, []);
}

function requireArgs(n, given, what) {
  if (given < n) {
    throw new TypeErrorCtor(
      `${what}: ${n} argument${n === 1 ? '' : 's'} required, but only ${given} present.`,
    );
  }
}

/** A dictionary argument: undefined and null are empty, other primitives a
 * TypeError. */
function dictionary(v, what) {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new TypeErrorCtor(`${what}: The provided value is not of type 'object'.`);
  return v;
}

/** `long long`: ToNumber, non-finite as 0, truncated, wrapped to 64 bits. */
function longLong(v) {
  const n = +v; // ToNumber: a TypeError for BigInts and symbols
  if (!NumberIsFinite(n)) return 0;
  const t = MathTrunc(n);
  if (t >= -(2 ** 53) && t <= 2 ** 53) return t === 0 ? 0 : t;
  return NumberCtor(BigIntAsIntN(64, BigIntCtor(t)));
}

/** `[Clamp] long long`: ToNumber, NaN as 0, clamped, rounded half to even. */
function clampLongLong(v) {
  let n = +v;
  if (NumberIsNaN(n)) return 0;
  n = MathMin(MathMax(n, -(2 ** 53 - 1)), 2 ** 53 - 1);
  let r = MathFloor(n);
  const diff = n - r;
  if (diff > 0.5 || (diff === 0.5 && r % 2 !== 0)) r += 1;
  return r === 0 ? 0 : r;
}

/** A blob's type: lowercased when all printable ASCII, else empty. */
function normalizeType(t) {
  for (let i = 0; i < t.length; i++) {
    const c = StringCharCodeAt(t, i);
    if (c < 0x20 || c > 0x7e) return '';
  }
  return StringToLowerCase(t);
}

// The bytes of an ArrayBuffer or view as a Uint8Array over the same memory,
// or null for anything else. Throws for shared memory (BufferSource does not
// allow it).
function bufferSourceView(v, what) {
  if (ArrayBufferIsView(v)) {
    let buffer;
    let offset;
    let length;
    try {
      buffer = TABuffer(v);
      offset = TAByteOffset(v);
      length = TAByteLength(v);
    } catch {
      // A DataView; its offset and length getters throw once detached.
      buffer = DVBuffer(v);
      try {
        offset = DVByteOffset(v);
        length = DVByteLength(v);
      } catch {
        length = 0;
      }
    }
    if (isShared(buffer)) {
      throw new TypeErrorCtor(`${what}: The provided ArrayBufferView value must not be shared.`);
    }
    return length === 0 ? new U8(0) : new U8(buffer, offset, length);
  }
  let length;
  try {
    length = ABByteLength(v);
  } catch {
    if (isShared(v)) {
      throw new TypeErrorCtor(`${what}: The provided ArrayBuffer value must not be shared.`);
    }
    return null;
  }
  return length === 0 ? new U8(0) : new U8(v, 0, length);
}

function isShared(v) {
  if (SABByteLength === null) return false;
  try {
    SABByteLength(v);
    return true;
  } catch {
    return false;
  }
}

function copyBytes(view) {
  const out = new U8(TAByteLength(view));
  TASet(out, view);
  return out;
}

// --- blob parts -------------------------------------------------------------

// A converted blob part: a string, a fresh chunk (a copy), or a list of
// shared chunks (another blob's).
const FRESH = 1;
const SHARED = 2;

let chunksOf; // (blob) => its chunk list, or undefined for a non-Blob

/** `sequence<BlobPart>` (WebIDL): iterates `v`, converting each element as
 * it comes: Blob, BufferSource (copied now), else USVString. */
function convertParts(v, what) {
  if (!isObject(v)) throw new TypeErrorCtor(`${what}: The provided value cannot be converted to a sequence.`);
  const method = v[SymbolIterator];
  if (typeof method !== 'function') {
    throw new TypeErrorCtor(`${what}: The object must have a callable @@iterator property.`);
  }
  const iterator = ReflectApply(method, v, []);
  if (!isObject(iterator)) throw new TypeErrorCtor(`${what}: The iterator is not an object.`);
  const next = iterator.next;
  const parts = newList();
  for (;;) {
    const result = ReflectApply(next, iterator, []);
    if (!isObject(result)) throw new TypeErrorCtor(`${what}: The iterator result is not an object.`);
    if (result.done) break;
    const item = result.value;
    if (isObject(item)) {
      const chunks = chunksOf(item);
      if (chunks !== undefined) {
        push(parts, SHARED);
        push(parts, chunks);
        continue;
      }
      const view = bufferSourceView(item, what);
      if (view !== null) {
        push(parts, FRESH);
        push(parts, copyBytes(view));
        continue;
      }
    }
    push(parts, usvString(item));
  }
  return parts;
}

/** Reads a BlobPropertyBag (and FilePropertyBag) in WebIDL order: the
 * inherited members first, each dictionary's members sorted. */
function readOptions(options, what, file) {
  const d = dictionary(options, what);
  let native = false;
  let type = '';
  let lastModified;
  if (d !== null) {
    const endings = d.endings;
    if (endings !== undefined) {
      const e = domString(endings);
      if (e === 'native') native = true;
      else if (e !== 'transparent') {
        throw new TypeErrorCtor(
          `${what}: Failed to read the 'endings' property from '${file ? 'FilePropertyBag' : 'BlobPropertyBag'}': The provided value '${e}' is not a valid enum value of type EndingType.`,
        );
      }
    }
    const t = d.type;
    if (t !== undefined) type = domString(t);
    if (file) {
      const lm = d.lastModified;
      if (lm !== undefined) lastModified = longLong(lm);
    }
  }
  return { native, type: normalizeType(type), lastModified };
}

/** "Convert line endings to native" (on Unix, "\n"): CR LF and lone CR
 * become LF. */
function nativeEndings(s) {
  let i = StringIndexOf(s, '\r');
  if (i < 0) return s;
  let out = '';
  let from = 0;
  while (i >= 0) {
    out += `${StringSlice(s, from, i)}\n`;
    from = i + 1;
    if (StringCharCodeAt(s, from) === 10) from += 1;
    i = StringIndexOf(s, '\r', from);
  }
  return out + StringSlice(s, from);
}

/** "Process blob parts": the state of a blob of the converted parts. */
function processParts(parts, native, type) {
  const chunks = newList();
  let size = 0;
  // Small fresh chunks waiting to be merged into one.
  let small = newList();
  let smallSize = 0;
  const flush = () => {
    if (small.length === 0) return;
    if (small.length === 1) {
      push(chunks, small[0]);
    } else {
      const merged = new U8(smallSize);
      let at = 0;
      for (let i = 0; i < small.length; i++) {
        TASet(merged, small[i], at);
        at += TAByteLength(small[i]);
      }
      push(chunks, merged);
    }
    small = newList();
    smallSize = 0;
  };
  const fresh = (chunk) => {
    const n = TAByteLength(chunk);
    if (n === 0) return;
    size += n;
    if (n >= SMALL) {
      flush();
      push(chunks, chunk);
    } else {
      push(small, chunk);
      smallSize += n;
      if (smallSize >= SMALL) flush();
    }
  };
  // Consecutive strings are encoded together (each already well formed, so
  // joining them cannot pair surrogates up).
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') {
      text += native ? nativeEndings(part) : part;
      continue;
    }
    if (text !== '') {
      fresh(encode(text));
      text = '';
    }
    const value = parts[++i];
    if (part === FRESH) {
      fresh(value);
    } else {
      flush();
      for (let j = 0; j < value.length; j++) {
        push(chunks, value[j]);
        size += TAByteLength(value[j]);
      }
    }
  }
  if (text !== '') fresh(encode(text));
  flush();
  return { chunks: chunks.length === 0 ? NO_CHUNKS : chunks, size, type };
}

// The chunks covering bytes [start, end) of a chunk list.
function sliceChunks(chunks, start, end) {
  const out = newList();
  let pos = 0;
  for (let i = 0; i < chunks.length && pos < end; i++) {
    const chunk = chunks[i];
    const n = TAByteLength(chunk);
    const from = MathMax(start - pos, 0);
    const to = MathMin(end - pos, n);
    pos += n;
    if (from >= to) continue;
    if (from === 0 && to === n) push(out, chunk);
    else push(out, new U8(TABuffer(chunk), TAByteOffset(chunk) + from, to - from));
  }
  return out.length === 0 ? NO_CHUNKS : out;
}

function concat(chunks, size) {
  if (chunks.length === 1) return copyBytes(chunks[0]);
  const out = new U8(size);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    TASet(out, chunks[i], at);
    at += TAByteLength(chunks[i]);
  }
  return out;
}

function decodeUtf8(chunks) {
  const decoder = newDecoder('utf-8', false, false);
  let out = '';
  for (let i = 0; i < chunks.length; i++) out += decode(decoder, chunks[i], true);
  return out + decode(decoder, new U8(0), false);
}

// "Get stream" (File API §3.3.5): a byte stream that enqueues copies of the
// chunks (the stream hands them out and may transfer them), in pieces of at
// most STREAM_CHUNK bytes, one per pull.
const STREAM_CHUNK = 64 * 1024;

function chunkStream(chunks) {
  const B = builtin('nanojs:streams_byte');
  const util = builtin('nanojs:streams_util');
  let index = 0;
  let offset = 0;
  const pull = (controller) => {
    if (index === chunks.length) {
      // Empty: a pending BYOB read is answered by the close.
      B.readableByteStreamControllerClose(controller);
      return util.promiseResolvedWith(undefined);
    }
    const chunk = chunks[index];
    const n = MathMin(TAByteLength(chunk) - offset, STREAM_CHUNK);
    const piece = new U8(n);
    TASet(piece, new U8(TABuffer(chunk), TAByteOffset(chunk) + offset, n));
    offset += n;
    if (offset === TAByteLength(chunk)) {
      index++;
      offset = 0;
    }
    B.readableByteStreamControllerEnqueue(controller, piece);
    if (index === chunks.length) B.readableByteStreamControllerClose(controller);
    return util.promiseResolvedWith(undefined);
  };
  return B.readableByteStreamFrom(pull, () => util.promiseResolvedWith(undefined), 0);
}

// --- Blob -----------------------------------------------------------------------

let newBlob; // (chunks, size, type) => Blob
let blobState; // (blob) => [chunks, size, type]
let isFile; // (value) => boolean
let fileState; // (file) => [name, lastModified]

export class Blob {
  #chunks;
  #size;
  #type;

  constructor(blobParts = undefined, options = undefined) {
    let state;
    if (blobParts === INTERNAL) {
      state = options;
    } else {
      const what = "Failed to construct 'Blob'";
      const parts = blobParts === undefined ? newList() : convertParts(blobParts, what);
      const opts = readOptions(options, what, false);
      state = processParts(parts, opts.native, opts.type);
    }
    this.#chunks = state.chunks;
    this.#size = state.size;
    this.#type = state.type;
  }

  get size() {
    return this.#size;
  }

  get type() {
    return this.#type;
  }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = this.#size;
    const s = start === undefined ? 0 : clampLongLong(start);
    const e = end === undefined ? size : clampLongLong(end);
    const type = contentType === undefined ? '' : normalizeType(domString(contentType));
    const from = s < 0 ? MathMax(size + s, 0) : MathMin(s, size);
    const to = e < 0 ? MathMax(size + e, 0) : MathMin(e, size);
    const span = MathMax(to - from, 0);
    const chunks = span === size ? this.#chunks : sliceChunks(this.#chunks, from, from + span);
    return newBlob(chunks, span, type);
  }

  stream() {
    return chunkStream(this.#chunks);
  }

  text() {
    try {
      return resolved(decodeUtf8(this.#chunks));
    } catch (e) {
      return rejected(e);
    }
  }

  arrayBuffer() {
    try {
      return resolved(TABuffer(concat(this.#chunks, this.#size)));
    } catch (e) {
      return rejected(e);
    }
  }

  bytes() {
    try {
      return resolved(concat(this.#chunks, this.#size));
    } catch (e) {
      return rejected(e);
    }
  }

  // Node's util.inspect protocol: `Blob { size: 3, type: '' }`, and for a
  // File also its name and lastModified.
  [INSPECT](depth, options, inspect) {
    if (isFile(this)) {
      const file = fileState(this);
      return inspectAs('File', {
        size: this.#size, type: this.#type, name: file[0], lastModified: file[1],
      });
    }
    return inspectAs('Blob', { size: this.#size, type: this.#type });
  }

  static {
    newBlob = (chunks, size, type) => new Blob(INTERNAL, { chunks, size, type });
    chunksOf = (v) => (#chunks in v ? v.#chunks : undefined);
    blobState = (b) => [b.#chunks, b.#size, b.#type];
  }
}

// --- File -----------------------------------------------------------------------

export class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    if (fileBits === INTERNAL) {
      super(INTERNAL, fileName);
      this.#name = fileName.name;
      this.#lastModified = fileName.lastModified;
      return;
    }
    const what = "Failed to construct 'File'";
    requireArgs(2, arguments.length, what);
    const parts = convertParts(fileBits, what);
    const name = usvString(fileName);
    const opts = readOptions(options, what, true);
    const state = processParts(parts, opts.native, opts.type);
    super(INTERNAL, state);
    this.#name = name;
    this.#lastModified = opts.lastModified === undefined ? DateNow() : opts.lastModified;
  }

  get name() {
    return this.#name;
  }

  get lastModified() {
    return this.#lastModified;
  }

  get webkitRelativePath() {
    this.#name;
    return '';
  }

  static {
    isFile = (v) => #name in v;
    fileState = (f) => [f.#name, f.#lastModified];
  }
}

// --- WebIDL shape ---------------------------------------------------------------

// Operations and attributes are enumerable (class members are not); the
// prototype is tagged.
function finishInterface(cls, name) {
  const proto = cls.prototype;
  for (const key of ReflectOwnKeys(proto)) {
    if (key === 'constructor' || typeof key === 'symbol') continue;
    const desc = ObjectGetOwnPropertyDescriptor(proto, key);
    desc.enumerable = true;
    ObjectDefineProperty(proto, key, desc);
  }
  ObjectDefineProperty(proto, SymbolToStringTag, { value: name, configurable: true });
}
finishInterface(Blob, 'Blob');
finishInterface(File, 'File');

// --- structured clone -----------------------------------------------------------

_registerSerializable(
  (v) => chunksOf(v) !== undefined,
  (v) => {
    const blob = blobState(v);
    if (!isFile(v)) return newBlob(blob[0], blob[1], blob[2]);
    const file = fileState(v);
    return new File(INTERNAL, {
      chunks: blob[0], size: blob[1], type: blob[2], name: file[0], lastModified: file[1],
    });
  },
);

// --- internal API for other builtins (fetch bodies, FormData, FileReader) -------

/** Whether `v` is a Blob (or File) made by this module. */
export function isBlob(v) {
  return isObject(v) && chunksOf(v) !== undefined;
}

/** A blob's bytes as a fresh Uint8Array, synchronously. */
export function blobBytes(blob) {
  // Indexed, not destructured: an app's patched array iterator must not
  // reach builtins.
  const state = blobState(blob);
  return concat(state[0], state[1]);
}

/** A Blob over `bytes` (a Uint8Array the caller gives up; not copied). */
export function createBlob(bytes, type = '') {
  const chunks = newList();
  if (bytes.byteLength > 0) push(chunks, bytes);
  return newBlob(chunks, bytes.byteLength, normalizeType(type));
}

/** A File over `bytes` (not copied), e.g. a multipart form-data part. */
export function createFile(bytes, name, type = '', lastModified = DateNow()) {
  const chunks = newList();
  if (bytes.byteLength > 0) push(chunks, bytes);
  return new File(INTERNAL, {
    chunks, size: bytes.byteLength, type: normalizeType(type), name, lastModified,
  });
}

/** `blob`'s name if it is a File, else undefined. */
export function fileName(blob) {
  return isFile(blob) ? fileState(blob)[0] : undefined;
}

/** `blob.stream()`, immune to a patched prototype. */
export function blobStream(blob) {
  return chunkStream(blobState(blob)[0]);
}

/** A blob's size, read from its internal state (immune to a patched getter). */
export function blobSize(blob) {
  return blobState(blob)[1];
}

/** A blob's type, read from its internal state. */
export function blobType(blob) {
  return blobState(blob)[2];
}
