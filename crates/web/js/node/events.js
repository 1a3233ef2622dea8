// node:events — EventEmitter and its helpers, a port of Node 20's
// lib/events.js (same structure, so emit stays a tight loop over a listener
// function or array, and the same observable `_events` shape libraries poke
// at). EventTarget/Event are the globals (nanojs:events).
// Omitted: domains.

import { inspect } from 'nanojs:inspect';
import { EventTarget, Event, _listenersOf } from 'nanojs:events';
import { codes, AbortError, genericNodeError } from 'node:internal/errors';
import {
  validateAbortSignal,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateNumber,
  validateString,
} from 'node:internal/validators';
import { AsyncResource } from 'node:async_hooks';

const { ERR_INVALID_ARG_TYPE, ERR_UNHANDLED_ERROR } = codes;

// emit runs user listeners on every call: keep it immune to patched builtins.
const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ObjectDefineProperty = Object.defineProperty;
const ObjectDefineProperties = Object.defineProperties;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const NumberMAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
const PromiseCtor = Promise;
const PromiseResolve = Promise.resolve.bind(Promise);
const PromiseReject = Promise.reject.bind(Promise);
const SymbolAsyncIterator = Symbol.asyncIterator;
const SymbolDispose = Symbol.dispose;
const queueMicrotaskFn = queueMicrotask;
const AsyncIteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf(async function* () {}).prototype);

const kEmptyObject = Object.freeze({ __proto__: null });
const kCapture = Symbol('kCapture');
const kErrorMonitor = Symbol('events.errorMonitor');
const kShapeMode = Symbol('shapeMode');
const kMaxEventTargetListeners = Symbol('events.maxEventTargetListeners');
const kMaxEventTargetListenersWarned = Symbol('events.maxEventTargetListenersWarned');
const kRejection = Symbol.for('nodejs.rejection');

let defaultMaxListeners = 10;

// process.nextTick when node:process is loaded (it may itself build on this
// module, so it is looked up late), else a microtask.
function nextTick(fn, ...args) {
  const p = globalThis.process;
  if (p !== undefined && typeof p.nextTick === 'function') p.nextTick(fn, ...args);
  else queueMicrotaskFn(() => ReflectApply(fn, undefined, args));
}

let warnedOnce = false;
function emitWarning(w) {
  const p = globalThis.process;
  if (p !== undefined && typeof p.emitWarning === 'function') {
    p.emitWarning(w);
  } else if (!warnedOnce) {
    warnedOnce = true;
    console.error(`(nanojs) ${w.name}: ${w.message}`);
  }
}

function isEventTarget(obj) {
  return obj instanceof EventTarget;
}

function checkListener(listener) {
  validateFunction(listener, 'listener');
}

function hasEventListener(self, type) {
  if (type === undefined) return self._events !== undefined;
  return self._events !== undefined && self._events[type] !== undefined;
}

export function EventEmitter(opts) {
  ReflectApply(EventEmitter.init, this, [opts]);
}

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;

ObjectDefineProperty(EventEmitter.prototype, kCapture, {
  __proto__: null,
  value: false,
  writable: true,
  enumerable: false,
});

ObjectDefineProperty(EventEmitter, 'captureRejections', {
  __proto__: null,
  get() {
    return EventEmitter.prototype[kCapture];
  },
  set(value) {
    validateBoolean(value, 'EventEmitter.captureRejections');
    EventEmitter.prototype[kCapture] = value;
  },
  enumerable: true,
});

ObjectDefineProperty(EventEmitter, 'defaultMaxListeners', {
  __proto__: null,
  enumerable: true,
  get() {
    return defaultMaxListeners;
  },
  set(arg) {
    validateNumber(arg, 'defaultMaxListeners', 0);
    defaultMaxListeners = arg;
  },
});

ObjectDefineProperties(EventEmitter, {
  kMaxEventTargetListeners: {
    __proto__: null,
    value: kMaxEventTargetListeners,
    enumerable: false,
    configurable: false,
    writable: false,
  },
  kMaxEventTargetListenersWarned: {
    __proto__: null,
    value: kMaxEventTargetListenersWarned,
    enumerable: false,
    configurable: false,
    writable: false,
  },
});

