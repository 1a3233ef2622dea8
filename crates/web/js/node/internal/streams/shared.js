// node:internal/streams/shared — the pieces of Node's lib/internal/util,
// internal/events/abort_listener and internal/event_target that the stream
// files use, plus a registry for modules that would form import cycles.

import { codes } from 'node:internal/errors';
import { validateAbortSignal, validateFunction } from 'node:internal/validators';
import { SymbolDispose, SymbolAsyncDispose, kEmptyObject } from 'node:internal/streams/primordials';

const { ERR_INVALID_ARG_TYPE } = codes;

export { SymbolDispose, SymbolAsyncDispose, kEmptyObject };

export const customPromisify = Symbol.for('nodejs.util.promisify.custom');

/** Calls `callback` once; later calls do nothing (Node's internal/util once). */
export function once(callback, { preserveReturnValue = false } = kEmptyObject) {
  let called = false;
  let returnValue;
  return function (...args) {
    if (called) return returnValue;
    called = true;
    const result = Reflect.apply(callback, this, args);
    returnValue = preserveReturnValue ? result : undefined;
    return result;
  };
}

export function createDeferredPromise() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const warned = new Set();
/** Wraps `fn` so that its first call emits a DeprecationWarning. */
export function deprecate(fn, msg, code) {
  let warnedHere = false;
  function deprecated(...args) {
    if (!warnedHere && (code === undefined || !warned.has(code))) {
      warnedHere = true;
      if (code !== undefined) warned.add(code);
      process.emitWarning(msg, 'DeprecationWarning', code);
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

/** Node's normalizeEncoding: the canonical name, or undefined if unknown. */
export function normalizeEncoding(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8') return 'utf8';
  switch (String(enc).toLowerCase()) {
    case 'utf8':
    case 'utf-8':
      return 'utf8';
    case 'ucs2':
    case 'ucs-2':
    case 'utf16le':
    case 'utf-16le':
      return 'utf16le';
    case 'latin1':
    case 'binary':
      return 'latin1';
    case 'base64':
    case 'base64url':
    case 'hex':
    case 'ascii':
      return String(enc).toLowerCase();
    case '':
      return 'utf8';
    default:
      return undefined;
  }
}

// Node's kResistStopPropagation / kWeakHandler event-listener options: the
// listener is internal, so Event#stopImmediatePropagation must not skip it,
// and it must not keep the signal's owner alive. nanojs's EventTarget knows
// neither; the symbols keep the option bags shaped as in Node.
export const kResistStopPropagation = Symbol('kResistStopPropagation');
export const kWeakHandler = Symbol('kWeak');

/** events.addAbortListener: runs `listener` once `signal` aborts. */
export function addAbortListener(signal, listener) {
  if (signal === undefined) {
    throw new ERR_INVALID_ARG_TYPE('signal', 'AbortSignal', signal);
  }
  validateAbortSignal(signal, 'signal');
  validateFunction(listener, 'listener');
  let removeEventListener;
  if (signal.aborted) {
    queueMicrotask(() => listener());
  } else {
    signal.addEventListener('abort', listener, { __proto__: null, once: true, [kResistStopPropagation]: true });
    removeEventListener = () => {
      signal.removeEventListener('abort', listener);
    };
  }
  return {
    __proto__: null,
    [SymbolDispose]() {
      removeEventListener?.();
    },
  };
}

// Modules that depend on Readable/Writable/Duplex while those refer back to
// them (Duplex.from, Readable.fromWeb, ...) register here when they load;
// node:stream loads them all, so every path that reaches a stream class has
// them.
export const lazy = {
  adapters: undefined,
  duplexify: undefined,
};
