// DOM events (DOM Standard §2): Event, CustomEvent, EventTarget and the
// dispatch algorithm for targets without a parent; HTML's ErrorEvent,
// PromiseRejectionEvent, reportError() and event handler attributes (onabort,
// onerror, ...). Loading this module makes the global object an EventTarget
// and registers the hooks the engine calls to report errors and unhandled
// rejections as `error` / `unhandledrejection` / `rejectionhandled` events.
//
// Other builtins use the non-global exports: `dispatchTrusted(target, event)`
// ("fire an event"), `defineEventHandler(object, 'onfoo')`, `isEvent`.

import { setHooks, reportException as hostReportException } from 'nanojs:host';
import { DOMException } from 'nanojs:dom_exception';
// Event.timeStamp uses performance.now()'s clock and time origin.
import { now } from 'nanojs:internal/performance';

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ReflectOwnKeys = Reflect.ownKeys;
const ReflectApply = Reflect.apply;
// call(f, thisArg, ...args), immune to later changes to Function.prototype.
const call = Function.prototype.call.bind(Function.prototype.call);
const setTimeoutFn = globalThis.setTimeout;
const toWellFormed = String.prototype.toWellFormed;
const PromiseCtor = Promise;
const PromiseResolve = Promise.resolve;
const PromiseReject = Promise.reject;
const RESOLVED = Promise.resolve();
const WeakRefCtor = typeof WeakRef === 'function' ? WeakRef : null;
const WeakRefDeref = WeakRefCtor === null ? null : WeakRef.prototype.deref;
const weak = WeakRefCtor === null ? (o) => o : (o) => new WeakRefCtor(o);
const deref = WeakRefCtor === null ? (r) => r : (r) => ReflectApply(WeakRefDeref, r, []);

// ---------------------------------------------------------------------------
// WebIDL helpers

/** DOMString: ToString, which throws a TypeError for symbols. */
const str = (v) => `${v}`;

/** USVString: lone surrogates become U+FFFD. */
const usvStr = (v) => {
  const s = `${v}`;
  return toWellFormed === undefined ? s : ReflectApply(toWellFormed, s, []);
};

/** A dictionary argument: null/undefined are an empty dictionary. */
function dict(v, what) {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' && typeof v !== 'function') {
    throw new TypeError(`${what} must be an object`);
  }
  return v;
}

const member = (d, key) => (d === null ? undefined : d[key]);

function requireArgs(n, given, what) {
  if (given < n) {
    throw new TypeError(
      `${what}: ${n} argument${n === 1 ? '' : 's'} required, but only ${given} present`,
    );
  }
}

/** Makes a class look like a WebIDL interface: enumerable members, a
 * Symbol.toStringTag, and constants on the constructor and prototype. */
function finishInterface(cls, name, constants = null) {
  const proto = cls.prototype;
  for (const key of ReflectOwnKeys(proto)) {
    if (key === 'constructor') continue;
    const d = ObjectGetOwnPropertyDescriptor(proto, key);
    d.enumerable = true;
    ObjectDefineProperty(proto, key, d);
  }
  for (const key of ReflectOwnKeys(cls)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    const d = ObjectGetOwnPropertyDescriptor(cls, key);
    d.enumerable = true;
    ObjectDefineProperty(cls, key, d);
  }
  if (constants !== null) {
    for (const key of ReflectOwnKeys(constants)) {
      const d = { value: constants[key], writable: false, enumerable: true, configurable: false };
      ObjectDefineProperty(cls, key, d);
      ObjectDefineProperty(proto, key, d);
    }
  }
  ObjectDefineProperty(proto, Symbol.toStringTag, {
    value: name, writable: false, enumerable: false, configurable: true,
  });
}

// ---------------------------------------------------------------------------
// Event

const NONE = 0;
const CAPTURING_PHASE = 1;
const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

// Set by Event's static block: functions that reach its private state.
let dispatchEventImpl;
let isEventImpl;
let cancelImpl;
let eventTypeOf;
let isDispatchingImpl;
let checkedDispatchImpl;
let isErrorEvent;
let isRejectionEvent;
let newRejectionEvent;

function isTrustedGetter() {
  return isTrustedOf(this);
}
let isTrustedOf;
ObjectDefineProperty(isTrustedGetter, 'name', { value: 'get isTrusted' });
const isTrustedDescriptor = {
  get: isTrustedGetter, set: undefined, enumerable: true, configurable: false,
};

