// node:diagnostics_channel: channels by string and symbol name, publish and
// subscribe order, unsubscribe and subscribe during publish, hasSubscribers
// transitions, bindStore/runStores with AsyncLocalStorage (through await),
// TracingChannel traceSync/tracePromise/traceCallback event order with their
// context objects, subscriber errors (rethrown from process.nextTick, caught
// here by a stub) and validation errors.
import dc, {
  channel,
  hasSubscribers,
  subscribe,
  unsubscribe,
  tracingChannel,
  Channel,
} from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { AsyncLocalStorage } from 'node:async_hooks';

const require = createRequire(import.meta.url);
const log = (...a) => console.log(...a);
const tick = () => new Promise((r) => setTimeout(r, 1));

// An error's name, code and message (not its stack, which is engine-made).
function showError(label, fn) {
  try {
    fn();
    log(label, 'no error');
  } catch (e) {
    log(label, e.name, e.code, e.message);
  }
}

// A context object with its error shown by message only.
function ctx(c) {
  const out = {};
  for (const k of Object.keys(c)) {
    const v = c[k];
    out[k] = v instanceof Error ? `Error(${v.message})` : v;
  }
  return out;
}

// Exports.
log('default keys', Object.keys(dc).sort().join(','));
log('require is default', require('diagnostics_channel') === dc, require('node:diagnostics_channel') === dc);
log('named are default', dc.channel === channel, dc.Channel === Channel, dc.tracingChannel === tracingChannel);
log('types', typeof channel, typeof hasSubscribers, typeof subscribe, typeof unsubscribe, typeof tracingChannel, typeof Channel);

// Channels: one per name.
const a = channel('test:a');
log('same channel', a === channel('test:a'), a !== channel('test:b'));
log('name', a.name, 'instanceof', a instanceof Channel, 'hasSubscribers', a.hasSubscribers);
log('module hasSubscribers', hasSubscribers('test:a'), hasSubscribers('test:never-made'));
log('plain object instanceof', {} instanceof Channel, Object.create(Channel.prototype) instanceof Channel);
log('publish without subscribers', a.publish({ x: 1 }));
log('unsubscribe without subscribers', a.unsubscribe(() => {}), a.unbindStore(new AsyncLocalStorage()));
log('runStores inactive', a.runStores({ m: 1 }, function (x, y) { return [this.t, x, y].join('/'); }, { t: 'this' }, 1, 2));
const direct = new Channel('test:direct');
log('constructed channel is registered', channel('test:direct') === direct);

// Publish order; each subscriber gets (message, name).
const order = [];
const s1 = (m, n) => order.push(`s1:${m.v}:${n}`);
const s2 = (m, n) => order.push(`s2:${m.v}:${n}`);
const s3 = (m, n) => order.push(`s3:${m.v}:${n}`);
a.subscribe(s1);
a.subscribe(s2);
a.subscribe(s3);
log('after subscribe', a.hasSubscribers, hasSubscribers('test:a'), a instanceof Channel);
a.publish({ v: 1 });
log('order', order.join(' '));
log('unsubscribe s2', a.unsubscribe(s2), 'again', a.unsubscribe(s2));
order.length = 0;
a.publish({ v: 2 });
log('order', order.join(' '));
// The same function subscribed twice is called twice, unsubscribed once at a time.
a.subscribe(s1);
order.length = 0;
a.publish({ v: 3 });
log('twice', order.join(' '));
log('unsubscribe s1', a.unsubscribe(s1), a.unsubscribe(s1), a.unsubscribe(s1));
log('unsubscribe s3', a.unsubscribe(s3));
log('hasSubscribers after all gone', a.hasSubscribers, hasSubscribers('test:a'));
order.length = 0;
a.publish({ v: 4 });
log('nothing published', order.length);

// Unsubscribing and subscribing during a publish affect the next one only.
const b = channel('test:during');
const seen = [];
const late = (m) => seen.push(`late:${m}`);
const victim = (m) => seen.push(`victim:${m}`);
const first = (m) => {
  seen.push(`first:${m}`);
  if (m === 1) {
    b.unsubscribe(victim);
    b.subscribe(late);
  }
};
const self = (m) => {
  seen.push(`self:${m}`);
  b.unsubscribe(self);
};
b.subscribe(first);
b.subscribe(self);
b.subscribe(victim);
b.publish(1);
log('during 1', seen.join(' '));
seen.length = 0;
b.publish(2);
log('during 2', seen.join(' '));