EventEmitter.errorMonitor = kErrorMonitor;
EventEmitter.captureRejectionSymbol = kRejection;
EventEmitter.usingDomains = false;

EventEmitter.init = function (opts) {
  if (this._events === undefined || this._events === ObjectGetPrototypeOf(this)._events) {
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
  } else {
    this[kShapeMode] = true;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts?.captureRejections) {
    validateBoolean(opts.captureRejections, 'options.captureRejections');
    this[kCapture] = Boolean(opts.captureRejections);
  } else {
    // Assigned so that the shape stays the same for every emitter.
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

function addCatch(that, promise, type, args) {
  if (!that[kCapture]) return;
  // A thenable may throw from its `then` getter or method.
  try {
    const then = promise.then;
    if (typeof then === 'function') {
      ReflectApply(then, promise, [
        undefined,
        function (err) {
          // Out of the promise chain, so errors thrown here are uncaught.
          nextTick(emitUnhandledRejectionOrErr, that, err, type, args);
        },
      ]);
    }
  } catch (err) {
    that.emit('error', err);
  }
}

function emitUnhandledRejectionOrErr(ee, err, type, args) {
  if (typeof ee[kRejection] === 'function') {
    ee[kRejection](err, type, ...args);
  } else {
    // Not captured again: the error handler may itself reject.
    const prev = ee[kCapture];
    try {
      ee[kCapture] = false;
      ee.emit('error', err);
    } finally {
      ee[kCapture] = prev;
    }
  }
}

EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  validateNumber(n, 'setMaxListeners', 0);
  this._maxListeners = n;
  return this;
};

function _getMaxListeners(that) {
  if (that._maxListeners === undefined) return EventEmitter.defaultMaxListeners;
  return that._maxListeners;
}

EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
  return _getMaxListeners(this);
};

EventEmitter.prototype.emit = function emit(type, ...args) {
  let doError = type === 'error';

  const events = this._events;
  if (events !== undefined) {
    if (doError && events[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
    doError = doError && events.error === undefined;
  } else if (!doError) {
    return false;
  }

  // No 'error' listener: throw.
  if (doError) {
    let er;
    if (args.length > 0) er = args[0];
    if (er instanceof Error) throw er;
    let stringifiedEr;
    try {
      stringifiedEr = inspect(er);
    } catch {
      stringifiedEr = er;
    }
    const err = new ERR_UNHANDLED_ERROR(stringifiedEr);
    err.context = er;
    throw err;
  }

  const handler = events[type];
  if (handler === undefined) return false;

  if (typeof handler === 'function') {
    const result = ReflectApply(handler, this, args);
    // Only promises (thenables) need a look: skip the common cases.
    if (result !== undefined && result !== null) addCatch(this, result, type, args);
  } else {
    const len = handler.length;
    // A listener may add or remove listeners: iterate over a copy.
    const listeners = arrayClone(handler);
    for (let i = 0; i < len; ++i) {
      const result = ReflectApply(listeners[i], this, args);
      if (result !== undefined && result !== null) addCatch(this, result, type, args);
    }
  }
  return true;
};

function _addListener(target, type, listener, prepend) {
  let m;
  let events;
  let existing;

  checkListener(listener);

  events = target._events;
  if (events === undefined) {
    events = target._events = { __proto__: null };
    target._eventsCount = 0;
  } else {
    // 'newListener' goes out before the listener is added, so that a
    // 'newListener' listener added for itself does not see itself.
    if (events.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ?? listener);
      // The 'newListener' listener may have replaced this._events.
      events = target._events;
    }
    existing = events[type];
  }

  if (existing === undefined) {
    // One listener is stored as the function itself, not an array.
    events[type] = listener;
    ++target._eventsCount;
  } else {
    if (typeof existing === 'function') {
      existing = events[type] = prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) {
      existing.unshift(listener);
    } else {
      existing.push(listener);
    }

    m = _getMaxListeners(target);
    if (m > 0 && existing.length > m && !existing.warned) {
      existing.warned = true;
      const w = genericNodeError(
        `Possible EventEmitter memory leak detected. ${existing.length} ${String(type)} listeners ` +
          `added to ${inspect(target, { depth: -1 })}. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`,
        { name: 'MaxListenersExceededWarning', emitter: target, type, count: existing.length },
      );
      emitWarning(w);
    }
  }

  return target;
}

EventEmitter.prototype.addListener = function addListener(type, listener) {
  return _addListener(this, type, listener, false);
};

EventEmitter.prototype.on = EventEmitter.prototype.addListener;

EventEmitter.prototype.prependListener = function prependListener(type, listener) {
  return _addListener(this, type, listener, true);
};

function onceWrapper() {
  if (!this.fired) {
    this.target.removeListener(this.type, this.wrapFn);
    this.fired = true;
    if (arguments.length === 0) return ReflectApply(this.listener, this.target, []);
    return ReflectApply(this.listener, this.target, arguments);
  }
}

function _onceWrap(target, type, listener) {
  const state = { fired: false, wrapFn: undefined, target, type, listener };
  const wrapped = onceWrapper.bind(state);
  wrapped.listener = listener;
  state.wrapFn = wrapped;
  return wrapped;
}

EventEmitter.prototype.once = function once(type, listener) {
  checkListener(listener);
  this.on(type, _onceWrap(this, type, listener));
  return this;
};

EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
  checkListener(listener);
  this.prependListener(type, _onceWrap(this, type, listener));
  return this;
};

