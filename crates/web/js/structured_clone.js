// structuredClone() (HTML § 2.7 "Safe passing of structured data").
//
// StructuredSerializeWithTransfer and StructuredDeserializeWithTransfer run
// as one pass here: the clone of each value is built as soon as the value is
// read. Reading the input (getters, ToString of an error message, the
// transfer iterable) happens in exactly the order the spec gives, and
// building the output runs no user code (prototype setters cannot fire, and
// every builtin used was captured when this module loaded), so the result and
// every exception are the ones the two-step algorithm gives.
//
// Transferred ArrayBuffers are detached only once the whole value has been
// read, as the spec requires. Until then their clones (and clones of views on
// them) are placeholders, replaced at the end in the freshly built graph.
//
// Which builtin kind an object is comes from QuickJS's class id
// (`nanojs:internal/structured_clone`), an exact brand check that runs no JS.
// Plain objects and arrays, the bulk of most values, are cloned by the
// native `walk` of that module, without recursion; it calls back here for
// every other kind of object.
// Platform objects implemented in JS are recognised by their prototype chain:
// an interface object of a builtin module is compiled without source, so
// `Function.prototype.toString` shows it as native code.

import { classId, memoryGet, memorySet, newMemory, walk } from 'nanojs:internal/structured_clone';
import { DOMException, isDOMException } from 'nanojs:dom_exception';

// --- intrinsics ---------------------------------------------------------------

const FunctionCall = Function.prototype.call;
const uncurry = (fn) => FunctionCall.bind(fn);
const getter = (proto, key) => uncurry(Object.getOwnPropertyDescriptor(proto, key).get);

const ObjectCtor = Object;
const ObjectPrototype = Object.prototype;
const ObjectKeys = Object.keys;
const ObjectHasOwn = Object.hasOwn;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ObjectDefineProperty = Object.defineProperty;
const ArrayCtor = Array;
const FunctionToString = uncurry(Function.prototype.toString);
const StringEndsWith = uncurry(String.prototype.endsWith);
const SymbolToString = uncurry(Symbol.prototype.toString);
const MapCtor = Map;
const SetCtor = Set;
const WeakMapCtor = WeakMap;
const MapSet = uncurry(Map.prototype.set);
const MapForEach = uncurry(Map.prototype.forEach);
const MapClear = uncurry(Map.prototype.clear);
const SetAdd = uncurry(Set.prototype.add);
const SetHas = uncurry(Set.prototype.has);
const SetForEach = uncurry(Set.prototype.forEach);
const SetClear = uncurry(Set.prototype.clear);
const WeakMapGet = uncurry(WeakMap.prototype.get);
const WeakMapSet = uncurry(WeakMap.prototype.set);
const BooleanValueOf = uncurry(Boolean.prototype.valueOf);
const NumberValueOf = uncurry(Number.prototype.valueOf);
const StringValueOf = uncurry(String.prototype.valueOf);
const BigIntValueOf = uncurry(BigInt.prototype.valueOf);
const DateCtor = Date;
const DateGetTime = uncurry(Date.prototype.getTime);
const RegExpCtor = RegExp;
const RegExpSource = getter(RegExp.prototype, 'source');

// Lists this module fills: without a prototype, so that no index setter a
// program put on Array.prototype runs.
const newList = () => ObjectSetPrototypeOf([], null);

