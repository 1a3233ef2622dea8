// node:events: EventEmitter and the module functions.
import EventEmitter, {
  EventEmitter as NamedEE,
  once,
  on,
  getEventListeners,
  getMaxListeners,
  setMaxListeners,
  addAbortListener,
  errorMonitor,
  captureRejectionSymbol,
  listenerCount,
  defaultMaxListeners,
  usingDomains,
  init,
} from 'node:events';
import * as ns from 'node:events';
import process from 'node:process';

let n = 0;
const log = (label, v) => console.log(`${++n} ${label}: ${JSON.stringify(v)}`);
const fail = (label, fn) => {
  try {
    fn();
    console.log(`${++n} ${label}: no throw`);
  } catch (e) {
    console.log(`${++n} ${label}: ${e.name} ${e.code} ${e.message}`);
  }
};
const afail = async (label, p) => {
  try {
    const v = await p;
    console.log(`${++n} ${label}: resolved ${JSON.stringify(v)}`);
  } catch (e) {
    console.log(`${++n} ${label}: rejected ${e.name} ${e.code} ${e.message}`);
  }
};
const tick = () => new Promise((r) => setTimeout(r, 0));

// --- Module shape
log('default is EventEmitter', EventEmitter === NamedEE);
log('EventEmitter.EventEmitter', EventEmitter.EventEmitter === EventEmitter);
log('statics', [
  EventEmitter.once === once,
  EventEmitter.on === on,
  EventEmitter.getEventListeners === getEventListeners,
  EventEmitter.getMaxListeners === getMaxListeners,
  EventEmitter.setMaxListeners === setMaxListeners,
  EventEmitter.addAbortListener === addAbortListener,
  EventEmitter.errorMonitor === errorMonitor,
  EventEmitter.captureRejectionSymbol === captureRejectionSymbol,
  EventEmitter.init === init,
  EventEmitter.listenerCount === listenerCount,
]);
log('errorMonitor', String(errorMonitor));
log('captureRejectionSymbol', captureRejectionSymbol === Symbol.for('nodejs.rejection'));
log('defaultMaxListeners', [defaultMaxListeners, EventEmitter.defaultMaxListeners]);
log('usingDomains', usingDomains);
log('captureRejections', EventEmitter.captureRejections);
log('typeof', typeof EventEmitter);
log('name/length', [EventEmitter.name, EventEmitter.length]);
log('proto methods', Object.keys(EventEmitter.prototype).sort());
log('on===addListener', EventEmitter.prototype.on === EventEmitter.prototype.addListener);
log('off===removeListener', EventEmitter.prototype.off === EventEmitter.prototype.removeListener);
const expectedNs = ['EventEmitter', 'addAbortListener', 'captureRejectionSymbol', 'captureRejections', 'default',
  'defaultMaxListeners', 'errorMonitor', 'getEventListeners', 'getMaxListeners', 'init', 'listenerCount', 'on',
  'once', 'setMaxListeners', 'usingDomains'];
log('namespace has', expectedNs.filter((k) => !(k in ns)));
log('kMaxEventTargetListeners', typeof EventEmitter.kMaxEventTargetListeners);

// --- Basic emit
{
  const e = new EventEmitter();
  log('fresh _events keys', Object.keys(e._events));
  log('fresh _eventsCount', e._eventsCount);
  log('fresh _maxListeners', e._maxListeners);
  log('emit no listeners', e.emit('x'));
  const calls = [];
  e.on('x', function (a, b) {
    calls.push(['first', a, b, this === e]);
  });
  log('single stored as fn', typeof e._events.x);
  e.on('x', (...args) => calls.push(['second', args.length]));
  log('two stored as array', Array.isArray(e._events.x));
  log('emit returns', e.emit('x', 1, 2, 3));
  log('calls', calls);
  log('eventNames', e.eventNames());
  log('listenerCount', e.listenerCount('x'));
  log('listenerCount none', e.listenerCount('nope'));
  log('listeners length', e.listeners('x').length);
  log('on returns this', e.on('y', () => {}) === e);
  log('eventNames 2', e.eventNames());
  log('_eventsCount', e._eventsCount);
  const sym = Symbol('s');
  e.on(sym, () => calls.push('sym'));
  e.emit(sym);
  log('symbol event', calls.at(-1));
  log('eventNames symbol', e.eventNames().map(String));
  e.emit('x');
  log('no args', calls.at(-1));
  e.emit('x', ...Array.from({ length: 8 }, (_, i) => i));
  log('many args', calls.at(-1));
}

