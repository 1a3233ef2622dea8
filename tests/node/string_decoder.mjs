// node:string_decoder: chunked decoding in every encoding, byte by byte and
// in random splits, with Node's replacement characters and legacy fields.
import sdDefault, { StringDecoder } from 'node:string_decoder';

const codes = (s) => [...s].map((c) => c.codePointAt(0).toString(16)).join('.');
let n = 0;
function t(label, fn) {
  n++;
  try {
    const v = fn();
    console.log(`${label}: ${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}`);
  } catch (e) {
    console.log(`${label}: throws ${e.name} ${e.code} ${e.message}`);
  }
}

t('default export', () => sdDefault.StringDecoder === StringDecoder && Object.keys(sdDefault).join());
t('encodings', () => [undefined, null, '', 'utf8', 'UTF-8', 'ucs2', 'UTF16LE', 'utf-16le', 'binary', 'latin1', 'base64', 'base64url', 'hex', 'ascii'].map((e) => new StringDecoder(e).encoding));
t('unknown', () => new StringDecoder('nope'));
t('unknown number', () => new StringDecoder(5));
t('keys', () => Object.keys(new StringDecoder('utf8')));
t('write string', () => new StringDecoder().write('as is'));
t('write bad', () => new StringDecoder().write(5));
t('write bad obj', () => new StringDecoder().write({}));
t('write null', () => new StringDecoder().write(null));
t('end nothing', () => new StringDecoder().end());
t('end with buf', () => new StringDecoder().end(Buffer.from('abc')));

// Feed `bytes` in the given chunk sizes; the outputs of each write and end.
function feed(enc, bytes, sizes) {
  const d = new StringDecoder(enc);
  const out = [];
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const size = sizes[k++ % sizes.length];
    out.push(d.write(Buffer.from(bytes.slice(i, i + size))));
    i += size;
  }
  out.push(d.end());
  return out.map(codes).join('|');
}

const samples = {
  utf8: [
    [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80, 0x41], [0x41, 0xc3, 0xa9, 0x42], [0xe2, 0x82], [0xe2, 0x82, 0x41],
    [0xc3], [0xff, 0x41], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x41, 0x42], [0x80, 0x80, 0x80, 0x80, 0x80],
    [0xc3, 0xc3, 0xa9], [0xe2, 0xe2, 0x82, 0xac], [0xf8, 0x80, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80],
    [0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9, 0x62], [0xe0, 0xa4], [0xef, 0xbb, 0xbf, 0x61],
  ],
  utf16le: [
    [0x61, 0x00, 0x62, 0x00], [0x3d, 0xd8, 0x00, 0xde], [0x3d, 0xd8, 0x41, 0x00], [0x61], [0x3d, 0xd8],
    [0x00, 0xde, 0x61, 0x00], [0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde, 0x62], [0x3d, 0xd8, 0x3d, 0xd8, 0x00, 0xde],
  ],
  base64: [[0x61], [0x61, 0x62], [0x61, 0x62, 0x63], [0x61, 0x62, 0x63, 0x64], [0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9]],
  base64url: [[0xff], [0xfb, 0xff], [0xfb, 0xff, 0xbf, 0x00, 0x01]],
  hex: [[0x00, 0xff, 0x10], []],
  latin1: [[0x61, 0xe9, 0xff, 0x80]],
  ascii: [[0x61, 0xe9, 0xff, 0x80]],
};
for (const [enc, list] of Object.entries(samples)) {
  for (const bytes of list) {
    const hex = Buffer.from(bytes).toString('hex');
    for (const sizes of [[bytes.length || 1], [1], [2], [3], [1, 2], [2, 1, 3]]) {
      t(`${enc} ${hex} ${sizes.join(',')}`, () => feed(enc, bytes, sizes));
    }
  }
}