// [[OriginalFlags]], read flag by flag so no overridable getter runs.
const REGEXP_FLAGS = newList();
for (const [flag, key] of [
  ['d', 'hasIndices'], ['g', 'global'], ['i', 'ignoreCase'], ['m', 'multiline'],
  ['s', 'dotAll'], ['u', 'unicode'], ['v', 'unicodeSets'], ['y', 'sticky'],
]) {
  if (ObjectGetOwnPropertyDescriptor(RegExp.prototype, key) !== undefined) {
    REGEXP_FLAGS[REGEXP_FLAGS.length] = flag;
    REGEXP_FLAGS[REGEXP_FLAGS.length] = getter(RegExp.prototype, key);
  }
}
const ArrayBufferCtor = ArrayBuffer;
const ABProto = ArrayBuffer.prototype;
const ABByteLength = getter(ABProto, 'byteLength');
const ABMaxByteLength = getter(ABProto, 'maxByteLength');
const ABResizable = getter(ABProto, 'resizable');
const ABDetached = getter(ABProto, 'detached');
const ABResize = uncurry(ABProto.resize);
const ABTransfer = uncurry(ABProto.transfer);
const ABImmutable = ObjectGetOwnPropertyDescriptor(ABProto, 'immutable') ? getter(ABProto, 'immutable') : () => false;
const ABTransferToImmutable = ABProto.transferToImmutable ? uncurry(ABProto.transferToImmutable) : null;
const Uint8ArrayCtor = Uint8Array;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TABuffer = getter(TypedArrayPrototype, 'buffer');
const TAByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const TAByteLength = getter(TypedArrayPrototype, 'byteLength');
const TALength = getter(TypedArrayPrototype, 'length');
const TASet = uncurry(TypedArrayPrototype.set);
const TAAt = uncurry(TypedArrayPrototype.at);
const DataViewCtor = DataView;
const DVBuffer = getter(DataView.prototype, 'buffer');
const DVByteOffset = getter(DataView.prototype, 'byteOffset');
const DVByteLength = getter(DataView.prototype, 'byteLength');
const ErrorStack = ObjectGetOwnPropertyDescriptor(Error.prototype, 'stack')?.get
  ? getter(Error.prototype, 'stack') : null;
const DOMExceptionName = getter(DOMException.prototype, 'name');
const DOMExceptionMessage = getter(DOMException.prototype, 'message');
const DOMExceptionCtor = DOMException;
const TypeErrorCtor = TypeError;
const SymbolIterator = Symbol.iterator;

// The error types that survive cloning; any other name becomes "Error".
const ERRORS = {
  __proto__: null,
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

// --- kinds of objects, by QuickJS class id -------------------------------------

const K_OBJECT = 1;
const K_ARRAY = 2;
const K_ERROR = 3;
const K_BOOLEAN = 4;
const K_NUMBER = 5;
const K_STRING = 6;
const K_BIGINT = 7;
const K_DATE = 8;
const K_REGEXP = 9;
const K_ARRAY_BUFFER = 10;
const K_SHARED_ARRAY_BUFFER = 11;
const K_TYPED_ARRAY = 12;
const K_DATA_VIEW = 13;
const K_MAP = 14;
const K_SET = 15;

// Class id -> kind; anything else (functions, proxies, promises, weak
// collections, iterators, arguments, module namespaces, native platform
// classes) cannot be cloned.
const KIND = newList();
// Class id -> typed array constructor.
const TYPED_ARRAYS = newList();

// Class id -> what error messages call objects of that class.
const NAMES = newList();

function learn(sample, kind, name = undefined) {
  const id = classId(sample);
  if (kind !== undefined) KIND[id] = kind;
  if (name !== undefined) NAMES[id] = name;
}
learn({}, K_OBJECT);
learn([], K_ARRAY);
learn(new Error(), K_ERROR);
learn(ObjectCtor(false), K_BOOLEAN);
learn(ObjectCtor(0), K_NUMBER);
learn(ObjectCtor(''), K_STRING);
learn(ObjectCtor(0n), K_BIGINT);
learn(new Date(0), K_DATE);
learn(/x/, K_REGEXP);
learn(new ArrayBuffer(0), K_ARRAY_BUFFER);
if (typeof SharedArrayBuffer === 'function') learn(new SharedArrayBuffer(0), K_SHARED_ARRAY_BUFFER);
learn(new DataView(new ArrayBuffer(0)), K_DATA_VIEW);
learn(new Map(), K_MAP);
learn(new Set(), K_SET);
const TYPED_ARRAY_CTORS = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
];
if (typeof Float16Array === 'function') TYPED_ARRAY_CTORS[TYPED_ARRAY_CTORS.length] = Float16Array;
for (const ctor of TYPED_ARRAY_CTORS) {
  const id = classId(new ctor(0));
  KIND[id] = K_TYPED_ARRAY;
  TYPED_ARRAYS[id] = ctor;
}
const PROXY = classId(new Proxy({}, {}));
const ARRAY_CLASS = classId([]);
const OBJECT_CLASS = classId({});
// What the native walk's callback returns for an ordinary object it should
// clone as a plain object.
const PLAIN = Object.freeze({ __proto__: null });
learn(new Proxy({}, {}), undefined, 'A Proxy');
learn(Promise.resolve(), undefined, 'A Promise');
learn(new WeakMap(), undefined, 'A WeakMap');
learn(new WeakSet(), undefined, 'A WeakSet');
learn(new WeakRef({}), undefined, 'A WeakRef');
learn(new FinalizationRegistry(() => {}), undefined, 'A FinalizationRegistry');
learn(ObjectCtor(Symbol()), undefined, 'A Symbol object');
learn((function () { return arguments; })(), undefined, 'An arguments object');
learn((function* () {})(), undefined, 'A generator');

