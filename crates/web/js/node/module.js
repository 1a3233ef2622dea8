// node:module: createRequire and the list of built-in modules. CommonJS
// loading itself is in the engine (crates/engine/src/commonjs.rs).

import { createRequire as hostCreateRequire, nodeBuiltins } from 'nanojs:host';

// What `require('module').builtinModules` lists: the node: modules nanojs
// has, from the engine's registry (node:internal/* excluded).
export const builtinModules = nodeBuiltins();

export function createRequire(filename) {
  if (filename !== null && typeof filename === 'object' && typeof filename.href === 'string') {
    filename = filename.href;
  }
  if (typeof filename !== 'string') {
    const e = new TypeError(`The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${String(filename)}`);
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
  return hostCreateRequire(filename);
}

export function isBuiltin(name) {
  if (typeof name !== 'string') return false;
  return builtinModules.includes(name.startsWith('node:') ? name.slice(5) : name);
}

const Module = { createRequire, builtinModules, isBuiltin };
Module.Module = Module;
export { Module };
export default Module;
