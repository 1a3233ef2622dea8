// node:crypto — the parts of Node's crypto module that npm libraries use,
// as in Node 20: hashes, HMAC, random bytes and integers, PBKDF2, scrypt, HKDF,
// timingSafeEqual, and the WebCrypto objects (`webcrypto`, `subtle`,
// `getRandomValues`, `randomUUID`).
//
// The byte work is Rust (nanojs:internal/node_crypto, on RustCrypto); the
// hash state of a Hash or Hmac lives there, so updates are not buffered.
// This file validates arguments as Node's lib/internal/crypto/*.js does and
// throws Node's errors.
//
// Digests: md5, sha1, sha224, sha256, sha384, sha512, sha512-224,
// sha512-256, sha3-224/256/384/512, ripemd160, with OpenSSL's aliases
// ('RSA-SHA256', 'SHA-256', ...), case-insensitive.
//
// Left out (absent, so feature probes see them missing): ciphers
// (createCipheriv/createDecipheriv, getCiphers), sign/verify (createSign,
// createVerify, sign, verify), asymmetric KeyObjects (createPublicKey and
// createPrivateKey throw, saying so; generateKey*), Diffie-Hellman and ECDH, X509Certificate,
// publicEncrypt/privateDecrypt, primes, shake128/shake256 and
// md5-sha1, and crypto.constants' OpenSSL values.
//
// Hash and Hmac are lazy Transform streams as in Node, but lazier: node:stream
// loads, and the prototypes join Transform's, on the first use of a stream
// method or state (so `instanceof stream.Transform` holds only after that).

import * as ops from 'nanojs:internal/node_crypto';
import { builtin } from 'nanojs:host';
import { fillRandom } from 'nanojs:internal/crypto';
import { crypto as webcrypto } from 'nanojs:crypto';
import { Buffer } from 'node:internal/buffer';
import { codes, unavailableError } from 'node:internal/errors';
import {
  validateString,
  validateNumber,
  validateFunction,
  validateInt32,
  validateInteger,
  validateUint32,
  validateObject,
  validateBoolean,
  validateEncoding,
  validateOneOf,
} from 'node:internal/validators';

const {
  ERR_CRYPTO_HASH_FINALIZED,
  ERR_CRYPTO_HASH_UPDATE_FAILED,
  ERR_CRYPTO_INVALID_DIGEST,
  ERR_CRYPTO_INVALID_KEYLEN,
  ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE,
  ERR_CRYPTO_INVALID_SCRYPT_PARAMS,
  ERR_CRYPTO_SCRYPT_INVALID_PARAMETER,
  ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH,
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_OUT_OF_RANGE,
} = codes;

const ArrayBufferIsView = ArrayBuffer.isView;
const NumberIsNaN = Number.isNaN;
const NumberIsSafeInteger = Number.isSafeInteger;
const ReflectApply = Reflect.apply;
const MathMin = Math.min;
const ObjectDefineProperty = Object.defineProperty;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const NativeUint8Array = Uint8Array;
const NativeError = Error;
const ArrayBufferPrototypeGetByteLength = Reflect.apply.bind(
  Reflect.apply,
  Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get,
);
const SharedArrayBufferPrototypeGetByteLength =
  typeof SharedArrayBuffer === 'function'
    ? Reflect.apply.bind(
        Reflect.apply,
        Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get,
      )
    : undefined;

const kMaxLength = 2 ** 31 - 1;
const kMaxPossibleLength = kMaxLength;

// --- helpers ---------------------------------------------------------------

const isArrayBuffer = (v) => {
  try {
    ArrayBufferPrototypeGetByteLength(v, []);
    return true;
  } catch {
    return false;
  }
};
const isSharedArrayBuffer = (v) => {
  if (SharedArrayBufferPrototypeGetByteLength === undefined) return false;
  try {
    SharedArrayBufferPrototypeGetByteLength(v, []);
    return true;
  } catch {
    return false;
  }
};
const isAnyArrayBuffer = (v) => v !== null && typeof v === 'object' && (isArrayBuffer(v) || isSharedArrayBuffer(v));
const isArrayBufferView = ArrayBufferIsView;

