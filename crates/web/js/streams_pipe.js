// ReadableStreamPipeTo (Streams Standard §4.9.4 "Piping").
//
// Only abstract operations touch the streams, never methods user code could
// patch. One Pipe object per pipe holds the state and doubles as the read
// request (chunkSteps/closeSteps/errorSteps), and its promise reactions are
// bound once, so a chunk costs no closures: a read, a write, and the
// reactions on the writer's ready promise and on the write.
//
// A chunk that was already queued is written as soon as it is read; one
// the source enqueues into a pending read is written a microtask later,
// never synchronously inside the source's enqueue() (whatwg/streams#1243;
// WPT "enqueue() must not synchronously call write algorithm").

import {
  newPromise, promiseResolvedWith, uponPromise,
} from 'nanojs:streams_util';
import {
  acquireReadableStreamDefaultReader, readableStreamDefaultReaderRead,
  readableStreamDefaultReaderRelease, readerClosedPromise, readableStreamCancel,
  readableStreamState, readableStreamStoredError, setReadableStreamDisturbed,
} from 'nanojs:streams_readable';
import {
  acquireWritableStreamDefaultWriter, writableStreamDefaultWriterWriteRequest,
  writableStreamDefaultWriterRelease, writableStreamDefaultWriterCloseWithErrorPropagation,
  writableStreamAbort, writableStreamCloseQueuedOrInFlight, writableStreamState,
  writableStreamStoredError, writerUponReady, writerClosedPromise,
} from 'nanojs:streams_writable';
import { addAbortAlgorithm, removeAbortAlgorithm, abortReason } from 'nanojs:abort';

const TypeErrorCtor = TypeError;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const RESOLVED = promiseResolvedWith(undefined);

// Shutdown actions, by kind (no closure per pipe for the common ones).
const ACTION_ABORT_DEST = 1;
const ACTION_CANCEL_SOURCE = 2;
const ACTION_CLOSE_DEST = 3;
const ACTION_SIGNAL = 4;

class Pipe {
  constructor(source, dest, preventClose, preventAbort, preventCancel, signal) {
    this.source = source;
    this.dest = dest;
    this.preventClose = preventClose;
    this.preventAbort = preventAbort;
    this.preventCancel = preventCancel;
    this.signal = signal;
    this.abortHandle = null;
    this.reader = acquireReadableStreamDefaultReader(source);
    this.writer = acquireWritableStreamDefaultWriter(dest);
    this.shuttingDown = false;
    this.finalized = false;
    // A chunk read whose write has not started yet (at most one: the next
    // read waits for the write), and the writes not settled yet.
    this.hasPendingChunk = false;
    this.pendingChunk = undefined;
    this.writesInFlight = 0;
    this.reading = false;
    // Shutdown's continuation once every chunk read has been written.
    this.afterWrites = undefined;
    const d = newPromise();
    this.promise = d.promise;
    this.resolve = d.resolve;
    this.reject = d.reject;
    // Reactions, bound once, and the write request (settled by the writer
    // in place of a promise).
    this.onReadyFn = () => this.onReady();
    this.writeFn = () => this.write();
    const onWriteSettled = () => this.onWriteSettled();
    this.writeRequest = { resolve: onWriteSettled, reject: onWriteSettled };
  }

  // --- the loop: wait for ready, read, write, repeat ---

  step() {
    if (this.shuttingDown) return;
    writerUponReady(this.writer, this.onReadyFn);
  }

  onReady() {
    if (this.shuttingDown) return;
    const dest = this.dest;
    if (writableStreamState(dest) !== 'writable' || writableStreamCloseQueuedOrInFlight(dest)) return;
    this.reading = true;
    readableStreamDefaultReaderRead(this.reader, this);
    this.reading = false;
  }

  chunkSteps(chunk) {
    this.hasPendingChunk = true;
    this.pendingChunk = chunk;
    // A chunk that was queued arrives inside our read: write it now. One
    // the source enqueues later arrives inside its enqueue(): write it a
    // microtask later.
    if (this.reading) this.write();
    else uponPromise(RESOLVED, this.writeFn);
  }

  write() {
    const chunk = this.pendingChunk;
    this.hasPendingChunk = false;
    this.pendingChunk = undefined;
    // Shut down without waiting for writes (dest was not writable): the
    // writer is gone.
    if (this.finalized) return;
    this.writesInFlight++;
    writableStreamDefaultWriterWriteRequest(this.writer, chunk, this.writeRequest);
    if (this.afterWrites !== undefined) this.checkWritesFinished();
    else this.step();
  }

  onWriteSettled() {
    this.writesInFlight--;
    if (this.afterWrites !== undefined) this.checkWritesFinished();
  }

  closeSteps() {}

  errorSteps() {}

  // --- shutdown ---

  shutdownWithAction(action, originalIsError, originalError) {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const dest = this.dest;
    if (writableStreamState(dest) === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
      this.waitForWritesToFinish(() => this.doAction(action, originalIsError, originalError));
    } else {
      this.doAction(action, originalIsError, originalError);
    }
  }

