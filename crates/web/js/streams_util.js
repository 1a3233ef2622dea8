// Shared helpers of the Streams Standard modules (streams_readable,
// streams_byte, streams_writable, streams_transform, streams_pipe):
// promise helpers (§8.1 "promise" wording of WebIDL), queue-with-sizes (§8.1),
// queuing strategy extraction (§7.3), ArrayBuffer transfer and cloning
// (§8.3), and the isolate's queued-byte cap (`max_buffer_size_mb`).
//
// Every builtin is captured at load time so that programs patching globals
// (Promise.prototype.then, ArrayBuffer.prototype.transfer, ...) cannot change
// how streams behave.

import * as bodyStreamNative from 'nanojs:internal/body_stream';
import { classId } from 'nanojs:internal/structured_clone';
import { builtin } from 'nanojs:host';

// --- intrinsics ----------------------------------------------------------------

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const PromiseCtor = Promise;
const PromiseWithResolvers = Promise.withResolvers;
const PromiseResolve = Promise.resolve;
const PromiseReject = Promise.reject;
const PromiseThen = Promise.prototype.then;
// Bound forms: calling them allocates no argument array (Reflect.apply does).
const FunctionCall = Function.prototype.call;
const FunctionBind = Function.prototype.bind;
const bindCall = (fn) => ReflectApply(FunctionBind, FunctionCall, [fn]);
const withResolvers = ReflectApply(FunctionBind, PromiseWithResolvers, [PromiseCtor]);
const resolveWith = ReflectApply(FunctionBind, PromiseResolve, [PromiseCtor]);
const rejectWith = ReflectApply(FunctionBind, PromiseReject, [PromiseCtor]);
const thenCall = bindCall(PromiseThen);
/** call(fn, thisArg, ...args): Function.prototype.call, unaffected by patches. */
export const call = ReflectApply(FunctionBind, FunctionCall, [FunctionCall]);
const ArrayBufferIsView = ArrayBuffer.isView;
const ABTransfer = ArrayBuffer.prototype.transfer;
const ABDetachedGet = ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, 'detached').get;
const ABByteLengthGet = ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const SABByteLengthGet = typeof SharedArrayBuffer === 'function'
  ? ObjectGetOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get : null;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TATagGet = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const TABufferGet = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'buffer').get;
const TAByteOffsetGet = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'byteOffset').get;
const TAByteLengthGet = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get;
const DVBufferGet = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'buffer').get;
const DVByteOffsetGet = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'byteOffset').get;
const DVByteLengthGet = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'byteLength').get;
const TASet = TypedArrayPrototype.set;
const U8 = Uint8Array;
const RangeErrorCtor = RangeError;
const TypeErrorCtor = TypeError;
const NumberIsNaN = Number.isNaN;
const MathRound = Math.round;

const AB_CLASS = classId(new ArrayBuffer(0));
const SAB_CLASS = typeof SharedArrayBuffer === 'function' ? classId(new SharedArrayBuffer(0)) : -1;

// --- promises ------------------------------------------------------------------

/** A new promise with its resolving functions: {promise, resolve, reject}. */
export function newPromise() {
  return withResolvers();
}

/** "A promise resolved with v". */
export function promiseResolvedWith(v) {
  return resolveWith(v);
}

/** WebIDL's "a promise resolved with v" when v may be a thenable: always a
 * new promise (adopting v's state two jobs later), where Promise.resolve
 * would return a native promise itself. Also the conversion of a callback's
 * result to Promise<T>. */
export function newPromiseResolvedWith(v) {
  if ((typeof v !== 'object' || v === null) && typeof v !== 'function') {
    return resolveWith(v);
  }
  const p = withResolvers();
  p.resolve(v);
  return p.promise;
}

/** "A promise rejected with e". */
export function promiseRejectedWith(e) {
  return rejectWith(e);
}

/** "React to p" / "upon fulfillment/rejection": PerformPromiseThen with the
 * original `then`. Returns the derived promise. */
