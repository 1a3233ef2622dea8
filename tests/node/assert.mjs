// node:assert and node:assert/strict: passing checks, thrown AssertionErrors
// (name, code, operator, actual/expected), throws/rejects matching.
import assert, { AssertionError } from 'node:assert';
import strict from 'node:assert/strict';

const log = console.log;
function fails(what, fn) {
  try {
    fn();
    log(what, 'did not throw');
  } catch (e) {
    log(what, e.name, e.code, e.operator, e instanceof AssertionError, JSON.stringify(e.actual), JSON.stringify(e.expected), e.generatedMessage);
  }
}

assert(true);
assert.ok(1);
assert.equal(1, '1');
assert.deepEqual({ a: [1, 2] }, { a: ['1', 2] });
strict.deepEqual({ a: [1, 2], m: new Map([[1, 2]]) }, { a: [1, 2], m: new Map([[1, 2]]) });
assert.notStrictEqual(1, '1');
assert.notDeepStrictEqual({ a: 1 }, { a: '1' });
assert.match('abc', /b/);
assert.doesNotMatch('abc', /x/);
log('passing checks passed', strict.equal === assert.strictEqual, strict.strict === strict);

fails('ok', () => assert.ok(0));
fails('equal', () => assert.strictEqual(1, 2));
fails('strict equal', () => strict.equal(1, '1'));
fails('deepStrictEqual', () => assert.deepStrictEqual({ a: 1 }, { a: 2 }));
fails('notEqual', () => assert.notEqual(1, 1));
fails('fail', () => assert.fail('boom'));
fails('custom message', () => assert.strictEqual(1, 2, 'my message'));
fails('match', () => assert.match('abc', /x/));
fails('ifError', () => assert.ifError(new Error('inner')));

assert.throws(() => { throw new TypeError('bad thing'); }, TypeError);
assert.throws(() => { throw new TypeError('bad thing'); }, /bad/);
assert.throws(() => { throw new TypeError('bad thing'); }, { name: 'TypeError', message: 'bad thing' });
assert.throws(() => { throw new Error('x'); }, (e) => e.message === 'x');
fails('throws nothing', () => assert.throws(() => {}));
fails('throws wrong', () => assert.throws(() => { throw new Error('a'); }, { message: 'b' }));
assert.doesNotThrow(() => {});
await assert.rejects(Promise.reject(new RangeError('r')), RangeError);
await assert.doesNotReject(Promise.resolve(1));
try {
  await assert.rejects(Promise.resolve(1));
} catch (e) {
  log('rejects resolved', e.code, e.message.split('\n')[0]);
}
const err = new AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
log('AssertionError ctor', err.name, err.code, err.actual, err.expected, err.operator);
fails('custom Error message', () => assert.ok(false, new RangeError('own error')));
