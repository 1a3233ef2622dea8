// node:util/types — type checks on engine-level facts (internal slots), which
// neither Symbol.toStringTag, prototypes nor proxies can fake, as in Node.
// Most read the object's QuickJS class id (nanojs:internal/node_util), compared
// with the ids of reference objects made here, so no id table is hard-coded.

import { classId, proxyDetails } from 'nanojs:internal/node_util';
import { promiseState } from 'nanojs:host';
import { keyObjects } from 'node:internal/brands';
// This module's own namespace: the reference module namespace object.
import * as selfNamespace from 'node:util/types';

const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ArrayBufferIsView = ArrayBuffer.isView;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TypedArrayPrototypeGetSymbolToStringTag = ObjectGetOwnPropertyDescriptor(
  TypedArrayPrototype,
  Symbol.toStringTag,
).get;
const ReflectApply = Reflect.apply;

// Class ids of reference objects.
const id = {
  date: classId(new Date(0)),
  regexp: classId(/x/),
  map: classId(new Map()),
  set: classId(new Set()),
  weakMap: classId(new WeakMap()),
  weakSet: classId(new WeakSet()),
  mapIterator: classId(new Map().keys()),
  setIterator: classId(new Set().values()),
  arrayBuffer: classId(new ArrayBuffer(0)),
  sharedArrayBuffer: typeof SharedArrayBuffer === 'function' ? classId(new SharedArrayBuffer(0)) : -1,
  dataView: classId(new DataView(new ArrayBuffer(0))),
  promise: classId(Promise.resolve()),
  error: classId(new Error()),
  number: classId(Object(0)),
  string: classId(Object('')),
  boolean: classId(Object(false)),
  bigint: classId(Object(0n)),
  symbol: classId(Object(Symbol())),
  asyncFunction: classId(async function () {}),
  asyncGeneratorFunction: classId(async function* () {}),
  generatorFunction: classId(function* () {}),
  generator: classId((function* () {})()),
  asyncGenerator: classId((async function* () {})()),
  arguments: classId(
    (function () {
      return arguments; // eslint-disable-line prefer-rest-params
    })(),
  ),
  mappedArguments: -1,
  moduleNamespace: classId(selfNamespace),
};
try {
  // Sloppy-mode functions have "mapped" arguments objects, a class of their own.
  // eslint-disable-next-line no-new-func
  id.mappedArguments = classId(new Function('return arguments')());
} catch {
  // Function() may be unavailable; then no mapped arguments exist either.
}


export function isDate(value) {
  return classId(value) === id.date;
}

export function isRegExp(value) {
  return classId(value) === id.regexp;
}

export function isMap(value) {
  return classId(value) === id.map;
}

export function isSet(value) {
  return classId(value) === id.set;
}

export function isWeakMap(value) {
  return classId(value) === id.weakMap;
}

export function isWeakSet(value) {
  return classId(value) === id.weakSet;
}

export function isMapIterator(value) {
  return classId(value) === id.mapIterator;
}

export function isSetIterator(value) {
  return classId(value) === id.setIterator;
}

export function isArrayBuffer(value) {
  return classId(value) === id.arrayBuffer;
}

export function isSharedArrayBuffer(value) {
  return classId(value) === id.sharedArrayBuffer;
}

export function isDataView(value) {
  return classId(value) === id.dataView;
}

export function isNumberObject(value) {
  return classId(value) === id.number;
}

export function isStringObject(value) {
  return classId(value) === id.string;
}

export function isBooleanObject(value) {
  return classId(value) === id.boolean;
}

export function isBigIntObject(value) {
  return classId(value) === id.bigint;
}

export function isSymbolObject(value) {
  return classId(value) === id.symbol;
}

export function isModuleNamespaceObject(value) {
  return classId(value) === id.moduleNamespace;
}


export function isPromise(value) {
  return promiseState(value) !== undefined;
}

export function isNativeError(value) {
  return classId(value) === id.error;
}


export function isAsyncFunction(value) {
  const c = classId(value);
  return c === id.asyncFunction || c === id.asyncGeneratorFunction;
}

export function isGeneratorFunction(value) {
  const c = classId(value);
  return c === id.generatorFunction || c === id.asyncGeneratorFunction;
}

