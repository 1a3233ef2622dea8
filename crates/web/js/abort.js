// AbortController and AbortSignal (DOM Standard §3.1-3.2), including
// AbortSignal.timeout() and AbortSignal.any() with dependent signals.
//
// Other builtins (fetch, streams, ...) use the non-global exports:
// `isAbortSignal`, `addAbortAlgorithm(signal, fn) -> handle` (null when
// already aborted), `removeAbortAlgorithm(signal, handle)`, `signalAbort`,
// `createDependentAbortSignal(signals)`, `abortReason(signal)`.
//
// Memory: a source signal holds its dependent signals (from any()) weakly,
// and strongly only while a dependent has abort listeners or algorithms, so
// `AbortSignal.any([longLived, perRequest])` does not leak per-request signals.
//
// Note: a pending AbortSignal.timeout() is an ordinary timer, so it keeps
// `nanojs run` alive until it fires.

import {
  EventTarget, Event, dispatchTrusted, defineEventHandler, reportException,
  _registerAbortOps, _observeListeners,
} from 'nanojs:events';
import { DOMException } from 'nanojs:dom_exception';

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ReflectOwnKeys = Reflect.ownKeys;
const ReflectApply = Reflect.apply;
const setTimeoutFn = globalThis.setTimeout;
const WeakRefCtor = typeof WeakRef === 'function' ? WeakRef : null;
const WeakRefDeref = WeakRefCtor === null ? null : WeakRef.prototype.deref;
const MathTrunc = Math.trunc;
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
// Timers take at most 2^31-1 ms; longer timeouts are chained.
const MAX_TIMER_MS = 2147483647;

const SECRET = Symbol('AbortSignal');

function requireArgs(n, given, what) {
  if (given < n) {
    throw new TypeError(
      `${what}: ${n} argument${n === 1 ? '' : 's'} required, but only ${given} present`,
    );
  }
}

function finishInterface(cls, name) {
  for (const obj of [cls.prototype, cls]) {
    for (const key of ReflectOwnKeys(obj)) {
      if (key === 'constructor' || key === 'length' || key === 'name' || key === 'prototype') {
        continue;
      }
      const d = ObjectGetOwnPropertyDescriptor(obj, key);
      d.enumerable = true;
      ObjectDefineProperty(obj, key, d);
    }
  }
  ObjectDefineProperty(cls.prototype, Symbol.toStringTag, {
    value: name, writable: false, enumerable: false, configurable: true,
  });
}

const weak = WeakRefCtor === null ? (o) => o : (o) => new WeakRefCtor(o);
const deref = WeakRefCtor === null ? (r) => r : (r) => ReflectApply(WeakRefDeref, r, []);

function abortError() {
  return new DOMException('signal is aborted without reason', 'AbortError');
}

// [EnforceRange] unsigned long long
function enforceRange(v, what) {
  const x = +v;
  if (x !== x || x === Infinity || x === -Infinity) {
    throw new TypeError(`${what}: value is not a finite number`);
  }
  const t = MathTrunc(x);
  if (t < 0 || t > MAX_SAFE_INTEGER) {
    throw new TypeError(`${what}: value is outside the range of unsigned long long`);
  }
  return t === 0 ? 0 : t;
}

function after(ms, fn) {
  if (ms > MAX_TIMER_MS) {
    setTimeoutFn(() => after(ms - MAX_TIMER_MS, fn), MAX_TIMER_MS);
  } else {
    setTimeoutFn(fn, ms);
  }
}

// Set in AbortSignal's static block.
let isSignal;
let reasonOf;
let addAlgorithm;
let removeAlgorithm;
let signalAbort;
let createDependent;

export class AbortSignal extends EventTarget {
  #reason = undefined;
  // Ordered set of { fn } handles.
  #algorithms = new Set();
  #dependent = false;
  // Dependent signals only: the (non-dependent) signals this one follows.
  #sources = null;
  // Signals from any() that follow this one, as weak references, in order.
  #dependents = null;
  // Dependents with abort listeners or algorithms: these must stay alive as
  // long as this signal can abort.
  #keep = null;
  // Dependent signals only: abort listeners + abort algorithms.
  #interest = 0;

  constructor(key = undefined) {
    if (key !== SECRET) throw new TypeError('Illegal constructor');
    super();
  }

  static abort(reason = undefined) {
    const signal = new AbortSignal(SECRET);
    signal.#reason = reason !== undefined ? reason : abortError();
    return signal;
  }

  static timeout(milliseconds) {
    const what = "Failed to execute 'timeout' on 'AbortSignal'";
    requireArgs(1, arguments.length, what);
    const ms = enforceRange(milliseconds, what);
    const signal = new AbortSignal(SECRET);
    after(ms, () => {
      signalAbort(signal, new DOMException('signal timed out', 'TimeoutError'));
    });
    return signal;
  }

  static any(signals) {
    const what = "Failed to execute 'any' on 'AbortSignal'";
    requireArgs(1, arguments.length, what);
    // sequence<AbortSignal>
    if (signals === null || (typeof signals !== 'object' && typeof signals !== 'function')) {
      throw new TypeError(`${what}: parameter 1 is not an iterable object`);
    }
    const iterator = signals[Symbol.iterator];
    if (typeof iterator !== 'function') {
      throw new TypeError(`${what}: parameter 1 is not an iterable object`);
    }
    const list = [];
    for (const s of { [Symbol.iterator]: () => ReflectApply(iterator, signals, []) }) {
      if (!isSignal(s)) {
        throw new TypeError(`${what}: element ${list.length} is not of type 'AbortSignal'`);
      }
      list.push(s);
    }
    return createDependent(list);
  }

