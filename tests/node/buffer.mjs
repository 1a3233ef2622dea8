// node:buffer: construction, encodings, searching, comparing, filling,
// numbers, errors (class, code, message) and inspection.
import bufferDefault, * as bufferNs from 'node:buffer';
import { Buffer, SlowBuffer, kMaxLength, kStringMaxLength, constants, transcode, isUtf8, isAscii, Blob, File } from 'node:buffer';

const K = String(kMaxLength);
const show = (v) => {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `${v.constructor.name}<${Buffer.prototype.hexSlice.call(v, 0, v.length)}>`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
};
let n = 0;
function t(label, fn) {
  n++;
  try {
    console.log(`${label}: ${show(fn())}`);
  } catch (e) {
    const msg = String(e.message).split(`&& <= ${K}.`).join('&& <= K.');
    console.log(`${label}: throws ${e.name} ${e.code} ${msg}`);
  }
}

// --- module shape ---
t('keys', () => Object.keys(bufferDefault).join());
t('ns keys', () => Object.keys(bufferNs).filter((k) => k !== 'default').sort().join());
t('default is module', () => bufferDefault.Buffer === Buffer && bufferDefault.transcode === transcode);
t('global Buffer', () => globalThis.Buffer === Buffer);
t('Blob/File', () => Blob === globalThis.Blob && File === globalThis.File && bufferDefault.Blob === Blob);
t('atob/btoa', () => [bufferDefault.atob('aGk='), bufferDefault.btoa('hi')]);
t('kMaxLength', () => [typeof kMaxLength, kMaxLength > 2 ** 30, constants.MAX_LENGTH === kMaxLength, constants.MAX_STRING_LENGTH === kStringMaxLength, typeof kStringMaxLength]);
t('INSPECT_MAX_BYTES', () => bufferDefault.INSPECT_MAX_BYTES);
t('poolSize', () => Buffer.poolSize);
t('proto chain', () => [Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype, Object.getPrototypeOf(Buffer) === Uint8Array, Buffer.prototype.constructor === Buffer]);
t('instanceof', () => { const b = Buffer.from('x'); return [b instanceof Buffer, b instanceof Uint8Array, Buffer.isBuffer(b), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer('x')]; });
t('species', () => { const b = Buffer.from([1, 2, 3]); const m = b.map((x) => x * 2); return [m instanceof Buffer, show(m), Buffer[Symbol.species] !== Buffer]; });
t('proto methods', () => Object.getOwnPropertyNames(Buffer.prototype).join());
t('static methods', () => Object.getOwnPropertyNames(Buffer).sort().join());
t('SlowBuffer', () => { const b = SlowBuffer(3); return [b.length, b instanceof Buffer, Object.getPrototypeOf(SlowBuffer.prototype) === Uint8Array.prototype]; });
t('Buffer(n)', () => show(Buffer(3)));
t('new Buffer(str)', () => show(new Buffer('ab')));
t('Buffer(n, enc)', () => Buffer(3, 'utf8'));

// --- from ---
t('from utf8', () => Buffer.from('héllo €😀'));
t('from lone surrogates', () => [Buffer.from('a\uD800b'), Buffer.from('\uDC00'), Buffer.from('\uD83D\uDE00\uD83D')]);
t('from empty', () => [Buffer.from(''), Buffer.from('', 'hex')]);
for (const enc of ['utf8', 'utf-8', 'UTF8', 'ucs2', 'ucs-2', 'utf16le', 'UTF-16LE', 'latin1', 'binary', 'ascii', 'base64', 'base64url', 'hex', 'HEX', 'Base64']) {
  t(`from ${enc}`, () => Buffer.from('aé€\u0100😀Zz/+_-=09', enc));
}
t('from hex odd', () => [Buffer.from('abc', 'hex'), Buffer.from('abzz12', 'hex'), Buffer.from('zz', 'hex'), Buffer.from('0G', 'hex')]);
t('from hex wide', () => Buffer.from('\u0161\u0162', 'hex'));
t('from base64 lenient', () => [
  Buffer.from('aGVsbG8gd29ybGQ=', 'base64'), Buffer.from('aGVsbG8gd29ybGQ', 'base64'),
  Buffer.from('aGVs bG8g\nd29y\tbGQ=', 'base64'), Buffer.from('aGk=aGk=', 'base64'),
  Buffer.from('a', 'base64'), Buffer.from('ab', 'base64'), Buffer.from('abc', 'base64'),
  Buffer.from('_-_-', 'base64'), Buffer.from('/+/+', 'base64url'), Buffer.from('a!b@c#d$', 'base64'),
  Buffer.from('====', 'base64'), Buffer.from('YQ==YQ==', 'base64'), Buffer.from('Y Q = =', 'base64'),
  Buffer.from('aGk=\u0141', 'base64'), Buffer.from('\u0141\u0141\u0141\u0141', 'base64'),
]);
t('from ascii high', () => [Buffer.from('é\u0100\uffff', 'ascii'), Buffer.from('é\u0100\uffff', 'latin1')]);
t('from ucs2 pair', () => Buffer.from('😀', 'ucs2'));
t('from bad encoding', () => Buffer.from('a', 'foo'));
t('from enc number', () => Buffer.from('a', 5));
t('from enc empty', () => Buffer.from('ab', ''));
t('from array', () => [Buffer.from([1, 2, 255, 256, -1, 1.7, '3', 'x', null]), Buffer.from([])]);
t('from array-like', () => [Buffer.from({ length: 3, 0: 7, 1: 8 }), Buffer.from({ length: 'x' }), Buffer.from({ length: -2 })]);
t('from typed', () => [Buffer.from(new Uint16Array([1, 258])), Buffer.from(new Float32Array([1.5, 300])), Buffer.from(new Uint8Array([9, 8]))]);
t('from buffer copies', () => { const a = Buffer.from('abc'); const b = Buffer.from(a); b[0] = 0x7a; return [a.toString(), b.toString()]; });
t('from arraybuffer shares', () => {
  const ab = new ArrayBuffer(8);
  const b = Buffer.from(ab, 2, 4);
  new Uint8Array(ab)[2] = 42;
  return [b.length, b.byteOffset, b[0], b.buffer === ab, Buffer.from(ab).length, Buffer.from(ab, 6).length, Buffer.from(ab, '3').length, Buffer.from(ab, 1, 0).length, Buffer.from(ab, NaN, -1).length];
});
t('from arraybuffer oob offset', () => Buffer.from(new ArrayBuffer(4), 5));
t('from arraybuffer oob length', () => Buffer.from(new ArrayBuffer(4), 1, 4));
t('from sab', () => Buffer.from(new SharedArrayBuffer(3)).length);
t('from json', () => Buffer.from({ type: 'Buffer', data: [1, 2, 3] }));
t('from valueOf', () => [Buffer.from(new String('hey')), Buffer.from({ valueOf() { return 'abc'; } }), Buffer.from({ valueOf() { return [1, 2]; } })]);
t('from toPrimitive', () => Buffer.from({ [Symbol.toPrimitive]() { return 'prim'; } }, 'latin1'));
t('from number', () => Buffer.from(5));
t('from null', () => Buffer.from(null));
t('from undefined', () => Buffer.from());
t('from object', () => Buffer.from({}));
t('from function', () => Buffer.from(function foo() {}));
t('from symbol', () => Buffer.from(Symbol('s')));
t('from bool', () => Buffer.from(true));
t('from long string', () => Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789'));
t('of', () => [Buffer.of(1, 2, 300), Buffer.of()]);
t('copyBytesFrom', () => [
  Buffer.copyBytesFrom(new Uint16Array([1, 2, 3])), Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1),
  Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1), Buffer.copyBytesFrom(new Uint16Array([1, 2]), 5),
  Buffer.copyBytesFrom(new Uint8Array(0)),
]);
t('copyBytesFrom bad', () => Buffer.copyBytesFrom([1, 2]));
t('copyBytesFrom bad offset', () => Buffer.copyBytesFrom(new Uint8Array(2), -1));
t('copyBytesFrom bad length', () => Buffer.copyBytesFrom(new Uint8Array(2), 0, 1.5));

