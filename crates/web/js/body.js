// The Body mixin's reads and streams (Fetch Standard §5.3) and "extract a
// body", for Request and Response. The mixin's members themselves are small
// stubs (fetch_util.js `installBody`) that load this module on the first
// read, so an isolate that only writes string responses never loads it.
//
// A body is kept as its source alone, with no wrapper object: null (no body),
// a string (a USVString, UTF-8 when read), a Uint8Array (bytes this module
// owns and never hands out), a Blob, or a ReadableStream. A buffered source
// (string, bytes, Blob) is read at once, and leaves USED in its place; the
// `body` attribute turns it into a stream on first access (`sourceStream`),
// and the stream is the source from then on. A stream source is read through
// the stream, which is then disturbed: that is what `bodyUsed` reports.
//
// The modules for Blob, FormData, URLSearchParams and the streams load only
// when a body is an object of that kind (or when a read needs them).

import { encode, newDecoder, decode } from 'nanojs:internal/encoding';
import { copyExternal, allocExternal } from 'nanojs:internal/body_buffer';
import { builtin } from 'nanojs:host';
import {
  USED, isObject, isFormData, isStreamSource, lazy, streams, TEXT_PLAIN,
} from 'nanojs:fetch_util';
import { usvString } from 'nanojs:fetch_webidl';

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const JSONParse = JSON.parse;
const U8 = Uint8Array;
const ArrayBufferIsView = ArrayBuffer.isView;
const TypeErrorCtor = TypeError;
const getter = (proto, key) => {
  const get = ObjectGetOwnPropertyDescriptor(proto, key).get;
  return (self) => ReflectApply(get, self, []);
};
const TypedArrayPrototype = Object.getPrototypeOf(U8.prototype);
const TABuffer = getter(TypedArrayPrototype, 'buffer');
const TAByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const TAByteLength = getter(TypedArrayPrototype, 'byteLength');
const TASlice = TypedArrayPrototype.slice;
const DVBuffer = getter(DataView.prototype, 'buffer');
const DVByteOffset = getter(DataView.prototype, 'byteOffset');
const DVByteLength = getter(DataView.prototype, 'byteLength');
const ABByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const SABByteLength = typeof SharedArrayBuffer === 'function'
  ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;

const blobs = lazy('nanojs:blob');
const forms = lazy('nanojs:form_data');
const formOps = lazy('nanojs:internal/form_data');
const urls = lazy('nanojs:url');
const byteStreams = lazy('nanojs:streams_byte');
const streamsUtil = lazy('nanojs:streams_util');

const URLENCODED = 'application/x-www-form-urlencoded;charset=UTF-8';

// --- BodyInit -------------------------------------------------------------------

function isShared(v) {
  if (SABByteLength === null) return false;
  try {
    SABByteLength(v);
    return true;
  } catch {
    return false;
  }
}

/** A copy of a BufferSource's bytes, or null for anything else. */
function bufferSourceCopy(v, what) {
  let buffer;
  let offset = 0;
  let length;
  if (ArrayBufferIsView(v)) {
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
  } else {
    buffer = v;
    try {
      length = ABByteLength(v);
    } catch {
      if (isShared(v)) throw new TypeErrorCtor(`${what}: The provided ArrayBuffer value must not be shared.`);
      return null;
    }
  }
  if (isShared(buffer)) throw new TypeErrorCtor(`${what}: The provided ArrayBufferView value must not be shared.`);
  return length === 0 ? new U8(0) : copy(new U8(buffer, offset, length));
}

let paramsToString = null;
let blobTypeGet = null;
let blobSizeGet = null;
let blobSlice = null;

// A Blob's type and size through Blob.prototype's own getters.
function blobType(b) {
  if (blobTypeGet === null) blobTypeGet = ObjectGetOwnPropertyDescriptor(blobs().Blob.prototype, 'type').get;
  return ReflectApply(blobTypeGet, b, []);
}

