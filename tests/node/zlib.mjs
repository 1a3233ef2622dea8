// node:zlib: sync, callback and stream forms of every format, options and
// their validation, Node's errors, constants, crc32. Compressed bytes are
// printed only where zlib and zlib-rs (and both brotli encoders) agree
// (short inputs, stored blocks); otherwise round trips and decompression of
// fixed inputs made by Node.
import zlib, { gzipSync, createGzip, constants, codes, crc32 } from 'node:zlib';
import { Readable, Transform, Writable, pipeline } from 'node:stream';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const log = (...a) => console.log(...a);

function err(label, f) {
  try {
    const r = f();
    log(label, 'ok', r && r.length);
  } catch (e) {
    log(label, `${e.name} [${e.code}]`, e.errno, JSON.stringify(e.message));
  }
}

// --- module shape ---
log('keys', Object.keys(zlib).join(' '));
log('require', require('zlib') === zlib, require('node:zlib').gzipSync === gzipSync);
log('named', typeof createGzip, constants === zlib.constants, codes === zlib.codes);
log('constants', Object.keys(constants).length, constants.Z_FINISH, constants.BROTLI_PARAM_QUALITY);
log('constants2', constants.Z_DEFAULT_CHUNK, constants.Z_MAX_CHUNK, constants.BROTLI_DECODER_ERROR_UNREACHABLE);
log('legacy', zlib.Z_SYNC_FLUSH, zlib.Z_BEST_COMPRESSION, zlib.BROTLI_PARAM_MODE, Object.keys(zlib).includes('Z_FINISH'));
log('codes', JSON.stringify(codes), Object.isFrozen(codes));
log('names', zlib.Gzip.name, zlib.BrotliCompress.name, zlib.gzipSync.name, zlib.gzip.name, zlib.createGzip.name);

// --- fixed bytes where the engines agree ---
const hw = 'hello world';
log('gzip hw', gzipSync(hw).toString('hex'));
log('deflate hw', zlib.deflateSync(hw).toString('hex'));
log('raw hw', zlib.deflateRawSync(hw).toString('hex'));
log('brotli hw', zlib.brotliCompressSync(hw).toString('hex'));
log('stored', zlib.deflateSync(hw, { level: 0 }).toString('hex'));
log('stored raw', zlib.deflateRawSync('abc', { level: 0 }).toString('hex'));
log('empty gzip', gzipSync('').toString('hex'));
log('empty deflate', zlib.deflateSync(Buffer.alloc(0)).toString('hex'));

// --- decompressing Node's output ---
const fox = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
const nodeGzip = Buffer.from(
  'H4sIAAAAAAAAAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoyUhVyEmsqlRIyU/XUwgZVTyqeFQxtRUDAOZKZrCEAwAA',
  'base64',
);
const nodeBrotli = Buffer.from(
  'G4MDiCwOeNPQlV2XELsXK6nK0JLMjK1BXObyNsgZnp4Ke4MNOHBIIG8kvkGnFc4cHieqKTjCibhPgwE=',
  'base64',
);
const nodeDict = Buffer.from(
  'eLsu6QXTC8lIVShEFVLIKs0tKFbIL0stUijJSFXISayqVEjJT9dTGFU8qnhUMdUVAwBHpUMc',
  'base64',
);
const dict = Buffer.from('quick brown fox');
log('node gzip', zlib.gunzipSync(nodeGzip).toString() === fox, zlib.unzipSync(nodeGzip).length);
log('node brotli', zlib.brotliDecompressSync(nodeBrotli).toString() === fox);
log('node dict', zlib.inflateSync(nodeDict, { dictionary: dict }).toString() === fox);
err('no dict', () => zlib.inflateSync(nodeDict));
err('bad dict', () => zlib.inflateSync(nodeDict, { dictionary: Buffer.from('nope') }));
const dictOwn = zlib.deflateSync(fox, { dictionary: dict });
log('dict rt', zlib.inflateSync(dictOwn, { dictionary: dict }).toString() === fox);
const rawDict = zlib.deflateRawSync(fox, { dictionary: dict });
log('raw dict rt', zlib.inflateRawSync(rawDict, { dictionary: dict }).toString() === fox);