// --- Order, prepend, once
{
  const e = new EventEmitter();
  const order = [];
  e.on('a', () => order.push(1));
  e.on('a', () => order.push(2));
  e.prependListener('a', () => order.push(0));
  e.once('a', () => order.push('once'));
  e.prependOnceListener('a', () => order.push('ponce'));
  e.emit('a');
  log('order first', order);
  order.length = 0;
  e.emit('a');
  log('order second', order);
  log('count after once', e.listenerCount('a'));
  const f = () => {};
  e.once('b', f);
  log('once listeners unwraps', e.listeners('b')[0] === f);
  log('once rawListeners wrapped', e.rawListeners('b')[0] !== f);
  log('raw .listener', e.rawListeners('b')[0].listener === f);
  const raw = e.rawListeners('b')[0];
  raw();
  log('raw call removes', e.listenerCount('b'));
  raw();
  log('raw call twice', e.listenerCount('b'));
  // once wrapper passes this and args
  const seen = [];
  e.once('c', function (...a) {
    seen.push(this === e, a);
  });
  e.emit('c', 'p', 'q');
  e.emit('c', 'r');
  log('once this/args', seen);
  // once returns value
  e.once('d', () => 42);
  log('raw once return', e.rawListeners('d')[0]());
  // listener added during emit not called in that emit
  const during = [];
  e.on('e', () => {
    during.push('e1');
    e.on('e', () => during.push('e2'));
  });
  e.emit('e');
  log('added during emit', during);
  during.length = 0;
  e.emit('e');
  log('next emit', during);
  // removed during emit still called (array copied)
  const r = [];
  const r2 = () => r.push('r2');
  e.on('r', () => {
    r.push('r1');
    e.off('r', r2);
  });
  e.on('r', r2);
  e.emit('r');
  log('removed during emit still runs', r);
  r.length = 0;
  e.emit('r');
  log('after removal', r);
  // same listener twice
  const g = () => r.push('g');
  const e2 = new EventEmitter();
  e2.on('g', g);
  e2.on('g', g);
  r.length = 0;
  e2.emit('g');
  log('dup listener', r);
  e2.removeListener('g', g);
  log('dup after one removal', e2.listenerCount('g'));
  log('stored as fn again', typeof e2._events.g);
  log('listenerCount with listener', [e2.listenerCount('g', g), e2.listenerCount('g', () => {})]);
  e2.on('g', g);
  e2.on('g', () => {});
  log('listenerCount listener arr', e2.listenerCount('g', g));
  const h = () => {};
  e2.once('h', h);
  log('listenerCount once listener', e2.listenerCount('h', h));
}

// --- removeListener
{
  const e = new EventEmitter();
  const a = () => {};
  const b = () => {};
  const c = () => {};
  e.on('x', a);
  e.on('x', b);
  e.on('x', c);
  log('remove returns this', e.removeListener('x', b) === e);
  log('after remove middle', e.listeners('x').map((f) => [a, b, c].indexOf(f)));
  e.removeListener('x', a);
  log('one left is fn', typeof e._events.x === 'function');
  e.removeListener('x', c);
  log('none left', [e.listenerCount('x'), e.eventNames()]);
  log('remove unknown', e.removeListener('zz', a) === e);
  e.on('x', a);
  e.removeListener('x', b);
  log('remove not present', e.listenerCount('x'));
  // removes the last matching one
  const order = [];
  const f1 = () => order.push('f');
  const g1 = () => order.push('g');
  e.on('y', f1);
  e.on('y', g1);
  e.on('y', f1);
  e.removeListener('y', f1);
  e.emit('y');
  log('removes last occurrence', order);
  // remove once listener by original
  const o = () => {};
  e.once('z', o);
  e.off('z', o);
  log('remove once by original', e.listenerCount('z'));
  // removeListener event
  const events = [];
  const e3 = new EventEmitter();
  e3.on('removeListener', (name, fn) => events.push([String(name), fn === a]));
  e3.on('foo', a);
  e3.on('foo', b);
  e3.removeListener('foo', a);
  e3.removeListener('foo', b);
  e3.once('bar', a);
  e3.emit('bar');
  log('removeListener events', events);
}

