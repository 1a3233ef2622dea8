// nanojs:inspect — value formatting compatible with Node's `util.inspect` /
// `util.format`. The console (nanojs:console) formats primitives itself and
// loads this module on first need: an object to print, %o/%O/%j, console.dir
// or console.table.
//
// Exports:
//   inspect(value, options?)      Node's util.inspect (the REPL prints through it)
//   format(...args)               Node's util.format
//   formatWithOptions(opts, ...)  Node's util.formatWithOptions
//   inspectAs(name, fields)       for builtins' inspect hooks (see below)
//   getStringWidth(str), stripVTControlCharacters(str)   terminal helpers
//   formatTable(data, properties) the text console.table prints
//
// Objects can control how they print with a method under
// Symbol.for('nodejs.util.inspect.custom'), called as (depth, options, inspect):
// a string result is printed as is, anything else is inspected in its place.
// Builtins whose state lives behind prototype getters return
// `inspectAs('WritableStream', { locked: this.locked, ... })` from that method
// to print as `WritableStream { locked: false, ... }`.
//
// The host may provide optional ops in `nanojs:host` that JS cannot emulate:
//   promiseState(p)     undefined | ['pending'] | ['fulfilled', v] | ['rejected', r]
//   proxyDetails(v)     undefined (not a proxy) | null (revoked) | [target, handler]
//   getOwnNonIndexProperties(obj, showHidden)   own keys that are not array indices

import * as host from 'nanojs:host';
// inspect.defaultOptions: shared with the console, whose own formatting of
// primitives must follow them (numericSeparator, colors).
import { inspectDefaultOptions } from 'nanojs:console';

// ---------------------------------------------------------------------------
// Intrinsics captured at load time, so user code patching globals cannot
// break inspection.

const {
  defineProperty: ObjectDefineProperty,
  getOwnPropertyDescriptor: ObjectGetOwnPropertyDescriptor,
  getOwnPropertyNames: ObjectGetOwnPropertyNames,
  getOwnPropertySymbols: ObjectGetOwnPropertySymbols,
  getPrototypeOf: ObjectGetPrototypeOf,
  keys: ObjectKeys,
  values: ObjectValues,
  is: ObjectIs,
} = Object;
const ObjectPrototype = Object.prototype;
const FunctionPrototype = Function.prototype;
const { isArray: ArrayIsArray } = Array;
const { ownKeys: ReflectOwnKeys, apply: ReflectApply } = Reflect;
const { stringify: JSONStringify } = JSON;
const { min: MathMin, max: MathMax, sqrt: MathSqrt, round: MathRound, floor: MathFloor, trunc: MathTrunc } = Math;
const NumberIsNaN = Number.isNaN;
const NumberIsFinite = Number.isFinite;
const NumberParseInt = Number.parseInt;
const NumberParseFloat = Number.parseFloat;
const SymbolToStringTag = Symbol.toStringTag;
const SymbolToPrimitive = Symbol.toPrimitive;
const SymbolHasInstance = Symbol.hasInstance;

const uncurry = (fn) => FunctionPrototype.call.bind(fn);
const getterOf = (proto, key) => uncurry(ObjectGetOwnPropertyDescriptor(proto, key).get);

const hasOwn = uncurry(ObjectPrototype.hasOwnProperty);
const propertyIsEnumerable = uncurry(ObjectPrototype.propertyIsEnumerable);
const ObjectPrototypeToString = uncurry(ObjectPrototype.toString);
const FunctionPrototypeToString = uncurry(FunctionPrototype.toString);
const FunctionPrototypeSymbolHasInstance = uncurry(FunctionPrototype[SymbolHasInstance]);
const ErrorPrototypeToString = uncurry(Error.prototype.toString);
const SymbolPrototypeToString = uncurry(Symbol.prototype.toString);
const SymbolPrototypeValueOf = uncurry(Symbol.prototype.valueOf);
const NumberPrototypeValueOf = uncurry(Number.prototype.valueOf);
const StringPrototypeValueOf = uncurry(String.prototype.valueOf);
const BooleanPrototypeValueOf = uncurry(Boolean.prototype.valueOf);
const BigIntPrototypeValueOf = uncurry(BigInt.prototype.valueOf);
const DatePrototypeGetTime = uncurry(Date.prototype.getTime);
const DatePrototypeToISOString = uncurry(Date.prototype.toISOString);
const DatePrototypeToString = uncurry(Date.prototype.toString);
const RegExpPrototypeToString = uncurry(RegExp.prototype.toString);
const RegExpPrototypeGetSource = getterOf(RegExp.prototype, 'source');
const MapPrototypeGetSize = getterOf(Map.prototype, 'size');
const MapPrototypeEntries = uncurry(Map.prototype.entries);
const SetPrototypeGetSize = getterOf(Set.prototype, 'size');
const SetPrototypeValues = uncurry(Set.prototype.values);
const WeakMapPrototypeHas = uncurry(WeakMap.prototype.has);
const WeakSetPrototypeHas = uncurry(WeakSet.prototype.has);
const ArrayBufferPrototypeGetByteLength = getterOf(ArrayBuffer.prototype, 'byteLength');
const SharedArrayBufferPrototypeGetByteLength = typeof SharedArrayBuffer === 'function'
  ? getterOf(SharedArrayBuffer.prototype, 'byteLength')
  : undefined;
const DataViewPrototypeGetByteLength = getterOf(DataView.prototype, 'byteLength');
const ArrayBufferIsView = ArrayBuffer.isView;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TypedArrayPrototypeGetSymbolToStringTag = getterOf(TypedArrayPrototype, SymbolToStringTag);
const TypedArrayPrototypeGetLength = getterOf(TypedArrayPrototype, 'length');
const AsyncFunctionPrototype = ObjectGetPrototypeOf(async function () {});
const GeneratorFunctionPrototype = ObjectGetPrototypeOf(function* () {});
const AsyncGeneratorFunctionPrototype = ObjectGetPrototypeOf(async function* () {});
const MapIteratorPrototype = ObjectGetPrototypeOf(new Map().entries());
const SetIteratorPrototype = ObjectGetPrototypeOf(new Set().values());
const NativeRegExp = RegExp;
const NativeUint8Array = Uint8Array;
const NativeError = Error;
const NativePromise = Promise;
const NativeString = String;
const NativeNumber = Number;

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// Optional host ops (see the header comment).
const hostPromiseState = typeof host.promiseState === 'function' ? host.promiseState : undefined;
const hostProxyDetails = typeof host.proxyDetails === 'function' ? host.proxyDetails : undefined;
const hostNonIndexProperties =
  typeof host.getOwnNonIndexProperties === 'function' ? host.getOwnNonIndexProperties : undefined;

// Global constructors of the platform ("built-in objects"), as Node computes
// them: prototype properties of these are never listed with showHidden.
let builtInObjects;
function isBuiltInName(name) {
  if (builtInObjects === undefined) {
    builtInObjects = new Set();
    for (const name of ObjectGetOwnPropertyNames(globalThis)) {
      if (/^[A-Z][a-zA-Z0-9]+$/.test(name)) builtInObjects.add(name);
    }
  }
  return builtInObjects.has(name);
}

// ---------------------------------------------------------------------------
// Options and styles

const optionKeys = ObjectKeys(inspectDefaultOptions);

const kObjectType = 0;
const kArrayType = 1;
const kArrayExtrasType = 2;
const kMinLineLength = 16;

const colors = {
  __proto__: null,
  reset: [0, 0],
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  underline: [4, 24],
  blink: [5, 25],
  inverse: [7, 27],
  hidden: [8, 28],
  strikethrough: [9, 29],
  doubleunderline: [21, 24],
  black: [30, 39],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  white: [37, 39],
  gray: [90, 39],
  grey: [90, 39],
};
const styles = {
  __proto__: null,
  special: 'cyan',
  number: 'yellow',
  bigint: 'yellow',
  boolean: 'yellow',
  undefined: 'grey',
  null: 'bold',
  string: 'green',
  symbol: 'green',
  date: 'magenta',
  regexp: 'red',
  module: 'underline',
};

