// ReadableStream, ReadableStreamDefaultReader and ReadableStreamBYOBReader
// (WHATWG Streams Standard §4.2-4.4, §4.9.1-4.9.3): the stream, its readers
// and the stream-level abstract operations.
//
// The readable side is split by concern:
//   streams_readable             this file; the interface for other modules
//   streams_readable_controller  ReadableStreamDefaultController, CreateReadableStream
//   streams_byte                 ReadableByteStreamController, ReadableStreamBYOBRequest
//   streams_readable_tee         ReadableStreamDefaultTee, ReadableByteStreamTee
//   streams_readable_iter        async iteration, ReadableStream.from
//   streams_readable_specs       §9 entry points for Fetch (byte reading support,
//                                stream from bytes, read all bytes)
//   streams_util                 promises, queues, strategies, buffers, the byte cap
//
// Internal slots live in plain records, not on the platform objects: each
// ReadableStream, reader and controller holds its record in one private
// field, and every abstract operation works on records (fast property access,
// no brand check per step). A record's `obj` is its platform object.
//   stream record: { state, reader, storedError, disturbed, controller, obj }
//   reader record: { stream, closedPromise, closedResolve, closedReject,
//                    requests (a Queue of read(-into) requests), byob, obj }
// A controller record has `byte` false (streams_readable_controller) or true
// (streams_byte).
//
// Internal functions are named after the spec's abstract operations with
// the "ReadableStream" prefix shortened (streamClose = ReadableStreamClose);
// the exports at the end take platform objects and carry the full names
// (see /work/briefs/interfaces.md).
//
// Read requests are objects with chunkSteps(chunk), closeSteps() and
// errorSteps(e) methods (called as methods), so hot paths use one class
// instance per read rather than three closures.

import {
  newPromise, promiseResolvedWith, promiseRejectedWith, uponPromise, setPromiseIsHandledToTrue,
  Queue, convertQueuingStrategy, extractHighWaterMark, extractSizeAlgorithm, finishInterface,
  enforceRangeUnsignedLongLong, inspectStream, viewByteLength, isDetachedBuffer, call,
  runSettled,
} from 'nanojs:streams_util';
import {
  setUpByteControllerFromSource, byteControllerCancelSteps, byteControllerPullSteps,
  byteControllerReleaseSteps, byteControllerPullInto, checkArrayBufferView, byteControllerError,
} from 'nanojs:streams_byte';
import {
  ReadableStreamDefaultController, setUpDefaultControllerFromSource,
  defaultControllerCancelSteps, defaultControllerPullSteps, defaultControllerTakeChunk,
  createReadableStreamRecord, defaultControllerError,
} from 'nanojs:streams_readable_controller';
import { builtin } from 'nanojs:host';

const ReflectApply = Reflect.apply;
const ObjectDefineProperty = Object.defineProperty;
const TypeErrorCtor = TypeError;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TATagGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const TALengthGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
const ABByteLengthGet = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const abByteLength = (ab) => ReflectApply(ABByteLengthGet, ab, []);
const RangeErrorCtor = RangeError;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export const READABLE = 0;
export const CLOSED = 1;
export const ERRORED = 2;
const STATE_NAMES = ['readable', 'closed', 'errored'];

// Passed as the first constructor argument to build platform objects
// internally (not reachable by programs).
export const SECRET = Symbol('streams internal');

// Modules loaded on first use, so that an isolate that only reads streams
// never loads tee, iteration, WritableStream or piping (nor events/abort).
let teeNs = null;
let iterNs = null;
let pipeNs = null;
let writableNs = null;
let abortNs = null;
const streamTee = (s, cloneForBranch2) =>
  (teeNs ??= builtin('nanojs:streams_readable_tee')).streamTee(s, cloneForBranch2);
const iterModule = () => (iterNs ??= builtin('nanojs:streams_readable_iter'));
const pipeModule = () => (pipeNs ??= builtin('nanojs:streams_pipe'));
const writableModule = () => (writableNs ??= builtin('nanojs:streams_writable'));
const isAbortSignal = (v) => (abortNs ??= builtin('nanojs:abort')).isAbortSignal(v);

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// Set in the classes' static blocks.
let streamRecordOf; // ReadableStream -> record (undefined if not a ReadableStream)
let readerRecordOf; // ReadableStreamDefaultReader -> record
let byobReaderRecordOf;

