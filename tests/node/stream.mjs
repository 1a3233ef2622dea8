// node:stream: Readable, Writable, Duplex, Transform, PassThrough, pipe,
// pipeline, finished, destroy, operators, Readable.from, async iteration.
// Each section waits for its streams to settle before the next one starts,
// and prints the order of the events it sees.
import stream, {
  Stream, Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished,
  addAbortSignal, compose, duplexPair, isReadable, isErrored, isDisturbed,
  getDefaultHighWaterMark, setDefaultHighWaterMark, promises,
} from 'node:stream';

const log = (...a) => console.log(...a);
const err = (e) => (e ? `${e.name} ${e.code ?? '-'} ${e.message}` : String(e));
const str = (c) => (typeof c === 'string' ? JSON.stringify(c) : c instanceof Uint8Array ? `<${c.constructor.name} ${[...c].join(',')}>` : JSON.stringify(c));
const settle = (s) => new Promise((resolve) => finished(s, (e) => resolve(e)));
const closed = (s) => new Promise((resolve) => s.once('close', resolve));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
function trace(name, s, events = ['data', 'end', 'finish', 'close', 'error', 'drain', 'pause', 'resume', 'pipe', 'unpipe', 'prefinish']) {
  for (const ev of events) {
    s.on(ev, (a) => log(`${name}:${ev}${ev === 'data' ? ' ' + str(a) : ev === 'error' ? ' ' + err(a) : ''}`));
  }
  return s;
}
const sections = [];
const section = (name, fn) => sections.push([name, fn]);

section('exports', async () => {
  log(typeof stream, stream === Stream, stream.Stream === Stream);
  log(stream.Readable === Readable, stream.Writable === Writable, stream.Duplex === Duplex);
  log(stream.Transform === Transform, stream.PassThrough === PassThrough, stream.pipeline === pipeline);
  log(stream.finished === finished, stream.promises === promises, typeof stream.destroy, typeof stream.compose);
  log(typeof stream.addAbortSignal, typeof stream.isDestroyed, typeof stream.isWritable, typeof stream.duplexPair);
  log(typeof stream._isUint8Array, typeof stream._uint8ArrayToBuffer, typeof stream._isArrayBufferView);
  log(Object.keys(stream.promises).sort().join(' '), typeof stream.promises.pipeline, typeof promises.finished);
  log(new Readable() instanceof Stream, new Writable() instanceof Stream, new Duplex() instanceof Readable);
  log(new Duplex() instanceof Writable, new Transform() instanceof Duplex, new PassThrough() instanceof Transform);
  log(new Readable() instanceof Writable, new Writable() instanceof Readable);
  log(typeof Readable.prototype.on, typeof Readable.prototype.pipe, typeof Readable.prototype.map);
  log(Readable.prototype.map.name, Readable.prototype.map.length, Readable.prototype.reduce.length);
  log(Object.getOwnPropertyDescriptor(Readable.prototype, 'map').enumerable);
  log(typeof Readable.ReadableState, typeof Writable.WritableState);
  // Callable without new, as in Node.
  log(Readable() instanceof Readable, Writable() instanceof Writable, Duplex() instanceof Duplex, PassThrough() instanceof PassThrough);
  log(stream._isUint8Array(new Uint8Array(1)), stream._isUint8Array(new Uint16Array(1)), stream._isArrayBufferView(new DataView(new ArrayBuffer(1))));
  log(str(stream._uint8ArrayToBuffer(new Uint8Array([1, 2]))));
  try {
    new Readable.prototype.map();
  } catch (e) {
    log(err(e));
  }
});

section('readable flowing', async () => {
  let n = 0;
  const r = new Readable({
    read() {
      n++;
      if (n <= 3) this.push(`chunk${n}`);
      else this.push(null);
    },
  });
  log('flowing', r.readableFlowing, 'readable', r.readable, 'hwm', r.readableHighWaterMark);
  trace('r', r);
  r.on('data', () => {});
  log('flowing after on(data)', r.readableFlowing);
  await settle(r);
  await tick();
  log('ended', r.readableEnded, 'destroyed', r.destroyed, 'closed', r.closed, 'readable', r.readable);
});

section('readable pause/resume', async () => {
  const r = new Readable({ read() {} });
  const got = [];
  r.on('data', (c) => got.push(String(c)));
  r.push('a');
  r.pause();
  log('paused', r.isPaused(), 'flowing', r.readableFlowing);
  r.push('b');
  r.push('c');
  await tick();
  log('while paused', got.join(','), 'length', r.readableLength);
  r.resume();
  await tick();
  log('after resume', got.join(','), 'length', r.readableLength);
  r.push(null);
  await settle(r);
  log('done', got.join(','));
});

