// ReadableStreamTee (WHATWG Streams Standard §4.9.1): ReadableStreamDefaultTee
// and ReadableByteStreamTee, on the records of nanojs:streams_readable and
// nanojs:streams_byte.
//
// Each tee keeps its state in one record `t`; at most one read of the
// source is in flight, so the default-reader read request is a single
// object reused for every read, and the chunk waits on `t` for the
// microtask the spec queues before enqueueing into the branches.

import {
  newPromise, promiseResolvedWith, uponPromise, queueJob, structuredCloneForTee,
  cloneAsUint8Array,
} from 'nanojs:streams_util';
import {
  acquireDefaultReader, defaultReaderRead, readerRelease, streamCancel, newBYOBReader,
  byobReaderRead,
} from 'nanojs:streams_readable';
import {
  createReadableStreamRecord, defaultControllerClose, defaultControllerEnqueue,
  defaultControllerError,
} from 'nanojs:streams_readable_controller';
import {
  byteControllerClose, byteControllerEnqueue, byteControllerError, byteControllerRespond,
  byteControllerRespondWithNewView, getBYOBRequest, createReadableByteStreamRecord,
} from 'nanojs:streams_byte';

/** ReadableStreamTee: two stream records. */
export function streamTee(s, cloneForBranch2) {
  if (s.controller.byte) return byteStreamTee(s);
  return defaultTee(s, cloneForBranch2);
}

// --- ReadableStreamDefaultTee ------------------------------------------------------

// The one read request of a default tee (at most one read is in flight).
class DefaultTeeReadRequest {
  constructor(t) {
    this.t = t;
  }

  chunkSteps(chunk) {
    // The spec queues a microtask here so that a synchronous read cannot
    // make the branches' enqueues reentrant. Only one read is in flight,
    // so the chunk waits on the tee state.
    const t = this.t;
    t.chunk = chunk;
    queueJob(t.onChunk);
  }

  closeSteps() {
    const t = this.t;
    t.reading = false;
    if (!t.canceled1) defaultControllerClose(t.branch1.controller);
    if (!t.canceled2) defaultControllerClose(t.branch2.controller);
    if (!t.canceled1 || !t.canceled2) t.cancelPromise.resolve(undefined);
  }

  errorSteps() {
    this.t.reading = false;
  }
}

function defaultTee(s, cloneForBranch2) {
  const t = {
    stream: s, reader: acquireDefaultReader(s), reading: false, readAgain: false,
    canceled1: false, canceled2: false, reason1: undefined, reason2: undefined,
    branch1: undefined, branch2: undefined, cancelPromise: newPromise(),
    cloneForBranch2, chunk: undefined, onChunk: undefined, readRequest: undefined,
  };
  t.readRequest = new DefaultTeeReadRequest(t);
  t.onChunk = () => defaultTeeChunk(t);
  const pullAlgorithm = () => defaultTeePull(t);
  t.branch1 = createReadableStreamRecord(undefined, pullAlgorithm, (reason) => {
    t.canceled1 = true;
    t.reason1 = reason;
    if (t.canceled2) t.cancelPromise.resolve(streamCancel(s, [t.reason1, t.reason2]));
    return t.cancelPromise.promise;
  });
  t.branch2 = createReadableStreamRecord(undefined, pullAlgorithm, (reason) => {
    t.canceled2 = true;
    t.reason2 = reason;
    if (t.canceled1) t.cancelPromise.resolve(streamCancel(s, [t.reason1, t.reason2]));
    return t.cancelPromise.promise;
  });
  uponPromise(t.reader.closedPromise, undefined, (r) => {
    defaultControllerError(t.branch1.controller, r);
    defaultControllerError(t.branch2.controller, r);
    if (!t.canceled1 || !t.canceled2) t.cancelPromise.resolve(undefined);
  });
  return [t.branch1, t.branch2];
}

function defaultTeePull(t) {
  if (t.reading) {
    t.readAgain = true;
    return promiseResolvedWith(undefined);
  }
  t.reading = true;
  defaultReaderRead(t.reader, t.readRequest);
  return promiseResolvedWith(undefined);
}

