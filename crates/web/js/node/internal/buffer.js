// node:internal/buffer — Node's Buffer (a Uint8Array subclass) and the rest of the
// `buffer` module, as in Node 20, but for Blob and File (node:buffer adds them).
//
// The byte work (encoding, decoding, searching, comparing, filling) is Rust
// (nanojs:internal/node_buffer); this file validates arguments exactly as
// Node's lib/buffer.js does and throws Node's errors. The integer and float
// readers and writers are Node's own JS algorithms.
//
// Differences from Node, by design:
// - No allocation pool: `allocUnsafe` and `from` give buffers with their own
//   ArrayBuffer (zero-filled), so `buf.buffer.byteLength === buf.length`.
//   `Buffer.poolSize` is kept for code that reads it.
// - kMaxLength and kStringMaxLength are QuickJS's limits (2 ** 31 - 1 bytes,
//   2 ** 30 - 1 code units), not V8's.

import * as ops from 'nanojs:internal/node_buffer';
import { builtin } from 'nanojs:host';
import { atob, btoa } from 'nanojs:base64';

// --- intrinsics ------------------------------------------------------------

const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ObjectDefineProperty = Object.defineProperty;
const ObjectDefineProperties = Object.defineProperties;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ObjectPrototypePropertyIsEnumerable = Object.prototype.propertyIsEnumerable;
const ArrayIsArray = Array.isArray;
const ArrayBufferIsView = ArrayBuffer.isView;
const NumberIsInteger = Number.isInteger;
const NumberIsNaN = Number.isNaN;
const NumberMAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
const NumberMIN_SAFE_INTEGER = Number.MIN_SAFE_INTEGER;
const MathFloor = Math.floor;
const MathMin = Math.min;
const MathTrunc = Math.trunc;
const MathAbs = Math.abs;
const NativeBigInt = BigInt;
const NativeNumber = Number;
const NativeString = String;
const NativeError = Error;
const NativeTypeError = TypeError;
const NativeRangeError = RangeError;
const NativeUint8Array = Uint8Array;
const NativeArray = Array;
const SymbolSpecies = Symbol.species;
const SymbolToPrimitive = Symbol.toPrimitive;
const SymbolToStringTag = Symbol.toStringTag;
// uncurry(fn)(self, ...args) is fn.call(self, ...args): a bound native
// function, so a call allocates nothing.
const FunctionPrototypeCall = Function.prototype.call;
const uncurry = (fn) => ReflectApply(Function.prototype.bind, FunctionPrototypeCall, [fn]);
const getter = (proto, key) => uncurry(ObjectGetOwnPropertyDescriptor(proto, key).get);
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TypedArrayPrototypeGetSymbolToStringTag = getter(TypedArrayPrototype, SymbolToStringTag);
const TypedArrayPrototypeGetLength = getter(TypedArrayPrototype, 'length');
const TypedArrayPrototypeGetByteLength = getter(TypedArrayPrototype, 'byteLength');
const TypedArrayPrototypeGetByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const TypedArrayPrototypeGetBuffer = getter(TypedArrayPrototype, 'buffer');
const TypedArrayPrototypeFill = uncurry(TypedArrayPrototype.fill);
const TypedArrayPrototypeSet = uncurry(TypedArrayPrototype.set);
const TypedArrayPrototypeSlice = uncurry(TypedArrayPrototype.slice);
const DataViewPrototypeGetBuffer = getter(DataView.prototype, 'buffer');
const DataViewPrototypeGetByteOffset = getter(DataView.prototype, 'byteOffset');
const DataViewPrototypeGetByteLength = getter(DataView.prototype, 'byteLength');
const ArrayBufferPrototypeGetByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const SharedArrayBufferPrototypeGetByteLength = typeof SharedArrayBuffer === 'function'
  ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;
const StringPrototypeToLowerCase = uncurry(String.prototype.toLowerCase);
const StringPrototypeCharCodeAt = uncurry(String.prototype.charCodeAt);
const StringPrototypeSlice = uncurry(String.prototype.slice);
const StringPrototypeIncludes = uncurry(String.prototype.includes);
const StringPrototypeEndsWith = uncurry(String.prototype.endsWith);
const ArrayPrototypeJoin = uncurry(Array.prototype.join);
const ArrayPrototypePop = uncurry(Array.prototype.pop);
const ArrayPrototypePush = uncurry(Array.prototype.push);
const ArrayPrototypeIncludes = uncurry(Array.prototype.includes);
const ArrayPrototypeIndexOf = uncurry(Array.prototype.indexOf);
const ArrayPrototypeSplice = uncurry(Array.prototype.splice);
const RegExpPrototypeExec = uncurry(RegExp.prototype.exec);

const {
  byteLengthUtf8,
  fromUtf8,
  write: opWrite,
  slice: opSlice,
  compare: opCompare,
  compareOffset: opCompareOffset,
  copy: opCopy,
  fill: opFill,
  indexOf: opIndexOf,
  indexOfNumber: opIndexOfNumber,
  swap: opSwap,
  isUtf8: opIsUtf8,
  isAscii: opIsAscii,
  transcode: opTranscode,
} = ops;

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// The inspector, loaded on first need (error messages, inspect hooks).
let inspector;
function lazyInspect(value, options) {
  if (inspector === undefined) inspector = builtin('nanojs:inspect');
  return inspector.inspect(value, options);
}

// --- type checks -------------------------------------------------------------

const isUint8Array = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) === 'Uint8Array';
const isTypedArray = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) !== undefined;
const isArrayBufferView = ArrayBufferIsView;

// The brand checks throw for anything else; views and arrays (the common
// arguments) are ruled out first, as throwing is slow.
function isArrayBuffer(v) {
  if (typeof v !== 'object' || v === null || ArrayBufferIsView(v) || ArrayIsArray(v)) return false;
  try {
    ArrayBufferPrototypeGetByteLength(v);
    return true;
  } catch {
    return false;
  }
}

function isSharedArrayBuffer(v) {
  if (SharedArrayBufferPrototypeGetByteLength === undefined) return false;
  if (typeof v !== 'object' || v === null || ArrayBufferIsView(v) || ArrayIsArray(v)) return false;
  try {
    SharedArrayBufferPrototypeGetByteLength(v);
    return true;
  } catch {
    return false;
  }
}

const isAnyArrayBuffer = (v) => isArrayBuffer(v) || isSharedArrayBuffer(v);

// A Uint8Array over the bytes of any ArrayBufferView (typed arrays pass as
// they are: the native ops read any typed array's bytes).
function bytesOf(view) {
  if (isTypedArray(view)) return view;
  return new NativeUint8Array(DataViewPrototypeGetBuffer(view),
    DataViewPrototypeGetByteOffset(view), DataViewPrototypeGetByteLength(view));
}

// --- errors (Node's internal/errors, the codes this module throws) -----------

function makeNodeError(Base, code, message) {
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

const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];
const classRegExp = /^([A-Z][a-z0-9]*)+$/;

function determineSpecificType(value) {
  if (value == null) return '' + value;
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor?.name) return `an instance of ${value.constructor.name}`;
    return `${lazyInspect(value, { depth: -1 })}`;
  }
  let inspected = lazyInspect(value, { colors: false });
  if (inspected.length > 28) inspected = `${StringPrototypeSlice(inspected, 0, 25)}...`;
  return `type ${typeof value} (${inspected})`;
}

