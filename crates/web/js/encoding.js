// TextEncoder and TextDecoder (WHATWG Encoding). The bytes are handled in
// Rust (nanojs:internal/encoding); this module is the WebIDL surface.
import {
  encode as nativeEncode,
  encodeInto as nativeEncodeInto,
  lastEncodeInto,
  encodingName,
  newDecoder,
  decode as nativeDecode,
} from 'nanojs:internal/encoding';

const ReflectApply = Reflect.apply;
const { defineProperty, getOwnPropertyDescriptor } = Object;
const ownKeys = Reflect.ownKeys;
const U8 = Uint8Array;
const PACK = 2 ** 26; // see encodeInto and the native encodeInto
const dataViewGetter = (name) => getOwnPropertyDescriptor(DataView.prototype, name).get;
const dvBuffer = dataViewGetter('buffer');
const dvByteOffset = dataViewGetter('byteOffset');
const dvByteLength = dataViewGetter('byteLength');

// WebIDL: operations and attributes are enumerable; the prototype is tagged.
function finishInterface(cls, name) {
  const proto = cls.prototype;
  for (const key of ownKeys(proto)) {
    if (key === 'constructor') continue;
    const desc = getOwnPropertyDescriptor(proto, key);
    desc.enumerable = true;
    defineProperty(proto, key, desc);
  }
  defineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
}

function isObject(v) {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

// A WebIDL dictionary argument: undefined and null are empty, and other
// primitives are a TypeError.
function dictionary(value, method, iface) {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    throw new TypeError(
      `Failed to execute '${method}' on '${iface}': The provided value is not of type 'object'.`
    );
  }
  return value;
}

export class TextEncoder {
  #brand = true;

  get encoding() {
    this.#brand;
    return 'utf-8';
  }

  encode(input = '') {
    this.#brand;
    return nativeEncode(input); // converts with ToString
  }

  encodeInto(source, destination) {
    this.#brand;
    // A missing destination (or an undefined one) is a TypeError either way;
    // checking it here spares the `arguments` object on every call.
    if (destination === undefined) {
      throw new TypeError(
        "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'."
      );
    }
    // Converts `source` with ToString, then checks `destination`. Results
    // come packed in one number, read * 2^26 + written, or as -1 for huge
    // ones, fetched separately.
    const r = nativeEncodeInto(source, destination);
    if (r < 0) return lastEncodeInto();
    const written = r % PACK;
    return { read: (r - written) / PACK, written };
  }
}
finishInterface(TextEncoder, 'TextEncoder');

export class TextDecoder {
  #state;
  #encoding;
  #fatal;
  #ignoreBOM;

  constructor(label = 'utf-8', options = undefined) {
    if (typeof label !== 'string') label = `${label}`;
    const opts = dictionary(options, 'constructor', 'TextDecoder');
    const fatal = opts === undefined ? false : !!opts.fatal;
    const ignoreBOM = opts === undefined ? false : !!opts.ignoreBOM;
    const name = encodingName(label);
    if (name === undefined) {
      throw new RangeError(
        `Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`
      );
    }
    this.#encoding = name;
    this.#fatal = fatal;
    this.#ignoreBOM = ignoreBOM;
    this.#state = newDecoder(name, fatal, ignoreBOM);
  }

  get encoding() {
    return this.#encoding;
  }

  get fatal() {
    return this.#fatal;
  }

  get ignoreBOM() {
    return this.#ignoreBOM;
  }

  decode(input = undefined, options = undefined) {
    const state = this.#state;
    let stream = false;
    if (options !== undefined && options !== null) {
      stream = !!dictionary(options, 'decode', 'TextDecoder').stream;
    }
    const out = nativeDecode(state, input, stream);
    if (out !== null) return out;
    // A DataView: decode the same bytes through a Uint8Array.
    let view;
    try {
      view = new U8(
        ReflectApply(dvBuffer, input, []),
        ReflectApply(dvByteOffset, input, []),
        ReflectApply(dvByteLength, input, [])
      );
    } catch {
      view = new U8(0); // detached
    }
    return nativeDecode(state, view, stream);
  }
}
finishInterface(TextDecoder, 'TextDecoder');