function defaultTeeChunk(t) {
  const chunk1 = t.chunk;
  let chunk2 = chunk1;
  t.chunk = undefined;
  t.readAgain = false;
  if (!t.canceled2 && t.cloneForBranch2) {
    try {
      chunk2 = structuredCloneForTee(chunk1);
    } catch (e) {
      defaultControllerError(t.branch1.controller, e);
      defaultControllerError(t.branch2.controller, e);
      t.cancelPromise.resolve(streamCancel(t.stream, e));
      return;
    }
  }
  // An enqueue can throw only for the queued-byte cap, which has already
  // errored that branch.
  if (!t.canceled1) {
    try {
      defaultControllerEnqueue(t.branch1.controller, chunk1);
    } catch {}
  }
  if (!t.canceled2) {
    try {
      defaultControllerEnqueue(t.branch2.controller, chunk2);
    } catch {}
  }
  t.reading = false;
  if (t.readAgain) defaultTeePull(t);
}

// --- ReadableByteStreamTee (§4.9.1) --------------------------------------------------

// The one read request of the tee's default-reader pulls.
class ByteTeeReadRequest {
  constructor(t) {
    this.t = t;
  }

  chunkSteps(chunk) {
    const t = this.t;
    t.chunk = chunk;
    queueJob(t.onChunk);
  }

  closeSteps() {
    const t = this.t;
    t.reading = false;
    const c1 = t.branch1.controller;
    const c2 = t.branch2.controller;
    if (!t.canceled1) byteControllerClose(c1);
    if (!t.canceled2) byteControllerClose(c2);
    if (c1.pendingPullIntos.length > 0) byteControllerRespond(c1, 0);
    if (c2.pendingPullIntos.length > 0) byteControllerRespond(c2, 0);
    if (!t.canceled1 || !t.canceled2) t.cancelPromise.resolve(undefined);
  }

  errorSteps() {
    this.t.reading = false;
  }
}

// The read-into request of the tee's BYOB pulls (one per pull: it records
// which branch asked).
class ByteTeeReadIntoRequest {
  constructor(t, forBranch2) {
    this.t = t;
    this.forBranch2 = forBranch2;
  }

  chunkSteps(chunk) {
    queueJob(() => byteTeeBYOBChunk(this.t, this.forBranch2, chunk));
  }

  closeSteps(chunk) {
    const t = this.t;
    t.reading = false;
    const forBranch2 = this.forBranch2;
    const byobCanceled = forBranch2 ? t.canceled2 : t.canceled1;
    const otherCanceled = forBranch2 ? t.canceled1 : t.canceled2;
    const byobC = (forBranch2 ? t.branch2 : t.branch1).controller;
    const otherC = (forBranch2 ? t.branch1 : t.branch2).controller;
    if (!byobCanceled) byteControllerClose(byobC);
    if (!otherCanceled) byteControllerClose(otherC);
    if (chunk !== undefined) {
      if (!byobCanceled) byteControllerRespondWithNewView(byobC, chunk);
      if (!otherCanceled && otherC.pendingPullIntos.length > 0) byteControllerRespond(otherC, 0);
    }
    if (!byobCanceled || !otherCanceled) t.cancelPromise.resolve(undefined);
  }

  errorSteps() {
    this.t.reading = false;
  }
}

/** ReadableByteStreamTee: two stream records. */
function byteStreamTee(s) {
  const t = {
    stream: s, reader: acquireDefaultReader(s), reading: false, readAgainForBranch1: false,
    readAgainForBranch2: false, canceled1: false, canceled2: false, reason1: undefined,
    reason2: undefined, branch1: undefined, branch2: undefined, cancelPromise: newPromise(),
    chunk: undefined, onChunk: undefined, readRequest: undefined,
  };
  t.readRequest = new ByteTeeReadRequest(t);
  t.onChunk = () => byteTeeDefaultChunk(t);
  t.branch1 = createReadableByteStreamRecord(undefined, () => byteTeePull(t, false), (reason) => {
    t.canceled1 = true;
    t.reason1 = reason;
    if (t.canceled2) t.cancelPromise.resolve(streamCancel(s, [t.reason1, t.reason2]));
    return t.cancelPromise.promise;
  });
  t.branch2 = createReadableByteStreamRecord(undefined, () => byteTeePull(t, true), (reason) => {
    t.canceled2 = true;
    t.reason2 = reason;
    if (t.canceled1) t.cancelPromise.resolve(streamCancel(s, [t.reason1, t.reason2]));
    return t.cancelPromise.promise;
  });
  forwardReaderError(t, t.reader);
  return [t.branch1, t.branch2];
}

