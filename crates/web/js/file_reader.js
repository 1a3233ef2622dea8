// FileReader and FileReaderSync (W3C File API §6-7), and the ProgressEvent
// interface (XHR §3.7) that FileReader fires.
//
// A blob's bytes are in memory, so a read has nothing to wait for; only its
// events are asynchronous. A read queues its tasks (loadstart, progress for a
// non-empty blob, then load/error + loadend) all at once, as setTimeout(0)
// tasks: HTML tasks, not microtasks, each its own turn of the event loop.
// Queuing them together keeps timer nesting (and its 4 ms clamp) from growing
// with every step. abort() and a new read "remove" the queued tasks by
// replacing the reader's current operation, which each task checks first.

import { EventTarget, Event, dispatchTrusted, defineEventHandler } from 'nanojs:events';
import { DOMException, isDOMException } from 'nanojs:dom_exception';
import { isBlob, blobBytes, blobSize, blobType } from 'nanojs:blob';
import { queueMicrotask } from 'nanojs:microtask';
import { encodingName, newDecoder, decode } from 'nanojs:internal/encoding';

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ReflectOwnKeys = Reflect.ownKeys;
const ReflectApply = Reflect.apply;
const uncurry = (fn) => (self, ...args) => ReflectApply(fn, self, args);
const setTimeoutFn = globalThis.setTimeout;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TABuffer = uncurry(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'buffer').get);
const TASubarray = uncurry(TypedArrayPrototype.subarray);
const toBase64 = uncurry(Uint8Array.prototype.toBase64);
const StringFromCharCode = String.fromCharCode;
const StringCharCodeAt = uncurry(String.prototype.charCodeAt);
const StringIndexOf = uncurry(String.prototype.indexOf);
const StringSlice = uncurry(String.prototype.slice);
const StringToLowerCase = uncurry(String.prototype.toLowerCase);
const TALength = uncurry(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'length').get);
const ArrayJoin = uncurry(Array.prototype.join);
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const NumberCtor = Number;
const BigIntCtor = BigInt;
const BigIntAsUintN = BigInt.asUintN;
const NumberIsFinite = Number.isFinite;
const MathTrunc = Math.trunc;

const EMPTY = 0;
const LOADING = 1;
const DONE = 2;

// Read kinds ("type" in the spec's read operation).
const ARRAY_BUFFER = 0;
const BINARY_STRING = 1;
const TEXT = 2;
const DATA_URL = 3;

const queueTask = (fn) => {
  setTimeoutFn(fn, 0);
};

function requireArgs(n, given, what) {
  if (given < n) {
    throw new TypeError(
      `${what}: ${n} argument${n === 1 ? '' : 's'} required, but only ${given} present.`,
    );
  }
}

/** WebIDL shape: enumerable members, constants on the constructor and the
 * prototype, a Symbol.toStringTag. */
function finishInterface(cls, name, constants = null) {
  const proto = cls.prototype;
  for (const key of ReflectOwnKeys(proto)) {
    if (key === 'constructor' || typeof key === 'symbol') continue;
    const d = ObjectGetOwnPropertyDescriptor(proto, key);
    d.enumerable = true;
    ObjectDefineProperty(proto, key, d);
  }
  if (constants !== null) {
    for (const key of ReflectOwnKeys(constants)) {
      const d = { value: constants[key], writable: false, enumerable: true, configurable: false };
      ObjectDefineProperty(cls, key, d);
      ObjectDefineProperty(proto, key, d);
    }
  }
  ObjectDefineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
}

/** `unsigned long long` (no [EnforceRange]): ToNumber, non-finite as 0,
 * truncated, modulo 2^64. */
function unsignedLongLong(v) {
  const n = +v;
  if (!NumberIsFinite(n)) return 0;
  const t = MathTrunc(n);
  if (t >= 0 && t <= 2 ** 53) return t === 0 ? 0 : t;
  return NumberCtor(BigIntAsUintN(64, BigIntCtor(t)));
}

// --- ProgressEvent ------------------------------------------------------------

export class ProgressEvent extends Event {
  #lengthComputable = false;
  #loaded = 0;
  #total = 0;

