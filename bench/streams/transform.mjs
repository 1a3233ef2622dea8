// Streaming throughput in a script: 256 MiB of 64 KiB chunks from a
// ReadableStream, through an identity TransformStream, into a WritableStream
// that counts bytes. The same file runs in nanojs, node, deno and bun; it
// prints "name<TAB>MB/s" lines.
const TOTAL = Number(globalThis.process?.env?.STREAM_MB ?? 256) * 1048576;
const CHUNK = 64 * 1024;

async function transform() {
  let produced = 0;
  const source = new ReadableStream({
    pull(controller) {
      if (produced >= TOTAL) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(CHUNK);
      chunk[0] = produced & 255;
      produced += CHUNK;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 4 });
  let received = 0;
  const sink = new WritableStream({
    write(chunk) {
      received += chunk.byteLength;
    },
  });
  const start = performance.now();
  await source.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
    },
  })).pipeTo(sink);
  const seconds = (performance.now() - start) / 1000;
  if (received !== TOTAL) throw new Error(`received ${received} of ${TOTAL} bytes`);
  return received / 1048576 / seconds;
}

// The same bytes through gzip and back (Rust codecs in nanojs).
async function gzipRoundTrip() {
  const total = TOTAL / 8;
  let produced = 0;
  const text = new TextEncoder().encode('nanojs streams benchmark line\n'.repeat(2200)).slice(0, CHUNK);
  const source = new ReadableStream({
    pull(controller) {
      if (produced >= total) {
        controller.close();
        return;
      }
      produced += CHUNK;
      controller.enqueue(text.slice());
    },
  });
  let received = 0;
  const start = performance.now();
  await source
    .pipeThrough(new CompressionStream('gzip'))
    .pipeThrough(new DecompressionStream('gzip'))
    .pipeTo(new WritableStream({ write(chunk) { received += chunk.byteLength; } }));
  const seconds = (performance.now() - start) / 1000;
  if (received !== total) throw new Error(`gzip: received ${received} of ${total} bytes`);
  return received / 1048576 / seconds;
}

console.log(`transform\t${(await transform()).toFixed(1)}`);
console.log(`gzip round trip\t${(await gzipRoundTrip()).toFixed(1)}`);
