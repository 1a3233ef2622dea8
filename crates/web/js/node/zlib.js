// node:zlib — Node 20's zlib module: the sync and callback convenience
// functions (gzipSync/gzip, deflate, deflateRaw, unzip, inflate, gunzip,
// inflateRaw, brotliCompress, brotliDecompress), the stream classes (Gzip,
// Gunzip, Deflate, Inflate, DeflateRaw, InflateRaw, Unzip, BrotliCompress,
// BrotliDecompress; Transform streams from node:stream) with their create*
// factories, `constants`, `codes` and `crc32`.
//
// The byte work is Rust (nanojs:internal/node_zlib): deflate/zlib/gzip on
// flate2's zlib-rs backend, brotli on the `brotli` crate. A stream's codec
// lives there across writes, so input is not buffered. This file validates
// options as Node's lib/zlib.js does and throws Node's errors (a corrupt
// input is `Error: incorrect header check` with `errno: -3` and
// `code: 'Z_DATA_ERROR'`, a truncated one `unexpected end of file`,
// Z_BUF_ERROR; brotli's are `Decompression failed` with codes such as
// 'ERR__ERROR_FORMAT_PADDING_1').
//
// Differences from Node:
// - Compressed bytes are zlib-rs's and the brotli crate's, which can differ
//   from the zlib and brotli builds in Node (any of them decompresses the
//   other's output).
// - `memLevel` and `strategy` are validated but have no effect (flate2 does
//   not expose them); `params()` flushes and records the new level and
//   strategy but the stream goes on at the level it was made with (flate2's
//   set_level cannot work mid-stream on zlib-rs).
// - A stream's chunk is run on a later turn (setImmediate) instead of on a
//   thread pool; output is pushed in `chunkSize` pieces as in Node.
// - Brotli's NPOSTFIX and NDIRECT params are accepted and ignored, and
//   `BROTLI_OPERATION_EMIT_METADATA` is a plain write.
// Left out: changing the level with params() (above), zstd (Node 22.15+).

import * as ops from 'nanojs:internal/node_zlib';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { Buffer } from 'node:internal/buffer';
import { Transform, finished } from 'node:stream';
import { codes as errorCodes, genericNodeError } from 'node:internal/errors';
import { validateFunction, validateNumber, validateUint32 } from 'node:internal/validators';
import { constants } from 'node:internal/zlib/constants';

const {
  ERR_BROTLI_INVALID_PARAM,
  ERR_BUFFER_TOO_LARGE,
  ERR_INVALID_ARG_TYPE,
  ERR_OUT_OF_RANGE,
  ERR_ZLIB_INITIALIZATION_FAILED,
} = errorCodes;

const ObjectDefineProperty = Object.defineProperty;
const ObjectKeys = Object.keys;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ReflectApply = Reflect.apply;
const NumberIsFinite = Number.isFinite;
const NumberIsNaN = Number.isNaN;
const isArrayBufferView = ArrayBuffer.isView;

// Node 20's buffer.kMaxLength on 64-bit hosts, the default and largest
// maxOutputLength (nanojs's own Buffer limit is 2 ** 31 - 1).
const kMaxLength = 2 ** 32;

const {
  Z_NO_FLUSH,
  Z_BLOCK,
  Z_PARTIAL_FLUSH,
  Z_SYNC_FLUSH,
  Z_FULL_FLUSH,
  Z_FINISH,
  Z_MIN_CHUNK,
  Z_MIN_WINDOWBITS,
  Z_MAX_WINDOWBITS,
  Z_MIN_LEVEL,
  Z_MAX_LEVEL,
  Z_MIN_MEMLEVEL,
  Z_MAX_MEMLEVEL,
  Z_DEFAULT_CHUNK,
  Z_DEFAULT_COMPRESSION,
  Z_DEFAULT_STRATEGY,
  Z_DEFAULT_WINDOWBITS,
  Z_DEFAULT_MEMLEVEL,
  Z_FIXED,
  DEFLATE,
  DEFLATERAW,
  INFLATE,
  INFLATERAW,
  GZIP,
  GUNZIP,
  UNZIP,
  BROTLI_DECODE,
  BROTLI_ENCODE,
  BROTLI_OPERATION_PROCESS,
  BROTLI_OPERATION_FLUSH,
  BROTLI_OPERATION_FINISH,
  BROTLI_OPERATION_EMIT_METADATA,
} = constants;