  constructor(type, eventInitDict = undefined) {
    requireArgs(1, arguments.length, "Failed to construct 'ProgressEvent'");
    super(type, eventInitDict);
    const init = eventInitDict;
    if (init === undefined || init === null) return;
    // Event's constructor has rejected non-object dictionaries. Members in
    // lexicographic order.
    this.#lengthComputable = !!init.lengthComputable;
    const loaded = init.loaded;
    if (loaded !== undefined) this.#loaded = unsignedLongLong(loaded);
    const total = init.total;
    if (total !== undefined) this.#total = unsignedLongLong(total);
  }

  get lengthComputable() {
    return this.#lengthComputable;
  }

  get loaded() {
    return this.#loaded;
  }

  get total() {
    return this.#total;
  }
}
finishInterface(ProgressEvent, 'ProgressEvent');

/** "Fire a progress event called `type`" at `target`. */
function fireProgress(target, type, loaded, total) {
  dispatchTrusted(target, new ProgressEvent(type, {
    __proto__: null, lengthComputable: true, loaded, total,
  }));
}

// --- package data -------------------------------------------------------------

// Labels of the replacement encoding, which encodingName() does not report
// (TextDecoder rejects it, but a FileReader decodes with it).
const REPLACEMENT_LABELS = ['csiso2022kr', 'hz-gb-2312', 'iso-2022-cn', 'iso-2022-cn-ext',
  'iso-2022-kr', 'replacement'];

/** "Get an encoding": its name, 'replacement', or undefined for failure. */
function getEncoding(label) {
  const name = encodingName(label);
  if (name !== undefined) return name;
  const l = StringToLowerCase(trim(label, isAsciiWs));
  for (let i = 0; i < REPLACEMENT_LABELS.length; i++) {
    if (REPLACEMENT_LABELS[i] === l) return 'replacement';
  }
  return undefined;
}

// HTTP token code points: alphanumerics and !#$%&'*+-.^_`|~.
const TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

function isToken(s) {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const c = StringCharCodeAt(s, i);
    const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!alnum && (c > 0x7e || StringIndexOf(TOKEN_PUNCTUATION, s[i]) < 0)) return false;
  }
  return true;
}

