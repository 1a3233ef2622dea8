// TransformStream and TransformStreamDefaultController (Streams Standard §6),
// including the transformer's cancel() (the cancel algorithm and
// [[finishPromise]] of the current standard).
//
// The writable side is createWritableStream's, the readable side
// createReadableStream's; both share the start promise. State lives in
// records behind one private field per public object, as in
// streams_writable.js. Other builtins construct TransformStreams with
// `new TransformStream(transformer)`.

import {
  newPromise, promiseResolvedWith, promiseRejectedWith, uponPromise,
  convertQueuingStrategy, extractHighWaterMark, extractSizeAlgorithm,
} from 'nanojs:streams_util';
import {
  createReadableStream, readableStreamDefaultControllerOf, readableStreamState,
  readableStreamStoredError, readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerClose, readableStreamDefaultControllerError,
  readableStreamDefaultControllerGetDesiredSize, readableStreamDefaultControllerHasBackpressure,
  readableStreamDefaultControllerCanCloseOrEnqueue,
} from 'nanojs:streams_readable';
import {
  createWritableStream, writableStreamState, writableStreamStoredError, writableStreamErrorIfNeeded,
} from 'nanojs:streams_writable';
import { inspectAs } from 'nanojs:console';

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ReflectOwnKeys = Reflect.ownKeys;
const call = Function.prototype.call.bind(Function.prototype.call);
const TypeErrorCtor = TypeError;
const RangeErrorCtor = RangeError;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const SECRET = Symbol('TransformStream');
const RESOLVED = promiseResolvedWith(undefined);

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
const illegal = (what) => new TypeErrorCtor(`Illegal invocation: not a ${what}`);

// --- records ----------------------------------------------------------------------

class TransformState {
  constructor() {
    this.wrapper = undefined;
    this.readable = undefined;
    this.readableController = undefined;
    this.writable = undefined;
    this.backpressure = undefined;
    // [[backpressureChangePromise]], made only when something waits on it
    // (most are resolved unobserved), with its resolve function.
    this.backpressureChangePromise = undefined;
    this.backpressureChangeResolve = undefined;
    this.controller = undefined;
    // The chunk a write waits to transform until backpressure is relieved
    // (the writable side runs one write at a time).
    this.pendingChunk = undefined;
    // Reactions, bound when first needed and reused.
    this.afterBackpressureFn = undefined;
    this.transformRejectedFn = undefined;
  }
}

class ControllerState {
  constructor(stream) {
    this.wrapper = undefined;
    this.stream = stream;
    // The transformer (the `this` of its methods), or null for the default
    // transform (enqueue the chunk unchanged) with no other methods.
    this.transformer = null;
    this.transformAlgorithm = undefined;
    this.flushAlgorithm = undefined;
    this.cancelAlgorithm = undefined;
    this.cleared = false;
    // [[finishPromise]]: {promise, resolve, reject} once closing or canceling.
    this.finish = undefined;
  }
}

// --- WebIDL -------------------------------------------------------------------------

function callbackMember(dict, key, what) {
  const v = dict[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'function') {
    throw new TypeErrorCtor(`${what}: '${key}' member of Transformer is not a function.`);
  }
  return v;
}

function toPromise(v) {
  if (!isObject(v)) return RESOLVED;
  const d = newPromise();
  d.resolve(v);
  return d.promise;
}

// --- public classes ------------------------------------------------------------------

let transformState;

