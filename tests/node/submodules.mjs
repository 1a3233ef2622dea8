// The small node: modules and subpaths: path/posix, path/win32, perf_hooks,
// console, stream/consumers.
import posix, { join as pjoin } from 'node:path/posix';
import win32, { join as wjoin, sep } from 'node:path/win32';
import path from 'node:path';
import { performance as perf } from 'node:perf_hooks';
import nodeConsole, { log } from 'node:console';
import { text, json, buffer, arrayBuffer, blob } from 'node:stream/consumers';
import { Readable } from 'node:stream';

console.log('path/posix', posix === path.posix, pjoin('a', 'b'));
console.log('path/win32', win32 === path.win32, wjoin('a', 'b'), sep);
console.log('perf_hooks', perf === globalThis.performance, typeof perf.now());
console.log('console', nodeConsole === globalThis.console, typeof log);
log('log from node:console');

const web = () => new ReadableStream({
  start(c) {
    c.enqueue(new TextEncoder().encode('{"a":'));
    c.enqueue(new TextEncoder().encode('[1,"h\u00e9"]}'));
    c.close();
  },
});
console.log('text', await text(web()));
console.log('json', JSON.stringify(await json(web())));
const b = await buffer(web());
console.log('buffer', Buffer.isBuffer(b), b.length, b.toString('hex').slice(0, 10));
const ab = await arrayBuffer(web());
console.log('arrayBuffer', ab instanceof ArrayBuffer, ab.byteLength);
const bl = await blob(web());
console.log('blob', bl instanceof Blob, bl.size, await bl.text());
console.log('node Readable', await text(Readable.from(['x', 'y', 'z'])));
console.log('strings', JSON.stringify(await json(Readable.from(['[1,', '2]']))));
