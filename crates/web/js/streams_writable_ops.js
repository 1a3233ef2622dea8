// The abstract operations of WritableStream (Streams Standard §5.5) on the
// records behind the platform objects of nanojs:streams_writable, which
// holds the classes and the exports for other modules.
//
// Records: StreamState, WriterState, ControllerState (the spec's internal
// slots as plain properties). Each points back at its platform object
// (`wrapper`) for the places the spec hands that to user code.
//
// Besides the spec: every stream counts the bytes it queues (chunkByteSize)
// and a write that takes the count past the isolate's max_buffer_size_mb
// errors the stream with checkBufferLimit's RangeError.

import {
  newPromise, promiseResolvedWith, promiseRejectedWith, uponPromise, setPromiseIsHandledToTrue,
  Queue, isNonNegativeNumber, chunkByteSize, checkBufferLimit, maxQueuedBytes,
  runSettled,
} from 'nanojs:streams_util';
import { AbortController, signalAbort } from 'nanojs:abort';
import {
  WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController,
} from 'nanojs:streams_writable';

const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ArraySliceFn = Array.prototype.slice;
// call(fn, thisArg, ...args) without an arguments array per call.
const call = Function.prototype.call.bind(Function.prototype.call);
const ArraySlice = (a, start) => call(ArraySliceFn, a, start);
const TypeErrorCtor = TypeError;
const RangeErrorCtor = RangeError;
// First constructor argument of an internally created stream.
export const SECRET = Symbol('WritableStream');
// The close sentinel in a controller's queue (chunks may be any value).
const CLOSE_SENTINEL = Object.freeze({ __proto__: null });
const RESOLVED = promiseResolvedWith(undefined);

// [[state]], as small integers (cheaper to compare than strings).
export const WRITABLE = 0;
const ERRORING = 1;
const ERRORED = 2;
const CLOSED = 3;
export const STATE_NAMES = ['writable', 'erroring', 'errored', 'closed'];

// A writer's [[readyPromise]] is made only when observed (`ready`), since
// most writes toggle it twice: its state is kept here instead.
const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// --- records -----------------------------------------------------------------------

export class StreamState {
  constructor() {
    this.wrapper = undefined;
    this.state = WRITABLE;
    this.storedError = undefined;
    this.writer = undefined;
    this.controller = undefined;
    this.inFlightWriteRequest = undefined;
    this.closeRequest = undefined;
    this.inFlightCloseRequest = undefined;
    this.pendingAbortRequest = undefined;
    this.writeRequests = new Queue();
    this.backpressure = false;
    this.onSettled = undefined; // callbacks of writableStreamOnSettled
  }
}

export class WriterState {
  constructor() {
    this.wrapper = undefined;
    this.stream = undefined;
    // [[readyPromise]]: its state and reason, and the promise with its
    // resolving functions once made. `readyWaiter` is pipeTo's callback for
    // fulfillment (the pipe's writer is never observed, so its ready
    // promise is never made).
    this.readyState = PENDING;
    this.readyReason = undefined;
    this.readyPromise = undefined;
    this.readyResolve = undefined;
    this.readyReject = undefined;
    this.readyWaiter = undefined;
    // [[closedPromise]] with its resolving functions, which are undefined
    // once settled (the spec's "state is pending" test).
    this.closedPromise = undefined;
    this.closedResolve = undefined;
    this.closedReject = undefined;
  }
}

export class ControllerState {
  constructor(stream) {
    this.wrapper = undefined;
    this.stream = stream;
    // [[queue]] (see enqueueEntry) and [[queueTotalSize]].
    this.items = undefined;
    this.head = 0;
    this.queueLength = 0;
    this.queueTotalSize = 0;
    // Bytes of the queued chunks, and the cap (max_buffer_size_mb).
    this.queuedBytes = 0;
    this.maxBytes = Infinity;
    this.started = false;
    this.strategySizeAlgorithm = undefined;
    this.strategyHWM = 1;
    // The underlying sink (the `this` of its methods), or undefined when the
    // algorithms are internal closures (createWritableStream).
    this.sink = undefined;
    this.startAlgorithm = undefined;
    this.writeAlgorithm = undefined;
    this.closeAlgorithm = undefined;
    this.abortAlgorithm = undefined;
    // [[abortController]], created on first use of `signal` or on abort.
    this.abortController = undefined;
    this.abortRequested = false;
    this.abortReason = undefined;
    // The sink's write() reactions, bound on the first write and reused
    // (one write runs at a time).
    this.onWriteFulfilled = undefined;
    this.onWriteRejected = undefined;
  }
}

