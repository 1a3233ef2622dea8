// node:stream/web — the WHATWG stream classes: the same objects as the
// globals, as in Node.

import {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamDefaultController,
} from 'nanojs:streams_readable';
import { ReadableStreamBYOBRequest, ReadableByteStreamController } from 'nanojs:streams_byte';
import { TransformStream, TransformStreamDefaultController } from 'nanojs:streams_transform';
import {
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
} from 'nanojs:streams_writable';
import { ByteLengthQueuingStrategy, CountQueuingStrategy } from 'nanojs:streams_strategies';

import { TextEncoderStream, TextDecoderStream } from 'nanojs:encoding_streams';
import { CompressionStream, DecompressionStream } from 'nanojs:compression';

export {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
  CompressionStream,
  DecompressionStream,
};

export default {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
  CompressionStream,
  DecompressionStream,
};
