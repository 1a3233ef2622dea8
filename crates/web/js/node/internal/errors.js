// node:internal/errors — Node's error classes and codes, for the node: builtins.
//
// Usage (from any builtin):
//   import { codes, AbortError, hideStackFrames } from 'node:internal/errors';
//   const { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE } = codes;
//   throw new ERR_INVALID_ARG_TYPE('size', 'number', size);
//     // TypeError, code 'ERR_INVALID_ARG_TYPE', message
//     // 'The "size" argument must be of type number. Received type string (\'x\')'
//   throw new ERR_OUT_OF_RANGE('offset', '>= 0 and <= 3', 5);
//   throw new codes.ERR_INVALID_ARG_VALUE.RangeError('encoding', enc);  // alt. base class
// Each `codes.X` is constructed with the same arguments as in Node's
// lib/internal/errors.js, and its instances look like Node's: `name` is the
// base class name ('TypeError'), own enumerable `code`, `toString()` gives
// 'TypeError [CODE]: message', and `stack` starts with that line too.
// A code you need that is missing: add one `E(...)` line below (keep the
// alphabetical order), copying Node's message.
//
// Other exports: AbortError, hideStackFrames(fn), aggregateTwoErrors(inner,
// outer), genericNodeError(message, props), determineSpecificType(value),
// addNumericalSeparator(str), isStackOverflowError(err), E(code, message,
// Base, ...otherBases). Node's SystemError and uv/errno helpers are absent
// (there are no syscalls here).

import { builtin } from 'nanojs:host';

// The inspector is loaded when a message first needs it, not with the
// module: most errors are never built, and every node: module imports this.
let inspector;
const inspect = (value, options) => (inspector ??= builtin('nanojs:inspect')).inspect(value, options);
const format = (...args) => (inspector ??= builtin('nanojs:inspect')).format(...args);

const ObjectDefineProperty = Object.defineProperty;
const ArrayIsArray = Array.isArray;
const NumberIsInteger = Number.isInteger;
const MathAbs = Math.abs;
const JSONStringify = JSON.stringify;
const ErrorCaptureStackTrace = Error.captureStackTrace;

export const codes = {};
const messages = new Map();

const classRegExp = /^([A-Z][a-z0-9]*)+$/;
// Sorted by a rough estimate on most frequently used entries.
const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];

const frameLineRegExp = /^\s*at /;

// QuickJS stacks hold only the frames; V8's start with "Name: message". Give
// Node errors the V8 form, including the code, as Node does.
function addCodeToStack(err, header) {
  let stack;
  try {
    stack = err.stack;
  } catch {
    return;
  }
  if (typeof stack !== 'string') return;
  if (stack === '' || frameLineRegExp.test(stack)) {
    let end = stack.length;
    while (end > 0 && stack.charCodeAt(end - 1) === 10) end--;
    stack = end === 0 ? header : `${header}\n${stack.slice(0, end)}`;
    ObjectDefineProperty(err, 'stack', { value: stack, enumerable: false, writable: true, configurable: true });
  }
}

function makeNodeErrorWithCode(Base, key) {
  return function NodeError(...args) {
    const error = new Base();
    const message = getMessage(key, args, error);
    ObjectDefineProperty(error, 'message', { value: message, enumerable: false, writable: true, configurable: true });
    ObjectDefineProperty(error, 'toString', {
      value() {
        return `${this.name} [${key}]: ${this.message}`;
      },
      enumerable: false,
      writable: true,
      configurable: true,
    });
    if (ErrorCaptureStackTrace !== undefined) ErrorCaptureStackTrace(error, NodeError);
    addCodeToStack(error, `${Base.name} [${key}]: ${message}`);
    error.code = key;
    return error;
  };
}

function getMessage(key, args, self) {
  const msg = messages.get(key);
  if (typeof msg === 'function') return Reflect.apply(msg, self, args);
  if (args.length === 0) return msg;
  return format(msg, ...args);
}

/** Registers an error code (Node's `E`): `def` is the base class. */
export function E(sym, val, def, ...otherClasses) {
  messages.set(sym, val);
  const ctor = makeNodeErrorWithCode(def, sym);
  for (const clazz of otherClasses) ctor[clazz.name] = makeNodeErrorWithCode(clazz, sym);
  codes[sym] = ctor;
}

/**
 * Node's wrapper that keeps the frames of internal helpers out of stacks. The
 * stacks here are the engine's, so it only calls through.
 */
