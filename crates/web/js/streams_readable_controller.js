// ReadableStreamDefaultController (WHATWG Streams Standard §4.6, §4.9.4)
// and CreateReadableStream, on the records of nanojs:streams_readable.
//
// A default controller record:
//   { byte: false, stream, queue, queueTotalSize, queuedBytes, byteLimit,
//     started, closeRequested, pullAgain, pulling, strategySizeAlgorithm,
//     strategyHWM, pullFn/pullThis, cancelFn/cancelThis, obj,
//     onPullFulfilled, onPullRejected }
// The pull/cancel algorithms are stored as a function and its `this`: the
// underlying source's method and the source, or an internal algorithm and
// undefined. The two pull reactions are made once per controller, so a pull
// costs no closures.

import {
  promiseResolvedWith, promiseRejectedWith, uponPromise, newPromiseResolvedWith,
  resetQueue, enqueueValueWithSize, dequeueValue, chunkByteSize, checkBufferLimit,
  maxQueuedBytes, finishInterface, inspectStream, call,
} from 'nanojs:streams_util';
import {
  READABLE, CLOSED, ERRORED, SECRET, newStreamRecord, streamClose, streamError,
  fulfillReadRequest, addReadRequest,
} from 'nanojs:streams_readable';

const ReflectApply = Reflect.apply;
const TypeErrorCtor = TypeError;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// Set in the class's static block.
let defaultControllerRecordOf;

// --- the interface -------------------------------------------------------------------

export class ReadableStreamDefaultController {
  #c;

  constructor(key = undefined, record = undefined) {
    if (key !== SECRET) throw new TypeErrorCtor('Illegal constructor');
    this.#c = record;
    record.obj = this;
  }

  get desiredSize() {
    return defaultControllerGetDesiredSize(this.#c);
  }

  close() {
    const c = this.#c;
    if (!defaultControllerCanCloseOrEnqueue(c)) {
      throw new TypeErrorCtor('The stream is not in a state that permits close');
    }
    defaultControllerClose(c);
  }

  enqueue(chunk = undefined) {
    const c = this.#c;
    if (!defaultControllerCanCloseOrEnqueue(c)) {
      throw new TypeErrorCtor('The stream is not in a state that permits enqueue');
    }
    defaultControllerEnqueue(c, chunk);
  }

  error(e = undefined) {
    defaultControllerError(this.#c, e);
  }

  [INSPECT](depth, options, inspect) {
    return inspectStream(this, 'ReadableStreamDefaultController', {}, depth, options, inspect);
  }

  static {
    defaultControllerRecordOf = (o) => (isObject(o) && #c in o ? o.#c : undefined);
  }
}

function newDefaultControllerRecord(s) {
  const c = {
    byte: false, stream: s, queue: undefined, queueTotalSize: 0, queuedBytes: 0,
    byteLimit: maxQueuedBytes(), started: false, closeRequested: false,
    pullAgain: false, pulling: false, strategySizeAlgorithm: undefined,
    strategyHWM: 0, pullFn: undefined, pullThis: undefined, cancelFn: undefined,
    cancelThis: undefined, obj: undefined, onPullFulfilled: undefined,
    onPullRejected: undefined,
  };
  c.onPullFulfilled = () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      defaultControllerCallPullIfNeeded(c);
    }
  };
  c.onPullRejected = (e) => {
    defaultControllerError(c, e);
  };
  new ReadableStreamDefaultController(SECRET, c);
  return c;
}

/** Calls a promise-returning algorithm: an underlying source method (with
 * `thisArg` the source: its result converted to Promise<undefined>, a new
 * promise) or an internal algorithm (thisArg undefined: its promise as is);
 * exceptions become rejections. */
export function callPromiseAlgorithm(fn, thisArg, arg) {
  if (fn === undefined) return promiseResolvedWith(undefined);
  try {
    const result = call(fn, thisArg, arg);
    return thisArg === undefined ? promiseResolvedWith(result) : newPromiseResolvedWith(result);
  } catch (e) {
    return promiseRejectedWith(e);
  }
}

const RESOLVED = promiseResolvedWith(undefined);

/** Calls a controller's [[pullAlgorithm]] and reacts to its promise with
 * c.onPullFulfilled / c.onPullRejected. A pull that returns undefined (the
 * common synchronous source) reacts on a shared resolved promise: the same
 * single promise job, one allocation less. */
export function callPullAlgorithm(c) {
  const fn = c.pullFn;
  let result;
  if (fn !== undefined) {
    try {
      result = call(fn, c.pullThis, c.obj);
    } catch (e) {
      uponPromise(promiseRejectedWith(e), undefined, c.onPullRejected);
      return;
    }
  }
  if (result === undefined) {
    uponPromise(RESOLVED, c.onPullFulfilled, undefined);
  } else {
    const p = c.pullThis === undefined ? promiseResolvedWith(result) : newPromiseResolvedWith(result);
    uponPromise(p, c.onPullFulfilled, c.onPullRejected);
  }
}

/** ReadableStreamDefaultControllerCallPullIfNeeded. */
function defaultControllerCallPullIfNeeded(c) {
  if (!defaultControllerShouldCallPull(c)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  callPullAlgorithm(c);
}

/** ReadableStreamDefaultControllerShouldCallPull. */
export function defaultControllerShouldCallPull(c) {
  const s = c.stream;
  if (c.closeRequested || s.state !== READABLE) return false;
  if (!c.started) return false;
  if (s.reader !== undefined && s.reader.requests.length > 0) return true;
  return c.strategyHWM - c.queueTotalSize > 0;
}

/** ReadableStreamDefaultControllerClearAlgorithms. */
function defaultControllerClearAlgorithms(c) {
  c.pullFn = undefined;
  c.pullThis = undefined;
  c.cancelFn = undefined;
  c.cancelThis = undefined;
  c.strategySizeAlgorithm = undefined;
}

/** ReadableStreamDefaultControllerClose. */
export function defaultControllerClose(c) {
  if (!defaultControllerCanCloseOrEnqueue(c)) return;
  c.closeRequested = true;
  if (c.queue.length === 0) {
    defaultControllerClearAlgorithms(c);
    streamClose(c.stream);
  }
}

/** ReadableStreamDefaultControllerEnqueue, plus the queued-byte cap. */
export function defaultControllerEnqueue(c, chunk) {
  if (!defaultControllerCanCloseOrEnqueue(c)) return;
  const s = c.stream;
  if (s.reader !== undefined && s.reader.requests.length > 0) {
    fulfillReadRequest(s, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = c.strategySizeAlgorithm(chunk);
    } catch (e) {
      defaultControllerError(c, e);
      throw e;
    }
    const bytes = c.byteLimit === Infinity ? 0 : chunkByteSize(chunk);
    try {
      enqueueValueWithSize(c, chunk, chunkSize, bytes);
      if (bytes !== 0) checkBufferLimit(c.queuedBytes, 'ReadableStream');
    } catch (e) {
      defaultControllerError(c, e);
      throw e;
    }
  }
  defaultControllerCallPullIfNeeded(c);
}

/** ReadableStreamDefaultControllerError. */
export function defaultControllerError(c, e) {
  const s = c.stream;
  if (s.state !== READABLE) return;
  resetQueue(c);
  defaultControllerClearAlgorithms(c);
  streamError(s, e);
}

/** ReadableStreamDefaultControllerGetDesiredSize. */
export function defaultControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === ERRORED) return null;
  if (state === CLOSED) return 0;
  return c.strategyHWM - c.queueTotalSize;
}

