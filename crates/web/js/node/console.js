// node:console: the global console. Node's `Console` constructor (a console
// writing to given streams) is absent: apps have no streams to give it.

const c = globalThis.console;
export default c;
export const {
  log, info, warn, error, debug, trace, dir, dirxml, table, time, timeEnd,
  timeLog, count, countReset, group, groupCollapsed, groupEnd, assert,
} = c;