function blobSize(b) {
  if (blobSizeGet === null) blobSizeGet = ObjectGetOwnPropertyDescriptor(blobs().Blob.prototype, 'size').get;
  return ReflectApply(blobSizeGet, b, []);
}

function isURLSearchParams(v) {
  if (paramsToString === null) paramsToString = urls().URLSearchParams.prototype.toString;
  try {
    ReflectApply(paramsToString, v, []);
    return true;
  } catch {
    return false;
  }
}

/**
 * WebIDL conversion of a BodyInit: the object itself for a ReadableStream,
 * Blob, FormData, URLSearchParams or BufferSource (as a copy, a Uint8Array),
 * else a USVString.
 */
export function convertBodyInit(v, what) {
  if (typeof v === 'string') return usvString(v);
  if (!isObject(v)) return usvString(v);
  const bytes = bufferSourceCopy(v, what);
  if (bytes !== null) return bytes;
  // Cheapest first: FormData costs nothing to rule out, and the URL module
  // is smaller than Blob's and usually loaded already.
  if (isFormData(v) || isURLSearchParams(v) || blobs().isBlob(v)) return v;
  if (streams().isReadableStream(v)) return v;
  return usvString(v);
}

const unusable = (stream) => {
  const S = streams();
  return S.isReadableStreamDisturbed(stream) || S.isReadableStreamLocked(stream);
};

/**
 * "Extract a body" from a converted BodyInit: [source, Content-Type or
 * null]. A FormData is serialized and a URLSearchParams read now, so later
 * changes to them do not show. A stream is a TypeError when `keepalive` is
 * set, or when it is locked or disturbed.
 */
export function extractBody(v, keepalive, what) {
  if (typeof v === 'string') return [v, TEXT_PLAIN];
  if (ArrayBufferIsView(v)) return [v, null];
  if (isStreamSource(v)) {
    if (keepalive) throw new TypeErrorCtor(`${what}: keepalive cannot be used with a ReadableStream body.`);
    if (unusable(v)) throw new TypeErrorCtor(`${what}: The ReadableStream is locked or disturbed.`);
    return [v, null];
  }
  if (isFormData(v)) {
    const [type, bytes] = forms().serializeFormData(v);
    return [bytes, type];
  }
  if (isURLSearchParams(v)) return [ReflectApply(paramsToString, v, []), URLENCODED];
  const type = blobType(v);
  return [v, type === '' ? null : type];
}

/** The bytes of a (not USED, not null) source: a fresh Uint8Array, except
 * for Uint8Array sources, which come back as they are. */
export function sourceBytes(source) {
  if (typeof source === 'string') return encode(source);
  if (ArrayBufferIsView(source)) return source;
  return blobs().blobBytes(source);
}

// Bodies this large are copied outside the JS heap (see body_buffer.rs),
// so that a big body does not count against `memory_mb` once per copy.
const EXTERNAL_COPY = 64 * 1024;
const copy = (bytes) =>
  (TAByteLength(bytes) >= EXTERNAL_COPY ? copyExternal(bytes) : ReflectApply(TASlice, bytes, []));

// --- reading --------------------------------------------------------------------

const DECODER = newDecoder('utf-8', false, false);

/** UTF-8 decode (a leading BOM is dropped). */
function decodeText(source) {
  if (typeof source === 'string') {
    return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  }
  return decode(DECODER, sourceBytes(source), false);
}

/** The combined Content-Type of a header list, or null. */
function contentType(list) {
  let out = null;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === 'content-type') out = out === null ? list[i + 1] : `${out}, ${list[i + 1]}`;
  }
  return out;
}

/** Fetch's "extract a MIME type": null or [essence, serialized, boundary]. */
function mimeType(list) {
  const value = contentType(list);
  return value === null ? null : formOps().extractMime(value);
}