export function hideStackFrames(fn) {
  function wrappedFn(...args) {
    return Reflect.apply(fn, this, args);
  }
  wrappedFn.withoutStackTrace = fn;
  return wrappedFn;
}

export function addNumericalSeparator(val) {
  let res = '';
  let i = val.length;
  const start = val[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
  return `${val.slice(0, i)}${res}`;
}

/** The "Received ..." part of Node's argument errors. */
export function determineSpecificType(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  const type = typeof value;
  switch (type) {
    case 'bigint':
      return `type bigint (${value}n)`;
    case 'number':
      if (value === 0) return 1 / value === -Infinity ? 'type number (-0)' : 'type number (0)';
      return `type number (${value})`;
    case 'boolean':
      return value ? 'type boolean (true)' : 'type boolean (false)';
    case 'symbol':
      return `type symbol (${String(value)})`;
    case 'function':
      return `function ${value.name}`;
    case 'object':
      if (value.constructor && 'name' in value.constructor) return `an instance of ${value.constructor.name}`;
      return `${inspect(value, { depth: -1 })}`;
    case 'string':
      if (value.length > 28) value = `${value.slice(0, 25)}...`;
      if (value.indexOf("'") === -1) return `type string ('${value}')`;
      return `type string (${JSONStringify(value)})`;
    default:
      value = inspect(value, { colors: false });
      if (value.length > 28) value = `${value.slice(0, 25)}...`;
      return `type ${type} (${value})`;
  }
}

let maxStackErrorName;
let maxStackErrorMessage;
export function isStackOverflowError(err) {
  if (maxStackErrorMessage === undefined) {
    try {
      const overflowStack = () => overflowStack() + 1;
      overflowStack();
    } catch (e) {
      maxStackErrorMessage = e.message;
      maxStackErrorName = e.name;
    }
  }
  return err && err.name === maxStackErrorName && err.message === maxStackErrorMessage;
}

export class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    if (options !== undefined && typeof options !== 'object') {
      throw new codes.ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
  }
}

/** An Error with extra own properties (Node's genericNodeError). */
export function genericNodeError(message, errorProperties) {
  const err = new Error(message);
  Object.assign(err, errorProperties);
  return err;
}

/** Combines an error raised while handling `outerError` (streams use it). */
export function aggregateTwoErrors(innerError, outerError) {
  if (innerError && outerError && innerError !== outerError) {
    if (ArrayIsArray(outerError.errors)) {
      outerError.errors.push(innerError);
      return outerError;
    }
    const err = new AggregateError([outerError, innerError], outerError.message);
    err.code = outerError.code;
    return err;
  }
  return innerError || outerError;
}

// ---------------------------------------------------------------------------
// The codes (messages as in Node 20's lib/internal/errors.js).

