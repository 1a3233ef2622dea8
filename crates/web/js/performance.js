// `performance`: High Resolution Time (now, timeOrigin, toJSON) with User
// Timing Level 3 (mark, measure, clearMarks, clearMeasures) and the
// Performance Timeline getters (getEntries, getEntriesByType,
// getEntriesByName). The clock is native (`nanojs:internal/performance`,
// which documents the choice of time origin). structuredClone, needed only for
// a mark's or measure's detail, is loaded on first such detail.

import { now as clockNow, timeOrigin as ORIGIN } from 'nanojs:internal/performance';
import { DOMException } from 'nanojs:dom_exception';
import { EventTarget } from 'nanojs:events';
import { builtin } from 'nanojs:host';

const ArraySort = Array.prototype.sort;
const FunctionCall = Function.prototype.call;
const NumberIsFinite = Number.isFinite;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;

// Lets this module, and only it, create objects of non-constructible interfaces.
const ILLEGAL = Symbol('illegal constructor');

// WebIDL conversions.
const str = (v) => `${v}`;

function double(v, what) {
  const n = +v;
  if (!NumberIsFinite(n)) throw new TypeError(`${what} is not a finite number.`);
  return n;
}

function requireArgs(count, required, iface, method) {
  if (count < required) {
    const what = method === undefined ? `construct '${iface}'` : `execute '${method}' on '${iface}'`;
    throw new TypeError(
      `Failed to ${what}: ${required} argument${required === 1 ? '' : 's'} required, but only ${count} present.`,
    );
  }
}

// Makes a class's members enumerable, as WebIDL's are, and sets its class string.
function webidl(cls, name) {
  const proto = cls.prototype;
  for (const key of Reflect.ownKeys(proto)) {
    if (key === 'constructor') continue;
    const d = ObjectGetOwnPropertyDescriptor(proto, key);
    d.enumerable = true;
    ObjectDefineProperty(proto, key, d);
  }
  ObjectDefineProperty(proto, Symbol.toStringTag, {
    value: name, writable: false, enumerable: false, configurable: true,
  });
}

// --- PerformanceEntry ------------------------------------------------------------

let isEntry;
let entryData;

export class PerformanceEntry {
  #name;
  #type;
  #start;
  #duration;

  static {
    isEntry = (o) => o !== null && typeof o === 'object' && #name in o;
    entryData = (o) => [o.#name, o.#type, o.#start, o.#duration];
  }

  constructor(key = undefined, name = '', type = '', start = 0, duration = 0) {
    if (key !== ILLEGAL) throw new TypeError('Illegal constructor');
    this.#name = name;
    this.#type = type;
    this.#start = start;
    this.#duration = duration;
  }

  get name() {
    return entry(this, 'name').#name;
  }

  get entryType() {
    return entry(this, 'entryType').#type;
  }

  get startTime() {
    return entry(this, 'startTime').#start;
  }

  get duration() {
    return entry(this, 'duration').#duration;
  }

  // [Default] object toJSON();
  toJSON() {
    const [name, entryType, startTime, duration] = entryData(entry(this, 'toJSON'));
    return { name, entryType, startTime, duration };
  }
}

function entry(self, what) {
  if (!isEntry(self)) {
    throw new TypeError(`'${what}' called on an object that is not a PerformanceEntry`);
  }
  return self;
}

webidl(PerformanceEntry, 'PerformanceEntry');

// Clones a mark's or measure's detail (null when absent).
function cloneDetail(detail) {
  if (detail === undefined || detail === null) return null;
  return builtin('nanojs:structured_clone').structuredClone(detail);
}

// --- PerformanceMark ----------------------------------------------------------------

let isMark;

export class PerformanceMark extends PerformanceEntry {
  #detail;

  static {
    isMark = (o) => o !== null && typeof o === 'object' && #detail in o;
  }

