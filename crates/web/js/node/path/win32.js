// node:path/win32: the win32 flavour of node:path.
import { win32 } from 'node:path';

export default win32;
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
} = win32;
