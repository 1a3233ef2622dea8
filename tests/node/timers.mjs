// node:timers and node:timers/promises: handles, order, ref/unref, abort.
// Each part waits for the one before, so the output does not depend on timing.
import timers, { setTimeout as st, clearTimeout as ct, setInterval as si, clearInterval as ci,
  setImmediate as sim, clearImmediate as cim } from 'node:timers';
import * as tp from 'node:timers/promises';

const log = (...a) => console.log(...a);

log('globals', typeof setImmediate, typeof clearImmediate, setImmediate === sim);
log('default', typeof timers.setTimeout, timers.promises.setTimeout === tp.setTimeout);

// Unref'd: must not keep the process alive.
st(() => log('unrefed timeout ran'), 3000).unref();

await new Promise((done) => {
  const t = st(function (a, b) {
    log('timeout args', a, b, this === t);
    done();
  }, 5, 'x', 2);
  log('Timeout', t.constructor.name, t.hasRef(), t.unref() === t, t.hasRef(), t.ref() === t, t.hasRef());
  log('toPrimitive', typeof +t, Number.isInteger(+t));
  const cancelled = st(() => log('cancelled timeout ran'), 1);
  ct(cancelled);
  const byId = st(() => log('timeout cleared by id ran'), 1);
  ct(+byId);
  const closed = st(() => log('closed timeout ran'), 1);
  log('close returns', closed.close() === closed);
});

// Immediates run FIFO; one queued by an immediate runs in a later pass.
await new Promise((done) => {
  const i1 = sim((v) => {
    log('immediate 1', v);
    sim(() => {
      log('immediate nested');
      done();
    });
  }, 'a');
  log('Immediate', i1.constructor.name, i1.hasRef());
  const i2 = sim(() => log('immediate cleared ran'));
  sim(() => log('immediate 3'));
  sim(() => log('unrefed immediate still runs')).unref();
  cim(i2);
  Promise.resolve().then(() => log('microtask before immediates'));
});

await new Promise((done) => {
  let n = 0;
  const iv = si(function () {
    n++;
    log('interval', n, this === iv);
    if (n === 3) {
      ci(iv);
      done();
    }
  }, 2);
});

// refresh(): restarts the delay from now.
await new Promise((done) => {
  const startedAt = Date.now();
  const r = st(() => {
    log('refreshed timer waited', Date.now() - startedAt >= 30);
    done();
  }, 20);
  st(() => r.refresh(), 15);
});

// refresh() re-arms a timer that fired, not one that was cleared.
await new Promise((done) => {
  const cleared = st(() => log('cleared then refreshed ran'), 1);
  ct(cleared);
  cleared.refresh();
  let runs = 0;
  const fired = st(() => {
    runs++;
    if (runs === 1) setImmediate(() => fired.refresh());
    else {
      log('fired timer refreshed ran again', runs);
      st(done, 5);
    }
  }, 1);
});

log('promises', await tp.setTimeout(1, 'value'), await tp.setImmediate('imm'));
const ac = new AbortController();
const p = tp.setTimeout(10000, 'never', { signal: ac.signal });
ac.abort('why');
try {
  await p;
} catch (e) {
  log('aborted', e.name, e.code, e.cause);
}
try {
  await tp.setTimeout(1, 'x', { signal: AbortSignal.abort('early') });
} catch (e) {
  log('pre-aborted', e.name, e.cause);
}
try {
  await tp.setTimeout(1, 'x', { ref: 'no' });
} catch (e) {
  log('bad ref', e.name, e.code);
}
let k = 0;
for await (const v of tp.setInterval(2, 'tick')) {
  log('interval iter', v, ++k);
  if (k === 3) break;
}
log('scheduler.wait', await tp.scheduler.wait(1));
try {
  st('not a function');
} catch (e) {
  log('bad callback', e.name, e.code);
}