// --- platform objects ----------------------------------------------------------

// ECMAScript's own constructors: an object that merely inherits from their
// prototypes (e.g. `Object.create(Map.prototype)`) is an ordinary object.
const ES_CONSTRUCTORS = new SetCtor();
for (const name of [
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Date',
  'RegExp', 'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError',
  'URIError', 'AggregateError', 'SuppressedError', 'InternalError', 'Map', 'Set', 'WeakMap',
  'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Promise', 'ArrayBuffer', 'SharedArrayBuffer',
  'DataView', 'Iterator', 'DisposableStack', 'AsyncDisposableStack',
]) {
  const desc = ObjectGetOwnPropertyDescriptor(globalThis, name);
  if (desc !== undefined && typeof desc.value === 'function') SetAdd(ES_CONSTRUCTORS, desc.value);
}
for (const ctor of TYPED_ARRAY_CTORS) SetAdd(ES_CONSTRUCTORS, ctor);
SetAdd(ES_CONSTRUCTORS, ObjectGetPrototypeOf(Uint8Array));
for (const f of [function* () {}, async function () {}, async function* () {}]) {
  SetAdd(ES_CONSTRUCTORS, ObjectGetPrototypeOf(f).constructor);
}

// Function -> whether it is a builtin interface object (compiled without
// source, so it prints as native code).
const nativeCache = new WeakMapCtor();

function isBuiltinInterface(fn) {
  let native = WeakMapGet(nativeCache, fn);
  if (native === undefined) {
    native = !SetHas(ES_CONSTRUCTORS, fn) && StringEndsWith(FunctionToString(fn), '[native code]\n}');
    WeakMapSet(nativeCache, fn, native);
  }
  return native;
}

// Prototype -> the builtin interface it belongs to, or null. (Cached: a
// prototype chain that changes after an object was cloned is not noticed.)
const protoCache = new WeakMapCtor();

// The builtin (platform) interface an ordinary object whose prototype is
// `proto` (not Object.prototype) is an instance of, or null.
function platformInterface(proto) {
  let iface = WeakMapGet(protoCache, proto);
  if (iface === undefined) {
    iface = findInterface(proto);
    WeakMapSet(protoCache, proto, iface);
  }
  return iface;
}

function findInterface(proto) {
  for (let p = proto; p !== null && p !== ObjectPrototype; p = ObjectGetPrototypeOf(p)) {
    // A proxy's traps would run user code; platform objects have none.
    if (classId(p) === PROXY) return null;
    const desc = ObjectGetOwnPropertyDescriptor(p, 'constructor');
    if (desc !== undefined && ObjectHasOwn(desc, 'value') && typeof desc.value === 'function'
      && isBuiltinInterface(desc.value)) {
      return desc.value;
    }
  }
  return null;
}

// Serializable platform interfaces implemented in JS, beyond DOMException:
// [isInstance(value), clone(value, cloneInner)].
const serializables = newList();

/**
 * @internal Lets a builtin module make its interface serializable (e.g. Blob,
 * File): `isInstance(v)` brand-checks a value (subclass instances included);
 * `clone(v, cloneInner)` returns a new instance of the interface itself,
 * calling `cloneInner(x)` to clone any JS values it holds.
 */
