// WebIDL conversions for SubtleCrypto's arguments, and WebCrypto's
// "normalize an algorithm" (§18.4) with the table of registered algorithms
// per operation and the dictionary type each one's parameters convert to.
//
// A normalized algorithm is a prototype-less object with the canonical
// `name` and only the members of its dictionary: BufferSource members as
// fresh copies (Uint8Array), hashes by canonical name, `public` as the
// CryptoKey's handle. That is what `nanojs:internal/subtle` reads.

import { DOMException } from 'nanojs:dom_exception';

// --- intrinsics ----------------------------------------------------------------

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const uncurry = (fn) => (self, ...args) => ReflectApply(fn, self, args);
const getter = (proto, key) => {
  const get = ObjectGetOwnPropertyDescriptor(proto, key)?.get;
  return get ? (self) => ReflectApply(get, self, []) : () => false;
};
const U8 = Uint8Array;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TAName = getter(TypedArrayPrototype, Symbol.toStringTag);
const TABuffer = getter(TypedArrayPrototype, 'buffer');
const TAByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const TAByteLength = getter(TypedArrayPrototype, 'byteLength');
const TASlice = uncurry(TypedArrayPrototype.slice);
const DVBuffer = getter(DataView.prototype, 'buffer');
const DVByteOffset = getter(DataView.prototype, 'byteOffset');
const DVByteLength = getter(DataView.prototype, 'byteLength');
const ABByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const ABResizable = getter(ArrayBuffer.prototype, 'resizable');
const ABDetached = getter(ArrayBuffer.prototype, 'detached');
const ArrayBufferIsView = ArrayBuffer.isView;
const StringToUpperCase = uncurry(String.prototype.toUpperCase);
const StringCharCodeAt = uncurry(String.prototype.charCodeAt);
const MathTrunc = Math.trunc;
const SymbolIterator = Symbol.iterator;
const TypeErrorCtor = TypeError;

// Lists this module fills: without a prototype, so that no index setter a
// program put on Array.prototype runs.
const newList = () => ObjectSetPrototypeOf([], null);

const isObject = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');

// --- primitives ------------------------------------------------------------------

/** WebIDL DOMString: ToString, which throws a TypeError for symbols. */
export function toDOMString(v) {
  return `${v}`;
}

export function toBoolean(v) {
  return !!v;
}

/** [EnforceRange] on an unsigned integer type with maximum `max`. */
function enforceRange(v, max, what) {
  let x = +v;
  if (x !== x || x === Infinity || x === -Infinity) {
    throw new TypeErrorCtor(`${what} is not a finite number.`);
  }
  x = MathTrunc(x);
  if (x < 0 || x > max) {
    throw new TypeErrorCtor(`${what} is outside the range [0, ${max}].`);
  }
  return x + 0;
}

/** `unsigned long?`: null for null and undefined, else ToUint32-like. */
export function toNullableUnsignedLong(v) {
  if (v === null || v === undefined) return null;
  let x = +v;
  if (x !== x || x === Infinity || x === -Infinity) return 0;
  x = MathTrunc(x) % 4294967296;
  return x < 0 ? x + 4294967296 : x + 0;
}

// --- buffers ------------------------------------------------------------------------

function isArrayBuffer(v) {
  try {
    ABByteLength(v);
    return true;
  } catch {
    return false;
  }
}

// The bytes a BufferSource covers, as a Uint8Array over the same memory; or
// undefined when `v` is not a BufferSource. Shared and resizable buffers are
// TypeErrors (the IDL has neither [AllowShared] nor [AllowResizable]); a
// detached buffer reads as empty.
function viewOf(v, what) {
  let buffer;
  let view = null;
  if (ArrayBufferIsView(v)) {
    view = v;
    buffer = TAName(v) !== undefined ? TABuffer(v) : DVBuffer(v);
  } else if (isObject(v) && isArrayBuffer(v)) {
    buffer = v;
  } else {
    return undefined;
  }
  if (!isArrayBuffer(buffer)) {
    throw new TypeErrorCtor(`${what} is backed by a SharedArrayBuffer.`);
  }
  if (ABDetached(buffer)) return new U8(0);
  if (ABResizable(buffer)) {
    throw new TypeErrorCtor(`${what} is backed by a resizable ArrayBuffer.`);
  }
  if (view === null) return new U8(buffer);
  if (TAName(view) !== undefined) {
    return new U8(buffer, TAByteOffset(view), TAByteLength(view));
  }
  return new U8(buffer, DVByteOffset(view), DVByteLength(view));
}

