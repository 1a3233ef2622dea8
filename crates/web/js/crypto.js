// The Crypto interface of Web Cryptography (https://w3c.github.io/webcrypto/):
// `subtle`, getRandomValues() and randomUUID(). The bytes come from the OS
// CSPRNG (`nanojs:internal/crypto`), written straight into the array's memory.
// `crypto.subtle` is the one SubtleCrypto object of `nanojs:subtle`, loaded on
// first use so that getRandomValues() alone does not pay for it.

import { fillRandom, randomUUID as nativeRandomUUID } from 'nanojs:internal/crypto';
import { DOMException } from 'nanojs:dom_exception';
import { builtin } from 'nanojs:host';

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key).get;
const typedArrayName = getter(TypedArrayPrototype, Symbol.toStringTag);
const typedArrayByteLength = getter(TypedArrayPrototype, 'byteLength');
const typedArrayBuffer = getter(TypedArrayPrototype, 'buffer');
const dataViewBuffer = getter(DataView.prototype, 'buffer');
const bufferResizable = getter(ArrayBuffer.prototype, 'resizable');
const ArrayBufferIsView = ArrayBuffer.isView;
const FunctionCall = Function.prototype.call;
const call = FunctionCall.bind(FunctionCall);

// getRandomValues() accepts integer typed arrays only.
const INTEGER_ARRAYS = {
  __proto__: null,
  Int8Array: true,
  Uint8Array: true,
  Uint8ClampedArray: true,
  Int16Array: true,
  Uint16Array: true,
  Int32Array: true,
  Uint32Array: true,
  BigInt64Array: true,
  BigUint64Array: true,
};

const QUOTA = 65536;

let subtleObject;

// Lets this module, and only it, create the one Crypto object.
const ILLEGAL = Symbol('Crypto');

function requireArgs(count, required, method) {
  if (count < required) {
    throw new TypeError(
      `Failed to execute '${method}' on 'Crypto': ${required} argument required, but only ${count} present.`,
    );
  }
}

export class Crypto {
  #brand = true;

  constructor(key = undefined) {
    if (key !== ILLEGAL) throw new TypeError('Illegal constructor');
  }

  // [SecureContext] readonly attribute SubtleCrypto subtle;
  get subtle() {
    if (!(this !== null && typeof this === 'object' && #brand in this)) {
      throw new TypeError("'subtle' called on an object that is not a Crypto");
    }
    subtleObject ??= builtin('nanojs:subtle').subtle;
    return subtleObject;
  }

  // ArrayBufferView getRandomValues(ArrayBufferView array);
  getRandomValues(array) {
    if (!(this !== null && typeof this === 'object' && #brand in this)) {
      throw new TypeError("'getRandomValues' called on an object that is not a Crypto");
    }
    requireArgs(arguments.length, 1, 'getRandomValues');
    // WebIDL ArrayBufferView conversion: a view whose buffer is neither
    // shared nor resizable ([AllowShared] and [AllowResizable] are absent).
    if (!ArrayBufferIsView(array)) {
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.");
    }
    const name = call(typedArrayName, array);
    const buffer = name === undefined ? call(dataViewBuffer, array) : call(typedArrayBuffer, array);
    let resizable;
    try {
      resizable = call(bufferResizable, buffer);
    } catch {
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': the provided ArrayBufferView is backed by a SharedArrayBuffer.");
    }
    if (resizable) {
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': the provided ArrayBufferView is backed by a resizable ArrayBuffer.");
    }
    if (name === undefined || INTEGER_ARRAYS[name] !== true) {
      throw new DOMException(
        `Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type '${name ?? 'DataView'}', which is not an integer array type.`,
        'TypeMismatchError',
      );
    }
    const byteLength = call(typedArrayByteLength, array);
    if (byteLength > QUOTA) {
      throw new DOMException(
        `Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (${byteLength}) exceeds the number of bytes of entropy available via this API (${QUOTA}).`,
        'QuotaExceededError',
      );
    }
    if (byteLength !== 0) fillRandom(array);
    return array;
  }

  // [SecureContext] DOMString randomUUID();
  randomUUID() {
    if (!(this !== null && typeof this === 'object' && #brand in this)) {
      throw new TypeError("'randomUUID' called on an object that is not a Crypto");
    }
    return nativeRandomUUID();
  }
}

// WebIDL: attributes and operations are enumerable; the class string is
// "Crypto".
for (const key of ['subtle', 'getRandomValues', 'randomUUID']) {
  const d = Object.getOwnPropertyDescriptor(Crypto.prototype, key);
  d.enumerable = true;
  Object.defineProperty(Crypto.prototype, key, d);
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, {
  value: 'Crypto', writable: false, enumerable: false, configurable: true,
});

export const crypto = new Crypto(ILLEGAL);