section('readable paused mode read(n)', async () => {
  const r = new Readable({ read() {} });
  r.push('hello ');
  r.push('world');
  r.push(null);
  const parts = [];
  r.on('readable', () => {
    let c;
    while ((c = r.read(3)) !== null) parts.push(String(c));
    parts.push('|');
  });
  await settle(r);
  log(parts.join(' '));
  const r2 = new Readable({ read() {} });
  r2.push('abc');
  log('read(0)', r2.read(0), 'length', r2.readableLength);
  log('read(10) before end', r2.read(10));
  r2.push(null);
  log('read(10) after end', String(r2.read(10)));
  log('read() at end', r2.read());
  r2.resume();
  await settle(r2);
});

section('readable hwm and push return', async () => {
  const r = new Readable({ highWaterMark: 5, read() {} });
  log(r.push('ab'), r.push('cd'), r.push('e'), r.push('fgh'), r.readableLength);
  const ro = new Readable({ objectMode: true, read() {} });
  const rets = [];
  for (let i = 0; i < 17; i++) rets.push(ro.push({ i }));
  log('objectMode hwm', ro.readableHighWaterMark, 'rets', rets.filter(Boolean).length, 'length', ro.readableLength);
  log(JSON.stringify(ro.read()), ro.readableObjectMode, r.readableObjectMode);
  const rz = new Readable({ highWaterMark: 0, read() {} });
  log('hwm0 push', rz.push('x'));
  try {
    new Readable({ highWaterMark: -1 });
  } catch (e) {
    log(err(e));
  }
  try {
    new Readable({ highWaterMark: 1.5 });
  } catch (e) {
    log(err(e));
  }
  try {
    new Writable({ writableHighWaterMark: 'x', highWaterMark: undefined });
    log('writableHighWaterMark ignored by Writable');
  } catch (e) {
    log(err(e));
  }
  try {
    new Duplex({ readableHighWaterMark: -2 });
  } catch (e) {
    log(err(e));
  }
  r.destroy();
  ro.destroy();
  rz.destroy();
});

section('readable encoding', async () => {
  const euro = new Uint8Array([0xe2, 0x82, 0xac]);
  const r = new Readable({ read() {} });
  r.setEncoding('utf8');
  log('encoding', r.readableEncoding);
  const got = [];
  r.on('data', (c) => got.push(typeof c + ':' + c));
  r.push(euro.subarray(0, 1));
  r.push(euro.subarray(1));
  r.push(new Uint8Array([0x61]));
  r.push(null);
  await settle(r);
  log(got.join(' '));
  const r2 = new Readable({ encoding: 'hex', read() {} });
  const got2 = [];
  r2.on('data', (c) => got2.push(c));
  r2.push(new Uint8Array([1, 255]));
  r2.push(null);
  await settle(r2);
  log('hex', got2.join(','), r2.readableEncoding);
  const r3 = new Readable({ read() {} });
  r3.push('pre');
  r3.setEncoding('base64');
  r3.push(null);
  log('base64 of buffered', r3.read());
  try {
    new Readable().setEncoding('nope');
  } catch (e) {
    log(err(e));
  }
  r3.destroy();
});

section('readable unshift', async () => {
  const r = new Readable({ read() {} });
  r.push('world');
  r.unshift('hello ');
  r.push(null);
  const chunks = [];
  r.on('data', (c) => chunks.push(String(c)));
  await settle(r);
  log(chunks.join('|'));
  const r2 = new Readable({ read() {} });
  r2.push(null);
  r2.resume();
  await settle(r2);
  r2.on('error', (e) => log('unshift after end', err(e)));
  r2.unshift('x');
  await tick();
});

section('readable errors', async () => {
  const r = new Readable({ read() {} });
  trace('r', r, ['error', 'close', 'end']);
  r.push(null);
  r.push('late');
  await closed(r);
  const r2 = new Readable({ objectMode: false, read() {} });
  trace('r2', r2, ['error', 'close']);
  r2.push(42);
  await closed(r2);
  const r3 = new Readable();
  trace('r3', r3, ['error', 'close']);
  r3.read();
  await closed(r3);
  const r4 = new Readable({ read() { this.destroy(new Error('in read')); } });
  trace('r4', r4, ['error', 'close', 'data']);
  r4.resume();
  await closed(r4);
  log('errored', err(r4.errored), 'readableAborted', r4.readableAborted, 'destroyed', r4.destroyed);
});

section('writable basics', async () => {
  const written = [];
  const w = new Writable({
    highWaterMark: 3,
    write(chunk, encoding, cb) {
      written.push(`${str(chunk)}/${encoding}`);
      setTimeout(cb, 1);
    },
  });
  trace('w', w, ['drain', 'finish', 'close', 'error', 'prefinish']);
  log('hwm', w.writableHighWaterMark, 'writable', w.writable);
  log('write a', w.write('a'), 'length', w.writableLength);
  log('write bc', w.write('bc'), 'length', w.writableLength, 'needDrain', w.writableNeedDrain);
  log('write d', w.write('d'), 'length', w.writableLength);
  await new Promise((resolve) => w.once('drain', resolve));
  log('after drain length', w.writableLength, 'needDrain', w.writableNeedDrain);
  w.write(new Uint8Array([9]));
  w.end('z', () => log('end callback'));
  log('ending', w.writableEnded, 'finished', w.writableFinished, 'writable', w.writable);
  await closed(w);
  log(written.join(' '));
  log('finished', w.writableFinished, 'destroyed', w.destroyed, 'closed', w.closed);
});

