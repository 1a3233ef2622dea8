// node:internal/util — small shared pieces of Node's lib/internal/util.js.
//
//   import { customPromisifyArgs, kEmptyObject } from 'node:internal/util';
//   fn[customPromisifyArgs] = ['bytesRead', 'buffer'];
//     // util.promisify(fn) then resolves with { bytesRead, buffer }
//   function f(options = kEmptyObject) { ... }

export const customPromisifyArgs = Symbol('customPromisifyArgs');
export const kEmptyObject = Object.freeze({ __proto__: null });