// --- alloc ---
t('alloc', () => [Buffer.alloc(3), Buffer.alloc(0), Buffer.alloc(2.7)]);
t('alloc fill', () => [Buffer.alloc(5, 'ab'), Buffer.alloc(5, 1), Buffer.alloc(5, 257), Buffer.alloc(4, 'aGk=', 'base64'), Buffer.alloc(5, '€'), Buffer.alloc(3, Buffer.from([1, 2])), Buffer.alloc(3, '')]);
t('alloc bad fill', () => Buffer.alloc(3, 'zz', 'hex'));
t('alloc bad enc', () => Buffer.alloc(3, 'a', 'nope'));
t('alloc negative', () => Buffer.alloc(-1));
t('alloc too big', () => { try { Buffer.alloc(kMaxLength + 1); } catch (e) { return [e.name, e.code]; } });
t('alloc enc type', () => Buffer.alloc(3, 'ab', 5));
t('alloc NaN', () => Buffer.alloc(NaN));
t('alloc string', () => Buffer.alloc('5'));
t('allocUnsafe', () => [Buffer.allocUnsafe(4).length, Buffer.allocUnsafeSlow(4).length, Buffer.allocUnsafe(0).length]);
t('allocUnsafe bad', () => Buffer.allocUnsafe(-5));
t('allocUnsafeSlow bad', () => Buffer.allocUnsafeSlow({}));
t('SlowBuffer bad', () => SlowBuffer('3'));

// --- byteLength, isEncoding ---
t('byteLength', () => [
  Buffer.byteLength('héllo'), Buffer.byteLength('😀'), Buffer.byteLength('\uD800'), Buffer.byteLength('abc', 'ucs2'),
  Buffer.byteLength('abcd', 'hex'), Buffer.byteLength('abc', 'hex'), Buffer.byteLength('aGk=', 'base64'),
  Buffer.byteLength('aGk', 'base64url'), Buffer.byteLength('aG==', 'base64'), Buffer.byteLength('é', 'latin1'),
  Buffer.byteLength('é', 'ascii'), Buffer.byteLength('é', 'bogus'), Buffer.byteLength(''), Buffer.byteLength('a', 'UTF-16LE'),
]);
t('byteLength views', () => [Buffer.byteLength(new Uint16Array(3)), Buffer.byteLength(new ArrayBuffer(7)), Buffer.byteLength(new DataView(new ArrayBuffer(5))), Buffer.byteLength(new SharedArrayBuffer(2))]);
t('byteLength bad', () => Buffer.byteLength(5));
t('isEncoding', () => ['utf8', 'UTF-8', 'hex', 'Hex', 'ucs2', 'binary', 'latin1', 'base64url', 'ascii', 'buffer', '', 'foo', null, 5, undefined, 'utf16le', 'utf-16le'].map((e) => Buffer.isEncoding(e)));