const isCryptoKey = (v) =>
  v !== null && typeof v === 'object' && typeof CryptoKey === 'function' && v instanceof CryptoKey;

/** The bytes of an ArrayBuffer or view as a Uint8Array (no copy). */
function toU8(data) {
  if (isAnyArrayBuffer(data)) return new NativeUint8Array(data);
  if (data instanceof NativeUint8Array) return data;
  return new NativeUint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A string as bytes in Node's C++ StringBytes sense: unknown encodings are UTF-8. */
function stringBytes(str, encoding) {
  if (encoding === 'buffer' || !Buffer.isEncoding(encoding)) encoding = 'utf8';
  return Buffer.from(str, encoding);
}

/** Node's lib/internal/crypto/util.js getArrayBufferOrView, as a Uint8Array. */
function getArrayBufferOrView(buffer, name, encoding) {
  if (isAnyArrayBuffer(buffer)) return toU8(buffer);
  if (typeof buffer === 'string') {
    if (encoding === 'buffer') encoding = 'utf8';
    return Buffer.from(buffer, encoding);
  }
  if (!isArrayBufferView(buffer)) {
    throw new ERR_INVALID_ARG_TYPE(name, ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], buffer);
  }
  return toU8(buffer);
}

/** A digest's bytes in `encoding`: a Buffer for 'buffer' or an unknown encoding. */
function encodeDigest(ab, encoding) {
  const buf = Buffer.from(ab);
  if (encoding === undefined || encoding === 'buffer' || !Buffer.isEncoding(encoding)) return buf;
  return buf.toString(encoding);
}

// Node's async crypto jobs finish on the thread pool; the work here is
// synchronous, and the callback runs on a later turn as in Node.
function defer(fn) {
  setTimeout(fn, 0);
}


// --- LazyTransform ---------------------------------------------------------

// Node's lib/internal/streams/lazy_transform.js: the Transform constructor
// runs on the first read of `_readableState`/`_writableState`. Until node:stream
// is linked in, the stream methods are forwarders that link it in and call through.
function LazyTransform(options) {
  this._options = options;
}

const kStreamMethods = [
  'on', 'once', 'off', 'addListener', 'prependListener', 'prependOnceListener', 'removeListener',
  'removeAllListeners', 'emit', 'listeners', 'listenerCount', 'pipe', 'unpipe', 'write', 'end', 'read',
  'push', 'resume', 'pause', 'isPaused', 'setEncoding', 'destroy', 'cork', 'uncork', 'wrap',
  'setDefaultEncoding', Symbol.asyncIterator,
];
let streamLinked = false;

function linkStream() {
  if (streamLinked) return;
  streamLinked = true;
  const { Transform } = builtin('node:stream');
  for (const name of kStreamMethods) delete LazyTransform.prototype[name];
  ObjectSetPrototypeOf(LazyTransform.prototype, Transform.prototype);
  ObjectSetPrototypeOf(LazyTransform, Transform);
}

for (const name of kStreamMethods) {
  ObjectDefineProperty(LazyTransform.prototype, name, {
    value: function (...args) {
      linkStream();
      return ReflectApply(this[name], this, args);
    },
    writable: true,
    configurable: true,
  });
}

function makeGetter(name) {
  return function () {
    linkStream();
    const { Transform } = builtin('node:stream');
    ReflectApply(Transform, this, [this._options]);
    this._writableState.decodeStrings = false;
    return this[name];
  };
}

function makeSetter(name) {
  return function (val) {
    ObjectDefineProperty(this, name, { value: val, enumerable: true, configurable: true, writable: true });
  };
}