// --- newListener
{
  const e = new EventEmitter();
  const events = [];
  e.on('newListener', (name, fn) => {
    events.push([String(name), typeof fn, e.listenerCount(name)]);
  });
  const f = () => {};
  e.on('foo', f);
  e.once('bar', f);
  log('newListener events', events);
  // newListener that adds same-event listener: goes before
  const e2 = new EventEmitter();
  const order = [];
  e2.once('newListener', (name) => {
    if (name === 'ev') e2.on('ev', () => order.push('B'));
  });
  e2.on('ev', () => order.push('A'));
  e2.emit('ev');
  log('newListener insert order', order);
  // once listener reported unwrapped
  const e3 = new EventEmitter();
  let got;
  e3.on('newListener', (n, l) => (got = l));
  e3.once('x', f);
  log('newListener unwrapped once', got === f);
}

// --- removeAllListeners
{
  const e = new EventEmitter();
  e.on('a', () => {});
  e.on('a', () => {});
  e.on('b', () => {});
  log('rAL returns this', e.removeAllListeners('a') === e);
  log('rAL one', e.eventNames());
  e.removeAllListeners();
  log('rAL all', [e.eventNames(), e._eventsCount]);
  log('rAL nothing', e.removeAllListeners('nothing') === e);
  const removed = [];
  const e2 = new EventEmitter();
  e2.on('removeListener', (name) => removed.push(String(name)));
  e2.on('a', () => {});
  e2.on('a', () => {});
  e2.on('b', () => {});
  e2.removeAllListeners('a');
  log('rAL with removeListener one', removed);
  removed.length = 0;
  e2.on('c', () => {});
  e2.removeAllListeners();
  log('rAL with removeListener all', removed);
  log('rAL count', e2._eventsCount);
  log('rAL no-arg undefined', (() => {
    const e3 = new EventEmitter();
    e3.on('undefined', () => {});
    e3.on('x', () => {});
    e3.removeAllListeners(undefined);
    return e3.eventNames();
  })());
}

// --- errors
{
  const e = new EventEmitter();
  const er = new Error('boom');
  fail('emit error no listener', () => e.emit('error', er));
  try {
    e.emit('error', er);
  } catch (x) {
    log('thrown is same error', x === er);
  }
  fail('emit error string', () => e.emit('error', 'str'));
  fail('emit error number', () => e.emit('error', 42));
  fail('emit error object', () => e.emit('error', { a: 1 }));
  fail('emit error undefined', () => e.emit('error'));
  fail('emit error null', () => e.emit('error', null));
  try {
    e.emit('error', { message: 'x' });
  } catch (x) {
    log('context', x.context);
  }
  const e2 = new EventEmitter();
  e2._events = undefined;
  fail('emit error without _events', () => e2.emit('error', 'x'));
  log('emit other without _events', e2.emit('foo'));
  const seen = [];
  e.on('error', (x) => seen.push(x.message));
  log('emit error with listener', e.emit('error', er));
  log('seen', seen);
  // errorMonitor
  const e3 = new EventEmitter();
  const mon = [];
  e3.on(errorMonitor, (x) => mon.push(['monitor', x]));
  fail('errorMonitor still throws', () => e3.emit('error', 'bad'));
  e3.on('error', (x) => mon.push(['handler', x]));
  e3.emit('error', 'ok');
  log('errorMonitor order', mon);
  // listener throw propagates
  const e4 = new EventEmitter();
  e4.on('x', () => {
    throw new TypeError('inner');
  });
  fail('listener throws', () => e4.emit('x'));
}

