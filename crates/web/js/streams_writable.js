// WritableStream, WritableStreamDefaultWriter and
// WritableStreamDefaultController (Streams Standard §5): the classes (WebIDL
// conversions, brand checks, inspect hooks) and the exports other modules
// use. The abstract operations live in nanojs:streams_writable_ops.
//
// State lives in plain records (StreamState, WriterState, ControllerState)
// reached from the public objects through one private field each, so that
// the abstract operations, which run per chunk, read ordinary properties and
// user code cannot see or patch any of it.

import {
  promiseRejectedWith, convertQueuingStrategy, extractHighWaterMark, extractSizeAlgorithm,
} from 'nanojs:streams_util';
import {
  SECRET, WRITABLE, STATE_NAMES, StreamState, WriterState, ControllerState,
  acquireWriter, initializeStream, controllerAbortController, readyPromise, streamDesiredSize,
  setUpWritableStreamDefaultController, setUpWritableStreamDefaultWriter,
  writableStreamAbort, writableStreamClose, writableStreamCloseQueuedOrInFlight,
  writableStreamDefaultControllerError, writableStreamDefaultControllerErrorIfNeeded,
  writableStreamDefaultWriterCloseWithErrorPropagation, writableStreamDefaultWriterGetDesiredSize,
  writerRelease, writerWrite, writerWriteRequest, writerUponReady as uponReady,
} from 'nanojs:streams_writable_ops';
import { inspectAs } from 'nanojs:console';

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ReflectOwnKeys = Reflect.ownKeys;
const TypeErrorCtor = TypeError;
const RangeErrorCtor = RangeError;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// --- WebIDL ------------------------------------------------------------------------

function callbackMember(dict, key, what) {
  const v = dict[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'function') {
    throw new TypeErrorCtor(`${what}: '${key}' member of UnderlyingSink is not a function.`);
  }
  return v;
}

const illegal = (what) => new TypeErrorCtor(`Illegal invocation: not a ${what}`);

// --- public classes ---------------------------------------------------------------------

let streamState; // (WritableStream) -> StreamState | undefined
let writerState;
let controllerState;

