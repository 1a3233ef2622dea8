// node:assert/strict: assert.strict, where equal/deepEqual/notEqual/
// notDeepEqual are the strict comparisons.

import { strict } from 'node:assert';

export const {
  fail,
  AssertionError,
  ok,
  equal,
  notEqual,
  deepEqual,
  notDeepEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  strictEqual,
  notStrictEqual,
  throws,
  rejects,
  doesNotThrow,
  doesNotReject,
  ifError,
  match,
  doesNotMatch,
} = strict;
export { strict };
export default strict;