// --- argument validation
{
  const e = new EventEmitter();
  for (const bad of [undefined, null, 1, 'str', {}, [], Symbol('q'), 1n, true]) {
    fail(`on(${typeof bad})`, () => e.on('x', bad));
  }
  fail('once bad', () => e.once('x', 1));
  fail('prependListener bad', () => e.prependListener('x', {}));
  fail('prependOnceListener bad', () => e.prependOnceListener('x', null));
  fail('removeListener bad', () => e.removeListener('x', 'f'));
  fail('off bad', () => e.off('x'));
  fail('setMaxListeners -1', () => e.setMaxListeners(-1));
  fail('setMaxListeners NaN', () => e.setMaxListeners(NaN));
  fail('setMaxListeners str', () => e.setMaxListeners('5'));
  fail('setMaxListeners undefined', () => e.setMaxListeners());
  fail('setMaxListeners Infinity', () => e.setMaxListeners(Infinity));
  fail('setMaxListeners 0', () => e.setMaxListeners(0));
  fail('defaultMaxListeners -1', () => {
    EventEmitter.defaultMaxListeners = -1;
  });
  fail('defaultMaxListeners str', () => {
    EventEmitter.defaultMaxListeners = 'x';
  });
  fail('captureRejections non-bool', () => {
    EventEmitter.captureRejections = 1;
  });
  fail('ctor captureRejections non-bool', () => new EventEmitter({ captureRejections: 'yes' }));
  fail('ctor captureRejections false', () => new EventEmitter({ captureRejections: false }));
  fail('static setMaxListeners bad', () => setMaxListeners(-2));
  fail('static setMaxListeners bad target', () => setMaxListeners(5, {}));
  fail('getEventListeners bad', () => getEventListeners({}, 'x'));
  fail('getMaxListeners bad', () => getMaxListeners({}));
  fail('addAbortListener undefined', () => addAbortListener(undefined, () => {}));
  fail('addAbortListener bad signal', () => addAbortListener({}, () => {}));
  fail('addAbortListener bad fn', () => addAbortListener(new AbortController().signal, 1));
  fail('on bad highWaterMark', () => on(e, 'x', { highWaterMark: 0 }));
  fail('on bad lowWaterMark', () => on(e, 'x', { lowWaterMark: 1.5 }));
  fail('on bad signal', () => on(e, 'x', { signal: 1 }));
}

// --- max listeners
{
  const e = new EventEmitter();
  log('getMaxListeners default', e.getMaxListeners());
  log('setMaxListeners returns this', e.setMaxListeners(3) === e);
  log('getMaxListeners 3', e.getMaxListeners());
  log('_maxListeners', e._maxListeners);
  log('static getMaxListeners', getMaxListeners(e));
  e.setMaxListeners(0);
  for (let i = 0; i < 20; i++) e.on('many', () => {});
  log('unlimited no warned flag', e._events.many.warned);
  const e2 = new EventEmitter();
  setMaxListeners(7, e2);
  log('static setMaxListeners on emitter', e2.getMaxListeners());
  const et = new EventTarget();
  setMaxListeners(4, et);
  log('static setMaxListeners on EventTarget', getMaxListeners(et));
  log('getMaxListeners EventTarget default', getMaxListeners(new EventTarget()));
  const old = EventEmitter.defaultMaxListeners;
  EventEmitter.defaultMaxListeners = 2;
  const e3 = new EventEmitter();
  log('default changed', [e3.getMaxListeners(), getMaxListeners(e3)]);
  setMaxListeners(5);
  log('static default set', EventEmitter.defaultMaxListeners);
  EventEmitter.defaultMaxListeners = old;
  log('default restored', EventEmitter.defaultMaxListeners);
}

// --- getEventListeners
{
  const e = new EventEmitter();
  const f = () => {};
  e.on('x', f);
  e.once('x', f);
  log('getEventListeners emitter', getEventListeners(e, 'x').map((l) => l === f));
  log('getEventListeners none', getEventListeners(e, 'none'));
  const et = new EventTarget();
  const g = () => {};
  const h = { handleEvent() {} };
  et.addEventListener('foo', g);
  et.addEventListener('foo', h);
  log('getEventListeners target', getEventListeners(et, 'foo').map((l) => l === g || l === h));
  log('getEventListeners target none', getEventListeners(et, 'bar'));
  et.removeEventListener('foo', g);
  log('getEventListeners after remove', getEventListeners(et, 'foo').length);
}

