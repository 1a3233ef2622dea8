// The Streams Standard's entry points for other specifications (§9.1), as
// Fetch and the body bridges use them: "set up with byte reading support"
// (readableByteStreamFrom) and its controller operations, a byte stream
// over a byte sequence (readableStreamFromBytes), and reading a whole
// stream into bytes (readAllBytes, Fetch's "fully read").
//
// Re-exported by nanojs:streams_byte and nanojs:streams_readable, where
// interfaces.md lists them.

import { newPromise, promiseResolvedWith } from 'nanojs:streams_util';
import { acquireDefaultReader, defaultReaderRead, readableStreamRecord } from 'nanojs:streams_readable';
import {
  byteControllerRecord, byteControllerEnqueue, byteControllerClose, byteControllerError,
  byteControllerGetDesiredSize, byteControllerRespond, getBYOBRequest,
  createReadableByteStreamRecord,
} from 'nanojs:streams_byte';

const ReflectApply = Reflect.apply;
const TypeErrorCtor = TypeError;
const MathMin = Math.min;
const U8 = Uint8Array;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TATagGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const TABufferGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'buffer').get;
const TAByteOffsetGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteOffset').get;
const TAByteLengthGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get;
const TASet = TypedArrayPrototype.set;
const ABByteLengthGet = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const TASubarray = TypedArrayPrototype.subarray;

// --- byte reading support for other specs (§9.1) ------------------------------------

/** "Set up with byte reading support": a byte ReadableStream whose
 * pullAlgorithm(controller) and cancelAlgorithm(reason) return promises
 * (or throw). `controller` is the ReadableByteStreamController, for the
 * readableByteStreamController* functions below. */
export function readableByteStreamFrom(pullAlgorithm, cancelAlgorithm, highWaterMark = 0) {
  return createReadableByteStreamRecord(undefined, pullAlgorithm, cancelAlgorithm, highWaterMark).obj;
}

/** CreateReadableByteStream (platform object). */
export function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm) {
  return createReadableByteStreamRecord(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0).obj;
}

/** Enqueues a view (its buffer is transferred: detached for the caller).
 * Throws the cap's RangeError (after erroring the stream) when over
 * max_buffer_size_mb. */
export function readableByteStreamControllerEnqueue(controller, view) {
  byteControllerEnqueue(byteControllerRecord(controller), view);
}

/** Closes the stream, as the spec's "close" for other specs: a pending
 * BYOB read is answered with 0 bytes (done). */
export function readableByteStreamControllerClose(controller) {
  const c = byteControllerRecord(controller);
  byteControllerClose(c);
  if (c.pendingPullIntos.length > 0) byteControllerRespond(c, 0);
}

export function readableByteStreamControllerError(controller, e) {
  byteControllerError(byteControllerRecord(controller), e);
}

export function readableByteStreamControllerGetDesiredSize(controller) {
  return byteControllerGetDesiredSize(byteControllerRecord(controller));
}

/** The current BYOB request's view (a Uint8Array to write into), or null:
 * write n bytes into it, then call readableByteStreamControllerRespond(c, n). */
export function readableByteStreamControllerGetBYOBRequestView(controller) {
  const request = getBYOBRequest(byteControllerRecord(controller));
  return request === null ? null : request.view;
}

export function readableByteStreamControllerRespond(controller, bytesWritten) {
  byteControllerRespond(byteControllerRecord(controller), bytesWritten);
}

/** A byte ReadableStream of a copy of u8's bytes (Fetch: body from a byte
 * sequence). The copy is made on the first read; a BYOB read is answered
 * by copying into the reader's view. */
export function readableStreamFromBytes(u8) {
  let rest = u8;
  const pullAlgorithm = (controller) => {
    const c = byteControllerRecord(controller);
    if (rest === null) return promiseResolvedWith(undefined);
    const length = rest.length;
    const request = getBYOBRequest(c);
    if (length !== 0 && request !== null) {
      const view = request.view;
      const n = MathMin(length, view.length);
      ReflectApply(TASet, view, [ReflectApply(TASubarray, rest, [0, n])]);
      rest = n === length ? null : ReflectApply(TASubarray, rest, [n]);
      byteControllerRespond(c, n);
    } else {
      if (length !== 0) {
        const copy = new U8(length);
        ReflectApply(TASet, copy, [rest]);
        rest = null;
        byteControllerEnqueue(c, copy);
      }
      rest = null;
    }
    if (rest === null) readableByteStreamControllerClose(controller);
    return promiseResolvedWith(undefined);
  };
  return readableByteStreamFrom(pullAlgorithm, () => {
    rest = null;
    return promiseResolvedWith(undefined);
  }, 0);
}

// --- read all bytes (Fetch "fully read") ---------------------------------------------

// The read request of readAllBytes: reads in a loop (not recursively, a
// queue of chunks is delivered synchronously) and concatenates.
class ReadAllRequest {
  constructor(reader, p) {
    this.reader = reader;
    this.p = p;
    this.chunks = [];
    this.total = 0;
    this.inPump = false;
    this.again = false;
  }

  pump() {
    this.inPump = true;
    do {
      this.again = false;
      defaultReaderRead(this.reader, this);
    } while (this.again);
    this.inPump = false;
  }

  chunkSteps(chunk) {
    if (ReflectApply(TATagGet, chunk, []) !== 'Uint8Array') {
      this.p.reject(new TypeErrorCtor('Received non-Uint8Array chunk'));
      return;
    }
    const chunks = this.chunks;
    chunks[chunks.length] = chunk;
    this.total += ReflectApply(TAByteLengthGet, chunk, []);
    if (this.inPump) this.again = true;
    else this.pump();
  }

  closeSteps() {
    const chunks = this.chunks;
    this.chunks = [];
    if (chunks.length === 1) {
      const only = chunks[0];
      const buffer = ReflectApply(TABufferGet, only, []);
      if (ReflectApply(TAByteOffsetGet, only, []) === 0 && ReflectApply(ABByteLengthGet, buffer, []) === this.total) {
        this.p.resolve(only);
        return;
      }
    }
    const out = new U8(this.total);
    let offset = 0;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i];
      ReflectApply(TASet, out, [chunk, offset]);
      offset += ReflectApply(TAByteLengthGet, chunk, []);
    }
    this.p.resolve(out);
  }

  errorSteps(e) {
    this.p.reject(e);
  }
}

/** Fetch "fully read" to bytes: a Uint8Array of every chunk (each must be
 * a Uint8Array, else a TypeError). */
export function readAllBytes(stream) {
  const p = newPromise();
  const reader = acquireDefaultReader(readableStreamRecord(stream));
  new ReadAllRequest(reader, p).pump();
  return p.promise;
}