export function uponPromise(p, onFulfilled, onRejected) {
  return thenCall(p, onFulfilled, onRejected);
}

const noop = () => {};
const RESOLVED = resolveWith(undefined);

/** Queues fn as a promise job (a microtask), like queueMicrotask without its
 * wrapper: fn must not throw. */
export function queueJob(fn) {
  thenCall(RESOLVED, fn, undefined);
}

/** Marks p as handled, so that its rejection is not reported. */
export function setPromiseIsHandledToTrue(p) {
  thenCall(p, undefined, noop);
}

// --- queue-with-sizes (§8.1) -------------------------------------------------------

/**
 * A FIFO list with O(1) push and shift (Array.prototype.shift is O(n) in
 * QuickJS). `length` is a plain data property. Elements live in `items`
 * from index `head`; the array is compacted once half of it is consumed.
 */
export class Queue {
  constructor() {
    this.items = [];
    this.head = 0;
    this.length = 0;
  }

  push(v) {
    const items = this.items;
    items[items.length] = v;
    this.length++;
  }

  shift() {
    const items = this.items;
    const head = this.head;
    const v = items[head];
    items[head] = undefined;
    this.length--;
    if (this.length === 0) {
      this.items = [];
      this.head = 0;
    } else if (head >= 1024 && head * 2 >= items.length) {
      this.items = items.slice(head + 1);
      this.head = 0;
    } else {
      this.head = head + 1;
    }
    return v;
  }

  /** The first element (undefined when empty). */
  peek() {
    return this.items[this.head];
  }

  /** The last element (undefined when empty). */
  last() {
    const items = this.items;
    return items[items.length - 1];
  }

  /** Element i from the front. */
  at(i) {
    return this.items[this.head + i];
  }

  clear() {
    this.items = [];
    this.head = 0;
    this.length = 0;
  }
}

// The container also keeps `queuedBytes`, the bytes its chunks hold for the
// buffer cap (see checkBufferLimit): enqueueValueWithSize takes the chunk's
// byte size (0 when not tracked) and dequeueValue gives it back.

/** ResetQueue: `container.queue` becomes an empty Queue,
 * `container.queueTotalSize` and `container.queuedBytes` 0. */
export function resetQueue(container) {
  container.queue = new Queue();
  container.queueTotalSize = 0;
  container.queuedBytes = 0;
}

/** EnqueueValueWithSize: throws a RangeError for a size that is not a
 * finite non-negative number. `bytes` (optional) counts toward
 * `queuedBytes`. */
export function enqueueValueWithSize(container, value, size, bytes = 0) {
  if (!isNonNegativeNumber(size) || size === Infinity) {
    throw new RangeErrorCtor('The chunk size must be a finite, non-negative number');
  }
  container.queue.push({ value, size, bytes });
  container.queueTotalSize += size;
  if (bytes !== 0) container.queuedBytes += bytes;
}

/** DequeueValue: the front value; queueTotalSize never goes below 0 (float
 * rounding). */
export function dequeueValue(container) {
  const pair = container.queue.shift();
  let total = container.queueTotalSize - pair.size;
  if (total < 0) total = 0;
  container.queueTotalSize = total;
  if (pair.bytes !== 0) container.queuedBytes -= pair.bytes;
  return pair.value;
}

/** PeekQueueValue. */
export function peekQueueValue(container) {
  return container.queue.peek().value;
}

// --- strategies (§7.3, WebIDL QueuingStrategy) ----------------------------------

/**
 * Converts `value` to the WebIDL dictionary QueuingStrategy
 * { unrestricted double highWaterMark; QueuingStrategySize size; }:
 * members read in lexicographic order. Returns a fresh object with only the
 * members present.
 */
export function convertQueuingStrategy(value, context) {
  const out = { __proto__: null, highWaterMark: undefined, size: undefined };
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new TypeErrorCtor(`${context}: The provided value is not of type 'QueuingStrategy'.`);
  }
  const hwm = value.highWaterMark;
  if (hwm !== undefined) out.highWaterMark = +hwm;
  const size = value.size;
  if (size !== undefined) {
    if (typeof size !== 'function') {
      throw new TypeErrorCtor(`${context}: 'size' member of QueuingStrategy is not a function.`);
    }
    out.size = size;
  }
  return out;
}