/** A BufferSource argument, as a Uint8Array view of its bytes. */
export function toBufferSource(v, method, index) {
  const what = `Failed to execute '${method}' on 'SubtleCrypto': parameter ${index}`;
  const view = viewOf(v, what);
  if (view === undefined) {
    throw new TypeErrorCtor(`${what} is not of type '(ArrayBuffer or ArrayBufferView)'.`);
  }
  return view;
}

// A BufferSource dictionary member: a copy, as normalization requires.
function bufferCopy(v, member) {
  const view = viewOf(v, member);
  if (view === undefined) {
    throw new TypeErrorCtor(`${member} is not of type '(ArrayBuffer or ArrayBufferView)'.`);
  }
  return TASlice(view);
}

// BigInteger: a Uint8Array, copied.
function bigInteger(v, member) {
  if (!ArrayBufferIsView(v) || TAName(v) !== 'Uint8Array') {
    throw new TypeErrorCtor(`${member} is not of type 'Uint8Array'.`);
  }
  return bufferCopy(v, member);
}

// --- enumerations and sequences -------------------------------------------------------

const FORMATS = { __proto__: null, raw: true, spki: true, pkcs8: true, jwk: true };

export function toKeyFormat(v, method) {
  const s = toDOMString(v);
  if (FORMATS[s] !== true) {
    throw new TypeErrorCtor(
      `Failed to execute '${method}' on 'SubtleCrypto': The provided value '${s}' is not a valid enum value of type KeyFormat.`,
    );
  }
  return s;
}

const USAGE_BITS = {
  __proto__: null,
  encrypt: 1, decrypt: 2, sign: 4, verify: 8, deriveKey: 16, deriveBits: 32, wrapKey: 64, unwrapKey: 128,
};

// Iterates a WebIDL sequence: calls `each` with every element.
function forEachOfSequence(v, what, each) {
  if (!isObject(v)) throw new TypeErrorCtor(`${what} is not a sequence.`);
  const method = v[SymbolIterator];
  if (typeof method !== 'function') throw new TypeErrorCtor(`${what} is not iterable.`);
  const iterator = ReflectApply(method, v, []);
  if (!isObject(iterator)) throw new TypeErrorCtor(`${what}: the iterator is not an object.`);
  const next = iterator.next;
  for (;;) {
    const r = ReflectApply(next, iterator, []);
    if (!isObject(r)) throw new TypeErrorCtor(`${what}: the iterator result is not an object.`);
    if (r.done) return;
    each(r.value);
  }
}

/** sequence<KeyUsage>, as a bit mask in enumeration order. */
export function toUsages(v, method) {
  let mask = 0;
  forEachOfSequence(v, `Failed to execute '${method}' on 'SubtleCrypto': keyUsages`, (item) => {
    const s = toDOMString(item);
    const bit = USAGE_BITS[s];
    if (bit === undefined) {
      throw new TypeErrorCtor(
        `Failed to execute '${method}' on 'SubtleCrypto': The provided value '${s}' is not a valid enum value of type KeyUsage.`,
      );
    }
    mask |= bit;
  });
  return mask;
}

// --- JsonWebKey -----------------------------------------------------------------------

// Members in WebIDL's (lexicographic) conversion order, with their types.
const JWK_MEMBERS = [
  ['alg', 's'], ['crv', 's'], ['d', 's'], ['dp', 's'], ['dq', 's'], ['e', 's'], ['ext', 'b'],
  ['k', 's'], ['key_ops', 'l'], ['kty', 's'], ['n', 's'], ['oth', 'o'], ['p', 's'], ['q', 's'],
  ['qi', 's'], ['use', 's'], ['x', 's'], ['y', 's'],
];

const OTHER_PRIME_MEMBERS = ['d', 'r', 't'];