// --- subclassing and shape mode
{
  class My extends EventEmitter {
    constructor() {
      super();
      this.tag = 'my';
    }
  }
  const m = new My();
  const seen = [];
  m.on('x', function () {
    seen.push(this.tag);
  });
  m.emit('x');
  log('subclass', [seen, m instanceof EventEmitter]);
  // old-style inheritance
  function Old() {
    EventEmitter.call(this);
  }
  Object.setPrototypeOf(Old.prototype, EventEmitter.prototype);
  const o = new Old();
  o.on('y', (v) => seen.push(v));
  o.emit('y', 'old');
  log('old-style', seen);
  // Object.create
  const oc = Object.create(EventEmitter.prototype);
  oc.on('z', (v) => seen.push(v));
  oc.emit('z', 'created');
  log('Object.create without init', seen);
  // init on an object with prototype _events
  const proto = { _events: { a: () => {} } };
  const child = Object.create(proto);
  EventEmitter.init.call(child);
  log('init fresh events', child._events !== proto._events);
  // pre-existing own _events: shape mode
  const pre = { _events: { __proto__: null }, _eventsCount: 0 };
  Object.setPrototypeOf(pre, EventEmitter.prototype);
  EventEmitter.init.call(pre);
  const l = () => {};
  pre.on('a', l);
  pre.on('b', l);
  pre.removeListener('a', l);
  log('shape mode keeps key', ['a' in pre._events, pre._events.a, pre._eventsCount]);
}

// --- static listenerCount
{
  const e = new EventEmitter();
  e.on('x', () => {});
  log('EventEmitter.listenerCount', listenerCount(e, 'x'));
  log('listenerCount on plain object', listenerCount({ _events: { a: [1, 2] } }, 'a'));
}

// --- captureRejections
{
  const e = new EventEmitter({ captureRejections: true });
  const errs = [];
  e.on('error', (err) => errs.push(err.message));
  e.on('ev', async () => {
    throw new Error('async boom');
  });
  e.emit('ev');
  await tick();
  log('captureRejections to error', errs);
  const e2 = new EventEmitter({ captureRejections: true });
  e2[captureRejectionSymbol] = (err, type, ...args) => errs.push([err.message, type, args]);
  e2.on('ev2', async (a) => {
    throw new Error('custom');
  });
  e2.emit('ev2', 1, 2);
  await tick();
  log('captureRejectionSymbol handler', errs.at(-1));
  // thenable resolves: nothing
  const e3 = new EventEmitter({ captureRejections: true });
  e3.on('ok', async () => 1);
  e3.emit('ok');
  await tick();
  log('resolved promise no error', e3.listenerCount('error'));
  // thenable whose then throws
  const e4 = new EventEmitter({ captureRejections: true });
  const got = [];
  e4.on('error', (x) => got.push(x.message));
  e4.on('t', () => ({
    get then() {
      throw new Error('then getter');
    },
  }));
  e4.emit('t');
  log('then getter throws', got);
  // default: not captured (listener returns a rejected promise, we handle it)
  const e5 = new EventEmitter();
  let caught = null;
  e5.on('r', () => Promise.reject(new Error('x')).catch((x) => (caught = x.message)));
  e5.emit('r');
  await tick();
  log('no capture by default', caught);
  // global default
  EventEmitter.captureRejections = true;
  const e6 = new EventEmitter();
  const got6 = [];
  e6.on('error', (x) => got6.push(x.message));
  e6.on('a', async () => {
    throw new Error('global');
  });
  e6.emit('a');
  await tick();
  EventEmitter.captureRejections = false;
  log('global captureRejections', got6);
}