// Module-level subscribe/unsubscribe.
const ms = (m, n) => log('module subscriber', m, n);
log('subscribe returns', subscribe('test:module', ms));
log('module hasSubscribers', hasSubscribers('test:module'), channel('test:module').hasSubscribers);
channel('test:module').publish('hello');
log('unsubscribe returns', unsubscribe('test:module', ms), unsubscribe('test:module', ms));
log('module hasSubscribers after', hasSubscribers('test:module'));
log('unsubscribe unknown name', unsubscribe('test:module-unknown', ms));

// Symbol names.
const sym = Symbol('test:sym');
const symCh = channel(sym);
log('symbol channel', symCh === channel(sym), channel(Symbol('test:sym')) !== symCh, typeof symCh.name, String(symCh.name));
symCh.subscribe((m, n) => log('symbol subscriber', m, n === sym, String(n)));
log('symbol hasSubscribers', hasSubscribers(sym), hasSubscribers(Symbol('test:sym')));
symCh.publish({ s: true });

// Validation errors.
showError('channel(1)', () => channel(1));
showError('channel(null)', () => channel(null));
showError('channel(undefined)', () => channel());
showError('channel({})', () => channel({}));
showError('channel(fn)', () => channel(function named() {}));
showError('subscribe(name, 1)', () => subscribe('test:bad', 1));
showError('channel.subscribe("x")', () => channel('test:bad2').subscribe('x'));
showError('tracingChannel(1)', () => tracingChannel(1));
showError('tracingChannel(null)', () => tracingChannel(null));
showError('tracingChannel()', () => tracingChannel());
showError('tracingChannel(bad start)', () => tracingChannel({ start: 1 }));
showError('tracingChannel(bad end)', () => tracingChannel({ start: channel('tc:obj:start'), end: 'end' }));
showError('tracingChannel(bad error)', () =>
  tracingChannel({
    start: channel('tc:obj:start'),
    end: channel('tc:obj:end'),
    asyncStart: channel('tc:obj:asyncStart'),
    asyncEnd: channel('tc:obj:asyncEnd'),
    error: {},
  }),
);
try {
  tracingChannel({ start: channel('tc:obj:start'), end: undefined });
} catch (e) {
  log('tracingChannel(missing end)', e instanceof TypeError);
}
log('hasSubscribers(non-channel name)', hasSubscribers(1), hasSubscribers(undefined));
log('a failed subscribe leaves the channel active (as Node)', hasSubscribers('test:bad'), hasSubscribers('test:bad2'));

// bindStore with a transform, runStores with AsyncLocalStorage.
const als = new AsyncLocalStorage();
const als2 = new AsyncLocalStorage();
const st = channel('test:store');
log('store hasSubscribers before', st.hasSubscribers);
st.bindStore(als, (data) => ({ wrapped: data.id }));
log('store hasSubscribers after bindStore', st.hasSubscribers, hasSubscribers('test:store'));
st.subscribe((m) => log('subscriber sees store', als.getStore(), 'message', m));
const ret = st.runStores(
  { id: 7 },
  async function (x, y) {
    log('in runStores', als.getStore(), this.self, x, y);
    await null;
    log('after await', als.getStore());
    await tick();
    log('after timer', als.getStore());
    return 'done';
  },
  { self: 'thisArg' },
  'x',
  'y',
);
log('outside runStores', als.getStore(), ret instanceof Promise);
log('runStores result', await ret, als.getStore());

// A second store without a transform gets the message itself; rebinding
// replaces the transform.
st.bindStore(als2);
st.runStores({ id: 8 }, () => log('two stores', als.getStore(), als2.getStore()));
st.bindStore(als, (data) => `replaced:${data.id}`);
st.runStores({ id: 9 }, () => log('replaced transform', als.getStore(), als2.getStore()));
log('unbindStore', st.unbindStore(als), st.unbindStore(als), st.unbindStore(als2));
st.runStores({ id: 10 }, () => log('unbound', als.getStore(), als2.getStore()));
// Nested runStores of two channels bound to one store.
const outerCh = channel('test:store-outer');
const innerCh = channel('test:store-inner');
outerCh.bindStore(als, (d) => `outer:${d}`);
innerCh.bindStore(als, (d) => `inner:${d}`);
outerCh.runStores('o', () => {
  log('nested outer', als.getStore());
  innerCh.runStores('i', () => log('nested inner', als.getStore()));
  log('nested back', als.getStore());
});
log('store unbound channels', outerCh.unbindStore(als), innerCh.unbindStore(als), outerCh.hasSubscribers, innerCh.hasSubscribers);

