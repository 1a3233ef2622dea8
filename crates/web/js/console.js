// nanojs:console — the WHATWG Console namespace (https://console.spec.whatwg.org/),
// printing like Node's console.
//
// Exports:
//   console                 the namespace object installed as the global
//   inspectDefaultOptions   the defaults behind nanojs:inspect's inspect.defaultOptions
//   inspectAs(name, fields) nanojs:inspect's inspectAs, for builtins' inspect hooks
//
// Almost every program logs, and mostly strings, so this module stays small:
// it formats primitive arguments itself, exactly as Node's util.format would,
// and loads the inspector (nanojs:inspect, many times this module's size) only
// when it must: an object to print, a %o, %O or %j directive, console.dir or
// console.table.

import { print, builtin } from 'nanojs:host';

// Intrinsics captured at load time, so user code patching globals cannot
// break console output.
const ObjectDefineProperty = Object.defineProperty;
const ObjectIs = Object.is;
const ObjectKeys = Object.keys;
const NumberParseInt = Number.parseInt;
const NumberParseFloat = Number.parseFloat;
const NativeString = String;
const NativeNumber = Number;
const NativeError = Error;
const captureStackTrace = Error.captureStackTrace;
// call(fn, thisArg, ...args): one bound function serves every method.
const call = Function.prototype.call.bind(Function.prototype.call);
const FunctionPrototypeApply = Function.prototype.apply;
const StringPrototypeIsWellFormed = String.prototype.isWellFormed;
const StringPrototypeToWellFormed = String.prototype.toWellFormed;
// (No Math or Reflect: QuickJS creates those namespaces on first touch, which
// costs a few KB of heap that console.log should not pay.)

// Node's util.inspect.defaultOptions. They live here because the console's own
// formatting depends on two of them: numbers print with separators under
// numericSeparator, and inspected primitives in color under colors.
export const inspectDefaultOptions = {
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
};

// The inspector's namespace, loaded on first need.
let inspector;
function loadInspector() {
  if (inspector === undefined) inspector = builtin('nanojs:inspect');
  return inspector;
}

/**
 * nanojs:inspect's inspectAs, without loading the inspector up front: inspect
 * hooks call it only while the inspector is printing.
 */
export function inspectAs(name, fields) {
  return loadInspector().inspectAs(name, fields);
}

// ---------------------------------------------------------------------------
// Formatting primitives

// A number as util.format prints it without numeric separators.
function formatNumber(number) {
  return ObjectIs(number, -0) ? '-0' : `${number}`;
}

// A primitive as %s prints it, and as inspect does unless it is a string.
function formatPrimitive(value) {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return `${value}n`;
  return NativeString(value);
}

// util.format(...args) when every argument is a primitive and no directive
// needs the inspector (%o, %O, %j); undefined otherwise. The substitution
// loop is the inspector's formatWithOptions, specialised to primitives.
function formatPrimitives(args) {
  if (inspectDefaultOptions.numericSeparator || inspectDefaultOptions.colors) return undefined;
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (typeof value === 'function' || (typeof value === 'object' && value !== null)) return undefined;
  }
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
          case 115: // 's'
            tempStr = formatPrimitive(args[++a]);
            break;
          case 100: // 'd'
          case 105: // 'i'
          case 102: {
            // 'f'
            const tempNum = args[++a];
            if (typeof tempNum === 'symbol') tempStr = 'NaN';
            else if (typeof tempNum === 'bigint' && nextChar !== 102) tempStr = `${tempNum}n`;
            else if (nextChar === 100) tempStr = formatNumber(NativeNumber(tempNum));
            else if (nextChar === 105) tempStr = formatNumber(NumberParseInt(tempNum));
            else tempStr = formatNumber(NumberParseFloat(tempNum));
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
          case 106: // 'j'
          case 79: // 'O'
          case 111: // 'o'
            return undefined;
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

  // The rest: strings as they are, other primitives as inspect prints them.
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value === 'string' ? value : formatPrimitive(value);
    join = ' ';
    a++;
  }
  return str;
}

// util.format(...args).
function format(args) {
  const text = formatPrimitives(args);
  return text !== undefined ? text : call(FunctionPrototypeApply, loadInspector().format, undefined, args);
}

// ---------------------------------------------------------------------------
// The console namespace

const kGroupIndentationWidth = 2;
let groupIndent = '';
const countMap = new Map();
const timerTable = new Map();

function write(level, text) {
  if (groupIndent !== '') {
    if (text.includes('\n')) text = text.replaceAll('\n', `\n${groupIndent}`);
    text = groupIndent + text;
  }
  // The host takes UTF-8: lone surrogates become U+FFFD.
  if (!call(StringPrototypeIsWellFormed, text)) text = call(StringPrototypeToWellFormed, text);
  print(level, text);
}

function logger(level, data) {
  write(level, format(data));
}

function warning(message) {
  write('warn', `Warning: ${message}`);
}

// A monotonic clock in milliseconds: the platform's performance.now() when
// there is one, else Date.now().
let clock;
function now() {
  if (clock === undefined) {
    clock = Date.now;
    try {
      const perf = globalThis.performance;
      const perfNow = perf && perf.now;
      if (typeof perfNow === 'function') clock = () => call(perfNow, perf);
    } catch {
      // No performance API: stay with Date.now.
    }
  }
  return clock();
}