export class TransformStream {
  #t;

  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    const what = "Failed to construct 'TransformStream'";
    if (transformer !== undefined && !isObject(transformer)) {
      throw new TypeErrorCtor(`${what}: parameter 1 is not of type 'object'.`);
    }
    const wStrategy = convertQueuingStrategy(writableStrategy, what);
    const rStrategy = convertQueuingStrategy(readableStrategy, what);
    // Transformer dictionary, members in lexicographic order.
    let cancel;
    let flush;
    let start;
    let transform;
    if (transformer !== undefined) {
      cancel = callbackMember(transformer, 'cancel', what);
      flush = callbackMember(transformer, 'flush', what);
      const readableType = transformer.readableType;
      start = callbackMember(transformer, 'start', what);
      transform = callbackMember(transformer, 'transform', what);
      const writableType = transformer.writableType;
      if (readableType !== undefined) throw new RangeErrorCtor(`${what}: Invalid readableType specified`);
      if (writableType !== undefined) throw new RangeErrorCtor(`${what}: Invalid writableType specified`);
    }
    const readableHighWaterMark = extractHighWaterMark(rStrategy, 0);
    const readableSizeAlgorithm = extractSizeAlgorithm(rStrategy);
    const writableHighWaterMark = extractHighWaterMark(wStrategy, 1);
    const writableSizeAlgorithm = extractSizeAlgorithm(wStrategy);
    const startPromise = newPromise();
    const t = new TransformState();
    t.wrapper = this;
    this.#t = t;
    initializeTransformStream(t, startPromise.promise, writableHighWaterMark, writableSizeAlgorithm,
      readableHighWaterMark, readableSizeAlgorithm);
    // SetUpTransformStreamDefaultControllerFromTransformer
    const c = new ControllerState(t);
    if (transformer !== undefined) {
      c.transformer = transformer;
      c.transformAlgorithm = transform;
      c.flushAlgorithm = flush;
      c.cancelAlgorithm = cancel;
    }
    setUpTransformStreamDefaultController(t, c);
    if (start !== undefined) {
      startPromise.resolve(call(start, transformer, c.wrapper));
    } else {
      startPromise.resolve(undefined);
    }
  }

  get readable() {
    if (!(#t in this)) throw illegal('TransformStream');
    return this.#t.readable;
  }

  get writable() {
    if (!(#t in this)) throw illegal('TransformStream');
    return this.#t.writable;
  }

  [INSPECT]() {
    const t = this.#t;
    return inspectAs('TransformStream', {
      readable: t.readable, writable: t.writable, backpressure: t.backpressure,
    });
  }

  static {
    transformState = (o) => (isObject(o) && #t in o ? o.#t : undefined);
  }
}

let controllerState;

export class TransformStreamDefaultController {
  #c;

  constructor() {
    if (arguments[0] !== SECRET) throw new TypeErrorCtor('Illegal constructor');
    this.#c = arguments[1];
  }

  get desiredSize() {
    if (!(#c in this)) throw illegal('TransformStreamDefaultController');
    return readableStreamDefaultControllerGetDesiredSize(this.#c.stream.readableController);
  }

  enqueue(chunk = undefined) {
    if (!(#c in this)) throw illegal('TransformStreamDefaultController');
    transformStreamDefaultControllerEnqueue(this.#c, chunk);
  }

  error(reason = undefined) {
    if (!(#c in this)) throw illegal('TransformStreamDefaultController');
    transformStreamError(this.#c.stream, reason);
  }

  terminate() {
    if (!(#c in this)) throw illegal('TransformStreamDefaultController');
    transformStreamDefaultControllerTerminate(this.#c);
  }

  [INSPECT]() {
    const c = this.#c;
    return inspectAs('TransformStreamDefaultController', { stream: c.stream.wrapper });
  }

  static {
    controllerState = (o) => (isObject(o) && #c in o ? o.#c : undefined);
  }
}

function finishInterface(cls, name) {
  for (const key of ReflectOwnKeys(cls.prototype)) {
    if (typeof key === 'symbol' || key === 'constructor') continue;
    const d = ObjectGetOwnPropertyDescriptor(cls.prototype, key);
    d.enumerable = true;
    ObjectDefineProperty(cls.prototype, key, d);
  }
  ObjectDefineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
}
finishInterface(TransformStream, 'TransformStream');
finishInterface(TransformStreamDefaultController, 'TransformStreamDefaultController');

/**
 * For transformers that enqueue in slices (DecompressionStream): undefined
 * when the stream of `controller` (a TransformStreamDefaultController) has no
 * backpressure, else the promise that settles when it changes (the readable
 * side pulls, or the stream errors or is canceled).
 */
export function transformStreamBackpressureRelief(controller) {
  const t = controllerState(controller).stream;
  return t.backpressure === true ? backpressureChangePromise(t) : undefined;
}

/** Whether v is a TransformStream. */
export function isTransformStream(v) {
  return transformState(v) !== undefined;
}

// --- working with transform streams (§6.4.1) ---------------------------------------------

function initializeTransformStream(t, startPromise, writableHighWaterMark, writableSizeAlgorithm,
  readableHighWaterMark, readableSizeAlgorithm) {
  const startAlgorithm = () => startPromise;
  t.writable = createWritableStream(
    startAlgorithm,
    (chunk) => transformStreamDefaultSinkWriteAlgorithm(t, chunk),
    () => transformStreamDefaultSinkCloseAlgorithm(t),
    (reason) => transformStreamDefaultSinkAbortAlgorithm(t, reason),
    writableHighWaterMark, writableSizeAlgorithm,
  );
  t.readable = createReadableStream(
    startAlgorithm,
    () => transformStreamDefaultSourcePullAlgorithm(t),
    (reason) => transformStreamDefaultSourceCancelAlgorithm(t, reason),
    readableHighWaterMark, readableSizeAlgorithm,
  );
  t.readableController = readableStreamDefaultControllerOf(t.readable);
  // [[backpressure]] starts undefined so that the first set takes.
  t.backpressure = undefined;
  t.backpressureChangePromise = undefined;
  transformStreamSetBackpressure(t, true);
  t.controller = undefined;
}

function transformStreamError(t, e) {
  readableStreamDefaultControllerError(t.readableController, e);
  transformStreamErrorWritableAndUnblockWrite(t, e);
}

function transformStreamErrorWritableAndUnblockWrite(t, e) {
  transformStreamDefaultControllerClearAlgorithms(t.controller);
  writableStreamErrorIfNeeded(t.writable, e);
  transformStreamUnblockWrite(t);
}

function transformStreamUnblockWrite(t) {
  // Pretend pull() was called, so that a pending write can complete.
  if (t.backpressure === true) transformStreamSetBackpressure(t, false);
}

function transformStreamSetBackpressure(t, backpressure) {
  const resolve = t.backpressureChangeResolve;
  t.backpressureChangePromise = undefined;
  t.backpressureChangeResolve = undefined;
  if (resolve !== undefined) resolve(undefined);
  t.backpressure = backpressure;
}

function backpressureChangePromise(t) {
  let p = t.backpressureChangePromise;
  if (p === undefined) {
    const d = newPromise();
    p = d.promise;
    t.backpressureChangePromise = p;
    t.backpressureChangeResolve = d.resolve;
  }
  return p;
}

// --- default controllers (§6.4.2) -----------------------------------------------------

function setUpTransformStreamDefaultController(t, c) {
  c.wrapper = new TransformStreamDefaultController(SECRET, c);
  t.controller = c;
}

// The three algorithms: the transformer's methods as WebIDL callbacks, or
// the defaults.
function callTransform(c, chunk) {
  const fn = c.transformAlgorithm;
  if (fn === undefined) {
    if (c.cleared) return promiseRejectedWith(new TypeErrorCtor('The transform stream has been shut down'));
    try {
      transformStreamDefaultControllerEnqueue(c, chunk);
      return RESOLVED;
    } catch (e) {
      return promiseRejectedWith(e);
    }
  }
  try {
    return toPromise(call(fn, c.transformer, chunk, c.wrapper));
  } catch (e) {
    return promiseRejectedWith(e);
  }
}

function callFlush(c) {
  const fn = c.flushAlgorithm;
  if (fn === undefined) return RESOLVED;
  try {
    return toPromise(call(fn, c.transformer, c.wrapper));
  } catch (e) {
    return promiseRejectedWith(e);
  }
}

function callCancel(c, reason) {
  const fn = c.cancelAlgorithm;
  if (fn === undefined) return RESOLVED;
  try {
    return toPromise(call(fn, c.transformer, reason));
  } catch (e) {
    return promiseRejectedWith(e);
  }
}

function transformStreamDefaultControllerClearAlgorithms(c) {
  c.cleared = true;
  c.transformer = null;
  c.transformAlgorithm = undefined;
  c.flushAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(c, chunk) {
  const t = c.stream;
  const rc = t.readableController;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(rc)) {
    throw new TypeErrorCtor('Readable side is not in a state that permits enqueue');
  }
  try {
    readableStreamDefaultControllerEnqueue(rc, chunk);
  } catch (e) {
    // The readable strategy's size() threw, or the queue went over the cap.
    transformStreamErrorWritableAndUnblockWrite(t, e);
    throw readableStreamStoredError(t.readable);
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(rc);
  if (backpressure !== t.backpressure) transformStreamSetBackpressure(t, true);
}

function transformStreamDefaultControllerPerformTransform(c, chunk) {
  const transformPromise = callTransform(c, chunk);
  // A transform that returned no promise and did not throw cannot reject:
  // skip the reaction (the write then completes a microtask sooner).
  if (transformPromise === RESOLVED) return RESOLVED;
  const t = c.stream;
  if (t.transformRejectedFn === undefined) {
    t.transformRejectedFn = (r) => {
      transformStreamError(t, r);
      throw r;
    };
  }
  return uponPromise(transformPromise, undefined, t.transformRejectedFn);
}

function transformStreamDefaultControllerTerminate(c) {
  const t = c.stream;
  readableStreamDefaultControllerClose(t.readableController);
  transformStreamErrorWritableAndUnblockWrite(t, new TypeErrorCtor('TransformStream terminated'));
}

// --- default sinks (§6.4.3) ---------------------------------------------------------

function transformStreamDefaultSinkWriteAlgorithm(t, chunk) {
  if (t.backpressure === true) {
    t.pendingChunk = chunk;
    if (t.afterBackpressureFn === undefined) t.afterBackpressureFn = () => afterBackpressureChange(t);
    return uponPromise(backpressureChangePromise(t), t.afterBackpressureFn);
  }
  return transformStreamDefaultControllerPerformTransform(t.controller, chunk);
}

function afterBackpressureChange(t) {
  const chunk = t.pendingChunk;
  t.pendingChunk = undefined;
  if (writableStreamState(t.writable) === 'erroring') throw writableStreamStoredError(t.writable);
  return transformStreamDefaultControllerPerformTransform(t.controller, chunk);
}

// Without transformer.cancel() no user code runs, and the steps after the
// cancel algorithm's (already fulfilled) promise are taken at once rather
// than a microtask later: the unobservable-in-practice difference keeps the
// behaviour of the standard before transformer.cancel() existed, which WPT's
// "controller.error()/terminate() should do nothing after readable.cancel()"
// still test.
function transformStreamDefaultSinkAbortAlgorithm(t, reason) {
  const c = t.controller;
  if (c.finish !== undefined) return c.finish.promise;
  // Set before calling out, so that a cancel() reentering through the
  // readable side does not run the cancel algorithm again.
  const finish = newPromise();
  c.finish = finish;
  if (c.cancelAlgorithm === undefined) {
    transformStreamDefaultControllerClearAlgorithms(c);
    abortFulfilled(t, finish, reason);
    return finish.promise;
  }
  const cancelPromise = callCancel(c, reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => abortFulfilled(t, finish, reason), (r) => {
    readableStreamDefaultControllerError(t.readableController, r);
    finish.reject(r);
  });
  return finish.promise;
}

function abortFulfilled(t, finish, reason) {
  const readable = t.readable;
  if (readableStreamState(readable) === 'errored') {
    finish.reject(readableStreamStoredError(readable));
  } else {
    readableStreamDefaultControllerError(t.readableController, reason);
    finish.resolve(undefined);
  }
}

function transformStreamDefaultSinkCloseAlgorithm(t) {
  const c = t.controller;
  if (c.finish !== undefined) return c.finish.promise;
  const readable = t.readable;
  const finish = newPromise();
  c.finish = finish;
  const flushPromise = callFlush(c);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(flushPromise, () => {
    if (readableStreamState(readable) === 'errored') {
      finish.reject(readableStreamStoredError(readable));
    } else {
      readableStreamDefaultControllerClose(t.readableController);
      finish.resolve(undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(t.readableController, r);
    finish.reject(r);
  });
  return finish.promise;
}

// --- default sources (§6.4.4) -------------------------------------------------------

function transformStreamDefaultSourcePullAlgorithm(t) {
  transformStreamSetBackpressure(t, false);
  // The next pull() waits until there is backpressure again.
  return backpressureChangePromise(t);
}

function transformStreamDefaultSourceCancelAlgorithm(t, reason) {
  const c = t.controller;
  if (c.finish !== undefined) return c.finish.promise;
  const finish = newPromise();
  c.finish = finish;
  if (c.cancelAlgorithm === undefined) {
    transformStreamDefaultControllerClearAlgorithms(c);
    cancelFulfilled(t, finish, reason);
    return finish.promise;
  }
  const cancelPromise = callCancel(c, reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => cancelFulfilled(t, finish, reason), (r) => {
    writableStreamErrorIfNeeded(t.writable, r);
    transformStreamUnblockWrite(t);
    finish.reject(r);
  });
  return finish.promise;
}

function cancelFulfilled(t, finish, reason) {
  const writable = t.writable;
  if (writableStreamState(writable) === 'errored') {
    finish.reject(writableStreamStoredError(writable));
  } else {
    writableStreamErrorIfNeeded(writable, reason);
    transformStreamUnblockWrite(t);
    finish.resolve(undefined);
  }
}