section('writable decodeStrings and encodings', async () => {
  const seen = [];
  const w = new Writable({
    decodeStrings: false,
    write(chunk, encoding, cb) {
      seen.push(`${typeof chunk}:${chunk}:${encoding}`);
      cb();
    },
  });
  w.write('x');
  w.write('6869', 'hex');
  w.setDefaultEncoding('latin1');
  w.write('y');
  w.end();
  await settle(w);
  log(seen.join(' '));
  const seen2 = [];
  const w2 = new Writable({
    defaultEncoding: 'hex',
    write(chunk, encoding, cb) {
      seen2.push(`${str(chunk)}:${encoding}`);
      cb();
    },
  });
  w2.write('6869');
  w2.write('a', 'utf8');
  w2.end();
  await settle(w2);
  log(seen2.join(' '));
  try {
    w2.setDefaultEncoding('bogus');
  } catch (e) {
    log(err(e));
  }
});

section('writable cork/uncork and writev', async () => {
  const calls = [];
  const w = new Writable({
    write(chunk, enc, cb) {
      calls.push(`write ${chunk}`);
      cb();
    },
    writev(chunks, cb) {
      calls.push(`writev ${chunks.map((c) => `${c.chunk}/${c.encoding}`).join(',')}`);
      cb();
    },
  });
  w.write('first');
  w.cork();
  w.write('a');
  w.write('b');
  w.cork();
  w.write('c');
  log('corked', w.writableCorked, 'buffered', w.writableLength);
  w.uncork();
  log('corked after one uncork', w.writableCorked);
  w.uncork();
  await tick();
  w.cork();
  w.write('d');
  w.end('e');
  await settle(w);
  log(calls.join(' | '));
  const w2 = new Writable({
    objectMode: true,
    writev(chunks, cb) {
      log('objectMode writev', JSON.stringify(chunks.map((c) => c.chunk)));
      cb();
    },
  });
  w2.cork();
  w2.write({ a: 1 });
  w2.write([2]);
  process.nextTick(() => w2.uncork());
  w2.end();
  await settle(w2);
});

section('writable final and errors', async () => {
  const order = [];
  const w = new Writable({
    write(c, e, cb) {
      order.push('write');
      cb();
    },
    final(cb) {
      order.push('final');
      setTimeout(() => {
        order.push('final done');
        cb();
      }, 1);
    },
  });
  w.on('prefinish', () => order.push('prefinish'));
  w.on('finish', () => order.push('finish'));
  w.on('close', () => order.push('close'));
  w.end('x');
  await closed(w);
  log(order.join(', '));

  const w2 = new Writable({ write(c, e, cb) { cb(); } });
  trace('w2', w2, ['error', 'close', 'finish']);
  w2.end();
  w2.write('late', (e) => log('write cb', err(e)));
  await closed(w2);

  const w3 = new Writable({ write(c, e, cb) { cb(new Error('write failed')); } });
  trace('w3', w3, ['error', 'close', 'finish']);
  w3.write('x', (e) => log('w3 write cb', err(e)));
  await closed(w3);
  log('w3 errored', err(w3.errored), 'writableAborted', w3.writableAborted);

  const w4 = new Writable({ final(cb) { cb(new Error('final failed')); }, write(c, e, cb) { cb(); } });
  trace('w4', w4, ['error', 'close', 'finish']);
  w4.end();
  await closed(w4);

  try {
    new Writable().write(null);
  } catch (e) {
    log(err(e));
  }
  try {
    new Writable().write(42);
  } catch (e) {
    log(err(e));
  }
  const w5 = new Writable();
  trace('w5', w5, ['error', 'close']);
  try {
    w5.write('x');
  } catch (e) {
    log('no _write', err(e));
  }
  w5.destroy();
  await closed(w5);

  const w6 = new Writable({ write(c, e, cb) { cb(); cb(); } });
  trace('w6', w6, ['error', 'close']);
  w6.write('x');
  await closed(w6);
  const w7 = new Writable({ write(c, e, cb) { cb(); } });
  w7.end();
  w7.end((e) => log('second end cb', err(e)));
  await closed(w7);
});