// --- toString / slices ---
const hello = Buffer.from('hello world');
t('toString', () => [hello.toString(), hello.toString('hex'), hello.toString('base64'), hello.toString('base64url'), hello.toString('ucs2'), hello.toString('latin1'), hello.toString('ascii')]);
t('toString ranges', () => [hello.toString('utf8', 6), hello.toString('utf8', 0, 5), hello.toString('utf8', -3, 2), hello.toString('utf8', 3, 100), hello.toString('utf8', 5, 2), hello.toString('utf8', 20), hello.toString(undefined, 1, 3), hello.toString('utf8', '2', '4'), hello.toString('utf8', NaN, NaN), hello.toString('utf8', 1.9, 4.2), hello.toString('utf8', null, 3)]);
t('toString bad enc', () => hello.toString('nope'));
t('toString empty enc', () => hello.toString(''));
t('toString null enc', () => hello.toString(null));
t('toString invalid utf8', () => [
  Buffer.from([0xff, 0x61, 0xc3]).toString(), Buffer.from([0xe2, 0x82]).toString(), Buffer.from([0xed, 0xa0, 0x80]).toString(),
  Buffer.from([0xf0, 0x9f, 0x98]).toString(), Buffer.from([0xc0, 0xaf]).toString(), Buffer.from([0xf4, 0x90, 0x80, 0x80]).toString(),
  Buffer.from([0xe0, 0x80, 0x80]).toString(), Buffer.from([0x80, 0x80]).toString(), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]).toString(),
].map((s) => [...s].map((c) => c.codePointAt(0).toString(16)).join(' ')));
t('toString latin1/ascii high', () => { const b = Buffer.from([0x41, 0xe9, 0xff, 0x80]); return [b.toString('latin1'), b.toString('ascii'), b.toString('binary')]; });
t('toString ucs2 odd', () => [Buffer.from([0x61, 0, 0x62]).toString('ucs2'), Buffer.from([0x3d, 0xd8, 0, 0xde]).toString('utf16le'), Buffer.from([0x00, 0xd8]).toString('ucs2').charCodeAt(0)]);
t('toString base64 padding', () => [1, 2, 3, 4, 5].map((k) => Buffer.from('abcde').subarray(0, k).toString('base64')));
t('toString base64url', () => Buffer.from([0xfb, 0xff, 0xbf]).toString('base64url'));
t('toString wide', () => { const s = 'ä€𝄞'.repeat(40); return Buffer.from(s).toString() === s; });
t('toString latin1 text', () => Buffer.from('café über').toString());
t('toLocaleString', () => [hello.toLocaleString('hex', 0, 2), Buffer.prototype.toLocaleString === Buffer.prototype.toString]);
t('utf8Slice', () => [hello.utf8Slice(1, 4), hello.utf8Slice(), hello.latin1Slice(2), hello.hexSlice(0, 2), hello.ucs2Slice(0, 4), hello.base64Slice(0, 3), hello.base64urlSlice(0, 2), hello.asciiSlice(3, 3), hello.utf8Slice(5, 2)]);
t('utf8Slice bad', () => hello.utf8Slice(-1));
t('utf8Slice oob', () => hello.utf8Slice(0, 100));
t('utf8Slice start oob', () => hello.utf8Slice(100));
t('slice not buffer', () => Buffer.prototype.utf8Slice.call({}, 0, 1));
t('slice on Uint8Array', () => Buffer.prototype.hexSlice.call(new Uint8Array([1, 2]), 0, 2));
t('toJSON', () => [JSON.stringify(Buffer.from('ab')), JSON.stringify(Buffer.alloc(0)), JSON.stringify({ b: Buffer.from([1]) })]);

// --- write ---
t('write', () => { const b = Buffer.alloc(8); return [b.write('abc'), show(b)]; });
t('write offset', () => { const b = Buffer.alloc(8); return [b.write('abc', 2), b.write('xyz', 6), show(b)]; });
t('write offset length', () => { const b = Buffer.alloc(8); return [b.write('abcdef', 1, 3), show(b)]; });
t('write enc', () => { const b = Buffer.alloc(8); return [b.write('6869', 'hex'), b.write('aGk=', 3, 'base64'), b.write('zz', 5, 2, 'latin1'), show(b)]; });
t('write partial char', () => { const b = Buffer.alloc(4); return [b.write('a€'), b.write('€€', 0, 5), b.write('😀', 1), b.write('é', 3), show(b)]; });
t('write ucs2 odd room', () => { const b = Buffer.alloc(5); return [b.write('abc', 'ucs2'), show(b)]; });
t('write hex stops', () => { const b = Buffer.alloc(4); return [b.write('abc', 'hex'), b.write('zz', 'hex'), b.write('12zz34', 'hex'), b.write('0102030405', 'hex'), show(b)]; });
t('write lone surrogate', () => { const b = Buffer.alloc(6); return [b.write('\uD800x'), show(b)]; });
t('write ascii high', () => { const b = Buffer.alloc(3); return [b.write('é\u0100z', 'ascii'), show(b)]; });
t('write base64 lenient', () => { const b = Buffer.alloc(10); return [b.write(' aG Vs\nbG8= ', 'base64'), show(b)]; });
t('write not string', () => Buffer.alloc(4).write(5));
t('write not string 2', () => Buffer.alloc(4).write(5, 0));
t('write bad enc', () => Buffer.alloc(4).write('a', 'nope'));
t('write bad offset', () => Buffer.alloc(4).write('a', 5));
t('write frac offset', () => Buffer.alloc(4).write('a', 1.5));
t('write str offset', () => Buffer.alloc(4).write('a', '1', 2));
t('write bad length', () => Buffer.alloc(4).write('a', 0, 10));
t('write neg length', () => Buffer.alloc(4).write('a', 0, -1));
t('write length 0', () => Buffer.alloc(4).write('a', 0, 0));
t('write at end', () => Buffer.alloc(4).write('a', 4));
t('utf8Write', () => { const b = Buffer.alloc(4); return [b.utf8Write('hi', 1), b.latin1Write('é', 3), b.hexWrite('ff', 0, 1), b.ucs2Write('a'), b.asciiWrite('Z', 3), show(b)]; });
t('utf8Write oob', () => Buffer.alloc(4).utf8Write('a', 5));
t('hexWrite oob', () => Buffer.alloc(4).hexWrite('aa', 5));
t('hexWrite neg', () => Buffer.alloc(4).hexWrite('aa', -1));
t('utf8Write not string', () => Buffer.alloc(4).utf8Write(5));

