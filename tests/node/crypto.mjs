// node:crypto: hashes, HMAC, random, timingSafeEqual, PBKDF2, HKDF.
import crypto, {
  createHash, createHmac, randomBytes, randomFillSync, randomFill, randomInt, randomUUID,
  timingSafeEqual, pbkdf2Sync, pbkdf2, hkdfSync, hkdf, getHashes, webcrypto, subtle, getRandomValues,
} from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const show = (label, f) => {
  try {
    const v = f();
    console.log(label, Buffer.isBuffer(v) ? `Buffer<${v.toString('hex')}>` : v);
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message, e instanceof Error);
  }
};

console.log('require is default', require('crypto') === crypto, require('node:crypto').createHash === createHash);
console.log('named = default', crypto.createHash === createHash, crypto.randomBytes === randomBytes);

const algs = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-224', 'sha512-256',
  'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'ripemd160'];
const inputs = ['', 'abc', 'The quick brown fox jumps over the lazy dog', 'héllo wörld ✓ 😀', 'a'.repeat(1000)];

console.log('--- hash known answers');
for (const alg of algs) {
  for (const input of inputs) console.log(alg, JSON.stringify(input.slice(0, 20)), createHash(alg).update(input).digest('hex'));
}

console.log('--- digest encodings');
for (const alg of algs) {
  const h = () => createHash(alg).update('nanojs');
  console.log(alg, h().digest('base64'), h().digest('base64url'));
  console.log(alg, JSON.stringify(h().digest('latin1')), JSON.stringify(h().digest('binary')));
  const buf = h().digest();
  console.log(alg, Buffer.isBuffer(buf), buf.length, buf.toString('hex') === h().digest('hex'));
  console.log(alg, Buffer.isBuffer(h().digest('buffer')), Buffer.isBuffer(h().digest('bogus')));
  console.log(alg, JSON.stringify(h().digest('ucs2').length), JSON.stringify(h().digest('utf8').length));
}

console.log('--- input types and encodings');
const ref = createHash('sha256').update('hello').digest('hex');
show('buffer', () => createHash('sha256').update(Buffer.from('hello')).digest('hex') === ref);
show('u8', () => createHash('sha256').update(new TextEncoder().encode('hello')).digest('hex') === ref);
show('dataview', () => createHash('sha256').update(new DataView(new TextEncoder().encode('xhellox').buffer, 1, 5)).digest('hex') === ref);
show('u16', () => createHash('sha256').update(new Uint16Array([0x6568, 0x6c6c])).digest('hex'));
show('subarray', () => createHash('sha256').update(Buffer.from('xxhelloyy').subarray(2, 7)).digest('hex') === ref);
show('hex input', () => createHash('sha256').update('68656c6c6f', 'hex').digest('hex') === ref);
show('base64 input', () => createHash('sha256').update('aGVsbG8=', 'base64').digest('hex') === ref);
show('latin1 input', () => createHash('md5').update('\xe9\xff', 'latin1').digest('hex'));
show('utf8 input', () => createHash('md5').update('\xe9\xff', 'utf8').digest('hex'));
show('ucs2 input', () => createHash('md5').update('hi', 'utf16le').digest('hex'));
show('bogus encoding', () => createHash('md5').update('hi', 'bogus').digest('hex') === createHash('md5').update('hi').digest('hex'));
show('odd hex', () => createHash('md5').update('abc', 'hex'));
show('lone surrogate', () => createHash('md5').update('a\ud800b').digest('hex'));

console.log('--- streaming');
for (const alg of algs) {
  const data = Buffer.from(inputs[2] + inputs[3] + inputs[4]);
  const h = createHash(alg);
  for (let i = 0; i < data.length; i += 7) h.update(data.subarray(i, i + 7));
  console.log(alg, h.digest('hex') === createHash(alg).update(data).digest('hex'));
}
{
  const h = createHash('sha256');
  console.log('chainable', h.update('a') === h, h.update('b').update('c') === h);
  console.log(h.digest('hex'));
}