section('destroy semantics', async () => {
  const r = new Readable({ read() {} });
  trace('plain', r, ['error', 'close', 'end']);
  r.destroy();
  log('destroyed', r.destroyed, 'closed sync', r.closed);
  await tick();
  log('closed', r.closed, 'readableAborted', r.readableAborted);

  const r2 = new Readable({ read() {} });
  trace('witherr', r2, ['error', 'close']);
  r2.destroy(new Error('boom'));
  r2.destroy(new Error('second'));
  await tick();
  log('errored', err(r2.errored));

  const r3 = new Readable({
    read() {},
    destroy(e, cb) {
      log('_destroy got', err(e));
      setTimeout(() => cb(new Error('from _destroy')), 1);
    },
  });
  trace('custom', r3, ['error', 'close']);
  r3.destroy();
  await closed(r3);

  const w = new Writable({ emitClose: false, write(c, e, cb) { cb(); } });
  trace('noclose', w, ['finish', 'close', 'error']);
  w.end('x');
  await settle(w);
  await tick();
  log('noclose destroyed', w.destroyed);

  const w2 = new Writable({ autoDestroy: false, write(c, e, cb) { cb(); } });
  trace('noauto', w2, ['finish', 'close', 'error']);
  w2.end('x');
  await settle(w2);
  await tick();
  log('noauto destroyed', w2.destroyed, 'closed', w2.closed);
  w2.destroy();
  await tick();

  const r4 = new Readable({ autoDestroy: false, read() {} });
  trace('noauto-r', r4, ['end', 'close', 'error']);
  r4.push(null);
  r4.resume();
  await tick();
  await tick();
  log('noauto-r destroyed', r4.destroyed);
  r4.destroy();
  await tick();

  const d = new Duplex({ read() {}, write(c, e, cb) { cb(); } });
  trace('duplex', d, ['error', 'close', 'finish', 'end']);
  d.destroy(new Error('duplex boom'));
  await closed(d);
  log('duplex destroyed', d.destroyed, err(d.readableErrored), err(d.writableErrored));

  const rw = new Readable({ read() {} });
  trace('destroy-in-data', rw, ['close', 'error', 'end']);
  rw.on('data', (c) => {
    log('data', String(c));
    rw.destroy();
  });
  rw.push('one');
  rw.push('two');
  await closed(rw);
  log('stream.destroy on readable');
  const r5 = new Readable({ read() {} });
  trace('r5', r5, ['close', 'error']);
  stream.destroy(r5);
  await closed(r5);
  log('isDestroyed', stream.isDestroyed(r5), stream.isDestroyed({}));
});

section('construct', async () => {
  const order = [];
  const w = new Writable({
    construct(cb) {
      order.push('construct');
      setTimeout(() => {
        order.push('constructed');
        cb();
      }, 1);
    },
    write(c, e, cb) {
      order.push(`write ${c}`);
      cb();
    },
    final(cb) {
      order.push('final');
      cb();
    },
  });
  w.write('a');
  w.end('b');
  await closed(w);
  log(order.join(', '));
  const r = new Readable({
    construct(cb) {
      cb(new Error('construct failed'));
    },
    read() {
      log('never read');
    },
  });
  trace('r', r, ['error', 'close']);
  r.resume();
  await closed(r);
  const r2 = new Readable({ construct(cb) { setTimeout(cb, 1); }, read() {} });
  trace('r2', r2, ['error', 'close']);
  r2.destroy();
  await closed(r2);
});

section('duplex', async () => {
  const d = new Duplex({
    readableObjectMode: true,
    read() {},
    write(chunk, enc, cb) {
      this.push({ len: chunk.length });
      cb();
    },
    final(cb) {
      this.push(null);
      cb();
    },
  });
  log('objectModes', d.readableObjectMode, d.writableObjectMode, d.readableHighWaterMark, d.writableHighWaterMark);
  trace('d', d, ['data', 'end', 'finish', 'close']);
  d.write('abc');
  d.end('de');
  await closed(d);
  const half = new Duplex({ allowHalfOpen: false, read() {}, write(c, e, cb) { cb(); } });
  trace('half', half, ['end', 'finish', 'close']);
  half.resume();
  half.push(null);
  await closed(half);
  log('allowHalfOpen', half.allowHalfOpen, 'writableEnded', half.writableEnded);
  const ro = new Duplex({ writable: false, read() { this.push(null); } });
  log('writable:false', ro.writable, ro.readable);
  ro.resume();
  await closed(ro);
});

section('transform', async () => {
  const t = new Transform({
    transform(chunk, enc, cb) {
      cb(null, String(chunk).toUpperCase());
    },
    flush(cb) {
      this.push('!');
      cb();
    },
  });
  trace('t', t, ['data', 'end', 'finish', 'close', 'prefinish']);
  t.write('ab');
  t.write('c');
  t.end();
  await closed(t);

  const counter = new Transform({
    objectMode: true,
    transform(n, enc, cb) {
      for (let i = 0; i < n; i++) this.push(n);
      cb();
    },
  });
  const out = [];
  counter.on('data', (x) => out.push(x));
  counter.write(1);
  counter.write(3);
  counter.end(2);
  await settle(counter);
  log('expanded', out.join(','));

  const bad = new Transform({ transform(c, e, cb) { cb(new Error('bad chunk')); } });
  trace('bad', bad, ['error', 'close', 'finish', 'end']);
  bad.write('x');
  await closed(bad);

  const noImpl = new Transform();
  try {
    noImpl.write('x');
  } catch (e) {
    log('no _transform', err(e));
  }
  noImpl.destroy();
  await closed(noImpl);

  const pt = new PassThrough();
  const chunks = [];
  pt.on('data', (c) => chunks.push(str(c)));
  pt.write('p');
  pt.end(new Uint8Array([1]));
  await settle(pt);
  log('passthrough', chunks.join(' '));
});