/** A fresh ReadableStream and its record (InitializeReadableStream). */
export function newStreamRecord() {
  return streamRecordOf(new ReadableStream(SECRET));
}

// --- ReadableStream ------------------------------------------------------------

export class ReadableStream {
  #s;

  constructor(underlyingSource = undefined, strategy = undefined) {
    // InitializeReadableStream
    this.#s = {
      state: READABLE, reader: undefined, storedError: undefined, disturbed: false,
      controller: undefined, obj: this, onSettled: undefined,
    };
    if (underlyingSource === SECRET) return;
    if (underlyingSource !== undefined && !isObject(underlyingSource)) {
      throw new TypeErrorCtor("Failed to construct 'ReadableStream': The provided value is not of type 'object'.");
    }
    const strat = convertQueuingStrategy(strategy, "Failed to construct 'ReadableStream'");
    const source = underlyingSource === undefined ? null : underlyingSource;
    const dict = convertUnderlyingSource(source);
    if (dict.type === 'bytes') {
      if (strat.size !== undefined) {
        throw new RangeErrorCtor('The strategy for a byte stream cannot have a size function');
      }
      const hwm = extractHighWaterMark(strat, 0);
      setUpByteControllerFromSource(this.#s, source, dict, hwm);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strat);
      const hwm = extractHighWaterMark(strat, 1);
      setUpDefaultControllerFromSource(this.#s, source, dict, hwm, sizeAlgorithm);
    }
  }

  static from(asyncIterable) {
    return iterModule().readableStreamFromIterable(asyncIterable).obj;
  }

  get locked() {
    return this.#s.reader !== undefined;
  }

  cancel(reason = undefined) {
    if (!isObject(this) || !(#s in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    const s = this.#s;
    if (s.reader !== undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot cancel a stream that is locked to a reader'));
    }
    return streamCancel(s, reason);
  }

  getReader(options = undefined) {
    const s = this.#s;
    let byob = false;
    if (options !== undefined && options !== null) {
      if (!isObject(options)) {
        throw new TypeErrorCtor("Failed to execute 'getReader' on 'ReadableStream': The provided value is not of type 'ReadableStreamGetReaderOptions'.");
      }
      const mode = options.mode;
      if (mode !== undefined) {
        if (`${mode}` !== 'byob') {
          throw new TypeErrorCtor(`Failed to execute 'getReader' on 'ReadableStream': '${mode}' is not a valid value for enumeration ReadableStreamReaderMode.`);
        }
        byob = true;
      }
    }
    if (byob) return newBYOBReader(s).obj;
    return acquireDefaultReader(s).obj;
  }

  pipeThrough(transform, options = undefined) {
    const s = this.#s;
    const what = "Failed to execute 'pipeThrough' on 'ReadableStream'";
    if (!isObject(transform)) {
      throw new TypeErrorCtor(`${what}: parameter 1 is not of type 'ReadableWritablePair'.`);
    }
    const readable = transform.readable;
    if (readable === undefined) {
      throw new TypeErrorCtor(`${what}: required member readable is undefined.`);
    }
    if (streamRecordOf(readable) === undefined) {
      throw new TypeErrorCtor(`${what}: member readable is not of type 'ReadableStream'.`);
    }
    const writable = transform.writable;
    if (writable === undefined) {
      throw new TypeErrorCtor(`${what}: required member writable is undefined.`);
    }
    if (!writableModule().isWritableStream(writable)) {
      throw new TypeErrorCtor(`${what}: member writable is not of type 'WritableStream'.`);
    }
    const opts = convertPipeOptions(options, what);
    if (s.reader !== undefined) throw new TypeErrorCtor(`${what}: the stream is locked`);
    if (writableModule().isWritableStreamLocked(writable)) {
      throw new TypeErrorCtor(`${what}: the writable side is locked`);
    }
    const promise = pipeModule().readableStreamPipeTo(
      this, writable, opts.preventClose, opts.preventAbort, opts.preventCancel, opts.signal,
    );
    setPromiseIsHandledToTrue(promise);
    return readable;
  }

  pipeTo(destination, options = undefined) {
    const what = "Failed to execute 'pipeTo' on 'ReadableStream'";
    if (!isObject(this) || !(#s in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    const s = this.#s;
    if (!writableModule().isWritableStream(destination)) {
      return promiseRejectedWith(new TypeErrorCtor(`${what}: parameter 1 is not of type 'WritableStream'.`));
    }
    let opts;
    try {
      opts = convertPipeOptions(options, what);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    if (s.reader !== undefined) {
      return promiseRejectedWith(new TypeErrorCtor(`${what}: the stream is locked`));
    }
    if (writableModule().isWritableStreamLocked(destination)) {
      return promiseRejectedWith(new TypeErrorCtor(`${what}: the destination is locked`));
    }
    return pipeModule().readableStreamPipeTo(
      this, destination, opts.preventClose, opts.preventAbort, opts.preventCancel, opts.signal,
    );
  }

  tee() {
    const branches = streamTee(this.#s, false);
    return [branches[0].obj, branches[1].obj];
  }

  [INSPECT](depth, options, inspect) {
    const s = this.#s;
    return inspectStream(this, 'ReadableStream', {
      locked: s.reader !== undefined,
      state: STATE_NAMES[s.state],
      supportsBYOB: s.controller !== undefined && s.controller.byte,
    }, depth, options, inspect);
  }

  static {
    streamRecordOf = (o) => (isObject(o) && #s in o ? o.#s : undefined);
  }
}

/** The UnderlyingSource dictionary, members in lexicographic order. */
function convertUnderlyingSource(source) {
  const dict = {
    autoAllocateChunkSize: undefined, cancel: undefined, pull: undefined,
    start: undefined, type: undefined,
  };
  if (source === null) return dict;
  const size = source.autoAllocateChunkSize;
  if (size !== undefined) {
    dict.autoAllocateChunkSize = enforceRangeUnsignedLongLong(size,
      "Failed to construct 'ReadableStream': member autoAllocateChunkSize");
  }
  dict.cancel = callbackMember(source, 'cancel');
  dict.pull = callbackMember(source, 'pull');
  dict.start = callbackMember(source, 'start');
  const type = source.type;
  if (type !== undefined) {
    const t = `${type}`;
    if (t !== 'bytes') {
      throw new TypeErrorCtor(`Failed to construct 'ReadableStream': '${t}' is not a valid value for enumeration ReadableStreamType.`);
    }
    dict.type = t;
  }
  return dict;
}

function callbackMember(dict, name) {
  const v = dict[name];
  if (v !== undefined && typeof v !== 'function') {
    throw new TypeErrorCtor(`Failed to construct 'ReadableStream': '${name}' member is not a function.`);
  }
  return v;
}

/** StreamPipeOptions, members in lexicographic order. */
function convertPipeOptions(options, what) {
  const out = { preventAbort: false, preventCancel: false, preventClose: false, signal: undefined };
  if (options === undefined || options === null) return out;
  if (!isObject(options)) {
    throw new TypeErrorCtor(`${what}: parameter 2 is not of type 'StreamPipeOptions'.`);
  }
  out.preventAbort = !!options.preventAbort;
  out.preventCancel = !!options.preventCancel;
  out.preventClose = !!options.preventClose;
  const signal = options.signal;
  if (signal !== undefined) {
    if (!isAbortSignal(signal)) {
      throw new TypeErrorCtor(`${what}: member signal is not of type 'AbortSignal'.`);
    }
    out.signal = signal;
  }
  return out;
}

// --- stream abstract operations (§4.9.1-4.9.2) -------------------------------------

/** ReadableStreamCancel. */
export function streamCancel(s, reason) {
  s.disturbed = true;
  if (s.state === CLOSED) return promiseResolvedWith(undefined);
  if (s.state === ERRORED) return promiseRejectedWith(s.storedError);
  streamClose(s);
  const reader = s.reader;
  if (reader !== undefined && reader.byob) {
    const requests = reader.requests;
    reader.requests = new Queue();
    while (requests.length > 0) requests.shift().closeSteps(undefined);
  }
  const c = s.controller;
  const sourceCancelPromise = c.byte
    ? byteControllerCancelSteps(c, reason) : defaultControllerCancelSteps(c, reason);
  return uponPromise(sourceCancelPromise, returnUndefined, undefined);
}

const returnUndefined = () => undefined;

/** ReadableStreamClose. */
export function streamClose(s) {
  s.state = CLOSED;
  runSettled(s);
  const reader = s.reader;
  if (reader === undefined) return;
  reader.closedResolve(undefined);
  if (!reader.byob) {
    const requests = reader.requests;
    if (requests.length === 0) return;
    reader.requests = new Queue();
    while (requests.length > 0) requests.shift().closeSteps();
  }
}

/** ReadableStreamError. */
export function streamError(s, e) {
  s.state = ERRORED;
  s.storedError = e;
  runSettled(s);
  const reader = s.reader;
  if (reader === undefined) return;
  reader.closedReject(e);
  setPromiseIsHandledToTrue(reader.closedPromise);
  errorReaderRequests(reader, e);
}

/** ReadableStreamDefaultReaderErrorReadRequests and
 * ReadableStreamBYOBReaderErrorReadIntoRequests. */
function errorReaderRequests(reader, e) {
  const requests = reader.requests;
  if (requests.length === 0) return;
  reader.requests = new Queue();
  while (requests.length > 0) requests.shift().errorSteps(e);
}

/** ReadableStreamAddReadRequest / ReadableStreamAddReadIntoRequest. */
export function addReadRequest(s, request) {
  s.reader.requests.push(request);
}

/** ReadableStreamFulfillReadRequest. */
export function fulfillReadRequest(s, chunk, done) {
  const request = s.reader.requests.shift();
  if (done) request.closeSteps();
  else request.chunkSteps(chunk);
}

/** ReadableStreamFulfillReadIntoRequest. */
export function fulfillReadIntoRequest(s, chunk, done) {
  const request = s.reader.requests.shift();
  if (done) request.closeSteps(chunk);
  else request.chunkSteps(chunk);
}

/** ReadableStreamGetNumReadRequests / ...ReadIntoRequests. */
export function numReadRequests(s) {
  return s.reader.requests.length;
}

/** ReadableStreamHasDefaultReader. */
export function hasDefaultReader(s) {
  return s.reader !== undefined && !s.reader.byob;
}

/** ReadableStreamHasBYOBReader. */
export function hasBYOBReader(s) {
  return s.reader !== undefined && s.reader.byob;
}

// --- readers (§4.3, §4.9.3) ----------------------------------------------------------

/** ReadableStreamReaderGenericInitialize. */
export function readerGenericInitialize(reader, s) {
  reader.stream = s;
  s.reader = reader;
  if (s.state === READABLE) {
    const p = newPromise();
    reader.closedPromise = p.promise;
    reader.closedResolve = p.resolve;
    reader.closedReject = p.reject;
  } else if (s.state === CLOSED) {
    reader.closedPromise = promiseResolvedWith(undefined);
  } else {
    reader.closedPromise = promiseRejectedWith(s.storedError);
    setPromiseIsHandledToTrue(reader.closedPromise);
  }
}

/** ReadableStreamReaderGenericRelease. */
export function readerGenericRelease(reader) {
  const s = reader.stream;
  const e = new TypeErrorCtor('Reader was released and can no longer be used to monitor the stream\'s closedness');
  if (s.state === READABLE) {
    reader.closedReject(e);
  } else {
    reader.closedPromise = promiseRejectedWith(e);
  }
  setPromiseIsHandledToTrue(reader.closedPromise);
  const c = s.controller;
  if (c.byte) byteControllerReleaseSteps(c);
  s.reader = undefined;
  reader.stream = undefined;
}

/** ReadableStreamDefaultReaderRelease / ReadableStreamBYOBReaderRelease. */
export function readerRelease(reader) {
  readerGenericRelease(reader);
  errorReaderRequests(reader, new TypeErrorCtor('Reader was released'));
}

/** A reader record; `byob` selects read-into requests. */
export function newReaderRecord(byob) {
  return {
    stream: undefined, closedPromise: undefined, closedResolve: undefined,
    closedReject: undefined, requests: new Queue(), byob, obj: undefined,
  };
}

/** AcquireReadableStreamDefaultReader (with its platform object). */
export function acquireDefaultReader(s) {
  return readerRecordOf(new ReadableStreamDefaultReader(SECRET, s));
}

/** SetUpReadableStreamDefaultReader. */
function setUpDefaultReader(reader, s) {
  if (s.reader !== undefined) {
    throw new TypeErrorCtor('ReadableStreamDefaultReader constructor can only accept readable streams that are not yet locked to a reader');
  }
  readerGenericInitialize(reader, s);
}

/** ReadableStreamDefaultReaderRead. */
export function defaultReaderRead(reader, request) {
  const s = reader.stream;
  s.disturbed = true;
  if (s.state === CLOSED) {
    request.closeSteps();
  } else if (s.state === ERRORED) {
    request.errorSteps(s.storedError);
  } else {
    const c = s.controller;
    if (c.byte) byteControllerPullSteps(c, request);
    else defaultControllerPullSteps(c, request);
  }
}

// A promise and its resolving functions without the object
// Promise.withResolvers() returns: one shared executor hands them over.
const PromiseCtor = Promise;
let capturedResolve;
let capturedReject;
const captureResolvers = (resolve, reject) => {
  capturedResolve = resolve;
  capturedReject = reject;
};

/** The read request of reader.read(): settles a promise with an iterator
 * result. */
class PromiseReadRequest {
  constructor() {
    this.promise = new PromiseCtor(captureResolvers);
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }

  chunkSteps(chunk) {
    this.resolve({ value: chunk, done: false });
  }

  closeSteps() {
    this.resolve({ value: undefined, done: true });
  }

  errorSteps(e) {
    this.reject(e);
  }
}

export class ReadableStreamDefaultReader {
  #r;

  constructor(stream, internal = undefined) {
    const reader = newReaderRecord(false);
    reader.obj = this;
    if (stream === SECRET) {
      setUpDefaultReader(reader, internal);
    } else {
      const s = streamRecordOf(stream);
      if (s === undefined) {
        throw new TypeErrorCtor("Failed to construct 'ReadableStreamDefaultReader': parameter 1 is not of type 'ReadableStream'.");
      }
      setUpDefaultReader(reader, s);
    }
    this.#r = reader;
  }

  get closed() {
    if (!isObject(this) || !(#r in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    return this.#r.closedPromise;
  }

  cancel(reason = undefined) {
    if (!isObject(this) || !(#r in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    const reader = this.#r;
    if (reader.stream === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot cancel a stream using a released reader'));
    }
    return streamCancel(reader.stream, reason);
  }

  read() {
    if (!isObject(this) || !(#r in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    const reader = this.#r;
    const s = reader.stream;
    if (s === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot read from a released reader'));
    }
    // Fast path: a chunk already queued in a default controller is
    // delivered without a pending read request (same observable steps as
    // ReadableStreamDefaultControllerPullSteps).
    const c = s.controller;
    if (s.state === READABLE && !c.byte && c.queue.length > 0) {
      s.disturbed = true;
      return promiseResolvedWith({ value: defaultControllerTakeChunk(c), done: false });
    }
    const request = new PromiseReadRequest();
    defaultReaderRead(reader, request);
    return request.promise;
  }

  releaseLock() {
    const reader = this.#r;
    if (reader.stream === undefined) return;
    readerRelease(reader);
  }

  [INSPECT](depth, options, inspect) {
    const reader = this.#r;
    return inspectStream(this, 'ReadableStreamDefaultReader', {
      stream: reader.stream === undefined ? undefined : reader.stream.obj,
      readRequests: reader.requests.length,
      close: reader.closedPromise,
    }, depth, options, inspect);
  }

  static {
    readerRecordOf = (o) => (isObject(o) && #r in o ? o.#r : undefined);
  }
}

// --- ReadableStreamBYOBReader (§4.4, §4.9.3) ------------------------------------------

/** The read-into request of reader.read(view). */
class PromiseReadIntoRequest {
  constructor() {
    this.promise = new PromiseCtor(captureResolvers);
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }

  chunkSteps(chunk) {
    this.resolve({ value: chunk, done: false });
  }

  closeSteps(chunk) {
    this.resolve({ value: chunk, done: true });
  }

  errorSteps(e) {
    this.reject(e);
  }
}

/** SetUpReadableStreamBYOBReader. */
function setUpBYOBReader(reader, s) {
  if (s.reader !== undefined) {
    throw new TypeErrorCtor('ReadableStreamBYOBReader constructor can only accept readable streams that are not yet locked to a reader');
  }
  if (!s.controller.byte) {
    throw new TypeErrorCtor('Cannot construct a ReadableStreamBYOBReader for a stream not constructed with a byte source');
  }
  readerGenericInitialize(reader, s);
}

export class ReadableStreamBYOBReader {
  #r;

  constructor(stream, internal = undefined) {
    const reader = newReaderRecord(true);
    reader.obj = this;
    if (stream === SECRET) {
      setUpBYOBReader(reader, internal);
    } else {
      const s = streamRecordOf(stream);
      if (s === undefined) {
        throw new TypeErrorCtor("Failed to construct 'ReadableStreamBYOBReader': parameter 1 is not of type 'ReadableStream'.");
      }
      setUpBYOBReader(reader, s);
    }
    this.#r = reader;
  }

  get closed() {
    if (!isObject(this) || !(#r in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    return this.#r.closedPromise;
  }

  cancel(reason = undefined) {
    if (!isObject(this) || !(#r in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    const reader = this.#r;
    if (reader.stream === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot cancel a stream using a released reader'));
    }
    return streamCancel(reader.stream, reason);
  }

  read(view, options = undefined) {
    if (!isObject(this) || !(#r in this)) return promiseRejectedWith(new TypeErrorCtor('Illegal invocation'));
    const reader = this.#r;
    const what = "Failed to execute 'read' on 'ReadableStreamBYOBReader'";
    let buffer;
    let min = 1;
    try {
      buffer = checkArrayBufferView(view, `${what}: parameter 1`);
      if (options !== undefined && options !== null) {
        if (!isObject(options)) {
          throw new TypeErrorCtor(`${what}: parameter 2 is not of type 'ReadableStreamBYOBReaderReadOptions'.`);
        }
        const m = options.min;
        if (m !== undefined) min = enforceRangeUnsignedLongLong(m, `${what}: member min`);
      }
    } catch (e) {
      return promiseRejectedWith(e);
    }
    if (viewByteLength(view) === 0) {
      return promiseRejectedWith(new TypeErrorCtor('view must have non-zero byteLength'));
    }
    if (abByteLength(buffer) === 0) {
      return promiseRejectedWith(new TypeErrorCtor("view's buffer must have non-zero byteLength"));
    }
    if (isDetachedBuffer(buffer)) {
      return promiseRejectedWith(new TypeErrorCtor("view's buffer has been detached"));
    }
    if (min === 0) return promiseRejectedWith(new TypeErrorCtor('options.min must be greater than 0'));
    if (ReflectApply(TATagGet, view, []) !== undefined) {
      if (min > ReflectApply(TALengthGet, view, [])) {
        return promiseRejectedWith(new RangeErrorCtor("options.min must be less than or equal to view's length"));
      }
    } else if (min > viewByteLength(view)) {
      return promiseRejectedWith(new RangeErrorCtor("options.min must be less than or equal to view's byteLength"));
    }
    if (reader.stream === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot read from a released reader'));
    }
    const request = new PromiseReadIntoRequest();
    byobReaderRead(reader, view, min, request);
    return request.promise;
  }

  releaseLock() {
    const reader = this.#r;
    if (reader.stream === undefined) return;
    readerRelease(reader);
  }

  [INSPECT](depth, options, inspect) {
    const reader = this.#r;
    return inspectStream(this, 'ReadableStreamBYOBReader', {
      stream: reader.stream === undefined ? undefined : reader.stream.obj,
      readIntoRequests: reader.requests.length,
      close: reader.closedPromise,
    }, depth, options, inspect);
  }

  static {
    byobReaderRecordOf = (o) => (isObject(o) && #r in o ? o.#r : undefined);
  }
}

/** AcquireReadableStreamBYOBReader: the reader record (with its platform
 * object). */
export function newBYOBReader(s) {
  return byobReaderRecordOf(new ReadableStreamBYOBReader(SECRET, s));
}

/** ReadableStreamBYOBReaderRead. */
export function byobReaderRead(reader, view, min, readIntoRequest) {
  const s = reader.stream;
  s.disturbed = true;
  if (s.state === ERRORED) readIntoRequest.errorSteps(s.storedError);
  else byteControllerPullInto(s.controller, view, min, readIntoRequest);
}

// --- exports taking platform objects (interfaces.md) ----------------------------------

function S(stream) {
  return streamRecordOf(stream);
}

export function isReadableStream(v) {
  return streamRecordOf(v) !== undefined;
}
export function isReadableStreamLocked(stream) {
  return S(stream).reader !== undefined;
}
export function isReadableStreamDisturbed(stream) {
  return S(stream).disturbed;
}
export function readableStreamState(stream) {
  return STATE_NAMES[S(stream).state];
}
export function readableStreamStoredError(stream) {
  return S(stream).storedError;
}
/** The stream's controller (a ReadableStreamDefaultController or
 * ReadableByteStreamController). */
export function readableStreamController(stream) {
  return S(stream).controller.obj;
}
/** The default controller of a stream made by createReadableStream. */
export function readableStreamDefaultControllerOf(stream) {
  return S(stream).controller.obj;
}
/** Calls fn() when the stream closes or errors, or now if it has (node:stream
 * finished() watches web streams without locking them). */
export function readableStreamOnSettled(stream, fn) {
  const s = S(stream);
  if (s.state !== READABLE) fn();
  else (s.onSettled ??= []).push(fn);
}
/** Sets [[disturbed]] (ReadableStreamPipeTo step 9). */
export function setReadableStreamDisturbed(stream) {
  S(stream).disturbed = true;
}
/** The record behind a ReadableStream (for nanojs:streams_byte). */
export function readableStreamRecord(stream) {
  return streamRecordOf(stream);
}
const sizeOne = () => 1;

export function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark = 1, sizeAlgorithm = sizeOne) {
  return createReadableStreamRecord(startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, sizeAlgorithm).obj;
}
export function acquireReadableStreamDefaultReader(stream) {
  return acquireDefaultReader(S(stream)).obj;
}
export function readableStreamDefaultReaderRead(reader, readRequest) {
  defaultReaderRead(readerRecordOf(reader), readRequest);
}
export function readableStreamDefaultReaderRelease(reader) {
  readerRelease(readerRecordOf(reader));
}
export function readerClosedPromise(reader) {
  return readerRecordOf(reader).closedPromise;
}
export function readableStreamCancel(stream, reason) {
  return streamCancel(S(stream), reason);
}
export function readableStreamClose(stream) {
  streamClose(S(stream));
}
export function readableStreamError(stream, e) {
  streamError(S(stream), e);
}
/** "Error a ReadableStream" for other specs: errors the stream through its
 * controller (default or byte); nothing happens unless it is readable. */
export function readableStreamErrorStream(stream, e) {
  const c = S(stream).controller;
  if (c.byte) byteControllerError(c, e);
  else defaultControllerError(c, e);
}
export function readableStreamTee(stream, cloneForBranch2) {
  const branches = streamTee(S(stream), cloneForBranch2);
  return [branches[0].obj, branches[1].obj];
}

// values() and @@asyncIterator: one function (WebIDL async iterable),
// implemented in nanojs:streams_readable_iter.
function values(options = undefined) {
  return call(iterModule().values, this, options);
}
ObjectDefineProperty(ReadableStream.prototype, 'values', {
  value: values, writable: true, enumerable: true, configurable: true,
});
ObjectDefineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  value: values, writable: true, enumerable: false, configurable: true,
});

finishInterface(ReadableStream, 'ReadableStream');
finishInterface(ReadableStreamDefaultReader, 'ReadableStreamDefaultReader');
finishInterface(ReadableStreamBYOBReader, 'ReadableStreamBYOBReader');

export { ReadableStreamDefaultController };
export {
  readableStreamDefaultControllerEnqueue, readableStreamDefaultControllerClose,
  readableStreamDefaultControllerError, readableStreamDefaultControllerGetDesiredSize,
  readableStreamDefaultControllerHasBackpressure, readableStreamDefaultControllerCanCloseOrEnqueue,
} from 'nanojs:streams_readable_controller';
export { readAllBytes } from 'nanojs:streams_readable_specs';