export class Event {
  #type;
  #target = null;
  #currentTarget = null;
  #phase = NONE;
  #bubbles = false;
  #cancelable = false;
  #composed = false;
  #trusted = false;
  #timeStamp;
  #stopPropagation = false;
  #stopImmediate = false;
  #canceled = false;
  #inPassiveListener = false;
  #initialized = true;
  #dispatching = false;

  constructor(type, eventInitDict = undefined) {
    requireArgs(1, arguments.length, "Failed to construct 'Event'");
    const t = str(type);
    const init = dict(eventInitDict, "Failed to construct 'Event': parameter 2");
    // Dictionary members in lexicographic order.
    this.#bubbles = !!member(init, 'bubbles');
    this.#cancelable = !!member(init, 'cancelable');
    this.#composed = !!member(init, 'composed');
    this.#type = t;
    this.#timeStamp = now();
    ObjectDefineProperty(this, 'isTrusted', isTrustedDescriptor);
  }

  get type() {
    return this.#type;
  }

  get target() {
    return this.#target;
  }

  get srcElement() {
    return this.#target;
  }

  get currentTarget() {
    return this.#currentTarget;
  }

  composedPath() {
    // A target without a parent: while dispatching, the path is just it.
    return !this.#dispatching || this.#currentTarget === null ? [] : [this.#currentTarget];
  }

  get eventPhase() {
    return this.#phase;
  }

  stopPropagation() {
    this.#stopPropagation = true;
  }

  get cancelBubble() {
    return this.#stopPropagation;
  }

  set cancelBubble(value) {
    requireArgs(1, arguments.length, "Failed to set 'cancelBubble' on 'Event'");
    if (value) this.#stopPropagation = true;
  }

  stopImmediatePropagation() {
    this.#stopPropagation = true;
    this.#stopImmediate = true;
  }

  get bubbles() {
    return this.#bubbles;
  }

  get cancelable() {
    return this.#cancelable;
  }

  get returnValue() {
    return !this.#canceled;
  }

  set returnValue(value) {
    requireArgs(1, arguments.length, "Failed to set 'returnValue' on 'Event'");
    if (!value) this.#setCanceled();
  }

  preventDefault() {
    this.#setCanceled();
  }

  get defaultPrevented() {
    return this.#canceled;
  }

  get composed() {
    return this.#composed;
  }

  get timeStamp() {
    return this.#timeStamp;
  }