// --- round trips ---
function pseudoRandom(n) {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}
const text1m = Buffer.from('abcdefghij0123456789 nanojs zlib round trip\n'.repeat(23832)).subarray(0, 1 << 20);
const sizes = {
  empty: Buffer.alloc(0),
  small: Buffer.from('hi'),
  text: Buffer.from(fox),
  random: pseudoRandom(50000),
  '1MB': text1m,
};
const pairs = [
  ['gzip', zlib.gzipSync, zlib.gunzipSync],
  ['gzip/unzip', zlib.gzipSync, zlib.unzipSync],
  ['deflate', zlib.deflateSync, zlib.inflateSync],
  ['deflate/unzip', zlib.deflateSync, zlib.unzipSync],
  ['raw', zlib.deflateRawSync, zlib.inflateRawSync],
  ['brotli', zlib.brotliCompressSync, zlib.brotliDecompressSync],
];
for (const [name, enc, dec] of pairs) {
  for (const [label, data] of Object.entries(sizes)) {
    if (name === 'brotli' && label === '1MB') continue;
    const packed = enc(data);
    const back = dec(packed);
    log('rt', name, label, Buffer.isBuffer(packed), back.equals(data), packed.length < data.length);
  }
}
{
  const packed = zlib.brotliCompressSync(text1m, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: text1m.length },
  });
  log('rt brotli 1MB', zlib.brotliDecompressSync(packed).equals(text1m), packed.length < 20000);
}
for (let level = -1; level <= 9; level++) {
  const packed = zlib.deflateSync(fox, { level });
  log('level', level, zlib.inflateSync(packed).toString() === fox, packed.length < fox.length === level !== 0);
}
for (const windowBits of [8, 9, 12, 15]) {
  const packed = zlib.deflateRawSync(fox, { windowBits, memLevel: 1, strategy: constants.Z_FILTERED });
  log('windowBits', windowBits, zlib.inflateRawSync(packed, { windowBits: 15 }).toString() === fox);
}
log('gzip windowBits', zlib.gunzipSync(gzipSync(fox, { windowBits: 9 })).toString() === fox);
for (const q of [0, 5, 11]) {
  const p = zlib.brotliCompressSync(fox, { params: { [constants.BROTLI_PARAM_QUALITY]: q } });
  log('quality', q, zlib.brotliDecompressSync(p).toString() === fox);
}
{
  const p = zlib.brotliCompressSync(fox, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_LGWIN]: 10,
      [constants.BROTLI_PARAM_SIZE_HINT]: fox.length,
    },
  });
  log('brotli params', zlib.brotliDecompressSync(p).toString() === fox);
}

// --- input types ---
const ab = new TextEncoder().encode('typed input').buffer;
for (const [label, input] of [
  ['string', 'typed input'],
  ['Buffer', Buffer.from('typed input')],
  ['Uint8Array', new Uint8Array(ab)],
  ['Uint16Array', new Uint16Array(new Uint8Array(Buffer.from('typed input!')).buffer)],
  ['DataView', new DataView(ab)],
  ['ArrayBuffer', ab],
]) {
  log('input', label, zlib.gunzipSync(gzipSync(input)).toString());
}
log('chunkSize', zlib.inflateSync(zlib.deflateSync(text1m), { chunkSize: 64 }).equals(text1m));
{
  const r = gzipSync(hw, { info: true });
  log('info', Object.keys(r).join(), r.engine instanceof zlib.Gzip, r.buffer.equals(gzipSync(hw)));
}

// --- multi-member and trailing data ---
const g = gzipSync('member;');
log('members', zlib.gunzipSync(Buffer.concat([g, g, g])).toString());
log('members unzip', zlib.unzipSync(Buffer.concat([g, g])).toString());
log('zero padding', zlib.gunzipSync(Buffer.concat([g, Buffer.alloc(5)])).toString());
log('inflate trailing', zlib.inflateSync(Buffer.concat([zlib.deflateSync('x'), Buffer.from('junk')])).toString());
err('gzip trailing junk', () => zlib.gunzipSync(Buffer.concat([g, Buffer.from('junk')])));