// `owned` (here and below): a Uint8Array source is fresh, made by reading a
// stream, so it may be handed out; otherwise it is the body's own (or a
// producer's chunk) and is copied first.
function toBlob(source, list, owned) {
  const mime = mimeType(list);
  const type = mime === null ? '' : mime[1];
  const blob = blobs();
  if (source !== null && typeof source === 'object' && !ArrayBufferIsView(source)) {
    // A Blob source: the new Blob shares its bytes.
    if (blobSlice === null) blobSlice = blob.Blob.prototype.slice;
    return ReflectApply(blobSlice, source, [0, blobSize(source), type]);
  }
  const bytes = source === null ? new U8(0) : sourceBytes(source);
  return blob.createBlob(bytes === source && !owned ? copy(bytes) : bytes, type);
}

function toFormData(source, list, what) {
  const mime = mimeType(list);
  const essence = mime === null ? '' : mime[0];
  const bytes = source === null ? new U8(0) : sourceBytes(source);
  if (essence === 'multipart/form-data') {
    const boundary = mime[2];
    if (boundary === null || boundary === '') {
      throw new TypeErrorCtor(`${what}: multipart/form-data without a boundary.`);
    }
    return forms().formDataFromMultipart(bytes, boundary);
  }
  if (essence === 'application/x-www-form-urlencoded') return forms().formDataFromUrlencoded(bytes);
  throw new TypeErrorCtor(`${what}: the body is not multipart/form-data or application/x-www-form-urlencoded.`);
}

function toArrayBuffer(source, owned) {
  if (source === null) return new ArrayBuffer(0);
  let bytes = sourceBytes(source);
  if ((bytes === source && !owned) || TAByteOffset(bytes) !== 0
    || ABByteLength(TABuffer(bytes)) !== TAByteLength(bytes)) {
    bytes = copy(bytes);
  }
  return TABuffer(bytes);
}

// Reads, numbered as fetch_util.js's `installBody` asks for them.
const ARRAY_BUFFER = 0;
const BLOB = 1;
const BYTES = 2;
const FORM_DATA = 3;
const JSON_ = 4;
const TEXT = 5;

/** The result of reading a buffered body `source` (null for none) as
 * `kind`, with the MIME type from `list`, a header list. */
export function read(kind, source, list, what, owned) {
  switch (kind) {
    case ARRAY_BUFFER:
      return toArrayBuffer(source, owned);
    case BLOB:
      return toBlob(source, list, owned);
    case BYTES: {
      if (source === null) return new U8(0);
      const bytes = sourceBytes(source);
      return bytes === source && !owned ? copy(bytes) : bytes;
    }
    case FORM_DATA:
      return toFormData(source, list, what);
    case JSON_:
      return JSONParse(source === null ? '' : decodeText(source));
    default:
      return source === null ? '' : decodeText(source);
  }
}

const TATag = getter(TypedArrayPrototype, Symbol.toStringTag);
const TASet = TypedArrayPrototype.set;
const noop = () => {};

/**
 * Reads a stream source as `kind` ("consume body" with "fully read"): a
 * promise. Rejects with a TypeError when the stream is locked or disturbed,
 * or gives a chunk that is not a Uint8Array; with the stream's error when it
 * errors. `headerList()` gives the header list once the bytes are in (the
 * MIME type is taken then).
 *
 * The read loop uses read requests, not promises, so that a patched
 * Object.prototype.then cannot step in; text and JSON are decoded chunk by
 * chunk, so the bytes are never held whole.
 */