/** ExtractHighWaterMark on a converted strategy. */
export function extractHighWaterMark(strategy, defaultHWM) {
  const hwm = strategy.highWaterMark;
  if (hwm === undefined) return defaultHWM;
  if (NumberIsNaN(hwm) || hwm < 0) {
    throw new RangeErrorCtor('Invalid highWaterMark: it must be a non-negative number');
  }
  return hwm;
}

const sizeOne = () => 1;

/** ExtractSizeAlgorithm on a converted strategy: the size callback invoked
 * with `this` undefined and its result converted to unrestricted double. */
export function extractSizeAlgorithm(strategy) {
  const size = strategy.size;
  if (size === undefined) return sizeOne;
  return (chunk) => +call(size, undefined, chunk);
}

// --- numbers and buffers ----------------------------------------------------------

/** IsNonNegativeNumber. */
export function isNonNegativeNumber(v) {
  return typeof v === 'number' && !NumberIsNaN(v) && v >= 0;
}

/** Whether v is an ArrayBuffer (not a SharedArrayBuffer): an exact brand check. */
export function isArrayBuffer(v) {
  return classId(v) === AB_CLASS;
}

/** Whether an ArrayBuffer is detached. */
export function isDetachedBuffer(ab) {
  return ReflectApply(ABDetachedGet, ab, []);
}

/** CanTransferArrayBuffer: not detached (and no detach key: no such buffers
 * exist in this runtime). */
export function canTransferArrayBuffer(ab) {
  return !ReflectApply(ABDetachedGet, ab, []);
}

/** TransferArrayBuffer: a new ArrayBuffer with ab's contents; ab is detached. */
export function transferArrayBuffer(ab) {
  return ReflectApply(ABTransfer, ab, []);
}

/** Whether v is a typed array (false for DataView and everything else). */
export function isTypedArray(v) {
  return ArrayBufferIsView(v) && ReflectApply(TATagGet, v, []) !== undefined;
}

/** [[ViewedArrayBuffer]], [[ByteOffset]], [[ByteLength]] of a view. */
export function viewBuffer(view) {
  return ReflectApply(TATagGet, view, []) !== undefined
    ? ReflectApply(TABufferGet, view, []) : ReflectApply(DVBufferGet, view, []);
}
export function viewByteOffset(view) {
  return ReflectApply(TATagGet, view, []) !== undefined
    ? ReflectApply(TAByteOffsetGet, view, []) : ReflectApply(DVByteOffsetGet, view, []);
}
export function viewByteLength(view) {
  return ReflectApply(TATagGet, view, []) !== undefined
    ? ReflectApply(TAByteLengthGet, view, []) : ReflectApply(DVByteLengthGet, view, []);
}

/** CloneAsUint8Array: a Uint8Array over a fresh copy of the view's bytes. */
export function cloneAsUint8Array(view) {
  const len = viewByteLength(view);
  const out = new U8(len);
  ReflectApply(TASet, out, [new U8(viewBuffer(view), viewByteOffset(view), len)]);
  return out;
}

/** StructuredClone, for ReadableStreamDefaultTee's cloneForBranch2. */
let structuredCloneFn = null;
export function structuredCloneForTee(v) {
  structuredCloneFn ??= builtin('nanojs:structured_clone').structuredClone;
  return structuredCloneFn(v);
}

// --- queued-byte cap (max_buffer_size_mb) ----------------------------------------

// The server sets the limit before any app code runs and never changes it,
// so it is read once, on first use, instead of per enqueue.
let queueLimit = -1;

/** The isolate's limit on bytes queued in one stream (Infinity when none). */
export function maxQueuedBytes() {
  if (queueLimit >= 0) return queueLimit;
  const n = bodyStreamNative.maxQueuedBytes();
  queueLimit = typeof n === 'number' && n >= 0 ? n : Infinity;
  return queueLimit;
}

