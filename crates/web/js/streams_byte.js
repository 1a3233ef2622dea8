// Readable byte streams: ReadableByteStreamController and
// ReadableStreamBYOBRequest (WHATWG Streams Standard §4.7, §4.8, §4.9.5).
// Also re-exported here, where interfaces.md lists them: ReadableStreamBYOBReader
// (nanojs:streams_readable) and the "set up with byte reading support" entry
// points (nanojs:streams_readable_specs).
//
// Records as in nanojs:streams_readable. A byte controller record:
//   { byte: true, stream, autoAllocateChunkSize, byobRequest (record|null),
//     closeRequested, pullAgain, pulling, pendingPullIntos (Queue),
//     queue (Queue of {buffer, byteOffset, byteLength}), queueTotalSize,
//     started, strategyHWM, pullFn/pullThis, cancelFn/cancelThis, obj, ... }
// A pull-into descriptor: { buffer, bufferByteLength, byteOffset, byteLength,
//   bytesFilled, minimumFill, elementSize, viewConstructor, readerType }
// with readerType 'default' | 'byob' | 'none'.
//
// Buffers handed to a byte stream are transferred (their ArrayBuffer is
// detached) with ArrayBuffer.prototype.transfer, as the spec requires.

import {
  uponPromise, Queue, resetQueue, newPromiseResolvedWith,
  transferArrayBuffer, isDetachedBuffer, viewBuffer, viewByteOffset, viewByteLength,
  isSharedArrayBuffer, checkBufferLimit, maxQueuedBytes, enforceRangeUnsignedLongLong,
  finishInterface, inspectStream,
} from 'nanojs:streams_util';
import {
  READABLE, CLOSED, ERRORED, SECRET, newStreamRecord, streamClose, streamError,
  addReadRequest, fulfillReadRequest, fulfillReadIntoRequest, hasDefaultReader, hasBYOBReader,
} from 'nanojs:streams_readable';
import { callPromiseAlgorithm, callPullAlgorithm } from 'nanojs:streams_readable_controller';

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const TypeErrorCtor = TypeError;
const RangeErrorCtor = RangeError;
const ArrayBufferCtor = ArrayBuffer;
const ArrayBufferIsView = ArrayBuffer.isView;
const ABByteLengthGet = ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const ABResizableGet = ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
const ABSlice = ArrayBuffer.prototype.slice;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TATagGet = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const TASet = TypedArrayPrototype.set;
const U8 = Uint8Array;
const DataViewCtor = DataView;
const MathMin = Math.min;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// Typed array name -> [element size, constructor] (the spec's typed array
// constructors table).
const TYPED_ARRAYS = { __proto__: null };
for (const ctor of [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  ...(typeof Float16Array === 'function' ? [Float16Array] : []),
]) {
  TYPED_ARRAYS[ctor.name] = [ctor.BYTES_PER_ELEMENT, ctor];
}

const abByteLength = (ab) => ReflectApply(ABByteLengthGet, ab, []);

/** WebIDL ArrayBufferView (no [AllowShared], no [AllowResizable]): the
 * view's buffer, or a TypeError. */
export function checkArrayBufferView(v, what) {
  if (!ArrayBufferIsView(v)) {
    throw new TypeErrorCtor(`${what} is not of type 'ArrayBufferView'.`);
  }
  const buffer = viewBuffer(v);
  if (isSharedArrayBuffer(buffer)) {
    throw new TypeErrorCtor(`${what} is backed by a SharedArrayBuffer.`);
  }
  if (ABResizableGet !== undefined && ReflectApply(ABResizableGet, buffer, [])) {
    throw new TypeErrorCtor(`${what} is backed by a resizable ArrayBuffer.`);
  }
  return buffer;
}

// Set in the classes' static blocks.
let byteControllerRecordOf;
let byobRequestRecordOf;

// --- ReadableByteStreamController (§4.7) ---------------------------------------------

export class ReadableByteStreamController {
  #c;

  constructor(key = undefined, record = undefined) {
    if (key !== SECRET) throw new TypeErrorCtor('Illegal constructor');
    this.#c = record;
    record.obj = this;
  }