// zlib's return codes by name and by value (Node's zlib.codes).
const codes = {
  Z_OK: constants.Z_OK,
  Z_STREAM_END: constants.Z_STREAM_END,
  Z_NEED_DICT: constants.Z_NEED_DICT,
  Z_ERRNO: constants.Z_ERRNO,
  Z_STREAM_ERROR: constants.Z_STREAM_ERROR,
  Z_DATA_ERROR: constants.Z_DATA_ERROR,
  Z_MEM_ERROR: constants.Z_MEM_ERROR,
  Z_BUF_ERROR: constants.Z_BUF_ERROR,
  Z_VERSION_ERROR: constants.Z_VERSION_ERROR,
};
for (const ckey of ObjectKeys(codes)) codes[codes[ckey]] = ckey;
Object.freeze(codes);

// Brotli decoder errors by value: Node's code is 'ERR_' and the name
// without its 'BROTLI_DECODER' prefix ('ERR__ERROR_FORMAT_PADDING_1').
const brotliErrorCodes = {};
for (const key of ObjectKeys(constants)) {
  if (key.startsWith('BROTLI_DECODER_ERROR_')) {
    brotliErrorCodes[constants[key]] = `ERR_${key.slice('BROTLI_DECODER'.length)}`;
  }
}

const isAnyArrayBuffer = (v) =>
  v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer);

