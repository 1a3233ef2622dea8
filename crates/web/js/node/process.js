// node:process (and the `process` global). What it shows of the host is the
// embedder's choice (crates/engine ProcessInfo): in `nanojs serve` an app's
// `env` holds only its own string `env` values from nano.json, never the
// server's environment, `cwd()` is the app folder and `exit()` throws; in
// `nanojs run` a script sees the environment and may exit.

import { processInfo, processExit, reportException, asyncContext } from 'nanojs:host';
// The clock behind `performance`, without loading `performance` (and the
// events it brings) into every isolate that touches `process`.
import { now as clockNow, timeOrigin } from 'nanojs:internal/performance';

const info = processInfo();
const ReflectApply = Reflect.apply;

// process.nextTick: a FIFO queue drained in one microtask. Node drains it
// before promise jobs; here it runs as the next microtask, so ticks keep
// their order among themselves but interleave with promise jobs.
const ticks = [];
let draining = false;
function drainTicks() {
  draining = false;
  const outer = asyncContext.get();
  // Ticks queued while draining run in this pass too, as in Node. Each runs
  // in the async context it was queued in (AsyncLocalStorage).
  for (let i = 0; i < ticks.length; i++) {
    const [fn, args, context] = ticks[i];
    asyncContext.set(context);
    try {
      ReflectApply(fn, undefined, args);
    } catch (e) {
      reportException(e);
    }
  }
  asyncContext.set(outer);
  ticks.length = 0;
}

function nextTick(callback, ...args) {
  if (typeof callback !== 'function') {
    const e = new TypeError(`The "callback" argument must be of type function. Received ${callback === null ? 'null' : typeof callback}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  ticks.push([callback, args, asyncContext.get()]);
  if (!draining) {
    draining = true;
    queueMicrotask(drainTicks);
  }
}

// The listener methods of an EventEmitter, for the few events a process has
// here ('warning', and whatever the app emits itself).
const listeners = new Map();
function on(name, fn) {
  if (!listeners.has(name)) listeners.set(name, []);
  listeners.get(name).push(fn);
  return process;
}
function once(name, fn) {
  const wrapped = function (...args) {
    off(name, wrapped);
    return ReflectApply(fn, this, args);
  };
  wrapped.listener = fn;
  return on(name, wrapped);
}
function off(name, fn) {
  const list = listeners.get(name);
  if (list) {
    const i = list.findIndex((l) => l === fn || l.listener === fn);
    if (i >= 0) list.splice(i, 1);
  }
  return process;
}
function emit(name, ...args) {
  const list = listeners.get(name);
  if (!list || list.length === 0) return false;
  for (const fn of [...list]) ReflectApply(fn, process, args);
  return true;
}

// Nanoseconds on the monotonic clock (from an arbitrary origin, as in Node).
const nowNs = () => BigInt(Math.round(timeOrigin * 1e6)) + BigInt(Math.round(clockNow() * 1e6));
const startNs = nowNs();

function hrtime(previous) {
  const now = nowNs();
  let sec = Number(now / 1_000_000_000n);
  let nsec = Number(now % 1_000_000_000n);
  if (previous !== undefined) {
    sec -= previous[0];
    nsec -= previous[1];
    if (nsec < 0) {
      sec -= 1;
      nsec += 1e9;
    }
  }
  return [sec, nsec];
}
hrtime.bigint = nowNs;

function emitWarning(warning, type, code) {
  if (typeof type === 'object' && type !== null) {
    code = type.code;
    type = type.type;
  }
  const w = typeof warning === 'string' ? new Error(warning) : warning;
  w.name = typeof type === 'string' ? type : (w.name === 'Error' ? 'Warning' : w.name);
  if (code !== undefined) w.code = code;
  if (!emit('warning', w)) {
    console.error(`(nanojs) ${code ? `[${code}] ` : ''}${w.name}: ${w.message}`);
  }
}

const write = (level) => (chunk, encoding, cb) => {
  const text = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
  // console adds the newline: print whole lines, keep the rest for later.
  level(text.endsWith('\n') ? text.slice(0, -1) : text);
  if (typeof encoding === 'function') encoding();
  else if (typeof cb === 'function') cb();
  return true;
};

const process = {
  title: 'nanojs',
  version: 'v22.12.0',
  // Node's version whose behaviour nanojs follows (require(esm), ...).
  versions: { node: '22.12.0', nanojs: '0.1.0', quickjs: 'quickjs-ng' },
  release: { name: 'node' },
  platform: 'linux',
  arch: 'x64',
  pid: 1,
  ppid: 0,
  argv: ['nanojs', ...info.argv],
  argv0: 'nanojs',
  execArgv: [],
  execPath: '/usr/bin/nanojs',
  env: info.env,
  exitCode: undefined,
  features: {},
  config: { variables: {} },
  browser: false,
  nextTick,
  hrtime,
  cwd: () => info.cwd,
  chdir() {
    const e = new Error('process.chdir() is not supported in nanojs');
    e.code = 'ERR_UNSUPPORTED';
    throw e;
  },
  umask: () => 0o22,
  uptime: () => (Number(hrtime.bigint() - startNs) / 1e9),
  memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
  cpuUsage: () => ({ user: 0, system: 0 }),
  emitWarning,
  exit(code) {
    if (!info.exitAllowed) {
      throw new TypeError('process.exit() is not available in apps: return a Response, or throw to fail the request');
    }
    emit('exit', code ?? process.exitCode ?? 0);
    processExit(code ?? process.exitCode ?? 0);
  },
  abort() {
    throw new TypeError('process.abort() is not available in nanojs');
  },
  on,
  addListener: on,
  once,
  off,
  removeListener: off,
  removeAllListeners(name) {
    if (name === undefined) listeners.clear();
    else listeners.delete(name);
    return process;
  },
  emit,
  listeners: (name) => [...(listeners.get(name) ?? [])].map((l) => l.listener ?? l),
  listenerCount: (name) => listeners.get(name)?.length ?? 0,
  // The console loads on the first write, not with process.
  stdout: { write: write((text) => console.log(text)), isTTY: false, fd: 1 },
  stderr: { write: write((text) => console.error(text)), isTTY: false, fd: 2 },
  [Symbol.toStringTag]: 'process',
};

export default process;
export const { env, argv, platform, arch, version, versions, cwd, exit } = process;
export { nextTick, hrtime, emitWarning };