// --- queue-with-sizes (§8.1) ------------------------------------------------------------
// A controller's queue holds value-with-size records flat in `items`, three
// slots each from index `head`: the value (a chunk or CLOSE_SENTINEL), its
// size, and the bytes it counts against the cap. No object per chunk.

function resetQueue(c) {
  c.items = ObjectSetPrototypeOf([], null);
  c.head = 0;
  c.queueLength = 0;
  c.queueTotalSize = 0;
  c.queuedBytes = 0;
}

function enqueueEntry(c, value, size, bytes) {
  const items = c.items;
  const n = items.length;
  items[n] = value;
  items[n + 1] = size;
  items[n + 2] = bytes;
  c.queueLength++;
  c.queueTotalSize += size;
  c.queuedBytes += bytes;
}

// DequeueValue, for a value nobody needs any more.
function dequeueEntry(c) {
  const items = c.items;
  const head = c.head;
  let total = c.queueTotalSize - items[head + 1];
  // Rounding errors could make the total slightly negative.
  if (total < 0) total = 0;
  c.queueTotalSize = total;
  c.queuedBytes -= items[head + 2];
  if (--c.queueLength === 0) {
    items.length = 0;
    c.head = 0;
  } else if (head >= 3072 && head * 2 >= items.length) {
    c.items = ObjectSetPrototypeOf(ArraySlice(items, head + 3), null);
    c.head = 0;
  } else {
    items[head] = undefined;
    c.head = head + 3;
  }
}

// --- WebIDL --------------------------------------------------------------------------

/** WebIDL conversion of a callback's result to Promise<undefined>: a new
 * promise resolved with it (a shared one when it cannot be a thenable). */
function toPromise(v) {
  if (!isObject(v)) return RESOLVED;
  const d = newPromise();
  d.resolve(v);
  return d.promise;
}

// --- the state the classes show ------------------------------------------------------

export function streamDesiredSize(s) {
  const state = s.state;
  if (state === ERRORED || state === ERRORING) return null;
  if (state === CLOSED) return 0;
  return writableStreamDefaultControllerGetDesiredSize(s.controller);
}

// [[abortController]]: made on first need. Until `signal` is read nobody can
// observe it, so an abort before then is remembered and applied on creation.
export function controllerAbortController(c) {
  let ac = c.abortController;
  if (ac === undefined) {
    ac = new AbortController();
    c.abortController = ac;
    if (c.abortRequested) signalAbort(ac.signal, c.abortReason);
  }
  return ac;
}

// --- working with writable streams (§5.5.1) ------------------------------------------

export function acquireWriter(s) {
  const w = new WriterState();
  w.wrapper = new WritableStreamDefaultWriter(SECRET, w);
  setUpWritableStreamDefaultWriter(w, s);
  return w;
}

export function initializeStream() {
  const s = new StreamState();
  s.wrapper = new WritableStream(SECRET, s);
  return s;
}

