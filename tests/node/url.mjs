// node:url: the legacy API (parse/format/resolve/Url) and the WHATWG helpers.
import url from 'node:url';
import * as ns from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const show = (label, v) => console.log(label, JSON.stringify(v));
const err = (label, fn) => {
  try {
    show(label, fn());
  } catch (e) {
    console.log(label, 'throws', e.name, e.code, e.message, e.input === undefined ? '' : `input=${e.input}`);
  }
};

console.log('keys', Object.keys(url).join(','));
console.log('ns', Object.keys(ns).filter((k) => k !== 'default').sort().join(','));
console.log('require', require('url') === url, require('node:url').parse === url.parse);
console.log('globals', url.URL === URL, url.URLSearchParams === URLSearchParams);

// A parsed Url, every field in order (Node's own key order).
const fields = (u) => {
  const o = {};
  for (const k of Object.keys(u)) {
    const v = u[k];
    o[k] = v !== null && typeof v === 'object'
      ? `${Object.getPrototypeOf(v) === null ? 'null-proto' : 'object'} ${JSON.stringify(v)}`
      : v;
  }
  return o;
};

const parseCases = [
  'http://user:pass@host.com:8080/p/a/t/h?query=string#hash',
  'https://example.com',
  'HTTP://EXAMPLE.COM/Path?Q=1',
  'http://[::1]:3000/path',
  'http://[2001:db8::7]/c=GB?objectClass?one',
  'http://[fe80::1%25eth0]/',
  'http://a@b@c/',
  'http://a@b?@c',
  'http://user%20name:p%40ss@host/',
  'http://host.com:/path',
  'http://host.com:99999/',
  '//example.com/foo',
  '/foo/bar?baz=1#frag',
  '/foo/bar',
  '?q=1',
  '#only',
  'foo/bar',
  'mailto:user@example.com',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'file://localhost/etc/hosts',
  'file:relative',
  'ws://socket.io:80/chat',
  'xmpp:isaacschlueter@jabber.org',
  'http://x.com/path with spaces/"quotes"<>^`{|}',
  'http://x.com/a\\b\\c?d\\e',
  '  http://trim.me/  ',
  'http://ex.com/p?a=1&a=2&b=%20#h?x',
  'http://münchen.de/straße',
  'http://xn--mnchen-3ya.de/',
  'http://EXAMPLE.com./',
  'http://a.b.c.d.e/f',
  'svn+ssh://foo/bar',
  'dash-test://foo/bar',
  'http://www.example.com?query=1',
  'http://www.ex.com#hash',
  'http://ex.com/?',
  'http://ex.com/#',
  'http://x:y@ex.com',
  'HTTP://www.Example.COM:80/a%2Fb',
  '',
  'http://',
  'http://\ttab.com/\n',
];
for (const c of parseCases) err(`parse ${JSON.stringify(c)}`, () => fields(url.parse(c)));

// parseQueryString and slashesDenoteHost.
show('parse qs', fields(url.parse('http://h/p?a=1&b=2&a=3&c', true)));
show('parse qs none', fields(url.parse('http://h/p', true)));
show('parse qs simple path', fields(url.parse('/p?x=y&x=z', true)));
show('parse qs simple no query', fields(url.parse('/p', true)));
show('parse slashes host', fields(url.parse('//foo/bar', false, true)));
show('parse slashes no', fields(url.parse('//foo/bar', false, false)));
show('parse user@host', fields(url.parse('user@server/path')));
const already = url.parse('http://x/');
console.log('parse Url passthrough', url.parse(already) === already);
console.log('Url instance', already instanceof url.Url, already.constructor === url.Url);
show('new Url', fields(new url.Url()));
err('parse non-string', () => url.parse(123));
err('parse undefined', () => url.parse());
err('parse bad host', () => url.parse('http://a b.com/'));
err('parse ipv6 forbidden', () => fields(url.parse('http://[a<b]/')));

