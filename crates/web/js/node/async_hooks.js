// node:async_hooks: AsyncLocalStorage and AsyncResource, as Workers offers
// them. The context is the engine's async context (crates/engine
// async_context.rs): QuickJS carries it through every promise reaction
// (then(), await), and the host through timers, immediates and
// process.nextTick, so a store set by run() is seen by everything that run()
// starts, however it continues.
//
// The context value is a frame: a Map from each AsyncLocalStorage to its
// store, never changed once current (run() makes a new one), so capturing a
// context is taking a reference.
//
// Not offered: createHook() and the async ids (Node's low-level resource
// tracking has no counterpart here); createHook throws to say so.

import { asyncContext } from 'nanojs:host';
import { codes, unavailableError } from 'node:internal/errors';
import { validateFunction, validateObject, validateString } from 'node:internal/validators';

const { ERR_ASYNC_TYPE } = codes;
const ReflectApply = Reflect.apply;
const { get: getFrame, set: setFrame } = asyncContext;

// Runs fn in `frame`, restoring the frame before, even if fn throws.
function runInFrame(frame, fn, thisArg, args) {
  const before = getFrame();
  setFrame(frame);
  try {
    return ReflectApply(fn, thisArg, args);
  } finally {
    setFrame(before);
  }
}

// The current frame with `storage` mapped to `store` (or removed).
function frameWith(storage, store, remove) {
  const current = getFrame();
  const next = current instanceof Map ? new Map(current) : new Map();
  if (remove) next.delete(storage);
  else next.set(storage, store);
  return next;
}

export class AsyncLocalStorage {
  #enabled = true;

  /** fn, bound to the current context: it runs in it wherever it is called. */
  static bind(fn) {
    validateFunction(fn, 'fn');
    const frame = getFrame();
    return function bound(...args) {
      return runInFrame(frame, fn, this, args);
    };
  }

  /** A function that runs its argument in the context current now. */
  static snapshot() {
    const frame = getFrame();
    return function runInAsyncScope(fn, ...args) {
      return runInFrame(frame, fn, this, args);
    };
  }

  /** Stops this storage: getStore() gives undefined until run() or enterWith(). */
  disable() {
    if (!this.#enabled) return;
    this.#enabled = false;
    const current = getFrame();
    if (current instanceof Map && current.has(this)) setFrame(frameWith(this, undefined, true));
  }

  getStore() {
    if (!this.#enabled) return undefined;
    const current = getFrame();
    return current instanceof Map ? current.get(this) : undefined;
  }

  /** Sets the store for the rest of the current execution and what it starts. */
  enterWith(store) {
    this.#enabled = true;
    setFrame(frameWith(this, store, false));
  }

  /** Runs fn with `store` as this storage's store, in it and all it starts. */
  run(store, fn, ...args) {
    this.#enabled = true;
    return runInFrame(frameWith(this, store, false), fn, undefined, args);
  }

  /** Runs fn outside this storage's context (getStore() is undefined in it). */
  exit(fn, ...args) {
    if (!this.#enabled) return ReflectApply(fn, undefined, args);
    return runInFrame(frameWith(this, undefined, true), fn, undefined, args);
  }
}

let nextAsyncId = 1;

/** A resource that runs callbacks in the context it was created in. */
export class AsyncResource {
  #frame;
  #asyncId;
  #triggerAsyncId;

  constructor(type, opts = {}) {
    validateString(type, 'type');
    if (type.length === 0) throw new ERR_ASYNC_TYPE(type);
    if (typeof opts === 'number') opts = { triggerAsyncId: opts };
    else validateObject(opts, 'options');
    this.#frame = getFrame();
    this.#asyncId = nextAsyncId++;
    this.#triggerAsyncId = opts.triggerAsyncId ?? 0;
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return runInFrame(this.#frame, fn, thisArg, args);
  }

  emitDestroy() {
    return this;
  }

  asyncId() {
    return this.#asyncId;
  }

  triggerAsyncId() {
    return this.#triggerAsyncId;
  }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    const resource = this;
    const bound = function (...args) {
      return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args);
    };
    Object.defineProperties(bound, {
      length: { configurable: true, enumerable: false, value: fn.length, writable: false },
      asyncResource: { configurable: true, enumerable: true, value: this, writable: true },
    });
    return bound;
  }

  static bind(fn, type, thisArg) {
    type = type || fn.name || 'bound-anonymous-fn';
    return new AsyncResource(type).bind(fn, thisArg);
  }
}

/** Node's low-level hooks are not offered; say so instead of never firing. */
export function createHook() {
  throw unavailableError('async_hooks.createHook()', 'there are no async resource hooks; keep context with AsyncLocalStorage');
}

export default { AsyncLocalStorage, AsyncResource, createHook };
