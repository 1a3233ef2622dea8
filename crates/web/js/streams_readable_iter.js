// Iterating ReadableStreams (WHATWG Streams Standard §4.2.5): values() and
// [Symbol.asyncIterator] with %ReadableStreamAsyncIteratorPrototype% as
// WebIDL's async iterable declaration defines it, and ReadableStream.from()
// (ReadableStreamFromIterable, with CreateAsyncFromSyncIterator for sync
// iterables).

import {
  promiseResolvedWith, promiseRejectedWith, uponPromise, newPromiseResolvedWith,
  call,
} from 'nanojs:streams_util';
import {
  acquireDefaultReader, defaultReaderRead, readerRelease, streamCancel, readableStreamRecord,
} from 'nanojs:streams_readable';
import {
  createReadableStreamRecord, defaultControllerClose, defaultControllerEnqueue,
} from 'nanojs:streams_readable_controller';

const ReflectApply = Reflect.apply;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const TypeErrorCtor = TypeError;
const StringCtor = String;

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// --- async iteration (§4.2.5 and WebIDL "asynchronous iterator prototype
// object") -------------------------------------------------------------------------

const SymbolAsyncIterator = Symbol.asyncIterator;
const SymbolIterator = Symbol.iterator;
const AsyncIteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf(async function* () {}).prototype);
// "End of iteration" as a read result.
const END = Symbol('end of iteration');

// The read request of "get the next iteration result".
// (Its promise comes from a shared executor, without the object
// Promise.withResolvers() would allocate.)
class IteratorReadRequest {
  constructor(it) {
    this.it = it;
    this.promise = new PromiseCtor(captureResolvers);
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }

  chunkSteps(chunk) {
    this.resolve(chunk);
  }

  closeSteps() {
    readerRelease(this.it.reader);
    this.resolve(END);
  }

  errorSteps(e) {
    readerRelease(this.it.reader);
    this.reject(e);
  }
}

const PromiseCtor = Promise;
let capturedResolve;
let capturedReject;
const captureResolvers = (resolve, reject) => {
  capturedResolve = resolve;
  capturedReject = reject;
};

let iteratorRecordOf;

// %ReadableStreamAsyncIteratorPrototype%: only next() and return() (the
// `constructor` property is removed below).
class ReadableStreamAsyncIterator {
  #it;

  constructor(it) {
    this.#it = it;
  }

  next() {
    const it = iteratorRecordOf(this);
    if (it === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('next() called on an object that is not a ReadableStream async iterator'));
    }
    const ongoing = it.ongoing;
    it.ongoing = ongoing !== null ? uponPromise(ongoing, it.nextSteps, it.nextSteps) : it.nextSteps();
    return it.ongoing;
  }

  return(value) {
    const it = iteratorRecordOf(this);
    if (it === undefined) {
      return promiseRejectedWith(new TypeErrorCtor('return() called on an object that is not a ReadableStream async iterator'));
    }
    const returnSteps = () => {
      if (it.finished) return promiseResolvedWith({ value, done: true });
      it.finished = true;
      return asyncIteratorReturn(it, value);
    };
    const ongoing = it.ongoing;
    it.ongoing = ongoing !== null ? uponPromise(ongoing, returnSteps, returnSteps) : returnSteps();
    return uponPromise(it.ongoing, () => ({ value, done: true }), undefined);
  }

  static {
    iteratorRecordOf = (o) => (isObject(o) && #it in o ? o.#it : undefined);
  }
}

{
  const proto = ReadableStreamAsyncIterator.prototype;
  delete proto.constructor;
  ObjectSetPrototypeOf(proto, AsyncIteratorPrototype);
  for (const key of ['next', 'return']) {
    const d = ObjectGetOwnPropertyDescriptor(proto, key);
    d.enumerable = true;
    ObjectDefineProperty(proto, key, d);
  }
  ObjectDefineProperty(proto, Symbol.toStringTag, {
    value: 'ReadableStream AsyncIterator', writable: false, enumerable: false, configurable: true,
  });
}

/** The asynchronous iterator initialization steps of values(). */
function newAsyncIterator(s, preventCancel) {
  const it = {
    reader: acquireDefaultReader(s), preventCancel, ongoing: null, finished: false,
    nextSteps: undefined, onFulfilled: undefined, onRejected: undefined,
  };
  it.onFulfilled = (next) => {
    it.ongoing = null;
    if (next === END) {
      it.finished = true;
      return { value: undefined, done: true };
    }
    return { value: next, done: false };
  };
  it.onRejected = (reason) => {
    it.ongoing = null;
    it.finished = true;
    throw reason;
  };
  it.nextSteps = () => {
    if (it.finished) return promiseResolvedWith({ value: undefined, done: true });
    const request = new IteratorReadRequest(it);
    defaultReaderRead(it.reader, request);
    return uponPromise(request.promise, it.onFulfilled, it.onRejected);
  };
  return new ReadableStreamAsyncIterator(it);
}

/** The asynchronous iterator return steps. */
function asyncIteratorReturn(it, arg) {
  const reader = it.reader;
  if (!it.preventCancel) {
    const result = streamCancel(reader.stream, arg);
    readerRelease(reader);
    return result;
  }
  readerRelease(reader);
  return promiseResolvedWith(undefined);
}