/** The bytes of a view as a Uint8Array (no copy). */
function toU8(data) {
  if (data instanceof Uint8Array) return data;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Node's error for a failed write: `[errno, message]` from the op. */
function codecError(handle, failure) {
  const [errno, message] = failure;
  const code =
    handle.brotli && message !== 'unexpected end of file'
      ? (brotliErrorCodes[errno] ?? 'ERR_BROTLI_COMPRESSION_FAILED')
      : codes[errno];
  const error = genericNodeError(message, { errno, code });
  error.errno = errno;
  error.code = code;
  return error;
}

// --- option checks (Node's lib/zlib.js) -------------------------------------

function checkFiniteNumber(number, name) {
  if (number === undefined) return false;
  if (NumberIsFinite(number)) return true;
  if (NumberIsNaN(number)) return false;
  validateNumber(number, name);
  throw new ERR_OUT_OF_RANGE(name, 'a finite number', number);
}

function checkRangesOrGetDefault(number, name, lower, upper, def) {
  if (!checkFiniteNumber(number, name)) return def;
  if (number < lower || number > upper) {
    throw new ERR_OUT_OF_RANGE(name, `>= ${lower} and <= ${upper}`, number);
  }
  return number;
}

const FLUSH_BOUND = [
  [Z_NO_FLUSH, Z_BLOCK],
  [BROTLI_OPERATION_PROCESS, BROTLI_OPERATION_EMIT_METADATA],
];
const FLUSH_BOUND_IDX_NORMAL = 0;
const FLUSH_BOUND_IDX_BROTLI = 1;

// Flush kinds ordered by how much they flush, for the last chunk's flag.
const kFlushFlag = Symbol('kFlushFlag');
const kError = Symbol('kError');
const kFlushFlagList = [Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH];
const flushiness = [];
const flushBuffers = [];
for (let i = 0; i < kFlushFlagList.length; i++) {
  flushiness[kFlushFlagList[i]] = i;
  flushBuffers[kFlushFlagList[i]] = Buffer.alloc(0);
  flushBuffers[kFlushFlagList[i]][kFlushFlag] = kFlushFlagList[i];
}
const maxFlush = (a, b) => (flushiness[a] > flushiness[b] ? a : b);

// --- the convenience functions ------------------------------------------------

function zlibBuffer(engine, buffer, callback) {
  validateFunction(callback, 'callback');
  // Streams take Uint8Arrays: other views become Buffers without a copy.
  if (isArrayBufferView(buffer) && !(buffer instanceof Uint8Array)) {
    buffer = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } else if (isAnyArrayBuffer(buffer)) {
    buffer = Buffer.from(buffer);
  }
  engine.buffers = null;
  engine.nread = 0;
  engine.cb = callback;
  engine.on('data', zlibBufferOnData);
  engine.on('error', zlibBufferOnError);
  engine.on('end', zlibBufferOnEnd);
  engine.end(buffer);
}

function zlibBufferOnData(chunk) {
  if (!this.buffers) this.buffers = [chunk];
  else this.buffers.push(chunk);
  this.nread += chunk.length;
  if (this.nread > this._maxOutputLength) {
    this.close();
    this.removeAllListeners('end');
    this.cb(new ERR_BUFFER_TOO_LARGE(this._maxOutputLength));
  }
}

function zlibBufferOnError(err) {
  this.removeAllListeners('end');
  this.cb(err);
}

function zlibBufferOnEnd() {
  let buf;
  if (this.nread === 0) buf = Buffer.alloc(0);
  else {
    const bufs = this.buffers;
    buf = bufs.length === 1 ? bufs[0] : Buffer.concat(bufs, this.nread);
  }
  this.close();
  if (this._info) this.cb(null, { buffer: buf, engine: this });
  else this.cb(null, buf);
}

function zlibBufferSync(engine, buffer) {
  if (typeof buffer === 'string') {
    buffer = Buffer.from(buffer);
  } else if (!isArrayBufferView(buffer)) {
    if (isAnyArrayBuffer(buffer)) {
      buffer = Buffer.from(buffer);
    } else {
      throw new ERR_INVALID_ARG_TYPE(
        'buffer',
        ['string', 'Buffer', 'TypedArray', 'DataView', 'ArrayBuffer'],
        buffer,
      );
    }
  }
  buffer = processChunkSync(engine, buffer, engine._finishFlushFlag);
  if (engine._info) return { buffer, engine };
  return buffer;
}

// --- ZlibBase ------------------------------------------------------------------

function ZlibBase(opts, mode, handle, { flush, finishFlush, fullFlush }) {
  let chunkSize = Z_DEFAULT_CHUNK;
  let maxOutputLength = kMaxLength;
  const flushBoundIdx =
    mode !== BROTLI_ENCODE && mode !== BROTLI_DECODE ? FLUSH_BOUND_IDX_NORMAL : FLUSH_BOUND_IDX_BROTLI;

  if (opts) {
    chunkSize = opts.chunkSize;
    if (!checkFiniteNumber(chunkSize, 'options.chunkSize')) {
      chunkSize = Z_DEFAULT_CHUNK;
    } else if (chunkSize < Z_MIN_CHUNK) {
      throw new ERR_OUT_OF_RANGE('options.chunkSize', `>= ${Z_MIN_CHUNK}`, chunkSize);
    }
    flush = checkRangesOrGetDefault(
      opts.flush,
      'options.flush',
      FLUSH_BOUND[flushBoundIdx][0],
      FLUSH_BOUND[flushBoundIdx][1],
      flush,
    );
    finishFlush = checkRangesOrGetDefault(
      opts.finishFlush,
      'options.finishFlush',
      FLUSH_BOUND[flushBoundIdx][0],
      FLUSH_BOUND[flushBoundIdx][1],
      finishFlush,
    );
    maxOutputLength = checkRangesOrGetDefault(
      opts.maxOutputLength,
      'options.maxOutputLength',
      1,
      kMaxLength,
      kMaxLength,
    );
    if (opts.encoding || opts.objectMode || opts.writableObjectMode) {
      opts = { ...opts };
      opts.encoding = null;
      opts.objectMode = false;
      opts.writableObjectMode = false;
    }
  }

  ReflectApply(Transform, this, [{ autoDestroy: true, ...opts }]);
  this[kError] = null;
  this.bytesWritten = 0;
  this._handle = handle;
  this._outBuffer = null;
  this._outOffset = 0;
  this._chunkSize = chunkSize;
  this._defaultFlushFlag = flush;
  this._finishFlushFlag = finishFlush;
  this._defaultFullFlushFlag = fullFlush;
  this._info = opts && opts.info;
  this._maxOutputLength = maxOutputLength;
}
ObjectSetPrototypeOf(ZlibBase.prototype, Transform.prototype);
ObjectSetPrototypeOf(ZlibBase, Transform);

ObjectDefineProperty(ZlibBase.prototype, '_closed', {
  configurable: true,
  enumerable: true,
  get() {
    return !this._handle;
  },
});

// Node's deprecated alias of bytesWritten (DEP0108), warned about once.
let bytesReadWarned = false;
function warnBytesRead() {
  if (bytesReadWarned) return;
  bytesReadWarned = true;
  process.emitWarning(
    'zlib.bytesRead is deprecated and will change its meaning in the future. Use zlib.bytesWritten instead.',
    'DeprecationWarning',
    'DEP0108',
  );
}
ObjectDefineProperty(ZlibBase.prototype, 'bytesRead', {
  configurable: true,
  enumerable: true,
  get() {
    warnBytesRead();
    return this.bytesWritten;
  },
  set(value) {
    warnBytesRead();
    this.bytesWritten = value;
  },
});

ZlibBase.prototype.reset = function reset() {
  if (!this._handle) throw new Error('zlib binding closed');
  ops.reset(this._handle.codec);
};

ZlibBase.prototype._flush = function _flush(callback) {
  this._transform(Buffer.alloc(0), '', callback);
};

ZlibBase.prototype._final = function _final(callback) {
  callback();
};

ZlibBase.prototype.flush = function flush(kind, callback) {
  if (typeof kind === 'function' || (kind === undefined && !callback)) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  if (this.writableFinished) {
    if (callback) process.nextTick(callback);
  } else if (this.writableEnded) {
    if (callback) this.once('end', callback);
  } else {
    this.write(flushBuffers[kind], '', callback);
  }
};

ZlibBase.prototype.close = function close(callback) {
  if (callback) finished(this, callback);
  this.destroy();
};

ZlibBase.prototype._destroy = function _destroy(err, callback) {
  _close(this);
  callback(err);
};

ZlibBase.prototype._transform = function _transform(chunk, encoding, cb) {
  let flushFlag = this._defaultFlushFlag;
  // A zero-length chunk carries flush() requests to here.
  if (typeof chunk[kFlushFlag] === 'number') flushFlag = chunk[kFlushFlag];
  // The last chunk also gets the finishing flush.
  if (this.writableEnded && this.writableLength === chunk.byteLength) {
    flushFlag = maxFlush(flushFlag, this._finishFlushFlag);
  }
  processChunk(this, chunk, flushFlag, cb);
};

ZlibBase.prototype._processChunk = function _processChunk(chunk, flushFlag, cb) {
  if (typeof cb === 'function') processChunk(this, chunk, flushFlag, cb);
  else return processChunkSync(this, chunk, flushFlag);
};

function processChunkSync(self, chunk, flushFlag) {
  const handle = self._handle;
  if (!handle) throw new Error('zlib binding closed');
  const result = ops.write(handle.codec, toU8(chunk), flushFlag, self._maxOutputLength);
  if (result === false) {
    _close(self);
    throw new ERR_BUFFER_TOO_LARGE(self._maxOutputLength);
  }
  if (!(result instanceof ArrayBuffer)) {
    _close(self);
    throw codecError(handle, result);
  }
  self.bytesWritten = chunk.byteLength;
  _close(self);
  return Buffer.from(result);
}

// As with Node's thread pool, the chunk goes into the codec now and its
// output and callback come on a later turn: writes made meanwhile are
// queued, so the last one sees `writableEnded` and gets the finishing flush,
// and callbacks and 'data' come in Node's order.
function processChunk(self, chunk, flushFlag, cb) {
  const handle = self._handle;
  if (!handle) {
    process.nextTick(cb);
    return;
  }
  const result = ops.write(handle.codec, toU8(chunk), flushFlag, Infinity);
  setImmediate(() => {
    if (!(result instanceof ArrayBuffer)) {
      const error = codecError(handle, result);
      self.destroy(error);
      self[kError] = error;
      return;
    }
    self.bytesWritten += chunk.byteLength;
    if (self.destroyed) {
      cb();
      return;
    }
    const out = Buffer.from(result);
    const size = self._chunkSize;
    for (let off = 0; off < out.length; off += size) {
      self.push(out.subarray(off, off + size));
    }
    cb();
  });
}

function _close(engine) {
  engine._handle = null;
}

function newHandle(mode, level, windowBits, params, dictionary) {
  const codec = ops.create(mode, level, windowBits, params, dictionary);
  if (codec === null) throw new ERR_ZLIB_INITIALIZATION_FAILED();
  return { codec, brotli: mode === BROTLI_ENCODE || mode === BROTLI_DECODE };
}

// --- Zlib ----------------------------------------------------------------------

const zlibDefaultOpts = {
  flush: Z_NO_FLUSH,
  finishFlush: Z_FINISH,
  fullFlush: Z_FULL_FLUSH,
};

function Zlib(opts, mode) {
  let windowBits = Z_DEFAULT_WINDOWBITS;
  let level = Z_DEFAULT_COMPRESSION;
  let strategy = Z_DEFAULT_STRATEGY;
  let dictionary;

  if (opts) {
    // 0 is the header's window size when inflating, invalid when deflating.
    if (
      (opts.windowBits == null || opts.windowBits === 0) &&
      (mode === INFLATE || mode === GUNZIP || mode === UNZIP)
    ) {
      windowBits = 0;
    } else {
      // `{ windowBits: 8 }` is valid for deflate but not gzip.
      const min = Z_MIN_WINDOWBITS + (mode === GZIP ? 1 : 0);
      windowBits = checkRangesOrGetDefault(
        opts.windowBits,
        'options.windowBits',
        min,
        Z_MAX_WINDOWBITS,
        Z_DEFAULT_WINDOWBITS,
      );
    }
    level = checkRangesOrGetDefault(opts.level, 'options.level', Z_MIN_LEVEL, Z_MAX_LEVEL, Z_DEFAULT_COMPRESSION);
    // Validated only: flate2 has no memLevel setting.
    checkRangesOrGetDefault(
      opts.memLevel,
      'options.memLevel',
      Z_MIN_MEMLEVEL,
      Z_MAX_MEMLEVEL,
      Z_DEFAULT_MEMLEVEL,
    );
    strategy = checkRangesOrGetDefault(
      opts.strategy,
      'options.strategy',
      Z_DEFAULT_STRATEGY,
      Z_FIXED,
      Z_DEFAULT_STRATEGY,
    );
    dictionary = opts.dictionary;
    if (dictionary !== undefined && !isArrayBufferView(dictionary)) {
      if (isAnyArrayBuffer(dictionary)) {
        dictionary = Buffer.from(dictionary);
      } else {
        throw new ERR_INVALID_ARG_TYPE(
          'options.dictionary',
          ['Buffer', 'TypedArray', 'DataView', 'ArrayBuffer'],
          dictionary,
        );
      }
    }
  }

  const handle = newHandle(
    mode,
    level,
    windowBits,
    undefined,
    dictionary === undefined ? undefined : toU8(dictionary),
  );
  ReflectApply(ZlibBase, this, [opts, mode, handle, zlibDefaultOpts]);
  this._level = level;
  this._strategy = strategy;
}
ObjectSetPrototypeOf(Zlib.prototype, ZlibBase.prototype);
ObjectSetPrototypeOf(Zlib, ZlibBase);

// Node flushes what was written with the old settings first.
Zlib.prototype.params = function params(level, strategy, callback) {
  checkRangesOrGetDefault(level, 'level', Z_MIN_LEVEL, Z_MAX_LEVEL);
  checkRangesOrGetDefault(strategy, 'strategy', Z_DEFAULT_STRATEGY, Z_FIXED);
  if (this._level !== level || this._strategy !== strategy) {
    this.flush(Z_SYNC_FLUSH, () => {
      if (!this._handle) throw new Error('zlib binding closed');
      // The codec keeps its level (see the top of this file).
      if (!this.destroyed) {
        this._level = level;
        this._strategy = strategy;
        if (callback) callback();
      }
    });
  } else {
    process.nextTick(callback);
  }
};

function defineZlibClass(name, mode) {
  const ctor = {
    [name]: function (opts) {
      if (!(this instanceof ctor)) return new ctor(opts);
      ReflectApply(Zlib, this, [opts, mode]);
    },
  }[name];
  ObjectSetPrototypeOf(ctor.prototype, Zlib.prototype);
  ObjectSetPrototypeOf(ctor, Zlib);
  return ctor;
}

const Deflate = defineZlibClass('Deflate', DEFLATE);
const Inflate = defineZlibClass('Inflate', INFLATE);
const Gzip = defineZlibClass('Gzip', GZIP);
const Gunzip = defineZlibClass('Gunzip', GUNZIP);
const DeflateRaw = defineZlibClass('DeflateRaw', DEFLATERAW);
const InflateRaw = defineZlibClass('InflateRaw', INFLATERAW);
const Unzip = defineZlibClass('Unzip', UNZIP);

// --- Brotli --------------------------------------------------------------------

const kMaxBrotliParam = Math.max(
  ...ObjectKeys(constants)
    .filter((key) => key.startsWith('BROTLI_PARAM_'))
    .map((key) => constants[key]),
);
const brotliInitParamsArray = new Uint32Array(kMaxBrotliParam + 1);

const brotliDefaultOpts = {
  flush: BROTLI_OPERATION_PROCESS,
  finishFlush: BROTLI_OPERATION_FINISH,
  fullFlush: BROTLI_OPERATION_FLUSH,
};

function Brotli(opts, mode) {
  brotliInitParamsArray.fill(-1);
  if (opts?.params) {
    for (const origKey of ObjectKeys(opts.params)) {
      const key = +origKey;
      if (NumberIsNaN(key) || key < 0 || key > kMaxBrotliParam || (brotliInitParamsArray[key] | 0) !== -1) {
        throw new ERR_BROTLI_INVALID_PARAM(origKey);
      }
      const value = opts.params[origKey];
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        throw new ERR_INVALID_ARG_TYPE('options.params[key]', 'number', opts.params[origKey]);
      }
      brotliInitParamsArray[key] = value;
    }
  }
  const handle = newHandle(mode, 0, 0, Array.from(brotliInitParamsArray), undefined);
  ReflectApply(ZlibBase, this, [opts, mode, handle, brotliDefaultOpts]);
}
ObjectSetPrototypeOf(Brotli.prototype, ZlibBase.prototype);
ObjectSetPrototypeOf(Brotli, ZlibBase);