// --- equals / compare ---
const abc = Buffer.from('abc');
t('equals', () => [abc.equals(Buffer.from('abc')), abc.equals(Buffer.from('abd')), abc.equals(Buffer.from('ab')), abc.equals(abc), abc.equals(new Uint8Array([97, 98, 99])), Buffer.alloc(0).equals(Buffer.alloc(0))]);
t('equals bad', () => abc.equals('abc'));
t('Buffer.compare', () => [Buffer.compare(abc, Buffer.from('abd')), Buffer.compare(Buffer.from('b'), abc), Buffer.compare(abc, abc), Buffer.compare(Buffer.from('ab'), abc), Buffer.compare(abc, Buffer.from('ab')), Buffer.compare(Buffer.alloc(0), Buffer.alloc(0))]);
t('Buffer.compare bad', () => Buffer.compare(abc, 'x'));
t('Buffer.compare bad 1', () => Buffer.compare([], abc));
t('sort', () => [Buffer.from('c'), Buffer.from('a'), Buffer.from('b'), Buffer.from('aa')].sort(Buffer.compare).map(String));
const cmp = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const cmp2 = Buffer.from([5, 6, 7, 8, 9, 1, 2, 3, 4]);
t('compare ranges', () => [
  cmp.compare(cmp2), cmp.compare(cmp2, 0, 4, 4), cmp.compare(cmp2, 5, 6, 5), cmp.compare(cmp2, 0, 4, 4, 8), cmp.compare(cmp2, 5),
  cmp.compare(cmp2, 5, 9, 0, 4), cmp.compare(cmp2, 4, 4), cmp.compare(cmp2, 0, 1, 3, 3), cmp.compare(cmp2, 3, 3, 3, 3), cmp.compare(cmp2, 20, 9),
  cmp.compare(cmp2, undefined, undefined, undefined, undefined), cmp.compare(new Uint8Array([1, 2])),
]);
t('compare bad target', () => cmp.compare('x'));
t('compare bad targetEnd', () => cmp.compare(cmp2, 0, 20));
t('compare bad sourceEnd', () => cmp.compare(cmp2, 0, 1, 0, 10));
t('compare neg', () => cmp.compare(cmp2, -1));
t('compare frac', () => cmp.compare(cmp2, 1.5));
t('compare str', () => cmp.compare(cmp2, '1'));

// --- copy ---
t('copy', () => { const a = Buffer.from('abcdef'); const b = Buffer.alloc(4); return [a.copy(b), show(b)]; });
t('copy offsets', () => { const a = Buffer.from('abcdef'); const b = Buffer.alloc(6, '.'); return [a.copy(b, 2, 1, 3), show(b), a.copy(b, 5), show(b), a.copy(b, 10), a.copy(b, 0, 6), a.copy(b, 0, 3, 1), a.copy(b, 0, 2, 100)]; });
t('copy overlap', () => { const a = Buffer.from('abcdefgh'); a.copy(a, 2, 0, 5); const c = Buffer.from('abcdefgh'); c.copy(c, 0, 3); return [a.toString(), c.toString()]; });
t('copy coercion', () => { const a = Buffer.from('abcdef'); const b = Buffer.alloc(4); return [a.copy(b, '1', 1.7, '3'), show(b), a.copy(b, NaN, NaN), show(b)]; });
t('copy to Uint8Array', () => { const u = new Uint8Array(3); Buffer.from('xyz').copy(u, 1); return [...u]; });
t('copy to Uint16Array', () => { const u = new Uint16Array(2); return [Buffer.from([1, 2, 3, 4, 5]).copy(u), [...u]]; });
t('copy bad target', () => Buffer.from('a').copy({}));
t('copy bad targetStart', () => Buffer.from('a').copy(Buffer.alloc(1), -1));
t('copy bad sourceStart', () => Buffer.from('a').copy(Buffer.alloc(1), 0, 5));
t('copy bad sourceEnd', () => Buffer.from('a').copy(Buffer.alloc(1), 0, 0, -1));

// --- concat ---
t('concat', () => [Buffer.concat([Buffer.from('ab'), Buffer.from('cd'), new Uint8Array([101])]), Buffer.concat([]), Buffer.concat([Buffer.from('ab')], 5), Buffer.concat([Buffer.from('abc'), Buffer.from('def')], 4), Buffer.concat([Buffer.from('ab')], 0)]);
t('concat result is new', () => { const a = Buffer.from('ab'); const c = Buffer.concat([a]); c[0] = 0; return a.toString(); });
t('concat bad list', () => Buffer.concat('ab'));
t('concat bad item', () => Buffer.concat([Buffer.from('a'), 'b']));
t('concat bad length', () => Buffer.concat([Buffer.from('a')], -1));
t('concat frac length', () => Buffer.concat([Buffer.from('a')], 1.5));

// --- slice / subarray ---
t('subarray', () => { const b = Buffer.from('abcdef'); const s = b.subarray(1, 4); s[0] = 0x58; return [s.toString(), b.toString(), s instanceof Buffer, s.byteOffset - b.byteOffset, s.buffer === b.buffer]; });
t('slice shares', () => { const b = Buffer.from('abcdef'); const s = b.slice(2); s[0] = 0x5a; return b.toString(); });
t('slice indices', () => { const b = Buffer.from('abcdef'); return [b.slice(-2), b.slice(-10), b.slice(2, -1), b.slice(4, 2), b.slice(10), b.slice('1', '3'), b.slice(1.5, 3.9), b.slice(NaN), b.slice(0, NaN), b.slice(undefined, 2), b.slice(-0), b.slice(2 ** 40)].map(String); });
t('subarray of slice', () => Buffer.from('abcdef').subarray(1).subarray(1, 3).toString());