export class WritableStream {
  #s;

  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === SECRET) {
      this.#s = strategy;
      strategy.wrapper = this;
      return;
    }
    const what = "Failed to construct 'WritableStream'";
    if (underlyingSink !== undefined && !isObject(underlyingSink)) {
      throw new TypeErrorCtor(`${what}: parameter 1 is not of type 'object'.`);
    }
    const strat = convertQueuingStrategy(strategy, what);
    // UnderlyingSink dictionary, members in lexicographic order.
    const sink = underlyingSink === undefined ? null : underlyingSink;
    let abort;
    let close;
    let start;
    let write;
    if (sink !== null) {
      abort = callbackMember(sink, 'abort', what);
      close = callbackMember(sink, 'close', what);
      start = callbackMember(sink, 'start', what);
      if (sink.type !== undefined) throw new RangeErrorCtor(`${what}: Invalid type is specified`);
      write = callbackMember(sink, 'write', what);
    }
    const s = new StreamState();
    s.wrapper = this;
    this.#s = s;
    const sizeAlgorithm = extractSizeAlgorithm(strat);
    const highWaterMark = extractHighWaterMark(strat, 1);
    const controller = new ControllerState(s);
    controller.sink = sink;
    controller.startAlgorithm = start;
    controller.writeAlgorithm = write;
    controller.closeAlgorithm = close;
    controller.abortAlgorithm = abort;
    setUpWritableStreamDefaultController(s, controller, highWaterMark, sizeAlgorithm);
  }

  get locked() {
    const s = this.#s;
    if (s === undefined) throw illegal('WritableStream');
    return s.writer !== undefined;
  }

  abort(reason = undefined) {
    if (streamState(this) === undefined) return promiseRejectedWith(illegal('WritableStream'));
    const s = this.#s;
    if (s.writer !== undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot abort a stream that already has a writer'));
    }
    return writableStreamAbort(s, reason);
  }

  close() {
    if (streamState(this) === undefined) return promiseRejectedWith(illegal('WritableStream'));
    const s = this.#s;
    if (s.writer !== undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot close a stream that already has a writer'));
    }
    if (writableStreamCloseQueuedOrInFlight(s)) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot close an already-closing stream'));
    }
    return writableStreamClose(s);
  }

  getWriter() {
    if (!(#s in this)) throw illegal('WritableStream');
    return acquireWriter(this.#s).wrapper;
  }

  [INSPECT]() {
    const s = this.#s;
    return inspectAs('WritableStream', {
      locked: s.writer !== undefined,
      state: STATE_NAMES[s.state],
      desiredSize: streamDesiredSize(s),
    });
  }

  static {
    streamState = (o) => (isObject(o) && #s in o ? o.#s : undefined);
  }
}

export class WritableStreamDefaultWriter {
  #w;

  constructor(stream) {
    if (stream === SECRET) {
      this.#w = arguments[1];
      return;
    }
    if (arguments.length < 1) {
      throw new TypeErrorCtor(
        "Failed to construct 'WritableStreamDefaultWriter': 1 argument required, but only 0 present.",
      );
    }
    const s = streamState(stream);
    if (s === undefined) {
      throw new TypeErrorCtor(
        "Failed to construct 'WritableStreamDefaultWriter': parameter 1 is not of type 'WritableStream'.",
      );
    }
    const w = new WriterState();
    w.wrapper = this;
    this.#w = w;
    setUpWritableStreamDefaultWriter(w, s);
  }

  get closed() {
    if (writerState(this) === undefined) return promiseRejectedWith(illegal('WritableStreamDefaultWriter'));
    return this.#w.closedPromise;
  }

  get desiredSize() {
    if (!(#w in this)) throw illegal('WritableStreamDefaultWriter');
    const w = this.#w;
    if (w.stream === undefined) throw new TypeErrorCtor('The writer has been released');
    return writableStreamDefaultWriterGetDesiredSize(w);
  }

  get ready() {
    if (writerState(this) === undefined) return promiseRejectedWith(illegal('WritableStreamDefaultWriter'));
    return readyPromise(this.#w);
  }

  abort(reason = undefined) {
    if (writerState(this) === undefined) return promiseRejectedWith(illegal('WritableStreamDefaultWriter'));
    const w = this.#w;
    if (w.stream === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('The writer has been released'));
    }
    return writableStreamAbort(w.stream, reason);
  }

  close() {
    if (writerState(this) === undefined) return promiseRejectedWith(illegal('WritableStreamDefaultWriter'));
    const w = this.#w;
    const s = w.stream;
    if (s === undefined) return promiseRejectedWith(new TypeErrorCtor('The writer has been released'));
    if (writableStreamCloseQueuedOrInFlight(s)) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot close an already-closing stream'));
    }
    return writableStreamClose(s);
  }

  releaseLock() {
    if (!(#w in this)) throw illegal('WritableStreamDefaultWriter');
    const w = this.#w;
    if (w.stream === undefined) return;
    writerRelease(w);
  }

  write(chunk = undefined) {
    if (writerState(this) === undefined) return promiseRejectedWith(illegal('WritableStreamDefaultWriter'));
    const w = this.#w;
    if (w.stream === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('Cannot write to a stream using a released writer'));
    }
    return writerWrite(w, chunk);
  }

  [INSPECT]() {
    const w = this.#w;
    return inspectAs('WritableStreamDefaultWriter', {
      stream: w.stream === undefined ? undefined : w.stream.wrapper,
      closed: w.closedPromise,
      ready: readyPromise(w),
      desiredSize: w.stream === undefined ? undefined : writableStreamDefaultWriterGetDesiredSize(w),
    });
  }

  static {
    writerState = (o) => (isObject(o) && #w in o ? o.#w : undefined);
  }
}

export class WritableStreamDefaultController {
  #c;

  constructor() {
    if (arguments[0] !== SECRET) throw new TypeErrorCtor('Illegal constructor');
    this.#c = arguments[1];
  }

  get signal() {
    if (!(#c in this)) throw illegal('WritableStreamDefaultController');
    return controllerAbortController(this.#c).signal;
  }

  error(e = undefined) {
    if (!(#c in this)) throw illegal('WritableStreamDefaultController');
    const c = this.#c;
    if (c.stream.state !== WRITABLE) return;
    writableStreamDefaultControllerError(c, e);
  }

  [INSPECT]() {
    const c = this.#c;
    return inspectAs('WritableStreamDefaultController', { stream: c.stream.wrapper });
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
finishInterface(WritableStream, 'WritableStream');
finishInterface(WritableStreamDefaultWriter, 'WritableStreamDefaultWriter');
finishInterface(WritableStreamDefaultController, 'WritableStreamDefaultController');

// --- exports for the other stream modules -----------------------------------------------
// These take the public objects (WritableStream, WritableStreamDefaultWriter).

export function isWritableStream(v) {
  return streamState(v) !== undefined;
}

export function isWritableStreamLocked(ws) {
  return streamState(ws).writer !== undefined;
}

export function acquireWritableStreamDefaultWriter(ws) {
  return acquireWriter(streamState(ws)).wrapper;
}

export function writableStreamDefaultWriterWrite(writer, chunk) {
  return writerWrite(writerState(writer), chunk);
}

/** WritableStreamDefaultWriterWrite settling `request` (an object with
 * resolve(undefined) and reject(e) methods) instead of a promise. */
export function writableStreamDefaultWriterWriteRequest(writer, chunk, request) {
  writerWriteRequest(writerState(writer), chunk, request);
}

export function writableStreamDefaultWriterRelease(writer) {
  writerRelease(writerState(writer));
}

function closeWithErrorPropagationOf(writer) {
  return writableStreamDefaultWriterCloseWithErrorPropagation(writerState(writer));
}

function abortOf(ws, reason) {
  return writableStreamAbort(streamState(ws), reason);
}

function closeQueuedOrInFlightOf(ws) {
  return writableStreamCloseQueuedOrInFlight(streamState(ws));
}

export {
  closeWithErrorPropagationOf as writableStreamDefaultWriterCloseWithErrorPropagation,
  abortOf as writableStreamAbort,
  closeQueuedOrInFlightOf as writableStreamCloseQueuedOrInFlight,
};

/**
 * CreateWritableStream: the algorithms are closures (start() returns a value
 * or promise; write(chunk), close(), abort(reason) return promises).
 */
export function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
  highWaterMark = 1, sizeAlgorithm = () => 1) {
  const s = initializeStream();
  const c = new ControllerState(s);
  c.startAlgorithm = startAlgorithm;
  c.writeAlgorithm = writeAlgorithm;
  c.closeAlgorithm = closeAlgorithm;
  c.abortAlgorithm = abortAlgorithm;
  setUpWritableStreamDefaultController(s, c, highWaterMark, sizeAlgorithm);
  return s.wrapper;
}

// Internal slots, for pipeTo and TransformStream.
export function writableStreamState(ws) {
  return STATE_NAMES[streamState(ws).state];
}
export function writableStreamStoredError(ws) {
  return streamState(ws).storedError;
}
/**
 * Runs `fn` a microtask after the writer's [[readyPromise]] fulfills (as a
 * reaction to it would run); never if it rejects.
 */
export function writerUponReady(writer, fn) {
  uponReady(writerState(writer), fn);
}
export function writerClosedPromise(writer) {
  return writerState(writer).closedPromise;
}
/** Calls fn() once ws is closed, or errored with its abort done, or now if it
 * is (node:stream finished() watches web streams without locking them). */
export function writableStreamOnSettled(ws, fn) {
  const s = streamState(ws);
  const state = STATE_NAMES[s.state];
  if (state === 'closed' || (state === 'errored' && s.pendingAbortRequest === undefined)) fn();
  else (s.onSettled ??= []).push(fn);
}
/** WritableStreamDefaultControllerErrorIfNeeded on ws's controller. */
export function writableStreamErrorIfNeeded(ws, error) {
  writableStreamDefaultControllerErrorIfNeeded(streamState(ws).controller, error);
}