function toJsonWebKey(v) {
  const out = { __proto__: null };
  if (v === undefined || v === null) return out;
  for (let i = 0; i < JWK_MEMBERS.length; i++) {
    const name = JWK_MEMBERS[i][0];
    const type = JWK_MEMBERS[i][1];
    const value = v[name];
    if (value === undefined) continue;
    if (type === 's') {
      out[name] = toDOMString(value);
    } else if (type === 'b') {
      out[name] = toBoolean(value);
    } else if (type === 'l') {
      const list = newList();
      forEachOfSequence(value, 'JsonWebKey.key_ops', (item) => {
        list[list.length] = toDOMString(item);
      });
      out[name] = list;
    } else {
      const list = newList();
      forEachOfSequence(value, 'JsonWebKey.oth', (item) => {
        if (item !== undefined && item !== null && !isObject(item)) {
          throw new TypeErrorCtor('JsonWebKey.oth members must be objects.');
        }
        const info = { __proto__: null };
        for (let j = 0; j < OTHER_PRIME_MEMBERS.length; j++) {
          const m = OTHER_PRIME_MEMBERS[j];
          const x = item?.[m];
          if (x !== undefined) info[m] = toDOMString(x);
        }
        list[list.length] = info;
      });
      out[name] = list;
    }
  }
  return out;
}

/** (BufferSource or JsonWebKey): `{ bytes }` or `{ jwk }`. */
export function toKeyData(v) {
  if (ArrayBufferIsView(v) || (isObject(v) && isArrayBuffer(v))) {
    return { bytes: toBufferSource(v, 'importKey', 2) };
  }
  if (v === undefined || v === null || isObject(v)) return { jwk: toJsonWebKey(v) };
  throw new TypeErrorCtor(
    "Failed to execute 'importKey' on 'SubtleCrypto': parameter 2 is not of type '(ArrayBuffer or ArrayBufferView or JsonWebKey)'.",
  );
}

// --- algorithms ------------------------------------------------------------------------

/** AlgorithmIdentifier, (object or DOMString). */
export function toAlgorithmIdentifier(v) {
  return isObject(v) ? v : toDOMString(v);
}

let isCryptoKey = () => false;
let handleOf = () => undefined;

/** subtle.js hands over its CryptoKey brand check (a cycle otherwise). */
export function setCryptoKeyCheck(check, handle) {
  isCryptoKey = check;
  handleOf = handle;
}

// Member converters: (value, member name) -> converted value.
const octet = (v, m) => enforceRange(v, 0xff, m);
const unsignedShort = (v, m) => enforceRange(v, 0xffff, m);
const unsignedLong = (v, m) => enforceRange(v, 0xffffffff, m);
const domString = (v) => toDOMString(v);
const hashAlgorithm = (v) => normalize(toAlgorithmIdentifier(v), 'digest').name;
const cryptoKey = (v, m) => {
  if (!isCryptoKey(v)) throw new TypeErrorCtor(`${m} is not of type 'CryptoKey'.`);
  return handleOf(v);
};

// Dictionaries: [member, converter, required], inherited members first, each
// dictionary's own members in lexicographic order (WebIDL's reading order).
const NONE = [];
const RsaHashedKeyGenParams = [
  ['modulusLength', unsignedLong, true], ['publicExponent', bigInteger, true],
  ['hash', hashAlgorithm, true],
];
const RsaHashedImportParams = [['hash', hashAlgorithm, true]];
const RsaPssParams = [['saltLength', unsignedLong, true]];
const RsaOaepParams = [['label', bufferCopy, false]];
const EcdsaParams = [['hash', hashAlgorithm, true]];
const EcKeyGenParams = [['namedCurve', domString, true]];
const EcKeyImportParams = EcKeyGenParams;
const EcdhKeyDeriveParams = [['public', cryptoKey, true]];
const AesCtrParams = [['counter', bufferCopy, true], ['length', octet, true]];
const AesKeyGenParams = [['length', unsignedShort, true]];
const AesDerivedKeyParams = AesKeyGenParams;
const AesCbcParams = [['iv', bufferCopy, true]];
const AesGcmParams = [
  ['additionalData', bufferCopy, false], ['iv', bufferCopy, true], ['tagLength', octet, false],
];
const HmacImportParams = [['hash', hashAlgorithm, true], ['length', unsignedLong, false]];
const HmacKeyGenParams = HmacImportParams;
const HkdfParams = [
  ['hash', hashAlgorithm, true], ['info', bufferCopy, true], ['salt', bufferCopy, true],
];
const Pbkdf2Params = [
  ['hash', hashAlgorithm, true], ['iterations', unsignedLong, true], ['salt', bufferCopy, true],
];

const CIPHERS = {
  'RSA-OAEP': RsaOaepParams, 'AES-CTR': AesCtrParams, 'AES-CBC': AesCbcParams, 'AES-GCM': AesGcmParams,
};
// Ed448Params, from Secure Curves in the Web Cryptography API.
const Ed448Params = [['context', bufferCopy, false]];
const SIGNATURES = {
  'RSASSA-PKCS1-v1_5': NONE,
  'RSA-PSS': RsaPssParams,
  ECDSA: EcdsaParams,
  HMAC: NONE,
  Ed25519: NONE,
  Ed448: Ed448Params,
};