/** The bytes a chunk holds for the cap: byteLength of an ArrayBuffer or a
 * view, two per code unit of a string, else 0. */
export function chunkByteSize(chunk) {
  if (typeof chunk === 'string') return chunk.length * 2;
  if (typeof chunk !== 'object' || chunk === null) return 0;
  if (ArrayBufferIsView(chunk)) return viewByteLength(chunk);
  const id = classId(chunk);
  if (id === AB_CLASS) return ReflectApply(ABByteLengthGet, chunk, []);
  if (id === SAB_CLASS) return ReflectApply(SABByteLengthGet, chunk, []);
  return 0;
}

/** Throws the cap's RangeError when `queuedBytesAfter` is over the limit.
 * `what` names the stream kind ("ReadableStream", "WritableStream", ...). */
export function checkBufferLimit(queuedBytesAfter, what) {
  const limit = maxQueuedBytes();
  if (queuedBytesAfter > limit) {
    const mb = MathRound((limit / (1024 * 1024)) * 100) / 100;
    throw new RangeErrorCtor(`${what} queue exceeds max_buffer_size_mb (${mb} MB)`);
  }
}

// --- WebIDL interface objects ---------------------------------------------------

const ReflectOwnKeys = Reflect.ownKeys;
const ObjectDefineProperty = Object.defineProperty;
const SymbolToStringTag = Symbol.toStringTag;

/** Makes a class's members WebIDL-shaped: operations and attributes
 * enumerable (class syntax makes them non-enumerable), and
 * `Symbol.toStringTag` set to `name`. Symbol-keyed members (inspect hooks,
 * @@asyncIterator) keep their own enumerability. */
export function finishInterface(cls, name) {
  const objs = [cls.prototype, cls];
  for (let i = 0; i < 2; i++) {
    const obj = objs[i];
    const keys = ReflectOwnKeys(obj);
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      if (typeof key !== 'string') continue;
      if (key === 'constructor' || key === 'length' || key === 'name' || key === 'prototype') {
        continue;
      }
      const d = ObjectGetOwnPropertyDescriptor(obj, key);
      d.enumerable = true;
      ObjectDefineProperty(obj, key, d);
    }
  }
  ObjectDefineProperty(cls.prototype, SymbolToStringTag, {
    value: name, writable: false, enumerable: false, configurable: true,
  });
}

const MathTrunc = Math.trunc;
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

/** WebIDL `[EnforceRange] unsigned long long`. */
export function enforceRangeUnsignedLongLong(v, what) {
  const x = +v;
  if (x !== x || x === Infinity || x === -Infinity) {
    throw new TypeErrorCtor(`${what} is not a finite number`);
  }
  const t = MathTrunc(x);
  if (t < 0 || t > MAX_SAFE_INTEGER) {
    throw new TypeErrorCtor(`${what} is outside the range of unsigned long long`);
  }
  return t === 0 ? 0 : t;
}

/** Whether v is a SharedArrayBuffer. */
export function isSharedArrayBuffer(v) {
  return classId(v) === SAB_CLASS;
}

/** An inspect hook's result as Node's streams print themselves:
 * `${name} ${inspect(fields)}` one level deeper, e.g.
 * `ReadableStream { locked: false, state: 'readable', supportsBYOB: false }`
 * (the name outside the braces, so line-width decisions match Node's). */
export function inspectStream(self, name, fields, depth, options, inspect) {
  if (depth < 0) return self;
  const opts = { ...options, depth: options.depth === null ? null : options.depth - 1 };
  return `${name} ${inspect(fields, opts)}`;
}

/** Runs and clears the callbacks a stream state holds in `onSettled` (set by
 * readableStreamOnSettled/writableStreamOnSettled: node:stream's finished()
 * watches web streams without locking them). */
export function runSettled(s) {
  const fns = s.onSettled;
  if (fns === undefined) return;
  s.onSettled = undefined;
  for (let i = 0; i < fns.length; i++) fns[i]();
}