function invalidArgTypeMessage(name, expected, actual) {
  if (!ArrayIsArray(expected)) expected = [expected];
  let msg = 'The ';
  if (StringPrototypeEndsWith(name, ' argument')) {
    msg += `${name} `;
  } else {
    const type = StringPrototypeIncludes(name, '.') ? 'property' : 'argument';
    msg += `"${name}" ${type} `;
  }
  msg += 'must be ';
  const types = [];
  const instances = [];
  const other = [];
  for (let i = 0; i < expected.length; i++) {
    const value = expected[i];
    if (ArrayPrototypeIncludes(kTypes, value)) ArrayPrototypePush(types, StringPrototypeToLowerCase(value));
    else if (RegExpPrototypeExec(classRegExp, value) !== null) ArrayPrototypePush(instances, value);
    else ArrayPrototypePush(other, value);
  }
  if (instances.length > 0) {
    const pos = ArrayPrototypeIndexOf(types, 'object');
    if (pos !== -1) {
      ArrayPrototypeSplice(types, pos, 1);
      ArrayPrototypePush(instances, 'Object');
    }
  }
  if (types.length > 0) {
    if (types.length > 2) {
      const last = ArrayPrototypePop(types);
      msg += `one of type ${ArrayPrototypeJoin(types, ', ')}, or ${last}`;
    } else if (types.length === 2) {
      msg += `one of type ${types[0]} or ${types[1]}`;
    } else {
      msg += `of type ${types[0]}`;
    }
    if (instances.length > 0 || other.length > 0) msg += ' or ';
  }
  if (instances.length > 0) {
    if (instances.length > 2) {
      const last = ArrayPrototypePop(instances);
      msg += `an instance of ${ArrayPrototypeJoin(instances, ', ')}, or ${last}`;
    } else {
      msg += `an instance of ${instances[0]}`;
      if (instances.length === 2) msg += ` or ${instances[1]}`;
    }
    if (other.length > 0) msg += ' or ';
  }
  if (other.length > 0) {
    if (other.length > 2) {
      const last = ArrayPrototypePop(other);
      msg += `one of ${ArrayPrototypeJoin(other, ', ')}, or ${last}`;
    } else if (other.length === 2) {
      msg += `one of ${other[0]} or ${other[1]}`;
    } else {
      if (StringPrototypeToLowerCase(other[0]) !== other[0]) msg += 'an ';
      msg += `${other[0]}`;
    }
  }
  return `${msg}. Received ${determineSpecificType(actual)}`;
}

function addNumericalSeparator(val) {
  let res = '';
  let i = val.length;
  const start = val[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${StringPrototypeSlice(val, i - 3, i)}${res}`;
  return `${StringPrototypeSlice(val, 0, i)}${res}`;
}

const ERR_INVALID_ARG_TYPE = (name, expected, actual) =>
  makeNodeError(NativeTypeError, 'ERR_INVALID_ARG_TYPE', invalidArgTypeMessage(name, expected, actual));

function ERR_OUT_OF_RANGE(str, range, input) {
  let received;
  if (NumberIsInteger(input) && MathAbs(input) > 2 ** 32) {
    received = addNumericalSeparator(NativeString(input));
  } else if (typeof input === 'bigint') {
    received = NativeString(input);
    if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
    received += 'n';
  } else {
    received = lazyInspect(input);
  }
  return makeNodeError(NativeRangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${str}" is out of range. It must be ${range}. Received ${received}`);
}