function stylizeWithColor(str, styleType) {
  const style = styles[styleType];
  if (style !== undefined) {
    const color = colors[style];
    if (color !== undefined) return `\u001b[${color[0]}m${str}\u001b[${color[1]}m`;
  }
  return str;
}

function stylizeNoColor(str) {
  return str;
}

// ---------------------------------------------------------------------------
// Strings

// Escapes for control characters, the single quote and the backslash.
const meta = [];
for (let i = 0; i < 0xa0; i++) {
  meta[i] = i < 0x20 || i >= 0x7f ? `\\x${i.toString(16).toUpperCase().padStart(2, '0')}` : '';
}
meta[8] = '\\b';
meta[9] = '\\t';
meta[10] = '\\n';
meta[12] = '\\f';
meta[13] = '\\r';
meta[0x27] = "\\'";
meta[0x5c] = '\\\\';

/* eslint-disable no-control-regex */
const strEscapeSequencesRegExp =
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const strEscapeSequencesReplacer =
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const strEscapeSequencesRegExpSingle =
  /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const strEscapeSequencesReplacerSingle =
  /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */
const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const numberRegExp = /^(0|[1-9][0-9]*)$/;
const classRegExp = /^(\s+[^(]*?)\s*{/;
const stripCommentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;

function escapeFn(str) {
  const code = str.charCodeAt(0);
  return code < meta.length ? meta[code] : `\\u${code.toString(16)}`;
}

function addQuotes(str, quote) {
  if (quote === -1) return `"${str}"`;
  if (quote === -2) return `\`${str}\``;
  return `'${str}'`;
}

// Quotes a string the way Node does: single quotes, unless the string holds
// single quotes (then double quotes, or backticks if it holds both).
function strEscape(str) {
  let escapeTest = strEscapeSequencesRegExp;
  let escapeReplace = strEscapeSequencesReplacer;
  let singleQuote = 39;
  if (str.includes("'")) {
    if (!str.includes('"')) {
      singleQuote = -1;
    } else if (!str.includes('`') && !str.includes('${')) {
      singleQuote = -2;
    }
    if (singleQuote !== 39) {
      escapeTest = strEscapeSequencesRegExpSingle;
      escapeReplace = strEscapeSequencesReplacerSingle;
    }
  }
  if (str.length < 5000 && !escapeTest.test(str)) return addQuotes(str, singleQuote);
  return addQuotes(str.replace(escapeReplace, escapeFn), singleQuote);
}

// ANSI escape sequences (from chalk/ansi-regex, MIT).
const ansi = new RegExp(
  '[\\u001B\\u009B][[\\]()#;?]*' +
    '(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*' +
    '|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?' +
    '(?:\\u0007|\\u001B\\u005C|\\u009C))' +
    '|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?' +
    '[\\dA-PR-TZcf-nq-uy=><~]))',
  'g',
);

function stripVTControlCharacters(str) {
  return str.replace(ansi, '');
}

// (Negated classes: QuickJS finds a first mismatch faster than it matches all.)
const notPrintableAscii = /[^\x20-\x7e]/;
const notAscii = /[^\x00-\x7f]/;
const asciiControlChars = /[\x00-\x1f]/g;

function isFullWidthCodePoint(code) {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
      (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) ||
      (code >= 0xa960 && code <= 0xa97c) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe10 && code <= 0xfe19) ||
      (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) ||
      (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x20000 && code <= 0x3fffd))
  );
}

function isZeroWidthCodePoint(code) {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0xfe20 && code <= 0xfe2f) ||
    (code >= 0xe0100 && code <= 0xe01ef)
  );
}

// The number of terminal columns `str` takes.
function getStringWidth(str, removeControlChars = true) {
  if (!notPrintableAscii.test(str)) return str.length;
  if (removeControlChars && (str.includes('\u001b') || str.includes('\u009b'))) {
    str = stripVTControlCharacters(str);
  }
  // Control characters take no columns.
  if (!notAscii.test(str)) return str.replace(asciiControlChars, '').length;
  let width = 0;
  for (const char of str.normalize('NFC')) {
    const code = char.codePointAt(0);
    if (isFullWidthCodePoint(code)) width += 2;
    else if (!isZeroWidthCodePoint(code)) width++;
  }
  return width;
}

// ---------------------------------------------------------------------------
// Brand checks. JS offers no side-effect-free type tests for most built-ins,
// so the (cheap) Object.prototype.toString tag picks the one check to run.

const kProbe = {};

function passes(check, value) {
  try {
    check(value);
    return true;
  } catch {
    return false;
  }
}

const isMap = (v) => passes(MapPrototypeGetSize, v);
const isSet = (v) => passes(SetPrototypeGetSize, v);
const isWeakMap = (v) => passes((x) => WeakMapPrototypeHas(x, kProbe), v);
const isWeakSet = (v) => passes((x) => WeakSetPrototypeHas(x, kProbe), v);
const isDate = (v) => passes(DatePrototypeGetTime, v);
const isRegExp = (v) => v !== NativeRegExp.prototype && passes(RegExpPrototypeGetSource, v);
const isArrayBuffer = (v) => passes(ArrayBufferPrototypeGetByteLength, v);
const isSharedArrayBuffer = (v) =>
  SharedArrayBufferPrototypeGetByteLength !== undefined && passes(SharedArrayBufferPrototypeGetByteLength, v);
const isDataView = (v) => ArrayBufferIsView(v) && TypedArrayPrototypeGetSymbolToStringTag(v) === undefined;
const isNumberObject = (v) => passes(NumberPrototypeValueOf, v);
const isStringObject = (v) => passes(StringPrototypeValueOf, v);
const isBooleanObject = (v) => passes(BooleanPrototypeValueOf, v);
const isBigIntObject = (v) => passes(BigIntPrototypeValueOf, v);
const isSymbolObject = (v) => passes(SymbolPrototypeValueOf, v);
function isPromise(v) {
  if (hostPromiseState !== undefined) return hostPromiseState(v) !== undefined;
  return isInstanceof(v, NativePromise);
}
function isModuleNamespace(v) {
  if (ObjectGetPrototypeOf(v) !== null) return false;
  const desc = ObjectGetOwnPropertyDescriptor(v, SymbolToStringTag);
  return desc !== undefined && desc.value === 'Module' && !desc.writable && !desc.configurable;
}
function isMapIterator(v) {
  return isInstanceofProto(v, MapIteratorPrototype);
}
function isSetIterator(v) {
  return isInstanceofProto(v, SetIteratorPrototype);
}

function isInstanceof(object, ctor) {
  try {
    return object instanceof ctor;
  } catch {
    return false;
  }
}

function isInstanceofProto(object, proto) {
  let p = object;
  for (let i = 0; i < 100; i++) {
    p = ObjectGetPrototypeOf(p);
    if (p === null) return false;
    if (p === proto) return true;
  }
  return false;
}

// Types recognised by their @@toStringTag, and how to confirm them.
const taggedKinds = {
  __proto__: null,
  Map: isMap,
  Set: isSet,
  WeakMap: isWeakMap,
  WeakSet: isWeakSet,
  Promise: isPromise,
  ArrayBuffer: isArrayBuffer,
  SharedArrayBuffer: isSharedArrayBuffer,
  DataView: isDataView,
  Symbol: isSymbolObject,
  BigInt: isBigIntObject,
  Module: isModuleNamespace,
  'Map Iterator': isMapIterator,
  'Set Iterator': isSetIterator,
};
const kindOfTag = {
  __proto__: null,
  'Map Iterator': 'MapIterator',
  'Set Iterator': 'SetIterator',
};

