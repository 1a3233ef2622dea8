// SubtleCrypto and CryptoKey (Web Cryptography API, https://w3c.github.io/webcrypto/).
//
// This module does what the spec does before "in parallel": WebIDL argument
// conversion, algorithm normalization (`nanojs:subtle_webidl`), and the checks
// every method shares (the algorithm matches the key's, the key allows the
// usage). The algorithms themselves, and every check that needs key
// material, are Rust (`nanojs:internal/subtle`). A CryptoKey holds an opaque
// handle to its material, so a non-extractable key cannot be read from JS.
//
// Every method returns a promise. Cheap operations settle it at once; slow
// ones (RSA, PBKDF2 with many iterations, large inputs...) come back as a
// promise from Rust and run off the event loop.

import * as ops from 'nanojs:internal/subtle';
import { DOMException } from 'nanojs:dom_exception';
import { inspectAs } from 'nanojs:console';
import { _registerSerializable } from 'nanojs:structured_clone';
import {
  normalize, toAlgorithmIdentifier, toBufferSource, toBoolean, toKeyFormat,
  toKeyData, toUsages, toNullableUnsignedLong, setCryptoKeyCheck,
} from 'nanojs:subtle_webidl';

// --- intrinsics ----------------------------------------------------------------

const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectKeys = Object.keys;
const ArraySort = (list) => ReflectApply(Array.prototype.sort, list, []);
const ABByteLength = ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const isArrayBuffer = (v) => {
  try {
    ReflectApply(ABByteLength, v, []);
    return true;
  } catch {
    return false;
  }
};
const uncurry = (fn) => (self, ...args) => ReflectApply(fn, self, args);
const PromiseCtor = Promise;
const PromisePrototype = Promise.prototype;
const PromiseResolve = Promise.resolve;
const PromiseReject = Promise.reject;
const PromiseThen = uncurry(Promise.prototype.then);
const U8 = Uint8Array;
const TypeErrorCtor = TypeError;
const SymbolToStringTag = Symbol.toStringTag;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

const resolved = (v) => ReflectApply(PromiseResolve, PromiseCtor, [v]);
const rejected = (e) => ReflectApply(PromiseReject, PromiseCtor, [e]);
const isPromise = (v) => v !== null && typeof v === 'object' && ObjectGetPrototypeOf(v) === PromisePrototype;

// Settles with `f(v)`: `v` is a result from Rust, or a promise of one.
function settle(v, f) {
  return isPromise(v) ? PromiseThen(v, f) : resolved(f(v));
}
const same = (v) => v;

// --- key usages --------------------------------------------------------------------

// Bit i is the i-th KeyUsage enumeration value (as in Rust).
const USAGES = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits', 'wrapKey', 'unwrapKey'];
const ENCRYPT = 1;
const DECRYPT = 2;
const SIGN = 4;
const VERIFY = 8;
const DERIVE_KEY = 16;
const DERIVE_BITS = 32;
const WRAP_KEY = 64;
const UNWRAP_KEY = 128;
// A key pair's usages split between its halves.
const PUBLIC_USAGES = ENCRYPT | VERIFY | WRAP_KEY;
const PRIVATE_USAGES = DECRYPT | SIGN | UNWRAP_KEY | DERIVE_KEY | DERIVE_BITS;

// A fresh array of the usage names in `mask`, built with define rather than
// set, so that no setter a program put on Array.prototype runs.
function usageList(mask) {
  const list = [];
  for (let i = 0; i < 8; i++) {
    if (mask & (1 << i)) {
      ObjectDefineProperty(list, list.length, {
        value: USAGES[i], writable: true, enumerable: true, configurable: true,
      });
    }
  }
  return list;
}

// --- CryptoKey ----------------------------------------------------------------------

const INTERNAL = Symbol('CryptoKey');

// A fresh KeyAlgorithm object for `name` from Rust's `extra` and `hash`.
function keyAlgorithm(name, extra, hash) {
  switch (name) {
    case 'AES-CTR': case 'AES-CBC': case 'AES-GCM': case 'AES-KW':
      return { name, length: extra };
    case 'HMAC':
      return { name, length: extra, hash: { name: hash } };
    case 'RSASSA-PKCS1-v1_5': case 'RSA-PSS': case 'RSA-OAEP':
      return { name, modulusLength: extra[0], publicExponent: new U8(extra[1]), hash: { name: hash } };
    case 'ECDSA': case 'ECDH':
      return { name, namedCurve: extra };
    default:
      return { name };
  }
}