/** ReadableStream.prototype.values and [Symbol.asyncIterator] (installed by
 * nanojs:streams_readable). */
export function values(options = undefined) {
  const s = readableStreamRecord(this);
  if (s === undefined) throw new TypeErrorCtor('Illegal invocation');
  let preventCancel = false;
  if (options !== undefined && options !== null) {
    if (!isObject(options)) {
      throw new TypeErrorCtor("Failed to execute 'values' on 'ReadableStream': The provided value is not of type 'ReadableStreamIteratorOptions'.");
    }
    preventCancel = !!options.preventCancel;
  }
  return newAsyncIterator(s, preventCancel);
}


// --- ReadableStream.from (ReadableStreamFromIterable) -------------------------------

/** GetMethod. */
function getMethod(v, key) {
  const fn = v[key];
  if (fn === undefined || fn === null) return undefined;
  if (typeof fn !== 'function') throw new TypeErrorCtor(`${StringCtor(key)} is not a function`);
  return fn;
}

/** The async iterator record {iterator, next} of GetIterator(obj, async);
 * a sync iterator is wrapped as CreateAsyncFromSyncIterator does. */
function getAsyncIterator(obj) {
  if (obj === undefined || obj === null) {
    throw new TypeErrorCtor('ReadableStream.from: the argument is not iterable');
  }
  const method = getMethod(obj, SymbolAsyncIterator);
  if (method !== undefined) {
    const iterator = ReflectApply(method, obj, []);
    if (!isObject(iterator)) throw new TypeErrorCtor('The async iterator is not an object');
    return { iterator, next: iterator.next };
  }
  const syncMethod = getMethod(obj, SymbolIterator);
  if (syncMethod === undefined) {
    throw new TypeErrorCtor('ReadableStream.from: the argument is not iterable');
  }
  const iterator = ReflectApply(syncMethod, obj, []);
  if (!isObject(iterator)) throw new TypeErrorCtor('The iterator is not an object');
  const sync = { iterator, next: iterator.next };
  const wrapper = { __proto__: null, next: undefined, return: undefined };
  wrapper.next = () => {
    let result;
    try {
      result = ReflectApply(sync.next, sync.iterator, []);
      if (!isObject(result)) throw new TypeErrorCtor('The iterator result is not an object');
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return asyncFromSyncContinuation(result, sync, true);
  };
  wrapper.return = (value) => {
    let result;
    try {
      const ret = getMethod(sync.iterator, 'return');
      if (ret === undefined) return promiseResolvedWith({ value, done: true });
      result = ReflectApply(ret, sync.iterator, [value]);
      if (!isObject(result)) throw new TypeErrorCtor('The iterator result is not an object');
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return asyncFromSyncContinuation(result, sync, false);
  };
  return { iterator: wrapper, next: wrapper.next };
}

/** AsyncFromSyncIteratorContinuation. */
function asyncFromSyncContinuation(result, sync, closeOnRejection) {
  let done;
  let valueWrapper;
  try {
    done = !!result.done;
    const value = result.value;
    try {
      valueWrapper = promiseResolvedWith(value);
    } catch (e) {
      if (!done && closeOnRejection) closeSyncIteratorQuietly(sync);
      throw e;
    }
  } catch (e) {
    return promiseRejectedWith(e);
  }
  return uponPromise(valueWrapper, (v) => ({ value: v, done }),
    done || !closeOnRejection ? undefined : (e) => {
      closeSyncIteratorQuietly(sync);
      throw e;
    });
}

/** IteratorClose with a throw completion: the iterator's return() runs,
 * its result and exceptions are ignored. */
function closeSyncIteratorQuietly(sync) {
  try {
    const ret = getMethod(sync.iterator, 'return');
    if (ret !== undefined) ReflectApply(ret, sync.iterator, []);
  } catch {}
}

/** ReadableStreamFromIterable: returns the stream record. */
export function readableStreamFromIterable(asyncIterable) {
  const record = getAsyncIterator(asyncIterable);
  let s;
  const onNext = (iterResult) => {
    if (!isObject(iterResult)) throw new TypeErrorCtor('The iterator result is not an object');
    if (iterResult.done) {
      defaultControllerClose(s.controller);
    } else {
      defaultControllerEnqueue(s.controller, iterResult.value);
    }
  };
  const pullAlgorithm = () => {
    let nextResult;
    try {
      nextResult = call(record.next, record.iterator);
      if (!isObject(nextResult)) throw new TypeErrorCtor('The iterator result is not an object');
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return uponPromise(newPromiseResolvedWith(nextResult), onNext, undefined);
  };
  const cancelAlgorithm = (reason) => {
    const iterator = record.iterator;
    let returnResult;
    try {
      const ret = getMethod(iterator, 'return');
      if (ret === undefined) return promiseResolvedWith(undefined);
      returnResult = ReflectApply(ret, iterator, [reason]);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return uponPromise(newPromiseResolvedWith(returnResult), (iterResult) => {
      if (!isObject(iterResult)) throw new TypeErrorCtor('The iterator result is not an object');
      return undefined;
    }, undefined);
  };
  s = createReadableStreamRecord(undefined, pullAlgorithm, cancelAlgorithm, 0);
  return s;
}