  doAction(action, originalIsError, originalError) {
    let p;
    switch (action) {
      case ACTION_ABORT_DEST:
        p = writableStreamAbort(this.dest, originalError);
        break;
      case ACTION_CANCEL_SOURCE:
        p = readableStreamCancel(this.source, originalError);
        break;
      case ACTION_CLOSE_DEST:
        p = writableStreamDefaultWriterCloseWithErrorPropagation(this.writer);
        break;
      default:
        p = this.signalActions(originalError);
    }
    uponPromise(p, () => this.finalize(originalIsError, originalError),
      (newError) => this.finalize(true, newError));
  }

  shutdown(isError, error) {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const dest = this.dest;
    if (writableStreamState(dest) === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
      this.waitForWritesToFinish(() => this.finalize(isError, error));
    } else {
      this.finalize(isError, error);
    }
  }

  // Waits until every chunk read has been written (the writes have
  // settled), then runs `then` two microtasks later (as waiting on the last
  // write's promise through a derived promise would).
  waitForWritesToFinish(then) {
    this.afterWrites = then;
    this.checkWritesFinished();
  }

  checkWritesFinished() {
    if (this.hasPendingChunk || this.writesInFlight > 0) return;
    const then = this.afterWrites;
    this.afterWrites = undefined;
    uponPromise(uponPromise(RESOLVED, undefined), then);
  }

  finalize(isError, error) {
    this.finalized = true;
    writableStreamDefaultWriterRelease(this.writer);
    readableStreamDefaultReaderRelease(this.reader);
    if (this.abortHandle !== null) removeAbortAlgorithm(this.signal, this.abortHandle);
    if (isError) this.reject(error);
    else this.resolve(undefined);
  }

  // The abort algorithm's actions: abort dest and cancel source, waiting
  // for both (rejecting with the first rejection).
  signalActions(error) {
    // No prototype: no index setter a program put on Array.prototype runs.
    const promises = ObjectSetPrototypeOf([], null);
    if (!this.preventAbort) {
      promises[promises.length] = writableStreamState(this.dest) === 'writable'
        ? writableStreamAbort(this.dest, error) : promiseResolvedWith(undefined);
    }
    if (!this.preventCancel) {
      promises[promises.length] = readableStreamState(this.source) === 'readable'
        ? readableStreamCancel(this.source, error) : promiseResolvedWith(undefined);
    }
    return waitForAll(promises);
  }

  abortAlgorithm() {
    this.shutdownWithAction(ACTION_SIGNAL, true, abortReason(this.signal));
  }

  // --- propagation ---

  onSourceClosed() {
    if (!this.preventClose) this.shutdownWithAction(ACTION_CLOSE_DEST, false, undefined);
    else this.shutdown(false, undefined);
  }

  onSourceErrored(storedError) {
    if (!this.preventAbort) this.shutdownWithAction(ACTION_ABORT_DEST, true, storedError);
    else this.shutdown(true, storedError);
  }

  onDestErrored() {
    const storedError = writableStreamStoredError(this.dest);
    if (!this.preventCancel) this.shutdownWithAction(ACTION_CANCEL_SOURCE, true, storedError);
    else this.shutdown(true, storedError);
  }

  start() {
    const { source, dest, signal } = this;
    if (signal !== undefined) {
      const handle = addAbortAlgorithm(signal, () => this.abortAlgorithm());
      if (handle === null) {
        this.abortAlgorithm();
        return;
      }
      this.abortHandle = handle;
    }
    // Errors must be propagated forward; closing must be propagated forward.
    const sourceState = readableStreamState(source);
    if (sourceState === 'errored') {
      this.onSourceErrored(readableStreamStoredError(source));
    } else if (sourceState !== 'closed') {
      uponPromise(readerClosedPromise(this.reader), () => this.onSourceClosed(),
        (e) => this.onSourceErrored(e));
    }
    // Errors must be propagated backward.
    if (writableStreamState(dest) === 'errored') {
      this.onDestErrored();
    } else {
      uponPromise(writerClosedPromise(this.writer), undefined, () => this.onDestErrored());
    }
    if (sourceState === 'closed') this.onSourceClosed();
    // Closing must be propagated backward.
    if (writableStreamCloseQueuedOrInFlight(dest) || writableStreamState(dest) === 'closed') {
      const destClosed = new TypeErrorCtor(
        'the destination writable stream closed before all data could be piped to it',
      );
      if (!this.preventCancel) this.shutdownWithAction(ACTION_CANCEL_SOURCE, true, destClosed);
      else this.shutdown(true, destClosed);
    }
    this.step();
  }
}

/** "Getting a promise to wait for all" of a list of promises. */
function waitForAll(promises) {
  const n = promises.length;
  if (n === 0) return promiseResolvedWith(undefined);
  const d = newPromise();
  let remaining = n;
  const fulfilled = () => {
    if (--remaining === 0) d.resolve(undefined);
  };
  for (let i = 0; i < n; i++) uponPromise(promises[i], fulfilled, d.reject);
  return d.promise;
}

/**
 * ReadableStreamPipeTo(source, dest, preventClose, preventAbort,
 * preventCancel, signal): the arguments are validated by the caller (both
 * streams unlocked, signal an AbortSignal or undefined).
 */
export function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel,
  signal = undefined) {
  const pipe = new Pipe(source, dest, preventClose, preventAbort, preventCancel, signal);
  setReadableStreamDisturbed(source);
  pipe.start();
  return pipe.promise;
}