// --- fill ---
t('fill number', () => [Buffer.alloc(4).fill(7), Buffer.alloc(4).fill(257), Buffer.alloc(4).fill(-1), Buffer.alloc(4).fill(1.9), Buffer.alloc(4).fill(NaN), Buffer.alloc(4).fill(7, 1), Buffer.alloc(4).fill(7, 1, 3)]);
t('fill string', () => [Buffer.alloc(5).fill('ab'), Buffer.alloc(5).fill('abc', 1), Buffer.alloc(5).fill('abc', 1, 4), Buffer.alloc(5).fill('€'), Buffer.alloc(2).fill('€'), Buffer.alloc(5).fill('é'), Buffer.alloc(5).fill('é', 'latin1'), Buffer.alloc(4).fill('\u0100', 'latin1')]);
t('fill encodings', () => [Buffer.alloc(5).fill('6162', 'hex'), Buffer.alloc(5).fill('aGk=', 'base64'), Buffer.alloc(5).fill('ab', 'ucs2'), Buffer.alloc(5).fill('ab', 0, 'ucs2'), Buffer.alloc(5).fill('ab', 1, 5, 'ucs2'), Buffer.alloc(3).fill('\uD800'), Buffer.alloc(4).fill('a', 'ascii'), Buffer.alloc(3).fill('abc', 'base64url')]);
t('fill buffer', () => [Buffer.alloc(5).fill(Buffer.from('xy')), Buffer.alloc(5).fill(new Uint16Array([0x102])), Buffer.alloc(3).fill(Buffer.from('abcdef'))]);
t('fill self', () => { const b = Buffer.from('ab\0\0\0\0\0'); b.fill(b.subarray(0, 2), 2); return b.toString(); });
t('fill other', () => [Buffer.alloc(3).fill(true), Buffer.alloc(3).fill({}), Buffer.alloc(3).fill(null), Buffer.alloc(3).fill(''), Buffer.alloc(3).fill(258n === 0 ? 0 : { valueOf: () => 513 })]);
t('fill returns this', () => { const b = Buffer.alloc(2); return b.fill(1) === b; });
t('fill empty range', () => Buffer.alloc(3).fill(1, 2, 1));
t('fill bad hex', () => Buffer.alloc(3).fill('zz', 'hex'));
t('fill empty buffer', () => Buffer.alloc(3).fill(Buffer.alloc(0)));
t('fill bad enc', () => Buffer.alloc(3).fill('a', 'nope'));
t('fill enc type', () => Buffer.alloc(3).fill('a', 0, 3, 5));
t('fill bad end', () => Buffer.alloc(3).fill(1, 0, 4));
t('fill bad offset', () => Buffer.alloc(3).fill(1, -1));
t('fill offset type', () => Buffer.alloc(3).fill(1, '1'));
t('fill frac', () => Buffer.alloc(3).fill(1, 0.5));

// --- indexOf / lastIndexOf / includes ---
const hay = Buffer.from('this is a buffer, a nice buffer');
t('indexOf string', () => [hay.indexOf('buffer'), hay.indexOf('buffer', 11), hay.indexOf('buffer', -6), hay.indexOf('nope'), hay.indexOf('a', 100), hay.indexOf('t', -100), hay.indexOf(''), hay.indexOf('', 5), hay.indexOf('', 100), hay.indexOf('', -5)]);
t('lastIndexOf string', () => [hay.lastIndexOf('buffer'), hay.lastIndexOf('buffer', 20), hay.lastIndexOf('buffer', -10), hay.lastIndexOf('buffer', 10), hay.lastIndexOf('this', -100), hay.lastIndexOf('r', 100), hay.lastIndexOf(''), hay.lastIndexOf('', 3), hay.lastIndexOf('', 100), hay.lastIndexOf('r', 1000)]);
t('indexOf number', () => [hay.indexOf(97), hay.indexOf(97, 9), hay.indexOf(97 + 256), hay.indexOf(-159), hay.indexOf(1.5), hay.lastIndexOf(97), hay.lastIndexOf(97, 10), hay.lastIndexOf(116, -100), hay.indexOf(116, 1000), hay.indexOf(0x74, -1000)]);
t('indexOf buffer', () => [hay.indexOf(Buffer.from('nice')), hay.indexOf(new Uint8Array([97, 32])), hay.lastIndexOf(Buffer.from('a ')), hay.indexOf(Buffer.alloc(0)), hay.indexOf(Buffer.alloc(0), 7), hay.indexOf(Buffer.from('x'.repeat(100)))]);
t('indexOf offsets', () => [hay.indexOf('is', '3'), hay.indexOf('is', null), hay.indexOf('is', []), hay.indexOf('is', {}), hay.lastIndexOf('is', {}), hay.lastIndexOf('is', null), hay.indexOf('is', 2.9), hay.indexOf('is', 2 ** 40), hay.lastIndexOf('is', -(2 ** 40)), hay.lastIndexOf('is', NaN), hay.indexOf('is', true)]);
t('indexOf encodings', () => {
  const b = Buffer.from('abc\u00e9def', 'latin1');
  return [b.indexOf('é', 'latin1'), b.indexOf('e9', 'hex'), b.indexOf('6465', 0, 'hex'), b.indexOf('ZGVm', 'base64'), b.indexOf('é'), b.indexOf('def', 'ascii'), b.indexOf('zz', 'hex'), b.indexOf('d', 'binary'), b.indexOf(Buffer.from('e'), 'hex')];
});
t('indexOf ucs2', () => {
  const b = Buffer.from('abcabc', 'ucs2');
  return [b.indexOf('b', 'ucs2'), b.indexOf('b', 3, 'ucs2'), b.indexOf('b', 4, 'ucs2'), b.lastIndexOf('b', 'ucs2'), b.lastIndexOf('b', 7, 'utf16le'), b.lastIndexOf('b', 6, 'utf16le'), b.indexOf('\u6200', 'ucs2'), b.indexOf(Buffer.from('b\0'), 'ucs2'), b.indexOf(Buffer.from('b'), 'ucs2'), Buffer.from('abcde').indexOf('z', 'ucs2'), Buffer.from('a').indexOf('a', 'ucs2'), b.indexOf('', 'ucs2')];
});
t('indexOf utf8 multibyte', () => { const b = Buffer.from('a€b😀c'); return [b.indexOf('€'), b.indexOf('😀'), b.indexOf('c'), b.lastIndexOf('€'), b.indexOf('\uD83D'), Buffer.from('x\uD800y').indexOf('\uDBFF')]; });
t('indexOf bad encoding', () => hay.indexOf('a', 0, 'nope'));
t('indexOf bad encoding buffer', () => hay.indexOf(Buffer.from('a'), 0, 'nope'));
t('indexOf bad value', () => hay.indexOf({}));
t('indexOf bad value 2', () => hay.indexOf(null));
t('includes', () => [hay.includes('nice'), hay.includes('mean'), hay.includes(97), hay.includes('this', 1), hay.includes(Buffer.from('buf')), Buffer.alloc(0).includes('')]);
t('indexOf empty hay', () => [Buffer.alloc(0).indexOf('a'), Buffer.alloc(0).indexOf(0), Buffer.alloc(0).lastIndexOf('a'), Buffer.alloc(0).indexOf(''), Buffer.alloc(0).lastIndexOf(Buffer.alloc(0))]);
t('indexOf long', () => { const b = Buffer.alloc(10000, 'ab'); b.write('needle', 7777); return [b.indexOf('needle'), b.lastIndexOf('needle'), b.indexOf('needle', 7778), b.lastIndexOf('ab'), b.indexOf('ba', 9990)]; });