// Accessors of CryptoKey's private state, set in its static block.
let isCryptoKey;
let state;
let handleOf;
let nameOf;
let maskOf;
let extractableOf;
let cloneKey;

export class CryptoKey {
  #handle;
  #type;
  #extractable;
  #usageMask;
  // [[algorithm]]: what the algorithm checks read, out of user code's reach.
  #name;
  #extra;
  #hash;
  // [[algorithm_cached]] and [[usages_cached]]: what the getters return.
  #algorithm;
  #usages;

  constructor(token = undefined, info = undefined, extractable = false, mask = 0) {
    if (token !== INTERNAL) throw new TypeErrorCtor('Illegal constructor');
    this.#type = info[0];
    this.#handle = info[1];
    this.#name = info[2];
    this.#extra = info[3];
    this.#hash = info[4];
    this.#extractable = extractable;
    this.#usageMask = mask;
    this.#algorithm = keyAlgorithm(info[2], info[3], info[4]);
    this.#usages = usageList(mask);
  }

  get type() {
    return state(this, 'type').#type;
  }

  get extractable() {
    return state(this, 'extractable').#extractable;
  }

  get algorithm() {
    return state(this, 'algorithm').#algorithm;
  }

  get usages() {
    return state(this, 'usages').#usages;
  }

  [INSPECT](depth, options, inspect) {
    return inspectAs('CryptoKey', {
      type: this.#type,
      extractable: this.#extractable,
      algorithm: this.#algorithm,
      usages: this.#usages,
    });
  }

  static {
    isCryptoKey = (k) => k !== null && typeof k === 'object' && #handle in k;
    state = (k, what) => {
      if (!isCryptoKey(k)) {
        throw new TypeErrorCtor(`'${what}' called on an object that is not a CryptoKey`);
      }
      return k;
    };
    handleOf = (k) => k.#handle;
    nameOf = (k) => k.#name;
    maskOf = (k) => k.#usageMask;
    extractableOf = (k) => k.#extractable;
    cloneKey = (k) => new CryptoKey(INTERNAL, [k.#type, k.#handle, k.#name, k.#extra, k.#hash],
      k.#extractable, k.#usageMask);
  }
}
setCryptoKeyCheck(isCryptoKey, (k) => handleOf(k));

function makeKey(info, extractable, mask) {
  return new CryptoKey(INTERNAL, info, extractable, mask);
}

// A CryptoKey, or a CryptoKeyPair dictionary (members in WebIDL's
// lexicographic order), from generateKey's result.
function keyOrPair(info, extractable, mask) {
  if (typeof info[0] === 'string') return makeKey(info, extractable, mask);
  return {
    privateKey: makeKey(info[1], extractable, mask & PRIVATE_USAGES),
    // A public key is always extractable.
    publicKey: makeKey(info[0], true, mask & PUBLIC_USAGES),
  };
}

// --- checks shared by the methods ---------------------------------------------------

function toCryptoKey(v, method, index) {
  if (!isCryptoKey(v)) {
    throw new TypeErrorCtor(
      `Failed to execute '${method}' on 'SubtleCrypto': parameter ${index} is not of type 'CryptoKey'.`,
    );
  }
  return v;
}

function checkAlgorithm(normalized, key) {
  if (normalized.name !== nameOf(key)) {
    throw new DOMException(
      `The key is a ${nameOf(key)} key, not ${normalized.name}.`, 'InvalidAccessError',
    );
  }
}

function checkUsage(key, bit) {
  if (!(maskOf(key) & bit)) {
    throw new DOMException(
      `The key does not allow the '${usageList(bit)[0]}' usage.`, 'InvalidAccessError',
    );
  }
}

// JsonWebKey results become objects with their members in WebIDL's
// (lexicographic) order.
function jwkObject(v) {
  if (isArrayBuffer(v)) return v;
  const keys = ArraySort(ObjectKeys(v));
  const out = {};
  for (let i = 0; i < keys.length; i++) {
    ObjectDefineProperty(out, keys[i], {
      value: v[keys[i]], writable: true, enumerable: true, configurable: true,
    });
  }
  return out;
}

// --- SubtleCrypto -------------------------------------------------------------------

let isSubtle;

// Runs a method body; anything it throws becomes a rejection, as WebIDL
// requires of promise-returning operations.
function method(self, name, count, required, body) {
  try {
    if (!isSubtle(self)) {
      throw new TypeErrorCtor(`'${name}' called on an object that is not a SubtleCrypto`);
    }
    if (count < required) {
      throw new TypeErrorCtor(
        `Failed to execute '${name}' on 'SubtleCrypto': ${required} arguments required, but only ${count} present.`,
      );
    }
    return body();
  } catch (e) {
    return rejected(e);
  }
}

export class SubtleCrypto {
  #brand = true;

  constructor(token = undefined) {
    if (token !== INTERNAL) throw new TypeErrorCtor('Illegal constructor');
  }

  encrypt(algorithm, key, data) {
    return method(this, 'encrypt', arguments.length, 3, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      toCryptoKey(key, 'encrypt', 2);
      const bytes = toBufferSource(data, 'encrypt', 3);
      const normalized = normalize(alg, 'encrypt');
      checkAlgorithm(normalized, key);
      checkUsage(key, ENCRYPT);
      return settle(ops.encrypt(normalized, handleOf(key), bytes), same);
    });
  }

  decrypt(algorithm, key, data) {
    return method(this, 'decrypt', arguments.length, 3, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      toCryptoKey(key, 'decrypt', 2);
      const bytes = toBufferSource(data, 'decrypt', 3);
      const normalized = normalize(alg, 'decrypt');
      checkAlgorithm(normalized, key);
      checkUsage(key, DECRYPT);
      return settle(ops.decrypt(normalized, handleOf(key), bytes), same);
    });
  }

