// node:path/posix: the posix flavour of node:path.
import { posix } from 'node:path';

export default posix;
export const {
  resolve,
  normalize,
  isAbsolute,
  join,
  relative,
  toNamespacedPath,
  dirname,
  basename,
  extname,
  format,
  parse,
  sep,
  delimiter,
  posix,
  win32,
} = posix;
