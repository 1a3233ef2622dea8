// node:stream/web (the WHATWG classes, the same objects as the globals) and
// the adapters between Node streams and web streams: Readable.fromWeb/toWeb,
// Writable.fromWeb/toWeb, Duplex.fromWeb/toWeb, and web streams in pipeline,
// finished, addAbortSignal, compose and the utils.
import web from 'node:stream/web';
import * as webNs from 'node:stream/web';
import {
  Readable, Writable, Duplex, PassThrough, Transform, pipeline, finished, addAbortSignal,
  compose, isReadable, isErrored, isDisturbed,
} from 'node:stream';
import { pipeline as pipelinePromise } from 'node:stream/promises';

const log = (...a) => console.log(...a);
const err = (e) => (e ? `${e.name} ${e.code ?? '-'} ${e.message}` : String(e));
const str = (c) => (typeof c === 'string' ? JSON.stringify(c) : c instanceof Uint8Array ? `<${c.constructor.name === 'Buffer' ? 'Buffer' : 'Uint8Array'} ${[...c].join(',')}>` : JSON.stringify(c));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const closed = (s) => new Promise((resolve) => s.once('close', resolve));
const enc = new TextEncoder();
const dec = new TextDecoder();

async function readAll(rs) {
  const out = [];
  const reader = rs.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    out.push(value);
  }
  return out;
}

log('--- exports');
const names = [
  'ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader', 'ReadableStreamBYOBRequest',
  'ReadableByteStreamController', 'ReadableStreamDefaultController', 'TransformStream',
  'TransformStreamDefaultController', 'WritableStream', 'WritableStreamDefaultWriter',
  'WritableStreamDefaultController', 'ByteLengthQueuingStrategy', 'CountQueuingStrategy',
  'TextEncoderStream', 'TextDecoderStream', 'CompressionStream', 'DecompressionStream',
];
log(Object.keys(webNs).filter((k) => k !== 'default').sort().join(' '));
log(names.every((n) => web[n] === globalThis[n] && webNs[n] === globalThis[n]));
log(Object.keys(web).length);

log('--- web classes work');
{
  const rs = new web.ReadableStream({
    start(c) {
      c.enqueue('w1');
      c.enqueue('w2');
      c.close();
    },
  });
  log(JSON.stringify(await readAll(rs)));
  const ts = new web.TransformStream({ transform(chunk, c) { c.enqueue(chunk * 2); } });
  const w = ts.writable.getWriter();
  w.write(21);
  w.close();
  log(JSON.stringify(await readAll(ts.readable)));
  const strategy = new web.CountQueuingStrategy({ highWaterMark: 3 });
  log(strategy.highWaterMark, new web.ByteLengthQueuingStrategy({ highWaterMark: 8 }).size(new Uint8Array(5)));
  const encoded = await readAll(new web.ReadableStream({ start(c) { c.enqueue('hé'); c.close(); } }).pipeThrough(new web.TextEncoderStream()));
  log(encoded.map(str).join(' '));
  const zipped = new web.ReadableStream({ start(c) { c.enqueue(enc.encode('compress me')); c.close(); } })
    .pipeThrough(new web.CompressionStream('gzip'))
    .pipeThrough(new web.DecompressionStream('gzip'))
    .pipeThrough(new web.TextDecoderStream());
  log(JSON.stringify((await readAll(zipped)).join('')));
}

log('--- Readable.fromWeb');
{
  const rs = new ReadableStream({
    start(c) {
      c.enqueue(enc.encode('he'));
      c.enqueue(enc.encode('llo'));
      c.close();
    },
  });
  const r = Readable.fromWeb(rs);
  log('is Readable', r instanceof Readable, 'objectMode', r.readableObjectMode, 'locked', rs.locked);
  const chunks = [];
  r.on('data', (c) => chunks.push(str(c)));
  r.on('end', () => log('end'));
  await closed(r);
  log(chunks.join(' '));

  const objs = Readable.fromWeb(new ReadableStream({ start(c) { c.enqueue({ a: 1 }); c.enqueue(2); c.close(); } }), { objectMode: true });
  log('objects', JSON.stringify(await objs.toArray()));

  const text = Readable.fromWeb(new ReadableStream({ start(c) { c.enqueue(enc.encode('€')); c.close(); } }), { encoding: 'utf8' });
  log('encoding', JSON.stringify(await text.toArray()));

  const failing = Readable.fromWeb(new ReadableStream({ pull(c) { c.error(new Error('web source failed')); } }));
  failing.on('error', (e) => log('error', err(e)));
  failing.resume();
  await closed(failing);

  let cancelled;
  const src = new ReadableStream({ pull(c) { c.enqueue(enc.encode('x')); }, cancel(reason) { cancelled = reason; } });
  const r2 = Readable.fromWeb(src);
  r2.destroy(new Error('stop'));
  r2.on('error', () => {});
  await closed(r2);
  await tick();
  log('cancelled with', err(cancelled));
  try {
    Readable.fromWeb({});
  } catch (e) {
    log(err(e));
  }
  try {
    Readable.fromWeb(new ReadableStream(), 'x');
  } catch (e) {
    log(err(e));
  }
}