for (const name of ['_readableState', '_writableState']) {
  ObjectDefineProperty(LazyTransform.prototype, name, {
    get: makeGetter(name),
    set: makeSetter(name),
    configurable: true,
    enumerable: true,
  });
}

function transformChunk(chunk, encoding, callback) {
  ops.hashUpdate(this[kHandle].state, typeof chunk === 'string' ? stringBytes(chunk, encoding) : toU8(chunk));
  callback();
}

function flushDigest(callback) {
  const ab = ops.hashDigest(this[kHandle].state);
  if (ab !== null) this.push(Buffer.from(ab));
  callback();
}

// --- Hash ------------------------------------------------------------------

const kHandle = Symbol('kHandle');
const kFinalized = Symbol('kFinalized');

export function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  let handle;
  if (algorithm instanceof HashHandle) {
    handle = ops.hashCopy(algorithm.state);
  } else {
    validateString(algorithm, 'algorithm');
    const xofLen = typeof options === 'object' && options !== null ? options.outputLength : undefined;
    if (xofLen !== undefined) validateUint32(xofLen, 'options.outputLength');
    handle = ops.hashNew(algorithm, undefined);
    if (handle === null) throw new NativeError('Digest method not supported');
    if (xofLen !== undefined && xofLen !== ops.digestSize(algorithm)) {
      // Only XOFs (shake*) take another output length; none is offered here.
      throw new NativeError('Unsupported XOF output length');
    }
  }
  this[kHandle] = new HashHandle(handle);
  this[kFinalized] = false;
  ReflectApply(LazyTransform, this, [options]);
}

ObjectSetPrototypeOf(Hash.prototype, LazyTransform.prototype);
ObjectSetPrototypeOf(Hash, LazyTransform);
Hash.prototype._transform = transformChunk;
Hash.prototype._flush = flushDigest;

// The native state, wrapped so `new Hash(handle)` can tell it from a name.
function HashHandle(state) {
  this.state = state;
}

function update(data, encoding) {
  encoding = encoding || 'buffer';
  if (this[kFinalized]) throw new ERR_CRYPTO_HASH_FINALIZED();
  let bytes;
  if (typeof data === 'string') {
    validateEncoding(data, encoding);
    bytes = stringBytes(data, encoding);
  } else if (!isArrayBufferView(data)) {
    throw new ERR_INVALID_ARG_TYPE('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  } else {
    bytes = toU8(data);
  }
  if (!ops.hashUpdate(this[kHandle].state, bytes)) throw new ERR_CRYPTO_HASH_UPDATE_FAILED();
  return this;
}

Hash.prototype.update = update;

Hash.prototype.copy = function copy(options) {
  if (this[kFinalized]) throw new ERR_CRYPTO_HASH_FINALIZED();
  return new Hash(this[kHandle], options);
};

Hash.prototype.digest = function digest(outputEncoding) {
  if (this[kFinalized]) throw new ERR_CRYPTO_HASH_FINALIZED();
  outputEncoding = outputEncoding || 'buffer';
  const ab = ops.hashDigest(this[kHandle].state);
  this[kFinalized] = true;
  return encodeDigest(ab, `${outputEncoding}`);
};

export function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

// --- Hmac ------------------------------------------------------------------

function prepareSecretKey(key, encoding) {
  if (typeof key === 'string') return stringBytes(key, encoding);
  if (key instanceof KeyObject) {
    if (key.type !== 'secret') throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'secret');
    return secretBytesOf(key);
  }
  if (isAnyArrayBuffer(key) || isArrayBufferView(key)) return toU8(key);
  if (isCryptoKey(key)) {
    throw new ERR_INVALID_ARG_VALUE('key', key, 'is a CryptoKey, which node:crypto in nanojs does not take yet');
  }
  throw new ERR_INVALID_ARG_TYPE(
    'key',
    ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'string', 'KeyObject', 'CryptoKey'],
    key,
  );
}

