// node:stream — Node's streams, ported from Node.js v20.20.2 (lib/stream.js
// and lib/internal/streams/*, MIT license, Copyright Node.js contributors and
// Joyent, Inc.; see the LICENSE of Node.js). The default export is what
// require('stream') returns: the legacy Stream constructor with Readable,
// Writable, pipeline, ... attached.
//
// process.nextTick runs as a microtask here (see node:process), while Node
// drains it before promise jobs: callbacks keep their order among
// themselves, and event order only differs from Node's where a stream's
// ticks race a promise job scheduled at the same time.

import {
  ObjectDefineProperty,
  ObjectKeys,
  ReflectApply,
} from 'node:internal/streams/primordials';
import { customPromisify } from 'node:internal/streams/shared';
import { streamReturningOperators, promiseReturningOperators } from 'node:internal/streams/operators';
import { codes } from 'node:internal/errors';
import compose from 'node:internal/streams/compose';
import { setDefaultHighWaterMark, getDefaultHighWaterMark } from 'node:internal/streams/state';
import { pipeline } from 'node:internal/streams/pipeline';
import { destroyer } from 'node:internal/streams/destroy';
import eos from 'node:internal/streams/end-of-stream';
import * as utils from 'node:internal/streams/utils';
import { Stream } from 'node:internal/streams/legacy';
import Readable from 'node:internal/streams/readable';
import Writable from 'node:internal/streams/writable';
import Duplex from 'node:internal/streams/duplex';
import Transform from 'node:internal/streams/transform';
import PassThrough from 'node:internal/streams/passthrough';
import duplexPair from 'node:internal/streams/duplexpair';
import { addAbortSignal } from 'node:internal/streams/add-abort-signal';
import promises from 'node:stream/promises';
// Loaded for their registration in node:internal/streams/shared `lazy`
// (Duplex.from, Readable.fromWeb, ...).
import 'node:internal/streams/duplexify';
import 'node:internal/streams/adapters';

const { ERR_ILLEGAL_CONSTRUCTOR } = codes;

Stream.isDestroyed = utils.isDestroyed;
Stream.isDisturbed = utils.isDisturbed;
Stream.isErrored = utils.isErrored;
Stream.isReadable = utils.isReadable;
Stream.isWritable = utils.isWritable;

Stream.Readable = Readable;
const streamKeys = ObjectKeys(streamReturningOperators);
for (let i = 0; i < streamKeys.length; i++) {
  const key = streamKeys[i];
  const op = streamReturningOperators[key];
  function fn(...args) {
    if (new.target) {
      throw new ERR_ILLEGAL_CONSTRUCTOR();
    }
    return Stream.Readable.from(ReflectApply(op, this, args));
  }
  ObjectDefineProperty(fn, 'name', { __proto__: null, value: op.name });
  ObjectDefineProperty(fn, 'length', { __proto__: null, value: op.length });
  ObjectDefineProperty(Stream.Readable.prototype, key, {
    __proto__: null,
    value: fn,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}
const promiseKeys = ObjectKeys(promiseReturningOperators);
for (let i = 0; i < promiseKeys.length; i++) {
  const key = promiseKeys[i];
  const op = promiseReturningOperators[key];
  function fn(...args) {
    if (new.target) {
      throw new ERR_ILLEGAL_CONSTRUCTOR();
    }
    return ReflectApply(op, this, args);
  }
  ObjectDefineProperty(fn, 'name', { __proto__: null, value: op.name });
  ObjectDefineProperty(fn, 'length', { __proto__: null, value: op.length });
  ObjectDefineProperty(Stream.Readable.prototype, key, {
    __proto__: null,
    value: fn,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.duplexPair = duplexPair;
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.finished = eos;
Stream.destroy = destroyer;
Stream.compose = compose;
Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;

ObjectDefineProperty(Stream, 'promises', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() {
    return promises;
  },
});

ObjectDefineProperty(pipeline, customPromisify, {
  __proto__: null,
  enumerable: true,
  get() {
    return promises.pipeline;
  },
});

ObjectDefineProperty(eos, customPromisify, {
  __proto__: null,
  enumerable: true,
  get() {
    return promises.finished;
  },
});

// Backwards-compat with node 0.4.x
Stream.Stream = Stream;

export default Stream;
export {
  Stream,
  Readable,
  Writable,
  Duplex,
  Transform,
  PassThrough,
  duplexPair,
  pipeline,
  addAbortSignal,
  eos as finished,
  destroyer as destroy,
  compose,
  setDefaultHighWaterMark,
  getDefaultHighWaterMark,
  promises,
};
export const { isDestroyed, isDisturbed, isErrored, isReadable, isWritable } = utils;
export const { _isArrayBufferView, _isUint8Array, _uint8ArrayToBuffer } = Stream;