log('--- Readable.toWeb');
{
  const r = Readable.from(['a', 'b'], { objectMode: true });
  const rs = Readable.toWeb(r);
  log('is ReadableStream', rs instanceof ReadableStream);
  log(JSON.stringify(await readAll(rs)));
  const bytes = new Readable({ read() {} });
  bytes.push('bytes');
  bytes.push(null);
  const got = await readAll(Readable.toWeb(bytes));
  log(got.map((c) => `${c instanceof Uint8Array}:${dec.decode(c)}`).join(' '));
  const bad = new Readable({ read() {} });
  const rsBad = Readable.toWeb(bad);
  const reader = rsBad.getReader();
  bad.destroy(new Error('node side failed'));
  try {
    await reader.read();
  } catch (e) {
    log('reader rejected', err(e));
  }
  const cancelMe = new Readable({ read() {} });
  cancelMe.on('error', (e) => log('node side', err(e)));
  cancelMe.on('close', () => log('node side closed', cancelMe.destroyed));
  await Readable.toWeb(cancelMe).cancel(new Error('web cancel'));
  await tick();
  const round = Readable.fromWeb(Readable.toWeb(Readable.from(['round', 'trip'])), { objectMode: true });
  log('round trip', JSON.stringify(await round.toArray()));
  const custom = Readable.toWeb(Readable.from([1, 2, 3, 4]), { strategy: { highWaterMark: 1 } });
  log('with strategy', JSON.stringify(await readAll(custom)));
  try {
    Readable.toWeb({});
  } catch (e) {
    log(err(e));
  }
}

log('--- Writable.fromWeb');
{
  const got = [];
  const ws = new WritableStream({
    write(chunk) {
      got.push(str(chunk));
    },
    close() {
      got.push('closed');
    },
  });
  const w = Writable.fromWeb(ws);
  log('is Writable', w instanceof Writable, 'locked', ws.locked);
  w.write('text');
  w.write(new Uint8Array([1, 2]));
  w.end();
  await closed(w);
  log(got.join(' '));
  const objs = [];
  const wo = Writable.fromWeb(new WritableStream({ write(c) { objs.push(c); } }), { objectMode: true });
  wo.write({ k: 'v' });
  wo.end(7);
  await closed(wo);
  log('objects', JSON.stringify(objs));
  const strings = [];
  const wd = Writable.fromWeb(new WritableStream({ write(c) { strings.push(typeof c); } }), { decodeStrings: false });
  wd.end('kept a string');
  await closed(wd);
  log('decodeStrings false', strings.join(','));
  const wf = Writable.fromWeb(new WritableStream({ write() { throw new Error('sink failed'); } }));
  wf.on('error', (e) => log('error', err(e)));
  wf.write('x');
  await closed(wf);
  let abortReason;
  const wa = Writable.fromWeb(new WritableStream({ abort(r) { abortReason = r; } }));
  wa.on('error', () => {});
  wa.destroy(new Error('destroyed'));
  await closed(wa);
  await tick();
  log('aborted with', err(abortReason));
  try {
    Writable.fromWeb({});
  } catch (e) {
    log(err(e));
  }
}