// --- swap ---
t('swap16', () => Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap16());
t('swap32', () => Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap32());
t('swap64', () => Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap64());
t('swap big', () => { const b = Buffer.alloc(256); for (let i = 0; i < 256; i++) b[i] = i; b.swap16(); b.swap32(); b.swap64(); return b.subarray(0, 16); });
t('swap returns this', () => { const b = Buffer.alloc(2); return b.swap16() === b; });
t('swap16 bad', () => Buffer.alloc(3).swap16());
t('swap32 bad', () => Buffer.alloc(6).swap32());
t('swap64 bad', () => Buffer.alloc(12).swap64());

// --- numbers ---
const nb = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff, 0xfe, 0x80, 0x00]);
t('readUInt8/Int8', () => [nb.readUInt8(0), nb.readUint8(8), nb.readInt8(8), nb.readInt8(10), nb.readUInt8()]);
t('read16', () => [nb.readUInt16LE(0), nb.readUInt16BE(0), nb.readInt16LE(8), nb.readInt16BE(8), nb.readUint16LE(9), nb.readUint16BE(10), nb.readInt16BE(10)]);
t('read32', () => [nb.readUInt32LE(0), nb.readUInt32BE(0), nb.readInt32LE(8), nb.readInt32BE(8), nb.readUint32LE(4), nb.readUint32BE(8)]);
t('readUIntLE/BE', () => [1, 2, 3, 4, 5, 6].map((k) => [nb.readUIntLE(6, k), nb.readUIntBE(6, k), nb.readIntLE(6, k), nb.readIntBE(6, k), nb.readUintLE(0, k), nb.readUintBE(0, k)]));
t('readBig', () => [nb.readBigUInt64LE(0), nb.readBigUInt64BE(0), nb.readBigInt64LE(4), nb.readBigInt64BE(4), nb.readBigUint64LE(2), nb.readBigUint64BE(3), Buffer.alloc(8, 0xff).readBigInt64LE(), Buffer.alloc(8, 0xff).readBigUInt64BE()]);
t('readFloat', () => { const b = Buffer.from([0, 0, 0x80, 0x3f, 0x40, 0x49, 0x0f, 0xdb]); return [b.readFloatLE(0), b.readFloatBE(4), b.readFloatLE(4), b.readFloatBE(0)]; });
t('readDouble', () => { const b = Buffer.alloc(16); b.writeDoubleLE(Math.PI); b.writeDoubleBE(-1.5e300, 8); return [b.readDoubleLE(0), b.readDoubleBE(8), b.readDoubleBE(0), b.readDoubleLE(8)]; });
t('read oob', () => nb.readUInt32LE(9));
t('read oob 8', () => nb.readUInt8(12));
t('read negative', () => nb.readInt16LE(-1));
t('read frac', () => nb.readUInt16LE(1.5));
t('read string offset', () => nb.readUInt16LE('1'));
t('read NaN', () => nb.readUInt8(NaN));
t('read small buffer', () => Buffer.alloc(1).readUInt16LE(0));
t('read empty buffer', () => Buffer.alloc(0).readUInt8(0));
t('readBig oob', () => nb.readBigInt64BE(5));
t('readDouble oob', () => nb.readDoubleLE(5));
t('readFloat oob', () => nb.readFloatBE(9));
t('readUIntLE no offset', () => nb.readUIntLE());
t('readUIntLE bad byteLength', () => nb.readUIntLE(0, 7));
t('readIntBE bad byteLength', () => nb.readIntBE(0, 0));
t('readUIntBE frac byteLength', () => nb.readUIntBE(0, 1.5));
t('readIntLE str byteLength', () => nb.readIntLE(0, '2'));
t('readUIntLE oob', () => nb.readUIntLE(8, 6));
t('readUIntBE 5 oob', () => nb.readUIntBE(9, 5));
const w = () => Buffer.alloc(10);
t('write8', () => { const b = w(); return [b.writeUInt8(255), b.writeInt8(-128, 1), b.writeUint8(1.9, 2), b.writeInt8('5', 3), b.writeUInt8(-0, 4), show(b)]; });
t('write16', () => { const b = w(); return [b.writeUInt16LE(0x1234), b.writeUInt16BE(0x1234, 2), b.writeInt16LE(-2, 4), b.writeInt16BE(-32768, 6), b.writeUint16LE(65535, 8), show(b)]; });
t('write32', () => { const b = w(); return [b.writeUInt32LE(0xdeadbeef), b.writeUInt32BE(0xdeadbeef, 4), show(b), b.writeInt32LE(-1, 2), b.writeInt32BE(-2147483648, 6), b.writeUint32BE(1, 0), show(b)]; });
t('writeUIntLE/BE', () => [1, 2, 3, 4, 5, 6].map((k) => { const b = w(); const v = 2 ** (8 * k) - 3; return [b.writeUIntLE(v, 0, k), b.writeUIntBE(v, 4, k), show(b), b.readUIntLE(0, k) === v, b.readUIntBE(4, k) === v]; }));
t('writeIntLE/BE', () => [1, 2, 3, 4, 5, 6].map((k) => { const b = w(); const v = -(2 ** (8 * k - 1)) + 5; return [b.writeIntLE(v, 0, k), b.writeIntBE(v, 4, k), show(b), b.readIntLE(0, k) === v, b.readIntBE(4, k) === v]; }));
t('writeBig', () => { const b = Buffer.alloc(16); return [b.writeBigUInt64LE(0x0102030405060708n), b.writeBigInt64BE(-2n, 8), show(b), b.writeBigUint64BE(2n ** 64n - 1n), b.writeBigInt64LE(-(2n ** 63n), 8), show(b)]; });
t('writeFloat/Double', () => { const b = Buffer.alloc(24); return [b.writeFloatLE(1.5), b.writeFloatBE(-0.1, 4), b.writeDoubleLE(1e-300, 8), b.writeDoubleBE(NaN, 16), show(b), b.writeFloatLE('2'), b.writeFloatBE(1e40), b.readFloatBE(0), b.writeDoubleLE(undefined), b.readDoubleLE(0)]; });
t('write8 range', () => w().writeUInt8(256));
t('writeInt8 range', () => w().writeInt8(-129));
t('write16 range', () => w().writeUInt16LE(-1));
t('writeInt16 range', () => w().writeInt16BE(32768));
t('write32 range', () => w().writeUInt32LE(2 ** 32));
t('writeInt32 range', () => w().writeInt32LE(-(2 ** 31) - 1));
t('write48 range', () => w().writeUIntLE(2 ** 48, 0, 6));
t('writeInt48 range', () => w().writeIntBE(2 ** 47, 0, 6));
t('write40 range', () => w().writeUIntBE(-1, 0, 5));
t('write24 range', () => w().writeIntLE(2 ** 23, 0, 3));
t('writeBig range', () => Buffer.alloc(8).writeBigUInt64LE(-1n));
t('writeBigInt range', () => Buffer.alloc(8).writeBigInt64BE(2n ** 63n));
t('writeBig huge', () => Buffer.alloc(8).writeBigInt64LE(2n ** 100n));
t('writeBig number', () => { try { Buffer.alloc(8).writeBigInt64LE(5); } catch (e) { return e.name; } });
t('write oob', () => w().writeUInt32LE(1, 7));
t('write8 oob', () => w().writeUInt8(1, 10));
t('write neg offset', () => w().writeUInt16BE(1, -1));
t('write frac offset', () => w().writeInt32BE(1, 0.5));
t('write str offset', () => w().writeUInt8(1, '0'));
t('writeDouble oob', () => w().writeDoubleLE(1, 3));
t('writeFloat oob', () => Buffer.alloc(3).writeFloatLE(1));
t('writeUIntLE bad byteLength', () => w().writeUIntLE(1, 0, 7));
t('writeIntBE bad byteLength', () => w().writeIntBE(1, 0));
t('write NaN value', () => { const b = Buffer.alloc(4); return [b.writeUInt16LE(NaN), b.writeInt32BE(NaN), show(b)]; });
t('write big number value', () => w().writeUInt32LE(1e20));
t('write value range bigint message', () => Buffer.alloc(8).writeBigUInt64BE(2n ** 70n));
t('write value message big', () => w().writeUIntBE(2 ** 60, 0, 6));
t('roundtrip doubles', () => [0, -0, 1.5, -1e-310, Infinity, -Infinity, 2 ** 53].map((v) => { const b = Buffer.alloc(8); b.writeDoubleBE(v); return Object.is(b.readDoubleBE(), v); }));