function getStringOption(options, key) {
  let value;
  if (options && (value = options[key]) != null) validateString(value, `options.${key}`);
  return value;
}

export function Hmac(hmac, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
  validateString(hmac, 'hmac');
  const encoding = getStringOption(options, 'encoding');
  key = prepareSecretKey(key, encoding);
  const state = ops.hashNew(hmac, key);
  if (state === null) throw new ERR_CRYPTO_INVALID_DIGEST(hmac);
  this[kHandle] = new HashHandle(state);
  this[kFinalized] = false;
  ReflectApply(LazyTransform, this, [options]);
}

ObjectSetPrototypeOf(Hmac.prototype, LazyTransform.prototype);
ObjectSetPrototypeOf(Hmac, LazyTransform);
Hmac.prototype._transform = transformChunk;
Hmac.prototype._flush = flushDigest;

Hmac.prototype.update = update;

Hmac.prototype.digest = function digest(outputEncoding) {
  outputEncoding = outputEncoding || 'buffer';
  if (this[kFinalized]) {
    const buf = Buffer.from('');
    return outputEncoding === 'buffer' ? buf : buf.toString(outputEncoding);
  }
  const ab = ops.hashDigest(this[kHandle].state);
  this[kFinalized] = true;
  return encodeDigest(ab, `${outputEncoding}`);
};

export function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

// --- one-shot hash (Node 20.12) ----------------------------------------------

const lowerEncodings = new Set(['utf8', 'utf-8', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'latin1', 'binary', 'base64', 'base64url', 'hex', 'ascii']);

export function hash(algorithm, input, outputEncoding = 'hex') {
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !isArrayBufferView(input)) {
    throw new ERR_INVALID_ARG_TYPE('input', ['Buffer', 'TypedArray', 'DataView', 'string'], input);
  }
  let normalized = outputEncoding;
  if (outputEncoding !== 'hex') {
    validateString(outputEncoding, 'outputEncoding');
    const lower = outputEncoding.toLowerCase();
    if (lower === 'buffer') normalized = 'buffer';
    else if (lowerEncodings.has(lower)) normalized = lower;
    else throw new ERR_INVALID_ARG_VALUE('outputEncoding', outputEncoding);
  }
  const state = ops.hashNew(algorithm, undefined);
  if (state === null) throw new NativeError(`Digest method ${algorithm} is not supported`);
  ops.hashUpdate(state, typeof input === 'string' ? Buffer.from(input, 'utf8') : toU8(input));
  return encodeDigest(ops.hashDigest(state), normalized);
}

const kHashes = [
  'RSA-MD5', 'RSA-RIPEMD160', 'RSA-SHA1', 'RSA-SHA1-2', 'RSA-SHA224', 'RSA-SHA256', 'RSA-SHA3-224',
  'RSA-SHA3-256', 'RSA-SHA3-384', 'RSA-SHA3-512', 'RSA-SHA384', 'RSA-SHA512', 'RSA-SHA512/224',
  'RSA-SHA512/256', 'id-rsassa-pkcs1-v1_5-with-sha3-224', 'id-rsassa-pkcs1-v1_5-with-sha3-256',
  'id-rsassa-pkcs1-v1_5-with-sha3-384', 'id-rsassa-pkcs1-v1_5-with-sha3-512', 'md5', 'md5WithRSAEncryption',
  'ripemd', 'ripemd160', 'ripemd160WithRSA', 'rmd160', 'sha1', 'sha1WithRSAEncryption', 'sha224',
  'sha224WithRSAEncryption', 'sha256', 'sha256WithRSAEncryption', 'sha3-224', 'sha3-256', 'sha3-384',
  'sha3-512', 'sha384', 'sha384WithRSAEncryption', 'sha512', 'sha512-224', 'sha512-224WithRSAEncryption',
  'sha512-256', 'sha512-256WithRSAEncryption', 'sha512WithRSAEncryption', 'ssl3-md5', 'ssl3-sha1',
];

