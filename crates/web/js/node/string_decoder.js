// node:string_decoder — Node's StringDecoder: decodes a stream of byte chunks
// into strings without splitting multi-byte characters across chunks.
//
// This is the algorithm of Node's C++ decoder (src/string_decoder.cc), state
// and all: the state lives in a 7-byte Buffer, as in Node (bytes 0-3 the
// incomplete character, 4 the bytes missing, 5 the bytes buffered, 6 the
// encoding), so `lastChar`, `lastNeed` and `lastTotal` read the same. The
// decoding of whole characters is node:buffer's native slice.

import { slice } from 'nanojs:internal/node_buffer';
import { builtin } from 'nanojs:host';
import { Buffer } from 'node:internal/buffer';

const ArrayBufferIsView = ArrayBuffer.isView;
const ObjectDefineProperty = Object.defineProperty;
const ObjectDefineProperties = Object.defineProperties;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ReflectApply = Reflect.apply;
// uncurry(fn)(self, ...args) is fn.call(self, ...args), allocation-free.
const uncurry = (fn) => ReflectApply(Function.prototype.bind, Function.prototype.call, [fn]);
const StringPrototypeToLowerCase = uncurry(String.prototype.toLowerCase);
const StringPrototypeSlice = uncurry(String.prototype.slice);
const NativeUint8Array = Uint8Array;
const NativeTypeError = TypeError;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const getTag = uncurry(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get);
const getDVBuffer = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'buffer').get;
const getDVByteOffset = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'byteOffset').get;
const getDVByteLength = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'byteLength').get;
const TypedArrayPrototypeSubarray = TypedArrayPrototype.subarray;
const TypedArrayPrototypeGetBuffer = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'buffer').get;
const TypedArrayPrototypeGetByteOffset = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'byteOffset').get;
const TypedArrayPrototypeGetByteLength = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get;

// Node's `enum encoding` values (as in node:buffer's native ops).
const UTF8 = 1;
const BASE64 = 2;
const UCS2 = 3;
const BASE64URL = 7;
const encodingsMap = { ascii: 0, utf8: 1, base64: 2, utf16le: 3, latin1: 4, hex: 5, buffer: 6, base64url: 7 };

// Fields of the state buffer.
const kIncompleteCharactersStart = 0;
const kIncompleteCharactersEnd = 4;
const kMissingBytes = 4;
const kBufferedBytes = 5;
const kEncodingField = 6;
const kSize = 7;

const kNativeDecoder = Symbol('kNativeDecoder');

// --- errors -----------------------------------------------------------------