const ERR_BUFFER_OUT_OF_BOUNDS = (name) => makeNodeError(NativeRangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
  name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');

const ERR_UNKNOWN_ENCODING = (enc) => makeNodeError(NativeTypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);

const ERR_INVALID_BUFFER_SIZE = (size) =>
  makeNodeError(NativeRangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${size}`);

function ERR_INVALID_ARG_VALUE(name, value, reason = 'is invalid') {
  let inspected = lazyInspect(value);
  if (inspected.length > 128) inspected = `${StringPrototypeSlice(inspected, 0, 128)}...`;
  const type = StringPrototypeIncludes(name, '.') ? 'property' : 'argument';
  return makeNodeError(NativeTypeError, 'ERR_INVALID_ARG_VALUE', `The ${type} '${name}' ${reason}. Received ${inspected}`);
}

// The errors of Node's C++ helpers (THROW_AND_RETURN_IF_OOB and friends).
const ERR_INDEX_OUT_OF_RANGE = () => makeNodeError(NativeRangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
const ERR_NOT_A_STRING = () => makeNodeError(NativeTypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
const ERR_NOT_A_BUFFER = () => makeNodeError(NativeTypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a buffer');

// --- validators (Node's internal/validators) ---------------------------------

function validateNumber(value, name, min = undefined, max) {
  if (typeof value !== 'number') throw ERR_INVALID_ARG_TYPE(name, 'number', value);
  if ((min != null && value < min) || (max != null && value > max) ||
      ((min != null || max != null) && NumberIsNaN(value))) {
    throw ERR_OUT_OF_RANGE(name,
      `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}${max != null ? `<= ${max}` : ''}`,
      value);
  }
}

function validateInteger(value, name, min = NumberMIN_SAFE_INTEGER, max = NumberMAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!NumberIsInteger(value)) throw ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < min || value > max) throw ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
}

// --- encodings ----------------------------------------------------------------

// Node's `enum encoding` values, shared with the native ops.
const ASCII = 0;
const UTF8 = 1;
const BASE64 = 2;
const UCS2 = 3;
const LATIN1 = 4;
const HEX = 5;
const BASE64URL = 7;

const kMaxLength = 2 ** 31 - 1;
const kStringMaxLength = 2 ** 30 - 1;

// Node's getEncodingOps, as an encoding value (undefined when unknown).
function encodingValue(encoding) {
  encoding += '';
  switch (encoding.length) {
    case 4:
      if (encoding === 'utf8') return UTF8;
      if (encoding === 'ucs2') return UCS2;
      encoding = StringPrototypeToLowerCase(encoding);
      if (encoding === 'utf8') return UTF8;
      if (encoding === 'ucs2') return UCS2;
      break;
    case 5:
      if (encoding === 'utf-8') return UTF8;
      if (encoding === 'ascii') return ASCII;
      if (encoding === 'ucs-2') return UCS2;
      encoding = StringPrototypeToLowerCase(encoding);
      if (encoding === 'utf-8') return UTF8;
      if (encoding === 'ascii') return ASCII;
      if (encoding === 'ucs-2') return UCS2;
      break;
    case 7:
      if (encoding === 'utf16le' || StringPrototypeToLowerCase(encoding) === 'utf16le') return UCS2;
      break;
    case 8:
      if (encoding === 'utf-16le' || StringPrototypeToLowerCase(encoding) === 'utf-16le') return UCS2;
      break;
    case 6:
      if (encoding === 'latin1' || encoding === 'binary') return LATIN1;
      if (encoding === 'base64') return BASE64;
      encoding = StringPrototypeToLowerCase(encoding);
      if (encoding === 'latin1' || encoding === 'binary') return LATIN1;
      if (encoding === 'base64') return BASE64;
      break;
    case 3:
      if (encoding === 'hex' || StringPrototypeToLowerCase(encoding) === 'hex') return HEX;
      break;
    case 9:
      if (encoding === 'base64url' || StringPrototypeToLowerCase(encoding) === 'base64url') return BASE64URL;
      break;
  }
  return undefined;
}

const encodingNames = ['ascii', 'utf8', 'base64', 'utf16le', 'latin1', 'hex', 'buffer', 'base64url'];

// Node's internal/util normalizeEncoding: the canonical name, or undefined.
function normalizeEncoding(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8' || enc === '') return 'utf8';
  if (typeof enc !== 'string') return undefined;
  const value = encodingValue(enc);
  return value === undefined ? undefined : encodingNames[value];
}

function base64ByteLength(str, bytes) {
  if (StringPrototypeCharCodeAt(str, bytes - 1) === 0x3D) bytes--;
  if (bytes > 1 && StringPrototypeCharCodeAt(str, bytes - 1) === 0x3D) bytes--;
  return (bytes * 3) >>> 2;
}

function byteLengthOf(string, enc) {
  switch (enc) {
    case UTF8: return byteLengthUtf8(string);
    case UCS2: return string.length * 2;
    case LATIN1:
    case ASCII: return string.length;
    case HEX: return string.length >>> 1;
    default: return base64ByteLength(string, string.length);
  }
}

// --- Buffer ---------------------------------------------------------------------

class FastBuffer extends NativeUint8Array {
  // An explicit constructor: the default one spreads its arguments through
  // Array.prototype[Symbol.iterator], which user code can replace.
  constructor(bufferOrLength, byteOffset, length) {
    super(bufferOrLength, byteOffset, length);
  }
}

const BufferPrototype = FastBuffer.prototype;

function toInteger(n, defaultVal) {
  n = +n;
  if (!NumberIsNaN(n) && n >= NumberMIN_SAFE_INTEGER && n <= NumberMAX_SAFE_INTEGER) {
    return ((n % 1) === 0 ? n : MathFloor(n));
  }
  return defaultVal;
}

function copyImpl(source, target, targetStart, sourceStart, sourceEnd) {
  if (!isUint8Array(source)) throw ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  if (!isUint8Array(target)) throw ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);

  if (targetStart === undefined) {
    targetStart = 0;
  } else {
    targetStart = NumberIsInteger(targetStart) ? targetStart : toInteger(targetStart, 0);
    if (targetStart < 0) throw ERR_OUT_OF_RANGE('targetStart', '>= 0', targetStart);
  }

  if (sourceStart === undefined) {
    sourceStart = 0;
  } else {
    sourceStart = NumberIsInteger(sourceStart) ? sourceStart : toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > source.byteLength) {
      throw ERR_OUT_OF_RANGE('sourceStart', `>= 0 && <= ${source.byteLength}`, sourceStart);
    }
  }

  if (sourceEnd === undefined) {
    sourceEnd = source.byteLength;
  } else {
    sourceEnd = NumberIsInteger(sourceEnd) ? sourceEnd : toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw ERR_OUT_OF_RANGE('sourceEnd', '>= 0', sourceEnd);
  }

  if (targetStart >= target.byteLength || sourceStart >= sourceEnd) return 0;

  return _copyActual(source, target, targetStart, sourceStart, sourceEnd);
}

function _copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.byteLength - targetStart) {
    sourceEnd = sourceStart + target.byteLength - targetStart;
  }
  let nb = sourceEnd - sourceStart;
  const sourceLen = source.byteLength - sourceStart;
  if (nb > sourceLen) nb = sourceLen;
  if (nb <= 0) return 0;
  return opCopy(source, target, targetStart, sourceStart, nb);
}

/**
 * The deprecated `Buffer(arg[, encodingOrOffset[, length]])` constructor,
 * callable with or without `new`.
 */
function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw ERR_INVALID_ARG_TYPE('string', 'string', arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

FastBuffer.prototype.constructor = Buffer;
Buffer.prototype = FastBuffer.prototype;

ObjectDefineProperty(Buffer, SymbolSpecies, {
  __proto__: null,
  enumerable: false,
  configurable: true,
  get() { return FastBuffer; },
});

Buffer.poolSize = 8 * 1024;

function fromString(string, encoding) {
  let enc;
  if (typeof encoding !== 'string' || encoding.length === 0 || encoding === 'utf8') {
    enc = UTF8;
  } else {
    enc = encodingValue(encoding);
    if (enc === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
  }
  if (string.length === 0) return new FastBuffer();
  if (enc === UTF8) return fromUtf8(string, BufferPrototype);
  const length = byteLengthOf(string, enc);
  const buf = new FastBuffer(length);
  const actual = opWrite(buf, string, 0, length, enc);
  return actual < length ? new FastBuffer(TypedArrayPrototypeGetBuffer(buf), 0, actual) : buf;
}

function fromArrayBuffer(obj, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (NumberIsNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = obj.byteLength - byteOffset;
  if (maxLength < 0) throw ERR_BUFFER_OUT_OF_BOUNDS('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw ERR_BUFFER_OUT_OF_BOUNDS('length');
    } else {
      length = 0;
    }
  }
  return new FastBuffer(obj, byteOffset, length);
}

function fromArrayLike(obj) {
  const length = obj.length;
  if (length <= 0) return new FastBuffer();
  const b = new FastBuffer(length);
  TypedArrayPrototypeSet(b, obj, 0);
  return b;
}

function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
    if (typeof obj.length !== 'number') return new FastBuffer();
    return fromArrayLike(obj);
  }
  if (obj.type === 'Buffer' && ArrayIsArray(obj.data)) return fromArrayLike(obj.data);
}

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);

  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);

    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value && (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return from(valueOf, encodingOrOffset, length);
    }

    const b = fromObject(value);
    if (b) return b;

    if (typeof value[SymbolToPrimitive] === 'function') {
      const primitive = value[SymbolToPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }

  throw ERR_INVALID_ARG_TYPE('first argument',
    ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'], value);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!isTypedArray(view)) throw ERR_INVALID_ARG_TYPE('view', ['TypedArray'], view);

  const viewLength = TypedArrayPrototypeGetLength(view);
  if (viewLength === 0) return Buffer.alloc(0);

  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, 'length', 0);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = TypedArrayPrototypeSlice(view, offset, end);
  }

  return fromArrayLike(new NativeUint8Array(
    TypedArrayPrototypeGetBuffer(view),
    TypedArrayPrototypeGetByteOffset(view),
    TypedArrayPrototypeGetByteLength(view)));
};

// %TypedArray%.of without the deprecated constructor; an arrow function, so
// it is no constructor.
const of = (...items) => {
  const newObj = new FastBuffer(items.length);
  for (let k = 0; k < items.length; k++) newObj[k] = items[k];
  return newObj;
};
Buffer.of = of;

ObjectSetPrototypeOf(Buffer, NativeUint8Array);

// `size >= 0 && size <= kMaxLength` is false for NaN too: the fast paths
// below skip the validator call only for valid sizes.
Buffer.alloc = function alloc(size, fill, encoding) {
  if (!(typeof size === 'number' && size >= 0 && size <= kMaxLength)) validateNumber(size, 'size', 0, kMaxLength);
  if (fill !== undefined && fill !== 0 && size > 0) {
    const buf = new FastBuffer(size);
    return _fill(buf, fill, 0, buf.length, encoding);
  }
  return new FastBuffer(size);
};

// Every buffer is zero-filled in nanojs: "unsafe" only means "not promised
// to be zero-filled".
Buffer.allocUnsafe = function allocUnsafe(size) {
  if (!(typeof size === 'number' && size >= 0 && size <= kMaxLength)) validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
};

function SlowBuffer(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
}

ObjectSetPrototypeOf(SlowBuffer.prototype, NativeUint8Array.prototype);
ObjectSetPrototypeOf(SlowBuffer, NativeUint8Array);

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1)) throw ERR_INVALID_ARG_TYPE('buf1', ['Buffer', 'Uint8Array'], buf1);
  if (!isUint8Array(buf2)) throw ERR_INVALID_ARG_TYPE('buf2', ['Buffer', 'Uint8Array'], buf2);
  if (buf1 === buf2) return 0;
  return opCompare(buf1, buf2);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
};

Buffer.concat = function concat(list, length) {
  if (!ArrayIsArray(list)) throw ERR_INVALID_ARG_TYPE('list', 'Array', list);

  if (list.length === 0) return new FastBuffer();

  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].length) length += list[i].length;
    }
  } else {
    validateInteger(length, 'length', 0, kMaxLength);
  }

  const buffer = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!isUint8Array(buf)) {
      throw ERR_INVALID_ARG_TYPE(`list[${i}]`, ['Buffer', 'Uint8Array'], list[i]);
    }
    pos += _copyActual(buf, buffer, pos, 0, buf.length);
  }

  // A `length` beyond the total leaves zeros (the buffer starts zeroed).
  return buffer;
};

function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (isArrayBufferView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw ERR_INVALID_ARG_TYPE('string', ['string', 'Buffer', 'ArrayBuffer'], string);
  }
  const len = string.length;
  if (len === 0) return 0;
  if (encoding) {
    const enc = encodingValue(encoding);
    if (enc !== undefined) return byteLengthOf(string, enc);
  }
  return byteLengthUtf8(string);
}

Buffer.byteLength = byteLength;

// --- reading and writing numbers (Node's lib/internal/buffer.js) -------------

const float32Array = new Float32Array(1);
const uInt8Float32Array = new NativeUint8Array(float32Array.buffer);
const float64Array = new Float64Array(1);
const uInt8Float64Array = new NativeUint8Array(float64Array.buffer);
float32Array[0] = -1; // 0xBF800000
const bigEndian = uInt8Float32Array[3] === 0;

function checkBounds(buf, offset, byteLength) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (buf[offset] === undefined || buf[offset + byteLength] === undefined) {
    boundsError(offset, buf.length - (byteLength + 1));
  }
}

function checkInt(value, min, max, buf, offset, byteLength) {
  if (value > max || value < min) {
    const n = typeof min === 'bigint' ? 'n' : '';
    let range;
    if (byteLength > 3) {
      if (min === 0 || min === 0n) {
        range = `>= 0${n} and < 2${n} ** ${(byteLength + 1) * 8}${n}`;
      } else {
        range = `>= -(2${n} ** ${(byteLength + 1) * 8 - 1}${n}) and < 2${n} ** ${(byteLength + 1) * 8 - 1}${n}`;
      }
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw ERR_OUT_OF_RANGE('value', range, value);
  }
  checkBounds(buf, offset, byteLength);
}

function boundsError(value, length, type) {
  if (MathFloor(value) !== value) {
    validateNumber(value, type);
    throw ERR_OUT_OF_RANGE(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw ERR_BUFFER_OUT_OF_BOUNDS();
  throw ERR_OUT_OF_RANGE(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
}

function readBigUInt64LE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 7];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 8);
  const lo = first + this[++offset] * 2 ** 8 + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 24;
  const hi = this[++offset] + this[++offset] * 2 ** 8 + this[++offset] * 2 ** 16 + last * 2 ** 24;
  return NativeBigInt(lo) + (NativeBigInt(hi) << 32n);
}

function readBigUInt64BE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 7];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 8);
  const hi = first * 2 ** 24 + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 8 + this[++offset];
  const lo = this[++offset] * 2 ** 24 + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 8 + last;
  return (NativeBigInt(hi) << 32n) + NativeBigInt(lo);
}

function readBigInt64LE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 7];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 8);
  const val = this[offset + 4] + this[offset + 5] * 2 ** 8 + this[offset + 6] * 2 ** 16 + (last << 24); // Overflow
  return (NativeBigInt(val) << 32n) +
    NativeBigInt(first + this[++offset] * 2 ** 8 + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 24);
}

function readBigInt64BE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 7];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 8);
  const val = (first << 24) + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 8 + this[++offset]; // Overflow
  return (NativeBigInt(val) << 32n) +
    NativeBigInt(this[++offset] * 2 ** 24 + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 8 + last);
}

function readUIntLE(offset, byteLength) {
  if (offset === undefined) throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (byteLength === 6) return readUInt48LE(this, offset);
  if (byteLength === 5) return readUInt40LE(this, offset);
  if (byteLength === 3) return readUInt24LE(this, offset);
  if (byteLength === 4) return this.readUInt32LE(offset);
  if (byteLength === 2) return this.readUInt16LE(offset);
  if (byteLength === 1) return this.readUInt8(offset);
  boundsError(byteLength, 6, 'byteLength');
}

function readUInt48LE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 5];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 6);
  return first + buf[++offset] * 2 ** 8 + buf[++offset] * 2 ** 16 + buf[++offset] * 2 ** 24 +
    (buf[++offset] + last * 2 ** 8) * 2 ** 32;
}

function readUInt40LE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 4];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 5);
  return first + buf[++offset] * 2 ** 8 + buf[++offset] * 2 ** 16 + buf[++offset] * 2 ** 24 + last * 2 ** 32;
}

function readUInt32LE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 4);
  return first + this[++offset] * 2 ** 8 + this[++offset] * 2 ** 16 + last * 2 ** 24;
}

function readUInt24LE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 2];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 3);
  return first + buf[++offset] * 2 ** 8 + last * 2 ** 16;
}

function readUInt16LE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 2);
  return first + last * 2 ** 8;
}

function readUInt8(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const val = this[offset];
  if (val === undefined) boundsError(offset, this.length - 1);
  return val;
}

function readUIntBE(offset, byteLength) {
  if (offset === undefined) throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (byteLength === 6) return readUInt48BE(this, offset);
  if (byteLength === 5) return readUInt40BE(this, offset);
  if (byteLength === 3) return readUInt24BE(this, offset);
  if (byteLength === 4) return this.readUInt32BE(offset);
  if (byteLength === 2) return this.readUInt16BE(offset);
  if (byteLength === 1) return this.readUInt8(offset);
  boundsError(byteLength, 6, 'byteLength');
}

function readUInt48BE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 5];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 6);
  return (first * 2 ** 8 + buf[++offset]) * 2 ** 32 + buf[++offset] * 2 ** 24 + buf[++offset] * 2 ** 16 +
    buf[++offset] * 2 ** 8 + last;
}

function readUInt40BE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 4];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 5);
  return first * 2 ** 32 + buf[++offset] * 2 ** 24 + buf[++offset] * 2 ** 16 + buf[++offset] * 2 ** 8 + last;
}

function readUInt32BE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 4);
  return first * 2 ** 24 + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 8 + last;
}

function readUInt24BE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 2];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 3);
  return first * 2 ** 16 + buf[++offset] * 2 ** 8 + last;
}

function readUInt16BE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 2);
  return first * 2 ** 8 + last;
}

function readIntLE(offset, byteLength) {
  if (offset === undefined) throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (byteLength === 6) return readInt48LE(this, offset);
  if (byteLength === 5) return readInt40LE(this, offset);
  if (byteLength === 3) return readInt24LE(this, offset);
  if (byteLength === 4) return this.readInt32LE(offset);
  if (byteLength === 2) return this.readInt16LE(offset);
  if (byteLength === 1) return this.readInt8(offset);
  boundsError(byteLength, 6, 'byteLength');
}

function readInt48LE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 5];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 6);
  const val = buf[offset + 4] + last * 2 ** 8;
  return (val | (val & 2 ** 15) * 0x1fffe) * 2 ** 32 + first + buf[++offset] * 2 ** 8 +
    buf[++offset] * 2 ** 16 + buf[++offset] * 2 ** 24;
}

function readInt40LE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 4];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 5);
  return (last | (last & 2 ** 7) * 0x1fffffe) * 2 ** 32 + first + buf[++offset] * 2 ** 8 +
    buf[++offset] * 2 ** 16 + buf[++offset] * 2 ** 24;
}

function readInt32LE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 4);
  return first + this[++offset] * 2 ** 8 + this[++offset] * 2 ** 16 + (last << 24); // Overflow
}

function readInt24LE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 2];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 3);
  const val = first + buf[++offset] * 2 ** 8 + last * 2 ** 16;
  return val | (val & 2 ** 23) * 0x1fe;
}

function readInt16LE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 2);
  const val = first + last * 2 ** 8;
  return val | (val & 2 ** 15) * 0x1fffe;
}

function readInt8(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const val = this[offset];
  if (val === undefined) boundsError(offset, this.length - 1);
  return val | (val & 2 ** 7) * 0x1fffffe;
}

function readIntBE(offset, byteLength) {
  if (offset === undefined) throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (byteLength === 6) return readInt48BE(this, offset);
  if (byteLength === 5) return readInt40BE(this, offset);
  if (byteLength === 3) return readInt24BE(this, offset);
  if (byteLength === 4) return this.readInt32BE(offset);
  if (byteLength === 2) return this.readInt16BE(offset);
  if (byteLength === 1) return this.readInt8(offset);
  boundsError(byteLength, 6, 'byteLength');
}

function readInt48BE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 5];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 6);
  const val = buf[++offset] + first * 2 ** 8;
  return (val | (val & 2 ** 15) * 0x1fffe) * 2 ** 32 + buf[++offset] * 2 ** 24 + buf[++offset] * 2 ** 16 +
    buf[++offset] * 2 ** 8 + last;
}

function readInt40BE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 4];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 5);
  return (first | (first & 2 ** 7) * 0x1fffffe) * 2 ** 32 + buf[++offset] * 2 ** 24 + buf[++offset] * 2 ** 16 +
    buf[++offset] * 2 ** 8 + last;
}

function readInt32BE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 4);
  return (first << 24) + this[++offset] * 2 ** 16 + this[++offset] * 2 ** 8 + last; // Overflow
}

function readInt24BE(buf, offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = buf[offset];
  const last = buf[offset + 2];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - 3);
  const val = first * 2 ** 16 + buf[++offset] * 2 ** 8 + last;
  return val | (val & 2 ** 23) * 0x1fe;
}

function readInt16BE(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 2);
  const val = first * 2 ** 8 + last;
  return val | (val & 2 ** 15) * 0x1fffe;
}

function readFloatBackwards(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 4);
  uInt8Float32Array[3] = first;
  uInt8Float32Array[2] = this[++offset];
  uInt8Float32Array[1] = this[++offset];
  uInt8Float32Array[0] = last;
  return float32Array[0];
}

function readFloatForwards(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 4);
  uInt8Float32Array[0] = first;
  uInt8Float32Array[1] = this[++offset];
  uInt8Float32Array[2] = this[++offset];
  uInt8Float32Array[3] = last;
  return float32Array[0];
}

function readDoubleBackwards(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 7];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 8);
  uInt8Float64Array[7] = first;
  uInt8Float64Array[6] = this[++offset];
  uInt8Float64Array[5] = this[++offset];
  uInt8Float64Array[4] = this[++offset];
  uInt8Float64Array[3] = this[++offset];
  uInt8Float64Array[2] = this[++offset];
  uInt8Float64Array[1] = this[++offset];
  uInt8Float64Array[0] = last;
  return float64Array[0];
}

function readDoubleForwards(offset = 0) {
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  const first = this[offset];
  const last = this[offset + 7];
  if (first === undefined || last === undefined) boundsError(offset, this.length - 8);
  uInt8Float64Array[0] = first;
  uInt8Float64Array[1] = this[++offset];
  uInt8Float64Array[2] = this[++offset];
  uInt8Float64Array[3] = this[++offset];
  uInt8Float64Array[4] = this[++offset];
  uInt8Float64Array[5] = this[++offset];
  uInt8Float64Array[6] = this[++offset];
  uInt8Float64Array[7] = last;
  return float64Array[0];
}

function writeBigU_Int64LE(buf, value, offset, min, max) {
  checkInt(value, min, max, buf, offset, 7);
  let lo = NativeNumber(value & 0xffffffffn);
  buf[offset++] = lo;
  lo = lo >> 8;
  buf[offset++] = lo;
  lo = lo >> 8;
  buf[offset++] = lo;
  lo = lo >> 8;
  buf[offset++] = lo;
  let hi = NativeNumber(value >> 32n & 0xffffffffn);
  buf[offset++] = hi;
  hi = hi >> 8;
  buf[offset++] = hi;
  hi = hi >> 8;
  buf[offset++] = hi;
  hi = hi >> 8;
  buf[offset++] = hi;
  return offset;
}

function writeBigUInt64LE(value, offset = 0) {
  return writeBigU_Int64LE(this, value, offset, 0n, 0xffffffffffffffffn);
}

function writeBigU_Int64BE(buf, value, offset, min, max) {
  checkInt(value, min, max, buf, offset, 7);
  let lo = NativeNumber(value & 0xffffffffn);
  buf[offset + 7] = lo;
  lo = lo >> 8;
  buf[offset + 6] = lo;
  lo = lo >> 8;
  buf[offset + 5] = lo;
  lo = lo >> 8;
  buf[offset + 4] = lo;
  let hi = NativeNumber(value >> 32n & 0xffffffffn);
  buf[offset + 3] = hi;
  hi = hi >> 8;
  buf[offset + 2] = hi;
  hi = hi >> 8;
  buf[offset + 1] = hi;
  hi = hi >> 8;
  buf[offset] = hi;
  return offset + 8;
}

function writeBigUInt64BE(value, offset = 0) {
  return writeBigU_Int64BE(this, value, offset, 0n, 0xffffffffffffffffn);
}

function writeBigInt64LE(value, offset = 0) {
  return writeBigU_Int64LE(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn);
}

function writeBigInt64BE(value, offset = 0) {
  return writeBigU_Int64BE(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn);
}

function writeUIntLE(value, offset, byteLength) {
  if (byteLength === 6) return writeU_Int48LE(this, value, offset, 0, 0xffffffffffff);
  if (byteLength === 5) return writeU_Int40LE(this, value, offset, 0, 0xffffffffff);
  if (byteLength === 3) return writeU_Int24LE(this, value, offset, 0, 0xffffff);
  if (byteLength === 4) return writeU_Int32LE(this, value, offset, 0, 0xffffffff);
  if (byteLength === 2) return writeU_Int16LE(this, value, offset, 0, 0xffff);
  if (byteLength === 1) return writeU_Int8(this, value, offset, 0, 0xff);
  boundsError(byteLength, 6, 'byteLength');
}

function writeU_Int48LE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 5);
  const newVal = MathFloor(value * 2 ** -32);
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  buf[offset++] = newVal;
  buf[offset++] = (newVal >>> 8);
  return offset;
}

function writeU_Int40LE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 4);
  const newVal = value;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  buf[offset++] = MathFloor(newVal * 2 ** -32);
  return offset;
}

function writeU_Int32LE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 3);
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  return offset;
}

function writeUInt32LE(value, offset = 0) {
  return writeU_Int32LE(this, value, offset, 0, 0xffffffff);
}

function writeU_Int24LE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 2);
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  value = value >>> 8;
  buf[offset++] = value;
  return offset;
}

function writeU_Int16LE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 1);
  buf[offset++] = value;
  buf[offset++] = (value >>> 8);
  return offset;
}

function writeUInt16LE(value, offset = 0) {
  return writeU_Int16LE(this, value, offset, 0, 0xffff);
}

function writeU_Int8(buf, value, offset, min, max) {
  value = +value;
  // checkInt() cannot be used here: it checks two entries.
  if (typeof offset !== 'number') throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  if (value > max || value < min) throw ERR_OUT_OF_RANGE('value', `>= ${min} and <= ${max}`, value);
  if (buf[offset] === undefined) boundsError(offset, buf.length - 1);
  buf[offset] = value;
  return offset + 1;
}

function writeUInt8(value, offset = 0) {
  return writeU_Int8(this, value, offset, 0, 0xff);
}

function writeUIntBE(value, offset, byteLength) {
  if (byteLength === 6) return writeU_Int48BE(this, value, offset, 0, 0xffffffffffff);
  if (byteLength === 5) return writeU_Int40BE(this, value, offset, 0, 0xffffffffff);
  if (byteLength === 3) return writeU_Int24BE(this, value, offset, 0, 0xffffff);
  if (byteLength === 4) return writeU_Int32BE(this, value, offset, 0, 0xffffffff);
  if (byteLength === 2) return writeU_Int16BE(this, value, offset, 0, 0xffff);
  if (byteLength === 1) return writeU_Int8(this, value, offset, 0, 0xff);
  boundsError(byteLength, 6, 'byteLength');
}

function writeU_Int48BE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 5);
  const newVal = MathFloor(value * 2 ** -32);
  buf[offset++] = (newVal >>> 8);
  buf[offset++] = newVal;
  buf[offset + 3] = value;
  value = value >>> 8;
  buf[offset + 2] = value;
  value = value >>> 8;
  buf[offset + 1] = value;
  value = value >>> 8;
  buf[offset] = value;
  return offset + 4;
}

function writeU_Int40BE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 4);
  buf[offset++] = MathFloor(value * 2 ** -32);
  buf[offset + 3] = value;
  value = value >>> 8;
  buf[offset + 2] = value;
  value = value >>> 8;
  buf[offset + 1] = value;
  value = value >>> 8;
  buf[offset] = value;
  return offset + 4;
}

function writeU_Int32BE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 3);
  buf[offset + 3] = value;
  value = value >>> 8;
  buf[offset + 2] = value;
  value = value >>> 8;
  buf[offset + 1] = value;
  value = value >>> 8;
  buf[offset] = value;
  return offset + 4;
}

function writeUInt32BE(value, offset = 0) {
  return writeU_Int32BE(this, value, offset, 0, 0xffffffff);
}

function writeU_Int24BE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 2);
  buf[offset + 2] = value;
  value = value >>> 8;
  buf[offset + 1] = value;
  value = value >>> 8;
  buf[offset] = value;
  return offset + 3;
}

function writeU_Int16BE(buf, value, offset, min, max) {
  value = +value;
  checkInt(value, min, max, buf, offset, 1);
  buf[offset++] = (value >>> 8);
  buf[offset++] = value;
  return offset;
}

function writeUInt16BE(value, offset = 0) {
  return writeU_Int16BE(this, value, offset, 0, 0xffff);
}

function writeIntLE(value, offset, byteLength) {
  if (byteLength === 6) return writeU_Int48LE(this, value, offset, -0x800000000000, 0x7fffffffffff);
  if (byteLength === 5) return writeU_Int40LE(this, value, offset, -0x8000000000, 0x7fffffffff);
  if (byteLength === 3) return writeU_Int24LE(this, value, offset, -0x800000, 0x7fffff);
  if (byteLength === 4) return writeU_Int32LE(this, value, offset, -0x80000000, 0x7fffffff);
  if (byteLength === 2) return writeU_Int16LE(this, value, offset, -0x8000, 0x7fff);
  if (byteLength === 1) return writeU_Int8(this, value, offset, -0x80, 0x7f);
  boundsError(byteLength, 6, 'byteLength');
}

function writeInt32LE(value, offset = 0) {
  return writeU_Int32LE(this, value, offset, -0x80000000, 0x7fffffff);
}

function writeInt16LE(value, offset = 0) {
  return writeU_Int16LE(this, value, offset, -0x8000, 0x7fff);
}

function writeInt8(value, offset = 0) {
  return writeU_Int8(this, value, offset, -0x80, 0x7f);
}

function writeIntBE(value, offset, byteLength) {
  if (byteLength === 6) return writeU_Int48BE(this, value, offset, -0x800000000000, 0x7fffffffffff);
  if (byteLength === 5) return writeU_Int40BE(this, value, offset, -0x8000000000, 0x7fffffffff);
  if (byteLength === 3) return writeU_Int24BE(this, value, offset, -0x800000, 0x7fffff);
  if (byteLength === 4) return writeU_Int32BE(this, value, offset, -0x80000000, 0x7fffffff);
  if (byteLength === 2) return writeU_Int16BE(this, value, offset, -0x8000, 0x7fff);
  if (byteLength === 1) return writeU_Int8(this, value, offset, -0x80, 0x7f);
  boundsError(byteLength, 6, 'byteLength');
}

function writeInt32BE(value, offset = 0) {
  return writeU_Int32BE(this, value, offset, -0x80000000, 0x7fffffff);
}

function writeInt16BE(value, offset = 0) {
  return writeU_Int16BE(this, value, offset, -0x8000, 0x7fff);
}

function writeDoubleForwards(val, offset = 0) {
  val = +val;
  checkBounds(this, offset, 7);
  float64Array[0] = val;
  this[offset++] = uInt8Float64Array[0];
  this[offset++] = uInt8Float64Array[1];
  this[offset++] = uInt8Float64Array[2];
  this[offset++] = uInt8Float64Array[3];
  this[offset++] = uInt8Float64Array[4];
  this[offset++] = uInt8Float64Array[5];
  this[offset++] = uInt8Float64Array[6];
  this[offset++] = uInt8Float64Array[7];
  return offset;
}

function writeDoubleBackwards(val, offset = 0) {
  val = +val;
  checkBounds(this, offset, 7);
  float64Array[0] = val;
  this[offset++] = uInt8Float64Array[7];
  this[offset++] = uInt8Float64Array[6];
  this[offset++] = uInt8Float64Array[5];
  this[offset++] = uInt8Float64Array[4];
  this[offset++] = uInt8Float64Array[3];
  this[offset++] = uInt8Float64Array[2];
  this[offset++] = uInt8Float64Array[1];
  this[offset++] = uInt8Float64Array[0];
  return offset;
}

function writeFloatForwards(val, offset = 0) {
  val = +val;
  checkBounds(this, offset, 3);
  float32Array[0] = val;
  this[offset++] = uInt8Float32Array[0];
  this[offset++] = uInt8Float32Array[1];
  this[offset++] = uInt8Float32Array[2];
  this[offset++] = uInt8Float32Array[3];
  return offset;
}

function writeFloatBackwards(val, offset = 0) {
  val = +val;
  checkBounds(this, offset, 3);
  float32Array[0] = val;
  this[offset++] = uInt8Float32Array[3];
  this[offset++] = uInt8Float32Array[2];
  this[offset++] = uInt8Float32Array[1];
  this[offset++] = uInt8Float32Array[0];
  return offset;
}

// The prototype's methods in Node's order (prototype listings match).
function addBufferPrototypeMethods(proto) {
  const methods = {
    readBigUInt64LE, readBigUInt64BE, readBigUint64LE: readBigUInt64LE, readBigUint64BE: readBigUInt64BE,
    readBigInt64LE, readBigInt64BE,
    writeBigUInt64LE, writeBigUInt64BE, writeBigUint64LE: writeBigUInt64LE, writeBigUint64BE: writeBigUInt64BE,
    writeBigInt64LE, writeBigInt64BE,
    readUIntLE, readUInt32LE, readUInt16LE, readUInt8, readUIntBE, readUInt32BE, readUInt16BE,
    readUintLE: readUIntLE, readUint32LE: readUInt32LE, readUint16LE: readUInt16LE, readUint8: readUInt8,
    readUintBE: readUIntBE, readUint32BE: readUInt32BE, readUint16BE: readUInt16BE,
    readIntLE, readInt32LE, readInt16LE, readInt8, readIntBE, readInt32BE, readInt16BE,
    writeUIntLE, writeUInt32LE, writeUInt16LE, writeUInt8, writeUIntBE, writeUInt32BE, writeUInt16BE,
    writeUintLE: writeUIntLE, writeUint32LE: writeUInt32LE, writeUint16LE: writeUInt16LE, writeUint8: writeUInt8,
    writeUintBE: writeUIntBE, writeUint32BE: writeUInt32BE, writeUint16BE: writeUInt16BE,
    writeIntLE, writeInt32LE, writeInt16LE, writeInt8, writeIntBE, writeInt32BE, writeInt16BE,
    readFloatLE: bigEndian ? readFloatBackwards : readFloatForwards,
    readFloatBE: bigEndian ? readFloatForwards : readFloatBackwards,
    readDoubleLE: bigEndian ? readDoubleBackwards : readDoubleForwards,
    readDoubleBE: bigEndian ? readDoubleForwards : readDoubleBackwards,
    writeFloatLE: bigEndian ? writeFloatBackwards : writeFloatForwards,
    writeFloatBE: bigEndian ? writeFloatForwards : writeFloatBackwards,
    writeDoubleLE: bigEndian ? writeDoubleBackwards : writeDoubleForwards,
    writeDoubleBE: bigEndian ? writeDoubleForwards : writeDoubleBackwards,
  };
  for (const name of ReflectOwnKeys(methods)) proto[name] = methods[name];
  for (let i = 0; i < slices.length; i++) {
    const fn = makeSlice(slices[i][1]);
    ObjectDefineProperty(fn, 'name', { __proto__: null, value: slices[i][0] });
    proto[slices[i][0]] = fn;
  }
  for (let i = 0; i < writes.length; i++) {
    const [name, enc, checked] = writes[i];
    const fn = checked ? makeCheckedWrite(enc) : makeWrite(enc);
    ObjectDefineProperty(fn, 'name', { __proto__: null, value: name });
    proto[name] = fn;
  }
}

// Node's C++ argument parsing (ParseArrayIndex): undefined is the default,
// anything else an integer >= 0; false means out of range.
function arrayIndex(arg, def) {
  if (arg === undefined) return def;
  const n = MathTrunc(+arg);
  if (n >= 0) return n;
  if (NumberIsNaN(n)) return 0;
  return -1;
}

// The xxxSlice methods (Node's StringSlice binding).
function makeSlice(enc) {
  return function (start, end) {
    if (!ArrayBufferIsView(this)) throw ERR_NOT_A_BUFFER();
    const view = bytesOf(this);
    const length = TypedArrayPrototypeGetByteLength(view);
    if (length === 0) return '';
    start = arrayIndex(start, 0);
    end = arrayIndex(end, length);
    if (start < 0 || end < 0) throw ERR_INDEX_OUT_OF_RANGE();
    if (end < start) end = start;
    if (end > length) throw ERR_INDEX_OUT_OF_RANGE();
    return opSlice(view, start, end, enc);
  };
}

// The xxxWrite methods (Node's StringWrite binding).
function makeWrite(enc) {
  return function (string, offset, length) {
    if (!ArrayBufferIsView(this)) throw ERR_NOT_A_BUFFER();
    if (typeof string !== 'string') throw ERR_NOT_A_STRING();
    const view = bytesOf(this);
    const size = TypedArrayPrototypeGetByteLength(view);
    offset = arrayIndex(offset, 0);
    if (offset < 0) throw ERR_INDEX_OUT_OF_RANGE();
    if (offset > size) throw ERR_BUFFER_OUT_OF_BOUNDS('offset');
    length = arrayIndex(length, size - offset);
    if (length < 0) throw ERR_INDEX_OUT_OF_RANGE();
    if (length > size - offset) length = size - offset;
    if (length === 0) return 0;
    return opWrite(view, string, offset, length, enc);
  };
}

// Node checks these three in JS before the binding.
function makeCheckedWrite(enc) {
  const write = makeWrite(enc);
  return function (string, offset = 0, length = this.byteLength) {
    if (offset < 0 || offset > this.byteLength) throw ERR_BUFFER_OUT_OF_BOUNDS('offset');
    if (length < 0) throw ERR_BUFFER_OUT_OF_BOUNDS('length');
    return ReflectApply(write, this, [string, offset, length]);
  };
}

const slices = [
  ['asciiSlice', ASCII], ['base64Slice', BASE64], ['base64urlSlice', BASE64URL], ['latin1Slice', LATIN1],
  ['hexSlice', HEX], ['ucs2Slice', UCS2], ['utf8Slice', UTF8],
];
const writes = [
  ['asciiWrite', ASCII, true], ['base64Write', BASE64], ['base64urlWrite', BASE64URL], ['latin1Write', LATIN1, true],
  ['hexWrite', HEX], ['ucs2Write', UCS2], ['utf8Write', UTF8, true],
];

// Node's property order: constructor, the methods above, then the rest.
addBufferPrototypeMethods(Buffer.prototype);

// --- Buffer.prototype -------------------------------------------------------

ObjectDefineProperty(Buffer.prototype, 'parent', {
  __proto__: null,
  enumerable: true,
  get() {
    if (!(this instanceof Buffer)) return undefined;
    return this.buffer;
  },
});
ObjectDefineProperty(Buffer.prototype, 'offset', {
  __proto__: null,
  enumerable: true,
  get() {
    if (!(this instanceof Buffer)) return undefined;
    return this.byteOffset;
  },
});

Buffer.prototype.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  return copyImpl(this, target, targetStart, sourceStart, sourceEnd);
};

Buffer.prototype.toString = function toString(encoding, start, end) {
  if (encoding === undefined && start === undefined && end === undefined) {
    return opSlice(this, 0, this.length, UTF8);
  }
  const len = this.length;
  if (start <= 0) start = 0;
  else if (start >= len) return '';
  else start = MathTrunc(start) || 0;

  if (end === undefined || end > len) end = len;
  else end = MathTrunc(end) || 0;

  if (end <= start) return '';

  if (encoding === undefined) return opSlice(this, start, end, UTF8);

  const enc = encodingValue(encoding);
  if (enc === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
  return opSlice(this, start, end, enc);
};

Buffer.prototype.equals = function equals(otherBuffer) {
  if (!isUint8Array(otherBuffer)) {
    throw ERR_INVALID_ARG_TYPE('otherBuffer', ['Buffer', 'Uint8Array'], otherBuffer);
  }
  if (this === otherBuffer) return true;
  const len = TypedArrayPrototypeGetByteLength(this);
  if (len !== TypedArrayPrototypeGetByteLength(otherBuffer)) return false;
  return len === 0 || opCompare(this, otherBuffer) === 0;
};

let INSPECT_MAX_BYTES_VALUE = 50;

// Own keys that are not indices (enumerable ones unless showHidden).
function nonIndexKeys(obj, showHidden) {
  const keys = ReflectOwnKeys(obj);
  const out = [];
  // A typed array's own keys list its indices first.
  for (let i = TypedArrayPrototypeGetLength(obj); i < keys.length; i++) {
    const key = keys[i];
    if (showHidden || ReflectApply(ObjectPrototypePropertyIsEnumerable, obj, [key])) ArrayPrototypePush(out, key);
  }
  return out;
}

// Printed as `<Buffer 68 65 6c 6c 6f>` by console.log and util.inspect.
Buffer.prototype[customInspectSymbol] = function inspect(recurseTimes, ctx, inspectFn) {
  const max = INSPECT_MAX_BYTES_VALUE;
  const actualMax = MathMin(max, this.length);
  const remaining = this.length - max;
  const hex = this.hexSlice(0, actualMax);
  let str = '';
  for (let i = 0; i < hex.length; i += 2) {
    str += i === 0 ? StringPrototypeSlice(hex, i, i + 2) : ` ${StringPrototypeSlice(hex, i, i + 2)}`;
  }
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  // Inspect other own properties as well, if possible.
  if (ctx) {
    let extras = false;
    const obj = { __proto__: null };
    const keys = nonIndexKeys(this, ctx.showHidden);
    for (let i = 0; i < keys.length; i++) {
      extras = true;
      obj[keys[i]] = this[keys[i]];
    }
    if (extras) {
      if (this.length !== 0) str += ', ';
      const fn = typeof inspectFn === 'function' ? inspectFn : lazyInspect;
      // '[Object: null prototype] {'.length === 26
      str += StringPrototypeSlice(fn(obj, { ...ctx, breakLength: Infinity, compact: true }), 27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
};
Buffer.prototype.inspect = Buffer.prototype[customInspectSymbol];

const validateOffset = (value, name, min = 0, max = kMaxLength) => validateInteger(value, name, min, max);

Buffer.prototype.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  if (!isUint8Array(target)) throw ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
  if (targetStart === undefined && targetEnd === undefined && sourceStart === undefined && sourceEnd === undefined) {
    return opCompare(this, target);
  }

  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, 'targetStart');

  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, 'targetEnd', 0, target.length);

  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, 'sourceStart');

  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);

  if (sourceStart >= sourceEnd) return (targetStart >= targetEnd ? 0 : -1);
  if (targetStart >= targetEnd) return 1;

  return opCompareOffset(this, target, targetStart, sourceStart, targetEnd, sourceEnd);
};

// The first index of `val` at or after `byteOffset` (dir true), or the last
// at or before it (dir false).
function bidirectionalIndexOf(buffer, val, byteOffset, encoding, dir) {
  if (!isArrayBufferView(buffer)) {
    throw ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView'], buffer);
  }

  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  // Coerce to Number. Values like null and [] become 0.
  byteOffset = +byteOffset;
  // undefined, "foo", {} coerce to NaN: search the whole buffer.
  if (NumberIsNaN(byteOffset)) byteOffset = dir ? 0 : (buffer.length || buffer.byteLength);
  dir = !!dir;

  const view = bytesOf(buffer);
  if (typeof val === 'number') return opIndexOfNumber(view, val >>> 0, byteOffset, dir);

  const enc = encoding === undefined ? UTF8 : encodingValue(encoding);

  if (typeof val === 'string') {
    if (enc === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
    return opIndexOf(view, val, byteOffset, enc, dir);
  }

  if (isUint8Array(val)) return opIndexOf(view, val, byteOffset, enc === undefined ? UTF8 : enc, dir);

  throw ERR_INVALID_ARG_TYPE('value', ['number', 'string', 'Buffer', 'Uint8Array'], val);
}

Buffer.prototype.indexOf = function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
};

Buffer.prototype.lastIndexOf = function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
};

Buffer.prototype.includes = function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
};

// buf.fill(number[, offset[, end]]), buf.fill(buffer[, offset[, end]]),
// buf.fill(string[, offset[, end]][, encoding])
Buffer.prototype.fill = function fill(value, offset, end, encoding) {
  return _fill(this, value, offset, end, encoding);
};

function _fill(buf, value, offset, end, encoding) {
  let enc;
  if (typeof value === 'string') {
    if (offset === undefined || typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }

    const normalizedEncoding = normalizeEncoding(encoding);
    if (normalizedEncoding === undefined) {
      if (typeof encoding !== 'string') throw ERR_INVALID_ARG_TYPE('encoding', 'string', encoding);
      throw ERR_UNKNOWN_ENCODING(encoding);
    }
    enc = encodingValue(normalizedEncoding);

    if (value.length === 0) {
      // An empty string fills with zeros.
      value = 0;
    } else if (value.length === 1) {
      // Fast path: a value that is a single byte.
      if (normalizedEncoding === 'utf8') {
        const code = StringPrototypeCharCodeAt(value, 0);
        if (code < 128) value = code;
      } else if (normalizedEncoding === 'latin1') {
        value = StringPrototypeCharCodeAt(value, 0);
      }
    }
  }

  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    // Invalid ranges are not set to a default, so can range check early.
    if (end === undefined) end = buf.length;
    else validateOffset(end, 'end', 0, buf.length);
    if (offset >= end) return buf;
  }

  if (typeof value === 'number') {
    const byteLen = TypedArrayPrototypeGetByteLength(buf);
    const fillLength = end - offset;
    if (offset > end || fillLength + offset > byteLen) throw ERR_BUFFER_OUT_OF_BOUNDS();
    TypedArrayPrototypeFill(buf, value, offset, end);
  } else {
    let res;
    if (typeof value === 'string') {
      res = opFill(bytesOf(buf), value, offset, end, enc);
    } else if (ArrayBufferIsView(value)) {
      res = opFill(bytesOf(buf), bytesOf(value), offset, end, UTF8);
    } else {
      // Anything else fills with its ToUint32, mod 256.
      const byte = (value >>> 0) & 255;
      const byteLen = TypedArrayPrototypeGetByteLength(buf);
      if (offset > end || end > byteLen) throw ERR_BUFFER_OUT_OF_BOUNDS();
      TypedArrayPrototypeFill(bytesOf(buf), byte, offset, end);
      res = 0;
    }
    if (res < 0) {
      if (res === -1) throw ERR_INVALID_ARG_VALUE('value', value);
      throw ERR_BUFFER_OUT_OF_BOUNDS();
    }
  }
  return buf;
}

Buffer.prototype.write = function write(string, offset, length, encoding) {
  // Buffer#write(string);
  if (offset === undefined) {
    if (typeof string !== 'string') throw ERR_NOT_A_STRING();
    return opWrite(this, string, 0, this.length, UTF8);
  }
  // Buffer#write(string, encoding)
  if (length === undefined && typeof offset === 'string') {
    encoding = offset;
    length = this.length;
    offset = 0;
  // Buffer#write(string, offset[, length][, encoding])
  } else {
    validateOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }

  let enc;
  if (!encoding || encoding === 'utf8') {
    enc = UTF8;
  } else {
    enc = encodingValue(encoding);
    if (enc === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
  }
  if (typeof string !== 'string') throw ERR_NOT_A_STRING();
  if (length === 0) return 0;
  return opWrite(this, string, offset, length, enc);
};

Buffer.prototype.toJSON = function toJSON() {
  if (this.length > 0) {
    const data = new NativeArray(this.length);
    for (let i = 0; i < this.length; ++i) data[i] = this[i];
    return { type: 'Buffer', data };
  }
  return { type: 'Buffer', data: [] };
};

function adjustOffset(offset, length) {
  // Math.trunc, not `| 0`: offsets may be beyond int32.
  offset = MathTrunc(offset);
  if (offset === 0) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  if (offset < length) return offset;
  return NumberIsNaN(offset) ? 0 : length;
}

Buffer.prototype.subarray = function subarray(start, end) {
  const srcLength = this.length;
  start = adjustOffset(start, srcLength);
  end = end !== undefined ? adjustOffset(end, srcLength) : srcLength;
  const newLength = end > start ? end - start : 0;
  return new FastBuffer(this.buffer, this.byteOffset + start, newLength);
};

Buffer.prototype.slice = function slice(start, end) {
  return this.subarray(start, end);
};

Buffer.prototype.swap16 = function swap16() {
  if (this.length % 2 !== 0) throw ERR_INVALID_BUFFER_SIZE('16-bits');
  return opSwap(this, 2);
};

Buffer.prototype.swap32 = function swap32() {
  if (this.length % 4 !== 0) throw ERR_INVALID_BUFFER_SIZE('32-bits');
  return opSwap(this, 4);
};

Buffer.prototype.swap64 = function swap64() {
  if (this.length % 8 !== 0) throw ERR_INVALID_BUFFER_SIZE('64-bits');
  return opSwap(this, 8);
};

Buffer.prototype.toLocaleString = Buffer.prototype.toString;

// --- module functions ----------------------------------------------------------

function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source)) throw ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  if (source.length === 0) return Buffer.alloc(0);
  fromEncoding = normalizeEncoding(fromEncoding) || fromEncoding;
  toEncoding = normalizeEncoding(toEncoding) || toEncoding;
  const from = typeof fromEncoding === 'string' ? encodingValue(fromEncoding) : undefined;
  const to = typeof toEncoding === 'string' ? encodingValue(toEncoding) : undefined;
  const result = opTranscode(source, from ?? -1, to ?? -1, BufferPrototype);
  if (typeof result !== 'number') return result;
  const code = result === 1 ? 'U_ILLEGAL_ARGUMENT_ERROR' : 'U_INVALID_CHAR_FOUND';
  const err = new NativeError(`Unable to transcode Buffer [${code}]`);
  err.code = code;
  err.errno = result;
  throw err;
}

function isUtf8(input) {
  if (isTypedArray(input)) return opIsUtf8(input);
  if (isAnyArrayBuffer(input)) return opIsUtf8(new NativeUint8Array(input));
  throw ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
}

function isAscii(input) {
  if (isTypedArray(input)) return opIsAscii(input);
  if (isAnyArrayBuffer(input)) return opIsAscii(new NativeUint8Array(input));
  throw ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
}

// The Blob that a `blob:` URL from URL.createObjectURL names, or undefined.
function resolveObjectURL(url) {
  url = `${url}`;
  try {
    const blob = builtin('nanojs:url').resolveObjectURL(url);
    return blob === null ? undefined : blob;
  } catch {
    return undefined;
  }
}

const constants = ObjectDefineProperties({}, {
  MAX_LENGTH: { __proto__: null, value: kMaxLength, writable: false, enumerable: true },
  MAX_STRING_LENGTH: { __proto__: null, value: kStringMaxLength, writable: false, enumerable: true },
});

// As in Node, the named export is the initial value: assignments go through
// the module object (`require('buffer').INSPECT_MAX_BYTES = n`).
export const INSPECT_MAX_BYTES = INSPECT_MAX_BYTES_VALUE;

const buffer = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
};
ObjectDefineProperties(buffer, {
  constants: { __proto__: null, configurable: false, enumerable: true, value: constants },
  INSPECT_MAX_BYTES: {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() { return INSPECT_MAX_BYTES_VALUE; },
    set(val) {
      validateNumber(val, 'INSPECT_MAX_BYTES', 0);
      INSPECT_MAX_BYTES_VALUE = val;
    },
  },
  // Set by node:buffer, which alone brings Blob and File (here in Node's
  // key order).
  Blob: { __proto__: null, configurable: true, enumerable: true, writable: true, value: undefined },
  resolveObjectURL: { __proto__: null, configurable: true, enumerable: true, writable: true, value: resolveObjectURL },
  File: { __proto__: null, configurable: true, enumerable: true, writable: true, value: undefined },
});

export default buffer;
export {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
  constants,
  resolveObjectURL,
};