section('pipe backpressure', async () => {
  let reads = 0;
  const src = new Readable({
    highWaterMark: 4,
    read() {
      reads++;
      if (reads > 6) this.push(null);
      else this.push('xx');
    },
  });
  let writes = 0;
  let drains = 0;
  let falses = 0;
  const dst = new Writable({
    highWaterMark: 3,
    write(c, e, cb) {
      writes++;
      setTimeout(cb, 1);
    },
  });
  const origWrite = dst.write;
  dst.write = function (...args) {
    const ret = origWrite.apply(this, args);
    if (!ret) falses++;
    return ret;
  };
  dst.on('drain', () => drains++);
  dst.on('pipe', (s) => log('pipe event', s === src));
  log('pipe returns dest', src.pipe(dst) === dst);
  await settle(dst);
  log('reads', reads, 'writes', writes, 'write() false', falses, 'drains', drains);
  log('src ended', src.readableEnded, 'dst finished', dst.writableFinished);
});

section('unpipe', async () => {
  const src = new Readable({ read() {} });
  const got = [];
  const dst = new Writable({ write(c, e, cb) { got.push(String(c)); cb(); } });
  dst.on('unpipe', (s) => log('unpipe event', s === src));
  src.pipe(dst);
  src.push('a');
  await tick();
  src.unpipe(dst);
  log('flowing after unpipe', src.readableFlowing);
  src.push('b');
  await tick();
  log('got', got.join(','), 'buffered', src.readableLength);
  const dst2 = new PassThrough();
  src.pipe(dst2, { end: false });
  src.push(null);
  await settle(src);
  await tick();
  log('dst2 ended', dst2.writableEnded, 'read', String(dst2.read()));
  dst.destroy();
  dst2.destroy();
  const src2 = new Readable({ read() {} });
  const d1 = new PassThrough();
  const d2 = new PassThrough();
  src2.pipe(d1);
  src2.pipe(d2);
  src2.unpipe();
  log('pipes after unpipe()', src2.readableFlowing);
  src2.destroy();
  d1.destroy();
  d2.destroy();
});

section('async iteration', async () => {
  const r = Readable.from(['a', 'b', 'c']);
  const got = [];
  for await (const c of r) got.push(c);
  log('for await', got.join(','), 'destroyed', r.destroyed);
  const r2 = new Readable({ objectMode: true, read() {} });
  r2.push(1);
  r2.push(2);
  r2.push(3);
  trace('r2', r2, ['close', 'error']);
  for await (const c of r2) {
    log('item', c);
    if (c === 2) break;
  }
  await tick();
  log('after break destroyed', r2.destroyed);
  const r3 = new Readable({ read() { this.destroy(new Error('iter boom')); } });
  try {
    for await (const c of r3) log('never', c);
  } catch (e) {
    log('caught', err(e));
  }
  const r4 = Readable.from([1, 2, 3]);
  const it = r4.iterator({ destroyOnReturn: false });
  for await (const x of it) {
    log('iterator item', x);
    break;
  }
  log('destroyOnReturn false: destroyed', r4.destroyed, 'rest', JSON.stringify(await r4.toArray()));
  const r5 = new Readable({ read() {} });
  r5.push('str');
  r5.push(null);
  const it5 = r5[Symbol.asyncIterator]();
  const first = await it5.next();
  log(str(first.value), first.done, JSON.stringify(await it5.next()));
});

section('Readable.from', async () => {
  log(JSON.stringify(await Readable.from(['x', 'y']).toArray()));
  log(JSON.stringify(await Readable.from('a string').toArray()));
  log(JSON.stringify(await Readable.from(new Set([1, 2])).toArray()));
  function* gen() {
    yield 'g1';
    yield 'g2';
  }
  log(JSON.stringify(await Readable.from(gen()).toArray()));
  async function* agen() {
    yield 'a1';
    await tick();
    yield 'a2';
  }
  log(JSON.stringify(await Readable.from(agen()).toArray()));
  const fromBuf = Readable.from(stream._uint8ArrayToBuffer(new Uint8Array([1, 2, 3])));
  log('buffer as one chunk', (await fromBuf.toArray()).map(str).join(' '));
  const r = Readable.from(['o']);
  log('objectMode default', r.readableObjectMode, Readable.from(['o'], { objectMode: false }).readableObjectMode);
  log(JSON.stringify(await Readable.from([Promise.resolve('p1'), 'p2']).toArray()));
  try {
    Readable.from(42);
  } catch (e) {
    log(err(e));
  }
  const withNull = Readable.from([1, null, 2]);
  withNull.on('error', (e) => log('null in iterable', err(e)));
  withNull.resume();
  await closed(withNull);
  async function* failing() {
    yield 1;
    throw new Error('gen failed');
  }
  try {
    await Readable.from(failing()).toArray();
  } catch (e) {
    log(err(e));
  }
  let finalized = false;
  function* tracked() {
    try {
      yield 1;
      yield 2;
    } finally {
      finalized = true;
    }
  }
  const rt = Readable.from(tracked());
  for await (const x of rt) break;
  log('generator finalized on break', finalized);
});