/** Only HTTP quoted-string token code points: tab, and U+0020-007E, U+0080-00FF. */
function isQuotedStringText(s) {
  for (let i = 0; i < s.length; i++) {
    const c = StringCharCodeAt(s, i);
    if (c !== 0x09 && (c < 0x20 || c === 0x7f || c > 0xff)) return false;
  }
  return true;
}
const isHttpWs = (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isAsciiWs = (c) => isHttpWs(c) || c === 0x0c;

function trim(s, isWs) {
  let start = 0;
  let end = s.length;
  while (start < end && isWs(StringCharCodeAt(s, start))) start++;
  while (end > start && isWs(StringCharCodeAt(s, end - 1))) end--;
  return StringSlice(s, start, end);
}

/** The charset parameter of MIME type `s` (MIME Sniffing's "parse a MIME
 * type"), or undefined when it has none or does not parse. */
function mimeCharset(s) {
  s = trim(s, isHttpWs);
  const slash = StringIndexOf(s, '/');
  if (slash < 0 || !isToken(StringSlice(s, 0, slash))) return undefined;
  let pos = StringIndexOf(s, ';', slash + 1);
  if (pos < 0) pos = s.length;
  let subEnd = pos;
  while (subEnd > slash + 1 && isHttpWs(StringCharCodeAt(s, subEnd - 1))) subEnd--;
  if (!isToken(StringSlice(s, slash + 1, subEnd))) return undefined;
  const n = s.length;
  while (pos < n) {
    pos++; // the ';'
    while (pos < n && isHttpWs(StringCharCodeAt(s, pos))) pos++;
    let from = pos;
    while (pos < n && s[pos] !== ';' && s[pos] !== '=') pos++;
    const name = StringToLowerCase(StringSlice(s, from, pos));
    if (pos >= n) break;
    if (s[pos] === ';') continue;
    pos++; // the '='
    if (pos >= n) break;
    let value;
    if (s[pos] === '"') {
      // An HTTP quoted string, with its value extracted; the rest up to the
      // next ';' is ignored.
      value = '';
      pos++;
      while (pos < n) {
        from = pos;
        while (pos < n && s[pos] !== '"' && s[pos] !== '\\') pos++;
        value += StringSlice(s, from, pos);
        if (pos >= n) break;
        const quoteOrBackslash = s[pos++];
        if (quoteOrBackslash === '"') break;
        if (pos >= n) {
          value += '\\';
          break;
        }
        value += s[pos++];
      }
      while (pos < n && s[pos] !== ';') pos++;
    } else {
      from = pos;
      while (pos < n && s[pos] !== ';') pos++;
      let to = pos;
      while (to > from && isHttpWs(StringCharCodeAt(s, to - 1))) to--;
      value = StringSlice(s, from, to);
      if (value === '') continue;
    }
    // The first well-formed charset parameter wins.
    if (name === 'charset' && isQuotedStringText(value)) return value;
  }
  return undefined;
}

/** Encoding's "decode" (BOM sniffing first) with the fallback encoding
 * from the label, else the blob type's charset, else UTF-8. */
function decodeText(bytes, label, type) {
  let encoding = label === undefined ? undefined : getEncoding(label);
  if (encoding === undefined) {
    const charset = mimeCharset(type);
    if (charset !== undefined) encoding = getEncoding(charset);
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) encoding = 'utf-8';
  else if (b0 === 0xfe && b1 === 0xff) encoding = 'utf-16be';
  else if (b0 === 0xff && b1 === 0xfe) encoding = 'utf-16le';
  else if (encoding === undefined) encoding = 'utf-8';
  if (encoding === 'replacement') return TALength(bytes) === 0 ? '' : '\uFFFD';
  // Without ignoreBOM the decoder drops the BOM sniffed above.
  return decode(newDecoder(encoding, false, false), bytes, false);
}

/** Each byte as the code unit of the same value. */
function binaryString(bytes) {
  const n = TALength(bytes);
  if (n <= 8192) return ReflectApply(StringFromCharCode, null, bytes);
  const parts = ObjectSetPrototypeOf([], null); // no inherited index setters
  for (let i = 0; i < n; i += 8192) {
    parts[parts.length] = ReflectApply(StringFromCharCode, null, TASubarray(bytes, i, i + 8192));
  }
  return ArrayJoin(parts, '');
}

/** "Package data": the read's result. */
function packageData(blob, kind, label) {
  const bytes = blobBytes(blob);
  switch (kind) {
    case ARRAY_BUFFER:
      return TABuffer(bytes); // a fresh buffer of exactly the blob's size
    case BINARY_STRING:
      return binaryString(bytes);
    case TEXT:
      return decodeText(bytes, label, blobType(blob));
    default: {
      // Browsers name a type for an untyped blob, and WPT expects it.
      const type = blobType(blob);
      return `data:${type === '' ? 'application/octet-stream' : type};base64,${toBase64(bytes)}`;
    }
  }
}

function notReadable(cause) {
  let detail = '';
  try {
    if (cause instanceof Error) detail = `: ${cause.message}`;
  } catch {
    // a hostile getter: no detail
  }
  return new DOMException(`The blob could not be read${detail}`, 'NotReadableError');
}

/** WebIDL conversion of a read method's arguments. */
function blobArgument(blob, given, method, iface = 'FileReader') {
  const what = `Failed to execute '${method}' on '${iface}'`;
  requireArgs(1, given, what);
  if (!isBlob(blob)) throw new TypeError(`${what}: parameter 1 is not of type 'Blob'.`);
  return blob;
}

// --- FileReader ---------------------------------------------------------------

export class FileReader extends EventTarget {
  #state = EMPTY;
  #result = null;
  #error = null;
  // The read in progress: { blob, kind, label, loaded }, or null. Tasks of
  // an earlier (aborted or superseded) read see it changed and do nothing.
  #op = null;

  constructor() {
    super();
  }

  readAsArrayBuffer(blob) {
    this.#state;
    blobArgument(blob, arguments.length, 'readAsArrayBuffer');
    this.#read(blob, ARRAY_BUFFER, undefined);
  }

  readAsBinaryString(blob) {
    this.#state;
    blobArgument(blob, arguments.length, 'readAsBinaryString');
    this.#read(blob, BINARY_STRING, undefined);
  }

  readAsText(blob, encoding = undefined) {
    this.#state;
    blobArgument(blob, arguments.length, 'readAsText');
    this.#read(blob, TEXT, encoding === undefined ? undefined : `${encoding}`);
  }

  readAsDataURL(blob) {
    this.#state;
    blobArgument(blob, arguments.length, 'readAsDataURL');
    this.#read(blob, DATA_URL, undefined);
  }

  abort() {
    const state = this.#state;
    this.#result = null;
    if (state !== LOADING) return;
    this.#state = DONE;
    const op = this.#op;
    this.#op = null; // drops the queued tasks
    fireProgress(this, 'abort', op.loaded, blobSize(op.blob));
    if (this.#state !== LOADING) fireProgress(this, 'loadend', op.loaded, blobSize(op.blob));
  }

  get readyState() {
    return this.#state;
  }

  get result() {
    return this.#result;
  }

  get error() {
    return this.#error;
  }

  /** The spec's "read operation". */
  #read(blob, kind, label) {
    if (this.#state === LOADING) {
      throw new DOMException('The object is already busy reading Blobs.', 'InvalidStateError');
    }
    this.#state = LOADING;
    this.#result = null;
    this.#error = null;
    const op = { blob, kind, label, loaded: 0 };
    this.#op = op;
    const size = blobSize(blob);
    queueTask(() => {
      if (this.#op === op) fireProgress(this, 'loadstart', 0, size);
    });
    // Progress is reported when bytes arrive, so not for an empty blob.
    if (size > 0) {
      queueTask(() => {
        if (this.#op !== op) return;
        op.loaded = size;
        fireProgress(this, 'progress', size, size);
      });
    }
    queueTask(() => {
      if (this.#op !== op) return;
      this.#op = null;
      this.#state = DONE;
      let ok = true;
      try {
        this.#result = packageData(blob, kind, label);
      } catch (e) {
        // `error` is a DOMException; a RangeError for a result too long for
        // a string, say, becomes a NotReadableError.
        ok = false;
        this.#error = isDOMException(e) ? e : notReadable(e);
      }
      fireProgress(this, ok ? 'load' : 'error', size, size);
      // In a browser, listeners called from a task get a microtask checkpoint
      // after them (the JS stack is empty then), so promise reactions to
      // `load` run before `loadend`. Here dispatch itself is JS: a microtask
      // comes closest. A load or error handler (or such a reaction) may have
      // started another read, which has no loadend for this one.
      queueMicrotask(() => {
        if (this.#state !== LOADING) fireProgress(this, 'loadend', size, size);
      });
    });
  }
}
defineEventHandler(FileReader.prototype, 'onloadstart');
defineEventHandler(FileReader.prototype, 'onprogress');
defineEventHandler(FileReader.prototype, 'onload');
defineEventHandler(FileReader.prototype, 'onabort');
defineEventHandler(FileReader.prototype, 'onerror');
defineEventHandler(FileReader.prototype, 'onloadend');
finishInterface(FileReader, 'FileReader', { EMPTY, LOADING, DONE });

// --- FileReaderSync -------------------------------------------------------------

export class FileReaderSync {
  #brand = true;

  readAsArrayBuffer(blob) {
    this.#brand;
    blobArgument(blob, arguments.length, 'readAsArrayBuffer', 'FileReaderSync');
    return packageData(blob, ARRAY_BUFFER);
  }

  readAsBinaryString(blob) {
    this.#brand;
    blobArgument(blob, arguments.length, 'readAsBinaryString', 'FileReaderSync');
    return packageData(blob, BINARY_STRING);
  }

  readAsText(blob, encoding = undefined) {
    this.#brand;
    blobArgument(blob, arguments.length, 'readAsText', 'FileReaderSync');
    return packageData(blob, TEXT, encoding === undefined ? undefined : `${encoding}`);
  }

  readAsDataURL(blob) {
    this.#brand;
    blobArgument(blob, arguments.length, 'readAsDataURL', 'FileReaderSync');
    return packageData(blob, DATA_URL);
  }
}
finishInterface(FileReaderSync, 'FileReaderSync');