// Subscriber and transform errors do not stop the publish; they are rethrown
// from process.nextTick. A stub catches the ticks here (running them would be
// an uncaught exception).
{
  const realNextTick = process.nextTick;
  const queued = [];
  process.nextTick = (fn, ...args) => queued.push(fn);
  const ec = channel('test:errors');
  ec.subscribe(() => {
    throw new Error('subscriber failed');
  });
  ec.subscribe((m) => log('next subscriber still runs', m));
  ec.publish('msg');
  log('ticks queued by publish', queued.length, queued.every((f) => typeof f === 'function'));
  const eals = new AsyncLocalStorage();
  ec.bindStore(eals, () => {
    throw new Error('transform failed');
  });
  const r = ec.runStores('run', () => {
    log('runStores fn runs without the store', eals.getStore());
    return 'ok';
  });
  log('runStores returned', r, 'ticks queued', queued.length);
  process.nextTick = realNextTick;
}

// TracingChannel.
const events = [];
function handlers(tag) {
  return {
    start: (c) => events.push(`${tag} start ${JSON.stringify(ctx(c))}`),
    end: (c) => events.push(`${tag} end ${JSON.stringify(ctx(c))}`),
    asyncStart: (c) => events.push(`${tag} asyncStart ${JSON.stringify(ctx(c))}`),
    asyncEnd: (c) => events.push(`${tag} asyncEnd ${JSON.stringify(ctx(c))}`),
    error: (c) => events.push(`${tag} error ${JSON.stringify(ctx(c))}`),
  };
}
function flush(label) {
  log(label);
  for (const e of events) log('  ' + e);
  events.length = 0;
}

const tc = tracingChannel('test:trace');
log('tracing channel names', tc.start.name, tc.end.name, tc.asyncStart.name, tc.asyncEnd.name, tc.error.name);
log('tracing channels are channels', tc.start === channel('tracing:test:trace:start'), tc.error instanceof Channel);
log('tracing keys', Object.keys(tc).join(','), Object.getOwnPropertyNames(tc).join(','));
log('tracing hasSubscribers before', tc.hasSubscribers);
log('traceSync without subscribers', tc.traceSync((x) => x * 2, { keep: true }, undefined, 21));

const h = handlers('sync');
tc.subscribe(h);
log('tracing hasSubscribers after', tc.hasSubscribers);

// traceSync: result, thisArg, args; an error.
const syncCtx = { op: 'add' };
log(
  'traceSync result',
  tc.traceSync(function (x, y) { events.push(`  fn this=${this.t} args=${x},${y}`); return x + y; }, syncCtx, { t: 'T' }, 2, 3),
);
log('context after', ctx(syncCtx));
flush('traceSync events');
try {
  tc.traceSync(() => {
    throw new Error('sync boom');
  }, { op: 'throw' });
} catch (e) {
  log('traceSync threw', e.message);
}
flush('traceSync error events');
log('traceSync default context', tc.traceSync(() => 'v'));
flush('traceSync default context events');

// tracePromise: resolve, reject, sync throw, thenable.
const pctx = { op: 'resolve' };
const pr = tc.tracePromise(async (x) => {
  events.push('  fn starts');
  await null;
  events.push('  fn resumes');
  return x + 1;
}, pctx, undefined, 41);
events.push('  tracePromise returned');
log('tracePromise value', await pr);
flush('tracePromise events');
try {
  await tc.tracePromise(async () => {
    await null;
    throw new Error('async boom');
  }, { op: 'reject' });
} catch (e) {
  log('tracePromise rejected', e.message);
}
flush('tracePromise reject events');
try {
  tc.tracePromise(() => {
    throw new Error('sync in promise');
  }, { op: 'sync throw' });
} catch (e) {
  log('tracePromise threw synchronously', e.message);
}
flush('tracePromise sync throw events');
const thenableResult = tc.tracePromise(() => ({ then(res) { res('from thenable'); } }), { op: 'thenable' });
log('thenable becomes promise', thenableResult instanceof Promise, await thenableResult);
flush('tracePromise thenable events');
log('non-promise value', await tc.tracePromise(() => 5, { op: 'value' }));
flush('tracePromise value events');