  sign(algorithm, key, data) {
    return method(this, 'sign', arguments.length, 3, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      toCryptoKey(key, 'sign', 2);
      const bytes = toBufferSource(data, 'sign', 3);
      const normalized = normalize(alg, 'sign');
      checkAlgorithm(normalized, key);
      checkUsage(key, SIGN);
      return settle(ops.sign(normalized, handleOf(key), bytes), same);
    });
  }

  verify(algorithm, key, signature, data) {
    return method(this, 'verify', arguments.length, 4, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      toCryptoKey(key, 'verify', 2);
      const sig = toBufferSource(signature, 'verify', 3);
      const bytes = toBufferSource(data, 'verify', 4);
      const normalized = normalize(alg, 'verify');
      checkAlgorithm(normalized, key);
      checkUsage(key, VERIFY);
      return settle(ops.verify(normalized, handleOf(key), sig, bytes), same);
    });
  }

  digest(algorithm, data) {
    return method(this, 'digest', arguments.length, 2, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      const bytes = toBufferSource(data, 'digest', 2);
      const normalized = normalize(alg, 'digest');
      return settle(ops.digest(normalized.name, bytes), same);
    });
  }

  generateKey(algorithm, extractable, keyUsages) {
    return method(this, 'generateKey', arguments.length, 3, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      const ext = toBoolean(extractable);
      const mask = toUsages(keyUsages, 'generateKey');
      const normalized = normalize(alg, 'generateKey');
      return settle(ops.generateKey(normalized, mask), (info) => keyOrPair(info, ext, mask));
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    return method(this, 'deriveKey', arguments.length, 5, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      toCryptoKey(baseKey, 'deriveKey', 2);
      const derived = toAlgorithmIdentifier(derivedKeyType);
      const ext = toBoolean(extractable);
      const mask = toUsages(keyUsages, 'deriveKey');
      const normalized = normalize(alg, 'deriveBits');
      const importAlg = normalize(derived, 'importKey');
      const lengthAlg = normalize(derived, 'get key length');
      checkAlgorithm(normalized, baseKey);
      checkUsage(baseKey, DERIVE_KEY);
      return settle(
        ops.deriveKey(normalized, handleOf(baseKey), importAlg, lengthAlg, ext, mask),
        (info) => makeKey(info, ext, mask),
      );
    });
  }

  deriveBits(algorithm, baseKey, length) {
    return method(this, 'deriveBits', arguments.length, 3, () => {
      const alg = toAlgorithmIdentifier(algorithm);
      toCryptoKey(baseKey, 'deriveBits', 2);
      const len = toNullableUnsignedLong(length);
      const normalized = normalize(alg, 'deriveBits');
      checkAlgorithm(normalized, baseKey);
      checkUsage(baseKey, DERIVE_BITS);
      return settle(ops.deriveBits(normalized, handleOf(baseKey), len), same);
    });
  }

  importKey(format, keyData, algorithm, extractable, keyUsages) {
    return method(this, 'importKey', arguments.length, 5, () => {
      const fmt = toKeyFormat(format, 'importKey');
      const data = toKeyData(keyData);
      const alg = toAlgorithmIdentifier(algorithm);
      const ext = toBoolean(extractable);
      const mask = toUsages(keyUsages, 'importKey');
      const normalized = normalize(alg, 'importKey');
      if (fmt === 'jwk' ? data.jwk === undefined : data.jwk !== undefined) {
        throw new TypeErrorCtor(fmt === 'jwk'
          ? "Failed to execute 'importKey' on 'SubtleCrypto': The key data must be a JsonWebKey for the 'jwk' format."
          : `Failed to execute 'importKey' on 'SubtleCrypto': The key data must be a BufferSource for the '${fmt}' format.`);
      }
      return settle(
        ops.importKey(fmt, data.jwk ?? data.bytes, normalized, ext, mask),
        (info) => makeKey(info, ext, mask),
      );
    });
  }

  exportKey(format, key) {
    return method(this, 'exportKey', arguments.length, 2, () => {
      const fmt = toKeyFormat(format, 'exportKey');
      toCryptoKey(key, 'exportKey', 2);
      return settle(ops.exportKey(fmt, handleOf(key), extractableOf(key), maskOf(key)), jwkObject);
    });
  }

  wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    return method(this, 'wrapKey', arguments.length, 4, () => {
      const fmt = toKeyFormat(format, 'wrapKey');
      toCryptoKey(key, 'wrapKey', 2);
      toCryptoKey(wrappingKey, 'wrapKey', 3);
      const alg = toAlgorithmIdentifier(wrapAlgorithm);
      let normalized;
      try {
        normalized = normalize(alg, 'wrapKey');
      } catch {
        normalized = normalize(alg, 'encrypt');
      }
      checkAlgorithm(normalized, wrappingKey);
      checkUsage(wrappingKey, WRAP_KEY);
      return settle(ops.wrapKey(
        fmt, handleOf(key), extractableOf(key), maskOf(key), normalized, handleOf(wrappingKey),
      ), same);
    });
  }

  unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
    extractable, keyUsages) {
    return method(this, 'unwrapKey', arguments.length, 7, () => {
      const fmt = toKeyFormat(format, 'unwrapKey');
      const wrapped = toBufferSource(wrappedKey, 'unwrapKey', 2);
      toCryptoKey(unwrappingKey, 'unwrapKey', 3);
      const alg = toAlgorithmIdentifier(unwrapAlgorithm);
      const keyAlg = toAlgorithmIdentifier(unwrappedKeyAlgorithm);
      const ext = toBoolean(extractable);
      const mask = toUsages(keyUsages, 'unwrapKey');
      let normalized;
      try {
        normalized = normalize(alg, 'unwrapKey');
      } catch {
        normalized = normalize(alg, 'decrypt');
      }
      const importAlg = normalize(keyAlg, 'importKey');
      checkAlgorithm(normalized, unwrappingKey);
      checkUsage(unwrappingKey, UNWRAP_KEY);
      return settle(
        ops.unwrapKey(fmt, wrapped, normalized, handleOf(unwrappingKey), importAlg,
          mask | (ext ? 256 : 0)),
        (info) => makeKey(info, ext, mask),
      );
    });
  }

  static {
    isSubtle = (v) => v !== null && typeof v === 'object' && #brand in v;
  }
}

// --- interface details -----------------------------------------------------------

// WebIDL: operations and attributes are enumerable; the class string is the
// interface name.
function finishInterface(cls, name) {
  const proto = cls.prototype;
  const keys = ReflectOwnKeys(proto);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === 'constructor' || typeof key === 'symbol') continue;
    const desc = ObjectGetOwnPropertyDescriptor(proto, key);
    desc.enumerable = true;
    ObjectDefineProperty(proto, key, desc);
  }
  ObjectDefineProperty(proto, SymbolToStringTag, { value: name, configurable: true });
}
finishInterface(CryptoKey, 'CryptoKey');
finishInterface(SubtleCrypto, 'SubtleCrypto');

/** The one SubtleCrypto object: `crypto.subtle`. */
export const subtle = new SubtleCrypto(INTERNAL);

// Serializable: a clone shares the key material (it is immutable) and gets
// its own algorithm and usages objects.
_registerSerializable(isCryptoKey, (k) => cloneKey(k));
