// node:buffer: Node's module. Buffer and everything else live in
// node:internal/buffer, which the `Buffer` global and the other node:
// modules load; only this module brings Blob and File (Blob loads its
// streams and inspector, about 200 KB of heap that an isolate using only
// Buffer would otherwise pay).

import buffer from 'node:internal/buffer';
import { Blob, File } from 'nanojs:blob';

buffer.Blob = Blob;
buffer.File = File;

export * from 'node:internal/buffer';
export { Blob, File };
export default buffer;