t('lastNeed/lastTotal/lastChar', () => {
  const d = new StringDecoder('utf8');
  const r = [d.write(Buffer.from([0xf0, 0x9f])), d.lastNeed, d.lastTotal, [...d.lastChar]];
  r.push(d.write(Buffer.from([0x98])), d.lastNeed, d.lastTotal);
  r.push(codes(d.write(Buffer.from([0x80]))), d.lastNeed, d.lastTotal, d.lastChar.length, d.lastChar instanceof Buffer);
  return r;
});
t('ucs2 lastNeed', () => { const d = new StringDecoder('ucs2'); return [d.write(Buffer.from([0x61])), d.lastNeed, d.lastTotal, d.write(Buffer.from([0x00, 0x3d, 0xd8])), d.lastNeed, d.lastTotal]; });
t('base64 lastNeed', () => { const d = new StringDecoder('base64'); return [d.write(Buffer.from('abcd')), d.lastNeed, d.lastTotal, d.end(), d.lastNeed]; });
t('text', () => { const d = new StringDecoder('utf8'); d.write(Buffer.from([0xe2])); return [d.text(Buffer.from('xyz€'), 1), d.end()]; });
t('end resets', () => { const d = new StringDecoder('utf8'); d.write(Buffer.from([0xe2])); return [codes(d.end()), d.write(Buffer.from('ok')), d.end()]; });
t('end(buf) incomplete', () => { const d = new StringDecoder('utf8'); return codes(d.end(Buffer.from([0x61, 0xe2, 0x82]))); });
t('typed arrays', () => {
  const d = new StringDecoder('utf8');
  const u16 = new Uint16Array([0x8ae2]);
  const dv = new DataView(new Uint8Array([0xac, 0x41]).buffer);
  return [d.write(u16), d.write(dv), d.write(new Uint8Array([0x42]))];
});
t('utf16le surrogate pair split', () => { const d = new StringDecoder('utf16le'); const b = Buffer.from('a😀b', 'utf16le'); const out = []; for (const x of b) out.push(d.write(Buffer.from([x]))); out.push(d.end()); return out.map(codes).join('|'); });
t('hex/latin1 end', () => [new StringDecoder('hex').end(Buffer.from([1, 2])), new StringDecoder('latin1').end(Buffer.from([0xe9]))]);
t('utf8 empty writes', () => { const d = new StringDecoder('utf8'); return [d.write(Buffer.from([0xe2])), d.write(Buffer.alloc(0)), d.lastNeed, codes(d.write(Buffer.from([0x82, 0xac])))]; });
t('prototype', () => Object.getOwnPropertyNames(StringDecoder.prototype).join());
t('write on wrong this', () => StringDecoder.prototype.write.call({}, Buffer.from('a')));

// Pseudo-random splits of mixed text (deterministic): same output as Node.
{
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const text = 'añ€😀 ok \uFFFD ü 𝄞 end';
  for (const enc of ['utf8', 'utf16le', 'base64', 'base64url', 'hex', 'latin1']) {
    const bytes = [...Buffer.from(text, enc === 'latin1' ? 'utf8' : (enc === 'utf16le' ? 'utf16le' : 'utf8'))];
    for (let round = 0; round < 4; round++) {
      const sizes = [];
      for (let i = 0; i < 8; i++) sizes.push(1 + Math.floor(rnd() * 5));
      t(`random ${enc} ${sizes.join(',')}`, () => feed(enc, bytes, sizes));
    }
  }
  // Random bytes, random splits, utf8.
  const pool = [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xed, 0xa0, 0xc0];
  for (let round = 0; round < 30; round++) {
    const bytes = [];
    const len = Math.floor(rnd() * 10);
    for (let i = 0; i < len; i++) bytes.push(pool[Math.floor(rnd() * pool.length)]);
    const sizes = [1 + Math.floor(rnd() * 3), 1 + Math.floor(rnd() * 3)];
    t(`fuzz ${Buffer.from(bytes).toString('hex')} ${sizes.join(',')}`, () => [feed('utf8', bytes, sizes), feed('utf16le', bytes, sizes)].join(' / '));
  }
}
console.log(`checks: ${n}`);