console.log('--- copy');
{
  const a = createHash('sha1').update('ab');
  const b = a.copy();
  const c = b.copy().update('zzz');
  a.update('c');
  b.update('c');
  console.log(a.digest('hex'), b.digest('hex'), c.digest('hex'));
  show('copy after digest', () => a.copy());
  console.log(b instanceof crypto.Hash, typeof crypto.Hash, typeof crypto.Hmac);
}

console.log('--- aliases');
for (const n of ['SHA256', 'RSA-SHA256', 'sha-256', 'SHA2-256', 'RSA-MD5', 'SHA-1', 'sha512-256', 'SHA-512/256', 'ripemd', 'rmd160', 'RSA-SHA3-256', 'RSA-SHA512/256', 'RSA-SHA1-2', 'rsa-sha-256', 'sha1-2', 'rsa-ripemd', 'sha2-512/224', 'sha256WithRSAEncryption']) {
  show(n, () => createHash(n).update('a').digest('hex'));
}

console.log('--- hash errors');
show('unknown', () => createHash('bogus'));
show('sha512/256', () => createHash('sha512/256'));
show('non-string', () => createHash(5));
show('bad data', () => createHash('md5').update(5));
show('bad data obj', () => createHash('md5').update({}));
show('bad data ab', () => createHash('md5').update(new ArrayBuffer(2)));
{
  const h = createHash('md5');
  h.digest();
  show('update after digest', () => h.update('x'));
  show('digest after digest', () => h.digest());
}
show('no new', () => crypto.Hash('md5').update('a').digest('hex'));

console.log('--- hmac known answers');
const keys = ['', 'key', 'k'.repeat(200), Buffer.from('0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b', 'hex')];
for (const alg of algs) {
  for (const key of keys) {
    console.log(alg, key.length, createHmac(alg, key).update('The quick brown fox jumps over the lazy dog').digest('hex'));
  }
  console.log(alg, createHmac(alg, 'key').update('x').digest('base64'), createHmac(alg, 'key').update('x').digest('base64url'));
}
show('hmac key u8', () => createHmac('sha256', new Uint8Array([1, 2, 3])).update('a').digest('hex'));
show('hmac key ab', () => createHmac('sha256', new Uint8Array([1, 2, 3]).buffer).update('a').digest('hex'));
show('hmac key dv', () => createHmac('sha256', new DataView(new Uint8Array([9, 1, 2, 3]).buffer, 1)).update('a').digest('hex'));
show('hmac key encoding', () => createHmac('sha256', '010203', { encoding: 'hex' }).update('a').digest('hex'));
show('hmac streaming', () => {
  const h = createHmac('sha512', 'secret');
  for (const part of ['The ', 'quick ', 'brown ', 'fox']) h.update(part);
  return h.digest('hex') === createHmac('sha512', 'secret').update('The quick brown fox').digest('hex');
});
show('hmac alias', () => createHmac('RSA-SHA1', 'k').update('a').digest('hex'));
show('hmac unknown', () => createHmac('bogus', 'k'));
show('hmac bad key', () => createHmac('sha256', 5));
show('hmac bad key null', () => createHmac('sha256', null));
show('hmac non-string', () => createHmac(1, 'k'));
{
  const h = createHmac('sha1', 'k');
  h.update('a');
  console.log(h.digest('hex'));
  console.log(JSON.stringify(h.digest('hex')), h.digest().length, Buffer.isBuffer(h.digest()));
  show('hmac update after digest', () => h.update('x'));
}
show('hmac no new', () => crypto.Hmac('md5', 'k').update('a').digest('hex'));

console.log('--- crypto.hash');
if (typeof crypto.hash === 'function') {
  show('hash hex', () => crypto.hash('sha1', 'abc'));
  show('hash base64', () => crypto.hash('sha256', 'abc', 'base64'));
  show('hash buffer', () => crypto.hash('md5', Buffer.from('abc'), 'buffer'));
  show('hash unknown', () => crypto.hash('bogus', 'abc'));
  show('hash bad enc', () => crypto.hash('md5', 'abc', 'bogus'));
  show('hash bad input', () => crypto.hash('md5', 5));
}