// --- once()
{
  const e = new EventEmitter();
  const p = once(e, 'ready');
  log('once listener added', [e.listenerCount('ready'), e.listenerCount('error')]);
  e.emit('ready', 1, 'two');
  log('once value', await p);
  log('once listeners removed', [e.listenerCount('ready'), e.listenerCount('error')]);
  const p2 = once(e, 'ready');
  e.emit('error', new Error('failed'));
  await afail('once rejects on error', p2);
  log('after error removed', [e.listenerCount('ready'), e.listenerCount('error')]);
  const p3 = once(e, 'error');
  e.emit('error', new Error('as value'));
  log('once error event', (await p3)[0].message);
  const ac = new AbortController();
  const p4 = once(e, 'never', { signal: ac.signal });
  ac.abort();
  await afail('once aborted', p4);
  log('aborted removed', e.listenerCount('never'));
  await afail('once pre-aborted', once(e, 'x', { signal: AbortSignal.abort() }));
  await afail('once bad signal', once(e, 'x', { signal: 'no' }));
  try {
    await once(e, 'x', { signal: AbortSignal.abort('why') });
  } catch (x) {
    log('abort cause', x.cause);
  }
  const et = new EventTarget();
  const p5 = once(et, 'ping');
  et.dispatchEvent(new Event('ping'));
  const [ev] = await p5;
  log('once EventTarget', [ev.type, ev instanceof Event]);
  const ac2 = new AbortController();
  const p6 = once(et, 'pong', { signal: ac2.signal });
  ac2.abort();
  await afail('once EventTarget aborted', p6);
  await afail('once bad emitter', once({}, 'x'));
  log('once returns promise', once(e, 'q') instanceof Promise);
}

// --- on() async iterator
{
  const e = new EventEmitter();
  const it = on(e, 'data');
  log('iterator has asyncIterator', typeof it[Symbol.asyncIterator]);
  log('listeners added', [e.listenerCount('data'), e.listenerCount('error')]);
  e.emit('data', 1);
  e.emit('data', 2, 3);
  log('next 1', await it.next());
  log('next 2', await it.next());
  const pending = it.next();
  e.emit('data', 'later');
  log('pending next', await pending);
  log('return', await it.return());
  log('after return', await it.next());
  log('listeners removed', [e.listenerCount('data'), e.listenerCount('error')]);

  const e2 = new EventEmitter();
  const got = [];
  const loop = (async () => {
    for await (const [v] of on(e2, 'v')) {
      got.push(v);
      if (v === 3) break;
    }
  })();
  for (let i = 1; i <= 4; i++) {
    e2.emit('v', i);
    await tick();
  }
  await loop;
  log('for await break', [got, e2.listenerCount('v')]);

  const e3 = new EventEmitter();
  const it3 = on(e3, 'x');
  e3.emit('error', new Error('iter error'));
  await afail('iterator error', it3.next());
  log('after error done', await it3.next());

  const e4 = new EventEmitter();
  const it4 = on(e4, 'x');
  const p4 = it4.next();
  e4.emit('error', new Error('pending error'));
  await afail('pending error', p4);

  const ac = new AbortController();
  const e5 = new EventEmitter();
  const it5 = on(e5, 'x', { signal: ac.signal });
  const p5 = it5.next();
  ac.abort();
  await afail('iterator abort', p5);
  fail('on pre-aborted', () => on(e5, 'x', { signal: AbortSignal.abort() }));

  const e6 = new EventEmitter();
  const it6 = on(e6, 'x', { close: ['end'] });
  e6.emit('x', 'a');
  const before = await it6.next();
  const p6 = it6.next();
  e6.emit('end');
  log('close event', [before, await p6, e6.listenerCount('end')]);

  const e7 = new EventEmitter();
  const it7 = on(e7, 'x');
  fail('throw non-error', () => it7.throw('nope'));
  const p7 = it7.next();
  it7.throw(new Error('thrown in'));
  await afail('throw error', p7);

  // highWaterMark pauses and resumes
  const e8 = new EventEmitter();
  const calls = [];
  e8.pause = () => calls.push('pause');
  e8.resume = () => calls.push('resume');
  const it8 = on(e8, 'x', { highWaterMark: 2, lowWaterMark: 1 });
  e8.emit('x', 1);
  e8.emit('x', 2);
  e8.emit('x', 3);
  log('hwm paused', calls);
  await it8.next();
  await it8.next();
  await it8.next();
  log('hwm resumed', calls);

  // EventTarget
  const et = new EventTarget();
  const it9 = on(et, 'foo');
  et.dispatchEvent(new Event('foo'));
  const r9 = await it9.next();
  log('on EventTarget', [r9.done, r9.value[0].type]);
  await it9.return();
  log('on EventTarget removed', getEventListeners(et, 'foo').length);
}

