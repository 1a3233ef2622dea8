// node:util/types: every check against matching and non-matching values,
// including values that fake their type with Symbol.toStringTag or prototypes.
import types from 'node:util/types';
import * as typesNs from 'node:util/types';
import util from 'node:util';

const line = (name, values) => console.log(`${name}: ${values.map((v) => (types[name](v) ? 'T' : 'f')).join('')}`);

function sloppyArguments() {
  return arguments; // eslint-disable-line prefer-rest-params
}
const fakeTag = (tag, proto) => {
  const o = Object.create(proto ?? Object.prototype);
  Object.defineProperty(o, Symbol.toStringTag, { value: tag });
  return o;
};
class MyMap extends Map {}
class MyError extends TypeError {}
class MyArray extends Uint8Array {}

const ab = new ArrayBuffer(8);
const sab = new SharedArrayBuffer(8);
const typed = {
  Uint8Array: new Uint8Array(ab),
  Uint8ClampedArray: new Uint8ClampedArray(2),
  Uint16Array: new Uint16Array(2),
  Uint32Array: new Uint32Array(2),
  Int8Array: new Int8Array(2),
  Int16Array: new Int16Array(2),
  Int32Array: new Int32Array(2),
  Float32Array: new Float32Array(2),
  Float64Array: new Float64Array(2),
  BigInt64Array: new BigInt64Array(2),
  BigUint64Array: new BigUint64Array(2),
};
const typedValues = Object.values(typed);
const commonFakes = [null, undefined, 0, 'x', {}, [], () => {}, Object.create(null)];

line('isDate', [new Date(), new Date(NaN), Date.prototype, fakeTag('Date', Date.prototype), Date.now(), ...commonFakes]);
line('isRegExp', [/x/, new RegExp('y', 'g'), RegExp.prototype, Object.create(RegExp.prototype), fakeTag('RegExp'), '/x/', ...commonFakes]);
line('isMap', [new Map(), new MyMap(), Map.prototype, fakeTag('Map'), new WeakMap(), new Proxy(new Map(), {}), ...commonFakes]);
line('isSet', [new Set(), new Set([1]), Set.prototype, fakeTag('Set'), new WeakSet(), new Map(), ...commonFakes]);
line('isWeakMap', [new WeakMap(), WeakMap.prototype, new Map(), fakeTag('WeakMap'), ...commonFakes]);
line('isWeakSet', [new WeakSet(), WeakSet.prototype, new Set(), fakeTag('WeakSet'), ...commonFakes]);
line('isMapIterator', [new Map().keys(), new Map().values(), new Map().entries(), new Map()[Symbol.iterator](), new Set().values(), [].values(), ...commonFakes]);
line('isSetIterator', [new Set().keys(), new Set().values(), new Set().entries(), new Map().keys(), [].keys(), ...commonFakes]);
line('isPromise', [Promise.resolve(), new Promise(() => {}), (async () => {})(), { then() {} }, Object.create(Promise.prototype), fakeTag('Promise'), ...commonFakes]);
line('isArrayBuffer', [ab, new ArrayBuffer(0), sab, new Uint8Array(1), ArrayBuffer.prototype, fakeTag('ArrayBuffer'), ...commonFakes]);
line('isSharedArrayBuffer', [sab, ab, SharedArrayBuffer.prototype, fakeTag('SharedArrayBuffer'), ...commonFakes]);
line('isAnyArrayBuffer', [ab, sab, new Uint8Array(1), new DataView(ab), ...commonFakes]);
line('isDataView', [new DataView(ab), new DataView(sab), new Uint8Array(1), ab, DataView.prototype, fakeTag('DataView'), ...commonFakes]);
line('isArrayBufferView', [new DataView(ab), new Uint8Array(1), new MyArray(2), new Float64Array(1), ab, [1], ...commonFakes]);
line('isTypedArray', [...typedValues, new MyArray(1), new DataView(ab), ab, [1], fakeTag('Uint8Array'), ...commonFakes]);
for (const name of Object.keys(typed)) line(`is${name}`, [...typedValues, new MyArray(1), fakeTag(name), ...commonFakes]);
line('isNumberObject', [new Number(1), Object(NaN), 1, Number.prototype, Object.create(Number.prototype), new String('1'), ...commonFakes]);
line('isStringObject', [new String('a'), Object(''), 'a', String.prototype, Object.create(String.prototype), new Number(1), ...commonFakes]);
line('isBooleanObject', [new Boolean(false), Object(true), false, Boolean.prototype, Object.create(Boolean.prototype), ...commonFakes]);
line('isBigIntObject', [Object(1n), 1n, BigInt.prototype, Object.create(BigInt.prototype), new Number(1), ...commonFakes]);
line('isSymbolObject', [Object(Symbol('s')), Symbol('s'), Symbol.prototype, Object.create(Symbol.prototype), ...commonFakes]);
line('isBoxedPrimitive', [new Number(1), new String(''), new Boolean(true), Object(1n), Object(Symbol()), 1, 'x', true, 1n, Symbol(), ...commonFakes]);
line('isNativeError', [new Error('x'), new TypeError(), new RangeError(), new MyError(), new AggregateError([]), Object.create(Error.prototype), fakeTag('Error'), { name: 'Error', message: 'x' }, ...commonFakes]);
line('isAsyncFunction', [async function () {}, async () => {}, async function* () {}, function () {}, function* () {}, () => {}, (async () => {}).bind(null), Object.setPrototypeOf(function () {}, Object.getPrototypeOf(async () => {})), ...commonFakes]);
line('isGeneratorFunction', [function* () {}, async function* () {}, function () {}, async () => {}, Object.setPrototypeOf(function () {}, Object.getPrototypeOf(function* () {})), ...commonFakes]);
line('isGeneratorObject', [(function* () {})(), (async function* () {})(), function* () {}, [].values(), Object.create(Object.getPrototypeOf((function* () {})())), ...commonFakes]);
line('isArgumentsObject', [(function () { return arguments; })(), sloppyArguments(1, 2), [], { length: 0 }, fakeTag('Arguments'), ...commonFakes]);
line('isModuleNamespaceObject', [typesNs, Object.create(null, { [Symbol.toStringTag]: { value: 'Module' } }), types, ...commonFakes]);
line('isProxy', [new Proxy({}, {}), new Proxy(function () {}, {}), new Proxy([], {}), (() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })(), {}, ...commonFakes]);
line('isExternal', [{}, ...commonFakes]);
line('isKeyObject', [{}, ...commonFakes]);
line('isCryptoKey', [{}, ...commonFakes]);
const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
console.log('isCryptoKey real:', types.isCryptoKey(key), types.isCryptoKey(Object.create(CryptoKey.prototype)));

// Proxies report the proxy, not the target.
console.log('proxy of Map:', types.isMap(new Proxy(new Map(), {})), types.isDate(new Proxy(new Date(), {})));
// The namespace and default export agree, and util.types is this module.
console.log('util.types:', util.types === types, Object.keys(typesNs).filter((k) => k !== 'default').length, Object.keys(types).length);
console.log('keys:', Object.keys(types).join(','));
console.log('no args:', Object.values(types).every((f) => f() === false));