// format.
const formatCases = [
  { protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: { page: 1, format: 'json' } },
  { protocol: 'http:', host: 'ex.com:8080', pathname: 'no-slash', search: 'a=b', hash: 'h' },
  { protocol: 'http', hostname: '::1', port: 80, pathname: '/' },
  { protocol: 'http', hostname: '[::1]', port: '81' },
  { protocol: 'mailto', pathname: 'someone@ex.com' },
  { protocol: 'mailto', slashes: true, host: 'x' },
  { protocol: 'file', pathname: '/etc/passwd' },
  { protocol: 'file:', host: '', pathname: '/tmp/a b' },
  { auth: 'user:p@ss word', hostname: 'h', protocol: 'http' },
  { pathname: '/a?b#c', search: '?x#y' },
  { query: { a: [1, 2], b: 'x y' } },
  { query: 'a=1', search: null },
  { search: 'q', hash: 'frag' },
  { href: 'ignored', protocol: 'ftp', host: 'f.org' },
  {},
];
for (const o of formatCases) console.log('format', JSON.stringify(o), '->', url.format(o));
for (const c of parseCases) err(`roundtrip ${JSON.stringify(c)}`, () => url.format(url.parse(c)));
console.log('format string', url.format('HTTP://Ex.COM/a b'));
err('format null', () => url.format(null));
err('format number', () => url.format(5));
err('format bad options', () => url.format(new URL('http://x/'), 'no'));
console.log('Url.prototype.format', url.parse('http://a.com/b?c=d').format());

// format(URL, options).
const w = new URL('https://user:pw@xn--mnchen-3ya.de:8443/p?q=1#frag');
console.log('whatwg default', url.format(w));
console.log('whatwg no fragment', url.format(w, { fragment: false }));
console.log('whatwg unicode', url.format(w, { unicode: true }));
console.log('whatwg no search', url.format(w, { search: false }));
console.log('whatwg no auth', url.format(w, { auth: false }));
console.log('whatwg all off', url.format(w, { fragment: false, unicode: true, search: false, auth: false }));
console.log('whatwg nulls', url.format(w, { fragment: null, auth: undefined }));
console.log('whatwg unicode plain', url.format(new URL('http://測試.example/'), { unicode: true }));
console.log('whatwg file', url.format(new URL('file:///a/b#c'), { fragment: 0 }));

// resolve: Node's documented examples and RFC 3986 ones.
const resolveCases = [
  ['/one/two/three', 'four'],
  ['http://example.com/', '/one'],
  ['http://example.com/one', '/two'],
  ['http://example.com/one/', 'two'],
  ['http://a/b/c/d;p?q', 'g:h'],
  ['http://a/b/c/d;p?q', 'g'],
  ['http://a/b/c/d;p?q', './g'],
  ['http://a/b/c/d;p?q', 'g/'],
  ['http://a/b/c/d;p?q', '/g'],
  ['http://a/b/c/d;p?q', '//g'],
  ['http://a/b/c/d;p?q', '?y'],
  ['http://a/b/c/d;p?q', 'g?y'],
  ['http://a/b/c/d;p?q', '#s'],
  ['http://a/b/c/d;p?q', 'g#s'],
  ['http://a/b/c/d;p?q', 'g?y#s'],
  ['http://a/b/c/d;p?q', ';x'],
  ['http://a/b/c/d;p?q', 'g;x'],
  ['http://a/b/c/d;p?q', ''],
  ['http://a/b/c/d;p?q', '.'],
  ['http://a/b/c/d;p?q', './'],
  ['http://a/b/c/d;p?q', '..'],
  ['http://a/b/c/d;p?q', '../'],
  ['http://a/b/c/d;p?q', '../g'],
  ['http://a/b/c/d;p?q', '../..'],
  ['http://a/b/c/d;p?q', '../../'],
  ['http://a/b/c/d;p?q', '../../g'],
  ['http://a/b/c/d;p?q', '../../../g'],
  ['http://a/b/c/d;p?q', '../../../../g'],
  ['http://a/b/c/d;p?q', '/./g'],
  ['http://a/b/c/d;p?q', '/../g'],
  ['http://a/b/c/d;p?q', 'g.'],
  ['http://a/b/c/d;p?q', '.g'],
  ['http://a/b/c/d;p?q', 'g..'],
  ['http://a/b/c/d;p?q', '..g'],
  ['http://a/b/c/d;p?q', './../g'],
  ['http://a/b/c/d;p?q', './g/.'],
  ['http://a/b/c/d;p?q', 'g/./h'],
  ['http://a/b/c/d;p?q', 'g/../h'],
  ['http://a/b/c/d;p?q', 'http:g'],
  ['http://a/b/c/d;p?q', 'https:g'],
  ['http://a/b/c/d;p?q', 'https://other/x'],
  ['http://user:pw@a/b', '//other/c'],
  ['http://user:pw@a/b', '/c'],
  ['mailto:local1@domain1', 'local2@domain2'],
  ['mailto:a@b', '?subject=hi'],
  ['foo:bar/baz', '../qux'],
  ['file:///a/b/c', '../d'],
  ['file:///a/b/c', 'file:x'],
  ['http://example.com/a/b', 'ftp://ftp.x.org/file'],
  ['http://example.com', 'x'],
  ['http://example.com/x/', '../../../y'],
  ['a/b/c', '../../../../d'],
  ['a/b', './'],
  ['', 'x'],
  ['/a/b', ''],
  ['http://[::1]/a', 'b?c'],
  ['javascript:void(0)', 'x'],
];
for (const [from, to] of resolveCases) console.log('resolve', JSON.stringify(from), JSON.stringify(to), '->', url.resolve(from, to));

