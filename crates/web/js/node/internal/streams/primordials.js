// node:internal/streams/primordials — the few of Node's `primordials` that the
// stream files (ported from Node v20.20.2's lib/internal/streams) use, captured
// at load so that user code patching the builtins cannot change stream
// internals. Same names and call conventions as Node's primordials.

const uncurryThis = (fn) => (self, ...args) => Reflect.apply(fn, self, args);

export const ArrayIsArray = Array.isArray;
export const ArrayPrototypeIndexOf = uncurryThis(Array.prototype.indexOf);
export const ArrayPrototypePop = uncurryThis(Array.prototype.pop);
export const ArrayPrototypePush = uncurryThis(Array.prototype.push);
export const ArrayPrototypeSlice = uncurryThis(Array.prototype.slice);
export const ArrayPrototypeFilter = uncurryThis(Array.prototype.filter);
export const FunctionPrototypeCall = uncurryThis(Function.prototype.call);
export const FunctionPrototypeSymbolHasInstance = uncurryThis(Function.prototype[Symbol.hasInstance]);
export const MathFloor = Math.floor;
export const NumberIsInteger = Number.isInteger;
export const NumberIsNaN = Number.isNaN;
export const NumberParseInt = Number.parseInt;
export const ObjectDefineProperties = Object.defineProperties;
export const ObjectDefineProperty = Object.defineProperty;
export const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
export const ObjectKeys = Object.keys;
export const ObjectSetPrototypeOf = Object.setPrototypeOf;
export const PromisePrototypeThen = uncurryThis(Promise.prototype.then);
export const PromiseReject = Promise.reject.bind(Promise);
export const PromiseResolve = Promise.resolve.bind(Promise);
export const ReflectApply = Reflect.apply;
export const ReflectOwnKeys = Reflect.ownKeys;
export const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase);
export const SymbolAsyncIterator = Symbol.asyncIterator;
export const SymbolFor = Symbol.for;
export const SymbolHasInstance = Symbol.hasInstance;
export const SymbolIterator = Symbol.iterator;
export const SymbolSpecies = Symbol.species;
export const SymbolDispose = Symbol.dispose ?? Symbol.for('nodejs.dispose');
export const SymbolAsyncDispose = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (name) => uncurryThis(Object.getOwnPropertyDescriptor(TypedArrayPrototype, name).get);
export const TypedArrayPrototypeGetBuffer = getter('buffer');
export const TypedArrayPrototypeGetByteLength = getter('byteLength');
export const TypedArrayPrototypeGetByteOffset = getter('byteOffset');
export const TypedArrayPrototypeSet = uncurryThis(TypedArrayPrototype.set);

// Node's SafeSet / SafePromise* avoid user-patched prototype methods.
export class SafeSet extends Set {}

const PromiseAll = Promise.all.bind(Promise);
const PromisePrototypeFinally = uncurryThis(Promise.prototype.finally);
/** Awaits every promise (Node's SafePromiseAll: the array is not observable). */
export function SafePromiseAll(promises, mapFn) {
  return PromiseAll(mapFn ? [...promises].map(mapFn) : [...promises]);
}
export function SafePromisePrototypeFinally(promise, onFinally) {
  return PromisePrototypeFinally(promise, onFinally);
}

export const kEmptyObject = Object.freeze({ __proto__: null });