log('--- Writable.toWeb');
{
  const got = [];
  const w = new Writable({
    write(c, e, cb) {
      got.push(dec.decode(c));
      cb();
    },
  });
  const ws = Writable.toWeb(w);
  log('is WritableStream', ws instanceof WritableStream);
  const writer = ws.getWriter();
  await writer.write(enc.encode('one'));
  await writer.write(enc.encode('two'));
  await writer.close();
  log(got.join(','), 'finished', w.writableFinished);
  const failing = new Writable({ write(c, e, cb) { cb(new Error('node sink failed')); } });
  failing.on('error', () => {});
  const fw = Writable.toWeb(failing).getWriter();
  try {
    await fw.write(enc.encode('x'));
  } catch (e) {
    log('write rejected', err(e));
  }
  const abortMe = new Writable({ write(c, e, cb) { cb(); } });
  abortMe.on('error', (e) => log('node side', err(e)));
  await Writable.toWeb(abortMe).abort(new Error('web abort'));
  await tick();
  log('destroyed', abortMe.destroyed);
  const sink = [];
  const wsObj = Writable.toWeb(new Writable({ objectMode: true, write(c, e, cb) { sink.push(c); cb(); } }));
  await new ReadableStream({ start(c) { c.enqueue({ o: 1 }); c.enqueue([2]); c.close(); } }).pipeTo(wsObj);
  log('pipeTo into toWeb', JSON.stringify(sink));
}

log('--- Duplex.fromWeb / toWeb');
{
  const ts = new TransformStream({
    transform(chunk, c) {
      c.enqueue(dec.decode(chunk).toUpperCase());
    },
  });
  const d = Duplex.fromWeb(ts, { objectMode: true });
  log('is Duplex', d instanceof Duplex);
  const out = [];
  d.on('data', (c) => out.push(c));
  d.write(enc.encode('duplex'));
  d.end();
  await closed(d);
  log(out.join(','));
  const pt = new PassThrough();
  const { readable, writable } = Duplex.toWeb(pt);
  log('pair types', readable instanceof ReadableStream, writable instanceof WritableStream);
  const writer = writable.getWriter();
  writer.write(enc.encode('through'));
  writer.close();
  log((await readAll(readable)).map((c) => dec.decode(c)).join(''));
  try {
    Duplex.fromWeb({ readable: 1, writable: 2 });
  } catch (e) {
    log(err(e));
  }
}

log('--- web streams in pipeline');
{
  const chunks = [];
  await new Promise((resolve) => {
    pipeline(
      new ReadableStream({ start(c) { c.enqueue('p'); c.enqueue('q'); c.close(); } }),
      new TransformStream({ transform(ch, c) { c.enqueue(ch + '!'); } }),
      new Writable({ objectMode: true, write(c, e, cb) { chunks.push(c); cb(); } }),
      (e) => {
        log('done', err(e));
        resolve();
      },
    );
  });
  log(chunks.join(' '));
  const got = [];
  await pipelinePromise(
    Readable.from(['n1', 'n2']),
    new WritableStream({ write(c) { got.push(c); } }),
  );
  log('node into web', got.join(' '));
  await new Promise((resolve) => {
    pipeline(
      new ReadableStream({ pull(c) { c.error(new Error('web pipeline source')); } }),
      new PassThrough({ objectMode: true }).resume(),
      (e) => {
        log('error', err(e));
        resolve();
      },
    );
  });
}

log('--- finished / utils / addAbortSignal with web streams');
{
  let ctrl;
  const rs = new ReadableStream({ start(c) { ctrl = c; } });
  log('isReadable', isReadable(rs), 'isErrored', isErrored(rs), 'isDisturbed', isDisturbed(rs));
  finished(rs, (e) => log('finished readable', err(e)));
  ctrl.close();
  await tick();
  const rs2 = new ReadableStream({ start(c) { c.error(new Error('errored web')); } });
  await tick();
  log('isErrored', isErrored(rs2), 'isReadable', isReadable(rs2));
  finished(rs2, (e) => log('finished errored', err(e)));
  await tick();
  const rs3 = new ReadableStream({ start(c) { c.enqueue(1); } });
  await rs3.getReader().read();
  log('isDisturbed after read', isDisturbed(rs3));
  const ws = new WritableStream();
  finished(ws, (e) => log('finished writable', err(e)));
  await ws.close();
  await tick();
  const ac = new AbortController();
  const rs4 = addAbortSignal(ac.signal, new ReadableStream());
  const reader = rs4.getReader();
  ac.abort();
  try {
    await reader.read();
  } catch (e) {
    log('aborted web stream', err(e));
  }
  const composed = compose(
    new TransformStream({ transform(c, ctl) { ctl.enqueue(dec.decode(c) + '+web'); } }),
    new Transform({ objectMode: true, transform(c, e, cb) { cb(null, c + '+node'); } }),
  );
  composed.end('4');
  log('compose web+node', JSON.stringify(await composed.toArray()));
}
log('--- done');