section('pipeline', async () => {
  async function* source() {
    yield 'alpha';
    yield 'beta';
    yield 'gamma';
  }
  // objectMode keeps chunks apart: in byte mode how many chunks the reader
  // finds buffered at once depends on tick timing.
  const upper = new Transform({
    objectMode: true,
    transform(c, e, cb) {
      cb(null, String(c).toUpperCase());
    },
  });
  const sink = [];
  const dst = new Writable({
    write(c, e, cb) {
      sink.push(String(c));
      cb();
    },
  });
  await new Promise((resolve) => {
    const ret = pipeline(
      source,
      upper,
      async function* (chunks) {
        for await (const c of chunks) yield `${c}:${c.length}`;
      },
      dst,
      (e) => {
        log('pipeline done', err(e));
        resolve();
      },
    );
    log('returns last', ret === dst);
  });
  log(sink.join(' '));

  const failer = new Transform({
    transform(c, e, cb) {
      if (String(c) === 'b') cb(new Error('transform failed'));
      else cb(null, c);
    },
  });
  const src = Readable.from(['a', 'b', 'c'], { objectMode: false });
  const out = new PassThrough();
  out.resume();
  await new Promise((resolve) => pipeline(src, failer, out, (e) => {
    log('error callback', err(e));
    resolve();
  }));
  await tick();
  log('destroyed', src.destroyed, failer.destroyed, out.destroyed);

  const src2 = new Readable({ read() {} });
  const dst2 = new PassThrough();
  dst2.resume();
  const p = new Promise((resolve) => pipeline(src2, dst2, (e) => {
    log('premature', err(e));
    resolve();
  }));
  src2.push('x');
  await tick();
  dst2.destroy();
  await p;

  await new Promise((resolve) => {
    const last = pipeline(['x', 'y'], async function* (s) {
      for await (const c of s) yield c + c;
    }, (e, val) => {
      log('no writable end', err(e), val);
      resolve();
    });
    log('last is readable', last instanceof Readable);
    last.on('data', (c) => log('tail data', String(c)));
  });

  await new Promise((resolve) => pipeline(['1', '2'], async function (s) {
    let total = '';
    for await (const c of s) total += c;
    return total;
  }, (e, val) => {
    log('async fn sink value', err(e), val);
    resolve();
  }));

  try {
    pipeline(Readable.from(['x']), () => {});
  } catch (e) {
    log(err(e));
  }
  try {
    pipeline(Readable.from(['x']), new PassThrough());
  } catch (e) {
    log(err(e));
  }

  await new Promise((resolve) => pipeline(async function* () {
    yield 'z';
    throw new Error('source threw');
  }, new PassThrough().resume(), (e) => {
    log('source error', err(e));
    resolve();
  }));

  try {
    pipeline(Readable.from(['q']), () => 'not iterable', () => {});
  } catch (e) {
    log('bad return', err(e));
  }
});

section('finished', async () => {
  const w = new Writable({ write(c, e, cb) { cb(); } });
  finished(w, (e) => log('writable finished', err(e), w.writableFinished));
  w.end('x');
  await closed(w);
  const r = Readable.from(['x']);
  finished(r, (e) => log('readable finished', err(e), r.readableEnded));
  r.resume();
  await closed(r);
  const r2 = new Readable({ read() {} });
  finished(r2, (e) => log('on error', err(e)));
  r2.destroy(new Error('fin boom'));
  await closed(r2);
  const r3 = new Readable({ read() {} });
  finished(r3, (e) => log('premature', err(e)));
  r3.destroy();
  await closed(r3);
  const r4 = new Readable({ read() {} });
  const cleanup = finished(r4, () => log('never after cleanup'));
  log('cleanup', typeof cleanup);
  cleanup();
  r4.destroy();
  await closed(r4);
  const d = new Duplex({ read() {}, write(c, e, cb) { cb(); } });
  finished(d, { readable: false }, (e) => log('duplex writable side done', err(e)));
  d.end();
  await tick();
  await tick();
  d.destroy();
  await closed(d);
  const already = Readable.from([]);
  already.resume();
  await closed(already);
  finished(already, (e) => log('already finished', err(e)));
  await tick();
  try {
    finished({}, () => {});
  } catch (e) {
    log(err(e));
  }
  try {
    finished(new PassThrough());
  } catch (e) {
    log(err(e));
  }
  const ac = new AbortController();
  const r5 = new Readable({ read() {} });
  finished(r5, { signal: ac.signal }, (e) => log('signal', err(e)));
  ac.abort();
  await tick();
  r5.destroy();
  await tick();
});