console.log('--- getHashes');
{
  const hashes = getHashes();
  console.log(Array.isArray(hashes), ['md5', 'sha1', 'sha256', 'sha512', 'sha512-256', 'sha3-256', 'ripemd160', 'RSA-SHA256'].map((n) => hashes.includes(n)).join());
  console.log(hashes.every((n) => typeof n === 'string'), getHashes() !== hashes);
}

console.log('--- randomBytes');
{
  const b = randomBytes(16);
  console.log(Buffer.isBuffer(b), b.length, randomBytes(0).length, randomBytes(100000).length);
  console.log(randomBytes(32).equals(randomBytes(32)));
  const many = randomBytes(4096);
  console.log('not all zero', many.some((x) => x !== 0));
  show('negative', () => randomBytes(-1));
  show('string', () => randomBytes('1'));
  show('too big', () => randomBytes(2 ** 31));
  show('NaN', () => randomBytes(NaN));
  show('bad cb', () => randomBytes(1, 'x'));
}

console.log('--- randomFillSync');
{
  const b = Buffer.alloc(16);
  console.log(randomFillSync(b) === b, b.some((x) => x !== 0));
  const z = Buffer.alloc(16);
  randomFillSync(z, 4, 8);
  console.log(z.subarray(0, 4).every((x) => x === 0), z.subarray(12).every((x) => x === 0));
  const u32 = new Uint32Array(4);
  randomFillSync(u32, 1, 2);
  console.log(u32[0] === 0, u32[3] === 0);
  const ab = new ArrayBuffer(8);
  console.log(randomFillSync(ab) === ab);
  const dv = new DataView(new ArrayBuffer(8));
  console.log(randomFillSync(dv) === dv);
  show('fill bad buf', () => randomFillSync('x'));
  show('fill bad offset', () => randomFillSync(Buffer.alloc(4), 5));
  show('fill bad size', () => randomFillSync(Buffer.alloc(4), 1, 4));
  show('fill offset type', () => randomFillSync(Buffer.alloc(4), '1'));
}

console.log('--- randomInt');
{
  let ok = true;
  const seen = new Set();
  for (let i = 0; i < 2000; i++) {
    const n = randomInt(10);
    if (!Number.isInteger(n) || n < 0 || n >= 10) ok = false;
    seen.add(n);
  }
  console.log('range 0..10', ok, seen.size === 10);
  ok = true;
  for (let i = 0; i < 2000; i++) {
    const n = randomInt(-5, 5);
    if (n < -5 || n >= 5) ok = false;
  }
  console.log('range -5..5', ok);
  ok = true;
  for (let i = 0; i < 200; i++) {
    const n = randomInt(2 ** 40, 2 ** 40 + 3);
    if (n < 2 ** 40 || n >= 2 ** 40 + 3) ok = false;
  }
  console.log('range big', ok, randomInt(7, 8), randomInt(1));
  show('float', () => randomInt(1.5));
  show('equal', () => randomInt(5, 5));
  show('too wide', () => randomInt(2 ** 49));
  show('too wide min', () => randomInt(-1, 2 ** 48));
  show('min string', () => randomInt('1', 5));
  show('bad cb', () => randomInt(1, 5, 'x'));
}

console.log('--- randomUUID, webcrypto');
{
  const u = randomUUID();
  console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u), u !== randomUUID());
  show('uuid bad options', () => randomUUID(1));
  console.log(webcrypto === globalThis.crypto, subtle === globalThis.crypto.subtle, typeof subtle.digest);
  const a = new Uint8Array(8);
  console.log(getRandomValues(a) === a);
}

console.log('--- timingSafeEqual');
show('equal', () => timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')));
show('differ', () => timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')));
show('empty', () => timingSafeEqual(Buffer.alloc(0), new Uint8Array(0)));
show('u16 vs u8', () => timingSafeEqual(new Uint16Array([0x6261]), Buffer.from('ab')));
show('ab', () => timingSafeEqual(new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2])));
show('dataview', () => timingSafeEqual(new DataView(new Uint8Array([0, 1, 2]).buffer, 1), new Uint8Array([1, 2])));
show('length', () => timingSafeEqual(Buffer.alloc(2), Buffer.alloc(3)));
show('bad buf1', () => timingSafeEqual('a', Buffer.alloc(1)));
show('bad buf2', () => timingSafeEqual(Buffer.alloc(1), 'a'));

