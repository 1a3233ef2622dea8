// node:timers: Node's Timeout and Immediate objects over the isolate's one
// timer queue (crates/engine timers.rs `node_ops`). Unlike the web
// setTimeout, delays are not clamped by nesting, a timer can be unref'd (it
// then does not keep `nanojs run` alive) and refreshed, and immediates run
// in the event loop's check phase, after due timers and ready I/O.
//
// The globals setTimeout/setInterval stay the web ones (numbers, as on
// Workers); setImmediate/clearImmediate are global as in Node. Either kind of
// clear function accepts either kind of handle, since both are ids of the
// same queue (a Timeout converts to its id).

import { nodeTimers as ops } from 'nanojs:host';
import { validateFunction } from 'node:internal/validators';
import * as promises from 'node:timers/promises';
const ReflectApply = Reflect.apply;
const TIMEOUT_MAX = 2 ** 31 - 1;

// Node: a delay that is not a number in [1, TIMEOUT_MAX] becomes 1 ms.
function delayOf(after) {
  after = +after;
  if (!(after >= 1 && after <= TIMEOUT_MAX)) return 1;
  return after;
}

function fireTimeout(t) {
  if (!t._repeat) t._destroyed = true;
  ReflectApply(t._onTimeout, t, t._args);
}

export class Timeout {
  #id = 0;
  #cleared = false;
  constructor(callback, after, args, repeat, refed) {
    this._idleTimeout = delayOf(after);
    this._onTimeout = callback;
    this._args = args;
    this._repeat = repeat ? this._idleTimeout : null;
    this._destroyed = false;
    this._refed = refed;
    this.#schedule();
  }
  #schedule() {
    this._destroyed = false;
    this.#id = ops.set(this.#id, fireTimeout, this._idleTimeout, this._repeat !== null, this._refed, this);
  }
  /** Restarts the timer from now with its delay, even if it has fired
   * (but not once cleared), as in Node. */
  refresh() {
    if (this.#id !== 0 && !this.#cleared) this.#schedule();
    return this;
  }
  ref() {
    this._refed = true;
    ops.ref(this.#id, true);
    return this;
  }
  unref() {
    this._refed = false;
    ops.ref(this.#id, false);
    return this;
  }
  hasRef() {
    return this._refed;
  }
  close() {
    clearTimeout(this);
    return this;
  }
  [Symbol.toPrimitive]() {
    return this.#id;
  }
  /** @internal */
  _clear() {
    ops.clear(this.#id);
    this._destroyed = true;
    this.#cleared = true;
  }
}

function fireImmediate(i) {
  i._destroyed = true;
  ReflectApply(i._onImmediate, i, i._args);
}

export class Immediate {
  #id;
  constructor(callback, args) {
    this._onImmediate = callback;
    this._args = args;
    this._destroyed = false;
    this._refed = true;
    this.#id = ops.immediate(fireImmediate, true, this);
  }
  ref() {
    this._refed = true;
    if (!this._destroyed) ops.ref(this.#id, true);
    return this;
  }
  unref() {
    this._refed = false;
    if (!this._destroyed) ops.ref(this.#id, false);
    return this;
  }
  hasRef() {
    return this._refed;
  }
  /** @internal */
  _clear() {
    ops.clear(this.#id);
    this._destroyed = true;
  }
}

function clearHandle(handle) {
  if (handle instanceof Timeout || handle instanceof Immediate) {
    handle._clear();
  } else if (typeof handle === 'number' || typeof handle === 'string') {
    const id = +handle;
    if (Number.isInteger(id)) ops.clear(id);
  }
}

export function setTimeout(callback, after, ...args) {
  validateFunction(callback, 'callback');
  return new Timeout(callback, after, args, false, true);
}

export function setInterval(callback, repeat, ...args) {
  validateFunction(callback, 'callback');
  return new Timeout(callback, repeat, args, true, true);
}

export function setImmediate(callback, ...args) {
  validateFunction(callback, 'callback');
  return new Immediate(callback, args);
}

export const clearTimeout = (t) => clearHandle(t);
export const clearInterval = (t) => clearHandle(t);
export const clearImmediate = (i) => clearHandle(i);

/** @internal node:timers/promises: a timer with the given ref state. */
export function _timer(callback, after, repeat, refed) {
  return new Timeout(callback, after, [], repeat, refed);
}

/** @internal */
export function _immediate(callback, refed) {
  const i = new Immediate(callback, []);
  if (!refed) i.unref();
  return i;
}

export { promises };

export default {
  setTimeout,
  clearTimeout,
  setInterval,
  clearInterval,
  setImmediate,
  clearImmediate,
  promises,
};