/** ReadableStreamDefaultControllerCanCloseOrEnqueue. */
export function defaultControllerCanCloseOrEnqueue(c) {
  return !c.closeRequested && c.stream.state === READABLE;
}

/** [[CancelSteps]]. */
export function defaultControllerCancelSteps(c, reason) {
  resetQueue(c);
  const result = callPromiseAlgorithm(c.cancelFn, c.cancelThis, reason);
  defaultControllerClearAlgorithms(c);
  return result;
}

/** The first half of [[PullSteps]] with a non-empty queue: dequeue, then
 * close or pull. */
export function defaultControllerTakeChunk(c) {
  const chunk = dequeueValue(c);
  if (c.closeRequested && c.queue.length === 0) {
    defaultControllerClearAlgorithms(c);
    streamClose(c.stream);
  } else {
    defaultControllerCallPullIfNeeded(c);
  }
  return chunk;
}

/** [[PullSteps]]. */
export function defaultControllerPullSteps(c, request) {
  if (c.queue.length > 0) {
    request.chunkSteps(defaultControllerTakeChunk(c));
  } else {
    addReadRequest(c.stream, request);
    defaultControllerCallPullIfNeeded(c);
  }
}

/** SetUpReadableStreamDefaultController. `start`/`pull`/`cancel` are
 * called with `thisArg` (the underlying source, or undefined for internal
 * algorithms) and the controller (or the reason). */
function setUpDefaultController(s, c, startFn, pullFn, cancelFn, thisArg, hwm, sizeAlgorithm) {
  resetQueue(c);
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = hwm;
  c.pullFn = pullFn;
  c.pullThis = thisArg;
  c.cancelFn = cancelFn;
  c.cancelThis = thisArg;
  s.controller = c;
  const startResult = startFn === undefined ? undefined : ReflectApply(startFn, thisArg, [c.obj]);
  uponPromise(newPromiseResolvedWith(startResult), () => {
    c.started = true;
    defaultControllerCallPullIfNeeded(c);
  }, (r) => {
    defaultControllerError(c, r);
  });
}

/** SetUpReadableStreamDefaultControllerFromUnderlyingSource. */
export function setUpDefaultControllerFromSource(s, source, dict, hwm, sizeAlgorithm) {
  const c = newDefaultControllerRecord(s);
  setUpDefaultController(s, c, dict.start, dict.pull, dict.cancel, source, hwm, sizeAlgorithm);
}

/** CreateReadableStream: returns the stream record. */
export function createReadableStreamRecord(startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark = 1, sizeAlgorithm = sizeOne) {
  const s = newStreamRecord();
  const c = newDefaultControllerRecord(s);
  setUpDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, undefined,
    highWaterMark, sizeAlgorithm);
  return s;
}

const sizeOne = () => 1;

// --- exports taking platform objects (interfaces.md) ------------------------------

export function readableStreamDefaultControllerEnqueue(controller, chunk) {
  defaultControllerEnqueue(defaultControllerRecordOf(controller), chunk);
}
export function readableStreamDefaultControllerClose(controller) {
  defaultControllerClose(defaultControllerRecordOf(controller));
}
export function readableStreamDefaultControllerError(controller, e) {
  defaultControllerError(defaultControllerRecordOf(controller), e);
}
export function readableStreamDefaultControllerGetDesiredSize(controller) {
  return defaultControllerGetDesiredSize(defaultControllerRecordOf(controller));
}
export function readableStreamDefaultControllerHasBackpressure(controller) {
  return !defaultControllerShouldCallPull(defaultControllerRecordOf(controller));
}
export function readableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  return defaultControllerCanCloseOrEnqueue(defaultControllerRecordOf(controller));
}

finishInterface(ReadableStreamDefaultController, 'ReadableStreamDefaultController');
