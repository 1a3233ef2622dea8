// node:util: format, promisify/callbackify, inherits, deprecate, deep
// equality, parseArgs, parseEnv, the legacy is* checks.
import util, { promisify, callbackify, inherits, format, isDeepStrictEqual, parseArgs, types } from 'node:util';
import { createRequire } from 'node:module';

const log = console.log;
log('require', createRequire(import.meta.url)('util') === util, util.types === types);
log(format('%s|%d|%i|%f|%j|%%|%s', 'str', 42.5, 42.5, '1.5', { a: [1] }, 'extra'), 'more');
log(format('%s', 3n), format('%d', '0x10'), format('no args %s'), format(1, 2, 'three'));
log(format('%o', [1]), format('%O', { a: { b: 1 } }), format('%c|css', 'color: red'));
log(util.inspect({ a: 1, nested: { arr: [1, 'two', null, undefined] } }));
log(util.inspect('str'), util.inspect(new Map([[1, 2]])), util.inspect(new Set(['x'])));

function legacy(a, b, cb) {
  setTimeout(() => (a < 0 ? cb(new Error('negative')) : cb(null, a + b)), 1);
}
const p = promisify(legacy);
log('promisify', await p(1, 2), promisify(legacy) === promisify(legacy) ? 'same' : 'new');
try {
  await p(-1, 0);
} catch (e) {
  log('promisify rejects', e.message);
}
function custom() {}
custom[promisify.custom] = () => Promise.resolve('custom!');
log('promisify.custom', promisify(custom) === custom[promisify.custom], await promisify(custom)());
log('promisify.custom symbol', promisify.custom === Symbol.for('nodejs.util.promisify.custom'));

const cbd = callbackify(async (x) => {
  if (x === 0) throw null;
  return x * 2;
});
await new Promise((done) => cbd(21, (err, v) => { log('callbackify', err, v); done(); }));
await new Promise((done) => cbd(0, (err) => { log('callbackify falsy', err.code, err.reason); done(); }));

function Animal(name) { this.name = name; }
Animal.prototype.speak = function () { return `${this.name} speaks`; };
function Dog(name) { Animal.call(this, name); }
inherits(Dog, Animal);
log('inherits', new Dog('rex').speak(), Dog.super_ === Animal, Object.getPrototypeOf(Dog.prototype) === Animal.prototype);

const dep = util.deprecate(() => 'still works', 'old() is deprecated', 'DEP0999');
log('deprecate', dep(), dep());

log('isDeepStrictEqual', isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
  isDeepStrictEqual([1], ['1']), isDeepStrictEqual(new Map([[1, { x: 1 }]]), new Map([[1, { x: 1 }]])),
  isDeepStrictEqual(new Set([1, 2]), new Set([2, 1])), isDeepStrictEqual(NaN, NaN), isDeepStrictEqual(0, -0));

const parsed = parseArgs({
  args: ['-f', '--bar', 'b', 'pos', '--no-color'],
  options: { foo: { type: 'boolean', short: 'f' }, bar: { type: 'string' }, color: { type: 'boolean' } },
  allowPositionals: true,
  allowNegative: true,
});
log('parseArgs', JSON.stringify(parsed.values), parsed.positionals);
try {
  parseArgs({ args: ['--nope'], options: {} });
} catch (e) {
  log('parseArgs unknown', e.code);
}
log('parseEnv', JSON.stringify(util.parseEnv('A=1\n# c\nB="two words"\nexport C=3\n')));
log('is*', util.isArray([]), util.isString(''), util.isNumber(1), util.isFunction(log),
  util.isPrimitive(null), util.isObject(null), util.isRegExp(/x/), util.isDate(new Date()), util.isError(new TypeError()));
log('types', types.isPromise(Promise.resolve()), types.isRegExp(/a/), types.isUint8Array(new Uint8Array()),
  types.isAsyncFunction(async () => {}), types.isGeneratorFunction(function* () {}), types.isMap(new Map()));
log('stripVT', util.stripVTControlCharacters('\u001b[31mred\u001b[39m'));
log('toUSVString', util.toUSVString('a\ud800b') === 'a\ufffdb');
log('TextEncoder', new util.TextEncoder().encode('hé').length, new util.TextDecoder().decode(new Uint8Array([104, 105])));
const ac = new AbortController();
const ab = util.aborted(ac.signal, {});
ac.abort();
await ab;
log('aborted resolved');
try {
  promisify('nope');
} catch (e) {
  log('promisify bad arg', e.name, e.code);
}
