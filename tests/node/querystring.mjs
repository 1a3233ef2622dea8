// node:querystring: parse/stringify/escape/unescape with Node's options.
import qs from 'node:querystring';
import * as ns from 'node:querystring';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const show = (label, v) => console.log(label, JSON.stringify(v));
const proto = (o) => Object.getPrototypeOf(o) === null ? 'null' : 'object';

console.log('keys', Object.keys(qs).sort().join(','));
console.log('ns', Object.keys(ns).filter((k) => k !== 'default').sort().join(','));
console.log('require', require('querystring') === qs, require('node:querystring').parse === qs.parse);
console.log('aliases', qs.decode === qs.parse, qs.encode === qs.stringify);

const parseCases = [
  'foo=bar&baz=qux',
  'a=1&a=2&a=3',
  'a=1&b=2&a=3&b',
  'a&b&c=',
  '=x',
  '=',
  '&&a=1&&',
  'a==b',
  'a=b=c',
  'a+b=c+d',
  'a%20b=c%20d',
  'k=%zz&l=%4',
  'k=%E4%BD%A0%E5%A5%BD',
  'k=%E4%BD',
  'k=%',
  'k=100%25',
  'key=a%2Bb%26c',
  'x=%41%42%43',
  'x=%4a%4B',
  '%61=b',
  'a[]=1&a[]=2',
  'q=%F0%9F%98%80',
  '__proto__=1&constructor=2&hasOwnProperty=3',
  'a=1;b=2',
  '',
  '?a=1',
  'a=+&b=++&+=c',
];
for (const c of parseCases) {
  const r = qs.parse(c);
  show(`parse ${JSON.stringify(c)} [${proto(r)}]`, r);
}
show('parse non-string', qs.parse(42));
show('parse undefined', qs.parse());

// Custom sep / eq.
show('sep ;', qs.parse('a=1;b=2;a=3', ';'));
show('sep eq', qs.parse('a:1,b:2', ',', ':'));
show('multichar', qs.parse('a=>1&&b=>2&&c', '&&', '=>'));
show('multichar partial', qs.parse('a=1&b=>2&&c=>3', '&&', '=>'));
show('sep number', qs.parse('a=1 5b=2', 5));
show('sep null', qs.parse('a=1&b=2', null, null));

// maxKeys.
show('maxKeys 2', qs.parse('a=1&b=2&c=3&d=4', null, null, { maxKeys: 2 }));
show('maxKeys 0', qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 0 }));
show('maxKeys -1', qs.parse('a=1&b=2&c=3', null, null, { maxKeys: -1 }));
show('maxKeys 1 empty', qs.parse('&&a=1&b=2', null, null, { maxKeys: 1 }));
let many = '';
for (let i = 0; i < 1100; i++) many += `k${i}=${i}&`;
console.log('default maxKeys', Object.keys(qs.parse(many)).length);

// Custom decodeURIComponent.
show('custom decode', qs.parse('a=%41&b=x+y&c', null, null, { decodeURIComponent: (s) => `<${s}>` }));
show('throwing decode', qs.parse('a=%41+b&c=d', null, null, {
  decodeURIComponent() { throw new Error('no'); },
}));
show('unescape decode', qs.parse('w=%D6%D0%CE%C4&foo=bar', null, null, { decodeURIComponent: qs.unescape }));

// stringify.
const strCases = [
  { foo: 'bar', baz: ['qux', 'quux'], corge: '' },
  { foo: 'bar', baz: 'qux' },
  { a: [], b: 1 },
  { a: [], b: [] },
  { n: 1, f: 1.5, big: 1e21, neg: -0, inf: Infinity, nan: NaN },
  { t: true, f: false, u: undefined, nl: null, o: {}, fn() {} },
  { b: 12345678901234567890n },
  { 'a b': 'c d', 'x&y': 'z=w', e: 'é', emoji: '😀', plus: '+' },
  { "!'()*-._~": "!'()*-._~" },
  { arr: [1, 'two', true, null, undefined, {}] },
  { '': '' },
  { 3: 'three', 1: 'one' },
];
for (const o of strCases) console.log('stringify', qs.stringify(o));
console.log('stringify sep eq', qs.stringify({ foo: 'bar', baz: ['qux', 'quux'] }, ';', ':'));
console.log('stringify empty sep', qs.stringify({ a: 1, b: 2 }, '', ''));
console.log('stringify custom', qs.stringify({ w: '中文', foo: 'bar', n: 5, a: [1, 2] }, null, null, {
  encodeURIComponent: (s) => `[${s}]`,
}));
console.log('stringify non-object', JSON.stringify(qs.stringify('abc')), JSON.stringify(qs.stringify(null)),
  JSON.stringify(qs.stringify(5)));
console.log('stringify array', qs.stringify(['a', 'b']));
const withProto = Object.create({ inherited: 1 });
withProto.own = 2;
console.log('stringify own only', qs.stringify(withProto));
console.log('encode', qs.encode({ x: 'y z' }));

// escape / unescape.
for (const s of ['abc', 'a b&c=d/e?f#g', 'ü€😀', "~!*()'", '', 'http://x.y/?a=1']) {
  console.log('escape', JSON.stringify(s), qs.escape(s));
}
console.log('escape number', qs.escape(12.5), qs.escape(true), qs.escape({ toString() { return 'a b'; } }));
try {
  qs.escape('\ud800');
} catch (e) {
  console.log('escape lone surrogate', e.name, e.code, e.message);
}
console.log('escape lone trail', qs.escape('\udc00x'));
for (const s of ['a%20b', 'a+b', '%zz', '%E4%BD%A0', '%E4%BD', '100%', '%', '%%41', '%4', '%41%']) {
  console.log('unescape', JSON.stringify(s), JSON.stringify(qs.unescape(s)), JSON.stringify(qs.unescape(s, true)));
}

// unescapeBuffer.
for (const s of ['a%20b', 'a+b', '%zz%41', '%e4%bd%a0', '%', 'abc%4', '%%', 'x%4g']) {
  const b = qs.unescapeBuffer(s);
  console.log('unescapeBuffer', JSON.stringify(s), Buffer.isBuffer(b), b.length, JSON.stringify(b.toString()),
    JSON.stringify(qs.unescapeBuffer(s, true).toString()));
}

// Round trips.
const rt = { a: 'x y', b: ['1', '2'], 'c=d': '&' };
show('roundtrip', qs.parse(qs.stringify(rt)));

// A user-replaced escape/unescape is used by stringify/parse, as in Node.
const origEscape = qs.escape;
const origUnescape = qs.unescape;
qs.escape = (s) => s.toUpperCase();
qs.unescape = (s) => s.toLowerCase();
console.log('patched stringify', qs.stringify({ ab: 'cd' }));
show('patched parse', qs.parse('AB=CD'));
qs.escape = origEscape;
qs.unescape = origUnescape;
console.log('restored', qs.stringify({ 'a b': 'c' }));

// As console.log shows them.
console.log(qs.parse('a=1&a=2&b=&c'));
console.log(qs.parse(''));
console.log('names', qs.parse.name, qs.stringify.name, qs.escape.name, qs.unescape.name, qs.unescapeBuffer.name,
  qs.parse.length, qs.stringify.length);