// --- errors ---
err('gunzip bad header', () => zlib.gunzipSync(Buffer.from('hello world')));
err('inflate bad header', () => zlib.inflateSync(Buffer.from('hello world')));
err('unzip bad header', () => zlib.unzipSync(Buffer.from('hello world')));
err('raw bad block', () => zlib.inflateRawSync(Buffer.from([0xff, 0xff, 0xff])));
err('gunzip truncated', () => zlib.gunzipSync(nodeGzip.subarray(0, nodeGzip.length - 3)));
err('gunzip header only', () => zlib.gunzipSync(nodeGzip.subarray(0, 5)));
err('gunzip empty', () => zlib.gunzipSync(Buffer.alloc(0)));
err('unzip empty', () => zlib.unzipSync(''));
err('inflate truncated', () => zlib.inflateSync(zlib.deflateSync('abc').subarray(0, 4)));
err('raw truncated', () => zlib.inflateRawSync(zlib.deflateRawSync(fox).subarray(0, 10)));
err('brotli garbage', () => zlib.brotliDecompressSync(Buffer.from('garbage!')));
err('brotli truncated', () => zlib.brotliDecompressSync(nodeBrotli.subarray(0, nodeBrotli.length - 2)));
err('gunzip bad crc', () => {
  const b = Buffer.from(g);
  b[b.length - 6] ^= 1;
  return zlib.gunzipSync(b);
});
log(
  'sync flush truncated',
  zlib.inflateSync(zlib.deflateSync(fox).subarray(0, 40), { finishFlush: constants.Z_SYNC_FLUSH }).length > 0,
);
err('maxOutputLength', () => gzipSync('a'.repeat(100), { maxOutputLength: 5 }));
err('maxOutputLength inflate', () => zlib.gunzipSync(gzipSync('a'.repeat(100)), { maxOutputLength: 99 }));
log('maxOutputLength exact', zlib.gunzipSync(gzipSync('a'.repeat(100)), { maxOutputLength: 100 }).length);
err('maxOutputLength brotli', () => zlib.brotliDecompressSync(nodeBrotli, { maxOutputLength: 10 }));

// --- option validation ---
err('level', () => gzipSync('a', { level: 10 }));
err('level type', () => gzipSync('a', { level: 'x' }));
err('level inf', () => gzipSync('a', { level: Infinity }));
log('level NaN', gzipSync('a', { level: NaN }).length > 0);
err('windowBits', () => gzipSync('a', { windowBits: 8 }));
err('windowBits deflate', () => zlib.deflateSync('a', { windowBits: 16 }));
log('windowBits 0 inflate', zlib.inflateSync(zlib.deflateSync('a'), { windowBits: 0 }).toString());
err('windowBits 0 deflate', () => zlib.deflateSync('a', { windowBits: 0 }));
err('memLevel', () => gzipSync('a', { memLevel: 10 }));
err('strategy', () => gzipSync('a', { strategy: 5 }));
err('chunkSize', () => gzipSync('a', { chunkSize: 10 }));
err('finishFlush', () => gzipSync('a', { finishFlush: 9 }));
err('flush', () => zlib.createGzip({ flush: -1 }));
err('brotli finishFlush', () => zlib.brotliCompressSync('a', { finishFlush: 4 }));
err('maxOutputLength 0', () => gzipSync('a', { maxOutputLength: 0 }));
err('dictionary', () => zlib.deflateSync('a', { dictionary: 'abc' }));
err('buffer', () => gzipSync(123));
err('buffer null', () => zlib.inflateSync(null));
err('buffer obj', () => zlib.brotliCompressSync({}));
err('brotli param key', () => zlib.brotliCompressSync('a', { params: { 99: 1 } }));
err('brotli param name', () => zlib.brotliCompressSync('a', { params: { foo: 1 } }));
err('brotli param value', () => zlib.brotliCompressSync('a', { params: { [constants.BROTLI_PARAM_QUALITY]: 'x' } }));
err('brotli quality 12', () => zlib.brotliCompressSync('a', { params: { [constants.BROTLI_PARAM_QUALITY]: 12 } }));
err('callback', () => zlib.gzip('a'));
err('callback opts', () => zlib.gzip('a', {}));
err('crc32 data', () => crc32(5));
err('crc32 value', () => crc32('a', -1));

