// TextEncoderStream and TextDecoderStream (WHATWG Encoding §5.4, §6.4): a
// TextEncoder / TextDecoder behind the GenericTransformStream mixin, each on
// a TransformStream made here. The decoder is a TextDecoder from
// nanojs:encoding used in stream mode, so a character split across chunks
// decodes as one; the encoder keeps a leading surrogate that ends a chunk
// until the next chunk (or the end) says what it was.

import { TextDecoder } from 'nanojs:encoding';
import { encode } from 'nanojs:internal/encoding';
import { TransformStream, TransformStreamDefaultController } from 'nanojs:streams_transform';
import { finishInterface } from 'nanojs:streams_util';
import { inspectAs } from 'nanojs:console';

// --- intrinsics ----------------------------------------------------------------

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectFreeze = Object.freeze;
const getter = (proto, key) => ObjectGetOwnPropertyDescriptor(proto, key).get;
const TSReadable = getter(TransformStream.prototype, 'readable');
const TSWritable = getter(TransformStream.prototype, 'writable');
const TSCEnqueue = TransformStreamDefaultController.prototype.enqueue;
const TDEncoding = getter(TextDecoder.prototype, 'encoding');
const TDFatal = getter(TextDecoder.prototype, 'fatal');
const TDIgnoreBOM = getter(TextDecoder.prototype, 'ignoreBOM');
const TDDecode = TextDecoder.prototype.decode;
const StringCharCodeAt = String.prototype.charCodeAt;
const StringSlice = String.prototype.slice;
const U8 = Uint8Array;
const TypeErrorCtor = TypeError;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

const STREAM = ObjectFreeze({ __proto__: null, stream: true });
// Default strategies (writable HWM 1, readable HWM 0), without a prototype
// whose patched members could change them.
const newStrategy = () => ({ __proto__: null });

const enqueue = (controller, chunk) => ReflectApply(TSCEnqueue, controller, [chunk]);

/** A TransformStream running `transform` and `flush` (spec "set up"). */
function newTransformStream(transform, flush) {
  const transformer = { __proto__: null, transform, flush };
  return new TransformStream(transformer, newStrategy(), newStrategy());
}

// --- TextDecoderStream ------------------------------------------------------------

/** "Decode and enqueue a chunk": `chunk` must be an [AllowShared] BufferSource. */
function decodeAndEnqueue(decoder, chunk, controller) {
  if (chunk === undefined) {
    // TextDecoder.decode takes a missing input as empty; a stream chunk must
    // be a BufferSource.
    throw new TypeErrorCtor(
      "Failed to execute 'transform' on 'TextDecoderStream': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'"
    );
  }
  const output = ReflectApply(TDDecode, decoder, [chunk, STREAM]);
  if (output !== '') enqueue(controller, output);
}

/** "Flush and enqueue": the end of the stream (an incomplete character is
 * U+FFFD, or a TypeError when fatal). */
function flushAndEnqueue(decoder, controller) {
  const output = ReflectApply(TDDecode, decoder, []);
  if (output !== '') enqueue(controller, output);
}

export class TextDecoderStream {
  #decoder;
  #transform;

  constructor(label = 'utf-8', options = undefined) {
    // TextDecoder converts the label and options, and checks the label, as
    // this constructor must.
    const decoder = new TextDecoder(label, options);
    this.#decoder = decoder;
    this.#transform = newTransformStream(
      (chunk, controller) => decodeAndEnqueue(decoder, chunk, controller),
      (controller) => flushAndEnqueue(decoder, controller)
    );
  }

  get encoding() {
    return ReflectApply(TDEncoding, this.#decoder, []);
  }

  get fatal() {
    return ReflectApply(TDFatal, this.#decoder, []);
  }

  get ignoreBOM() {
    return ReflectApply(TDIgnoreBOM, this.#decoder, []);
  }

  get readable() {
    return ReflectApply(TSReadable, this.#transform, []);
  }

  get writable() {
    return ReflectApply(TSWritable, this.#transform, []);
  }

  [INSPECT]() {
    const decoder = this.#decoder;
    const transform = this.#transform;
    return inspectAs('TextDecoderStream', {
      encoding: ReflectApply(TDEncoding, decoder, []),
      fatal: ReflectApply(TDFatal, decoder, []),
      ignoreBOM: ReflectApply(TDIgnoreBOM, decoder, []),
      readable: ReflectApply(TSReadable, transform, []),
      writable: ReflectApply(TSWritable, transform, []),
    });
  }
}
finishInterface(TextDecoderStream, 'TextDecoderStream');

// --- TextEncoderStream ------------------------------------------------------------

/** U+FFFD in UTF-8. */
function replacementBytes() {
  const bytes = new U8(3);
  bytes[0] = 0xef;
  bytes[1] = 0xbf;
  bytes[2] = 0xbd;
  return bytes;
}

const isLeadingSurrogate = (unit) => unit >= 0xd800 && unit <= 0xdbff;

/** An encoder's state: the spec's "leading surrogate" ('' for null). */
function newEncoderState() {
  return { __proto__: null, leadingSurrogate: '' };
}

/** "Encode and enqueue a chunk". */
function encodeAndEnqueue(state, chunk, controller) {
  let input = `${chunk}`; // DOMString conversion: throws for a Symbol
  if (state.leadingSurrogate !== '') {
    // The held leading surrogate pairs with a trailing one starting this
    // chunk; otherwise encode() makes it U+FFFD, as the spec does.
    input = state.leadingSurrogate + input;
    state.leadingSurrogate = '';
  }
  const n = input.length;
  if (n === 0) return;
  if (isLeadingSurrogate(ReflectApply(StringCharCodeAt, input, [n - 1]))) {
    state.leadingSurrogate = ReflectApply(StringSlice, input, [n - 1]);
    if (n === 1) return;
    input = ReflectApply(StringSlice, input, [0, n - 1]);
  }
  enqueue(controller, encode(input));
}

/** "Encode and flush": a leading surrogate left at the end is U+FFFD. */
function encodeAndFlush(state, controller) {
  if (state.leadingSurrogate !== '') {
    state.leadingSurrogate = '';
    enqueue(controller, replacementBytes());
  }
}

export class TextEncoderStream {
  #transform;

  constructor() {
    const state = newEncoderState();
    this.#transform = newTransformStream(
      (chunk, controller) => encodeAndEnqueue(state, chunk, controller),
      (controller) => encodeAndFlush(state, controller)
    );
  }

  get encoding() {
    this.#transform;
    return 'utf-8';
  }

  get readable() {
    return ReflectApply(TSReadable, this.#transform, []);
  }

  get writable() {
    return ReflectApply(TSWritable, this.#transform, []);
  }

  [INSPECT]() {
    const transform = this.#transform;
    return inspectAs('TextEncoderStream', {
      encoding: 'utf-8',
      readable: ReflectApply(TSReadable, transform, []),
      writable: ReflectApply(TSWritable, transform, []),
    });
  }
}
finishInterface(TextEncoderStream, 'TextEncoderStream');