// resolveObject.
show('resolveObject', fields(url.resolveObject('http://a/b/c', '../d?e#f')));
show('resolveObject empty src', url.resolveObject('', 'x'));
show('resolveObject Url', fields(url.parse('http://a/b/').resolveObject(url.parse('c', false, true))));

// fileURLToPath / pathToFileURL (POSIX).
const filePaths = [
  '/tmp/a b/c.txt',
  '/tmp/100%/x',
  '/tmp/#hash?q',
  '/tmp/tab\there',
  '/tmp/new\nline',
  '/tmp/back\\slash',
  '/tmp/ü/😀',
  '/tmp/[brackets]^|~',
  '/tmp/dir/',
  '/',
  '/a/./b/../c',
  '//double',
];
for (const p of filePaths) {
  const u = url.pathToFileURL(p);
  console.log('pathToFileURL', JSON.stringify(p), u instanceof URL, u.href, JSON.stringify(url.fileURLToPath(u)));
}
console.log('pathToFileURL relative', url.pathToFileURL('rel/x').href === `file://${process.cwd()}/rel/x`);
console.log('pathToFileURL windows', url.pathToFileURL('C:\\a b\\c', { windows: true }).href);
console.log('pathToFileURL unc', url.pathToFileURL('\\\\server\\share\\f i', { windows: true }).href);
err('pathToFileURL unc missing', () => url.pathToFileURL('\\\\server', { windows: true }));
err('pathToFileURL non-string', () => url.pathToFileURL(5));
const fileURLs = [
  'file:///tmp/a%20b',
  'file:///tmp/%E2%82%AC',
  'file://localhost/etc/x',
  'file:///C:/x',
  'file:///a/b%2Fc',
  'file:///a/b%2fc',
  'file:///a/%25',
  'file://host/x',
  'http://x/y',
  'not a url',
];
for (const f of fileURLs) err(`fileURLToPath ${f}`, () => url.fileURLToPath(f));
err('fileURLToPath URL', () => url.fileURLToPath(new URL('file:///x/y')));
err('fileURLToPath object', () => url.fileURLToPath({ href: 'file:///x' }));
err('fileURLToPath number', () => url.fileURLToPath(42));
err('fileURLToPath windows', () => url.fileURLToPath('file:///C:/a%20b/c', { windows: true }));
err('fileURLToPath windows unc', () => url.fileURLToPath('file://server/share/x', { windows: true }));
err('fileURLToPath windows rel', () => url.fileURLToPath('file:///a/b', { windows: true }));
err('fileURLToPath windows slash', () => url.fileURLToPath('file:///C:/a%5Cb', { windows: true }));

// urlToHttpOptions.
const opts = url.urlToHttpOptions(new URL('https://a:b%20c@[::1]:8443/p/q?x=1#h'));
console.log('urlToHttpOptions', Object.getPrototypeOf(opts) === null, JSON.stringify(opts));
const opts2 = url.urlToHttpOptions(new URL('http://example.com/'));
console.log('urlToHttpOptions plain', JSON.stringify(opts2), 'port' in opts2, 'auth' in opts2);

// domainToASCII / domainToUnicode.
const domains = [
  'español.com', '中文.com', 'xn--iñvalid.com', 'EXAMPLE.com', 'münchen.de', 'xn--mnchen-3ya.de',
  'xn--55qx5d.cn', '', 'a b', '1.2.3.4', '0x7f.1', '[::1]', 'ex.com.', 'a%41.com', 'x_y.com',
];
for (const d of domains) {
  console.log('domain', JSON.stringify(d), JSON.stringify(url.domainToASCII(d)), JSON.stringify(url.domainToUnicode(d)));
}
err('domainToASCII none', () => url.domainToASCII());
err('domainToUnicode none', () => url.domainToUnicode());