// Checked in order when the tag is unreliable (custom tag or no prototype).
const slowKinds = [
  ['Map', Map, isMap],
  ['Set', Set, isSet],
  ['Promise', Promise, isPromise],
  ['ArrayBuffer', ArrayBuffer, isArrayBuffer],
  ['DataView', DataView, isDataView],
  ['Date', Date, isDate],
  ['RegExp', RegExp, isRegExp],
  ['Error', Error, (v) => v instanceof NativeError || ObjectPrototypeToString(v) === '[object Error]'],
  ['WeakMap', WeakMap, isWeakMap],
  ['WeakSet', WeakSet, isWeakSet],
  ['Number', Number, isNumberObject],
  ['String', String, isStringObject],
  ['Boolean', Boolean, isBooleanObject],
  ['BigInt', BigInt, isBigIntObject],
  ['Symbol', Symbol, isSymbolObject],
];
if (typeof SharedArrayBuffer === 'function') {
  slowKinds.push(['SharedArrayBuffer', SharedArrayBuffer, isSharedArrayBuffer]);
}

// The internal type of an object: 'Array', 'TypedArray', 'Map', 'Object', ...
function kindOf(value, rawTag, nullPrototype) {
  if (typeof value === 'function') return 'Function';
  if (ArrayIsArray(value)) return 'Array';
  if (TypedArrayPrototypeGetSymbolToStringTag(value) !== undefined) return 'TypedArray';
  if (typeof rawTag === 'string' || nullPrototype) {
    if (typeof rawTag === 'string') {
      const check = taggedKinds[rawTag];
      if (check !== undefined && check(value)) return kindOfTag[rawTag] || rawTag;
    }
    if (nullPrototype && isModuleNamespace(value)) return 'Module';
    for (let i = 0; i < slowKinds.length; i++) {
      const entry = slowKinds[i];
      if ((nullPrototype || isInstanceof(value, entry[1])) && entry[2](value)) return entry[0];
    }
    if (typeof rawTag === 'string' && ObjectPrototypeToString(value) === '[object Arguments]') return 'Arguments';
    return 'Object';
  }
  const builtinTag = ObjectPrototypeToString(value);
  switch (builtinTag) {
    case '[object Object]':
      return isInstanceof(value, NativeError) ? 'Error' : 'Object';
    case '[object Error]':
      return 'Error';
    case '[object Arguments]':
      return 'Arguments';
    case '[object Date]':
      return 'Date';
    case '[object RegExp]':
      return 'RegExp';
    case '[object Number]':
      return 'Number';
    case '[object String]':
      return 'String';
    case '[object Boolean]':
      return 'Boolean';
    default:
      return 'Object';
  }
}

// What V8 would call the object's class, for objects without a usable
// constructor.
function internalGetConstructorName(value) {
  if (typeof value === 'function') return 'Function';
  if (ArrayIsArray(value)) return 'Array';
  const ta = TypedArrayPrototypeGetSymbolToStringTag(value);
  if (ta !== undefined) return ta;
  const kind = kindOf(value, undefined, true);
  if (kind === 'Object') {
    // V8 names plain objects after their own @@toStringTag.
    const tag = value[SymbolToStringTag];
    if (typeof tag === 'string' && tag !== '') return tag;
  }
  switch (kind) {
    case 'Module':
    case 'Arguments':
      return 'Object';
    case 'MapIterator':
      return 'Map Iterator';
    case 'SetIterator':
      return 'Set Iterator';
    default:
      return kind;
  }
}

// ---------------------------------------------------------------------------
// inspect

function getUserOptions(ctx) {
  const ret = {
    stylize: ctx.stylize,
    showHidden: ctx.showHidden,
    depth: ctx.depth,
    colors: ctx.colors,
    customInspect: ctx.customInspect,
    showProxy: ctx.showProxy,
    maxArrayLength: ctx.maxArrayLength,
    maxStringLength: ctx.maxStringLength,
    breakLength: ctx.breakLength,
    compact: ctx.compact,
    sorted: ctx.sorted,
    getters: ctx.getters,
    numericSeparator: ctx.numericSeparator,
  };
  const user = ctx.userOptions;
  if (user !== undefined) {
    for (const key of ObjectKeys(user)) ret[key] = user[key];
  }
  return ret;
}

/**
 * Formats any value for humans, like Node's `util.inspect`.
 * Legacy signature: inspect(value, showHidden, depth, colors).
 */
export function inspect(value, opts) {
  const ctx = {
    budget: {},
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    stylize: stylizeNoColor,
    showHidden: inspectDefaultOptions.showHidden,
    depth: inspectDefaultOptions.depth,
    colors: inspectDefaultOptions.colors,
    customInspect: inspectDefaultOptions.customInspect,
    showProxy: inspectDefaultOptions.showProxy,
    maxArrayLength: inspectDefaultOptions.maxArrayLength,
    maxStringLength: inspectDefaultOptions.maxStringLength,
    breakLength: inspectDefaultOptions.breakLength,
    compact: inspectDefaultOptions.compact,
    sorted: inspectDefaultOptions.sorted,
    getters: inspectDefaultOptions.getters,
    numericSeparator: inspectDefaultOptions.numericSeparator,
    userOptions: undefined,
    circular: undefined,
  };
  if (arguments.length > 1) {
    if (arguments.length > 2) {
      if (arguments[2] !== undefined) ctx.depth = arguments[2];
      if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
    }
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts;
    } else if (opts) {
      for (const key of ObjectKeys(opts)) {
        if (hasOwn(inspectDefaultOptions, key) || key === 'stylize') {
          ctx[key] = opts[key];
        } else if (ctx.userOptions === undefined) {
          ctx.userOptions = opts;
        }
      }
    }
  }
  if (ctx.colors && ctx.stylize === stylizeNoColor) ctx.stylize = stylizeWithColor;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}
inspect.custom = customInspectSymbol;
inspect.colors = colors;
inspect.styles = styles;
ObjectDefineProperty(inspect, 'defaultOptions', {
  get() {
    return inspectDefaultOptions;
  },
  set(options) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('The "options" argument must be of type object');
    }
    for (const key of ObjectKeys(options)) {
      if (hasOwn(inspectDefaultOptions, key)) inspectDefaultOptions[key] = options[key];
    }
  },
});

function isBeyondDepth(ctx, recurseTimes) {
  return recurseTimes > ctx.depth && ctx.depth !== null;
}

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') {
    return formatPrimitive(ctx.stylize, value, ctx);
  }
  if (value === null) return ctx.stylize('null', 'null');

  // Remember the original for custom inspection of proxies.
  const context = value;
  if (hostProxyDetails !== undefined) {
    const proxy = hostProxyDetails(value);
    if (proxy !== undefined) {
      if (proxy === null || proxy[0] === null) return ctx.stylize('<Revoked Proxy>', 'special');
      if (ctx.showProxy) return formatProxy(ctx, proxy, recurseTimes);
      value = proxy[0];
    }
  }

  if (ctx.customInspect) {
    const maybeCustom = value[customInspectSymbol];
    if (
      typeof maybeCustom === 'function' &&
      maybeCustom !== inspect &&
      // Skip prototype objects: their method is meant for instances.
      !(value.constructor && value.constructor.prototype === value)
    ) {
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      const ret = ReflectApply(maybeCustom, context, [depth, getUserOptions(ctx), inspect]);
      if (ret !== context) {
        if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
        return ctx.indentationLvl === 0 ? ret : ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }

  if (ctx.seen.includes(value)) {
    let index = 1;
    if (ctx.circular === undefined) {
      ctx.circular = new Map();
      ctx.circular.set(value, index);
    } else {
      index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
    }
    return ctx.stylize(`[Circular *${index}]`, 'special');
  }

  return formatRaw(ctx, value, recurseTimes, typedArray);
}

function formatProxy(ctx, proxy, recurseTimes) {
  if (isBeyondDepth(ctx, recurseTimes)) return ctx.stylize('Proxy [Array]', 'special');
  recurseTimes += 1;
  ctx.indentationLvl += 2;
  const res = [formatValue(ctx, proxy[0], recurseTimes), formatValue(ctx, proxy[1], recurseTimes)];
  ctx.indentationLvl -= 2;
  return reduceToSingleString(ctx, res, '', ['Proxy [', ']'], kArrayExtrasType, recurseTimes);
}

// Objects returned by inspectAs, with the class name they print under.
const displayNames = new WeakMap();

/**
 * Marks `fields` (a fresh object) to print as an instance of `name`:
 * `inspectAs('WritableStream', { locked: false })` prints as
 * `WritableStream { locked: false }`. For inspect hooks of builtins.
 */
export function inspectAs(name, fields) {
  displayNames.set(fields, `${name}`);
  return fields;
}

function getConstructorName(obj, ctx, recurseTimes, protoProps) {
  const displayName = displayNames.get(obj);
  if (displayName !== undefined) return displayName;
  let firstProto;
  const tmp = obj;
  while (obj) {
    if (obj === ObjectPrototype || obj === FunctionPrototype) {
      const ctor = obj === ObjectPrototype ? Object : Function;
      if (FunctionPrototypeSymbolHasInstance(ctor, tmp)) {
        if (protoProps !== undefined && firstProto !== obj) {
          addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
        }
        return ctor.name;
      }
    }
    const descriptor = ObjectGetOwnPropertyDescriptor(obj, 'constructor');
    if (
      descriptor !== undefined &&
      typeof descriptor.value === 'function' &&
      descriptor.value.name !== '' &&
      isInstanceof(tmp, descriptor.value)
    ) {
      if (protoProps !== undefined && (firstProto !== obj || !isBuiltInName(descriptor.value.name))) {
        addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
      }
      return NativeString(descriptor.value.name);
    }
    obj = ObjectGetPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }
  if (firstProto === null) return null;

  const res = internalGetConstructorName(tmp);
  if (isBeyondDepth(ctx, recurseTimes)) return `${res} <Complex prototype>`;
  const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1, protoProps);
  if (protoConstr === null) {
    return `${res} <${inspect(firstProto, { ...getUserOptions(ctx), customInspect: false, depth: -1 })}>`;
  }
  return `${res} <${protoConstr}>`;
}

