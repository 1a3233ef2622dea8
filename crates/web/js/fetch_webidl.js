// WebIDL conversions, pair iterators and URL parsing shared by the fetch
// builtins (headers, form_data, body and the constructors in
// fetch_construct.js).

import { lazy } from 'nanojs:fetch_util';

const ReflectApply = Reflect.apply;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const MathTrunc = Math.trunc;
const TypeErrorCtor = TypeError;
const ITERATOR_PROTOTYPE = ObjectGetPrototypeOf(ObjectGetPrototypeOf([][Symbol.iterator]()));

// --- conversions ----------------------------------------------------------------

export function requireArgs(given, n, what) {
  if (given < n) {
    throw new TypeErrorCtor(
      `${what}: ${n} argument${n === 1 ? '' : 's'} required, but only ${given} present.`,
    );
  }
}

/** DOMString: ToString (a TypeError for symbols). */
export const domString = (v) => (typeof v === 'string' ? v : `${v}`);

/** USVString: lone surrogates become U+FFFD. */
export function usvString(v) {
  const s = typeof v === 'string' ? v : `${v}`;
  return s.isWellFormed() ? s : s.toWellFormed();
}

const NON_LATIN1 = /[^\0-\xff]/;

/** ByteString: a TypeError for code points above U+00FF. */
export function byteString(v, what) {
  const s = typeof v === 'string' ? v : `${v}`;
  if (NON_LATIN1.test(s)) {
    throw new TypeErrorCtor(`${what}: String contains non ISO-8859-1 code point.`);
  }
  return s;
}

/** An enumeration value: a TypeError for anything not in `values`. */
export function enumValue(v, values, type, what) {
  const s = typeof v === 'string' ? v : `${v}`;
  for (let i = 0; i < values.length; i++) if (values[i] === s) return s;
  throw new TypeErrorCtor(`${what}: The provided value '${s}' is not a valid enum value of type ${type}.`);
}

/** `unsigned short`, with or without [EnforceRange]. */
export function unsignedShort(v, enforce, what) {
  let n = +v;
  if (enforce) {
    if (n !== n || n === Infinity || n === -Infinity) {
      throw new TypeErrorCtor(`${what}: Value is not a finite number.`);
    }
    n = MathTrunc(n);
    if (n < 0 || n > 65535) {
      throw new TypeErrorCtor(`${what}: Value is outside the 'unsigned short' value range.`);
    }
    return n === 0 ? 0 : n;
  }
  if (n !== n || n === Infinity || n === -Infinity) return 0;
  n = MathTrunc(n) % 65536;
  return n < 0 ? n + 65536 : n === 0 ? 0 : n;
}

// HTTP token (RFC 9110): header names and methods.
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// --- iterable<K, V> -------------------------------------------------------------

export const KEYS = 0;
export const VALUES = 1;
export const ENTRIES = 2;

/**
 * A WebIDL pair iterator ("<tag> Iterator"): `pairsOf(target)` gives the
 * flat [key, value, ...] list to iterate, read again on every step so that
 * changes during iteration show. Returns (target, kind) => iterator.
 */
export function pairIterator(tag, pairsOf) {
  class Iterator {
    #target;
    #kind;
    #index = 0;

    constructor(target, kind) {
      this.#target = target;
      this.#kind = kind;
    }

    next() {
      const pairs = pairsOf(this.#target);
      const i = this.#index;
      if (i >= pairs.length) return { value: undefined, done: true };
      this.#index = i + 2;
      const kind = this.#kind;
      const value = kind === KEYS ? pairs[i] : kind === VALUES ? pairs[i + 1] : [pairs[i], pairs[i + 1]];
      return { value, done: false };
    }
  }
  const proto = Iterator.prototype;
  Object.setPrototypeOf(proto, ITERATOR_PROTOTYPE);
  delete proto.constructor;
  const d = ObjectGetOwnPropertyDescriptor(proto, 'next');
  d.enumerable = true;
  ObjectDefineProperty(proto, 'next', d);
  ObjectDefineProperty(proto, Symbol.toStringTag, { value: `${tag} Iterator`, configurable: true });
  return (target, kind) => new Iterator(target, kind);
}

/** forEach of an iterable declaration, over a live pair list. */
export function forEachPair(self, pairsOf, callback, thisArg, what) {
  if (typeof callback !== 'function') {
    throw new TypeErrorCtor(`${what}: parameter 1 is not of type 'Function'.`);
  }
  for (let i = 0; i < pairsOf(self).length; i += 2) {
    const pairs = pairsOf(self);
    ReflectApply(callback, thisArg, [pairs[i + 1], pairs[i], self]);
  }
}

/** Defines `iterable<K, V>`'s @@iterator: the same function as entries. */
export function iterableEntries(cls) {
  ObjectDefineProperty(cls.prototype, Symbol.iterator, {
    value: cls.prototype.entries, writable: true, configurable: true,
  });
}

// --- URLs -----------------------------------------------------------------------

const urlOps = lazy('nanojs:internal/url');
// The native parser writes component offsets here (layout in src/url.rs).
let OFFSETS = null;

/** Parses `input` against the API base URL: `location.href` when the global
 * scope has a location (a document-less runtime has no other base). Gives
 * the href, or null on failure; `lastURLHasCredentials()` and
 * `lastURLOrigin(href)` then describe it. */
export function parseURL(input) {
  if (OFFSETS === null) OFFSETS = new Uint32Array(12);
  const loc = globalThis.location;
  const op = urlOps();
  if (loc === undefined || loc === null) return op.parse(OFFSETS, input);
  return op.parse(OFFSETS, input, usvString(loc.href));
}

export function lastURLHasCredentials() {
  // Username and password spans are empty without credentials.
  return OFFSETS[2] > OFFSETS[1] || OFFSETS[4] > OFFSETS[3];
}

/** The ASCII serialization of the last parsed URL's origin ('null' when
 * opaque). */
export function lastURLOrigin(href) {
  const scheme = href.slice(0, OFFSETS[0]);
  if (scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss' || scheme === 'ftp') {
    return `${scheme}://${href.slice(OFFSETS[5], OFFSETS[8])}`;
  }
  return 'null';
}