console.log('--- pbkdf2');
for (const digest of ['sha1', 'sha256', 'sha384', 'sha512', 'md5']) {
  console.log(digest, pbkdf2Sync('password', 'salt', 1, 20, digest).toString('hex'));
  console.log(digest, pbkdf2Sync('password', 'salt', 4096, 32, digest).toString('hex'));
  console.log(digest, pbkdf2Sync(Buffer.from('pass\0word'), Buffer.from('sa\0lt'), 2, 64, digest).toString('base64'));
}
show('pbkdf2 keylen 0', () => pbkdf2Sync('p', 's', 1, 0, 'sha256'));
show('pbkdf2 ab', () => pbkdf2Sync(new Uint8Array([1]).buffer, new Uint16Array([2]), 3, 8, 'SHA256'));
show('pbkdf2 bad digest', () => pbkdf2Sync('p', 's', 1, 10, 'bogus'));
show('pbkdf2 no digest', () => pbkdf2Sync('p', 's', 1, 10));
show('pbkdf2 iterations', () => pbkdf2Sync('p', 's', 0, 10, 'sha1'));
show('pbkdf2 keylen', () => pbkdf2Sync('p', 's', 1, -1, 'sha1'));
show('pbkdf2 keylen float', () => pbkdf2Sync('p', 's', 1, 1.5, 'sha1'));
show('pbkdf2 password', () => pbkdf2Sync(1, 's', 1, 1, 'sha1'));
show('pbkdf2 no cb', () => pbkdf2('p', 's', 1, 1, 'sha1'));

console.log('--- hkdf');
{
  const ikm = Buffer.from('0b'.repeat(22), 'hex');
  const salt = Buffer.from('000102030405060708090a0b0c', 'hex');
  const info = Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex');
  const okm = hkdfSync('sha256', ikm, salt, info, 42);
  console.log(okm instanceof ArrayBuffer, Buffer.from(okm).toString('hex'));
  console.log(Buffer.from(hkdfSync('sha1', 'key', 'salt', 'info', 20)).toString('hex'));
  console.log(Buffer.from(hkdfSync('sha512', 'key', '', '', 64)).toString('hex'));
  show('hkdf long', () => hkdfSync('sha256', 'a', 'b', 'c', 255 * 32 + 1));
  show('hkdf max', () => hkdfSync('sha256', 'a', 'b', 'c', 255 * 32).byteLength);
  show('hkdf bad digest', () => hkdfSync('bogus', 'a', 'b', 'c', 2));
  show('hkdf bad info', () => hkdfSync('sha256', 'a', 'b', 'c'.repeat(1025), 2));
  show('hkdf bad salt', () => hkdfSync('sha256', 'a', 1, 'c', 2));
  show('hkdf bad length', () => hkdfSync('sha256', 'a', 'b', 'c', -1));
}

console.log('--- async');
await new Promise((resolve) => randomBytes(8, (err, buf) => { console.log('randomBytes cb', err, buf.length); resolve(); }));
await new Promise((resolve) => randomFill(new Uint8Array(4), (err, buf) => { console.log('randomFill cb', err, buf.length); resolve(); }));
await new Promise((resolve) => randomFill(Buffer.alloc(8), 2, (err, buf) => { console.log('randomFill offset cb', err, buf.subarray(0, 2).every((x) => x === 0)); resolve(); }));
await new Promise((resolve) => randomInt(3, (err, n) => { console.log('randomInt cb', err, n >= 0 && n < 3); resolve(); }));
await new Promise((resolve) => pbkdf2('password', 'salt', 2, 20, 'sha1', (err, key) => { console.log('pbkdf2 cb', err, key.toString('hex')); resolve(); }));
await new Promise((resolve) => hkdf('sha256', 'key', 'salt', 'info', 16, (err, key) => { console.log('hkdf cb', err, key instanceof ArrayBuffer, Buffer.from(key).toString('hex')); resolve(); }));
{
  let sync = true;
  const p = new Promise((resolve) => randomBytes(1, () => resolve(sync)));
  sync = false;
  console.log('randomBytes cb async', await p === false);
}