EventEmitter.prototype.removeListener = function removeListener(type, listener) {
  checkListener(listener);

  if (!hasEventListener(this, type)) return this;

  const events = this._events;
  const list = events[type];

  if (list === listener || list.listener === listener) {
    this._eventsCount -= 1;

    if (this[kShapeMode]) {
      events[type] = undefined;
    } else if (this._eventsCount === 0) {
      this._events = { __proto__: null };
    } else {
      delete events[type];
      if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
    }
  } else if (typeof list !== 'function') {
    let position = -1;

    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        position = i;
        break;
      }
    }

    if (position < 0) return this;

    if (position === 0) list.shift();
    else spliceOne(list, position);

    if (list.length === 1) events[type] = list[0];

    if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
  }

  return this;
};

EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
  if (!hasEventListener(this)) return this;
  const events = this._events;

  // Without 'removeListener' listeners there is nobody to tell.
  if (events.removeListener === undefined) {
    if (arguments.length === 0) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = { __proto__: null };
      else delete events[type];
    }
    this[kShapeMode] = false;
    return this;
  }

  // Emit 'removeListener' for every listener on every event.
  if (arguments.length === 0) {
    for (const key of ReflectOwnKeys(events)) {
      if (key === 'removeListener') continue;
      this.removeAllListeners(key);
    }
    this.removeAllListeners('removeListener');
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
    return this;
  }

  const listeners = events[type];

  if (typeof listeners === 'function') {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    // LIFO order
    for (let i = listeners.length - 1; i >= 0; i--) {
      this.removeListener(type, listeners[i]);
    }
  }

  return this;
};

function _listeners(target, type, unwrap) {
  if (!hasEventListener(target, type)) return [];

  const evlistener = target._events[type];

  if (typeof evlistener === 'function') return unwrap ? [evlistener.listener || evlistener] : [evlistener];

  return unwrap ? unwrapListeners(evlistener) : arrayClone(evlistener);
}

EventEmitter.prototype.listeners = function listeners(type) {
  return _listeners(this, type, true);
};

EventEmitter.prototype.rawListeners = function rawListeners(type) {
  return _listeners(this, type, false);
};

function listenerCount(type, listener) {
  const events = this._events;

  if (events !== undefined) {
    const evlistener = events[type];

    if (typeof evlistener === 'function') {
      if (listener != null) {
        return listener === evlistener || listener === evlistener.listener ? 1 : 0;
      }
      return 1;
    } else if (evlistener !== undefined) {
      if (listener != null) {
        let matching = 0;
        for (let i = 0, l = evlistener.length; i < l; i++) {
          if (evlistener[i] === listener || evlistener[i].listener === listener) matching++;
        }
        return matching;
      }
      return evlistener.length;
    }
  }

  return 0;
}

