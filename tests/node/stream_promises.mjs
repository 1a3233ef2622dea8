// node:stream/promises: pipeline and finished as promises (signal, end,
// cleanup, generators in the chain, errors and destruction).
import promises, { pipeline, finished } from 'node:stream/promises';
import { Readable, Writable, PassThrough, Transform } from 'node:stream';

const log = (...a) => console.log(...a);
const err = (e) => (e ? `${e.name} ${e.code ?? '-'} ${e.message}` : String(e));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const collect = (into) => new Writable({
  objectMode: true,
  write(c, e, cb) {
    into.push(typeof c === 'string' ? c : String(c));
    cb();
  },
});

log('--- exports');
log(Object.keys(promises).sort().join(' '), promises.pipeline === pipeline, promises.finished === finished);
log(typeof pipeline, pipeline.length, typeof finished, finished.length);

log('--- pipeline');
{
  const got = [];
  const res = await pipeline(
    function* () {
      yield 'one';
      yield 'two';
    },
    new Transform({ objectMode: true, transform(c, e, cb) { cb(null, c.toUpperCase()); } }),
    async function* (source) {
      for await (const c of source) yield `${c}.`;
    },
    collect(got),
  );
  log('resolved', res, got.join(' '));

  const value = await pipeline(Readable.from(['a', 'b', 'c']), async (source) => {
    let s = '';
    for await (const c of source) s += c;
    return s.length;
  });
  log('value of last async function', value);

  const src = Readable.from(['x', 'y']);
  const mid = new PassThrough({ objectMode: true });
  try {
    await pipeline(src, mid, async function* (source) {
      for await (const c of source) {
        if (c === 'y') throw new Error('generator failed');
        yield c;
      }
    }, collect([]));
  } catch (e) {
    log('rejected', err(e));
  }
  await tick();
  log('destroyed', src.destroyed, mid.destroyed);

  const ac = new AbortController();
  const slow = new Readable({ read() {} });
  const p = pipeline(slow, new PassThrough(), collect([]), { signal: ac.signal });
  slow.push('first');
  await tick();
  ac.abort();
  try {
    await p;
  } catch (e) {
    log('aborted', err(e), slow.destroyed);
  }
  try {
    await pipeline(Readable.from(['z']), collect([]), { signal: AbortSignal.abort('already') });
  } catch (e) {
    log('pre-aborted', err(e));
  }

  const dest = new PassThrough({ objectMode: true });
  await pipeline(Readable.from(['keep']), dest, { end: false });
  log('end:false writableEnded', dest.writableEnded, 'buffered', dest.read());
  dest.end();

  try {
    await pipeline(Readable.from(['only']));
  } catch (e) {
    log(err(e));
  }
  try {
    await pipeline();
  } catch (e) {
    log(err(e));
  }

  const early = new Readable({ read() {} });
  const dst = new PassThrough();
  dst.resume();
  const pe = pipeline(early, dst);
  early.push('data');
  await tick();
  early.destroy();
  try {
    await pe;
  } catch (e) {
    log('source closed early', err(e));
  }

  const web = [];
  await pipeline(
    new ReadableStream({ start(c) { c.enqueue('w'); c.close(); } }),
    new WritableStream({ write(c) { web.push(c); } }),
  );
  log('web streams', web.join(''));
}

log('--- finished');
{
  const w = new Writable({ write(c, e, cb) { setTimeout(cb, 1); } });
  w.end('x');
  log('finished writable', await finished(w), w.writableFinished);

  const r = Readable.from(['a']);
  r.resume();
  await finished(r);
  log('finished readable', r.readableEnded);

  const bad = new Readable({ read() {} });
  const pf = finished(bad);
  bad.destroy(new Error('broken'));
  try {
    await pf;
  } catch (e) {
    log('rejected', err(e));
  }

  const premature = new PassThrough();
  const pp = finished(premature);
  premature.destroy();
  try {
    await pp;
  } catch (e) {
    log('premature', err(e));
  }

  const onlyWritable = new PassThrough();
  const pw = finished(onlyWritable, { readable: false });
  onlyWritable.end('x');
  await pw;
  log('writable side only', onlyWritable.writableFinished, onlyWritable.readableEnded);
  onlyWritable.destroy();

  const ac = new AbortController();
  const hang = new Readable({ read() {} });
  const pa = finished(hang, { signal: ac.signal });
  ac.abort();
  try {
    await pa;
  } catch (e) {
    log('signal', err(e));
  }
  hang.destroy();

  const c = new PassThrough();
  const before = c.listenerCount('end') + c.listenerCount('finish') + c.listenerCount('close');
  const pc = finished(c, { cleanup: true });
  c.end();
  c.resume();
  await pc;
  await tick();
  log('cleanup removes listeners', c.listenerCount('end') + c.listenerCount('finish') + c.listenerCount('close') <= before);

  try {
    await finished({});
  } catch (e) {
    log(err(e));
  }
  try {
    await finished(new PassThrough(), { cleanup: 'yes' });
  } catch (e) {
    log(err(e));
  }
  const ws = new WritableStream();
  const pws = finished(ws);
  ws.close();
  log('web writable', await pws);
}
log('--- done');
