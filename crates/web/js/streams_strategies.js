// ByteLengthQueuingStrategy and CountQueuingStrategy (Streams §7.2, §7.3).
//
// Each strategy's `size` getter returns one function per realm (one per
// isolate here), so `a.size === b.size` for any two instances: a method
// (no prototype, not a constructor) named `size`.

import { inspectAs } from 'nanojs:console';

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ReflectOwnKeys = Reflect.ownKeys;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

// The realm's size functions (Streams §7.2.2, §7.3.2).
const byteLengthSize = ({
  size(chunk) {
    return chunk.byteLength;
  },
}).size;
const countSize = ({
  size() {
    return 1;
  },
}).size;

/** WebIDL QueuingStrategyInit: a dictionary with a required unrestricted
 * double `highWaterMark`. */
function convertInit(init, iface) {
  const what = `Failed to construct '${iface}'`;
  if (init !== undefined && init !== null && typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeError(`${what}: The provided value is not of type 'QueuingStrategyInit'.`);
  }
  const hwm = init === undefined || init === null ? undefined : init.highWaterMark;
  if (hwm === undefined) {
    throw new TypeError(
      `${what}: Failed to read the 'highWaterMark' property from 'QueuingStrategyInit': `
      + 'Required member is undefined.',
    );
  }
  return +hwm;
}

function requireArgs(given, iface) {
  if (given < 1) {
    throw new TypeError(`Failed to construct '${iface}': 1 argument required, but only 0 present.`);
  }
}

function finishInterface(cls, name) {
  for (const key of ReflectOwnKeys(cls.prototype)) {
    if (typeof key === 'symbol' || key === 'constructor') continue;
    const d = ObjectGetOwnPropertyDescriptor(cls.prototype, key);
    d.enumerable = true;
    ObjectDefineProperty(cls.prototype, key, d);
  }
  ObjectDefineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
}

const illegal = (name) => new TypeError(`Illegal invocation: not a ${name}`);

export class ByteLengthQueuingStrategy {
  #hwm;

  constructor(init) {
    requireArgs(arguments.length, 'ByteLengthQueuingStrategy');
    this.#hwm = convertInit(init, 'ByteLengthQueuingStrategy');
  }

  get highWaterMark() {
    if (!(#hwm in this)) throw illegal('ByteLengthQueuingStrategy');
    return this.#hwm;
  }

  get size() {
    if (!(#hwm in this)) throw illegal('ByteLengthQueuingStrategy');
    return byteLengthSize;
  }

  [INSPECT]() {
    return inspectAs('ByteLengthQueuingStrategy', { highWaterMark: this.#hwm });
  }
}

export class CountQueuingStrategy {
  #hwm;

  constructor(init) {
    requireArgs(arguments.length, 'CountQueuingStrategy');
    this.#hwm = convertInit(init, 'CountQueuingStrategy');
  }

  get highWaterMark() {
    if (!(#hwm in this)) throw illegal('CountQueuingStrategy');
    return this.#hwm;
  }

  get size() {
    if (!(#hwm in this)) throw illegal('CountQueuingStrategy');
    return countSize;
  }

  [INSPECT]() {
    return inspectAs('CountQueuingStrategy', { highWaterMark: this.#hwm });
  }
}

finishInterface(ByteLengthQueuingStrategy, 'ByteLengthQueuingStrategy');
finishInterface(CountQueuingStrategy, 'CountQueuingStrategy');
