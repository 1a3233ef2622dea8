// node:path (posix default, win32 flavour) against Node's answers.
import path, { posix, win32 } from 'node:path';
import { createRequire } from 'node:module';

const log = (...a) => console.log(...a.map((v) => JSON.stringify(v)));
log('default is posix', path === posix, path.sep, path.delimiter, win32.sep, win32.delimiter);
log('require', createRequire(import.meta.url)('path') === path);
for (const args of [['/a/b', 'c'], ['a', '../b', './c/'], ['/a', '/b', 'c'], [''], ['a//b', '.', '..', 'c']]) {
  log('join', args, posix.join(...args), win32.join(...args));
}
for (const args of [['/foo/bar', './baz'], ['/foo/bar', '/tmp/file/'], ['/', '..', 'x']]) {
  log('resolve', args, posix.resolve(...args));
}
log('resolve win32', win32.resolve('C:\\a', '..\\b', 'c'), win32.resolve('C:\\', 'D:\\x'));
for (const p of ['/a/b/../c/./d', 'a/../../b', '//x//y/', '', '.', 'C:\\a\\..\\b']) {
  log('normalize', p, posix.normalize(p), win32.normalize(p));
}
for (const p of ['/a/b/c.txt', 'c.tar.gz', '.bashrc', 'dir/', '/', 'a/b.', 'C:\\x\\y.js']) {
  log('parts', p, posix.dirname(p), posix.basename(p), posix.extname(p), win32.basename(p), win32.extname(p));
}
log('basename ext', posix.basename('/a/b.html', '.html'), posix.basename('/a/b.html', 'b.html'));
log('relative', posix.relative('/data/orandea/test/aaa', '/data/orandea/impl/bbb'), posix.relative('/a', '/a'),
  win32.relative('C:\\orandea\\test\\aaa', 'C:\\orandea\\impl\\bbb'));
log('isAbsolute', posix.isAbsolute('/x'), posix.isAbsolute('x'), win32.isAbsolute('C:\\x'), win32.isAbsolute('\\\\srv\\s'), win32.isAbsolute('C:x'));
log('parse', posix.parse('/home/user/dir/file.txt'), win32.parse('C:\\path\\dir\\file.txt'));
log('format', posix.format({ root: '/', dir: '/home/u', base: 'f.txt' }), posix.format({ name: 'f', ext: 'txt' }),
  win32.format({ dir: 'C:\\x', name: 'y', ext: '.z' }));
log('toNamespacedPath', posix.toNamespacedPath('/a'), win32.toNamespacedPath('C:\\a\\b'));
log('cross', posix.win32 === win32, win32.posix === posix, path.posix.posix === posix);
try {
  path.join('a', 1);
} catch (e) {
  log('bad arg', e.name, e.code, e.message);
}