E('ERR_AMBIGUOUS_ARGUMENT', 'The "%s" argument is ambiguous. %s', TypeError);
E('ERR_ARG_NOT_ITERABLE', '%s must be iterable', TypeError);
E('ERR_ASSERTION', '%s', Error);
E('ERR_ASYNC_CALLBACK', '%s must be a function', TypeError);
E('ERR_ASYNC_TYPE', 'Invalid name for async "type": %s', TypeError);
E('ERR_BROTLI_INVALID_PARAM', '%s is not a valid Brotli parameter', RangeError);
E(
  'ERR_BUFFER_OUT_OF_BOUNDS',
  // A default argument, so it does not count towards Function#length.
  (name = undefined) => {
    if (name) return `"${name}" is outside of buffer bounds`;
    return 'Attempt to access memory outside buffer bounds';
  },
  RangeError,
);
E('ERR_BUFFER_TOO_LARGE', 'Cannot create a Buffer larger than %s bytes', RangeError);
E('ERR_CRYPTO_ECDH_INVALID_FORMAT', 'Invalid ECDH format: %s', TypeError);
E('ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', 'Public key is not valid for specified curve', Error);
E('ERR_CRYPTO_HASH_FINALIZED', 'Digest already called', Error);
E('ERR_CRYPTO_HASH_UPDATE_FAILED', 'Hash update failed', Error);
E('ERR_CRYPTO_INCOMPATIBLE_KEY', 'Incompatible %s: %s', Error);
E('ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', 'The selected key encoding %s %s.', Error);
E('ERR_CRYPTO_INVALID_DIGEST', 'Invalid digest: %s', TypeError);
E('ERR_CRYPTO_INVALID_JWK', 'Invalid JWK data', TypeError);
E('ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length', RangeError);
E('ERR_CRYPTO_INVALID_KEYPAIR', 'Invalid key pair', RangeError);
E('ERR_CRYPTO_INVALID_KEYTYPE', 'Invalid key type', TypeError);
E('ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', 'Invalid key object type %s, expected %s.', TypeError);
E('ERR_CRYPTO_INVALID_MESSAGELEN', 'Invalid message length', RangeError);
E('ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'Invalid scrypt params', RangeError);
E('ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation %s', Error);
E('ERR_CRYPTO_INVALID_TAG_LENGTH', 'Invalid authentication tag length: %s', RangeError);
E('ERR_CRYPTO_JWK_UNSUPPORTED_CURVE', 'Unsupported JWK EC curve: %s.', Error);
E('ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', 'Unsupported JWK Key Type.', Error);
E('ERR_CRYPTO_OPERATION_FAILED', 'Crypto operation failed', Error);
E('ERR_CRYPTO_PBKDF2_ERROR', 'PBKDF2 error', Error);
E('ERR_CRYPTO_SCRYPT_INVALID_PARAMETER', 'Invalid scrypt parameter', Error);
E('ERR_CRYPTO_SCRYPT_NOT_SUPPORTED', 'Scrypt algorithm not supported', Error);
E('ERR_CRYPTO_SIGN_KEY_REQUIRED', 'No key provided to sign', Error);
E('ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length', RangeError);
E('ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher', Error);
E('ERR_CRYPTO_UNKNOWN_DH_GROUP', 'Unknown DH group', Error);
E('ERR_CRYPTO_UNSUPPORTED_OPERATION', 'Unsupported crypto operation', Error);
E(
  'ERR_ENCODING_INVALID_ENCODED_DATA',
  function (encoding, ret) {
    this.errno = ret;
    return `The encoded data was not valid for encoding ${encoding}`;
  },
  TypeError,
);
E('ERR_ENCODING_NOT_SUPPORTED', 'The "%s" encoding is not supported', RangeError);
E('ERR_EVENT_RECURSION', 'The event "%s" is already being dispatched', Error);
E(
  'ERR_FALSY_VALUE_REJECTION',
  function (reason) {
    this.reason = reason;
    return 'Promise was rejected with falsy value';
  },
  Error,
);
E(
  'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
  'The feature %s is unavailable on the current platform, which is being used to run Node.js',
  TypeError,
);
E('ERR_HTTP_HEADERS_SENT', 'Cannot %s headers after they are sent to the client', Error);
E('ERR_HTTP_INVALID_HEADER_VALUE', 'Invalid value "%s" for header "%s"', TypeError);
E('ERR_HTTP_INVALID_STATUS_CODE', 'Invalid status code: %s', RangeError);
E('ERR_HTTP_TRAILER_INVALID', 'Trailers are invalid with this transfer encoding', Error);
E('ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor', TypeError);
E('ERR_IMPORT_ATTRIBUTE_MISSING', 'Module "%s" needs an import attribute of "%s: %s"', TypeError);
E('ERR_INCOMPATIBLE_OPTION_PAIR', 'Option "%s" cannot be used in combination with option "%s"', TypeError);
E(
  'ERR_INTERNAL_ASSERTION',
  (message) => {
    const suffix =
      'This is caused by either a bug in Node.js ' +
      'or incorrect usage of Node.js internals.\n' +
      'Please open an issue with this stack trace at ' +
      'https://github.com/nodejs/node/issues\n';
    return message === undefined ? suffix : `${message}\n${suffix}`;
  },
  Error,
);
E(
  'ERR_INVALID_ARG_TYPE',
  (name, expected, actual) => {
    if (!ArrayIsArray(expected)) expected = [expected];
    let msg = 'The ';
    if (name.endsWith(' argument')) {
      // For cases like 'first argument'
      msg += `${name} `;
    } else {
      const type = name.includes('.') ? 'property' : 'argument';
      msg += `"${name}" ${type} `;
    }
    msg += 'must be ';
    const types = [];
    const instances = [];
    const other = [];
    for (const value of expected) {
      if (kTypes.includes(value)) types.push(value.toLowerCase());
      else if (classRegExp.test(value)) instances.push(value);
      else other.push(value);
    }
    // Special handle `object` in case other instances are allowed to outline
    // the differences between each other.
    if (instances.length > 0) {
      const pos = types.indexOf('object');
      if (pos !== -1) {
        types.splice(pos, 1);
        instances.push('Object');
      }
    }
    if (types.length > 0) {
      if (types.length > 2) {
        const last = types.pop();
        msg += `one of type ${types.join(', ')}, or ${last}`;
      } else if (types.length === 2) {
        msg += `one of type ${types[0]} or ${types[1]}`;
      } else {
        msg += `of type ${types[0]}`;
      }
      if (instances.length > 0 || other.length > 0) msg += ' or ';
    }
    if (instances.length > 0) {
      if (instances.length > 2) {
        const last = instances.pop();
        msg += `an instance of ${instances.join(', ')}, or ${last}`;
      } else {
        msg += `an instance of ${instances[0]}`;
        if (instances.length === 2) msg += ` or ${instances[1]}`;
      }
      if (other.length > 0) msg += ' or ';
    }
    if (other.length > 0) {
      if (other.length > 2) {
        const last = other.pop();
        msg += `one of ${other.join(', ')}, or ${last}`;
      } else if (other.length === 2) {
        msg += `one of ${other[0]} or ${other[1]}`;
      } else {
        if (other[0].toLowerCase() !== other[0]) msg += 'an ';
        msg += `${other[0]}`;
      }
    }
    msg += `. Received ${determineSpecificType(actual)}`;
    return msg;
  },
  TypeError,
);
E(
  'ERR_INVALID_ARG_VALUE',
  (name, value, reason = 'is invalid') => {
    let inspected = inspect(value);
    if (inspected.length > 128) inspected = `${inspected.slice(0, 128)}...`;
    const type = name.includes('.') ? 'property' : 'argument';
    return `The ${type} '${name}' ${reason}. Received ${inspected}`;
  },
  TypeError,
  RangeError,
);
E('ERR_INVALID_ASYNC_ID', 'Invalid %s value: %s', RangeError);
E('ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of %s', RangeError);
E(
  'ERR_INVALID_CHAR',
  (name, field = undefined) => {
    let msg = `Invalid character in ${name}`;
    if (field !== undefined) msg += ` ["${field}"]`;
    return msg;
  },
  TypeError,
);
E('ERR_INVALID_CURSOR_POS', 'Cannot set cursor row without setting its column', TypeError);
E('ERR_INVALID_FD', '"fd" must be a positive integer: %s', RangeError);
E('ERR_INVALID_FD_TYPE', 'Unsupported fd type: %s', TypeError);
E('ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on %s', TypeError);
E('ERR_INVALID_FILE_URL_PATH', 'File URL path %s', TypeError);
E('ERR_INVALID_HTTP_TOKEN', '%s must be a valid HTTP token ["%s"]', TypeError);
E('ERR_INVALID_IP_ADDRESS', 'Invalid IP address: %s', TypeError);
E('ERR_INVALID_MIME_SYNTAX', (production, str, invalidIndex) => {
  const msg = invalidIndex !== -1 ? ` at ${invalidIndex}` : '';
  return `The MIME syntax for a ${production} in "${str}" is invalid` + msg;
}, TypeError);
E(
  'ERR_INVALID_MODULE_SPECIFIER',
  (request, reason, base = undefined) =>
    `Invalid module "${request}" ${reason}${base ? ` imported from ${base}` : ''}`,
  TypeError,
);
E('ERR_INVALID_PROTOCOL', 'Protocol "%s" not supported. Expected "%s"', TypeError);
E(
  'ERR_INVALID_RETURN_PROPERTY',
  (input, name, prop, value) =>
    `Expected a valid ${input} to be returned for the "${prop}" from the "${name}" function but got ${value}.`,
  TypeError,
);
E(
  'ERR_INVALID_RETURN_PROPERTY_VALUE',
  (input, name, prop, value) =>
    `Expected ${input} to be returned for the "${prop}" from the "${name}" function but got ${determineSpecificType(
      value,
    )}.`,
  TypeError,
);
E(
  'ERR_INVALID_RETURN_VALUE',
  (input, name, value) => {
    const type = determineSpecificType(value);
    return `Expected ${input} to be returned from the "${name}" function but got ${type}.`;
  },
  TypeError,
  RangeError,
);
E('ERR_INVALID_STATE', 'Invalid state: %s', Error, TypeError, RangeError);
E('ERR_INVALID_THIS', 'Value of "this" must be of type %s', TypeError);
E('ERR_INVALID_TUPLE', '%s must be an iterable %s tuple', TypeError);
E('ERR_INVALID_URI', 'URI malformed', URIError);
E(
  'ERR_INVALID_URL',
  function (input) {
    this.input = input;
    return 'Invalid URL';
  },
  TypeError,
);
E(
  'ERR_INVALID_URL_SCHEME',
  (expected) => {
    if (typeof expected === 'string') expected = [expected];
    const res = expected.length === 2 ? `one of scheme ${expected[0]} or ${expected[1]}` : `of scheme ${expected[0]}`;
    return `The URL must be ${res}`;
  },
  TypeError,
);
// Node's error for a stream subclass that lacks _read()/_write()/_transform().
E('ERR_METHOD_NOT_IMPLEMENTED', 'The %s method is not implemented', Error);
E(
  'ERR_MISSING_ARGS',
  (...args) => {
    let msg = 'The ';
    const len = args.length;
    const wrap = (a) => `"${a}"`;
    args = args.map((a) => (ArrayIsArray(a) ? a.map(wrap).join(' or ') : wrap(a)));
    switch (len) {
      case 1:
        msg += `${args[0]} argument`;
        break;
      case 2:
        msg += `${args[0]} and ${args[1]} arguments`;
        break;
      default:
        msg += args.slice(0, len - 1).join(', ');
        msg += `, and ${args[len - 1]} arguments`;
        break;
    }
    return `${msg} must be specified`;
  },
  TypeError,
);
E('ERR_MISSING_OPTION', '%s is required', TypeError);
E('ERR_MULTIPLE_CALLBACK', 'Callback called multiple times', Error);
E('ERR_OPERATION_FAILED', 'Operation failed: %s', Error, TypeError);
E(
  'ERR_OUT_OF_RANGE',
  (str, range, input, replaceDefaultBoolean = false) => {
    let msg = replaceDefaultBoolean ? str : `The value of "${str}" is out of range.`;
    let received;
    if (NumberIsInteger(input) && MathAbs(input) > 2 ** 32) {
      received = addNumericalSeparator(String(input));
    } else if (typeof input === 'bigint') {
      received = String(input);
      if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
      received += 'n';
    } else {
      received = inspect(input);
    }
    msg += ` It must be ${range}. Received ${received}`;
    return msg;
  },
  RangeError,
);
E('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', '%s', TypeError);
E(
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
  "Unexpected argument '%s'. This command does not take positional arguments",
  TypeError,
);
E(
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  (option, allowPositionals) => {
    const suggestDashDash = allowPositionals
      ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSONStringify(
          option,
        )}`
      : '';
    return `Unknown option '${option}'${suggestDashDash}`;
  },
  TypeError,
);
E(
  'ERR_SOCKET_BAD_PORT',
  (name, port, allowZero = true) => {
    const operator = allowZero ? '>=' : '>';
    return `${name} should be ${operator} 0 and < 65536. Received ${determineSpecificType(port)}.`;
  },
  RangeError,
);
E('ERR_SOCKET_CLOSED', 'Socket is closed', Error);
E('ERR_STREAM_ALREADY_FINISHED', 'Cannot call %s after a stream was finished', Error);
E('ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable', Error);
E('ERR_STREAM_DESTROYED', 'Cannot call %s after a stream was destroyed', Error);
E('ERR_STREAM_NULL_VALUES', 'May not write null values to stream', TypeError);
E('ERR_STREAM_PREMATURE_CLOSE', 'Premature close', Error);
E('ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF', Error);
E('ERR_STREAM_UNABLE_TO_PIPE', 'Cannot pipe to a closed or destroyed stream', Error);
E('ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event', Error);
E('ERR_STREAM_WRAP', 'Stream has StringDecoder set or is in objectMode', Error);
E('ERR_STREAM_WRITE_AFTER_END', 'write after end', Error);
E('ERR_SYNTHETIC', 'JavaScript Callstack', Error);
E('ERR_UNAVAILABLE_DURING_EXIT', 'Cannot call function in process exit handler', Error);
E('ERR_UNESCAPED_CHARACTERS', '%s contains unescaped characters', TypeError);
E(
  'ERR_UNHANDLED_ERROR',
  (err = undefined) => {
    const msg = 'Unhandled error.';
    if (err === undefined) return msg;
    return `${msg} (${err})`;
  },
  Error,
);
E('ERR_UNKNOWN_BUILTIN_MODULE', 'No such built-in module: %s', Error);
E('ERR_UNKNOWN_ENCODING', 'Unknown encoding: %s', TypeError);
E('ERR_UNKNOWN_SIGNAL', 'Unknown signal: %s', TypeError);
E('ERR_ZLIB_INITIALIZATION_FAILED', 'Initialization failed', Error);

/** nanojs: the error for a Node API that nanojs does not offer, saying what
 * to use instead (Node's code for a feature missing on a platform). */
export function unavailableError(what, instead) {
  const e = new TypeError(`${what} is not available in nanojs: ${instead}`);
  e.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
  return e;
}