export function _registerSerializable(isInstance, clone) {
  serializables[serializables.length] = [isInstance, clone];
}

// --- errors ----------------------------------------------------------------------

// Names a value for an error message without running user code.
function describe(v) {
  switch (typeof v) {
    case 'symbol': return SymbolToString(v);
    case 'function': return 'A function';
    default: return NAMES[classId(v)] ?? 'An object';
  }
}

function dataCloneError(what) {
  return new DOMExceptionCtor(`${what} could not be cloned.`, 'DataCloneError');
}

// --- cloning ----------------------------------------------------------------------

// A clone that exists only once the transfer is done.
class Pending {
  constructor(resolve) {
    this.resolve = resolve;
    this.value = undefined;
  }
}

class State {
  constructor() {
    // Input object -> its clone.
    this.memory = newMemory();
    // While transferring: the set of Pending placeholders, and where they
    // were stored ([container, key], or [map or set] to rebuild).
    this.pending = null;
    this.fixups = null;
    // For the native walk over plain objects and arrays.
    this.env = [
      this.memory, ObjectPrototype,
      (v) => (typeof v === 'symbol' ? cloneValue(v, this) : cloneObject(v, this, true)),
      PLAIN, ARRAY_CLASS, OBJECT_CLASS,
    ];
  }
}

function addFixup(st, fixup) {
  st.fixups[st.fixups.length] = fixup;
}

function isPending(st, v) {
  return st.pending !== null && typeof v === 'object' && SetHas(st.pending, v);
}

const DATA = { __proto__: null, value: undefined, writable: true, enumerable: true, configurable: true };
const HIDDEN = { __proto__: null, value: undefined, writable: true, enumerable: false, configurable: true };

function cloneValue(v, st) {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function') return cloneObject(v, st);
    if (typeof v === 'symbol') throw dataCloneError(describe(v));
    return v;
  }
  const seen = memoryGet(st.memory, v);
  if (seen !== undefined) return seen;
  return cloneObject(v, st);
}

// The clone of an object not in memory yet. Called by the native walk
// (`fromWalk`), a plain object is only checked: the walk clones it.
function cloneObject(v, st, fromWalk = false) {
  const id = classId(v);
  switch (KIND[id]) {
    case K_OBJECT: {
      const proto = ObjectGetPrototypeOf(v);
      if (proto !== ObjectPrototype && proto !== null) {
        for (let i = 0; i < serializables.length; i++) {
          if (serializables[i][0](v)) {
            const out = serializables[i][1](v, (x) => cloneValue(x, st));
            memorySet(st.memory, v, out);
            return out;
          }
        }
        const iface = platformInterface(proto);
        if (iface !== null) {
          const name = ObjectGetOwnPropertyDescriptor(iface, 'name')?.value;
          throw dataCloneError(typeof name === 'string' ? `${name} object` : 'A platform object');
        }
      }
      if (fromWalk) return PLAIN;
      const out = {};
      memorySet(st.memory, v, out);
      cloneProperties(v, out, st);
      return out;
    }
    case K_ARRAY: {
      const out = new ArrayCtor(v.length);
      memorySet(st.memory, v, out);
      cloneProperties(v, out, st);
      return out;
    }
    case K_ERROR:
      if (isDOMException(v)) return cloneDOMException(v, st);
      return cloneError(v, st);
    case K_BOOLEAN:
      return remember(st, v, ObjectCtor(BooleanValueOf(v)));
    case K_NUMBER:
      return remember(st, v, ObjectCtor(NumberValueOf(v)));
    case K_STRING:
      return remember(st, v, ObjectCtor(StringValueOf(v)));
    case K_BIGINT:
      return remember(st, v, ObjectCtor(BigIntValueOf(v)));
    case K_DATE:
      return remember(st, v, new DateCtor(DateGetTime(v)));
    case K_REGEXP: {
      let flags = '';
      for (let i = 0; i < REGEXP_FLAGS.length; i += 2) {
        if (REGEXP_FLAGS[i + 1](v)) flags += REGEXP_FLAGS[i];
      }
      return remember(st, v, new RegExpCtor(RegExpSource(v), flags));
    }
    case K_ARRAY_BUFFER:
      return remember(st, v, copyArrayBuffer(v));
    case K_SHARED_ARRAY_BUFFER:
      throw dataCloneError('A SharedArrayBuffer (without cross-origin isolation)');
    case K_TYPED_ARRAY:
      return cloneTypedArray(v, id, st);
    case K_DATA_VIEW:
      return cloneDataView(v, st);
    case K_MAP: {
      const out = new MapCtor();
      memorySet(st.memory, v, out);
      const list = newList();
      MapForEach(v, (value, key) => {
        list[list.length] = key;
        list[list.length] = value;
      });
      let fix = false;
      for (let i = 0; i < list.length; i += 2) {
        const key = cloneValue(list[i], st);
        const value = cloneValue(list[i + 1], st);
        if (st.pending !== null && (isPending(st, key) || isPending(st, value))) fix = true;
        MapSet(out, key, value);
      }
      if (fix) addFixup(st, [K_MAP, out]);
      return out;
    }
    case K_SET: {
      const out = new SetCtor();
      memorySet(st.memory, v, out);
      const list = newList();
      SetForEach(v, (value) => {
        list[list.length] = value;
      });
      let fix = false;
      for (let i = 0; i < list.length; i++) {
        const value = cloneValue(list[i], st);
        if (isPending(st, value)) fix = true;
        SetAdd(out, value);
      }
      if (fix) addFixup(st, [K_SET, out]);
      return out;
    }
    default:
      throw dataCloneError(describe(v));
  }
}

