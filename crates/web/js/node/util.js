// node:util. Formatting is nanojs:inspect (what console.log prints through);
// deep equality is node:internal/util/comparisons, shared with node:assert.
//
// Absent (listed by Node 20 but meaningless or unsupported here):
// getSystemErrorName/getSystemErrorMap and _errnoException/
// _exceptionWithHostPort (no libuv errors), MIMEType/MIMEParams,
// transferableAbortSignal/transferableAbortController.

import {
  inspect,
  format,
  formatWithOptions as inspectFormatWithOptions,
  stripVTControlCharacters as stripVT,
} from 'nanojs:inspect';
import { TextEncoder, TextDecoder } from 'nanojs:encoding';
import process from 'node:process';
import types from 'node:util/types';
import { isDeepStrictEqual } from 'node:internal/util/comparisons';
import { parseArgs } from 'node:internal/util/parse_args';
import { codes } from 'node:internal/errors';
import { customPromisifyArgs } from 'node:internal/util';
import {
  validateFunction,
  validateString,
  validateObject,
  validateAbortSignal,
  validateBoolean,
  validateOneOf,
  kValidateObjectAllowArray,
  kValidateObjectAllowFunction,
} from 'node:internal/validators';

const { ERR_INVALID_ARG_TYPE, ERR_FALSY_VALUE_REJECTION } = codes;

const ObjectDefineProperty = Object.defineProperty;
const ObjectDefineProperties = Object.defineProperties;
const ObjectGetOwnPropertyDescriptors = Object.getOwnPropertyDescriptors;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ObjectValues = Object.values;
const ObjectKeys = Object.keys;
const ObjectPrototypeToString = Function.prototype.call.bind(Object.prototype.toString);
const ReflectApply = Reflect.apply;
const ReflectConstruct = Reflect.construct;
const NativePromise = Promise;
const ArrayIsArray = Array.isArray;

const kCustomPromisifiedSymbol = Symbol.for('nodejs.util.promisify.custom');

// ---------------------------------------------------------------------------
// Formatting

export function formatWithOptions(inspectOptions, ...args) {
  validateObject(inspectOptions, 'inspectOptions', kValidateObjectAllowArray);
  return inspectFormatWithOptions(inspectOptions, ...args);
}

export function stripVTControlCharacters(str) {
  validateString(str, 'str');
  return stripVT(str);
}

export function toUSVString(input) {
  return `${input}`.toWellFormed();
}

// The SGR codes of a color or style name, like Node's styleText.
export function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  validateString(text, 'text');
  validateBoolean(validateStream, 'options.validateStream');
  // Node colors only for a stream that supports colors; here none does (no
  // TTY), unless FORCE_COLOR asks for them.
  let skipColorize = false;
  if (validateStream) {
    const force = process.env && process.env.FORCE_COLOR;
    skipColorize = !(force !== undefined && force !== '0' && force !== 'false') && !(stream && stream.isTTY);
  }
  const formatArray = ArrayIsArray(format) ? format : [format];
  let left = '';
  let right = '';
  for (const key of formatArray) {
    const formatCodes = inspect.colors[key];
    if (formatCodes == null) validateOneOf(key, 'format', ObjectKeys(inspect.colors));
    if (skipColorize) continue;
    left += `\u001b[${formatCodes[0]}m`;
    right = `\u001b[${formatCodes[1]}m${right}`;
  }
  return skipColorize ? text : `${left}${text}${right}`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => `${n}`.padStart(2, '0');

/** Deprecated util.log: "26 Feb 16:19:34 - message" on stdout. */
export function log(...args) {
  const d = new Date();
  const time = [pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds())].join(':');
  console.log('%s - %s', `${d.getDate()} ${months[d.getMonth()]} ${time}`, format(...args));
}

// ---------------------------------------------------------------------------
// Functions

export function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisifiedSymbol]) {
    const fn = original[kCustomPromisifiedSymbol];
    validateFunction(fn, 'util.promisify.custom');
    return ObjectDefineProperty(fn, kCustomPromisifiedSymbol, {
      value: fn,
      enumerable: false,
      writable: false,
      configurable: true,
    });
  }
  const argumentNames = original[customPromisifyArgs];
  function fn(...args) {
    return new NativePromise((resolve, reject) => {
      args.push((err, ...values) => {
        if (err) return reject(err);
        if (argumentNames !== undefined && values.length > 1) {
          const obj = {};
          for (let i = 0; i < argumentNames.length; i++) obj[argumentNames[i]] = values[i];
          resolve(obj);
        } else {
          resolve(values[0]);
        }
      });
      ReflectApply(original, this, args);
    });
  }
  ObjectSetPrototypeOf(fn, ObjectGetPrototypeOf(original));
  ObjectDefineProperty(fn, kCustomPromisifiedSymbol, {
    value: fn,
    enumerable: false,
    writable: false,
    configurable: true,
  });
  const descriptors = ObjectGetOwnPropertyDescriptors(original);
  for (const desc of ObjectValues(descriptors)) ObjectSetPrototypeOf(desc, null);
  return ObjectDefineProperties(fn, descriptors);
}
promisify.custom = kCustomPromisifiedSymbol;