function forwardReaderError(t, thisReader) {
  uponPromise(thisReader.closedPromise, undefined, (r) => {
    if (thisReader !== t.reader) return;
    byteControllerError(t.branch1.controller, r);
    byteControllerError(t.branch2.controller, r);
    if (!t.canceled1 || !t.canceled2) t.cancelPromise.resolve(undefined);
  });
}

function byteTeePull(t, forBranch2) {
  if (t.reading) {
    if (forBranch2) t.readAgainForBranch2 = true;
    else t.readAgainForBranch1 = true;
    return promiseResolvedWith(undefined);
  }
  t.reading = true;
  const request = getBYOBRequest((forBranch2 ? t.branch2 : t.branch1).controller);
  if (request === null) byteTeePullWithDefaultReader(t);
  else byteTeePullWithBYOBReader(t, request.view, forBranch2);
  return promiseResolvedWith(undefined);
}

function byteTeePullAgain(t) {
  if (t.readAgainForBranch1) byteTeePull(t, false);
  else if (t.readAgainForBranch2) byteTeePull(t, true);
}

function byteTeePullWithDefaultReader(t) {
  if (t.reader.byob) {
    readerRelease(t.reader);
    t.reader = acquireDefaultReader(t.stream);
    forwardReaderError(t, t.reader);
  }
  defaultReaderRead(t.reader, t.readRequest);
}

function byteTeeDefaultChunk(t) {
  const chunk1 = t.chunk;
  let chunk2 = chunk1;
  t.chunk = undefined;
  t.readAgainForBranch1 = false;
  t.readAgainForBranch2 = false;
  if (!t.canceled1 && !t.canceled2) {
    try {
      chunk2 = cloneAsUint8Array(chunk1);
    } catch (e) {
      byteControllerError(t.branch1.controller, e);
      byteControllerError(t.branch2.controller, e);
      t.cancelPromise.resolve(streamCancel(t.stream, e));
      return;
    }
  }
  // An enqueue can throw only for the queued-byte cap, which has already
  // errored that branch.
  if (!t.canceled1) {
    try {
      byteControllerEnqueue(t.branch1.controller, chunk1);
    } catch {}
  }
  if (!t.canceled2) {
    try {
      byteControllerEnqueue(t.branch2.controller, chunk2);
    } catch {}
  }
  t.reading = false;
  byteTeePullAgain(t);
}

function byteTeePullWithBYOBReader(t, view, forBranch2) {
  if (!t.reader.byob) {
    readerRelease(t.reader);
    t.reader = newBYOBReader(t.stream);
    forwardReaderError(t, t.reader);
  }
  byobReaderRead(t.reader, view, 1, new ByteTeeReadIntoRequest(t, forBranch2));
}

function byteTeeBYOBChunk(t, forBranch2, chunk) {
  t.readAgainForBranch1 = false;
  t.readAgainForBranch2 = false;
  const byobCanceled = forBranch2 ? t.canceled2 : t.canceled1;
  const otherCanceled = forBranch2 ? t.canceled1 : t.canceled2;
  const byobC = (forBranch2 ? t.branch2 : t.branch1).controller;
  const otherC = (forBranch2 ? t.branch1 : t.branch2).controller;
  if (!otherCanceled) {
    let clonedChunk;
    try {
      clonedChunk = cloneAsUint8Array(chunk);
    } catch (e) {
      byteControllerError(byobC, e);
      byteControllerError(otherC, e);
      t.cancelPromise.resolve(streamCancel(t.stream, e));
      return;
    }
    if (!byobCanceled) byteControllerRespondWithNewView(byobC, chunk);
    try {
      byteControllerEnqueue(otherC, clonedChunk);
    } catch {}
  } else if (!byobCanceled) {
    byteControllerRespondWithNewView(byobC, chunk);
  }
  t.reading = false;
  byteTeePullAgain(t);
}