  get byobRequest() {
    const request = getBYOBRequest(this.#c);
    return request === null ? null : request.obj;
  }

  get desiredSize() {
    return byteControllerGetDesiredSize(this.#c);
  }

  close() {
    const c = this.#c;
    if (c.closeRequested) throw new TypeErrorCtor('The stream has already been closed');
    if (c.stream.state !== READABLE) {
      throw new TypeErrorCtor('The stream is not in a state that permits close');
    }
    byteControllerClose(c);
  }

  enqueue(chunk) {
    const c = this.#c;
    const what = "Failed to execute 'enqueue' on 'ReadableByteStreamController': parameter 1";
    const buffer = checkArrayBufferView(chunk, what);
    if (viewByteLength(chunk) === 0) throw new TypeErrorCtor('chunk must have non-zero byteLength');
    if (abByteLength(buffer) === 0) {
      throw new TypeErrorCtor("chunk's buffer must have non-zero byteLength");
    }
    if (c.closeRequested) throw new TypeErrorCtor('The stream has already been closed');
    if (c.stream.state !== READABLE) {
      throw new TypeErrorCtor('The stream is not in a state that permits enqueue');
    }
    byteControllerEnqueue(c, chunk);
  }

  error(e = undefined) {
    byteControllerError(this.#c, e);
  }

  [INSPECT](depth, options, inspect) {
    return inspectStream(this, 'ReadableByteStreamController', {}, depth, options, inspect);
  }

  static {
    byteControllerRecordOf = (o) => (isObject(o) && #c in o ? o.#c : undefined);
  }
}

// --- ReadableStreamBYOBRequest (§4.8) -----------------------------------------------

export class ReadableStreamBYOBRequest {
  #b;

  constructor(key = undefined, record = undefined) {
    if (key !== SECRET) throw new TypeErrorCtor('Illegal constructor');
    this.#b = record;
    record.obj = this;
  }

  get view() {
    return this.#b.view;
  }

  respond(bytesWritten) {
    const b = this.#b;
    const n = enforceRangeUnsignedLongLong(bytesWritten,
      "Failed to execute 'respond' on 'ReadableStreamBYOBRequest': parameter 1");
    if (b.controller === undefined) throw new TypeErrorCtor('This BYOB request has been invalidated');
    if (isDetachedBuffer(viewBuffer(b.view))) {
      throw new TypeErrorCtor('The BYOB request\'s buffer has been detached and so cannot be used as a response');
    }
    byteControllerRespond(b.controller, n);
  }

  respondWithNewView(view) {
    const b = this.#b;
    const buffer = checkArrayBufferView(view,
      "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest': parameter 1");
    if (b.controller === undefined) throw new TypeErrorCtor('This BYOB request has been invalidated');
    if (isDetachedBuffer(buffer)) {
      throw new TypeErrorCtor('The given view\'s buffer has been detached and so cannot be used as a response');
    }
    byteControllerRespondWithNewView(b.controller, view);
  }

  [INSPECT](depth, options, inspect) {
    return inspectStream(this, 'ReadableStreamBYOBRequest', { view: this.#b.view }, depth, options, inspect);
  }

  static {
    byobRequestRecordOf = (o) => (isObject(o) && #b in o ? o.#b : undefined);
  }
}

/** The record behind a ReadableByteStreamController (undefined for
 * anything else). */
export function byteControllerRecord(controller) {
  return byteControllerRecordOf(controller);
}

// --- byte controller abstract operations (§4.9.5) ------------------------------------

function newByteControllerRecord(s) {
  const c = {
    byte: true, stream: s, autoAllocateChunkSize: undefined, byobRequest: null,
    closeRequested: false, pullAgain: false, pulling: false, pendingPullIntos: new Queue(),
    queue: undefined, queueTotalSize: 0, queuedBytes: 0, byteLimit: maxQueuedBytes(),
    started: false, strategyHWM: 0, pullFn: undefined, pullThis: undefined,
    cancelFn: undefined, cancelThis: undefined, obj: undefined,
    onPullFulfilled: undefined, onPullRejected: undefined,
  };
  c.onPullFulfilled = () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      byteControllerCallPullIfNeeded(c);
    }
  };
  c.onPullRejected = (e) => {
    byteControllerError(c, e);
  };
  new ReadableByteStreamController(SECRET, c);
  return c;
}

/** ReadableByteStreamControllerCallPullIfNeeded. */
function byteControllerCallPullIfNeeded(c) {
  if (!byteControllerShouldCallPull(c)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  callPullAlgorithm(c);
}

/** ReadableByteStreamControllerShouldCallPull. */
function byteControllerShouldCallPull(c) {
  const s = c.stream;
  if (s.state !== READABLE || c.closeRequested || !c.started) return false;
  if (s.reader !== undefined && s.reader.requests.length > 0) return true;
  return byteControllerGetDesiredSize(c) > 0;
}

/** ReadableByteStreamControllerClearAlgorithms. */
function byteControllerClearAlgorithms(c) {
  c.pullFn = undefined;
  c.pullThis = undefined;
  c.cancelFn = undefined;
  c.cancelThis = undefined;
}

/** ReadableByteStreamControllerClearPendingPullIntos. */
function byteControllerClearPendingPullIntos(c) {
  byteControllerInvalidateBYOBRequest(c);
  c.pendingPullIntos = new Queue();
}

/** ReadableByteStreamControllerClose. */
export function byteControllerClose(c) {
  const s = c.stream;
  if (c.closeRequested || s.state !== READABLE) return;
  if (c.queueTotalSize > 0) {
    c.closeRequested = true;
    return;
  }
  if (c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos.peek();
    if (first.bytesFilled % first.elementSize !== 0) {
      const e = new TypeErrorCtor('Insufficient bytes to fill elements in the given buffer');
      byteControllerError(c, e);
      throw e;
    }
  }
  byteControllerClearAlgorithms(c);
  streamClose(s);
}

/** ReadableByteStreamControllerCommitPullIntoDescriptor. */
function commitPullIntoDescriptor(s, pd) {
  let done = false;
  if (s.state === CLOSED) done = true;
  const filledView = convertPullIntoDescriptor(pd);
  if (pd.readerType === 'default') fulfillReadRequest(s, filledView, done);
  else fulfillReadIntoRequest(s, filledView, done);
}

/** ReadableByteStreamControllerConvertPullIntoDescriptor. */
function convertPullIntoDescriptor(pd) {
  const buffer = transferArrayBuffer(pd.buffer);
  return new pd.viewConstructor(buffer, pd.byteOffset, pd.bytesFilled / pd.elementSize);
}

/** ReadableByteStreamControllerEnqueue, plus the queued-byte cap. */
export function byteControllerEnqueue(c, chunk) {
  const s = c.stream;
  if (c.closeRequested || s.state !== READABLE) return;
  const buffer = viewBuffer(chunk);
  const byteOffset = viewByteOffset(chunk);
  const byteLength = viewByteLength(chunk);
  if (isDetachedBuffer(buffer)) throw new TypeErrorCtor("chunk's buffer is detached and so cannot be enqueued");
  const transferredBuffer = transferArrayBuffer(buffer);
  if (c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos.peek();
    if (isDetachedBuffer(first.buffer)) {
      throw new TypeErrorCtor("The BYOB request's buffer has been detached and so cannot be filled with an enqueued chunk");
    }
    byteControllerInvalidateBYOBRequest(c);
    first.buffer = transferArrayBuffer(first.buffer);
    if (first.readerType === 'none') enqueueDetachedPullIntoToQueue(c, first);
  }
  if (hasDefaultReader(s)) {
    processReadRequestsUsingQueue(c);
    if (s.reader.requests.length === 0) {
      enqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    } else {
      if (c.pendingPullIntos.length > 0) shiftPendingPullInto(c);
      fulfillReadRequest(s, new U8(transferredBuffer, byteOffset, byteLength), false);
    }
  } else if (hasBYOBReader(s)) {
    enqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    const filled = processPullIntoDescriptorsUsingQueue(c);
    for (let i = 0; i < filled.length; i++) commitPullIntoDescriptor(s, filled[i]);
  } else {
    enqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
  }
  if (c.queueTotalSize > c.byteLimit) {
    let e;
    try {
      checkBufferLimit(c.queueTotalSize, 'ReadableStream');
    } catch (err) {
      e = err;
    }
    byteControllerError(c, e);
    throw e;
  }
  byteControllerCallPullIfNeeded(c);
}

/** ReadableByteStreamControllerEnqueueChunkToQueue. */
function enqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
  c.queue.push({ buffer, byteOffset, byteLength });
  c.queueTotalSize += byteLength;
}

/** ReadableByteStreamControllerEnqueueClonedChunkToQueue. */
function enqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
  let clone;
  try {
    clone = ReflectApply(ABSlice, buffer, [byteOffset, byteOffset + byteLength]);
  } catch (e) {
    byteControllerError(c, e);
    throw e;
  }
  enqueueChunkToQueue(c, clone, 0, byteLength);
}

/** ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue. */
function enqueueDetachedPullIntoToQueue(c, pd) {
  if (pd.bytesFilled > 0) enqueueClonedChunkToQueue(c, pd.buffer, pd.byteOffset, pd.bytesFilled);
  shiftPendingPullInto(c);
}

/** ReadableByteStreamControllerError. */
export function byteControllerError(c, e) {
  const s = c.stream;
  if (s.state !== READABLE) return;
  byteControllerClearPendingPullIntos(c);
  resetQueue(c);
  byteControllerClearAlgorithms(c);
  streamError(s, e);
}

/** ReadableByteStreamControllerFillHeadPullIntoDescriptor. */
function fillHeadPullIntoDescriptor(c, size, pd) {
  pd.bytesFilled += size;
}

/** ReadableByteStreamControllerFillPullIntoDescriptorFromQueue. */
function fillPullIntoDescriptorFromQueue(c, pd) {
  const maxBytesToCopy = MathMin(c.queueTotalSize, pd.byteLength - pd.bytesFilled);
  const maxBytesFilled = pd.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % pd.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= pd.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pd.bytesFilled;
    ready = true;
  }
  const queue = c.queue;
  while (totalBytesToCopyRemaining > 0) {
    const head = queue.peek();
    const bytesToCopy = MathMin(totalBytesToCopyRemaining, head.byteLength);
    const destStart = pd.byteOffset + pd.bytesFilled;
    ReflectApply(TASet, new U8(pd.buffer, destStart, bytesToCopy),
      [new U8(head.buffer, head.byteOffset, bytesToCopy)]);
    if (head.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      head.byteOffset += bytesToCopy;
      head.byteLength -= bytesToCopy;
    }
    c.queueTotalSize -= bytesToCopy;
    fillHeadPullIntoDescriptor(c, bytesToCopy, pd);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

/** ReadableByteStreamControllerFillReadRequestFromQueue. */
function fillReadRequestFromQueue(c, readRequest) {
  const entry = c.queue.shift();
  c.queueTotalSize -= entry.byteLength;
  handleQueueDrain(c);
  readRequest.chunkSteps(new U8(entry.buffer, entry.byteOffset, entry.byteLength));
}

/** ReadableByteStreamControllerGetBYOBRequest: the request record or null. */
export function getBYOBRequest(c) {
  if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos.peek();
    const view = new U8(first.buffer, first.byteOffset + first.bytesFilled,
      first.byteLength - first.bytesFilled);
    const request = { controller: c, view, obj: undefined };
    new ReadableStreamBYOBRequest(SECRET, request);
    c.byobRequest = request;
  }
  return c.byobRequest;
}

/** ReadableByteStreamControllerGetDesiredSize. */
export function byteControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === ERRORED) return null;
  if (state === CLOSED) return 0;
  return c.strategyHWM - c.queueTotalSize;
}

/** ReadableByteStreamControllerHandleQueueDrain. */
function handleQueueDrain(c) {
  if (c.queueTotalSize === 0 && c.closeRequested) {
    byteControllerClearAlgorithms(c);
    streamClose(c.stream);
  } else {
    byteControllerCallPullIfNeeded(c);
  }
}

/** ReadableByteStreamControllerInvalidateBYOBRequest. */
function byteControllerInvalidateBYOBRequest(c) {
  const request = c.byobRequest;
  if (request === null) return;
  request.controller = undefined;
  request.view = null;
  c.byobRequest = null;
}

/** ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue. */
function processPullIntoDescriptorsUsingQueue(c) {
  const filled = [];
  const pending = c.pendingPullIntos;
  while (pending.length > 0) {
    if (c.queueTotalSize === 0) break;
    const pd = pending.peek();
    if (fillPullIntoDescriptorFromQueue(c, pd)) {
      shiftPendingPullInto(c);
      filled[filled.length] = pd;
    }
  }
  return filled;
}

/** ReadableByteStreamControllerProcessReadRequestsUsingQueue. */
function processReadRequestsUsingQueue(c) {
  const reader = c.stream.reader;
  while (reader.requests.length > 0) {
    if (c.queueTotalSize === 0) return;
    fillReadRequestFromQueue(c, reader.requests.shift());
  }
}

/** ReadableByteStreamControllerPullInto. */
export function byteControllerPullInto(c, view, min, readIntoRequest) {
  const s = c.stream;
  let elementSize = 1;
  let ctor = DataViewCtor;
  const tag = ReflectApply(TATagGet, view, []);
  if (tag !== undefined) {
    const entry = TYPED_ARRAYS[tag];
    elementSize = entry[0];
    ctor = entry[1];
  }
  const minimumFill = min * elementSize;
  const byteOffset = viewByteOffset(view);
  const byteLength = viewByteLength(view);
  let buffer;
  try {
    buffer = transferArrayBuffer(viewBuffer(view));
  } catch (e) {
    readIntoRequest.errorSteps(e);
    return;
  }
  const pd = {
    buffer, bufferByteLength: abByteLength(buffer), byteOffset, byteLength, bytesFilled: 0,
    minimumFill, elementSize, viewConstructor: ctor, readerType: 'byob',
  };
  if (c.pendingPullIntos.length > 0) {
    c.pendingPullIntos.push(pd);
    addReadRequest(s, readIntoRequest);
    return;
  }
  if (s.state === CLOSED) {
    readIntoRequest.closeSteps(new ctor(pd.buffer, pd.byteOffset, 0));
    return;
  }
  if (c.queueTotalSize > 0) {
    if (fillPullIntoDescriptorFromQueue(c, pd)) {
      const filledView = convertPullIntoDescriptor(pd);
      handleQueueDrain(c);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (c.closeRequested) {
      const e = new TypeErrorCtor('Insufficient bytes to fill elements in the given buffer');
      byteControllerError(c, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  c.pendingPullIntos.push(pd);
  addReadRequest(s, readIntoRequest);
  byteControllerCallPullIfNeeded(c);
}

/** ReadableByteStreamControllerRespond. */
export function byteControllerRespond(c, bytesWritten) {
  const first = c.pendingPullIntos.peek();
  const state = c.stream.state;
  if (state === CLOSED) {
    if (bytesWritten !== 0) {
      throw new TypeErrorCtor('bytesWritten must be 0 when calling respond() on a closed stream');
    }
  } else {
    if (bytesWritten === 0) {
      throw new TypeErrorCtor('bytesWritten must be greater than 0 when calling respond() on a readable stream');
    }
    if (first.bytesFilled + bytesWritten > first.byteLength) {
      throw new RangeErrorCtor('bytesWritten out of range');
    }
  }
  first.buffer = transferArrayBuffer(first.buffer);
  byteControllerRespondInternal(c, bytesWritten);
}

/** ReadableByteStreamControllerRespondInClosedState. */
function respondInClosedState(c, first) {
  if (first.readerType === 'none') shiftPendingPullInto(c);
  const s = c.stream;
  if (hasBYOBReader(s)) {
    const filled = [];
    while (filled.length < s.reader.requests.length) filled[filled.length] = shiftPendingPullInto(c);
    for (let i = 0; i < filled.length; i++) commitPullIntoDescriptor(s, filled[i]);
  }
}

/** ReadableByteStreamControllerRespondInReadableState. */
function respondInReadableState(c, bytesWritten, pd) {
  fillHeadPullIntoDescriptor(c, bytesWritten, pd);
  const s = c.stream;
  if (pd.readerType === 'none') {
    enqueueDetachedPullIntoToQueue(c, pd);
    const filled = processPullIntoDescriptorsUsingQueue(c);
    for (let i = 0; i < filled.length; i++) commitPullIntoDescriptor(s, filled[i]);
    return;
  }
  if (pd.bytesFilled < pd.minimumFill) return;
  shiftPendingPullInto(c);
  const remainderSize = pd.bytesFilled % pd.elementSize;
  if (remainderSize > 0) {
    const end = pd.byteOffset + pd.bytesFilled;
    enqueueClonedChunkToQueue(c, pd.buffer, end - remainderSize, remainderSize);
  }
  pd.bytesFilled -= remainderSize;
  const filled = processPullIntoDescriptorsUsingQueue(c);
  commitPullIntoDescriptor(s, pd);
  for (let i = 0; i < filled.length; i++) commitPullIntoDescriptor(s, filled[i]);
}

/** ReadableByteStreamControllerRespondInternal. */
function byteControllerRespondInternal(c, bytesWritten) {
  const first = c.pendingPullIntos.peek();
  byteControllerInvalidateBYOBRequest(c);
  if (c.stream.state === CLOSED) respondInClosedState(c, first);
  else respondInReadableState(c, bytesWritten, first);
  byteControllerCallPullIfNeeded(c);
}

/** ReadableByteStreamControllerRespondWithNewView. */
export function byteControllerRespondWithNewView(c, view) {
  const first = c.pendingPullIntos.peek();
  const state = c.stream.state;
  const byteLength = viewByteLength(view);
  if (state === CLOSED) {
    if (byteLength !== 0) {
      throw new TypeErrorCtor("The view's length must be 0 when calling respondWithNewView() on a closed stream");
    }
  } else if (byteLength === 0) {
    throw new TypeErrorCtor("The view's length must be greater than 0 when calling respondWithNewView() on a readable stream");
  }
  const buffer = viewBuffer(view);
  if (first.byteOffset + first.bytesFilled !== viewByteOffset(view)) {
    throw new RangeErrorCtor('The region specified by view does not match byobRequest');
  }
  if (first.bufferByteLength !== abByteLength(buffer)) {
    throw new RangeErrorCtor('The buffer of view has different capacity than byobRequest');
  }
  if (first.bytesFilled + byteLength > first.byteLength) {
    throw new RangeErrorCtor('The region specified by view is larger than byobRequest');
  }
  first.buffer = transferArrayBuffer(buffer);
  byteControllerRespondInternal(c, byteLength);
}

/** ReadableByteStreamControllerShiftPendingPullInto. */
function shiftPendingPullInto(c) {
  return c.pendingPullIntos.shift();
}

/** [[CancelSteps]]. */
export function byteControllerCancelSteps(c, reason) {
  byteControllerClearPendingPullIntos(c);
  resetQueue(c);
  const result = callPromiseAlgorithm(c.cancelFn, c.cancelThis, reason);
  byteControllerClearAlgorithms(c);
  return result;
}

/** [[PullSteps]]. */
export function byteControllerPullSteps(c, readRequest) {
  const s = c.stream;
  if (c.queueTotalSize > 0) {
    fillReadRequestFromQueue(c, readRequest);
    return;
  }
  const size = c.autoAllocateChunkSize;
  if (size !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBufferCtor(size);
    } catch (e) {
      readRequest.errorSteps(e);
      return;
    }
    c.pendingPullIntos.push({
      buffer, bufferByteLength: size, byteOffset: 0, byteLength: size, bytesFilled: 0,
      minimumFill: 1, elementSize: 1, viewConstructor: U8, readerType: 'default',
    });
  }
  addReadRequest(s, readRequest);
  byteControllerCallPullIfNeeded(c);
}

/** [[ReleaseSteps]]. */
export function byteControllerReleaseSteps(c) {
  if (c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos.peek();
    first.readerType = 'none';
    const rest = new Queue();
    rest.push(first);
    c.pendingPullIntos = rest;
  }
}

/** SetUpReadableByteStreamController. */
function setUpByteController(s, c, startFn, pullFn, cancelFn, thisArg, hwm, autoAllocateChunkSize) {
  resetQueue(c);
  c.strategyHWM = hwm;
  c.pullFn = pullFn;
  c.pullThis = thisArg;
  c.cancelFn = cancelFn;
  c.cancelThis = thisArg;
  c.autoAllocateChunkSize = autoAllocateChunkSize;
  s.controller = c;
  const startResult = startFn === undefined ? undefined : ReflectApply(startFn, thisArg, [c.obj]);
  uponPromise(newPromiseResolvedWith(startResult), () => {
    c.started = true;
    byteControllerCallPullIfNeeded(c);
  }, (r) => {
    byteControllerError(c, r);
  });
}

/** SetUpReadableByteStreamControllerFromUnderlyingSource. */
export function setUpByteControllerFromSource(s, source, dict, hwm) {
  const c = newByteControllerRecord(s);
  const autoAllocateChunkSize = dict.autoAllocateChunkSize;
  if (autoAllocateChunkSize === 0) {
    throw new TypeErrorCtor('autoAllocateChunkSize must be greater than 0');
  }
  setUpByteController(s, c, dict.start, dict.pull, dict.cancel, source, hwm, autoAllocateChunkSize);
}

/** CreateReadableByteStream: the stream record. */
export function createReadableByteStreamRecord(startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark = 0) {
  const s = newStreamRecord();
  const c = newByteControllerRecord(s);
  setUpByteController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, undefined,
    highWaterMark, undefined);
  return s;
}

finishInterface(ReadableByteStreamController, 'ReadableByteStreamController');
finishInterface(ReadableStreamBYOBRequest, 'ReadableStreamBYOBRequest');

export { ReadableStreamBYOBReader, newBYOBReader, byobReaderRead } from 'nanojs:streams_readable';
export {
  readableByteStreamFrom, createReadableByteStream, readableByteStreamControllerEnqueue,
  readableByteStreamControllerClose, readableByteStreamControllerError,
  readableByteStreamControllerGetDesiredSize, readableByteStreamControllerGetBYOBRequestView,
  readableByteStreamControllerRespond, readableStreamFromBytes,
} from 'nanojs:streams_readable_specs';