function callbackifyOnRejected(reason, cb) {
  // A falsy rejection reason would read as success to the callback.
  if (!reason) reason = new ERR_FALSY_VALUE_REJECTION(reason);
  return cb(reason);
}

export function callbackify(original) {
  validateFunction(original, 'original');
  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, 'last argument');
    const cb = maybeCb.bind(this);
    ReflectApply(original, this, args).then(
      (ret) => process.nextTick(cb, null, ret),
      (rej) => process.nextTick(callbackifyOnRejected, rej, cb),
    );
  }
  const descriptors = ObjectGetOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name.value === 'string') descriptors.name.value += 'Callbackified';
  for (const desc of ObjectValues(descriptors)) ObjectSetPrototypeOf(desc, null);
  ObjectDefineProperties(callbackified, descriptors);
  return callbackified;
}

const codesWarned = new Set();

function emitDeprecationWarning(msg, code, fn) {
  if (typeof process.emitWarning === 'function') {
    if (code !== undefined) process.emitWarning(msg, 'DeprecationWarning', code, fn);
    else process.emitWarning(msg, 'DeprecationWarning', fn);
  } else {
    console.error(`${code !== undefined ? `[${code}] ` : ''}DeprecationWarning: ${msg}`);
  }
}

export function deprecate(fn, msg, code) {
  if (process.noDeprecation === true) return fn;
  if (code !== undefined) validateString(code, 'code');
  let warned = false;
  function deprecated(...args) {
    if (!warned) {
      warned = true;
      if (code !== undefined) {
        if (!codesWarned.has(code)) {
          emitDeprecationWarning(msg, code, deprecated);
          codesWarned.add(code);
        }
      } else {
        emitDeprecationWarning(msg, undefined, deprecated);
      }
    }
    if (new.target) return ReflectConstruct(fn, args, new.target);
    return ReflectApply(fn, this, args);
  }
  // The wrapper looks like `fn` (statics and prototype).
  ObjectSetPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

export function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw new ERR_INVALID_ARG_TYPE('ctor', 'Function', ctor);
  if (superCtor === undefined || superCtor === null) {
    throw new ERR_INVALID_ARG_TYPE('superCtor', 'Function', superCtor);
  }
  if (superCtor.prototype === undefined) {
    throw new ERR_INVALID_ARG_TYPE('superCtor.prototype', 'Object', superCtor.prototype);
  }
  ObjectDefineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  ObjectSetPrototypeOf(ctor.prototype, superCtor.prototype);
}

export function _extend(target, source) {
  // Don't do anything if source isn't an object.
  if (source === null || typeof source !== 'object') return target;
  const keys = ObjectKeys(source);
  let i = keys.length;
  while (i--) target[keys[i]] = source[keys[i]];
  return target;
}

// ---------------------------------------------------------------------------
// debuglog: sections named in NODE_DEBUG (comma-separated, `*` wildcards).

let debugEnvRegExp;
const debugImpls = { __proto__: null };

function initializeDebugEnv() {
  const env = process.env && typeof process.env.NODE_DEBUG === 'string' ? process.env.NODE_DEBUG : '';
  if (env) {
    const pattern = env
      .replace(/[|\\{}()[\]^$+?.]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/,/g, '$|^');
    debugEnvRegExp = new RegExp(`^(${pattern})$`, 'i');
  } else {
    debugEnvRegExp = null;
  }
}

function testEnabled(set) {
  if (debugEnvRegExp === undefined) initializeDebugEnv();
  return debugEnvRegExp !== null && debugEnvRegExp.test(set);
}

const noop = () => {};

function debuglogImpl(enabled, set) {
  if (debugImpls[set] === undefined) {
    if (enabled) {
      const pid = process.pid;
      debugImpls[set] = function debug(...args) {
        const msg = formatWithOptions({ colors: false }, ...args);
        console.error(format('%s %s: %s', set, pid, msg));
      };
    } else {
      debugImpls[set] = noop;
    }
  }
  return debugImpls[set];
}

export function debuglog(set, cb) {
  set = `${set}`.toUpperCase();
  let enabled;
  let debug;
  function init() {
    enabled = testEnabled(set);
    debug = debuglogImpl(enabled, set);
    if (typeof cb === 'function') cb(debug);
  }
  // The logger works out whether it is enabled on first use.
  let logger = (...args) => {
    init();
    logger = debug;
    ReflectApply(debug, undefined, args);
  };
  let test = () => {
    init();
    test = () => enabled;
    return enabled;
  };
  const logged = (...args) => ReflectApply(logger, undefined, args);
  ObjectDefineProperty(logged, 'enabled', {
    get() {
      return test();
    },
    configurable: true,
    enumerable: true,
  });
  return logged;
}

// ---------------------------------------------------------------------------
// aborted

