// The JS half of the Rust <-> JS byte bridges (see src/body_stream.rs):
// `readableFromSource(src)` turns a Rust byte source into a byte
// ReadableStream, and `pumpToSink(stream, sink)` drains a ReadableStream into
// a Rust channel. The server uses both for request and response bodies, and
// fetch() for response and upload bodies.

import {
  sourceRead, sourceCancel, sinkWrite, sinkClose, sinkError,
} from 'nanojs:internal/body_stream';
import {
  readableByteStreamFrom, readableByteStreamControllerEnqueue,
  readableByteStreamControllerClose, readableByteStreamControllerError,
} from 'nanojs:streams_byte';
import {
  acquireReadableStreamDefaultReader, readableStreamDefaultReaderRead,
  readableStreamDefaultReaderRelease, readableStreamCancel,
} from 'nanojs:streams_readable';

const PromiseCtor = Promise;
const PromisePrototypeThen = Promise.prototype.then;
const ReflectApply = Reflect.apply;
const then = (p, ok, err) => ReflectApply(PromisePrototypeThen, p, [ok, err]);
const TypeErrorCtor = TypeError;
const U8 = Uint8Array;
const TAByteLength = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(U8.prototype), 'byteLength').get;
const isUint8Array = (v) => v instanceof U8;

/**
 * A byte ReadableStream over a Rust source: each pull asks Rust for one
 * chunk. With the default high-water mark of 0 nothing is read ahead of the
 * consumer (a server request body: backpressure to TCP); fetch() reads one
 * chunk ahead, so a network error after the headers errors the body even
 * when nobody reads. Cancelling drops the Rust producer.
 */
export function readableFromSource(src, highWaterMark = 0) {
  const pull = (controller) => then(sourceRead(src), (chunk) => {
    if (chunk === null) {
      readableByteStreamControllerClose(controller);
      // A BYOB read waiting on the closed stream is answered by close.
    } else if (ReflectApply(TAByteLength, chunk, []) > 0) {
      readableByteStreamControllerEnqueue(controller, chunk);
    }
  }, (error) => {
    readableByteStreamControllerError(controller, error);
  });
  const cancel = () => {
    sourceCancel(src);
  };
  return readableByteStreamFrom(pull, cancel, highWaterMark);
}

/** One read from a default reader, as a promise of {value, done}. */
function read(reader) {
  return new PromiseCtor((resolve, reject) => {
    readableStreamDefaultReaderRead(reader, {
      chunkSteps: (value) => resolve({ value, done: false }),
      closeSteps: () => resolve({ value: undefined, done: true }),
      errorSteps: reject,
    });
  });
}

function message(e) {
  try {
    return typeof e === 'object' && e !== null && typeof e.message === 'string'
      ? `${e.name ?? 'Error'}: ${e.message}` : String(e);
  } catch {
    return 'the body stream errored';
  }
}

/**
 * Reads `stream` to its end into the Rust sink, waiting whenever the sink's
 * channel is full. Settles (never rejects) when the stream ends, errors, or
 * the receiver goes away (then the stream is cancelled with a TypeError).
 */
export async function pumpToSink(stream, sink) {
  const reader = acquireReadableStreamDefaultReader(stream);
  for (;;) {
    let result;
    try {
      result = await read(reader);
    } catch (e) {
      sinkError(sink, message(e));
      return;
    }
    if (result.done) {
      sinkClose(sink);
      readableStreamDefaultReaderRelease(reader);
      return;
    }
    const chunk = result.value;
    let reason = null;
    if (!isUint8Array(chunk)) {
      reason = new TypeErrorCtor('body stream chunks must be Uint8Arrays');
      sinkError(sink, message(reason));
    } else {
      try {
        const pending = sinkWrite(sink, chunk);
        if (pending !== undefined) await pending;
      } catch (e) {
        reason = e;
      }
    }
    if (reason !== null) {
      const cancelled = readableStreamCancel(stream, reason);
      readableStreamDefaultReaderRelease(reader);
      try {
        await cancelled;
      } catch {
        // The source's cancel failing changes nothing for the body.
      }
      return;
    }
  }
}