function nodeError(Base, code, message) {
  const err = new Base(message);
  ObjectDefineProperty(err, 'toString', {
    __proto__: null,
    value() { return `${this.name} [${code}]: ${this.message}`; },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  err.code = code;
  return err;
}

// Node's determineSpecificType (the "Received ..." part of its messages).
function received(value) {
  if (value == null) return '' + value;
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  const { inspect } = builtin('nanojs:inspect');
  if (typeof value === 'object') {
    if (value.constructor?.name) return `an instance of ${value.constructor.name}`;
    return `${inspect(value, { depth: -1 })}`;
  }
  let inspected = inspect(value, { colors: false });
  if (inspected.length > 28) inspected = `${StringPrototypeSlice(inspected, 0, 25)}...`;
  return `type ${typeof value} (${inspected})`;
}

// --- encodings ----------------------------------------------------------------

const isEncoding = Buffer.isEncoding;

// Node's internal/util normalizeEncoding.
function normalizeName(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8' || enc === '') return 'utf8';
  if (typeof enc !== 'string') return undefined;
  switch (StringPrototypeToLowerCase(enc)) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    case 'latin1': case 'binary': return 'latin1';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'hex': return 'hex';
    case 'ascii': return 'ascii';
  }
  return undefined;
}

function normalizeEncoding(enc) {
  const nenc = normalizeName(enc);
  if (nenc === undefined) {
    if (Buffer.isEncoding === isEncoding || !Buffer.isEncoding(enc)) {
      throw nodeError(NativeTypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
    }
    return enc;
  }
  return nenc;
}

// --- decoding -------------------------------------------------------------------

// The bytes of any ArrayBufferView, as a Uint8Array.
function bytesOf(view) {
  const tag = getTag(view);
  if (tag === 'Uint8Array') return view;
  if (tag !== undefined) {
    return new NativeUint8Array(ReflectApply(TypedArrayPrototypeGetBuffer, view, []),
      ReflectApply(TypedArrayPrototypeGetByteOffset, view, []),
      ReflectApply(TypedArrayPrototypeGetByteLength, view, []));
  }
  return new NativeUint8Array(ReflectApply(getDVBuffer, view, []),
    ReflectApply(getDVByteOffset, view, []), ReflectApply(getDVByteLength, view, []));
}

// Node's StringDecoder::DecodeData.
function decode(state, buf) {
  const enc = state[kEncodingField];
  const data = bytesOf(buf);
  let nread = data.length;
  if (enc !== UTF8 && enc !== UCS2 && enc !== BASE64 && enc !== BASE64URL) {
    return slice(data, 0, nread, enc);
  }

  let start = 0;
  let prepend;
  if (state[kMissingBytes] > 0) {
    // Bytes to finish a character from the previous chunk.
    if (enc === UTF8) {
      // Like V8's decoder: a byte that is no continuation byte ends the
      // incomplete character and starts a new one.
      for (let i = 0; i < nread && i < state[kMissingBytes]; ++i) {
        if ((data[i] & 0xC0) !== 0x80) {
          state[kMissingBytes] = 0;
          const buffered = state[kBufferedBytes];
          for (let k = 0; k < i; k++) state[buffered + k] = data[k];
          state[kBufferedBytes] += i;
          start += i;
          nread -= i;
          break;
        }
      }
    }

    const found = nread < state[kMissingBytes] ? nread : state[kMissingBytes];
    const buffered = state[kBufferedBytes];
    for (let k = 0; k < found; k++) state[buffered + k] = data[start + k];
    start += found;
    nread -= found;
    state[kMissingBytes] -= found;
    state[kBufferedBytes] += found;

    if (state[kMissingBytes] === 0) {
      prepend = slice(state, 0, state[kBufferedBytes], enc);
      state[kBufferedBytes] = 0;
    }
  }

  let body;
  if (nread === 0) {
    body = prepend !== undefined ? prepend : '';
    prepend = undefined;
  } else {
    const end = start + nread;
    // A character that the next chunk may finish.
    if (enc === UTF8 && (data[end - 1] & 0x80)) {
      for (let i = nread - 1; ; --i) {
        state[kBufferedBytes]++;
        const byte = data[start + i];
        if ((byte & 0xC0) === 0x80) {
          // A continuation byte: more than 3 of them, or no lead byte in
          // this chunk, is invalid anyway.
          if (state[kBufferedBytes] >= 4 || i === 0) {
            state[kBufferedBytes] = 0;
            break;
          }
        } else {
          if ((byte & 0xE0) === 0xC0) {
            state[kMissingBytes] = 2;
          } else if ((byte & 0xF0) === 0xE0) {
            state[kMissingBytes] = 3;
          } else if ((byte & 0xF8) === 0xF0) {
            state[kMissingBytes] = 4;
          } else {
            state[kBufferedBytes] = 0;
            break;
          }
          if (state[kBufferedBytes] >= state[kMissingBytes]) {
            // Complete (or invalid anyway): nothing to keep.
            state[kMissingBytes] = 0;
            state[kBufferedBytes] = 0;
          }
          state[kMissingBytes] -= state[kBufferedBytes];
          break;
        }
      }
    } else if (enc === UCS2) {
      if (nread % 2 === 1) {
        // Half a code unit.
        state[kBufferedBytes] = 1;
        state[kMissingBytes] = 1;
      } else if ((data[end - 1] & 0xFC) === 0xD8) {
        // A high surrogate: half a surrogate pair.
        state[kBufferedBytes] = 2;
        state[kMissingBytes] = 2;
      }
    } else if (enc === BASE64 || enc === BASE64URL) {
      state[kBufferedBytes] = nread % 3;
      if (state[kBufferedBytes] > 0) state[kMissingBytes] = 3 - state[kBufferedBytes];
    }

    const buffered = state[kBufferedBytes];
    if (buffered > 0) {
      nread -= buffered;
      for (let k = 0; k < buffered; k++) state[k] = data[start + nread + k];
    }
    body = nread > 0 ? slice(data, start, start + nread, enc) : '';
  }
  return prepend === undefined ? body : prepend + body;
}

// Node's StringDecoder::FlushData.
function flush(state) {
  const enc = state[kEncodingField];
  if (enc === UCS2 && state[kBufferedBytes] % 2 === 1) {
    // A single trailing byte is dropped.
    state[kMissingBytes]--;
    state[kBufferedBytes]--;
  }
  if (state[kBufferedBytes] === 0) return '';
  const ret = slice(state, 0, state[kBufferedBytes], enc);
  state[kMissingBytes] = 0;
  state[kBufferedBytes] = 0;
  return ret;
}

// --- StringDecoder ---------------------------------------------------------------

/**
 * StringDecoder provides an interface for efficiently splitting a series of
 * buffers into a series of JS strings without breaking apart multi-byte
 * characters.
 */
function StringDecoder(encoding) {
  this.encoding = normalizeEncoding(encoding);
  this[kNativeDecoder] = Buffer.alloc(kSize);
  this[kNativeDecoder][kEncodingField] = encodingsMap[this.encoding];
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBufferIsView(buf)) {
    throw nodeError(NativeTypeError, 'ERR_INVALID_ARG_TYPE',
      `The "buf" argument must be an instance of Buffer, TypedArray, or DataView. Received ${received(buf)}`);
  }
  if (!this[kNativeDecoder]) {
    throw nodeError(NativeTypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type StringDecoder');
  }
  return decode(this[kNativeDecoder], buf);
};

StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  if (this[kNativeDecoder][kBufferedBytes] > 0) ret += flush(this[kNativeDecoder]);
  return ret;
};

// Undocumented legacy API.
StringDecoder.prototype.text = function text(buf, offset) {
  this[kNativeDecoder][kMissingBytes] = 0;
  this[kNativeDecoder][kBufferedBytes] = 0;
  return this.write(buf.slice(offset));
};

ObjectDefineProperties(StringDecoder.prototype, {
  lastChar: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      return ReflectApply(TypedArrayPrototypeSubarray, this[kNativeDecoder],
        [kIncompleteCharactersStart, kIncompleteCharactersEnd]);
    },
  },
  lastNeed: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][kMissingBytes];
    },
  },
  lastTotal: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][kBufferedBytes] + this[kNativeDecoder][kMissingBytes];
    },
  },
});

export { StringDecoder };
export default { StringDecoder };
