// The closest peer measure to a nanojs isolate in node, deno and bun:
// a fresh V8/JSC context (node:vm) with the runtime's globals, N held at once.
import vm from 'node:vm';

const count = Number(process.argv[2] ?? (typeof Deno !== 'undefined' ? Deno.args[0] : 1000)) || 1000;
const rss = () => process.memoryUsage().rss;
globalThis.gc?.();
const before = rss();
const times = [];
const held = [];
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  const t = performance.now();
  held.push(vm.createContext({ console, URL, TextEncoder, structuredClone, setTimeout }));
  times.push(performance.now() - t);
}
const total = performance.now() - t0;
times.sort((a, b) => a - b);
const perKb = (rss() - before) / count / 1024;
console.log(`contexts=${count} create_p50_ms=${times[count >> 1].toFixed(3)} ` +
  `create_p99_ms=${times[Math.min(count - 1, Math.floor(count * 0.99))].toFixed(3)} total_ms=${total.toFixed(1)} rss_per_context_kb=${perKb.toFixed(1)}`);