function BrotliCompress(opts) {
  if (!(this instanceof BrotliCompress)) return new BrotliCompress(opts);
  ReflectApply(Brotli, this, [opts, BROTLI_ENCODE]);
}
ObjectSetPrototypeOf(BrotliCompress.prototype, Brotli.prototype);
ObjectSetPrototypeOf(BrotliCompress, Brotli);

function BrotliDecompress(opts) {
  if (!(this instanceof BrotliDecompress)) return new BrotliDecompress(opts);
  ReflectApply(Brotli, this, [opts, BROTLI_DECODE]);
}
ObjectSetPrototypeOf(BrotliDecompress.prototype, Brotli.prototype);
ObjectSetPrototypeOf(BrotliDecompress, Brotli);

// --- crc32 (Node 20.15) --------------------------------------------------------

function crc32(data, value = 0) {
  if (typeof data !== 'string' && !isArrayBufferView(data)) {
    throw new ERR_INVALID_ARG_TYPE('data', ['Buffer', 'TypedArray', 'DataView', 'string'], data);
  }
  validateUint32(value, 'value');
  const bytes = typeof data === 'string' ? Buffer.from(data) : toU8(data);
  return ops.crc32(bytes, value);
}

// --- exports ---------------------------------------------------------------------

function createConvenienceMethod(ctor, sync) {
  if (sync) {
    return function syncBufferWrapper(buffer, opts) {
      return zlibBufferSync(new ctor(opts), buffer);
    };
  }
  return function asyncBufferWrapper(buffer, opts, callback) {
    if (typeof opts === 'function') {
      callback = opts;
      opts = {};
    }
    return zlibBuffer(new ctor(opts), buffer, callback);
  };
}