function remember(st, v, out) {
  memorySet(st.memory, v, out);
  return out;
}

// Own enumerable string-keyed properties, read in order with [[Get]], each
// only if a getter run before has not deleted it, and defined on the clone
// (no prototype setter runs). While transferring, placeholders in the clone
// are noted for later.
function cloneProperties(v, out, st) {
  if (st.pending === null) {
    walk(v, out, st.env);
    return;
  }
  const keys = ObjectKeys(v);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!ObjectHasOwn(v, key)) continue;
    const value = cloneValue(v[key], st);
    DATA.value = value;
    ObjectDefineProperty(out, key, DATA);
    DATA.value = undefined;
    if (isPending(st, value)) addFixup(st, [K_OBJECT, out, key]);
  }
}

function cloneError(v, st) {
  const name = v.name;
  const ctor = typeof name === 'string' ? ERRORS[name] ?? ERRORS.Error : ERRORS.Error;
  const messageDesc = ObjectGetOwnPropertyDescriptor(v, 'message');
  let message;
  if (messageDesc !== undefined && ObjectHasOwn(messageDesc, 'value')) message = `${messageDesc.value}`;
  const out = new ctor();
  memorySet(st.memory, v, out);
  if (message !== undefined) defineHidden(out, 'message', message);
  copyStack(v, out);
  // The cause, like the stack, is data the spec lets user agents attach.
  const causeDesc = ObjectGetOwnPropertyDescriptor(v, 'cause');
  if (causeDesc !== undefined && ObjectHasOwn(causeDesc, 'value')) {
    const cause = cloneValue(causeDesc.value, st);
    defineHidden(out, 'cause', cause);
    if (isPending(st, cause)) addFixup(st, [K_OBJECT, out, 'cause']);
  }
  return out;
}

function cloneDOMException(v, st) {
  const out = new DOMExceptionCtor(DOMExceptionMessage(v), DOMExceptionName(v));
  memorySet(st.memory, v, out);
  copyStack(v, out);
  return out;
}

function copyStack(v, out) {
  const desc = ObjectGetOwnPropertyDescriptor(v, 'stack');
  let stack;
  if (desc !== undefined) {
    if (ObjectHasOwn(desc, 'value')) stack = desc.value;
  } else if (ErrorStack !== null) {
    stack = ErrorStack(v);
  }
  if (typeof stack === 'string') defineHidden(out, 'stack', stack);
}