// --- crc32 ---
log('crc32', crc32('hello'), crc32(''), crc32(Buffer.from('hello world')), crc32('world', crc32('hello ')));
log('crc32 views', crc32(new Uint16Array([0x6968])), crc32(new DataView(new Uint8Array([0x68, 0x69, 0x21]).buffer, 0, 2)));
log('crc32 1MB', crc32(text1m));

// --- callbacks and promises ---
const steps = [];
await new Promise((resolve) => {
  zlib.gzip(fox, (e, packed) => {
    steps.push(`gzip cb ${e} ${Buffer.isBuffer(packed)}`);
    zlib.gunzip(packed, { chunkSize: 128 }, (e2, back) => {
      steps.push(`gunzip cb ${e2} ${back.toString() === fox}`);
      resolve();
    });
  });
  steps.push('after call');
});
log('callbacks', steps.join(' | '));
await new Promise((resolve) => {
  zlib.inflate(Buffer.from('not zlib'), (e, r) => {
    log('cb error', `${e.name} [${e.code}]`, e.errno, e.message, r);
    resolve();
  });
});
await new Promise((resolve) => {
  zlib.gunzip(gzipSync('a'.repeat(1000)), { maxOutputLength: 10 }, (e) => {
    log('cb too large', `${e.name} [${e.code}]`, e.message);
    resolve();
  });
});
for (const [enc, dec] of [
  ['deflate', 'inflate'],
  ['deflateRaw', 'inflateRaw'],
  ['gzip', 'unzip'],
  ['brotliCompress', 'brotliDecompress'],
]) {
  const packed = await promisify(zlib[enc])(new Uint16Array([1, 2, 3]));
  const back = await promisify(zlib[dec])(packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.length));
  log('promisify', enc, [...back].join());
}