section('addAbortSignal', async () => {
  const ac = new AbortController();
  const r = addAbortSignal(ac.signal, new Readable({ read() {} }));
  trace('r', r, ['error', 'close']);
  ac.abort();
  await closed(r);
  const aborted = AbortSignal.abort();
  const w = addAbortSignal(aborted, new Writable());
  trace('w', w, ['error', 'close']);
  await closed(w);
  try {
    addAbortSignal('x', new Readable());
  } catch (e) {
    log(err(e));
  }
  try {
    addAbortSignal(ac.signal, {});
  } catch (e) {
    log(err(e));
  }
  const ac2 = new AbortController();
  const r2 = new Readable({ signal: ac2.signal, read() {} });
  trace('r2', r2, ['error', 'close']);
  ac2.abort('why');
  await closed(r2);
  log('cause', r2.errored.cause);
});

section('compose', async () => {
  const c = compose(
    new Transform({ transform(ch, e, cb) { cb(null, String(ch) + '1'); } }),
    async function* (s) {
      for await (const x of s) yield String(x) + '2';
    },
  );
  log('composed is duplex', c instanceof Duplex);
  const res = [];
  c.on('data', (x) => res.push(String(x)));
  c.write('a');
  c.end('b');
  await settle(c);
  log(res.join(' '));
  try {
    compose();
  } catch (e) {
    log(err(e));
  }
  const viaOp = await Readable.from(['m', 'n']).compose(async function* (s) {
    for await (const x of s) yield x.toUpperCase();
  }).toArray();
  log('readable.compose', JSON.stringify(viaOp));
});

section('duplexPair', async () => {
  const [a, b] = duplexPair();
  const got = [];
  b.on('data', (c) => got.push(`b<${c}`));
  a.on('data', (c) => got.push(`a<${c}`));
  a.write('to b');
  b.write('to a');
  await tick();
  log(got.join(' '));
  a.end();
  b.end();
  await Promise.all([closed(a), closed(b)]);
  log('both closed', a.destroyed, b.destroyed);
});

section('Duplex.from', async () => {
  const d = Duplex.from(async function* (src) {
    for await (const c of src) yield String(c).split('').reverse().join('');
  });
  const out = [];
  d.on('data', (c) => out.push(String(c)));
  d.write('abc');
  d.end('xyz');
  await settle(d);
  log('from async generator fn', out.join(' '));
  const fromPromise = Duplex.from(Promise.resolve('ignored'));
  log('from promise writable', fromPromise.writable, fromPromise.readable);
  fromPromise.destroy();
  const fromIter = Duplex.from(['i1', 'i2']);
  log('from iterable', JSON.stringify(await fromIter.toArray()));
  const r = new PassThrough();
  log('from stream is same', Duplex.from(r) === r);
  r.destroy();
  const pair = Duplex.from({ readable: Readable.from(['pr']), writable: new Writable({ write(c, e, cb) { log('pair write', String(c)); cb(); } }) });
  pair.write('pw');
  pair.end();
  log('pair read', JSON.stringify(await pair.toArray()));
  try {
    Duplex.from(42);
  } catch (e) {
    log(err(e));
  }
});