export function getHashes() {
  return kHashes.slice();
}

// --- random ----------------------------------------------------------------

function assertOffset(offset, elementSize, length) {
  validateNumber(offset, 'offset');
  offset *= elementSize;
  const maxLength = MathMin(length, kMaxPossibleLength);
  if (NumberIsNaN(offset) || offset > maxLength || offset < 0) {
    throw new ERR_OUT_OF_RANGE('offset', `>= 0 && <= ${maxLength}`, offset);
  }
  return offset >>> 0;
}

function assertSize(size, elementSize, offset, length) {
  validateNumber(size, 'size');
  size *= elementSize;
  if (NumberIsNaN(size) || size > kMaxPossibleLength || size < 0) {
    throw new ERR_OUT_OF_RANGE('size', `>= 0 && <= ${kMaxPossibleLength}`, size);
  }
  if (size + offset > length) {
    throw new ERR_OUT_OF_RANGE('size + offset', `<= ${length}`, size + offset);
  }
  return size >>> 0;
}

function fillBytes(buf, offset, size) {
  const u8 = toU8(buf);
  fillRandom(new NativeUint8Array(u8.buffer, u8.byteOffset + offset, size));
}

function checkRandomBuf(buf) {
  if (!isAnyArrayBuffer(buf) && !isArrayBufferView(buf)) {
    throw new ERR_INVALID_ARG_TYPE('buf', ['ArrayBuffer', 'ArrayBufferView'], buf);
  }
}