// --- addAbortListener
{
  const ac = new AbortController();
  const calls = [];
  const d = addAbortListener(ac.signal, (ev) => calls.push(ev.type));
  log('disposable', typeof d[Symbol.dispose]);
  ac.abort();
  log('abort listener called', calls);
  const ac2 = new AbortController();
  const d2 = addAbortListener(ac2.signal, () => calls.push('never'));
  d2[Symbol.dispose]();
  ac2.abort();
  log('disposed not called', calls);
  addAbortListener(AbortSignal.abort(), (...a) => calls.push(['pre', a.length]));
  log('pre-aborted not sync', calls.length);
  await tick();
  log('pre-aborted async', calls);
}

// --- inherits-style mixin and edge cases
{
  const e = new EventEmitter();
  e.on('__proto__', () => {});
  log('__proto__ event', [e.listenerCount('__proto__'), e.emit('__proto__')]);
  e.on('hasOwnProperty', () => {});
  log('hasOwnProperty event', e.emit('hasOwnProperty'));
  log('toString not event', e.emit('toString'));
  log('constructor not event', e.listenerCount('constructor'));
  // listeners() returns copies
  const f = () => {};
  e.on('c', f);
  e.on('c', f);
  const ls = e.listeners('c');
  ls.push(1);
  log('listeners is a copy', e.listenerCount('c'));
  log('rawListeners copy', e.rawListeners('c') !== e._events.c);
  // emit with error listener returning value
  const e2 = new EventEmitter();
  e2.on('error', () => 'ret');
  log('error with listener returns true', e2.emit('error', new Error('q')));
  // removing inside once from its own callback
  const e3 = new EventEmitter();
  const o = [];
  const self = () => {
    o.push('self');
    e3.removeListener('s', self);
  };
  e3.on('s', self);
  e3.on('s', () => o.push('other'));
  e3.emit('s');
  e3.emit('s');
  log('self-removal', o);
  // removeAllListeners inside emit
  const e4 = new EventEmitter();
  const o4 = [];
  e4.on('x', () => {
    o4.push(1);
    e4.removeAllListeners('x');
  });
  e4.on('x', () => o4.push(2));
  e4.emit('x');
  e4.emit('x');
  log('rAL inside emit', o4);
  // number event names
  const e5 = new EventEmitter();
  e5.on(1, () => o4.push('one'));
  e5.emit('1');
  log('number name coerced', [o4.at(-1), e5.eventNames()]);
}

// --- MaxListenersExceededWarning (Node emits 'warning' on process in a tick)
{
  const warnings = [];
  process.on('warning', (w) => {
    warnings.push([w.name, w.message, w.type, w.count, w.emitter instanceof EventEmitter]);
  });
  const e = new EventEmitter();
  e.setMaxListeners(2);
  e.on('leak', () => {});
  e.on('leak', () => {});
  e.on('leak', () => {});
  e.on('leak', () => {});
  log('warned flag', e._events.leak.warned);
  const s = new EventEmitter();
  s.setMaxListeners(1);
  s.on(Symbol('sy'), () => {});
  s.on('other', () => {});
  class Named extends EventEmitter {}
  const nmd = new Named();
  nmd.setMaxListeners(1);
  nmd.on('q', () => {});
  nmd.on('q', () => {});
  await tick();
  log('warnings', warnings);
}

console.log('done');

// EventEmitterAsyncResource: listeners run in the creator's async context.
{
  const { EventEmitterAsyncResource } = await import('node:events');
  const { AsyncLocalStorage } = await import('node:async_hooks');
  const als = new AsyncLocalStorage();
  const ee = als.run('created', () => new EventEmitterAsyncResource({ name: 'X' }));
  ee.on('e', (v) => log('EventEmitterAsyncResource listener', [als.getStore(), v]));
  als.run('emitted', () => ee.emit('e', 1));
  log('EventEmitterAsyncResource', [ee.asyncResource.constructor.name, ee.asyncResource.eventEmitter === ee,
    typeof ee.asyncId, ee instanceof EventEmitter, EventEmitter.EventEmitterAsyncResource === EventEmitterAsyncResource]);
  const named = new EventEmitterAsyncResource('byString');
  log('EventEmitterAsyncResource string name', named.emit('none'));
  try {
    new EventEmitterAsyncResource({});
  } catch (e) {
    log('EventEmitterAsyncResource no name', [e.name, e.code]);
  }
}