  // constructor(DOMString markName, optional PerformanceMarkOptions markOptions = {});
  constructor(markName, markOptions = undefined) {
    requireArgs(arguments.length, 1, 'PerformanceMark');
    const name = str(markName);
    // Dictionary members are read in lexicographic order: detail, startTime.
    let detail;
    let startTime;
    if (markOptions !== undefined && markOptions !== null) {
      if (typeof markOptions !== 'object' && typeof markOptions !== 'function') {
        throw new TypeError("Failed to construct 'PerformanceMark': The provided value is not of type 'PerformanceMarkOptions'.");
      }
      detail = markOptions.detail;
      const start = markOptions.startTime;
      if (start !== undefined) startTime = double(start, 'startTime');
    }
    if (startTime !== undefined && startTime < 0) {
      throw new TypeError(`Failed to construct 'PerformanceMark': '${name}' cannot have a negative start time.`);
    }
    super(ILLEGAL, name, 'mark', startTime ?? clockNow(), 0);
    this.#detail = cloneDetail(detail);
  }

  get detail() {
    if (!isMark(this)) throw new TypeError("'detail' called on an object that is not a PerformanceMark");
    return this.#detail;
  }
}

webidl(PerformanceMark, 'PerformanceMark');

// --- PerformanceMeasure ---------------------------------------------------------------

let isMeasure;
let newMeasure;

export class PerformanceMeasure extends PerformanceEntry {
  #detail;

  static {
    isMeasure = (o) => o !== null && typeof o === 'object' && #detail in o;
    newMeasure = (name, start, duration, detail) => {
      const m = new PerformanceMeasure(ILLEGAL, name, start, duration);
      m.#detail = detail;
      return m;
    };
  }

  constructor(key = undefined, name = '', start = 0, duration = 0) {
    if (key !== ILLEGAL) throw new TypeError('Illegal constructor');
    super(ILLEGAL, name, 'measure', start, duration);
    this.#detail = null;
  }

  get detail() {
    if (!isMeasure(this)) throw new TypeError("'detail' called on an object that is not a PerformanceMeasure");
    return this.#detail;
  }
}

webidl(PerformanceMeasure, 'PerformanceMeasure');

// --- Performance ------------------------------------------------------------------------

let isPerformance;

function check(self, what) {
  if (!isPerformance(self)) {
    throw new TypeError(`'${what}' called on an object that is not a Performance`);
  }
}

// The performance entry buffer of user timing (marks and measures), in the
// order they were queued.
let entries = [];

function byStartTime(a, b) {
  return entryData(a)[2] - entryData(b)[2];
}

// Entries matching a filter, in chronological order (a stable sort by
// startTime of the queue order).
function filtered(name, type) {
  const out = [];
  for (let i = 0; i < entries.length; i++) {
    const [n, t] = entryData(entries[i]);
    if ((name === undefined || n === name) && (type === undefined || t === type)) out[out.length] = entries[i];
  }
  return FunctionCall.call(ArraySort, out, byStartTime);
}

function clear(type, name) {
  const kept = [];
  for (let i = 0; i < entries.length; i++) {
    const [n, t] = entryData(entries[i]);
    if (!(t === type && (name === undefined || n === name))) kept[kept.length] = entries[i];
  }
  entries = kept;
}

// "Convert a mark to a timestamp".
function markTime(mark, what) {
  if (typeof mark === 'number') {
    if (mark < 0) throw new TypeError(`'${what}' cannot be negative.`);
    return mark;
  }
  const name = str(mark);
  for (let i = entries.length - 1; i >= 0; i--) {
    const [n, t, start] = entryData(entries[i]);
    if (t === 'mark' && n === name) return start;
  }
  throw new DOMException(
    `Failed to execute 'measure' on 'Performance': The mark '${name}' does not exist.`,
    'SyntaxError',
  );
}

// interface Performance : EventTarget
export class Performance extends EventTarget {
  #brand = true;

  static {
    isPerformance = (o) => o !== null && typeof o === 'object' && #brand in o;
  }

  constructor(key = undefined) {
    if (key !== ILLEGAL) throw new TypeError('Illegal constructor');
    super();
  }

  // DOMHighResTimeStamp now();
  now() {
    check(this, 'now');
    return clockNow();
  }

  // readonly attribute DOMHighResTimeStamp timeOrigin;
  get timeOrigin() {
    check(this, 'timeOrigin');
    return ORIGIN;
  }

  // [Default] object toJSON();
  toJSON() {
    check(this, 'toJSON');
    return { timeOrigin: ORIGIN };
  }

  // PerformanceEntryList getEntries();
  getEntries() {
    check(this, 'getEntries');
    return filtered(undefined, undefined);
  }

  // PerformanceEntryList getEntriesByType(DOMString type);
  getEntriesByType(type) {
    check(this, 'getEntriesByType');
    requireArgs(arguments.length, 1, 'Performance', 'getEntriesByType');
    return filtered(undefined, str(type));
  }