EventEmitter.prototype.listenerCount = listenerCount;

/** @deprecated since Node v3.2.0: use emitter.listenerCount(). */
EventEmitter.listenerCount = function (emitter, type) {
  if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
  return ReflectApply(listenerCount, emitter, [type]);
};

EventEmitter.prototype.eventNames = function eventNames() {
  return this._eventsCount > 0 ? ReflectOwnKeys(this._events) : [];
};

function arrayClone(arr) {
  // Literal copies for the short lists that are the norm: faster than slice.
  switch (arr.length) {
    case 2:
      return [arr[0], arr[1]];
    case 3:
      return [arr[0], arr[1], arr[2]];
    case 4:
      return [arr[0], arr[1], arr[2], arr[3]];
    case 5:
      return [arr[0], arr[1], arr[2], arr[3], arr[4]];
    case 6:
      return [arr[0], arr[1], arr[2], arr[3], arr[4], arr[5]];
  }
  return arr.slice();
}

function spliceOne(list, index) {
  for (; index + 1 < list.length; index++) list[index] = list[index + 1];
  list.pop();
}

function unwrapListeners(arr) {
  const ret = arrayClone(arr);
  for (let i = 0; i < ret.length; ++i) {
    const orig = ret[i].listener;
    if (typeof orig === 'function') ret[i] = orig;
  }
  return ret;
}

// ---------------------------------------------------------------------------
// Module functions

/** The listeners of an EventEmitter or EventTarget for `type`. */
export function getEventListeners(emitterOrTarget, type) {
  if (typeof emitterOrTarget.listeners === 'function') return emitterOrTarget.listeners(type);
  if (isEventTarget(emitterOrTarget)) return _listenersOf(emitterOrTarget, type) ?? [];
  throw new ERR_INVALID_ARG_TYPE('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
}

/** The max listeners of an EventEmitter or EventTarget. */
export function getMaxListeners(emitterOrTarget) {
  if (typeof emitterOrTarget?.getMaxListeners === 'function') return _getMaxListeners(emitterOrTarget);
  if (isEventTarget(emitterOrTarget)) return emitterOrTarget[kMaxEventTargetListeners] ?? defaultMaxListeners;
  throw new ERR_INVALID_ARG_TYPE('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
}

/** Sets the max listeners of the targets, or the default without targets. */
export function setMaxListeners(n = defaultMaxListeners, ...eventTargets) {
  validateNumber(n, 'setMaxListeners', 0);
  if (eventTargets.length === 0) {
    defaultMaxListeners = n;
  } else {
    for (let i = 0; i < eventTargets.length; i++) {
      const target = eventTargets[i];
      if (isEventTarget(target)) {
        target[kMaxEventTargetListeners] = n;
        target[kMaxEventTargetListenersWarned] = false;
      } else if (typeof target.setMaxListeners === 'function') {
        target.setMaxListeners(n);
      } else {
        throw new ERR_INVALID_ARG_TYPE('eventTargets', ['EventEmitter', 'EventTarget'], target);
      }
    }
  }
}

function eventTargetAgnosticRemoveListener(emitter, name, listener, flags) {
  if (typeof emitter.removeListener === 'function') {
    emitter.removeListener(name, listener);
  } else if (typeof emitter.removeEventListener === 'function') {
    emitter.removeEventListener(name, listener, flags);
  } else {
    throw new ERR_INVALID_ARG_TYPE('emitter', 'EventEmitter', emitter);
  }
}

function eventTargetAgnosticAddListener(emitter, name, listener, flags) {
  if (typeof emitter.on === 'function') {
    if (flags?.once) emitter.once(name, listener);
    else emitter.on(name, listener);
  } else if (typeof emitter.addEventListener === 'function') {
    emitter.addEventListener(name, listener, flags);
  } else {
    throw new ERR_INVALID_ARG_TYPE('emitter', 'EventEmitter', emitter);
  }
}

/** A promise of the arguments of the next `name` event (rejected on 'error'). */
export async function once(emitter, name, options = kEmptyObject) {
  const signal = options?.signal;
  validateAbortSignal(signal, 'options.signal');
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal?.reason });
  return new PromiseCtor((resolve, reject) => {
    const errorListener = (err) => {
      emitter.removeListener(name, resolver);
      if (signal != null) eventTargetAgnosticRemoveListener(signal, 'abort', abortListener);
      reject(err);
    };
    const resolver = (...args) => {
      if (typeof emitter.removeListener === 'function') emitter.removeListener('error', errorListener);
      if (signal != null) eventTargetAgnosticRemoveListener(signal, 'abort', abortListener);
      resolve(args);
    };
    const opts = { __proto__: null, once: true };
    eventTargetAgnosticAddListener(emitter, name, resolver, opts);
    if (name !== 'error' && typeof emitter.once === 'function') {
      // EventTargets have no 'error' event of this kind.
      emitter.once('error', errorListener);
    }
    function abortListener() {
      eventTargetAgnosticRemoveListener(emitter, name, resolver);
      eventTargetAgnosticRemoveListener(emitter, 'error', errorListener);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    }
    if (signal != null) {
      eventTargetAgnosticAddListener(signal, 'abort', abortListener, { __proto__: null, once: true });
    }
  });
}

