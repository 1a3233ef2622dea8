// CompressionStream and DecompressionStream (WICG Compression Streams): a
// native codec (nanojs:internal/compression) behind the GenericTransformStream
// mixin, on a TransformStream made here.
//
// The codec hands out its output in slices of at most 64 KiB. A chunk whose
// output runs to many slices (a decompression bomb: a few KiB that inflate
// to gigabytes) is enqueued slice by slice, and once the readable side holds
// MAX_QUEUED_SLICES of them the transform waits until the reader has taken
// them all, so memory stays bounded by what the reader keeps up with. Below
// that, output is enqueued at once as the spec says, so a writer awaiting
// write() before anyone reads still sees it resolve for ordinary outputs.

import {
  newCodec, write as codecWrite, next as codecNext, finish as codecFinish,
} from 'nanojs:internal/compression';
import { TransformStream, TransformStreamDefaultController } from 'nanojs:streams_transform';
import * as transformOps from 'nanojs:streams_transform';
import {
  finishInterface, isArrayBuffer, isTypedArray, uponPromise,
} from 'nanojs:streams_util';
import { inspectAs } from 'nanojs:console';

// --- intrinsics ----------------------------------------------------------------

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const getter = (proto, key) => ObjectGetOwnPropertyDescriptor(proto, key).get;
const TSReadable = getter(TransformStream.prototype, 'readable');
const TSWritable = getter(TransformStream.prototype, 'writable');
const TSCEnqueue = TransformStreamDefaultController.prototype.enqueue;
const TSCDesiredSize = getter(TransformStreamDefaultController.prototype, 'desiredSize');
const ArrayBufferIsView = ArrayBuffer.isView;
const ABDetached = getter(ArrayBuffer.prototype, 'detached');
const ABResizable = getter(ArrayBuffer.prototype, 'resizable');
const TABuffer = getter(Object.getPrototypeOf(Uint8Array.prototype), 'buffer');
const DVBuffer = getter(DataView.prototype, 'buffer');
const DVByteOffset = getter(DataView.prototype, 'byteOffset');
const DVByteLength = getter(DataView.prototype, 'byteLength');
const U8 = Uint8Array;
const TypeErrorCtor = TypeError;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Slices the readable side may hold before a transform waits for the reader. */
const MAX_QUEUED_SLICES = 16;

const newStrategy = () => ({ __proto__: null });

// --- chunks ----------------------------------------------------------------------

function notBufferSource(iface) {
  return new TypeErrorCtor(
    `Failed to execute 'transform' on '${iface}': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'`
  );
}

/** WebIDL BufferSource conversion (no [AllowShared], no [AllowResizable]),
 * as a typed array over the chunk's bytes; a detached buffer has none. */
function bufferSourceBytes(chunk, iface) {
  if (ArrayBufferIsView(chunk)) {
    const typed = isTypedArray(chunk);
    const buffer = typed ? ReflectApply(TABuffer, chunk, []) : ReflectApply(DVBuffer, chunk, []);
    if (!isArrayBuffer(buffer) || ReflectApply(ABResizable, buffer, [])) {
      throw notBufferSource(iface); // shared or resizable
    }
    if (typed) return chunk; // the codec reads any typed array's bytes
    if (ReflectApply(ABDetached, buffer, [])) return new U8(0);
    return new U8(buffer, ReflectApply(DVByteOffset, chunk, []), ReflectApply(DVByteLength, chunk, []));
  }
  if (isArrayBuffer(chunk) && !ReflectApply(ABResizable, chunk, [])) {
    return ReflectApply(ABDetached, chunk, []) ? new U8(0) : new U8(chunk);
  }
  throw notBufferSource(iface); // SharedArrayBuffer, resizable, or no buffer
}

// --- the transform ------------------------------------------------------------------

/** The TransformStream's backpressure promise, if its readable side wants
 * no more (undefined when streams_transform offers no such hook). */
function backpressureRelief(controller) {
  const relief = transformOps.transformStreamBackpressureRelief;
  return typeof relief === 'function' ? relief(controller) : undefined;
}

/** Enqueues `out` and every further slice `more(codec)` gives, waiting for
 * the reader whenever MAX_QUEUED_SLICES are queued. Returns undefined when
 * all is enqueued, else a promise for that. */
function enqueueSlices(codec, controller, out, more) {
  while (out !== undefined) {
    ReflectApply(TSCEnqueue, controller, [out]);
    out = more(codec);
    if (out === undefined) return undefined;
    const desired = ReflectApply(TSCDesiredSize, controller, []);
    if (desired !== null && desired <= -MAX_QUEUED_SLICES) {
      const relief = backpressureRelief(controller);
      if (relief !== undefined) {
        const slice = out;
        return uponPromise(relief, () => enqueueSlices(codec, controller, slice, more));
      }
    }
  }
  return undefined;
}

/** "Compress and enqueue a chunk" / "decompress and enqueue a chunk". */
function codecTransform(codec, iface, chunk, controller) {
  const bytes = bufferSourceBytes(chunk, iface);
  return enqueueSlices(codec, controller, codecWrite(codec, bytes), codecNext);
}

/** "Compress flush and enqueue" / "decompress flush and enqueue". */
function codecFlush(codec, controller) {
  return enqueueSlices(codec, controller, codecFinish(codec), codecFinish);
}

/** The WebIDL enum conversion of a CompressionFormat argument. */
function compressionFormat(argc, value, iface) {
  if (argc < 1) {
    throw new TypeErrorCtor(
      `Failed to construct '${iface}': 1 argument required, but only 0 present.`
    );
  }
  const format = `${value}`;
  if (format !== 'gzip' && format !== 'deflate' && format !== 'deflate-raw') {
    throw new TypeErrorCtor(
      `Failed to construct '${iface}': The provided value '${format}' is not a valid enum value of type CompressionFormat.`
    );
  }
  return format;
}

function newCodecTransformStream(format, decompress, iface) {
  const codec = newCodec(format, decompress);
  const transformer = {
    __proto__: null,
    transform: (chunk, controller) => codecTransform(codec, iface, chunk, controller),
    flush: (controller) => codecFlush(codec, controller),
  };
  return new TransformStream(transformer, newStrategy(), newStrategy());
}

// --- the interfaces ---------------------------------------------------------------

export class CompressionStream {
  #transform;

  constructor(format) {
    const f = compressionFormat(arguments.length, format, 'CompressionStream');
    this.#transform = newCodecTransformStream(f, false, 'CompressionStream');
  }

  get readable() {
    return ReflectApply(TSReadable, this.#transform, []);
  }

  get writable() {
    return ReflectApply(TSWritable, this.#transform, []);
  }

  [INSPECT]() {
    const transform = this.#transform;
    return inspectAs('CompressionStream', {
      readable: ReflectApply(TSReadable, transform, []),
      writable: ReflectApply(TSWritable, transform, []),
    });
  }
}
finishInterface(CompressionStream, 'CompressionStream');

export class DecompressionStream {
  #transform;

  constructor(format) {
    const f = compressionFormat(arguments.length, format, 'DecompressionStream');
    this.#transform = newCodecTransformStream(f, true, 'DecompressionStream');
  }

  get readable() {
    return ReflectApply(TSReadable, this.#transform, []);
  }

  get writable() {
    return ReflectApply(TSWritable, this.#transform, []);
  }

  [INSPECT]() {
    const transform = this.#transform;
    return inspectAs('DecompressionStream', {
      readable: ReflectApply(TSReadable, transform, []),
      writable: ReflectApply(TSWritable, transform, []),
    });
  }
}
finishInterface(DecompressionStream, 'DecompressionStream');