  // PerformanceEntryList getEntriesByName(DOMString name, optional DOMString type);
  getEntriesByName(name, type = undefined) {
    check(this, 'getEntriesByName');
    requireArgs(arguments.length, 1, 'Performance', 'getEntriesByName');
    return filtered(str(name), type === undefined ? undefined : str(type));
  }

  // PerformanceMark mark(DOMString markName, optional PerformanceMarkOptions markOptions = {});
  mark(markName, markOptions = undefined) {
    check(this, 'mark');
    requireArgs(arguments.length, 1, 'Performance', 'mark');
    const mark = new PerformanceMark(markName, markOptions);
    entries[entries.length] = mark;
    return mark;
  }

  // undefined clearMarks(optional DOMString markName);
  clearMarks(markName = undefined) {
    check(this, 'clearMarks');
    clear('mark', markName === undefined ? undefined : str(markName));
  }

  // PerformanceMeasure measure(DOMString measureName,
  //   optional (DOMString or PerformanceMeasureOptions) startOrMeasureOptions = {},
  //   optional DOMString endMark);
  measure(measureName, startOrMeasureOptions = undefined, endMark = undefined) {
    check(this, 'measure');
    requireArgs(arguments.length, 1, 'Performance', 'measure');
    const name = str(measureName);
    // The union: null, undefined and objects are the dictionary; anything
    // else is the DOMString.
    let options = null;
    let startMark;
    if (startOrMeasureOptions === undefined || startOrMeasureOptions === null
      || typeof startOrMeasureOptions === 'object' || typeof startOrMeasureOptions === 'function') {
      options = { __proto__: null };
      const o = startOrMeasureOptions ?? {};
      // Members in lexicographic order: detail, duration, end, start.
      const detail = o.detail;
      if (detail !== undefined) options.detail = detail;
      const duration = o.duration;
      if (duration !== undefined) options.duration = double(duration, 'duration');
      const end = o.end;
      if (end !== undefined) options.end = typeof end === 'number' ? end : str(end);
      const start = o.start;
      if (start !== undefined) options.start = typeof start === 'number' ? start : str(start);
    } else {
      startMark = str(startOrMeasureOptions);
    }
    const endName = endMark === undefined ? undefined : str(endMark);
    const has = (k) => options !== null && k in options;
    if (has('detail') || has('start') || has('end') || has('duration')) {
      if (endName !== undefined) {
        throw new TypeError("Failed to execute 'measure' on 'Performance': If a non-empty PerformanceMeasureOptions object was passed, |end_mark| must not be passed.");
      }
      if (!has('start') && !has('end')) {
        throw new TypeError("Failed to execute 'measure' on 'Performance': If a non-empty PerformanceMeasureOptions object was passed, at least one of its 'start' or 'end' properties must be present.");
      }
      if (has('start') && has('duration') && has('end')) {
        throw new TypeError("Failed to execute 'measure' on 'Performance': If a non-empty PerformanceMeasureOptions object was passed, it must not have all of its 'start', 'duration', and 'end' properties defined");
      }
    }
    let endTime;
    if (endName !== undefined) {
      endTime = markTime(endName, 'end');
    } else if (has('end')) {
      endTime = markTime(options.end, 'end');
    } else if (has('start') && has('duration')) {
      endTime = markTime(options.start, 'start') + markTime(options.duration, 'duration');
    } else {
      endTime = clockNow();
    }
    let startTime;
    if (has('start')) {
      startTime = markTime(options.start, 'start');
    } else if (has('duration') && has('end')) {
      startTime = endTime - markTime(options.duration, 'duration');
    } else if (startMark !== undefined) {
      startTime = markTime(startMark, 'start');
    } else {
      startTime = 0;
    }
    const detail = cloneDetail(has('detail') ? options.detail : null);
    const measure = newMeasure(name, startTime, endTime - startTime, detail);
    entries[entries.length] = measure;
    return measure;
  }

  // undefined clearMeasures(optional DOMString measureName);
  clearMeasures(measureName = undefined) {
    check(this, 'clearMeasures');
    clear('measure', measureName === undefined ? undefined : str(measureName));
  }
}

webidl(Performance, 'Performance');

export const performance = new Performance(ILLEGAL);
