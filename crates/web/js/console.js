import { print } from 'nanojs:host';

export const console = {
  log(...args) { print('log', args.map(String).join(' ')); },
};
export function inspect(v) { return String(v); }