// The registered algorithms of each operation, and their parameter types.
const SUPPORTED = {
  encrypt: CIPHERS,
  decrypt: CIPHERS,
  sign: SIGNATURES,
  verify: SIGNATURES,
  digest: { 'SHA-1': NONE, 'SHA-256': NONE, 'SHA-384': NONE, 'SHA-512': NONE },
  generateKey: {
    'RSASSA-PKCS1-v1_5': RsaHashedKeyGenParams,
    'RSA-PSS': RsaHashedKeyGenParams,
    'RSA-OAEP': RsaHashedKeyGenParams,
    ECDSA: EcKeyGenParams,
    ECDH: EcKeyGenParams,
    'AES-CTR': AesKeyGenParams,
    'AES-CBC': AesKeyGenParams,
    'AES-GCM': AesKeyGenParams,
    'AES-KW': AesKeyGenParams,
    HMAC: HmacKeyGenParams,
    Ed25519: NONE,
    X25519: NONE,
    Ed448: NONE,
    X448: NONE,
  },
  importKey: {
    'RSASSA-PKCS1-v1_5': RsaHashedImportParams,
    'RSA-PSS': RsaHashedImportParams,
    'RSA-OAEP': RsaHashedImportParams,
    ECDSA: EcKeyImportParams,
    ECDH: EcKeyImportParams,
    'AES-CTR': NONE,
    'AES-CBC': NONE,
    'AES-GCM': NONE,
    'AES-KW': NONE,
    HMAC: HmacImportParams,
    PBKDF2: NONE,
    HKDF: NONE,
    Ed25519: NONE,
    X25519: NONE,
    Ed448: NONE,
    X448: NONE,
  },
  deriveBits: {
    ECDH: EcdhKeyDeriveParams,
    X25519: EcdhKeyDeriveParams,
    X448: EcdhKeyDeriveParams,
    HKDF: HkdfParams,
    PBKDF2: Pbkdf2Params,
  },
  'get key length': {
    'AES-CTR': AesDerivedKeyParams,
    'AES-CBC': AesDerivedKeyParams,
    'AES-GCM': AesDerivedKeyParams,
    'AES-KW': AesDerivedKeyParams,
    HMAC: HmacImportParams,
    HKDF: NONE,
    PBKDF2: NONE,
  },
  wrapKey: { 'AES-KW': NONE },
  unwrapKey: { 'AES-KW': NONE },
};

// Per operation: ASCII-uppercased name -> canonical name.
const LOOKUP = { __proto__: null };
for (const op in SUPPORTED) {
  const table = { __proto__: null };
  for (const name in SUPPORTED[op]) table[StringToUpperCase(name)] = name;
  LOOKUP[op] = table;
}

function isAscii(s) {
  for (let i = 0; i < s.length; i++) {
    if (StringCharCodeAt(s, i) > 0x7f) return false;
  }
  return true;
}

/**
 * "Normalize an algorithm" for operation `op`: `alg` is an
 * AlgorithmIdentifier (already converted). Throws NotSupportedError for an
 * unknown name, TypeError for a parameter of the wrong type.
 */
export function normalize(alg, op) {
  const obj = typeof alg === 'string' ? { name: alg } : alg;
  const nameValue = obj.name;
  if (nameValue === undefined) {
    throw new TypeErrorCtor("Algorithm: the required member 'name' is missing.");
  }
  const name = toDOMString(nameValue);
  const canonical = isAscii(name) ? LOOKUP[op][StringToUpperCase(name)] : undefined;
  if (canonical === undefined) {
    throw new DOMException(`Unrecognized algorithm name '${name}' for ${op}.`, 'NotSupportedError');
  }
  const members = SUPPORTED[op][canonical];
  const out = { __proto__: null, name: canonical };
  for (let i = 0; i < members.length; i++) {
    const member = members[i][0];
    const convert = members[i][1];
    const required = members[i][2];
    const value = obj[member];
    if (value === undefined) {
      if (required) {
        throw new TypeErrorCtor(`${canonical}: the required member '${member}' is missing.`);
      }
      continue;
    }
    out[member] = convert(value, `${canonical}.${member}`);
  }
  return out;
}
