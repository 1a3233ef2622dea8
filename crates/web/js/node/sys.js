// node:sys: Node's deprecated alias of node:util (the same module object).
import util from 'node:util';

export * from 'node:util';
export default util;