export function writableStreamAbort(s, reason) {
  let state = s.state;
  if (state === CLOSED || state === ERRORED) return promiseResolvedWith(undefined);
  // Signal abort on [[abortController]]; its listeners may change the state.
  const c = s.controller;
  if (c.abortController !== undefined) {
    signalAbort(c.abortController.signal, reason);
  } else if (!c.abortRequested) {
    c.abortRequested = true;
    c.abortReason = reason;
  }
  state = s.state;
  if (state === CLOSED || state === ERRORED) return promiseResolvedWith(undefined);
  if (s.pendingAbortRequest !== undefined) return s.pendingAbortRequest.promise;
  let wasAlreadyErroring = false;
  if (state === ERRORING) {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const d = newPromise();
  s.pendingAbortRequest = {
    promise: d.promise, resolve: d.resolve, reject: d.reject, reason, wasAlreadyErroring,
  };
  if (!wasAlreadyErroring) writableStreamStartErroring(s, reason);
  return d.promise;
}

export function writableStreamClose(s) {
  const state = s.state;
  if (state === CLOSED || state === ERRORED) {
    return promiseRejectedWith(new TypeErrorCtor(
      `The stream (in ${STATE_NAMES[state]} state) is not in the writable state and cannot be closed`,
    ));
  }
  const d = newPromise();
  s.closeRequest = d;
  const w = s.writer;
  if (w !== undefined && s.backpressure && state === WRITABLE) resolveReady(w);
  writableStreamDefaultControllerClose(s.controller);
  return d.promise;
}

// --- interfacing with controllers (§5.5.2) -------------------------------------------

export function writableStreamCloseQueuedOrInFlight(s) {
  return s.closeRequest !== undefined || s.inFlightCloseRequest !== undefined;
}

function writableStreamDealWithRejection(s, error) {
  if (s.state === WRITABLE) {
    writableStreamStartErroring(s, error);
    return;
  }
  writableStreamFinishErroring(s);
}

function writableStreamFinishErroring(s) {
  s.state = ERRORED;
  // [[ErrorSteps]]
  const c = s.controller;
  resetQueue(c);
  const storedError = s.storedError;
  const requests = s.writeRequests;
  s.writeRequests = new Queue();
  while (requests.length > 0) requests.shift().reject(storedError);
  const abortRequest = s.pendingAbortRequest;
  if (abortRequest === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
    return;
  }
  s.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.reject(storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
    return;
  }
  // [[AbortSteps]]
  const promise = callAbort(c, abortRequest.reason);
  writableStreamDefaultControllerClearAlgorithms(c);
  uponPromise(promise, () => {
    abortRequest.resolve(undefined);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
  }, (reason) => {
    abortRequest.reject(reason);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
  });
}

function writableStreamFinishInFlightClose(s) {
  s.inFlightCloseRequest.resolve(undefined);
  s.inFlightCloseRequest = undefined;
  if (s.state === ERRORING) {
    // The error came too late to matter.
    s.storedError = undefined;
    if (s.pendingAbortRequest !== undefined) {
      s.pendingAbortRequest.resolve(undefined);
      s.pendingAbortRequest = undefined;
    }
  }
  s.state = CLOSED;
  runSettled(s);
  const w = s.writer;
  if (w !== undefined) resolveClosed(w);
}

function writableStreamFinishInFlightCloseWithError(s, error) {
  s.inFlightCloseRequest.reject(error);
  s.inFlightCloseRequest = undefined;
  // The sink's abort() never runs after its close().
  if (s.pendingAbortRequest !== undefined) {
    s.pendingAbortRequest.reject(error);
    s.pendingAbortRequest = undefined;
  }
  writableStreamDealWithRejection(s, error);
}

function writableStreamFinishInFlightWriteWithError(s, error) {
  s.inFlightWriteRequest.reject(error);
  s.inFlightWriteRequest = undefined;
  writableStreamDealWithRejection(s, error);
}

function writableStreamHasOperationMarkedInFlight(s) {
  return s.inFlightWriteRequest !== undefined || s.inFlightCloseRequest !== undefined;
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(s) {
  runSettled(s);
  if (s.closeRequest !== undefined) {
    s.closeRequest.reject(s.storedError);
    s.closeRequest = undefined;
  }
  const w = s.writer;
  if (w !== undefined) {
    if (w.closedReject !== undefined) {
      const reject = w.closedReject;
      w.closedResolve = undefined;
      w.closedReject = undefined;
      reject(s.storedError);
    }
    setPromiseIsHandledToTrue(w.closedPromise);
  }
}

function writableStreamStartErroring(s, reason) {
  const c = s.controller;
  s.state = ERRORING;
  s.storedError = reason;
  const w = s.writer;
  if (w !== undefined) writerEnsureReadyPromiseRejected(w, reason);
  if (!writableStreamHasOperationMarkedInFlight(s) && c.started) writableStreamFinishErroring(s);
}

function writableStreamUpdateBackpressure(s, backpressure) {
  const w = s.writer;
  if (w !== undefined && backpressure !== s.backpressure) {
    if (backpressure) newReady(w);
    else resolveReady(w);
  }
  s.backpressure = backpressure;
}

// --- writers (§5.5.3) ----------------------------------------------------------------

// Makes the writer's [[readyPromise]] if it is not made yet.
export function readyPromise(w) {
  let p = w.readyPromise;
  if (p !== undefined) return p;
  const state = w.readyState;
  if (state === PENDING) {
    const d = newPromise();
    p = d.promise;
    w.readyResolve = d.resolve;
    w.readyReject = d.reject;
  } else if (state === FULFILLED) {
    p = promiseResolvedWith(undefined);
  } else {
    p = promiseRejectedWith(w.readyReason);
    setPromiseIsHandledToTrue(p);
  }
  w.readyPromise = p;
  return p;
}

// Sets [[readyPromise]] to a new promise (pending).
function newReady(w) {
  w.readyState = PENDING;
  w.readyReason = undefined;
  w.readyPromise = undefined;
  w.readyResolve = undefined;
  w.readyReject = undefined;
}

// Sets [[readyPromise]] to a promise resolved with undefined.
function newReadyResolved(w) {
  newReady(w);
  w.readyState = FULFILLED;
}

// Sets [[readyPromise]] to a promise rejected with e, marked as handled.
function newReadyRejected(w, e) {
  newReady(w);
  w.readyState = REJECTED;
  w.readyReason = e;
}

// Resolves [[readyPromise]] (if pending).
function resolveReady(w) {
  if (w.readyState !== PENDING) return;
  w.readyState = FULFILLED;
  const resolve = w.readyResolve;
  if (resolve !== undefined) {
    w.readyResolve = undefined;
    w.readyReject = undefined;
    resolve(undefined);
  }
  const waiter = w.readyWaiter;
  if (waiter !== undefined) {
    w.readyWaiter = undefined;
    // As a reaction to the promise would: a microtask later (WPT
    // piping/flow-control counts on it).
    uponPromise(RESOLVED, waiter);
  }
}

function resolveClosed(w) {
  const resolve = w.closedResolve;
  if (resolve !== undefined) {
    w.closedResolve = undefined;
    w.closedReject = undefined;
    resolve(undefined);
  }
}

export function setUpWritableStreamDefaultWriter(w, s) {
  if (s.writer !== undefined) {
    throw new TypeErrorCtor('This stream has already been locked for exclusive writing by another writer');
  }
  w.stream = s;
  s.writer = w;
  const state = s.state;
  if (state === WRITABLE) {
    if (!writableStreamCloseQueuedOrInFlight(s) && s.backpressure) newReady(w);
    else newReadyResolved(w);
    const d = newPromise();
    w.closedPromise = d.promise;
    w.closedResolve = d.resolve;
    w.closedReject = d.reject;
  } else if (state === ERRORING) {
    newReadyRejected(w, s.storedError);
    const d = newPromise();
    w.closedPromise = d.promise;
    w.closedResolve = d.resolve;
    w.closedReject = d.reject;
  } else if (state === CLOSED) {
    newReadyResolved(w);
    w.closedPromise = promiseResolvedWith(undefined);
  } else {
    const storedError = s.storedError;
    newReadyRejected(w, storedError);
    w.closedPromise = promiseRejectedWith(storedError);
    setPromiseIsHandledToTrue(w.closedPromise);
  }
}

export function writableStreamDefaultWriterCloseWithErrorPropagation(w) {
  const s = w.stream;
  const state = s.state;
  if (writableStreamCloseQueuedOrInFlight(s) || state === CLOSED) return promiseResolvedWith(undefined);
  if (state === ERRORED) return promiseRejectedWith(s.storedError);
  return writableStreamClose(s);
}

function writerEnsureClosedPromiseRejected(w, error) {
  if (w.closedReject !== undefined) {
    const reject = w.closedReject;
    w.closedResolve = undefined;
    w.closedReject = undefined;
    reject(error);
  } else {
    w.closedPromise = promiseRejectedWith(error);
  }
  setPromiseIsHandledToTrue(w.closedPromise);
}

function writerEnsureReadyPromiseRejected(w, error) {
  w.readyWaiter = undefined;
  if (w.readyState === PENDING) {
    w.readyState = REJECTED;
    w.readyReason = error;
    const reject = w.readyReject;
    if (reject !== undefined) {
      w.readyResolve = undefined;
      w.readyReject = undefined;
      reject(error);
      setPromiseIsHandledToTrue(w.readyPromise);
    }
  } else {
    newReadyRejected(w, error);
  }
}

export function writableStreamDefaultWriterGetDesiredSize(w) {
  return streamDesiredSize(w.stream);
}

export function writerRelease(w) {
  const s = w.stream;
  const releasedError = new TypeErrorCtor(
    "Writer was released and can no longer be used to monitor the stream's closedness",
  );
  writerEnsureReadyPromiseRejected(w, releasedError);
  writerEnsureClosedPromiseRejected(w, releasedError);
  s.writer = undefined;
  w.stream = undefined;
}

export function writerWrite(w, chunk) {
  const d = newPromise();
  writerWriteRequest(w, chunk, d);
  return d.promise;
}

// WritableStreamDefaultWriterWrite with the write request given: an object
// whose resolve(undefined) and reject(e) methods settle it (a promise's
// resolving functions, or pipeTo's own record, which needs no promise).
export function writerWriteRequest(w, chunk, request) {
  const s = w.stream;
  const c = s.controller;
  const chunkSize = writableStreamDefaultControllerGetChunkSize(c, chunk);
  if (s !== w.stream) {
    request.reject(new TypeErrorCtor('Cannot write to a stream using a released writer'));
    return;
  }
  const state = s.state;
  if (state === ERRORED) {
    request.reject(s.storedError);
  } else if (writableStreamCloseQueuedOrInFlight(s) || state === CLOSED) {
    request.reject(new TypeErrorCtor('The stream is closing or closed and cannot be written to'));
  } else if (state === ERRORING) {
    request.reject(s.storedError);
  } else {
    // WritableStreamAddWriteRequest
    s.writeRequests.push(request);
    writableStreamDefaultControllerWrite(c, chunk, chunkSize);
  }
}

// --- default controllers (§5.5.4) ------------------------------------------------------

export function setUpWritableStreamDefaultController(s, c, highWaterMark, sizeAlgorithm) {
  c.wrapper = new WritableStreamDefaultController(SECRET, c);
  s.controller = c;
  resetQueue(c);
  c.maxBytes = maxQueuedBytes();
  c.started = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  writableStreamUpdateBackpressure(s, writableStreamDefaultControllerGetBackpressure(c));
  // "A promise resolved with" the result: a new promise, which takes two
  // extra ticks to adopt a promise (TransformStream's start relies on it).
  const startResult = callStart(c);
  uponPromise(toPromise(startResult), () => {
    c.started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }, (r) => {
    c.started = true;
    writableStreamDealWithRejection(s, r);
  });
}

// The four algorithms: a user sink's methods (called as WebIDL callbacks with
// the sink as `this`) or createWritableStream's closures.
function callStart(c) {
  const fn = c.startAlgorithm;
  c.startAlgorithm = undefined;
  if (c.sink === undefined) return fn();
  return fn === undefined ? undefined : call(fn, c.sink, c.wrapper);
}

function callWrite(c, chunk) {
  const fn = c.writeAlgorithm;
  if (c.sink === undefined) return fn(chunk);
  if (fn === undefined) return RESOLVED;
  try {
    return toPromise(call(fn, c.sink, chunk, c.wrapper));
  } catch (e) {
    return promiseRejectedWith(e);
  }
}

function callClose(c) {
  const fn = c.closeAlgorithm;
  if (c.sink === undefined) return fn();
  if (fn === undefined) return RESOLVED;
  try {
    return toPromise(call(fn, c.sink));
  } catch (e) {
    return promiseRejectedWith(e);
  }
}

function callAbort(c, reason) {
  const fn = c.abortAlgorithm;
  if (c.sink === undefined) return fn(reason);
  if (fn === undefined) return RESOLVED;
  try {
    return toPromise(call(fn, c.sink, reason));
  } catch (e) {
    return promiseRejectedWith(e);
  }
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(c) {
  const s = c.stream;
  if (!c.started) return;
  if (s.inFlightWriteRequest !== undefined) return;
  const state = s.state;
  if (state === ERRORING) {
    writableStreamFinishErroring(s);
    return;
  }
  if (c.queueLength === 0) return;
  const value = c.items[c.head];
  if (value === CLOSE_SENTINEL) writableStreamDefaultControllerProcessClose(c);
  else writableStreamDefaultControllerProcessWrite(c, value);
}

function writableStreamDefaultControllerClearAlgorithms(c) {
  // A user sink's algorithms are its methods: dropping the sink drops them.
  c.sink = undefined;
  c.writeAlgorithm = undefined;
  c.closeAlgorithm = undefined;
  c.abortAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

function writableStreamDefaultControllerClose(c) {
  enqueueEntry(c, CLOSE_SENTINEL, 0, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

export function writableStreamDefaultControllerError(c, error) {
  writableStreamDefaultControllerClearAlgorithms(c);
  writableStreamStartErroring(c.stream, error);
}

export function writableStreamDefaultControllerErrorIfNeeded(c, error) {
  if (c.stream.state === WRITABLE) writableStreamDefaultControllerError(c, error);
}

function writableStreamDefaultControllerGetBackpressure(c) {
  return c.strategyHWM - c.queueTotalSize <= 0;
}

function writableStreamDefaultControllerGetChunkSize(c, chunk) {
  const size = c.strategySizeAlgorithm;
  if (size === undefined) return 1;
  try {
    return size(chunk);
  } catch (e) {
    writableStreamDefaultControllerErrorIfNeeded(c, e);
    return 1;
  }
}

function writableStreamDefaultControllerGetDesiredSize(c) {
  return c.strategyHWM - c.queueTotalSize;
}

function writableStreamDefaultControllerProcessClose(c) {
  const s = c.stream;
  // WritableStreamMarkCloseRequestInFlight
  s.inFlightCloseRequest = s.closeRequest;
  s.closeRequest = undefined;
  dequeueEntry(c);
  const sinkClosePromise = callClose(c);
  writableStreamDefaultControllerClearAlgorithms(c);
  uponPromise(sinkClosePromise, () => {
    writableStreamFinishInFlightClose(s);
  }, (reason) => {
    writableStreamFinishInFlightCloseWithError(s, reason);
  });
}

function writableStreamDefaultControllerProcessWrite(c, chunk) {
  const s = c.stream;
  // WritableStreamMarkFirstWriteRequestInFlight
  s.inFlightWriteRequest = s.writeRequests.shift();
  if (c.onWriteFulfilled === undefined) {
    c.onWriteFulfilled = () => writeFulfilled(c);
    c.onWriteRejected = (reason) => writeRejected(c, reason);
  }
  uponPromise(callWrite(c, chunk), c.onWriteFulfilled, c.onWriteRejected);
}

function writeFulfilled(c) {
  const s = c.stream;
  // WritableStreamFinishInFlightWrite
  s.inFlightWriteRequest.resolve(undefined);
  s.inFlightWriteRequest = undefined;
  dequeueEntry(c);
  if (s.closeRequest === undefined && s.inFlightCloseRequest === undefined && s.state === WRITABLE) {
    writableStreamUpdateBackpressure(s, c.strategyHWM - c.queueTotalSize <= 0);
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

function writeRejected(c, reason) {
  const s = c.stream;
  if (s.state === WRITABLE) writableStreamDefaultControllerClearAlgorithms(c);
  writableStreamFinishInFlightWriteWithError(s, reason);
}

function writableStreamDefaultControllerWrite(c, chunk, chunkSize) {
  // The cap: bytes are counted only when there is one.
  const bytes = c.maxBytes === Infinity ? 0 : chunkByteSize(chunk);
  try {
    if (c.queuedBytes + bytes > c.maxBytes) checkBufferLimit(c.queuedBytes + bytes, 'WritableStream');
    // EnqueueValueWithSize
    if (!isNonNegativeNumber(chunkSize) || chunkSize === Infinity) {
      throw new RangeErrorCtor('The chunk size must be a finite, non-negative number');
    }
  } catch (e) {
    writableStreamDefaultControllerErrorIfNeeded(c, e);
    return;
  }
  enqueueEntry(c, chunk, chunkSize, bytes);
  const s = c.stream;
  if (s.closeRequest === undefined && s.inFlightCloseRequest === undefined && s.state === WRITABLE) {
    writableStreamUpdateBackpressure(s, c.strategyHWM - c.queueTotalSize <= 0);
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}


/**
 * Runs `fn` a microtask after the writer's [[readyPromise]] fulfills (as a
 * reaction to it would run); never if it rejects.
 */
export function writerUponReady(w, fn) {
  const state = w.readyState;
  if (state === FULFILLED) uponPromise(RESOLVED, fn);
  else if (state === PENDING) w.readyWaiter = fn;
}
