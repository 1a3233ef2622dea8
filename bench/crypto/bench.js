// WebCrypto throughput, one operation at a time (await each), using only
// crypto.subtle so that the same file runs in nanojs, node, deno and bun.
// Prints one line per benchmark: "<name>\t<ops per second>".

const subtle = globalThis.crypto.subtle;
const SECONDS = Number(globalThis.process?.env?.BENCH_SECONDS ?? 1);

async function measure(name, op) {
  // Warm up (JIT, lazy loading), then count operations for SECONDS.
  const warm = performance.now() + 200;
  while (performance.now() < warm) await op();
  let n = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let now = start;
  while (now < end) {
    await op();
    n++;
    now = performance.now();
  }
  console.log(`${name}\t${Math.round(n / ((now - start) / 1000))}`);
}

function bytes(n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

async function main() {
  const kb = bytes(1024);
  const mb = bytes(1024 * 1024);
  const hmac = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const iv = bytes(12);
  const ec = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const ecdsa = { name: 'ECDSA', hash: 'SHA-256' };
  const sig = await subtle.sign(ecdsa, ec.privateKey, kb);

  await measure('HMAC-SHA256 sign 1KB', () => subtle.sign('HMAC', hmac, kb));
  await measure('HMAC-SHA256 sign 1MB', () => subtle.sign('HMAC', hmac, mb));
  await measure('AES-256-GCM encrypt 1KB', () => subtle.encrypt({ name: 'AES-GCM', iv }, aes, kb));
  await measure('AES-256-GCM encrypt 1MB', () => subtle.encrypt({ name: 'AES-GCM', iv }, aes, mb));
  await measure('ECDSA P-256 sign', () => subtle.sign(ecdsa, ec.privateKey, kb));
  await measure('ECDSA P-256 verify', () => subtle.verify(ecdsa, ec.publicKey, sig, kb));
}

main().catch((e) => {
  console.error(e);
  globalThis.process?.exit?.(1);
  throw e;
});