function createProperty(ctor) {
  return {
    configurable: true,
    enumerable: true,
    value(options) {
      return new ctor(options);
    },
  };
}

const zlib = {
  crc32,
  Deflate,
  Inflate,
  Gzip,
  Gunzip,
  DeflateRaw,
  InflateRaw,
  Unzip,
  BrotliCompress,
  BrotliDecompress,

  deflate: createConvenienceMethod(Deflate, false),
  deflateSync: createConvenienceMethod(Deflate, true),
  gzip: createConvenienceMethod(Gzip, false),
  gzipSync: createConvenienceMethod(Gzip, true),
  deflateRaw: createConvenienceMethod(DeflateRaw, false),
  deflateRawSync: createConvenienceMethod(DeflateRaw, true),
  unzip: createConvenienceMethod(Unzip, false),
  unzipSync: createConvenienceMethod(Unzip, true),
  inflate: createConvenienceMethod(Inflate, false),
  inflateSync: createConvenienceMethod(Inflate, true),
  gunzip: createConvenienceMethod(Gunzip, false),
  gunzipSync: createConvenienceMethod(Gunzip, true),
  inflateRaw: createConvenienceMethod(InflateRaw, false),
  inflateRawSync: createConvenienceMethod(InflateRaw, true),
  brotliCompress: createConvenienceMethod(BrotliCompress, false),
  brotliCompressSync: createConvenienceMethod(BrotliCompress, true),
  brotliDecompress: createConvenienceMethod(BrotliDecompress, false),
  brotliDecompressSync: createConvenienceMethod(BrotliDecompress, true),
};