// traceCallback: default position (last), an explicit position, an error.
await new Promise((resolve) => {
  const cctx = { op: 'callback' };
  tc.traceCallback(
    function (x, cb) {
      events.push(`  fn this=${this.t} x=${x}`);
      setTimeout(() => cb(null, x * 3), 1);
    },
    undefined,
    cctx,
    { t: 'CB' },
    4,
    function (err, res) {
      events.push(`  callback err=${err} res=${res}`);
      resolve();
    },
  );
  events.push('  traceCallback returned');
});
flush('traceCallback events');
await new Promise((resolve) => {
  tc.traceCallback(
    (cb, x) => {
      setTimeout(() => cb(new Error('cb failed'), x), 1);
    },
    0,
    { op: 'callback error' },
    undefined,
    (err, res) => {
      events.push(`  callback err=${err.message} res=${res}`);
      resolve();
    },
    'arg',
  );
});
flush('traceCallback error events');
try {
  tc.traceCallback(() => {
    throw new Error('cb fn threw');
  }, -1, { op: 'callback sync throw' }, undefined, () => {});
} catch (e) {
  log('traceCallback threw', e.message);
}
flush('traceCallback sync throw events');
showError('traceCallback(bad callback)', () => tc.traceCallback(() => {}, -1, {}, undefined, 'not a function'));
showError('traceCallback(bad position)', () => tc.traceCallback(() => {}, 0, {}, undefined, 1, () => {}));
flush('traceCallback validation events');

// Stores through a trace: start's store inside fn and after its await; the
// asyncStart store in the callback.
const tals = new AsyncLocalStorage();
tc.start.bindStore(tals, (c) => `start:${c.op}`);
log(
  'traceSync store',
  tc.traceSync(() => tals.getStore(), { op: 'store' }),
  'outside',
  tals.getStore(),
);
events.length = 0;
log(
  'tracePromise store',
  await tc.tracePromise(async () => {
    const before = tals.getStore();
    await tick();
    return `${before} then ${tals.getStore()}`;
  }, { op: 'pstore' }),
  'outside',
  tals.getStore(),
);
events.length = 0;
tc.asyncStart.bindStore(tals, (c) => `asyncStart:${c.op}`);
await new Promise((resolve) => {
  tc.traceCallback(
    (cb) => {
      events.push(`  fn store ${tals.getStore()}`);
      setTimeout(() => cb(null, 1), 1);
    },
    -1,
    { op: 'cbstore' },
    undefined,
    () => {
      events.push(`  callback store ${tals.getStore()}`);
      resolve();
    },
  );
});
for (const e of events) if (e.startsWith('  ')) log(e);
events.length = 0;
tc.start.unbindStore(tals);
tc.asyncStart.unbindStore(tals);

// unsubscribe: true when every handler was subscribed.
log('tracing unsubscribe', tc.unsubscribe(h), 'again', tc.unsubscribe(h));
log('tracing hasSubscribers after unsubscribe', tc.hasSubscribers);
const only = { asyncEnd: (c) => events.push(`only asyncEnd ${c.op}`) };
tc.subscribe(only);
log('one handler hasSubscribers', tc.hasSubscribers, tc.start.hasSubscribers, tc.asyncEnd.hasSubscribers);
await tc.tracePromise(async () => 1, { op: 'partial' });
flush('partial subscription events');
log('partial unsubscribe', tc.unsubscribe({ ...only, start: () => {} }), tc.hasSubscribers);

// A TracingChannel from channel objects.
const objTc = tracingChannel({
  start: channel('obj:start'),
  end: channel('obj:end'),
  asyncStart: channel('obj:asyncStart'),
  asyncEnd: channel('obj:asyncEnd'),
  error: channel('obj:error'),
});
log('from channels', objTc.start === channel('obj:start'), objTc.error.name);
objTc.subscribe(handlers('obj'));
objTc.traceSync(() => 'x', { op: 'obj' });
flush('object tracing channel events');
log('typeof TracingChannel', typeof tc.constructor, tc.constructor.name, typeof dc.TracingChannel);