function createIterResult(value, done) {
  return { value, done };
}

// A FIFO queue without the O(n) shift of arrays.
class Queue {
  constructor() {
    this.items = [];
    this.head = 0;
  }
  isEmpty() {
    return this.head === this.items.length;
  }
  push(v) {
    this.items.push(v);
  }
  shift() {
    const v = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }
}

function listenersController() {
  const listeners = [];
  return {
    addEventListener(emitter, event, handler, flags) {
      eventTargetAgnosticAddListener(emitter, event, handler, flags);
      listeners.push([emitter, event, handler, flags]);
    },
    removeAll() {
      while (listeners.length > 0) {
        const [emitter, event, handler, flags] = listeners.pop();
        eventTargetAgnosticRemoveListener(emitter, event, handler, flags);
      }
    },
  };
}

/** An async iterator over the arguments of each `event` event. */
export function on(emitter, event, options = kEmptyObject) {
  const signal = options.signal;
  validateAbortSignal(signal, 'options.signal');
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal?.reason });
  // Both spellings, as in Node.
  const highWatermark = options.highWaterMark ?? options.highWatermark ?? NumberMAX_SAFE_INTEGER;
  validateInteger(highWatermark, 'options.highWaterMark', 1);
  const lowWatermark = options.lowWaterMark ?? options.lowWatermark ?? 1;
  validateInteger(lowWatermark, 'options.lowWaterMark', 1);

  const unconsumedEvents = new Queue();
  const unconsumedPromises = new Queue();
  let paused = false;
  let error = null;
  let finished = false;
  let size = 0;

  const iterator = ObjectSetPrototypeOf(
    {
      next() {
        // First, the events not read yet.
        if (size) {
          const value = unconsumedEvents.shift();
          size--;
          if (paused && size < lowWatermark) {
            emitter.resume();
            paused = false;
          }
          return PromiseResolve(createIterResult(value, false));
        }
        // Then the error, if one happened.
        if (error) {
          const p = PromiseReject(error);
          error = null;
          return p;
        }
        if (finished) return closeHandler();
        // Wait for the next event.
        return new PromiseCtor(function (resolve, reject) {
          unconsumedPromises.push({ resolve, reject });
        });
      },

      return() {
        return closeHandler();
      },

      throw(err) {
        if (!err || !(err instanceof Error)) {
          throw new ERR_INVALID_ARG_TYPE('EventEmitter.AsyncIterator', 'Error', err);
        }
        errorHandler(err);
      },

      [SymbolAsyncIterator]() {
        return this;
      },
    },
    AsyncIteratorPrototype,
  );

  const { addEventListener, removeAll } = listenersController();
  addEventListener(emitter, event, function (...args) {
    return eventHandler(args);
  });
  if (event !== 'error' && typeof emitter.on === 'function') {
    addEventListener(emitter, 'error', errorHandler);
  }
  const closeEvents = options?.close;
  if (closeEvents?.length) {
    for (let i = 0; i < closeEvents.length; i++) addEventListener(emitter, closeEvents[i], closeHandler);
  }

  const abortListenerDisposable = signal ? addAbortListener(signal, abortListener) : null;

  return iterator;

  function abortListener() {
    errorHandler(new AbortError(undefined, { cause: signal?.reason }));
  }

  function eventHandler(value) {
    if (unconsumedPromises.isEmpty()) {
      size++;
      if (!paused && size > highWatermark) {
        paused = true;
        emitter.pause();
      }
      unconsumedEvents.push(value);
    } else {
      unconsumedPromises.shift().resolve(createIterResult(value, false));
    }
  }

  function errorHandler(err) {
    if (unconsumedPromises.isEmpty()) error = err;
    else unconsumedPromises.shift().reject(err);
    closeHandler();
  }

  function closeHandler() {
    abortListenerDisposable?.[SymbolDispose]();
    removeAll();
    finished = true;
    const doneResult = createIterResult(undefined, true);
    while (!unconsumedPromises.isEmpty()) unconsumedPromises.shift().resolve(doneResult);
    return PromiseResolve(doneResult);
  }
}