export function readStream(kind, stream, headerList, what) {
  const util = streamsUtil();
  const S = streams();
  // An errored body (e.g. fetch() aborted) keeps rejecting with its error,
  // even once read, as browsers do (WPT abort/general "Call text() twice").
  if (S.readableStreamState(stream) === 'errored') {
    return util.promiseRejectedWith(S.readableStreamStoredError(stream));
  }
  if (unusable(stream)) {
    return util.promiseRejectedWith(new TypeErrorCtor(`${what}: body stream already read`));
  }
  const { promise, resolve, reject } = util.newPromise();
  const reader = S.acquireReadableStreamDefaultReader(stream);
  const decoder = kind === JSON_ || kind === TEXT ? newDecoder('utf-8', false, false) : null;
  let text = '';
  let chunks = [];
  let total = 0;
  let looping = false;
  let again = false;
  const request = {
    chunkSteps(chunk) {
      let isU8 = false;
      try {
        isU8 = ArrayBufferIsView(chunk) && TATag(chunk) === 'Uint8Array';
      } catch {
        // A DataView: no typed array tag.
      }
      if (!isU8) {
        reject(new TypeErrorCtor(`${what}: The body stream gave a chunk that is not a Uint8Array.`));
        return;
      }
      if (decoder !== null) {
        text += decode(decoder, chunk, true);
      } else {
        chunks[chunks.length] = chunk;
        total += TAByteLength(chunk);
      }
      // The next read; a loop rather than recursion, as a read of a queued
      // chunk calls back at once.
      if (looping) again = true;
      else loop();
    },
    closeSteps() {
      try {
        let value;
        if (decoder !== null) {
          text += decode(decoder, new U8(0), false);
          value = kind === JSON_ ? JSONParse(text) : text;
        } else {
          // A single chunk stays the producer's: reads copy it (owned false).
          let bytes;
          const single = chunks.length === 1;
          if (single) {
            bytes = chunks[0];
          } else {
            // Large bodies live outside the JS heap, like buffered ones
            // (see body_buffer.rs): a 100 MB upload must not need 200 MB.
            bytes = total >= EXTERNAL_COPY ? allocExternal(total) : new U8(total);
            let at = 0;
            for (let i = 0; i < chunks.length; i++) {
              ReflectApply(TASet, bytes, [chunks[i], at]);
              at += TAByteLength(chunks[i]);
            }
          }
          chunks = null;
          value = read(kind, bytes, headerList(), what, !single);
        }
        resolve(value);
      } catch (e) {
        reject(e);
      }
    },
    errorSteps: reject,
  };
  function loop() {
    looping = true;
    do {
      again = false;
      S.readableStreamDefaultReaderRead(reader, request);
    } while (again);
    looping = false;
  }
  loop();
  return promise;
}

// --- streams --------------------------------------------------------------------

/**
 * The stream of a buffered source (or of USED), for the `body` attribute:
 * a byte stream of its bytes. USED (a body read before its stream was
 * made) gets a stream in the state a fully read one is in: closed,
 * disturbed and locked.
 */
export function sourceStream(source) {
  // (Also registers streams as body sources: see fetch_util.js.)
  const S = streams();
  const B = byteStreams();
  if (source === USED) {
    const stream = B.readableStreamFromBytes(new U8(0));
    const reader = S.acquireReadableStreamDefaultReader(stream);
    S.readableStreamDefaultReaderRead(reader, { chunkSteps() {}, closeSteps() {}, errorSteps() {} });
    return stream;
  }
  if (typeof source === 'string') return B.readableStreamFromBytes(encode(source));
  // A Uint8Array source may be shared with clones, and the stream hands its
  // chunks out (and transfers them): it gets a copy.
  if (ArrayBufferIsView(source)) return B.readableStreamFromBytes(copy(source));
  return blobs().blobStream(source);
}

/**
 * A clone of a body source ("clone a body"): [the source to keep, the
 * clone's]. A stream is teed (chunks structured-cloned for the clone's
 * branch); a buffered source is immutable and shared.
 */
export function cloneSource(source) {
  if (!isStreamSource(source)) return [source, source];
  return streams().readableStreamTee(source, true);
}

/** Whether a stream source is unusable (locked or disturbed). */
export const isUnusableStream = unusable;

/**
 * "Create a proxy" of a stream (the Request constructor, for a body taken
 * over from another request): the stream piped through an identity
 * TransformStream; the source is locked and disturbed from now on.
 */
export function proxyStream(stream) {
  const { TransformStream } = builtin('nanojs:streams_transform');
  const { readableStreamPipeTo } = builtin('nanojs:streams_pipe');
  const transform = new TransformStream();
  const util = streamsUtil();
  util.setPromiseIsHandledToTrue(
    readableStreamPipeTo(stream, transform.writable, false, false, false, undefined),
  );
  return transform.readable;
}
