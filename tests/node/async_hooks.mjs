// node:async_hooks: AsyncLocalStorage through await, then(), timers,
// immediates, nextTick, queueMicrotask, thenables, nested run(), exit(),
// enterWith(), bind/snapshot, AsyncResource; concurrent "requests" each see
// their own store.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
const log = (...a) => console.log(...a);

log('outside', als.getStore());
log('run returns', als.run(1, () => als.getStore() * 10));

await als.run('a', async () => {
  log('sync', als.getStore());
  await null;
  log('after await', als.getStore());
  await sleep(1);
  log('after timer await', als.getStore());
  await Promise.resolve().then(() => log('in then', als.getStore()));
  await new Promise((r) => setTimeout(() => { log('in setTimeout', als.getStore()); r(); }, 1));
  await new Promise((r) => setImmediate(() => { log('in setImmediate', als.getStore()); r(); }));
  await new Promise((r) => process.nextTick(() => { log('in nextTick', als.getStore()); r(); }));
  await new Promise((r) => queueMicrotask(() => { log('in queueMicrotask', als.getStore()); r(); }));
  const v = await { then(res) { log('in thenable', als.getStore()); res(5); } };
  log('thenable value', v);
  await other.run('o', async () => {
    await null;
    log('nested', als.getStore(), other.getStore());
    als.exit(() => log('exit', als.getStore(), other.getStore()));
  });
  log('after nested', als.getStore(), other.getStore());
  for await (const x of (async function* () { yield 1; await null; yield 2; })()) {
    log('async iter', x, als.getStore());
  }
});
log('back outside', als.getStore());

// Concurrent runs keep their own stores across interleaved awaits.
async function request(id, delays) {
  return als.run({ id }, async () => {
    const seen = [];
    for (const d of delays) {
      await sleep(d);
      seen.push(als.getStore().id);
    }
    return `${id}:${seen.join(',')}`;
  });
}
log('concurrent', (await Promise.all([request(1, [3, 1, 2]), request(2, [1, 3, 1]), request(3, [2, 2, 2])])).join(' '));

// A promise created in one context and awaited in another: the reaction
// belongs to whoever awaits.
const p = als.run('creator', () => sleep(1));
await als.run('awaiter', async () => {
  await p;
  log('awaited elsewhere', als.getStore());
});

// enterWith inside a run() does not leak out of it.
als.run('x', () => {
  als.enterWith('entered');
  log('enterWith', als.getStore());
});
log('after enterWith run', als.getStore());

// bind and snapshot.
const bound = als.run('bound', () => AsyncLocalStorage.bind(() => als.getStore()));
const snap = als.run('snap', () => AsyncLocalStorage.snapshot());
log('bind', bound(), 'snapshot', snap(() => als.getStore()));

// AsyncResource runs callbacks in the context it was created in.
const res = als.run('resource', () => new AsyncResource('Thing'));
log('AsyncResource', res.runInAsyncScope(function (a) { return [als.getStore(), this.t, a]; }, { t: 'this' }, 'arg').join(' '));
const rb = als.run('rbind', () => AsyncResource.bind(() => als.getStore()));
log('AsyncResource.bind', rb(), typeof rb.asyncResource);

// disable()
als.run('on', () => {
  als.disable();
  log('disabled', als.getStore());
});
log('run after disable', als.run('again', () => als.getStore()));

// A throwing run() restores the outer store.
try {
  als.run('throws', () => { throw new Error('boom'); });
} catch (e) {
  log('threw', e.message, als.getStore());
}