section('operators', async () => {
  const nums = () => Readable.from([1, 2, 3, 4, 5]);
  log('map', JSON.stringify(await nums().map((x) => x * 2).toArray()));
  log('map async', JSON.stringify(await nums().map(async (x) => {
    await tick();
    return x + 10;
  }, { concurrency: 2 }).toArray()));
  log('filter', JSON.stringify(await nums().filter((x) => x % 2).toArray()));
  const each = [];
  log('forEach returns', await nums().forEach((x) => each.push(x)), each.join(''));
  log('some', await nums().some((x) => x > 4), await nums().some((x) => x > 5));
  log('every', await nums().every((x) => x > 0), await nums().every((x) => x > 1));
  log('find', await nums().find((x) => x > 2), await nums().find((x) => x > 9));
  log('flatMap', JSON.stringify(await nums().flatMap((x) => [x, -x]).toArray()));
  log('flatMap stream', JSON.stringify(await Readable.from(['ab']).flatMap((s) => Readable.from(s.split(''))).toArray()));
  log('drop', JSON.stringify(await nums().drop(2).toArray()));
  log('take', JSON.stringify(await nums().take(2).toArray()));
  log('drop+take', JSON.stringify(await nums().drop(1).take(2).toArray()));
  log('reduce', await nums().reduce((a, b) => a + b), await nums().reduce((a, b) => a + b, 100));
  log('toArray', JSON.stringify(await nums().toArray()));
  log('asIndexedPairs', typeof Readable.prototype.asIndexedPairs);
  try {
    await Readable.from([]).reduce((a, b) => a + b);
  } catch (e) {
    log('reduce empty', e.name, e.code, e.message);
  }
  try {
    nums().map(42);
  } catch (e) {
    log(err(e));
  }
  try {
    nums().map((x) => x, { concurrency: 0 });
  } catch (e) {
    log(err(e));
  }
  try {
    nums().drop(-1);
  } catch (e) {
    log(err(e));
  }
  try {
    nums().take('x');
  } catch (e) {
    log(err(e));
  }
  try {
    await nums().map((x) => {
      if (x === 3) throw new Error('map failed');
      return x;
    }).toArray();
  } catch (e) {
    log(err(e));
  }
  const ac = new AbortController();
  const slow = new Readable({ objectMode: true, read() {} });
  slow.push(1);
  const pr = slow.map((x) => x, { signal: ac.signal }).toArray();
  ac.abort();
  try {
    await pr;
  } catch (e) {
    log('aborted', e.name, e.code);
  }
  const stopped = Readable.from([1, 2, 3]);
  log('some stops early', await stopped.some((x) => x === 1));
  await tick();
  log('source destroyed', stopped.destroyed);
  const withPromiseFilter = await nums().filter(async (x) => x > 3).toArray();
  log('async filter', JSON.stringify(withPromiseFilter));
  const orderKept = await Readable.from([30, 10, 20]).map(async (ms) => {
    await new Promise((r) => setTimeout(r, ms));
    return ms;
  }, { concurrency: 3 }).toArray();
  log('concurrency keeps order', JSON.stringify(orderKept));
});

section('utils', async () => {
  const r = new Readable({ read() {} });
  log('isReadable', isReadable(r), 'isErrored', isErrored(r), 'isDisturbed', isDisturbed(r));
  r.push('x');
  r.read();
  log('after read isDisturbed', isDisturbed(r));
  r.destroy(new Error('e'));
  r.on('error', () => {});
  await closed(r);
  log('after destroy isReadable', isReadable(r), 'isErrored', isErrored(r));
  log('non-stream', isReadable({}), isErrored({}), isDisturbed({}));
  const w = new Writable();
  log('isWritable', stream.isWritable(w), isReadable(w));
  w.destroy();
  log('getDefaultHighWaterMark', getDefaultHighWaterMark(false), getDefaultHighWaterMark(true));
  setDefaultHighWaterMark(false, 1024);
  setDefaultHighWaterMark(true, 4);
  log('changed', new Readable().readableHighWaterMark, new Writable({ objectMode: true }).writableHighWaterMark);
  setDefaultHighWaterMark(false, 16384);
  setDefaultHighWaterMark(true, 16);
  try {
    setDefaultHighWaterMark(false, -1);
  } catch (e) {
    log(err(e));
  }
});

section('wrap and legacy Stream', async () => {
  const legacy = new Stream();
  const wrapped = new Readable().wrap(legacy);
  const got = [];
  wrapped.on('data', (c) => got.push(String(c)));
  legacy.emit('data', 'old1');
  legacy.emit('data', 'old2');
  legacy.emit('end');
  await settle(wrapped);
  log('wrapped', got.join(','));
  const src = new Stream();
  src.readable = true;
  const dst = new PassThrough();
  src.pipe(dst);
  src.emit('data', 'legacy pipe');
  src.emit('end');
  log('legacy pipe', String(dst.read()), dst.writableEnded);
  log('eventNames', JSON.stringify(new Readable().eventNames()));
});

section('misc properties', async () => {
  const r = new Readable({ read() {} });
  log(JSON.stringify({
    readableDidRead: r.readableDidRead, readableEnded: r.readableEnded, readableAborted: r.readableAborted,
    errored: r.errored, closed: r.closed, destroyed: r.destroyed, readableLength: r.readableLength,
  }));
  const w = new Writable();
  log(JSON.stringify({
    writable: w.writable, writableEnded: w.writableEnded, writableFinished: w.writableFinished,
    writableCorked: w.writableCorked, writableLength: w.writableLength, writableObjectMode: w.writableObjectMode,
    writableNeedDrain: w.writableNeedDrain, writableAborted: w.writableAborted, errored: w.errored,
  }));
  log('_readableState', typeof r._readableState, r._readableState.highWaterMark, r._readableState.objectMode);
  log('_writableState', typeof w._writableState, w._writableState.highWaterMark, w._writableState.ended);
  log('buffer', Array.isArray(r._readableState.buffer));
  r.destroy();
  w.destroy();
  const sym = Readable.prototype[Symbol.asyncDispose];
  log('asyncDispose', typeof sym);
});

for (const [name, fn] of sections) {
  log(`--- ${name}`);
  await fn();
  await tick();
}
log('--- done');