Object.defineProperties(zlib, {
  createDeflate: createProperty(Deflate),
  createInflate: createProperty(Inflate),
  createDeflateRaw: createProperty(DeflateRaw),
  createInflateRaw: createProperty(InflateRaw),
  createGzip: createProperty(Gzip),
  createGunzip: createProperty(Gunzip),
  createUnzip: createProperty(Unzip),
  createBrotliCompress: createProperty(BrotliCompress),
  createBrotliDecompress: createProperty(BrotliDecompress),
  constants: { configurable: false, enumerable: true, value: constants },
  codes: { enumerable: true, writable: false, value: codes },
});

// The deprecated Z_* names on the module itself (not the BROTLI_* ones).
for (const bkey of ObjectKeys(constants)) {
  if (bkey.startsWith('BROTLI')) continue;
  ObjectDefineProperty(zlib, bkey, { enumerable: false, value: constants[bkey], writable: false });
}

export default zlib;
export {
  crc32,
  Deflate,
  Inflate,
  Gzip,
  Gunzip,
  DeflateRaw,
  InflateRaw,
  Unzip,
  BrotliCompress,
  BrotliDecompress,
  constants,
  codes,
};
export const {
  deflate,
  deflateSync,
  gzip,
  gzipSync,
  deflateRaw,
  deflateRawSync,
  unzip,
  unzipSync,
  inflate,
  inflateSync,
  gunzip,
  gunzipSync,
  inflateRaw,
  inflateRawSync,
  brotliCompress,
  brotliCompressSync,
  brotliDecompress,
  brotliDecompressSync,
  createDeflate,
  createInflate,
  createDeflateRaw,
  createInflateRaw,
  createGzip,
  createGunzip,
  createUnzip,
  createBrotliCompress,
  createBrotliDecompress,
} = zlib;