// --- streams ---
function collect(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
const parts = [];
for (let i = 0; i < 50; i++) parts.push(Buffer.from(`part ${i} `.repeat(i + 1)));
const whole = Buffer.concat(parts);
for (const [name, c, d] of [
  ['gzip', 'createGzip', 'createGunzip'],
  ['deflate', 'createDeflate', 'createInflate'],
  ['raw', 'createDeflateRaw', 'createInflateRaw'],
  ['unzip', 'createGzip', 'createUnzip'],
  ['brotli', 'createBrotliCompress', 'createBrotliDecompress'],
]) {
  const enc = zlib[c]();
  const dec = zlib[d]();
  const out = await new Promise((resolve, reject) => {
    const chunks = [];
    const sink = new Writable({
      write(chunk, _e, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    pipeline(Readable.from(parts), enc, dec, sink, (e) => (e ? reject(e) : resolve(Buffer.concat(chunks))));
  });
  log(
    'pipeline',
    name,
    out.equals(whole),
    enc.bytesWritten === whole.length,
    dec.bytesWritten > 0,
    enc instanceof Transform,
    enc._closed,
  );
}
{
  // A sync compressor's output through a stream decompressor, one byte at a time.
  const dec = zlib.createGunzip();
  const done = collect(dec);
  const packed = gzipSync(fox);
  for (const b of packed) dec.write(Buffer.from([b]));
  dec.end();
  log('bytewise', (await done).toString() === fox, dec.bytesWritten === packed.length);
}
{
  // flush(): everything written so far can be inflated before the end.
  const enc = zlib.createDeflate();
  const chunks = [];
  enc.on('data', (c) => chunks.push(c));
  enc.write('first half, ');
  await new Promise((resolve) => enc.flush(resolve));
  const partial = Buffer.concat(chunks);
  log('flush', zlib.inflateSync(partial, { finishFlush: constants.Z_SYNC_FLUSH }).toString());
  enc.write('second half');
  await new Promise((resolve) => enc.flush(constants.Z_SYNC_FLUSH, resolve));
  log('flush 2', zlib.inflateSync(Buffer.concat(chunks), { finishFlush: constants.Z_SYNC_FLUSH }).toString());
  const end = new Promise((resolve) => enc.on('end', resolve));
  enc.end();
  await end;
  log('flush end', zlib.inflateSync(Buffer.concat(chunks)).toString());
}
{
  const enc = zlib.createBrotliCompress();
  const chunks = [];
  enc.on('data', (c) => chunks.push(c));
  enc.write('brotli flushed');
  await new Promise((resolve) => enc.flush(resolve));
  log(
    'brotli flush',
    zlib.brotliDecompressSync(Buffer.concat(chunks), { finishFlush: constants.BROTLI_OPERATION_FLUSH }).toString(),
  );
  enc.end();
}
{
  const dec = zlib.createGunzip();
  const e = await new Promise((resolve) => {
    dec.on('error', resolve);
    dec.end(Buffer.from('definitely not gzip'));
  });
  log('stream error', `${e.name} [${e.code}]`, e.errno, e.message, dec.destroyed);
}
{
  const dec = zlib.createInflate();
  const e = await new Promise((resolve) => {
    dec.on('error', resolve);
    dec.resume();
    dec.end(zlib.deflateSync(fox).subarray(0, 20));
  });
  log('stream truncated', `${e.name} [${e.code}]`, e.errno, e.message);
}
{
  const dec = zlib.createBrotliDecompress();
  const e = await new Promise((resolve) => {
    dec.on('error', resolve);
    dec.end(Buffer.from('garbage!'));
  });
  log('stream brotli error', `${e.name} [${e.code}]`, e.errno, e.message);
}
{
  const s = zlib.createGzip();
  await new Promise((resolve) => s.close(resolve));
  log('close', s.destroyed, s._closed);
  const t = new zlib.Deflate({ level: 1 });
  log('new', t instanceof zlib.Deflate, zlib.Inflate() instanceof zlib.Inflate, typeof t.params);
  const out = collect(t);
  t.write(fox);
  await new Promise((resolve) => t.params(9, constants.Z_DEFAULT_STRATEGY, resolve));
  t.end(fox);
  log('params', zlib.inflateSync(await out).toString() === fox + fox, t._level);
}
{
  const enc = zlib.createGzip();
  const out = collect(enc);
  enc.end('reset me');
  const first = await out;
  const dec = zlib.createGunzip();
  const back = collect(dec);
  dec.write(first.subarray(0, 5));
  dec.reset();
  dec.end(first);
  log('reset', (await back).toString());
}
{
  const r = Readable.from([Buffer.from('a'), Buffer.from('b')]).pipe(zlib.createDeflateRaw({ chunkSize: 64 }));
  const packed = await collect(r);
  log('pipe', zlib.inflateRawSync(packed).toString());
}
{
  // Writes queued behind a busy codec: the last gets the finishing flush.
  const order = [];
  const d = zlib.createDeflateRaw();
  const ended = new Promise((resolve) => d.on('end', resolve));
  d.on('data', (c) => order.push(`data ${c.length}`));
  d.write('hello', () => order.push('write cb'));
  d.flush(constants.Z_SYNC_FLUSH, () => order.push('flush cb'));
  d.end(() => order.push('end cb'));
  await ended;
  log('order', order.join(', '));
}
{
  const chunks = [];
  for await (const c of Readable.from(['a', 'b', 'c']).pipe(zlib.createGzip())) chunks.push(c);
  log('for await', zlib.gunzipSync(Buffer.concat(chunks)).toString());
  const { pipeline: pipelineP } = await import('node:stream/promises');
  const out = [];
  await pipelineP(Readable.from([zlib.brotliCompressSync('promises')]), zlib.createBrotliDecompress(), async function* (src) {
    for await (const c of src) out.push(c);
  });
  log('stream/promises', Buffer.concat(out).toString());
  const i = new zlib.Inflate();
  log('_processChunk', i._processChunk(zlib.deflateSync('pc'), constants.Z_FINISH).toString(), i._closed);
  const g = zlib.Gzip();
  const closed = new Promise((resolve) => g.on('close', resolve));
  g.resume();
  g.end('x');
  await closed;
  log('close event', g.bytesWritten, g.bytesRead, g._closed, g.destroyed);
}