// Math.floor for non-negative numbers (the remainder is exact).
const floor = (x) => (x === Infinity ? x : x - (x % 1));

const kSecond = 1000;
const kMinute = 60 * kSecond;
const kHour = 60 * kMinute;

function pad2(value) {
  return `${value}`.padStart(2, '0');
}

// Node's format for durations: 1.234ms, 1.234s, 1:02.345 (m:ss.mmm), ...
function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= kSecond) {
    if (ms >= kMinute) {
      if (ms >= kHour) {
        hours = floor(ms / kHour);
        ms %= kHour;
      }
      minutes = floor(ms / kMinute);
      ms %= kMinute;
    }
    seconds = ms / kSecond;
  }
  if (hours !== 0 || minutes !== 0) {
    const parts = seconds.toFixed(3).split('.');
    const res = hours !== 0 ? `${hours}:${pad2(minutes)}` : minutes;
    return `${res}:${pad2(parts[0])}.${parts[1]} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${NativeNumber(ms.toFixed(3))}ms`;
}

function timeLogImpl(name, label, data) {
  const start = timerTable.get(label);
  if (start === undefined) {
    warning(`No such label '${label}' for console.${name}()`);
    return false;
  }
  const args = ['%s: %s', label, formatTime(now() - start)];
  if (data !== undefined) {
    for (let i = 0; i < data.length; i++) args.push(data[i]);
  }
  logger('info', args);
  return true;
}

// The namespace object: its [[Prototype]] is an empty object whose own
// [[Prototype]] is %Object.prototype% (https://console.spec.whatwg.org/#console-namespace).
// Its operations are enumerable own functions that need no `this`.
const consoleNamespace = {
  __proto__: {},

  // Logging
  assert(condition = false, ...data) {
    if (condition) return;
    const message = 'Assertion failed';
    if (data.length === 0) {
      data.push(message);
    } else if (typeof data[0] !== 'string') {
      data.unshift(message);
    } else {
      data[0] = `${message}: ${data[0]}`;
    }
    logger('error', data);
  },
  clear() {
    // Output is a log, not a screen: nothing to clear.
  },
  debug(...data) {
    logger('debug', data);
  },
  error(...data) {
    logger('error', data);
  },
  info(...data) {
    logger('info', data);
  },
  log(...data) {
    logger('log', data);
  },
  table(tabularData = undefined, properties = undefined) {
    write('log', loadInspector().formatTable(tabularData, properties));
  },
  trace(...data) {
    const message = format(data);
    let frames;
    if (typeof captureStackTrace === 'function') {
      const holder = {};
      captureStackTrace(holder, traceFunction);
      frames = NativeString(holder.stack || '');
    } else {
      // Drop this function's own frame.
      frames = NativeString(new NativeError().stack || '').replace(/^[^\n]*\n?/, '');
    }
    while (frames.endsWith('\n')) frames = frames.slice(0, -1);
    let text = message === '' ? 'Trace' : `Trace: ${message}`;
    if (frames !== '') text += `\n${frames}`;
    write('error', text);
  },
  warn(...data) {
    logger('warn', data);
  },
  dir(item = undefined, options = undefined) {
    const opts = { customInspect: false };
    if (options !== null && typeof options === 'object') {
      for (const key of ObjectKeys(options)) opts[key] = options[key];
    }
    write('log', loadInspector().inspect(item, opts));
  },
  dirxml(...data) {
    logger('log', data);
  },

  // Counting
  count(label = 'default') {
    label = `${label}`;
    const count = (countMap.get(label) || 0) + 1;
    countMap.set(label, count);
    write('info', `${label}: ${count}`);
  },
  countReset(label = 'default') {
    label = `${label}`;
    if (!countMap.has(label)) {
      warning(`Count for '${label}' does not exist`);
      return;
    }
    countMap.set(label, 0);
  },

  // Grouping
  group(...data) {
    if (data.length > 0) logger('log', data);
    groupIndent += ' '.repeat(kGroupIndentationWidth);
  },
  groupCollapsed(...data) {
    if (data.length > 0) logger('log', data);
    groupIndent += ' '.repeat(kGroupIndentationWidth);
  },
  groupEnd() {
    const length = groupIndent.length - kGroupIndentationWidth;
    groupIndent = length > 0 ? groupIndent.slice(0, length) : '';
  },

  // Timing
  time(label = 'default') {
    label = `${label}`;
    if (timerTable.has(label)) {
      warning(`Label '${label}' already exists for console.time()`);
      return;
    }
    timerTable.set(label, now());
  },
  timeLog(label = 'default', ...data) {
    label = `${label}`;
    timeLogImpl('timeLog', label, data);
  },
  timeEnd(label = 'default') {
    label = `${label}`;
    if (timeLogImpl('timeEnd', label)) timerTable.delete(label);
  },
};
const traceFunction = consoleNamespace.trace;

ObjectDefineProperty(consoleNamespace, Symbol.toStringTag, {
  value: 'console',
  writable: false,
  enumerable: false,
  configurable: true,
});

export { consoleNamespace as console };