export function randomFillSync(buf, offset = 0, size) {
  checkRandomBuf(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  offset = assertOffset(offset, elementSize, buf.byteLength);
  if (size === undefined) size = buf.byteLength - offset;
  else size = assertSize(size, elementSize, offset, buf.byteLength);
  if (size === 0) return buf;
  fillBytes(buf, offset, size);
  return buf;
}

export function randomFill(buf, offset, size, callback) {
  checkRandomBuf(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  if (typeof offset === 'function') {
    callback = offset;
    offset = 0;
    size = buf.length;
  } else if (typeof size === 'function') {
    callback = size;
    offset *= elementSize;
    size = buf.length - offset;
  } else {
    validateFunction(callback, 'callback');
  }
  offset = assertOffset(offset, elementSize, buf.byteLength);
  if (size === undefined) size = buf.byteLength - offset;
  else size = assertSize(size, elementSize, offset, buf.byteLength);
  if (size === 0) {
    callback(null, buf);
    return;
  }
  fillBytes(buf, offset, size);
  defer(() => callback(null, buf));
}

export function randomBytes(size, callback) {
  size = assertSize(size, 1, 0, Infinity);
  if (callback !== undefined) validateFunction(callback, 'callback');
  const buf = Buffer.alloc(size);
  if (size > 0) fillRandom(buf);
  if (callback === undefined) return buf;
  defer(() => callback(null, buf));
}

export { randomBytes as pseudoRandomBytes, randomBytes as prng, randomBytes as rng };

const RAND_MAX = 0xffff_ffff_ffff;
const randomCache = Buffer.alloc(6 * 1024);
let randomCacheOffset = randomCache.length;

export function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === 'undefined' || typeof max === 'function';
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  const isSync = typeof callback === 'undefined';
  if (!isSync) validateFunction(callback, 'callback');
  if (!NumberIsSafeInteger(min)) throw new ERR_INVALID_ARG_TYPE('min', 'a safe integer', min);
  if (!NumberIsSafeInteger(max)) throw new ERR_INVALID_ARG_TYPE('max', 'a safe integer', max);
  if (max <= min) {
    throw new ERR_OUT_OF_RANGE('max', `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw new ERR_OUT_OF_RANGE(`max${minNotSpecified ? '' : ' - min'}`, `<= ${RAND_MAX}`, range);
  }
  // x % range is unbiased for x drawn from [0, randLimit).
  const randLimit = RAND_MAX - (RAND_MAX % range);
  for (;;) {
    if (randomCacheOffset === randomCache.length) {
      fillRandom(randomCache);
      randomCacheOffset = 0;
    }
    const x = randomCache.readUIntBE(randomCacheOffset, 6);
    randomCacheOffset += 6;
    if (x < randLimit) {
      const n = (x % range) + min;
      if (isSync) return n;
      process.nextTick(callback, undefined, n);
      return;
    }
  }
}

export function randomUUID(options) {
  if (options !== undefined) validateObject(options, 'options');
  const { disableEntropyCache = false } = options || {};
  validateBoolean(disableEntropyCache, 'options.disableEntropyCache');
  return webcrypto.randomUUID();
}

export function getRandomValues(data) {
  return webcrypto.getRandomValues(data);
}

export const subtle = webcrypto.subtle;
export { webcrypto };

// --- timingSafeEqual -------------------------------------------------------

function checkTimingBuf(buf, name) {
  if (!isAnyArrayBuffer(buf) && !isArrayBufferView(buf)) {
    const err = new ERR_INVALID_ARG_TYPE(name, ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], buf);
    // Node's C++ check words it without the received value.
    err.message = `The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`;
    return err;
  }
  return null;
}

export function timingSafeEqual(buf1, buf2) {
  const err = checkTimingBuf(buf1, 'buf1') || checkTimingBuf(buf2, 'buf2');
  if (err) throw err;
  const a = toU8(buf1);
  const b = toU8(buf2);
  if (a.byteLength !== b.byteLength) throw new ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH();
  return ops.timingSafeEqual(a, b);
}

// --- KeyObject -------------------------------------------------------------
// Secret keys only: enough for libraries that wrap an HMAC secret in a
// KeyObject (jsonwebtoken). Asymmetric keys are crypto.subtle's for now.

const kKeyHandle = Symbol('kKeyHandle');
let secretBytesOf;

export class KeyObject {
  #type;
  constructor(type, handle) {
    validateOneOf(type, 'type', ['secret', 'public', 'private']);
    if (handle === null || typeof handle !== 'object' || handle[kKeyHandle] !== true) {
      throw new ERR_INVALID_ARG_TYPE('handle', 'object', handle);
    }
    this.#type = type;
  }
  get type() {
    return this.#type;
  }
  get [Symbol.toStringTag]() {
    return 'KeyObject';
  }
  equals(otherKeyObject) {
    if (!(otherKeyObject instanceof KeyObject)) {
      throw new ERR_INVALID_ARG_TYPE('otherKeyObject', 'KeyObject', otherKeyObject);
    }
    if (otherKeyObject.type !== this.type) return false;
    const a = secretBytesOf(this);
    const b = secretBytesOf(otherKeyObject);
    return a.byteLength === b.byteLength && ops.timingSafeEqual(a, b);
  }
}

class SecretKeyObject extends KeyObject {
  #bytes;
  static {
    secretBytesOf = (key) => key.#bytes;
  }
  constructor(bytes) {
    super('secret', { [kKeyHandle]: true });
    this.#bytes = bytes;
  }
  get symmetricKeySize() {
    return this.#bytes.byteLength;
  }
  get asymmetricKeyType() {
    return undefined;
  }
  export(options) {
    if (options !== undefined) validateObject(options, 'options');
    const format = options?.format;
    if (format === 'jwk') return { kty: 'oct', k: Buffer.from(this.#bytes).toString('base64url') };
    if (format !== undefined && format !== 'buffer') {
      throw new ERR_INVALID_ARG_VALUE('options.format', format, "must be one of: undefined, 'buffer', 'jwk'");
    }
    return Buffer.from(this.#bytes);
  }
}

/** A KeyObject holding a copy of `key`'s bytes. */
export function createSecretKey(key, encoding) {
  if (typeof key === 'string') key = stringBytes(key, encoding);
  else if (isAnyArrayBuffer(key) || isArrayBufferView(key)) key = toU8(key);
  else throw new ERR_INVALID_ARG_TYPE('key', ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], key);
  return new SecretKeyObject(new NativeUint8Array(key));
}

function asymmetricKeysUnavailable(name) {
  return function () {
    throw unavailableError(`crypto.${name}()`, 'import asymmetric keys with crypto.subtle.importKey()');
  };
}
export const createPrivateKey = asymmetricKeysUnavailable('createPrivateKey');
export const createPublicKey = asymmetricKeysUnavailable('createPublicKey');

// --- PBKDF2 ----------------------------------------------------------------

function pbkdf2Check(password, salt, iterations, keylen, digest) {
  validateString(digest, 'digest');
  password = getArrayBufferOrView(password, 'password');
  salt = getArrayBufferOrView(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  return { password, salt, iterations, keylen, digest };
}

function pbkdf2Run({ password, salt, iterations, keylen, digest }) {
  const ab = ops.pbkdf2(digest, password, salt, iterations, keylen);
  if (ab === null) throw new ERR_CRYPTO_INVALID_DIGEST(digest);
  return ab;
}

export function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return Buffer.from(pbkdf2Run(pbkdf2Check(password, salt, iterations, keylen, digest)));
}

export function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const args = pbkdf2Check(password, salt, iterations, keylen, digest);
  validateFunction(callback, 'callback');
  if (ops.digestSize(args.digest) < 0) throw new ERR_CRYPTO_INVALID_DIGEST(args.digest);
  defer(() => {
    const buf = Buffer.from(pbkdf2Run(args));
    callback(null, buf);
  });
}

// --- scrypt ----------------------------------------------------------------

const scryptDefaults = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

// Node's lib/internal/crypto/scrypt.js check(): N/cost, r/blockSize,
// p/parallelization (each pair exclusive), maxmem; 0 means the default.
function scryptCheck(password, salt, keylen, options) {
  password = getArrayBufferOrView(password, 'password');
  salt = getArrayBufferOrView(salt, 'salt');
  validateInt32(keylen, 'keylen', 0);
  let { N, r, p, maxmem } = scryptDefaults;
  if (options && options !== scryptDefaults) {
    const pick = (a, b, value) => {
      const hasA = options[a] !== undefined;
      if (hasA) {
        value = options[a];
        validateUint32(value, a);
      }
      if (options[b] !== undefined) {
        if (hasA) throw new ERR_CRYPTO_SCRYPT_INVALID_PARAMETER();
        value = options[b];
        validateUint32(value, b);
      }
      return value;
    };
    N = pick('N', 'cost', N);
    r = pick('r', 'blockSize', r);
    p = pick('p', 'parallelization', p);
    if (options.maxmem !== undefined) {
      maxmem = options.maxmem;
      validateInteger(maxmem, 'maxmem', 0);
    }
    if (N === 0) N = scryptDefaults.N;
    if (r === 0) r = scryptDefaults.r;
    if (p === 0) p = scryptDefaults.p;
    if (maxmem === 0) maxmem = scryptDefaults.maxmem;
  }
  // OpenSSL's EVP_PBE_scrypt checks, with its messages.
  if (N < 2 || (N & (N - 1)) !== 0) throw new ERR_CRYPTO_INVALID_SCRYPT_PARAMS();
  const memory = p * 128 * r + 32 * r * (N + 2) * 4;
  if (p * r >= 2 ** 30 || (16 * r <= 63 && N >= 2 ** (16 * r)) || memory > maxmem) {
    const e = new ERR_CRYPTO_INVALID_SCRYPT_PARAMS();
    e.message += ': error:030000AC:digital envelope routines::memory limit exceeded';
    throw e;
  }
  return { password, salt, keylen, N, r, p };
}

function scryptRun({ password, salt, keylen, N, r, p }) {
  const ab = ops.scrypt(password, salt, N, r, p, keylen);
  if (ab === null) throw new ERR_CRYPTO_INVALID_SCRYPT_PARAMS();
  return Buffer.from(ab);
}

export function scryptSync(password, salt, keylen, options = scryptDefaults) {
  return scryptRun(scryptCheck(password, salt, keylen, options));
}

export function scrypt(password, salt, keylen, options, callback = scryptDefaults) {
  if (callback === scryptDefaults) {
    callback = options;
    options = scryptDefaults;
  }
  const args = scryptCheck(password, salt, keylen, options);
  validateFunction(callback, 'callback');
  defer(() => {
    let buf;
    try {
      buf = scryptRun(args);
    } catch (e) {
      callback(e);
      return;
    }
    callback(null, buf);
  });
}

// --- HKDF ------------------------------------------------------------------

function validateByteSource(val, name) {
  if (typeof val === 'string') return Buffer.from(val, 'utf8');
  if (isAnyArrayBuffer(val) || isArrayBufferView(val)) return toU8(val);
  throw new ERR_INVALID_ARG_TYPE(name, ['string', 'ArrayBuffer', 'TypedArray', 'DataView', 'Buffer'], val);
}

function hkdfParameters(hash, key, salt, info, length) {
  validateString(hash, 'digest');
  if (typeof key === 'string') key = Buffer.from(key, 'utf8');
  else if (isAnyArrayBuffer(key) || isArrayBufferView(key)) key = toU8(key);
  else if (key instanceof KeyObject && key.type === 'secret') key = secretBytesOf(key);
  else {
    throw new ERR_INVALID_ARG_TYPE(
      'ikm',
      ['string', 'SecretKeyObject', 'ArrayBuffer', 'TypedArray', 'DataView', 'Buffer'],
      key,
    );
  }
  salt = validateByteSource(salt, 'salt');
  info = validateByteSource(info, 'info');
  // Node 20's kMaxLength (2 ** 32) in the message; 255 digests is the real cap.
  validateInteger(length, 'length', 0, 2 ** 32);
  if (info.byteLength > 1024) {
    throw new ERR_OUT_OF_RANGE('info', 'must not contain more than 1024 bytes', info.byteLength);
  }
  const size = ops.digestSize(hash);
  if (size < 0) throw new ERR_CRYPTO_INVALID_DIGEST(hash);
  if (length > 255 * size) throw new ERR_CRYPTO_INVALID_KEYLEN();
  return { hash, key, salt, info, length };
}

function hkdfRun({ hash, key, salt, info, length }) {
  const ab = ops.hkdf(hash, key, salt, info, length);
  if (ab === null) throw new ERR_CRYPTO_INVALID_KEYLEN();
  return ab;
}

export function hkdfSync(hash, key, salt, info, length) {
  return hkdfRun(hkdfParameters(hash, key, salt, info, length));
}

export function hkdf(hash, key, salt, info, length, callback) {
  const args = hkdfParameters(hash, key, salt, info, length);
  validateFunction(callback, 'callback');
  defer(() => callback(null, hkdfRun(args)));
}

// --- misc ------------------------------------------------------------------

export function getFips() {
  return 0;
}

export function setFips(value) {
  if (value) throw new NativeError('Cannot set FIPS mode in a non-FIPS build.');
}

export const constants = {};

const crypto = {
  createHash,
  createHmac,
  getHashes,
  hash,
  hkdf,
  hkdfSync,
  pbkdf2,
  pbkdf2Sync,
  scrypt,
  scryptSync,
  KeyObject,
  createSecretKey,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  randomFill,
  randomFillSync,
  randomInt,
  randomUUID,
  timingSafeEqual,
  getFips,
  setFips,
  Hash,
  Hmac,
  constants,
  webcrypto,
  subtle,
  getRandomValues,
  pseudoRandomBytes: randomBytes,
  prng: randomBytes,
  rng: randomBytes,
};

export default crypto;
