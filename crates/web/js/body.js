// The Body mixin's reads (Fetch Standard §5.3) and "extract a body", for
// Request and Response. The mixin's methods themselves are small stubs
// (fetch_util.js `installBody`) that load this module on the first read, so
// an isolate that only writes string responses never loads it.
//
// A body is kept as its source alone, with no wrapper object: null (no body),
// a string (a USVString, UTF-8 when read), a Uint8Array (bytes this module
// owns and never hands out), or a Blob. Reading it leaves USED in its place.
// Everything is buffered, so reads settle at once (still as promises).
//
// There is no `body` attribute yet: the runtime has no ReadableStream. When
// it has, a stream joins the source union, `body` returns the stream
// (making one from a buffered source on first access), and `bodyUsed` and
// the reads go through it.
//
// The modules for Blob, FormData and URLSearchParams load only when a body
// is an object of that kind (or when formData() and blob() need them).

import { encode, newDecoder, decode } from 'nanojs:internal/encoding';
import { copyExternal } from 'nanojs:internal/body_buffer';
import { isObject, isFormData, lazy, TEXT_PLAIN } from 'nanojs:fetch_util';
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
 * WebIDL conversion of a BodyInit: the object itself for a Blob, FormData,
 * URLSearchParams or BufferSource (as a copy, a Uint8Array), else a
 * USVString.
 */
export function convertBodyInit(v, what) {
  if (typeof v === 'string') return usvString(v);
  if (!isObject(v)) return usvString(v);
  const bytes = bufferSourceCopy(v, what);
  if (bytes !== null) return bytes;
  // Cheapest first: FormData costs nothing to rule out, and the URL module
  // is smaller than Blob's and usually loaded already.
  if (isFormData(v) || isURLSearchParams(v) || blobs().isBlob(v)) return v;
  return usvString(v);
}

/**
 * "Extract a body" from a converted BodyInit: [source, Content-Type or
 * null]. A FormData is serialized and a URLSearchParams read now, so later
 * changes to them do not show.
 */
export function extractBody(v) {
  if (typeof v === 'string') return [v, TEXT_PLAIN];
  if (ArrayBufferIsView(v)) return [v, null];
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

function toBlob(source, list) {
  const mime = mimeType(list);
  const type = mime === null ? '' : mime[1];
  const blob = blobs();
  if (source !== null && typeof source === 'object' && !ArrayBufferIsView(source)) {
    // A Blob source: the new Blob shares its bytes.
    if (blobSlice === null) blobSlice = blob.Blob.prototype.slice;
    return ReflectApply(blobSlice, source, [0, blobSize(source), type]);
  }
  const bytes = source === null ? new U8(0) : sourceBytes(source);
  return blob.createBlob(bytes === source ? copy(bytes) : bytes, type);
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

function toArrayBuffer(source) {
  if (source === null) return new ArrayBuffer(0);
  let bytes = sourceBytes(source);
  if (bytes === source || TAByteOffset(bytes) !== 0 || TABuffer(bytes).byteLength !== TAByteLength(bytes)) {
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

/** The result of reading a body `source` (null for none) as `kind`, with
 * the MIME type from `list`, a header list. */
export function read(kind, source, list, what) {
  switch (kind) {
    case ARRAY_BUFFER:
      return toArrayBuffer(source);
    case BLOB:
      return toBlob(source, list);
    case BYTES: {
      if (source === null) return new U8(0);
      const bytes = sourceBytes(source);
      return bytes === source ? copy(bytes) : bytes;
    }
    case FORM_DATA:
      return toFormData(source, list, what);
    case JSON_:
      return JSONParse(source === null ? '' : decodeText(source));
    default:
      return source === null ? '' : decodeText(source);
  }
}