// --- iteration, properties ---
t('iteration', () => { const b = Buffer.from('ab'); return [[...b], [...b.keys()], [...b.values()], [...b.entries()].map((e) => e.join(':'))]; });
t('for of', () => { let s = 0; for (const x of Buffer.from([1, 2, 3])) s += x; return s; });
t('buffer/byteOffset', () => { const ab = new ArrayBuffer(10); const b = Buffer.from(ab, 3, 4); return [b.buffer === ab, b.byteOffset, b.byteLength, b.length, b.parent === ab, b.offset]; });
t('parent on non-buffer', () => [Object.getOwnPropertyDescriptor(Buffer.prototype, 'parent').get.call(new Uint8Array(1)), Object.getOwnPropertyDescriptor(Buffer.prototype, 'offset').enumerable]);
t('Uint8Array methods', () => { const b = Buffer.from([3, 1, 2]); return [b.reverse().toString('hex'), b.sort().toString('hex'), b.at(-1), b.join('-'), b.filter((x) => x > 1) instanceof Buffer]; });
t('typed slice species', () => { const b = Buffer.from('abc'); const s = Uint8Array.prototype.slice.call(b, 1); s[0] = 0; return [s instanceof Buffer, b.toString()]; });

// --- inspect ---
t('inspect', () => Buffer.from('hello').inspect());
t('inspect long', () => Buffer.alloc(60, 1).inspect());
t('inspect 51', () => Buffer.alloc(51).inspect());
t('inspect empty', () => Buffer.alloc(0).inspect());
console.log(Buffer.from('hello'));
console.log([Buffer.from('x'), Buffer.alloc(0)]);
console.log({ a: Buffer.from([1, 2, 3]) });
console.log(Buffer.alloc(55));
{
  const b = Buffer.from('ab');
  b.foo = 1;
  b.bar = 'x';
  console.log(b);
  const e = Buffer.alloc(0);
  e.baz = [1];
  console.log(e);
}
bufferDefault.INSPECT_MAX_BYTES = 4;
console.log(Buffer.from('abcdefgh'));
t('INSPECT_MAX_BYTES set', () => [bufferDefault.INSPECT_MAX_BYTES, bufferNs.INSPECT_MAX_BYTES]);
t('INSPECT_MAX_BYTES bad', () => { bufferDefault.INSPECT_MAX_BYTES = -1; });
t('INSPECT_MAX_BYTES bad type', () => { bufferDefault.INSPECT_MAX_BYTES = '5'; });
bufferDefault.INSPECT_MAX_BYTES = 50;
class MyBuf extends Buffer {}
t('subclass inspect', () => Buffer.prototype.inspect.call(Object.setPrototypeOf(Buffer.from('a'), MyBuf.prototype)));

