// node:stream/consumers: read a whole stream (a web ReadableStream, a
// node:stream Readable or any async iterable of chunks) as one value.

import { Buffer } from 'node:internal/buffer';

const decoderOf = () => new TextDecoder();

async function chunks(stream) {
  const out = [];
  for await (const chunk of stream) {
    out.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return out;
}

/** The stream's bytes as an ArrayBuffer. */
export async function arrayBuffer(stream) {
  const b = await buffer(stream);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

/** The stream's bytes as a Blob. */
export async function blob(stream) {
  return new Blob(await chunks(stream));
}

/** The stream's bytes as a Buffer. */
export async function buffer(stream) {
  const list = await chunks(stream);
  return Buffer.concat(list.map((c) => (c instanceof Uint8Array ? c : new Uint8Array(c.buffer ?? c, c.byteOffset, c.byteLength))));
}

/** The stream's bytes decoded as UTF-8. */
export async function text(stream) {
  const dec = decoderOf();
  let str = '';
  for await (const chunk of stream) {
    str += typeof chunk === 'string' ? chunk : dec.decode(chunk, { stream: true });
  }
  return str + dec.decode();
}

/** The stream's text parsed as JSON. */
export async function json(stream) {
  return JSON.parse(await text(stream));
}

export default { arrayBuffer, blob, buffer, text, json };