// Lists user-defined, non-function prototype properties (showHidden only).
function addPrototypeProperties(ctx, main, obj, recurseTimes, output) {
  let depth = 0;
  let keys;
  let keySet;
  do {
    if (depth !== 0 || main === obj) {
      obj = ObjectGetPrototypeOf(obj);
      if (obj === null) return;
      const descriptor = ObjectGetOwnPropertyDescriptor(obj, 'constructor');
      if (descriptor !== undefined && typeof descriptor.value === 'function' && isBuiltInName(descriptor.value.name)) {
        return;
      }
    }
    if (depth === 0) {
      keySet = new Set();
    } else {
      for (const key of keys) keySet.add(key);
    }
    keys = ReflectOwnKeys(obj);
    ctx.seen.push(main);
    for (const key of keys) {
      if (key === 'constructor' || hasOwn(main, key) || (depth !== 0 && keySet.has(key))) continue;
      const desc = ObjectGetOwnPropertyDescriptor(obj, key);
      if (typeof desc.value === 'function') continue;
      const value = formatProperty(ctx, obj, recurseTimes, key, kObjectType, desc, main);
      output.push(ctx.colors ? `\u001b[2m${value}\u001b[22m` : value);
    }
    ctx.seen.pop();
  } while (++depth !== 3);
}

function getPrefix(constructor, tag, fallback, size = '') {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

function getEnumerableSymbols(value, showHidden) {
  const symbols = ObjectGetOwnPropertySymbols(value);
  if (showHidden || symbols.length === 0) return symbols;
  const out = [];
  for (let i = 0; i < symbols.length; i++) {
    if (propertyIsEnumerable(value, symbols[i])) out.push(symbols[i]);
  }
  return out;
}

function getKeys(value, showHidden) {
  let keys;
  if (showHidden) {
    keys = ObjectGetOwnPropertyNames(value);
  } else {
    try {
      keys = ObjectKeys(value);
    } catch {
      // A namespace object with uninitialized bindings.
      keys = ObjectGetOwnPropertyNames(value);
    }
  }
  const symbols = getEnumerableSymbols(value, showHidden);
  for (let i = 0; i < symbols.length; i++) keys.push(symbols[i]);
  return keys;
}

function isIndexKey(key) {
  return numberRegExp.test(key) && key.length <= 10 && +key < 4294967295;
}

// Own keys of an array or typed array, without the indices.
function getOwnNonIndexProperties(value, showHidden) {
  if (hostNonIndexProperties !== undefined) return hostNonIndexProperties(value, showHidden);
  const names = showHidden ? ObjectGetOwnPropertyNames(value) : ObjectKeys(value);
  // Own keys list the indices first, so binary search where they end.
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isIndexKey(names[mid])) lo = mid + 1;
    else hi = mid;
  }
  const keys = lo === 0 ? names : names.slice(lo);
  const symbols = getEnumerableSymbols(value, showHidden);
  for (let i = 0; i < symbols.length; i++) keys.push(symbols[i]);
  return keys;
}

function getCtxStyle(value, constructor, tag) {
  let fallback = '';
  if (constructor === null) {
    fallback = internalGetConstructorName(value);
    if (fallback === tag) fallback = 'Object';
  }
  return getPrefix(constructor, tag, fallback);
}