console.log('--- streams');
{
  const { Readable, Transform, pipeline } = await import('node:stream');
  const h = createHash('sha256');
  const chunks = [];
  h.on('data', (c) => chunks.push(c));
  await new Promise((resolve) => h.on('end', resolve).end('hello'));
  console.log('hash stream', Buffer.concat(chunks).toString('hex') === ref, h instanceof Transform);
  const m = createHmac('sha1', 'k');
  m.setEncoding('hex');
  let hex = '';
  m.on('data', (c) => { hex += c; });
  await new Promise((resolve) => pipeline(Readable.from([Buffer.from('a'), 'b', 'c']), m, resolve));
  console.log('hmac pipeline', hex === createHmac('sha1', 'k').update('abc').digest('hex'));
  const w = createHash('md5');
  w.write('ab');
  w.write(Buffer.from('c'));
  w.end();
  console.log('hash read', w.read().toString('hex') === createHash('md5').update('abc').digest('hex'));
}

// scrypt: RFC 7914 vectors, Node's defaults, option aliases, OpenSSL's checks.
{
  const c = await import('node:crypto');
  console.log('scrypt rfc', c.scryptSync('', '', 64, { N: 16, r: 1, p: 1 }).toString('hex'));
  console.log('scrypt rfc 2', c.scryptSync('password', 'NaCl', 64, { cost: 1024, blockSize: 8, parallelization: 16 }).toString('hex'));
  console.log('scrypt defaults', c.scryptSync('password', 'salt', 16).toString('hex'));
  console.log('scrypt zero means default', c.scryptSync('p', 's', 8, { N: 0, r: 0, p: 0 }).toString('hex'));
  console.log('scrypt empty key', c.scryptSync('p', 's', 0, { N: 16 }).length);
  for (const o of [{ N: 3 }, { N: 1 }, { N: 16, cost: 16 }, { N: 2 ** 20 }, { maxmem: 1000 }, { r: -1 }, { N: 'x' }, { maxmem: 1.5 }]) {
    try {
      console.log('scrypt', JSON.stringify(o), c.scryptSync('p', 's', 8, o).toString('hex'));
    } catch (e) {
      console.log('scrypt', JSON.stringify(o), e.name, e.code, e.message);
    }
  }
  try {
    c.scryptSync('p', 's', -1);
  } catch (e) {
    console.log('scrypt keylen', e.name, e.code, e.message);
  }
  await new Promise((resolve) => c.scrypt('password', 'salt', 16, { N: 1024 }, (err, key) => {
    console.log('scrypt callback', err, key.toString('hex'));
    resolve();
  }));
  await new Promise((resolve) => c.scrypt('password', 'salt', 8, (err, key) => {
    console.log('scrypt callback defaults', err, key.toString('hex'));
    resolve();
  }));
}

// KeyObject: secret keys (createSecretKey), used as HMAC and HKDF keys.
{
  const c = await import('node:crypto');
  const k=c.createSecretKey(Buffer.from('secret'));
  console.log(k.type, k.symmetricKeySize, k.asymmetricKeyType, k instanceof c.KeyObject, Object.getPrototypeOf(k).constructor.name);
  console.log(k.export().toString(), JSON.stringify(k.export({format:'jwk'})), k.equals(c.createSecretKey('secret','utf8')), k.equals(c.createSecretKey(Buffer.from('x'))));
  console.log(c.createHmac('sha256', k).update('a').digest('hex'));
  console.log(String(k), Object.prototype.toString.call(k));
  try { new c.KeyObject('secret', {}) } catch(e) { console.log(e.name, e.code, e.message) }
  try { c.createSecretKey(5) } catch(e) { console.log(e.name, e.code, e.message) }
  try { k.export({format:'pem'}) } catch(e) { console.log(e.name, e.code, e.message) }
  try { k.equals('x') } catch(e) { console.log(e.name, e.code, e.message) }
  console.log(c.createSecretKey('aGk','base64').export().toString());
  console.log(Buffer.from(c.hkdfSync('sha256', k, 'salt', 'info', 8)).toString('hex'));
}