export function isGeneratorObject(value) {
  const c = classId(value);
  return c === id.generator || c === id.asyncGenerator;
}

export function isArgumentsObject(value) {
  const c = classId(value);
  return c === id.arguments || c === id.mappedArguments;
}

export function isAnyArrayBuffer(value) {
  const c = classId(value);
  return c === id.arrayBuffer || c === id.sharedArrayBuffer;
}

export function isBoxedPrimitive(value) {
  const c = classId(value);
  return c === id.number || c === id.string || c === id.boolean || c === id.bigint || c === id.symbol;
}

export function isArrayBufferView(value) {
  return ArrayBufferIsView(value);
}

// The %TypedArray%.prototype[@@toStringTag] getter: the element type's name
// for typed arrays (read from the internal slot), undefined for anything else.
function typedArrayName(value) {
  return ReflectApply(TypedArrayPrototypeGetSymbolToStringTag, value, []);
}

export function isTypedArray(value) {
  return typedArrayName(value) !== undefined;
}

export function isUint8Array(value) {
  return typedArrayName(value) === 'Uint8Array';
}

export function isUint8ClampedArray(value) {
  return typedArrayName(value) === 'Uint8ClampedArray';
}

export function isUint16Array(value) {
  return typedArrayName(value) === 'Uint16Array';
}

export function isUint32Array(value) {
  return typedArrayName(value) === 'Uint32Array';
}

export function isInt8Array(value) {
  return typedArrayName(value) === 'Int8Array';
}

export function isInt16Array(value) {
  return typedArrayName(value) === 'Int16Array';
}

export function isInt32Array(value) {
  return typedArrayName(value) === 'Int32Array';
}

export function isFloat32Array(value) {
  return typedArrayName(value) === 'Float32Array';
}

export function isFloat64Array(value) {
  return typedArrayName(value) === 'Float64Array';
}

export function isBigInt64Array(value) {
  return typedArrayName(value) === 'BigInt64Array';
}

export function isBigUint64Array(value) {
  return typedArrayName(value) === 'BigUint64Array';
}


export function isProxy(value) {
  return proxyDetails(value) !== undefined;
}

/** Node's external (C++-wrapped) values: there are none here. */
export function isExternal(value) {
  return false;
}

export function isKeyObject(value) {
  return value !== null && typeof value === 'object' && keyObjects.has(value);
}

// CryptoKey's `type` getter throws for anything but a real CryptoKey. Read
// from the global on first use, so loading this module does not load WebCrypto.
let cryptoKeyTypeGetter;
export function isCryptoKey(value) {
  if (value === null || typeof value !== 'object') return false;
  if (cryptoKeyTypeGetter === undefined) {
    const CryptoKey = globalThis.CryptoKey;
    const desc = typeof CryptoKey === 'function' && ObjectGetOwnPropertyDescriptor(CryptoKey.prototype, 'type');
    if (!desc || typeof desc.get !== 'function') return false;
    cryptoKeyTypeGetter = desc.get;
  }
  try {
    ReflectApply(cryptoKeyTypeGetter, value, []);
    return true;
  } catch {
    return false;
  }
}

export default {
  isExternal,
  isDate,
  isArgumentsObject,
  isBigIntObject,
  isBooleanObject,
  isNumberObject,
  isStringObject,
  isSymbolObject,
  isNativeError,
  isRegExp,
  isAsyncFunction,
  isGeneratorFunction,
  isGeneratorObject,
  isPromise,
  isMap,
  isSet,
  isMapIterator,
  isSetIterator,
  isWeakMap,
  isWeakSet,
  isArrayBuffer,
  isDataView,
  isSharedArrayBuffer,
  isProxy,
  isModuleNamespaceObject,
  isAnyArrayBuffer,
  isBoxedPrimitive,
  isArrayBufferView,
  isTypedArray,
  isUint8Array,
  isUint8ClampedArray,
  isUint16Array,
  isUint32Array,
  isInt8Array,
  isInt16Array,
  isInt32Array,
  isFloat32Array,
  isFloat64Array,
  isBigInt64Array,
  isBigUint64Array,
  isKeyObject,
  isCryptoKey,
};