/** Calls `listener` once `signal` aborts; returns a Disposable that stops it. */
export function addAbortListener(signal, listener) {
  if (signal === undefined) throw new ERR_INVALID_ARG_TYPE('signal', 'AbortSignal', signal);
  validateAbortSignal(signal, 'signal');
  validateFunction(listener, 'listener');

  let removeEventListener;
  if (signal.aborted) {
    queueMicrotaskFn(() => listener());
  } else {
    signal.addEventListener('abort', listener, { __proto__: null, once: true });
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

// An EventEmitter whose listeners run in the async context (AsyncLocalStorage
// stores) of its creation, whoever emits.
class EventEmitterReferencingAsyncResource extends AsyncResource {
  #eventEmitter;
  constructor(eventEmitter, type, options) {
    super(type, options);
    this.#eventEmitter = eventEmitter;
  }
  get eventEmitter() {
    return this.#eventEmitter;
  }
}

export class EventEmitterAsyncResource extends EventEmitter {
  #asyncResource;
  constructor(options = undefined) {
    let name;
    if (typeof options === 'string') {
      name = options;
      options = undefined;
    } else {
      if (new.target === EventEmitterAsyncResource) validateString(options?.name, 'options.name');
      name = options?.name || new.target.name;
    }
    super(options);
    this.#asyncResource = new EventEmitterReferencingAsyncResource(this, name, options);
  }
  emit(event, ...args) {
    return this.#asyncResource.runInAsyncScope(super.emit, this, event, ...args);
  }
  emitDestroy() {
    this.#asyncResource.emitDestroy();
  }
  get asyncId() {
    return this.#asyncResource.asyncId();
  }
  get triggerAsyncId() {
    return this.#asyncResource.triggerAsyncId();
  }
  get asyncResource() {
    return this.#asyncResource;
  }
}

EventEmitter.EventEmitterAsyncResource = EventEmitterAsyncResource;
EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.getMaxListeners = getMaxListeners;
EventEmitter.setMaxListeners = setMaxListeners;
EventEmitter.addAbortListener = addAbortListener;
EventEmitter.EventEmitter = EventEmitter;
// The globals, for code that looks for them here (not enumerable: Node's
// module has no such keys).
ObjectDefineProperties(EventEmitter, {
  EventTarget: { __proto__: null, value: EventTarget, writable: true, configurable: true },
  Event: { __proto__: null, value: Event, writable: true, configurable: true },
});

export default EventEmitter;
// Node's ESM wrapper snapshots these properties too.
const { errorMonitor, captureRejectionSymbol, usingDomains, init, captureRejections } = EventEmitter;
const staticListenerCount = EventEmitter.listenerCount;
const defaultMaxListenersValue = defaultMaxListeners;
export {
  errorMonitor,
  captureRejectionSymbol,
  usingDomains,
  init,
  captureRejections,
  staticListenerCount as listenerCount,
  defaultMaxListenersValue as defaultMaxListeners,
};