  initEvent(type, bubbles = false, cancelable = false) {
    requireArgs(1, arguments.length, "Failed to execute 'initEvent' on 'Event'");
    const t = str(type);
    if (this.#dispatching) return;
    this.#initialized = true;
    this.#stopPropagation = false;
    this.#stopImmediate = false;
    this.#canceled = false;
    this.#trusted = false;
    this.#target = null;
    this.#type = t;
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  #setCanceled() {
    if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
  }

  static {
    isTrustedOf = (e) => e.#trusted;
    isEventImpl = (e) => e !== null && typeof e === 'object' && #type in e;
    cancelImpl = (e) => e.#setCanceled();
    eventTypeOf = (e) => e.#type;
    isDispatchingImpl = (e) => e.#dispatching;

    // dispatchEvent() and "fire an event" (trusted).
    checkedDispatchImpl = (target, event, trusted) => {
      if (event.#dispatching) {
        throw new DOMException('The event is already being dispatched.', 'InvalidStateError');
      }
      if (!event.#initialized) {
        throw new DOMException('The event is not initialized.', 'InvalidStateError');
      }
      event.#trusted = trusted;
      return dispatchEventImpl(target, event);
    };

    // DOM "dispatch" for a target with no parent (no shadow trees, no
    // activation behavior): capture listeners, then the others, at target.
    dispatchEventImpl = (target, event) => {
      event.#dispatching = true;
      event.#target = target;
      try {
        event.#phase = AT_TARGET;
        const st = targets.get(target);
        // The capture pass calls nothing when there are no capture listeners.
        if (st === undefined || st.captures > 0) invoke(event, target, true);
        else invoke(event, target, null);
        invoke(event, target, false);
      } finally {
        event.#phase = NONE;
        event.#currentTarget = null;
        event.#dispatching = false;
        event.#stopPropagation = false;
        event.#stopImmediate = false;
      }
      return !event.#canceled;
    };

    // `capture` null: a capture pass known to have no listeners to call.
    function invoke(event, target, capture) {
      event.#target = target;
      if (event.#stopPropagation) return;
      event.#currentTarget = target;
      if (capture === null) return;
      const st = targets.get(target);
      const list = st === undefined ? undefined : st.listeners.get(event.#type);
      if (list === undefined || list.length === 0) return;
      // Listeners added during dispatch do not run; removed ones are skipped.
      const listeners = list.slice();
      for (let i = 0; i < listeners.length; i++) {
        const l = listeners[i];
        if (l.removed || l.capture !== capture) continue;
        if (l.once) removeListener(st, l);
        if (l.passive) event.#inPassiveListener = true;
        try {
          callListener(l.callback, target, event);
        } catch (e) {
          reportException(e);
        }
        event.#inPassiveListener = false;
        if (event.#stopImmediate) break;
      }
    }
  }
}

function callListener(callback, thisArg, event) {
  if (typeof callback === 'function') {
    call(callback, thisArg, event);
    return;
  }
  const handleEvent = callback.handleEvent;
  if (typeof handleEvent !== 'function') {
    throw new TypeError("The event listener's 'handleEvent' is not a function");
  }
  call(handleEvent, callback, event);
}

finishInterface(Event, 'Event', { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });
const eventInitEvent = Event.prototype.initEvent;

/** Whether `v` is an Event (has Event's internal slots). */
export function isEvent(v) {
  return isEventImpl(v);
}

// ---------------------------------------------------------------------------
// CustomEvent, ErrorEvent, PromiseRejectionEvent

export class CustomEvent extends Event {
  #detail = null;

  constructor(type, eventInitDict = undefined) {
    requireArgs(1, arguments.length, "Failed to construct 'CustomEvent'");
    super(type, eventInitDict);
    const d = member(dict(eventInitDict, 'CustomEventInit'), 'detail');
    if (d !== undefined) this.#detail = d;
  }

  get detail() {
    return this.#detail;
  }

  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    requireArgs(1, arguments.length, "Failed to execute 'initCustomEvent' on 'CustomEvent'");
    if (!(#detail in this)) {
      throw new TypeError("'initCustomEvent' called on an object that is not a CustomEvent");
    }
    const t = str(type);
    if (isDispatchingImpl(this)) return;
    ReflectApply(eventInitEvent, this, [t, bubbles, cancelable]);
    this.#detail = detail;
  }
}
finishInterface(CustomEvent, 'CustomEvent');

export class ErrorEvent extends Event {
  #message = '';
  #filename = '';
  #lineno = 0;
  #colno = 0;
  #error = null;

  constructor(type, eventInitDict = undefined) {
    requireArgs(1, arguments.length, "Failed to construct 'ErrorEvent'");
    super(type, eventInitDict);
    const init = dict(eventInitDict, 'ErrorEventInit');
    if (init === null) return;
    // Lexicographic order: colno, error, filename, lineno, message.
    const colno = init.colno;
    if (colno !== undefined) this.#colno = colno >>> 0;
    const error = init.error;
    if (error !== undefined) this.#error = error;
    const filename = init.filename;
    if (filename !== undefined) this.#filename = usvStr(filename);
    const lineno = init.lineno;
    if (lineno !== undefined) this.#lineno = lineno >>> 0;
    const message = init.message;
    if (message !== undefined) this.#message = str(message);
  }

  get message() {
    return this.#message;
  }

  get filename() {
    return this.#filename;
  }

  get lineno() {
    return this.#lineno;
  }

  get colno() {
    return this.#colno;
  }

  get error() {
    return this.#error;
  }

  static {
    isErrorEvent = (e) => e !== null && typeof e === 'object' && #message in e;
  }
}
finishInterface(ErrorEvent, 'ErrorEvent');

// `promise` is a Promise<any> in the IDL WPT tests against (HTML has a
// pending change to `object`): the constructor converts it with
// Promise.resolve, and the getter returns a rejected promise for a bad `this`.
// Events the engine fires carry the rejected promise itself, unconverted.
export class PromiseRejectionEvent extends Event {
  #promise;
  #reason;

  constructor(type, eventInitDict) {
    requireArgs(2, arguments.length, "Failed to construct 'PromiseRejectionEvent'");
    super(type, eventInitDict);
    const init = dict(eventInitDict, 'PromiseRejectionEventInit');
    const promise = member(init, 'promise');
    if (promise === undefined) {
      throw new TypeError(
        "Failed to construct 'PromiseRejectionEvent': required member promise is undefined",
      );
    }
    this.#promise = ReflectApply(PromiseResolve, PromiseCtor, [promise]);
    this.#reason = member(init, 'reason');
  }

  get promise() {
    if (!isRejectionEvent(this)) {
      return ReflectApply(PromiseReject, PromiseCtor, [new TypeError(
        "'get promise' called on an object that is not a PromiseRejectionEvent",
      )]);
    }
    return this.#promise;
  }

  get reason() {
    return this.#reason;
  }

  static {
    isRejectionEvent = (e) => e !== null && typeof e === 'object' && #promise in e;
    newRejectionEvent = (type, promise, reason, cancelable) => {
      const event = new PromiseRejectionEvent(type, {
        __proto__: null, cancelable, promise: RESOLVED, reason,
      });
      event.#promise = promise;
      return event;
    };
  }
}
finishInterface(PromiseRejectionEvent, 'PromiseRejectionEvent');

// ---------------------------------------------------------------------------
// EventTarget

// target -> { listeners: Map<type, Listener[]>, handlers: Map<name, Handler>|null,
//             observer: ((type, delta) => void)|null }
const targets = new WeakMap();

function newTargetState() {
  // captures: how many capture listeners there are (of any type).
  return { listeners: new Map(), captures: 0, handlers: null, observer: null };
}

function stateOf(target, what) {
  const self = target === undefined || target === null ? globalThis : target;
  const st = targets.get(self);
  if (st === undefined) {
    throw new TypeError(`'${what}' called on an object that is not an EventTarget`);
  }
  return st;
}

// Set by the abort module when it loads: AbortSignal's internals.
let abortOps = null;

/** @internal Called once by nanojs:abort. */
export function _registerAbortOps(ops) {
  if (abortOps !== null) throw new TypeError('abort operations are already registered');
  abortOps = ops;
}

/** @internal Lets nanojs:abort track listeners on a signal: `fn(type, +1|-1)`. */
export function _observeListeners(target, fn) {
  const st = targets.get(target);
  if (st !== undefined) st.observer = fn;
}

/** @internal node:events' getEventListeners(): the callbacks for `type`. */
export function _listenersOf(target, type) {
  const st = targets.get(target);
  if (st === undefined) return null;
  const list = st.listeners.get(`${type}`);
  return list === undefined ? [] : list.map((l) => l.callback);
}

function callbackArg(callback, what) {
  if (callback === undefined || callback === null) return null;
  if (typeof callback !== 'object' && typeof callback !== 'function') {
    throw new TypeError(`${what}: parameter 2 is not an object`);
  }
  return callback;
}

function addListener(st, l) {
  let list = st.listeners.get(l.type);
  if (list === undefined) {
    list = [];
    st.listeners.set(l.type, list);
  }
  for (let i = 0; i < list.length; i++) {
    if (list[i].callback === l.callback && list[i].capture === l.capture) return false;
  }
  list.push(l);
  if (l.capture) st.captures++;
  if (st.observer !== null) st.observer(l.type, 1);
  return true;
}

function removeListener(st, l) {
  if (l.removed) return;
  l.removed = true;
  const list = st.listeners.get(l.type);
  if (list !== undefined) {
    const i = list.indexOf(l);
    if (i !== -1) list.splice(i, 1);
    if (list.length === 0) st.listeners.delete(l.type);
  }
  if (l.capture) st.captures--;
  if (l.abortHandle !== null) {
    const { signal, abortHandle } = l;
    l.abortHandle = null;
    abortOps.removeAlgorithm(signal, abortHandle);
  }
  if (st.observer !== null) st.observer(l.type, -1);
}

export class EventTarget {
  constructor() {
    targets.set(this, newTargetState());
  }

  addEventListener(type, callback, options = undefined) {
    const what = "Failed to execute 'addEventListener' on 'EventTarget'";
    const st = stateOf(this, 'addEventListener');
    requireArgs(2, arguments.length, what);
    const t = str(type);
    const cb = callbackArg(callback, what);
    // Flatten (AddEventListenerOptions or boolean).
    let capture = false;
    let once = false;
    let passive = null;
    let signal = null;
    if (options === undefined || options === null
        || typeof options === 'object' || typeof options === 'function') {
      if (options !== undefined && options !== null) {
        capture = !!options.capture;
        once = !!options.once;
        const p = options.passive;
        if (p !== undefined) passive = !!p;
        const s = options.signal;
        if (s !== undefined) {
          if (abortOps === null || !abortOps.isSignal(s)) {
            throw new TypeError(`${what}: member signal is not of type AbortSignal`);
          }
          signal = s;
        }
      }
    } else {
      capture = !!options;
    }
    if (signal !== null && abortOps.aborted(signal)) return;
    if (cb === null) return;
    const l = {
      type: t,
      callback: cb,
      capture,
      passive: passive === true,
      once,
      signal,
      removed: false,
      abortHandle: null,
    };
    if (!addListener(st, l)) return;
    if (signal !== null) {
      // The signal may outlive the target by far (a server-wide shutdown
      // signal): it refers to the listener and target state only weakly.
      const stRef = weak(st);
      const lRef = weak(l);
      l.abortHandle = abortOps.addAlgorithm(signal, () => {
        const st2 = deref(stRef);
        const l2 = deref(lRef);
        if (st2 !== undefined && l2 !== undefined) removeListener(st2, l2);
      });
    }
  }

  removeEventListener(type, callback, options = undefined) {
    const what = "Failed to execute 'removeEventListener' on 'EventTarget'";
    const st = stateOf(this, 'removeEventListener');
    requireArgs(2, arguments.length, what);
    const t = str(type);
    const cb = callbackArg(callback, what);
    let capture = false;
    if (options === undefined || options === null
        || typeof options === 'object' || typeof options === 'function') {
      if (options !== undefined && options !== null) capture = !!options.capture;
    } else {
      capture = !!options;
    }
    if (cb === null) return;
    const list = st.listeners.get(t);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      if (list[i].callback === cb && list[i].capture === capture) {
        removeListener(st, list[i]);
        return;
      }
    }
  }

  dispatchEvent(event) {
    const self = this === undefined || this === null ? globalThis : this;
    stateOf(self, 'dispatchEvent');
    requireArgs(1, arguments.length, "Failed to execute 'dispatchEvent' on 'EventTarget'");
    if (!isEventImpl(event)) {
      throw new TypeError(
        "Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'",
      );
    }
    return checkedDispatchImpl(self, event, false);
  }
}
finishInterface(EventTarget, 'EventTarget');

/** "Fire an event": dispatches `event` at `target` with isTrusted set. */
export function dispatchTrusted(target, event) {
  return checkedDispatchImpl(target, event, true);
}

export const { addEventListener, removeEventListener, dispatchEvent } = EventTarget.prototype;

// ---------------------------------------------------------------------------
// Event handler IDL attributes (HTML §8.1.8)

/**
 * Defines the event handler attribute `name` (e.g. 'onabort') on `object`
 * (usually a prototype). `onError` selects OnErrorEventHandler's special
 * argument list and return value for ErrorEvents.
 */
export function defineEventHandler(object, name, onError = false) {
  const type = name.slice(2);
  const accessors = {
    get [name]() {
      const st = stateOf(this, name);
      const h = st.handlers === null ? undefined : st.handlers.get(name);
      return h === undefined ? null : h.value;
    },
    set [name](value) {
      const self = this === undefined || this === null ? globalThis : this;
      const st = stateOf(self, name);
      requireArgs(1, arguments.length, `Failed to set '${name}'`);
      // [LegacyTreatNonObjectAsNull]
      const v = value !== null && (typeof value === 'object' || typeof value === 'function')
        ? value : null;
      if (st.handlers === null) st.handlers = new Map();
      const h = st.handlers.get(name);
      if (v === null) {
        if (h !== undefined) {
          st.handlers.delete(name);
          removeListener(st, h.listener);
        }
        return;
      }
      if (h !== undefined) {
        h.value = v;
        return;
      }
      const handler = { value: v, listener: null };
      handler.listener = {
        type,
        callback: (event) => runHandler(handler, self, event, onError),
        capture: false,
        passive: false,
        once: false,
        signal: null,
        removed: false,
        abortHandle: null,
      };
      st.handlers.set(name, handler);
      addListener(st, handler.listener);
    },
  };
  const d = ObjectGetOwnPropertyDescriptor(accessors, name);
  d.enumerable = true;
  d.configurable = true;
  ObjectDefineProperty(object, name, d);
}

function runHandler(handler, target, event, onError) {
  const callback = handler.value;
  if (typeof callback !== 'function') return;
  if (onError && isErrorEvent(event) && eventTypeOf(event) === 'error') {
    const ret = ReflectApply(callback, target, [
      event.message, event.filename, event.lineno, event.colno, event.error,
    ]);
    if (ret === true) cancelImpl(event);
    return;
  }
  const ret = ReflectApply(callback, target, [event]);
  if (ret === false) cancelImpl(event);
}

// ---------------------------------------------------------------------------
// Error reporting (HTML "report an exception") and rejection events

let errorReportingMode = false;

// Parses the first `at ... (file:line:col)` frame outside the builtins.
function locate(error) {
  let stack;
  try {
    stack = error !== null && typeof error === 'object' ? error.stack : undefined;
  } catch {
    stack = undefined;
  }
  if (typeof stack === 'string') {
    const lines = stack.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (!line.startsWith('at ')) continue;
      let loc = line.slice(3);
      const open = loc.lastIndexOf('(');
      if (open !== -1 && loc.endsWith(')')) loc = loc.slice(open + 1, -1);
      const m = /^(.*):(\d+):(\d+)$/.exec(loc);
      if (m === null || m[1] === 'native' || m[1].startsWith('nanojs:')) continue;
      return { filename: m[1], lineno: +m[2], colno: +m[3] };
    }
  }
  return { filename: '', lineno: 0, colno: 0 };
}

function describe(error) {
  try {
    if (error !== null && typeof error === 'object' && error instanceof Error) {
      const name = error.name;
      const message = error.message;
      const n = name === undefined ? 'Error' : `${name}`;
      const m = message === undefined ? '' : `${message}`;
      return `Uncaught ${m === '' ? n : n === '' ? m : `${n}: ${m}`}`;
    }
    return `Uncaught ${typeof error === 'symbol' ? error.toString() : `${error}`}`;
  } catch {
    return 'Uncaught exception';
  }
}

/** Fires `error` at the global for an exception; true if a listener canceled it. */
function fireErrorEvent(error) {
  if (errorReportingMode) return false;
  errorReportingMode = true;
  try {
    const { filename, lineno, colno } = locate(error);
    const event = new ErrorEvent('error', {
      __proto__: null,
      cancelable: true,
      message: describe(error),
      filename,
      lineno,
      colno,
      error,
    });
    return !dispatchTrusted(globalThis, event);
  } finally {
    errorReportingMode = false;
  }
}

/** Reports an exception: an `error` event on the global, then the host. */
export function reportException(error) {
  hostReportException(error);
}

export function reportError(e) {
  if (this !== undefined && this !== null && this !== globalThis) {
    throw new TypeError("'reportError' called on an object that is not the global object");
  }
  requireArgs(1, arguments.length, "Failed to execute 'reportError'");
  hostReportException(e);
}


const rejectionEvent = (type, promise, reason, cancelable) =>
  newRejectionEvent(type, promise, reason, cancelable);

// HTML's "outstanding rejected promises weak set": promises reported as
// unhandled, for which a later handler fires `rejectionhandled`.
const outstandingRejections = new WeakSet();
const WeakSetAdd = WeakSet.prototype.add;
const WeakSetDelete = WeakSet.prototype.delete;

setHooks({
  __proto__: null,
  reportError: fireErrorEvent,
  unhandledRejection(promise, reason) {
    const event = rejectionEvent('unhandledrejection', promise, reason, true);
    const handled = !dispatchTrusted(globalThis, event);
    call(WeakSetAdd, outstandingRejections, promise);
    return handled;
  },
  // The engine calls this whenever a promise it reported gets a handler.
  rejectionHandled(promise, reason) {
    if (!call(WeakSetDelete, outstandingRejections, promise)) return;
    // HTML fires this from a task, not from inside the `.then()` call that
    // handled the promise.
    setTimeoutFn(() => {
      dispatchTrusted(globalThis, rejectionEvent('rejectionhandled', promise, reason, false));
    }, 0);
  },
});

// ---------------------------------------------------------------------------
// The global object is an EventTarget.

targets.set(globalThis, newTargetState());
Object.setPrototypeOf(globalThis, EventTarget.prototype);
for (const [name, onError] of [
  ['onerror', true],
  ['onunhandledrejection', false],
  ['onrejectionhandled', false],
]) {
  // A handler assigned before this module loaded is kept.
  const prev = ObjectGetOwnPropertyDescriptor(globalThis, name);
  if (prev !== undefined && !prev.configurable) continue;
  defineEventHandler(globalThis, name, onError);
  if (prev !== undefined && 'value' in prev) globalThis[name] = prev.value;
}