export async function aborted(signal, resource) {
  if (signal === undefined) throw new ERR_INVALID_ARG_TYPE('signal', 'AbortSignal', signal);
  validateAbortSignal(signal, 'signal');
  validateObject(resource, 'resource', kValidateObjectAllowArray | kValidateObjectAllowFunction);
  if (signal.aborted) return;
  // Node holds the listener weakly through `resource`; a plain one-shot
  // listener behaves the same while the resource lives.
  await new NativePromise((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

// ---------------------------------------------------------------------------
// parseEnv: dotenv content to an object (Node's Dotenv::ParseContent).

function trimSpaces(s) {
  return s.replace(/^[ \t\n]+|[ \t\n]+$/g, '');
}

export function parseEnv(content) {
  validateString(content, 'content');
  const store = {};
  let rest = trimSpaces(content.replace(/\r/g, ''));
  while (rest.length > 0) {
    // Skip empty lines and comments.
    if (rest[0] === '\n' || rest[0] === '#') {
      const newline = rest.indexOf('\n');
      if (newline !== -1) {
        rest = rest.slice(newline + 1);
        continue;
      }
    }
    const equal = rest.indexOf('=');
    // Without an equals sign the rest is ignored.
    if (equal === -1) break;
    let key = trimSpaces(rest.slice(0, equal));
    rest = rest.slice(equal + 1);
    if (rest.length === 0 || rest[0] === '\n') {
      store[key] = '';
      continue;
    }
    rest = trimSpaces(rest);
    if (key.length === 0) break;
    if (key.startsWith('export ')) key = trimSpaces(key.slice(7));
    if (rest.length === 0) {
      store[key] = '';
      break;
    }
    // Double quotes expand \n.
    if (rest[0] === '"') {
      const closing = rest.indexOf('"', 1);
      if (closing !== -1) {
        store[key] = rest.slice(1, closing).replaceAll('\\n', '\n');
        const newline = rest.indexOf('\n', closing + 1);
        rest = newline !== -1 ? rest.slice(newline + 1) : '';
        continue;
      }
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"' || quote === '`') {
      const closing = rest.indexOf(quote, 1);
      if (closing === -1) {
        // No closing quote: the whole line is the value.
        const newline = rest.indexOf('\n');
        if (newline !== -1) {
          store[key] = rest.slice(0, newline);
          rest = rest.slice(newline);
        } else {
          store[key] = rest;
          rest = '';
        }
      } else {
        store[key] = rest.slice(1, closing);
        const newline = rest.indexOf('\n', closing + 1);
        rest = newline !== -1 ? rest.slice(newline) : '';
      }
    } else {
      // KEY=value # comment
      const newline = rest.indexOf('\n');
      let value = newline !== -1 ? rest.slice(0, newline) : rest;
      const hash = value.indexOf('#');
      if (hash !== -1) value = value.slice(0, hash);
      store[key] = trimSpaces(value);
      rest = newline !== -1 ? rest.slice(newline) : '';
    }
    rest = trimSpaces(rest);
  }
  return store;
}

// ---------------------------------------------------------------------------
// Legacy type checks

export const isArray = ArrayIsArray;

export function isBoolean(arg) {
  return typeof arg === 'boolean';
}

export function isNull(arg) {
  return arg === null;
}

export function isNullOrUndefined(arg) {
  return arg === null || arg === undefined;
}

export function isNumber(arg) {
  return typeof arg === 'number';
}

export function isString(arg) {
  return typeof arg === 'string';
}

export function isSymbol(arg) {
  return typeof arg === 'symbol';
}

export function isUndefined(arg) {
  return arg === undefined;
}

export function isObject(arg) {
  return arg !== null && typeof arg === 'object';
}

export function isError(e) {
  return ObjectPrototypeToString(e) === '[object Error]' || e instanceof Error;
}

export function isFunction(arg) {
  return typeof arg === 'function';
}

export function isPrimitive(arg) {
  return arg === null || (typeof arg !== 'object' && typeof arg !== 'function');
}

export const isRegExp = types.isRegExp;
export const isDate = types.isDate;

export function isBuffer(arg) {
  // node:buffer is loaded only when asked about (through the global).
  const B = globalThis.Buffer;
  return typeof B === 'function' && typeof B.isBuffer === 'function' ? B.isBuffer(arg) : false;
}

const debug = debuglog;

export {
  inspect,
  format,
  isDeepStrictEqual,
  parseArgs,
  types,
  TextEncoder,
  TextDecoder,
  debug,
};

export default {
  _extend,
  callbackify,
  debug,
  debuglog,
  deprecate,
  format,
  styleText,
  formatWithOptions,
  inherits,
  inspect,
  isArray,
  isBoolean,
  isBuffer,
  isDeepStrictEqual,
  isNull,
  isNullOrUndefined,
  isNumber,
  isString,
  isSymbol,
  isUndefined,
  isRegExp,
  isObject,
  isDate,
  isError,
  isFunction,
  isPrimitive,
  log,
  promisify,
  stripVTControlCharacters,
  toUSVString,
  aborted,
  types,
  parseEnv,
  parseArgs,
  TextDecoder,
  TextEncoder,
};