  get aborted() {
    return this.#reason !== undefined;
  }

  get reason() {
    return this.#reason;
  }

  throwIfAborted() {
    const reason = this.#reason;
    if (reason !== undefined) throw reason;
  }

  static {
    isSignal = (v) => v !== null && typeof v === 'object' && #reason in v;
    reasonOf = (s) => s.#reason;

    addAlgorithm = (signal, fn) => {
      if (signal.#reason !== undefined) return null;
      const handle = { fn };
      signal.#algorithms.add(handle);
      if (signal.#dependent) interest(signal, 1);
      return handle;
    };

    removeAlgorithm = (signal, handle) => {
      if (handle !== null && signal.#algorithms.delete(handle) && signal.#dependent) {
        interest(signal, -1);
      }
    };

    // "signal abort"
    signalAbort = (signal, reason) => {
      if (signal.#reason !== undefined) return;
      signal.#reason = reason !== undefined ? reason : abortError();
      const toAbort = [];
      const dependents = signal.#dependents;
      signal.#dependents = null;
      signal.#keep = null;
      if (dependents !== null) {
        for (let i = 0; i < dependents.length; i++) {
          const d = deref(dependents[i]);
          if (d !== undefined && d.#reason === undefined) {
            d.#reason = signal.#reason;
            toAbort.push(d);
          }
        }
      }
      runAbortSteps(signal);
      for (let i = 0; i < toAbort.length; i++) runAbortSteps(toAbort[i]);
    };

    function runAbortSteps(signal) {
      const algorithms = signal.#algorithms;
      for (const handle of algorithms) {
        try {
          handle.fn();
        } catch (e) {
          reportException(e);
        }
      }
      algorithms.clear();
      // An aborted dependent no longer needs its sources, nor they it.
      const sources = signal.#sources;
      if (sources !== null) {
        signal.#sources = null;
        for (let i = 0; i < sources.length; i++) {
          const keep = sources[i].#keep;
          if (keep !== null) keep.delete(signal);
        }
      }
      dispatchTrusted(signal, new Event('abort'));
    }

    function interest(signal, delta) {
      const before = signal.#interest;
      const after = before + delta;
      signal.#interest = after;
      const sources = signal.#sources;
      if (sources === null || signal.#reason !== undefined) return;
      if (before === 0 && after > 0) {
        for (let i = 0; i < sources.length; i++) {
          const s = sources[i];
          if (s.#keep === null) s.#keep = new Set();
          s.#keep.add(signal);
        }
      } else if (before > 0 && after === 0) {
        for (let i = 0; i < sources.length; i++) {
          const keep = sources[i].#keep;
          if (keep !== null) keep.delete(signal);
        }
      }
    }

    function follow(result, source) {
      if (result.#sources.includes(source)) return;
      result.#sources.push(source);
      let deps = source.#dependents;
      if (deps === null) {
        deps = source.#dependents = [];
      } else if (deps.length >= 16 && (deps.length & (deps.length - 1)) === 0) {
        // Amortized cleanup of collected and aborted dependents.
        deps = source.#dependents = deps.filter((r) => {
          const d = deref(r);
          return d !== undefined && d.#reason === undefined;
        });
      }
      deps.push(weak(result));
    }

    // "create a dependent abort signal"
    createDependent = (signals) => {
      const result = new AbortSignal(SECRET);
      for (let i = 0; i < signals.length; i++) {
        if (signals[i].#reason !== undefined) {
          result.#reason = signals[i].#reason;
          return result;
        }
      }
      result.#dependent = true;
      result.#sources = [];
      for (let i = 0; i < signals.length; i++) {
        const s = signals[i];
        if (!s.#dependent) {
          follow(result, s);
        } else if (s.#sources !== null) {
          for (let j = 0; j < s.#sources.length; j++) follow(result, s.#sources[j]);
        }
      }
      _observeListeners(result, (type, delta) => {
        if (type === 'abort') interest(result, delta);
      });
      return result;
    };
  }
}
defineEventHandler(AbortSignal.prototype, 'onabort');
finishInterface(AbortSignal, 'AbortSignal');

export class AbortController {
  #signal = new AbortSignal(SECRET);

  get signal() {
    return this.#signal;
  }

  abort(reason = undefined) {
    signalAbort(this.#signal, reason);
  }
}
finishInterface(AbortController, 'AbortController');

_registerAbortOps({
  __proto__: null,
  isSignal,
  aborted: (s) => reasonOf(s) !== undefined,
  addAlgorithm,
  removeAlgorithm,
});

/** Whether `v` is an AbortSignal. */
export function isAbortSignal(v) {
  return isSignal(v);
}

/** The abort reason of `signal` (undefined while not aborted). */
export function abortReason(signal) {
  return reasonOf(signal);
}

/** Runs `fn` when `signal` aborts (before the abort event). Returns a handle
 * for removeAbortAlgorithm, or null if the signal is already aborted. */
export function addAbortAlgorithm(signal, fn) {
  return addAlgorithm(signal, fn);
}

export function removeAbortAlgorithm(signal, handle) {
  removeAlgorithm(signal, handle);
}

// signalAbort(signal, reason): aborts `signal` with `reason` (an AbortError
// DOMException if undefined).
export { signalAbort };

/** "Create a dependent abort signal" from a list of AbortSignals. */
export function createDependentAbortSignal(signals) {
  return createDependent(signals);
}