// --- isUtf8 / isAscii ---
t('isUtf8', () => [isUtf8(Buffer.from('héllo')), isUtf8(Buffer.from([0xff])), isUtf8(Buffer.from([0xed, 0xa0, 0x80])), isUtf8(Buffer.from([0xc0, 0x80])), isUtf8(new ArrayBuffer(2)), isUtf8(Buffer.alloc(0)), isUtf8(new Uint16Array([0xe9c3])), isUtf8(Buffer.from([0xf0, 0x9f, 0x98]))]);
t('isAscii', () => [isAscii(Buffer.from('hello')), isAscii(Buffer.from('é')), isAscii(new ArrayBuffer(2)), isAscii(Buffer.alloc(0)), isAscii(Buffer.from([0x7f])), isAscii(Buffer.from([0x80]))]);
t('isUtf8 bad', () => isUtf8('abc'));
t('isAscii bad', () => isAscii([1]));

// --- transcode ---
const encs = ['ascii', 'latin1', 'utf8', 'ucs2'];
for (const src of [Buffer.from([0x41, 0xe9, 0x80, 0xff]), Buffer.from('h€é😀'), Buffer.from([0xed, 0xa0, 0x80, 0x41, 0xc3]), Buffer.from([0x41, 0, 0, 0xd8, 0x42]), Buffer.from([0x3d, 0xd8, 0, 0xde, 0xac, 0x20])]) {
  for (const from of encs) {
    for (const to of encs) {
      t(`transcode ${src.toString('hex')} ${from}->${to}`, () => {
        try {
          return transcode(src, from, to);
        } catch (e) {
          return `${e.name} ${e.code} ${e.errno} ${e.message}`;
        }
      });
    }
  }
}
t('transcode aliases', () => [transcode(Buffer.from('é'), 'utf-8', 'binary'), transcode(Buffer.from('é'), 'UTF8', 'utf16le'), transcode(Buffer.from('a'), 'ucs-2', 'UCS2')]);
t('transcode result', () => { const r = transcode(Buffer.from('a'), 'utf8', 'ucs2'); return [r instanceof Buffer, r.length]; });
t('transcode empty', () => transcode(Buffer.alloc(0), 'foo', 'bar'));
t('transcode unsupported', () => { try { transcode(Buffer.from('a'), 'utf8', 'hex'); } catch (e) { return [e.name, e.code, e.errno, e.message, Object.keys(e).join()]; } });
t('transcode unknown', () => { try { transcode(Buffer.from('a'), 'foo', 'utf8'); } catch (e) { return [e.code, e.errno]; } });
t('transcode bad source', () => transcode('a', 'utf8', 'ucs2'));

// --- errors' shape ---
t('error shape', () => {
  try {
    Buffer.alloc(1).readUInt8(5);
  } catch (e) {
    return [e instanceof RangeError, e.name, e.code, Object.keys(e).join(), String(e), Object.getOwnPropertyDescriptor(e, 'code').enumerable];
  }
});
t('type error shape', () => {
  try {
    Buffer.from(null);
  } catch (e) {
    return [e instanceof TypeError, e.name, String(e).slice(0, 40)];
  }
});

// --- misc ---
t('large roundtrip', () => {
  let s = '';
  for (let i = 0; i < 3000; i++) s += String.fromCharCode(i * 7 % 0xd000);
  const b = Buffer.from(s);
  return [b.length, b.toString() === s, Buffer.from(s, 'ucs2').toString('ucs2') === s, Buffer.from(b.toString('base64'), 'base64').equals(b), Buffer.from(b.toString('hex'), 'hex').equals(b), Buffer.from(b.toString('base64url'), 'base64url').equals(b), Buffer.from(b.toString('latin1'), 'latin1').equals(b)];
});
t('all bytes', () => {
  const b = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) b[i] = i;
  return [b.toString('base64'), b.toString('hex').length, b.toString('latin1').length, b.toString('ascii').charCodeAt(200), b.toString().length, b.toString('ucs2').length];
});
// Deterministic pseudo-random base64 garbage: Node's lenient decoder, byte for byte.
{
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = 'ABCxyz019+/-_= \n\t!.\u00e9';
  let out = '';
  for (let i = 0; i < 60; i++) {
    let s = '';
    const len = Math.floor(rnd() * 14);
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    out += `${JSON.stringify(s)}=${Buffer.from(s, 'base64').toString('hex')}/${Buffer.from(s, 'hex').toString('hex')} `;
  }
  console.log(`fuzz: ${out}`);
  let bytesOut = '';
  for (let i = 0; i < 60; i++) {
    const len = Math.floor(rnd() * 7);
    const b = Buffer.alloc(len);
    for (let k = 0; k < len; k++) b[k] = [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x80, 0xff, 0xed, 0xa0][Math.floor(rnd() * 12)];
    bytesOut += `${b.toString('hex')}=${[...b.toString()].map((c) => c.codePointAt(0).toString(16)).join('.')} `;
  }
  console.log(`utf8 fuzz: ${bytesOut}`);
}
console.log(`checks: ${n}`);