function getEmptyFormatArray() {
  return [];
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  let keys;
  let protoProps;
  if (ctx.showHidden && (recurseTimes <= ctx.depth || ctx.depth === null)) protoProps = [];

  const constructor = getConstructorName(value, ctx, recurseTimes, protoProps);
  if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined;

  const rawTag = value[SymbolToStringTag];
  let tag = rawTag;
  // Only list the tag when it is not an own enumerable property (shown anyway).
  if (
    typeof tag !== 'string' ||
    (tag !== '' && (ctx.showHidden ? hasOwn : propertyIsEnumerable)(value, SymbolToStringTag))
  ) {
    tag = '';
  }
  const kind = kindOf(value, rawTag, constructor === null);

  let base = '';
  let formatter = getEmptyFormatArray;
  let braces;
  let noIterator = true;
  let extrasType = kObjectType;

  if (kind === 'Array') {
    noIterator = false;
    const prefix =
      constructor !== 'Array' || tag !== '' ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
    keys = getOwnNonIndexProperties(value, ctx.showHidden);
    braces = [`${prefix}[`, ']'];
    if (value.length === 0 && keys.length === 0 && protoProps === undefined) return `${braces[0]}]`;
    extrasType = kArrayExtrasType;
    formatter = formatArray;
  } else if (kind === 'Set') {
    noIterator = false;
    const size = SetPrototypeGetSize(value);
    const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
    keys = getKeys(value, ctx.showHidden);
    formatter = formatSet;
    if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
  } else if (kind === 'Map') {
    noIterator = false;
    const size = MapPrototypeGetSize(value);
    const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
    keys = getKeys(value, ctx.showHidden);
    formatter = formatMap;
    if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
  } else if (kind === 'TypedArray') {
    noIterator = false;
    keys = getOwnNonIndexProperties(value, ctx.showHidden);
    const fallback = constructor === null ? TypedArrayPrototypeGetSymbolToStringTag(value) : '';
    const size = TypedArrayPrototypeGetLength(value);
    const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
    braces = [`${prefix}[`, ']'];
    if (size === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
    formatter = (c, v, r) => formatTypedArray(v, size, c, r);
    extrasType = kArrayExtrasType;
  } else if (kind === 'MapIterator' || kind === 'SetIterator') {
    // The entries of an iterator cannot be read without consuming it.
    noIterator = false;
    keys = getKeys(value, ctx.showHidden);
    braces = getIteratorBraces(kind === 'MapIterator' ? 'Map' : 'Set', tag);
    formatter = formatWeakCollection;
  }

  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    if (kind === 'Function') {
      base = getFunctionBase(value, constructor, tag);
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'special');
    } else if (constructor === 'Object' && (kind === 'Object' || kind === 'Arguments')) {
      if (kind === 'Arguments') {
        braces[0] = '[Arguments] {';
      } else if (tag !== '') {
        braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
      }
      if (keys.length === 0 && protoProps === undefined) return `${braces[0]}}`;
    } else if (kind === 'RegExp') {
      base = RegExpPrototypeToString(constructor !== null ? value : new NativeRegExp(value));
      const prefix = getPrefix(constructor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if ((keys.length === 0 && protoProps === undefined) || isBeyondDepth(ctx, recurseTimes)) {
        return ctx.stylize(base, 'regexp');
      }
    } else if (kind === 'Date') {
      base = NumberIsNaN(DatePrototypeGetTime(value)) ? DatePrototypeToString(value) : DatePrototypeToISOString(value);
      const prefix = getPrefix(constructor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'date');
    } else if (kind === 'Error') {
      base = formatError(value, constructor, tag, ctx, keys);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else if (kind === 'ArrayBuffer' || kind === 'SharedArrayBuffer') {
      const prefix = getPrefix(constructor, tag, kind);
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0 && protoProps === undefined) {
        return `${prefix}{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
      }
      braces[0] = `${prefix}{`;
      keys.unshift('byteLength');
    } else if (kind === 'DataView') {
      braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if (kind === 'Promise') {
      braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (kind === 'WeakSet') {
      braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
      formatter = formatWeakCollection;
    } else if (kind === 'WeakMap') {
      braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
      formatter = formatWeakCollection;
    } else if (kind === 'Module') {
      braces[0] = `${getPrefix(constructor, tag, 'Module')}{`;
      formatter = (c, v, r) => formatNamespaceObject(keys, c, v, r);
    } else if (kind === 'Number' || kind === 'String' || kind === 'Boolean' || kind === 'BigInt' || kind === 'Symbol') {
      base = getBoxedBase(value, ctx, keys, constructor, tag, kind);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else {
      if (keys.length === 0 && protoProps === undefined) return `${getCtxStyle(value, constructor, tag)}{}`;
      braces[0] = `${getCtxStyle(value, constructor, tag)}{`;
    }
  }

  if (isBeyondDepth(ctx, recurseTimes)) {
    let constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
    if (constructor !== null) constructorName = `[${constructorName}]`;
    return ctx.stylize(constructorName, 'special');
  }
  recurseTimes += 1;

  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output;
  const indentationLvl = ctx.indentationLvl;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (let i = 0; i < keys.length; i++) {
      output.push(formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
    }
    if (protoProps !== undefined) {
      for (let i = 0; i < protoProps.length; i++) output.push(protoProps[i]);
    }
  } catch (err) {
    if (!isStackOverflowError(err)) throw err;
    ctx.seen.pop();
    ctx.indentationLvl = indentationLvl;
    const constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
    return ctx.stylize(
      `[${constructorName}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`,
      'special',
    );
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = ctx.stylize(`<ref *${index}>`, 'special');
      if (ctx.compact !== true) {
        base = base === '' ? reference : `${reference} ${base}`;
      } else {
        braces[0] = `${reference} ${braces[0]}`;
      }
    }
  }
  ctx.seen.pop();

  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === kObjectType) {
      output.sort(comparator);
    } else if (keys.length > 1) {
      const sorted = output.slice(output.length - keys.length).sort(comparator);
      output.splice(output.length - keys.length, keys.length, ...sorted);
    }
  }

  const res = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  const budget = ctx.budget[ctx.indentationLvl] || 0;
  const newLength = budget + res.length;
  ctx.budget[ctx.indentationLvl] = newLength;
  // Stop going deeper once the output gets huge.
  if (newLength > 2 ** 27) ctx.depth = -1;
  return res;
}

function isStackOverflowError(err) {
  return (
    err !== null &&
    typeof err === 'object' &&
    (err.name === 'RangeError' || err.name === 'InternalError') &&
    typeof err.message === 'string' &&
    (err.message.includes('call stack size') || err.message.includes('stack overflow'))
  );
}

function getIteratorBraces(type, tag) {
  if (tag !== `${type} Iterator`) {
    if (tag !== '') tag += '] [';
    tag += `${type} Iterator`;
  }
  return [`[${tag}] {`, '}'];
}

function getBoxedBase(value, ctx, keys, constructor, tag, type) {
  let fn;
  switch (type) {
    case 'Number':
      fn = NumberPrototypeValueOf;
      break;
    case 'String':
      fn = StringPrototypeValueOf;
      // The indices of a boxed string are noise.
      keys.splice(0, value.length);
      break;
    case 'Boolean':
      fn = BooleanPrototypeValueOf;
      break;
    case 'BigInt':
      fn = BigIntPrototypeValueOf;
      break;
    default:
      fn = SymbolPrototypeValueOf;
  }
  let base = `[${type}`;
  if (type !== constructor) {
    if (constructor === null) base += ' (null prototype)';
    else base += ` (${constructor})`;
  }
  base += `: ${formatPrimitive(stylizeNoColor, fn(value), ctx)}]`;
  if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
  if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
  return ctx.stylize(base, type.toLowerCase());
}

function getClassBase(value, constructor, tag) {
  const name = (hasOwn(value, 'name') && value.name) || '(anonymous)';
  let base = `class ${name}`;
  if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  if (constructor !== null) {
    const superName = ObjectGetPrototypeOf(value).name;
    if (superName) base += ` extends ${superName}`;
  } else {
    base += ' extends [null prototype]';
  }
  return `[${base}]`;
}

function getFunctionBase(value, constructor, tag) {
  let stringified = '';
  try {
    stringified = FunctionPrototypeToString(value);
  } catch {
    // A revoked proxy or similar.
  }
  if (stringified.startsWith('class') && stringified.endsWith('}')) {
    const slice = stringified.slice(5, -1);
    const bracketIndex = slice.indexOf('{');
    if (
      bracketIndex !== -1 &&
      (!slice.slice(0, bracketIndex).includes('(') ||
        classRegExp.test(slice.replace(stripCommentsRegExp, '')))
    ) {
      return getClassBase(value, constructor, tag);
    }
  }
  let type = 'Function';
  const proto = ObjectGetPrototypeOf(value);
  if (proto === GeneratorFunctionPrototype) type = 'GeneratorFunction';
  else if (proto === AsyncFunctionPrototype) type = 'AsyncFunction';
  else if (proto === AsyncGeneratorFunctionPrototype) type = 'AsyncGeneratorFunction';
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  if (value.name === '') base += ' (anonymous)';
  else base += `: ${value.name}`;
  base += ']';
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
}

// ---------------------------------------------------------------------------
// Errors

function identicalSequenceRange(a, b) {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = b.indexOf(a[i]);
    if (pos !== -1) {
      const rest = b.length - pos;
      if (rest > 3) {
        let len = 1;
        const maxLen = MathMin(a.length - i, rest);
        while (maxLen > len && a[i + len] === b[pos + len]) len++;
        if (len > 3) return { len, offset: i };
      }
    }
  }
  return { len: 0, offset: 0 };
}

function errorHeader(err) {
  try {
    return ErrorPrototypeToString(err);
  } catch {
    return 'Error';
  }
}

const frameLineRegExp = /^\s*at /;

// The error's stack with its "Name: message" first line. QuickJS stacks hold
// only the frames (and end in a newline); V8 ones start with the header.
function getStackString(err) {
  let stack;
  try {
    stack = err.stack;
  } catch {
    // A throwing getter.
  }
  if (!stack) return errorHeader(err);
  stack = NativeString(stack);
  let end = stack.length;
  while (end > 0 && stack.charCodeAt(end - 1) === 10) end--;
  if (end !== stack.length) stack = stack.slice(0, end);
  if (stack === '') return errorHeader(err);
  if (frameLineRegExp.test(stack)) {
    const header = errorHeader(err);
    if (!stack.includes(header)) stack = `${header}\n${stack}`;
  }
  return stack;
}

function getStackFrames(ctx, err, stack) {
  const frames = stack.split('\n');
  let cause;
  try {
    ({ cause } = err);
  } catch {
    // A throwing getter.
  }
  // Collapse the frames shared with the cause's stack.
  if (cause != null && typeof cause === 'object' && kindOf(cause, cause[SymbolToStringTag], false) === 'Error') {
    const causeStack = getStackString(cause);
    const causeStackStart = causeStack.indexOf('\n    at');
    if (causeStackStart !== -1) {
      const causeFrames = causeStack.slice(causeStackStart + 1).split('\n');
      const { len, offset } = identicalSequenceRange(frames, causeFrames);
      if (len > 0) {
        const skipped = len - 2;
        const msg = `    ... ${skipped} lines matching cause stack trace ...`;
        frames.splice(offset + 1, skipped, ctx.stylize(msg, 'undefined'));
      }
    }
  }
  return frames;
}

function improveStack(stack, constructor, name, tag) {
  // Only rewrite stacks that look like regular errors.
  let len = name.length;
  if (
    constructor === null ||
    (name.endsWith('Error') &&
      stack.startsWith(name) &&
      (stack.length === len || stack[len] === ':' || stack[len] === '\n'))
  ) {
    let fallback = 'Error';
    if (constructor === null) {
      const start =
        /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = (start && start[1]) || '';
      len = fallback.length;
      fallback = fallback || 'Error';
    }
    const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
    if (name !== prefix) {
      if (prefix.includes(name)) {
        if (len === 0) stack = `${prefix}: ${stack}`;
        else stack = `${prefix}${stack.slice(len)}`;
      } else {
        stack = `${prefix} [${name}]${stack.slice(len)}`;
      }
    }
  }
  return stack;
}

function removeDuplicateErrorKeys(ctx, keys, err, stack) {
  if (!ctx.showHidden && keys.length !== 0) {
    for (const name of ['name', 'message', 'stack']) {
      const index = keys.indexOf(name);
      // Hide the property only when the stack shows it already.
      if (index !== -1 && stack.includes(err[name])) keys.splice(index, 1);
    }
  }
}

function formatError(err, constructor, tag, ctx, keys) {
  const name = err.name != null ? NativeString(err.name) : 'Error';
  let stack = getStackString(err);
  removeDuplicateErrorKeys(ctx, keys, err, stack);
  if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) keys.push('cause');
  // The errors of an AggregateError.
  if (ArrayIsArray(err.errors) && (keys.length === 0 || !keys.includes('errors'))) keys.push('errors');
  stack = improveStack(stack, constructor, name, tag);

  // Ignore the message when the stack contains it.
  let pos = (err.message && stack.indexOf(err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  const stackStart = stack.indexOf('\n    at', pos);
  if (stackStart === -1) {
    // No frames: wrap it in brackets.
    stack = `[${stack}]`;
  } else {
    const lines = getStackFrames(ctx, err, stack.slice(stackStart + 1));
    stack = `${stack.slice(0, stackStart)}\n${lines.join('\n')}`;
  }
  if (ctx.indentationLvl !== 0) {
    stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  }
  return stack;
}

// ---------------------------------------------------------------------------
// Primitives

function addNumericSeparator(integerString) {
  let result = '';
  let i = integerString.length;
  const start = integerString[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) result = `_${integerString.slice(i - 3, i)}${result}`;
  return i === integerString.length ? integerString : `${integerString.slice(0, i)}${result}`;
}

function addNumericSeparatorEnd(integerString) {
  let result = '';
  let i = 0;
  for (; i < integerString.length - 3; i += 3) result += `${integerString.slice(i, i + 3)}_`;
  return i === 0 ? integerString : `${result}${integerString.slice(i)}`;
}

const remainingText = (remaining) => `... ${remaining} more item${remaining > 1 ? 's' : ''}`;

function formatNumber(fn, number, numericSeparator) {
  if (!numericSeparator) {
    if (ObjectIs(number, -0)) return fn('-0', 'number');
    return fn(`${number}`, 'number');
  }
  const numberString = NativeString(number);
  const integer = MathTrunc(number);
  if (integer === number) {
    if (!NumberIsFinite(number) || numberString.includes('e')) return fn(numberString, 'number');
    return fn(addNumericSeparator(numberString), 'number');
  }
  if (NumberIsNaN(number)) return fn(numberString, 'number');
  const decimalIndex = numberString.indexOf('.');
  const integerPart = numberString.slice(0, decimalIndex);
  const fractionalPart = numberString.slice(decimalIndex + 1);
  return fn(`${addNumericSeparator(integerPart)}.${addNumericSeparatorEnd(fractionalPart)}`, 'number');
}

function formatBigInt(fn, bigint, numericSeparator) {
  const string = NativeString(bigint);
  if (!numericSeparator) return fn(`${string}n`, 'bigint');
  return fn(`${addNumericSeparator(string)}n`, 'bigint');
}

function formatPrimitive(fn, value, ctx) {
  if (typeof value === 'string') {
    let trailer = '';
    if (value.length > ctx.maxStringLength) {
      const remaining = value.length - ctx.maxStringLength;
      value = value.slice(0, ctx.maxStringLength);
      trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
    }
    if (
      ctx.compact !== true &&
      value.length > kMinLineLength &&
      value.length > ctx.breakLength - ctx.indentationLvl - 4
    ) {
      // Long multi-line strings print one line per row.
      const lines = value.split(/(?<=\n)/);
      for (let i = 0; i < lines.length; i++) lines[i] = fn(strEscape(lines[i]), 'string');
      return lines.join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
    }
    return fn(strEscape(value), 'string') + trailer;
  }
  if (typeof value === 'number') return formatNumber(fn, value, ctx.numericSeparator);
  if (typeof value === 'bigint') return formatBigInt(fn, value, ctx.numericSeparator);
  if (typeof value === 'boolean') return fn(`${value}`, 'boolean');
  if (typeof value === 'undefined') return fn('undefined', 'undefined');
  return fn(SymbolPrototypeToString(value), 'symbol');
}

// ---------------------------------------------------------------------------
// Entries of the various object types

function formatNamespaceObject(keys, ctx, value, recurseTimes) {
  const output = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    try {
      output[i] = formatProperty(ctx, value, recurseTimes, keys[i], kObjectType);
    } catch (err) {
      if (!(err instanceof ReferenceError)) throw err;
      // A binding in its temporal dead zone.
      const tmp = { [keys[i]]: '' };
      output[i] = formatProperty(ctx, tmp, recurseTimes, keys[i], kObjectType);
      const pos = output[i].lastIndexOf(' ');
      output[i] = output[i].slice(0, pos + 1) + ctx.stylize('<uninitialized>', 'special');
    }
  }
  keys.length = 0;
  return output;
}

// A sparse array, or one with extra keys.
function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
  const keys = ObjectKeys(value);
  let index = i;
  for (; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i];
    const tmp = +key;
    if (tmp > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (!numberRegExp.test(key)) break;
      const emptyItems = tmp - index;
      output.push(ctx.stylize(`<${emptyItems} empty item${emptyItems > 1 ? 's' : ''}>`, 'undefined'));
      index = tmp;
      if (output.length === maxLength) break;
    }
    output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) {
      output.push(ctx.stylize(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`, 'undefined'));
    }
  } else if (remaining > 0) {
    output.push(remainingText(remaining));
  }
  return output;
}

const hexBytes = [];
for (let i = 0; i < 256; i++) hexBytes[i] = i.toString(16).padStart(2, '0');

function formatArrayBuffer(ctx, value) {
  let buffer;
  try {
    buffer = new NativeUint8Array(value);
  } catch {
    return [ctx.stylize('(detached)', 'special')];
  }
  const len = MathMin(ctx.maxArrayLength, buffer.length);
  const parts = new Array(len);
  for (let i = 0; i < len; i++) parts[i] = hexBytes[buffer[i]];
  let str = parts.join(' ');
  const remaining = buffer.length - ctx.maxArrayLength;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
}

function formatArray(ctx, value, recurseTimes) {
  const valLen = value.length;
  const len = MathMin(MathMax(0, ctx.maxArrayLength), valLen);
  const remaining = valLen - len;
  const output = [];
  for (let i = 0; i < len; i++) {
    if (!hasOwn(value, i)) return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
    output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  if (remaining > 0) output.push(remainingText(remaining));
  return output;
}

function formatTypedArray(value, length, ctx, recurseTimes) {
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = new Array(maxLength);
  const elementFormatter = length > 0 && typeof value[0] === 'number' ? formatNumber : formatBigInt;
  for (let i = 0; i < maxLength; ++i) output[i] = elementFormatter(ctx.stylize, value[i], ctx.numericSeparator);
  if (remaining > 0) output[maxLength] = remainingText(remaining);
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
      const str = formatValue(ctx, value[key], recurseTimes, true);
      output.push(`[${key}]: ${str}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function formatSet(ctx, value, recurseTimes) {
  const length = SetPrototypeGetSize(value);
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const v of SetPrototypeValues(value)) {
    if (i >= maxLength) break;
    output.push(formatValue(ctx, v, recurseTimes));
    i++;
  }
  if (remaining > 0) output.push(remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, recurseTimes) {
  const length = MapPrototypeGetSize(value);
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const entry of MapPrototypeEntries(value)) {
    if (i >= maxLength) break;
    output.push(`${formatValue(ctx, entry[0], recurseTimes)} => ${formatValue(ctx, entry[1], recurseTimes)}`);
    i++;
  }
  if (remaining > 0) output.push(remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

function formatWeakCollection(ctx) {
  return [ctx.stylize('<items unknown>', 'special')];
}

function formatPromise(ctx, value, recurseTimes) {
  const details = hostPromiseState !== undefined ? hostPromiseState(value) : undefined;
  if (details === undefined) return [ctx.stylize('<unknown>', 'special')];
  if (details[0] === 'pending') return [ctx.stylize('<pending>', 'special')];
  ctx.indentationLvl += 2;
  const str = formatValue(ctx, details[1], recurseTimes);
  ctx.indentationLvl -= 2;
  return [details[0] === 'rejected' ? `${ctx.stylize('<rejected>', 'special')} ${str}` : str];
}

function formatProperty(ctx, value, recurseTimes, key, type, desc, original = value) {
  let name;
  let str;
  let extra = ' ';
  desc = desc || ObjectGetOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    const diff = ctx.compact !== true || type !== kObjectType ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) {
      extra = `\n${' '.repeat(ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
    const s = ctx.stylize;
    const sp = 'special';
    if (
      ctx.getters &&
      (ctx.getters === true ||
        (ctx.getters === 'get' && desc.set === undefined) ||
        (ctx.getters === 'set' && desc.set !== undefined))
    ) {
      try {
        const tmp = ReflectApply(desc.get, original, []);
        ctx.indentationLvl += 2;
        if (tmp === null) {
          str = `${s(`[${label}:`, sp)} ${s('null', 'null')}${s(']', sp)}`;
        } else if (typeof tmp === 'object') {
          str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
        } else {
          const primitive = formatPrimitive(s, tmp, ctx);
          str = `${s(`[${label}:`, sp)} ${primitive}${s(']', sp)}`;
        }
        ctx.indentationLvl -= 2;
      } catch (err) {
        const message = `<Inspection threw (${err && err.message})>`;
        str = `${s(`[${label}:`, sp)} ${message}${s(']', sp)}`;
      }
    } else {
      str = ctx.stylize(`[${label}]`, sp);
    }
  } else if (desc.set !== undefined) {
    str = ctx.stylize('[Setter]', 'special');
  } else {
    str = ctx.stylize('undefined', 'undefined');
  }
  if (type === kArrayType) return str;
  if (typeof key === 'symbol') {
    const tmp = SymbolPrototypeToString(key).replace(strEscapeSequencesReplacer, escapeFn);
    name = `[${ctx.stylize(tmp, 'symbol')}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${NativeString(key).replace(strEscapeSequencesReplacer, escapeFn)}]`;
  } else if (keyStrRegExp.test(key)) {
    name = ctx.stylize(key, 'name');
  } else {
    name = ctx.stylize(strEscape(NativeString(key)), 'string');
  }
  return `${name}:${extra}${str}`;
}

// ---------------------------------------------------------------------------
// Layout

function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let i = 0;
  let outputLength = output.length;
  if (ctx.maxArrayLength < output.length) {
    // Leave out the "... more items" entry.
    outputLength--;
  }
  const separatorSpace = 2; // ", "
  const dataLen = new Array(outputLength);
  for (; i < outputLength; i++) {
    const len = getStringWidth(output[i], ctx.colors);
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  // Group only when at least three entries fit on a line and the entries are
  // of similar length.
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const approxCharHeights = 2.5;
    const averageBias = MathSqrt(actualMax - totalLength / output.length);
    const biasedMax = MathMax(actualMax - 3 - averageBias, 1);
    const columns = MathMin(
      MathRound(MathSqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      MathFloor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const tmp = [];
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineMaxLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineMaxLength) lineMaxLength = dataLen[j];
      }
      maxLineLength.push(lineMaxLength + separatorSpace);
    }
    let padStart = true;
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
          padStart = false;
          break;
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = MathMin(i + columns, outputLength);
      const parts = [];
      let j = i;
      for (; j < max - 1; j++) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
        const cell = `${output[j]}, `;
        parts.push(padStart ? cell.padStart(padding, ' ') : cell.padEnd(padding, ' '));
      }
      if (padStart) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j] - separatorSpace;
        parts.push(output[j].padStart(padding, ' '));
      } else {
        parts.push(output[j]);
      }
      tmp.push(parts.join(''));
    }
    if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
    output = tmp;
  }
  return output;
}

function isBelowBreakLength(ctx, output, start, base) {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    totalLength += ctx.colors ? stripVTControlCharacters(output[i]).length : output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  // Do not line up properties on the same line if `base` contains line breaks.
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) {
        output = groupArrayElements(ctx, output, value);
      }
      // Put the innermost `compact` levels on one line when they fit.
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joinedOutput = output.join(', ');
          if (!joinedOutput.includes('\n')) {
            return `${base ? `${base} ` : ''}${braces[0]} ${joinedOutput} ${braces[1]}`;
          }
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${
      braces[1]
    }`;
  }
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
  }
  const indentation = ' '.repeat(ctx.indentationLvl);
  const ln = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

// ---------------------------------------------------------------------------
// format (printf-style substitution)

// True when `value` would print through a built-in toString: such objects are
// inspected by %s instead.
function hasBuiltInToString(value) {
  if (hostProxyDetails !== undefined) {
    const proxy = hostProxyDetails(value);
    if (proxy !== undefined) {
      if (proxy === null || proxy[0] === null) return true;
      value = proxy[0];
    }
  }
  let checkToString = true;
  let checkToPrimitive = true;
  if (typeof value.toString !== 'function') {
    if (typeof value[SymbolToPrimitive] !== 'function') return true;
    if (hasOwn(value, SymbolToPrimitive)) return false;
    checkToString = false;
  } else if (hasOwn(value, 'toString')) {
    return false;
  } else if (typeof value[SymbolToPrimitive] !== 'function') {
    checkToPrimitive = false;
  } else if (hasOwn(value, SymbolToPrimitive)) {
    return false;
  }
  // Find who provides toString / @@toPrimitive and check whether it is built in.
  let pointer = value;
  do {
    pointer = ObjectGetPrototypeOf(pointer);
  } while (
    pointer !== null &&
    !(checkToString && hasOwn(pointer, 'toString')) &&
    !(checkToPrimitive && hasOwn(pointer, SymbolToPrimitive))
  );
  if (pointer === null) return true;
  const descriptor = ObjectGetOwnPropertyDescriptor(pointer, 'constructor');
  return descriptor !== undefined && typeof descriptor.value === 'function' && isBuiltInName(descriptor.value.name);
}

let circularErrorMessage;
function firstErrorLine(error) {
  return NativeString(error.message).split('\n', 1)[0];
}

function tryStringify(arg) {
  try {
    return JSONStringify(arg);
  } catch (err) {
    if (circularErrorMessage === undefined) {
      try {
        const a = {};
        a.a = a;
        JSONStringify(a);
      } catch (circularError) {
        circularErrorMessage = firstErrorLine(circularError);
      }
    }
    if (err && err.name === 'TypeError' && firstErrorLine(err) === circularErrorMessage) return '[Circular]';
    throw err;
  }
}

function formatNumberNoColor(number, options) {
  return formatNumber(
    stylizeNoColor,
    number,
    (options && options.numericSeparator) ?? inspectDefaultOptions.numericSeparator,
  );
}

function formatBigIntNoColor(bigint, options) {
  return formatBigInt(
    stylizeNoColor,
    bigint,
    (options && options.numericSeparator) ?? inspectDefaultOptions.numericSeparator,
  );
}

function formatWithOptionsInternal(inspectOptions, args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';

  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let tempStr;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const nextChar = first.charCodeAt(++i);
      if (a + 1 !== args.length) {
        switch (nextChar) {
          case 115: {
            // 's'
            const tempArg = args[++a];
            if (typeof tempArg === 'number') {
              tempStr = formatNumberNoColor(tempArg, inspectOptions);
            } else if (typeof tempArg === 'bigint') {
              tempStr = formatBigIntNoColor(tempArg, inspectOptions);
            } else if (typeof tempArg !== 'object' || tempArg === null || !hasBuiltInToString(tempArg)) {
              tempStr = NativeString(tempArg);
            } else {
              tempStr = inspect(tempArg, { ...inspectOptions, compact: 3, colors: false, depth: 0 });
            }
            break;
          }
          case 106: // 'j'
            tempStr = tryStringify(args[++a]);
            break;
          case 100: {
            // 'd'
            const tempNum = args[++a];
            if (typeof tempNum === 'bigint') tempStr = formatBigIntNoColor(tempNum, inspectOptions);
            else if (typeof tempNum === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumberNoColor(NativeNumber(tempNum), inspectOptions);
            break;
          }
          case 79: // 'O'
            tempStr = inspect(args[++a], inspectOptions);
            break;
          case 111: // 'o'
            tempStr = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
            break;
          case 105: {
            // 'i'
            const tempInteger = args[++a];
            if (typeof tempInteger === 'bigint') tempStr = formatBigIntNoColor(tempInteger, inspectOptions);
            else if (typeof tempInteger === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumberNoColor(NumberParseInt(tempInteger), inspectOptions);
            break;
          }
          case 102: {
            // 'f'
            const tempFloat = args[++a];
            if (typeof tempFloat === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumberNoColor(NumberParseFloat(tempFloat), inspectOptions);
            break;
          }
          case 99: // 'c': CSS, which a terminal ignores.
            a += 1;
            tempStr = '';
            break;
          case 37: // '%'
            str += first.slice(lastPos, i);
            lastPos = i + 1;
            continue;
          default:
            continue;
        }
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += tempStr;
        lastPos = i + 1;
      } else if (nextChar === 37) {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }

  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
    join = ' ';
    a++;
  }
  return str;
}

/** Node's util.format: printf-like substitution, then the rest inspected. */
export function format(...args) {
  return formatWithOptionsInternal(undefined, args);
}

/** Node's util.formatWithOptions. */
export function formatWithOptions(inspectOptions, ...args) {
  if (inspectOptions === null || typeof inspectOptions !== 'object') {
    throw new TypeError('The "inspectOptions" argument must be of type object');
  }
  return formatWithOptionsInternal(inspectOptions, args);
}

export { stripVTControlCharacters, getStringWidth };

// ---------------------------------------------------------------------------
// console.table

// WebIDL `sequence<DOMString>` conversion.
function toStringSequence(value, what) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw new TypeError(`${what} is not an iterable object`);
  }
  const out = [];
  for (const item of value) out.push(`${item}`);
  return out;
}

const tableChars = {
  middleMiddle: '─',
  rowMiddle: '┼',
  topRight: '┐',
  topLeft: '┌',
  leftMiddle: '├',
  topMiddle: '┬',
  bottomRight: '┘',
  bottomLeft: '└',
  bottomMiddle: '┴',
  rightMiddle: '┤',
  left: '│ ',
  right: ' │',
  middle: ' │ ',
};

function renderRow(row, columnWidths) {
  const cells = new Array(row.length);
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    const needed = columnWidths[i] - getStringWidth(cell);
    cells[i] = cell + ' '.repeat(needed);
  }
  return tableChars.left + cells.join(tableChars.middle) + tableChars.right;
}

function renderTable(head, columns) {
  const rows = [];
  const columnWidths = head.map((h) => getStringWidth(h));
  let longestColumn = 0;
  for (const column of columns) longestColumn = MathMax(longestColumn, column.length);
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longestColumn; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = (rows[j][i] = hasOwn(column, j) ? column[j] : '');
      columnWidths[i] = MathMax(columnWidths[i] || 0, getStringWidth(value));
    }
  }
  const divider = columnWidths.map((w) => tableChars.middleMiddle.repeat(w + 2));
  const lines = [
    tableChars.topLeft + divider.join(tableChars.topMiddle) + tableChars.topRight,
    renderRow(head, columnWidths),
    tableChars.leftMiddle + divider.join(tableChars.rowMiddle) + tableChars.rightMiddle,
  ];
  for (const row of rows) lines.push(renderRow(row, columnWidths));
  lines.push(tableChars.bottomLeft + divider.join(tableChars.bottomMiddle) + tableChars.bottomRight);
  return lines.join('\n');
}

function isArrayLike(v) {
  return ArrayIsArray(v) || TypedArrayPrototypeGetSymbolToStringTag(v) !== undefined;
}

function tableCell(v) {
  const depth = v !== null && typeof v === 'object' && !isArrayLike(v) && ObjectKeys(v).length > 2 ? -1 : 0;
  return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
}

/** The text console.table(tabularData, properties) prints. */
export function formatTable(tabularData, properties) {
  if (properties !== undefined) properties = toStringSequence(properties, 'properties');
  if (tabularData === null || typeof tabularData !== 'object') {
    return formatWithOptionsInternal(undefined, [tabularData]);
  }
  const indexKey = '(index)';
  const iterKey = '(iteration index)';
  const valuesKey = 'Values';
  const getIndexArray = (length) => {
    const out = [];
    for (let i = 0; i < length; i++) out.push(tableCell(i));
    return out;
  };

  const rawTag = tabularData[SymbolToStringTag];
  const kind = kindOf(tabularData, rawTag, ObjectGetPrototypeOf(tabularData) === null);
  if (kind === 'Map') {
    const keys = [];
    const values = [];
    let length = 0;
    for (const entry of MapPrototypeEntries(tabularData)) {
      keys.push(tableCell(entry[0]));
      values.push(tableCell(entry[1]));
      length++;
    }
    return renderTable([iterKey, 'Key', valuesKey], [getIndexArray(length), keys, values]);
  }
  if (kind === 'Set') {
    const values = [];
    let length = 0;
    for (const v of SetPrototypeValues(tabularData)) {
      values.push(tableCell(v));
      length++;
    }
    return renderTable([iterKey, valuesKey], [getIndexArray(length), values]);
  }

  const map = { __proto__: null };
  let hasPrimitives = false;
  const valuesKeyArray = [];
  const indexKeyArray = ObjectKeys(tabularData);
  for (let i = 0; i < indexKeyArray.length; i++) {
    const item = tabularData[indexKeyArray[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      valuesKeyArray[i] = tableCell(item);
    } else {
      const keys = properties || ObjectKeys(item);
      for (const key of keys) {
        map[key] ??= [];
        if ((primitive && properties) || !hasOwn(item, key)) map[key][i] = '';
        else map[key][i] = tableCell(item[key]);
      }
    }
  }
  const keys = ObjectKeys(map);
  const values = ObjectValues(map);
  if (hasPrimitives) {
    keys.push(valuesKey);
    values.push(valuesKeyArray);
  }
  keys.unshift(indexKey);
  values.unshift(indexKeyArray);
  return renderTable(keys, values);
}