function defineHidden(o, key, value) {
  HIDDEN.value = value;
  ObjectDefineProperty(o, key, HIDDEN);
  HIDDEN.value = undefined;
}

function copyArrayBuffer(v) {
  if (ABDetached(v)) throw dataCloneError('A detached ArrayBuffer');
  const length = ABByteLength(v);
  let out;
  if (ABResizable(v)) {
    out = new ArrayBufferCtor(length, { __proto__: null, maxByteLength: ABMaxByteLength(v) });
  } else {
    out = new ArrayBufferCtor(length);
  }
  if (length !== 0) TASet(new Uint8ArrayCtor(out), new Uint8ArrayCtor(v));
  if (ABTransferToImmutable !== null && ABImmutable(v)) out = ABTransferToImmutable(out);
  return out;
}

// Whether a view on a resizable buffer tracks the buffer's length (was made
// without an explicit length). Nothing shows that directly, so a view that
// reaches the end of its buffer is checked by growing the buffer by one
// element and back, which runs no user code and keeps the contents. A buffer
// already at its maximum length cannot grow; its views that reach the end
// are taken to be length-tracking.
function tracksLength(view, buffer, byteOffset, byteLength, elementSize, viewByteLength) {
  if (!ABResizable(buffer)) return false;
  const bufferLength = ABByteLength(buffer);
  if (bufferLength - (byteOffset + byteLength) >= elementSize) return false;
  if (bufferLength + elementSize > ABMaxByteLength(buffer)) return true;
  ABResize(buffer, bufferLength + elementSize);
  const grew = viewByteLength(view) !== byteLength;
  ABResize(buffer, bufferLength);
  return grew;
}

function cloneTypedArray(v, id, st) {
  // IsArrayBufferViewOutOfBounds (detached or outside a shrunk buffer).
  try {
    TAAt(v, 0);
  } catch {
    throw dataCloneError('An out-of-bounds or detached typed array');
  }
  const ctor = TYPED_ARRAYS[id];
  const buffer = TABuffer(v);
  const byteOffset = TAByteOffset(v);
  const byteLength = TAByteLength(v);
  const length = TALength(v);
  const tracking = tracksLength(v, buffer, byteOffset, byteLength, ctor.BYTES_PER_ELEMENT, TAByteLength);
  const bufferClone = cloneValue(buffer, st);
  const make = (b) => (tracking ? new ctor(b, byteOffset) : new ctor(b, byteOffset, length));
  return remember(st, v, isPending(st, bufferClone) ? deferView(st, bufferClone, make) : make(bufferClone));
}

function cloneDataView(v, st) {
  let byteLength;
  try {
    byteLength = DVByteLength(v);
  } catch {
    throw dataCloneError('An out-of-bounds or detached DataView');
  }
  const buffer = DVBuffer(v);
  const byteOffset = DVByteOffset(v);
  const tracking = tracksLength(v, buffer, byteOffset, byteLength, 1, DVByteLength);
  const bufferClone = cloneValue(buffer, st);
  const make = (b) => (tracking ? new DataViewCtor(b, byteOffset) : new DataViewCtor(b, byteOffset, byteLength));
  return remember(st, v, isPending(st, bufferClone) ? deferView(st, bufferClone, make) : make(bufferClone));
}

function deferView(st, bufferClone, make) {
  const p = new Pending(() => make(bufferClone.value));
  SetAdd(st.pending, p);
  return p;
}

// --- transfer ----------------------------------------------------------------------