// More legacy parse edge cases.
const moreParse = [
  'http://%zz@host/',
  `http://${'a'.repeat(300)}.com/x`,
  'http://a.com:8080abc/',
  'http://x.com\\@y.com/',
  'HTTP://user@HOST.com',
  'http://ex\u0000ample.com/',
  'http://a.com/p?q=1?r=2#f#g',
  'http://a.com?x#y?z',
  'http://user:@host/',
  'http://:pass@host/',
  'http://@host/',
  'http://host:65536',
  'http://[::ffff:1.2.3.4]:80/',
  'http://[::1/',
  'https://a.com:443/',
  'http://a_b.com/',
  'http://*.example.com/',
  'tel:+1-555-1234',
  'urn:isbn:0451450523',
  'data:text/plain;base64,SGVsbG8=',
  'git+ssh://git@github.com:user/repo.git',
  'redis://:secret@localhost:6379/0',
  'postgres://u:p@db.example.com:5432/name?sslmode=require',
  'http://a.com/%7Efoo/%zz',
  "http://a.com/it's",
  '\u00a0\ufeffhttp://ws.com/\u00a0',
  'http://ex.com/\u00e9?\u00e9=\u00e9#\u00e9',
];
for (const c of moreParse) err(`parse ${JSON.stringify(c)}`, () => fields(url.parse(c)));
for (const c of moreParse) err(`parse qs ${JSON.stringify(c)}`, () => url.parse(c, true).query);
console.log('resolve protocol case', url.resolve('http://a.com/b', 'HTTP://B.COM'));
console.log('resolve https host', url.resolve('http://a.com/b', 'https:b.com/c'));
console.log('resolve keeps auth', url.resolve('http://u:p@a.com/b/c', 'd'));
console.log('resolve query only', url.resolve('http://a.com/b?x=1', '?y=2'));
console.log('resolve hash only', url.resolve('http://a.com/b?x=1#h', '#k'));
console.log('format host and port', url.format({ protocol: 'http', host: 'h:1', hostname: 'x', port: 2 }));
console.log('format hostname port', url.format({ protocol: 'http', hostname: 'x', port: 2, pathname: 'p' }));
console.log('format unknown protocol', url.format({ protocol: 'custom', host: 'h', pathname: '/p' }));
console.log('format custom slashes', url.format({ protocol: 'custom', slashes: true, host: 'h', pathname: 'p' }));
console.log('format query object over string', url.format({ pathname: '/p', query: { a: '#b' } }));
console.log('format search wins', url.format({ pathname: '/p', search: '?s=1', query: { a: 1 } }));
console.log('format hash #', url.format({ hash: '#already', search: '?q' }));
for (const f of ['file:///tmp/%2e%2e/x', 'file:///tmp/a%2Fb', 'file:///%F0%9F%98%80', 'file:///a?b#c']) {
  err(`fileURLToPath ${f}`, () => url.fileURLToPath(f));
}

// More domains, and format(URL, { unicode }) with other hosts.
const moreDomains = [
  'a:80', 'a/b', 'a?b', 'a#b', 'a@b', '.', '..', 'a.', ' a', 'Aß.de', 'xn--zz', 'XN--MNCHEN-3YA.DE', 'a\tb',
  '%00', '%zz', '256.0.0.1', '[1:2::3]', '[bad]', `${'a'.repeat(64)}.com`, 'xn--a.com', 'x\u200dy.com',
  'ｅｘａｍｐｌｅ．ｃｏｍ', null, 42, 'a\u0000b',
];
for (const d of moreDomains) {
  console.log('domain', JSON.stringify(d), JSON.stringify(url.domainToASCII(d)), JSON.stringify(url.domainToUnicode(d)));
}
for (const h of ['http://user:pw@例え.jp:81/x?y#z', 'http://[::1]/', 'http://xn--fa-hia.de/', 'file:///x', 'mailto:a@例え.jp']) {
  console.log('format unicode', url.format(new URL(h), { unicode: true, auth: false }));
}
const hostnames = [
  'xn--zz.com', 'a..b', '-a.com', 'xn--iñvalid.com', 'a\u0001b', 'XN--55QX5D.cn', 'a,b', 'a!b$c&d', '1.2.3.0x4', 'xn--',
  'a.xn--mnchen-3ya', '中文.com', 'ＡＢＣ.com', 'a\u00adb.com', 'faß.de', 'x\u200dy.com', 'a\u3002b',
];
for (const h of hostnames) err(`parse host ${JSON.stringify(h)}`, () => { const u = url.parse(`http://${h}/p`); return [u.hostname, u.pathname]; });

// As console.log shows them.
console.log(url.parse('http://u:p@a.com:8/x?y=1#h', true));
console.log(url.resolveObject('http://a/b', 'c'));
console.log(url.urlToHttpOptions(new URL('http://a.com/')));
console.log('names', url.Url.name, url.Url.length, url.parse.name, url.format.name, url.resolve.name,
  url.pathToFileURL.name, url.fileURLToPath.length);
