// node:timers/promises: promise forms of node:timers, with Node's options
// `{ signal, ref }`. An aborted signal rejects with an AbortError whose
// `cause` is the signal's reason, and clears the timer.

import { _timer, _immediate } from 'node:timers';
import { AbortError } from 'node:internal/errors';
import { validateAbortSignal, validateBoolean, validateObject } from 'node:internal/validators';

function options(opts) {
  validateObject(opts, 'options');
  const { signal, ref = true } = opts;
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  validateBoolean(ref, 'options.ref');
  return { signal, ref };
}

function abortError(signal) {
  return new AbortError(undefined, { cause: signal.reason });
}

// One settled promise per handle; `start(resolve)` makes the handle.
function cancellable(signal, start) {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    let onAbort;
    const handle = start((v) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(v);
    });
    if (signal) {
      onAbort = () => {
        handle._clear();
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

export function setTimeout(after, value, opts = {}) {
  let o;
  try {
    o = options(opts);
  } catch (e) {
    return Promise.reject(e);
  }
  return cancellable(o.signal, (done) => _timer(() => done(value), after, false, o.ref));
}

export function setImmediate(value, opts = {}) {
  let o;
  try {
    o = options(opts);
  } catch (e) {
    return Promise.reject(e);
  }
  return cancellable(o.signal, (done) => _immediate(() => done(value), o.ref));
}

/** An async iterator yielding `value` every `after` ms; ticks that come
 * while the consumer is busy are counted and yielded one by one. */
export async function* setInterval(after, value, opts = {}) {
  const { signal, ref } = options(opts);
  if (signal?.aborted) throw abortError(signal);
  let pending = 0;
  let wake = null;
  const timer = _timer(() => {
    pending++;
    if (wake) {
      wake();
      wake = null;
    }
  }, after, true, ref);
  let onAbort;
  const aborted = new Promise((_, reject) => {
    if (!signal) return;
    onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    for (;;) {
      if (pending === 0) {
        await Promise.race([new Promise((r) => { wake = r; }), aborted]);
      }
      if (pending > 0) {
        pending--;
        yield value;
      }
    }
  } finally {
    timer._clear();
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

export const scheduler = {
  /** scheduler.wait(delay, { signal }) */
  wait(delay, opts) {
    return setTimeout(delay, undefined, opts);
  },
  /** scheduler.yield(): lets other work run (an immediate). */
  yield() {
    return setImmediate();
  },
};

export default { setTimeout, setImmediate, setInterval, scheduler };