// WebIDL conversion of StructuredSerializeOptions.transfer to sequence<object>.
function transferList(options) {
  if (options === undefined || options === null) return [];
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw new TypeErrorCtor("Failed to execute 'structuredClone': The provided value is not of type 'StructuredSerializeOptions'.");
  }
  const transfer = options.transfer;
  if (transfer === undefined) return [];
  const notSequence = () => new TypeErrorCtor(
    "Failed to execute 'structuredClone': Failed to read the 'transfer' property from 'StructuredSerializeOptions': The provided value cannot be converted to a sequence.",
  );
  if ((typeof transfer !== 'object' && typeof transfer !== 'function') || transfer === null) throw notSequence();
  const method = transfer[SymbolIterator];
  if (method === undefined || method === null) throw notSequence();
  if (typeof method !== 'function') throw new TypeErrorCtor('transfer[Symbol.iterator] is not a function');
  const iterator = FunctionCall.call(method, transfer);
  if ((typeof iterator !== 'object' && typeof iterator !== 'function') || iterator === null) {
    throw new TypeErrorCtor('Result of the Symbol.iterator method is not an object');
  }
  const next = iterator.next;
  const list = newList();
  for (;;) {
    const step = FunctionCall.call(next, iterator);
    if ((typeof step !== 'object' && typeof step !== 'function') || step === null) {
      throw new TypeErrorCtor(`Iterator result ${String(step)} is not an object`);
    }
    if (step.done) return list;
    const item = step.value;
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null) {
      throw new TypeErrorCtor(
        "Failed to execute 'structuredClone': Failed to read the 'transfer' property from 'StructuredSerializeOptions': The provided value is not of type 'object'.",
      );
    }
    list[list.length] = item;
  }
}

function prepareTransfer(list, st) {
  st.pending = new SetCtor();
  st.fixups = newList();
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    const kind = KIND[classId(t)];
    if (kind === K_SHARED_ARRAY_BUFFER) throw new DOMExceptionCtor(`SharedArrayBuffer at index ${i} is not transferable.`, 'DataCloneError');
    if (kind !== K_ARRAY_BUFFER) throw new DOMExceptionCtor(`Value at index ${i} does not have a transferable type.`, 'DataCloneError');
    if (memoryGet(st.memory, t) !== undefined) {
      throw new DOMExceptionCtor(`ArrayBuffer at index ${i} is a duplicate of an earlier ArrayBuffer.`, 'DataCloneError');
    }
    const p = new Pending(null);
    SetAdd(st.pending, p);
    memorySet(st.memory, t, p);
  }
}

function finishTransfer(list, st, root) {
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (ABDetached(t)) throw new DOMExceptionCtor(`ArrayBuffer at index ${i} is already detached.`, 'DataCloneError');
    if (ABImmutable(t)) throw new DOMExceptionCtor(`ArrayBuffer at index ${i} is immutable and cannot be transferred.`, 'DataCloneError');
    memoryGet(st.memory, t).value = ABTransfer(t);
  }
  // Views on transferred buffers, now that the buffers exist.
  SetForEach(st.pending, (p) => {
    if (p.resolve !== null) p.value = p.resolve();
  });
  const real = (x) => (isPending(st, x) ? x.value : x);
  for (let i = 0; i < st.fixups.length; i++) {
    const fixup = st.fixups[i];
    const kind = fixup[0];
    const target = fixup[1];
    const key = fixup[2];
    if (kind === K_OBJECT) {
      target[key] = real(target[key]);
      continue;
    }
    // A map or set holding placeholders: rebuild it in the same order.
    const entries = newList();
    if (kind === K_MAP) {
      MapForEach(target, (value, k) => {
        entries[entries.length] = real(k);
        entries[entries.length] = real(value);
      });
      MapClear(target);
      for (let j = 0; j < entries.length; j += 2) MapSet(target, entries[j], entries[j + 1]);
    } else {
      SetForEach(target, (value) => {
        entries[entries.length] = real(value);
      });
      SetClear(target);
      for (let j = 0; j < entries.length; j++) SetAdd(target, entries[j]);
    }
  }
  return real(root);
}

// --- structuredClone ---------------------------------------------------------------

const EMPTY = [];

// any structuredClone(any value, optional StructuredSerializeOptions options = {});
// (A method, so that it is not a constructor.)
export const { structuredClone } = {
  structuredClone(value) {
    if (arguments.length < 1) {
      throw new TypeErrorCtor("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
    }
    const transfer = arguments.length > 1 ? transferList(arguments[1]) : EMPTY;
    const st = new State();
    if (transfer.length !== 0) prepareTransfer(transfer, st);
    const out = cloneValue(value, st);
    return transfer.length !== 0 ? finishTransfer(transfer, st, out) : out;
  },
};
