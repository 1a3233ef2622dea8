//! Console (WHATWG Console Standard) and Node-compatible value formatting.
//!
//! Most expectations below are Node v20's exact output for the same script
//! (`node script.mjs`, with `node:util` in place of `nanojs:inspect`); the
//! rest cover what differs by design: QuickJS stack traces, warnings without
//! a process id, and the spec's `console.assert`.

mod common;

/// Runs `src` and compares its stdout with `expected`; stderr must be empty.
#[track_caller]
fn check(src: &str, expected: &str) {
    let out = common::run(src).ok();
    assert_eq!(out.stderr, "", "unexpected stderr");
    if out.stdout != expected {
        panic!(
            "stdout differs\n--- expected:\n{expected}\n--- actual:\n{}\n--- (debug) actual: {:?}",
            out.stdout, out.stdout
        );
    }
}

/// Runs `src` and returns (stdout, stderr).
fn streams(src: &str) -> (String, String) {
    let out = common::run(src).ok();
    (out.stdout, out.stderr)
}

/// Checks that `text` is "<label>: <duration>" in Node's format, e.g. 1.234ms.
#[track_caller]
fn assert_duration_line(text: &str, label: &str) {
    let rest = text
        .strip_prefix(label)
        .and_then(|r| r.strip_prefix(": "))
        .unwrap_or_else(|| panic!("{text:?} does not start with {label:?}"));
    let number = rest
        .strip_suffix("ms")
        .unwrap_or_else(|| panic!("{text:?} does not end in ms"));
    let value: f64 = number
        .parse()
        .unwrap_or_else(|_| panic!("{number:?} in {text:?} is not a number"));
    assert!(value >= 0.0, "{text:?}");
    assert!(
        number.split('.').nth(1).is_none_or(|d| d.len() <= 3),
        "at most 3 decimals: {text:?}"
    );
}

// ---------------------------------------------------------------------------
// Formatting, compared with Node's output.

/// Strings passed directly are printed as is; others are inspected.
#[test]
fn top_level_strings_print_raw() {
    check(
        r#"console.log('plain', 'two words', 1, 'x\ny');
console.log(['nested']);"#,
        r#"plain two words 1 x
y
[ 'nested' ]
"#,
    );
}

/// Primitive values inside containers.
#[test]
fn primitives() {
    check(
        r#"console.log([undefined, null, true, 0, -0, NaN, -Infinity, 1.5, 1e21, 1n, -12345678901234567890n]);
console.log(Symbol('s'), Symbol(), Symbol.iterator, -0, 5n);"#,
        r#"[
  undefined,
  null,
  true,
  0,
  -0,
  NaN,
  -Infinity,
  1.5,
  1e+21,
  1n,
  -12345678901234567890n
]
Symbol(s) Symbol() Symbol(Symbol.iterator) -0 5n
"#,
    );
}

/// Quotes: single by default, double if the string has single quotes, backticks if both.
#[test]
fn string_quoting() {
    check(
        r#"console.log(['plain', "it's", `say "hi" it's`, `all " ' \``, 'tab\tnl\nbs\\', '\x00\x1b\x7f', '\ud800']);"#,
        r#"[
  'plain',
  "it's",
  `say "hi" it's`,
  'all " \' `',
  'tab\tnl\nbs\\',
  '\x00\x1B\x7F',
  '\ud800'
]
"#,
    );
}

/// Long multi-line strings inside objects print one line per row.
#[test]
fn long_strings_in_objects_split_lines() {
    check(
        r#"console.log({ multi: 'line one is here\nline two is here too\nand three is last, with extra text to make it long', long: 'x'.repeat(90) });"#,
        r#"{
  multi: 'line one is here\n' +
    'line two is here too\n' +
    'and three is last, with extra text to make it long',
  long: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
}
"#,
    );
}

/// Strings longer than 10000 characters are cut.
#[test]
fn max_string_length() {
    check(
        r#"console.log(['x'.repeat(10002)].map(s => s.length), [ 'y'.repeat(10003) ].toString().length);
import { inspect } from 'nanojs:inspect';
console.log(inspect('abcdefgh', { maxStringLength: 3 }));"#,
        r#"[ 10002 ] 10003
'abc'... 5 more characters
"#,
    );
}

/// Functions, classes, async and generator functions.
#[test]
fn functions() {
    check(
        r#"class A {}
class B extends A {}
console.log(function named() {}, function () {}, () => {}, A, B, class {}, async function af() {}, function* g() {}, async function* ag() {}, Math.max);
console.log({ method() {}, async am() {}, *gen() {} });
console.log(Object.assign(function withProps() {}, { a: 1 }), Object.assign(class K {}, { s: 1 }));
console.log(Object.setPrototypeOf(function np() {}, null), (function f() {}).bind(null));"#,
        r#"[Function: named] [Function (anonymous)] [Function (anonymous)] [class A] [class B extends A] [class (anonymous)] [AsyncFunction: af] [GeneratorFunction: g] [AsyncGeneratorFunction: ag] [Function: max]
{
  method: [Function: method],
  am: [AsyncFunction: am],
  gen: [GeneratorFunction: gen]
}
[Function: withProps] { a: 1 } [class K] { s: 1 }
[Function (null prototype): np] [Function: bound f]
"#,
    );
}

/// Arrays, holes and extra properties.
#[test]
fn arrays() {
    check(
        r#"console.log([1, 2, 3], [], [[]], [{}], new Array(5));
const sparse = [1, , 3, , , 6];
sparse.length = 10;
console.log(sparse);
const extra = [1, 2];
extra.key = 'v';
extra[Symbol('s')] = 1;
console.log(extra);
const far = [];
far[5] = 1;
far[200] = 2;
console.log(far);"#,
        r#"[ 1, 2, 3 ] [] [ [] ] [ {} ] [ <5 empty items> ]
[ 1, <1 empty item>, 3, <2 empty items>, 6, <4 empty items> ]
[ 1, 2, key: 'v', [Symbol(s)]: 1 ]
[ <5 empty items>, 1, <194 empty items>, 2 ]
"#,
    );
}

/// Only the first 100 items are shown.
#[test]
fn arrays_over_100_items() {
    check(
        r#"console.log(Array.from({ length: 101 }, () => 0).length);
console.log(Array.from({ length: 101 }, (_, i) => i));
console.log(Array.from({ length: 102 }, () => 'ab'));"#,
        r#"101
[
   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,
  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
  60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,
  84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
  96, 97, 98, 99,
  ... 1 more item
]
[
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab', 'ab',
  ... 2 more items
]
"#,
    );
}

/// Node's column layout for long arrays of short items.
#[test]
fn array_grouping() {
    check(
        r#"console.log(Array.from({ length: 30 }, (_, i) => 'item' + i));
console.log(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat((i % 7) + 1)));
console.log([1.5, -2, 300000, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
console.log({ nested: { arr: Array.from({ length: 30 }, (_, i) => -i) } });
console.log(Array.from({ length: 7 }, (_, i) => [i, i * 2]));"#,
        r#"[
  'item0',  'item1',  'item2',
  'item3',  'item4',  'item5',
  'item6',  'item7',  'item8',
  'item9',  'item10', 'item11',
  'item12', 'item13', 'item14',
  'item15', 'item16', 'item17',
  'item18', 'item19', 'item20',
  'item21', 'item22', 'item23',
  'item24', 'item25', 'item26',
  'item27', 'item28', 'item29'
]
[
  'a',       'bb',      'ccc',
  'dddd',    'eeeee',   'ffffff',
  'ggggggg', 'h',       'ii',
  'jjj',     'kkkk',    'lllll',
  'mmmmmm',  'nnnnnnn', 'o',
  'pp',      'qqq',     'rrrr',
  'sssss',   'tttttt',  'uuuuuuu',
  'v',       'ww',      'xxx',
  'yyyy',    'zzzzz'
]
[
  1.5, -2, 300000,
    4,  5,      6,
    7,  8,      9,
   10, 11,     12,
   13
]
{
  nested: {
    arr: [
       -0,  -1,  -2,  -3,  -4,  -5,  -6,
       -7,  -8,  -9, -10, -11, -12, -13,
      -14, -15, -16, -17, -18, -19, -20,
      -21, -22, -23, -24, -25, -26, -27,
      -28, -29
    ]
  }
}
[
  [ 0, 0 ],  [ 1, 2 ],
  [ 2, 4 ],  [ 3, 6 ],
  [ 4, 8 ],  [ 5, 10 ],
  [ 6, 12 ]
]
"#,
    );
}

/// Object keys: identifiers bare, others quoted, symbols in brackets.
#[test]
fn objects() {
    check(
        r#"console.log({ a: 1, 'b-c': 2, [Symbol('s')]: 3 });
console.log({ 'a b': 1, 1: 2, '01': 3, $x: 4, _y: 5, 'é': 6, '': 7, "it's": 8, ['__proto__']: 9 });
console.log({}, { a: {}, b: [] }, { undef: undefined, nul: null });"#,
        r#"{ a: 1, 'b-c': 2, [Symbol(s)]: 3 }
{
  '1': 2,
  'a b': 1,
  '01': 3,
  '$x': 4,
  _y: 5,
  'é': 6,
  '': 7,
  "it's": 8,
  ['__proto__']: 9
}
{} { a: {}, b: [] } { undef: undefined, nul: null }
"#,
    );
}

/// Objects over 80 columns break into one entry per line; up to 3 inner levels stay on one line.
#[test]
fn object_line_breaking() {
    check(
        r#"console.log({ k1: 'value one', k2: 'value two', k3: 'value three', k4: 'value four', k5: 'value five' });
console.log({ a: 1, b: { c: 2, d: { e: 3, f: { g: 4 } } }, h: [1, { i: 2 }] });
console.log({ matrix: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] });
console.log(Array.from({ length: 8 }, (_, i) => ({ i })));
console.log({ aaaaaaaaaaaaaaaa: 1, bbbbbbbbbbbbbbbbbbbb: 2, ccccccccccccccccccc: 3, dddddddddddddddddddd: 4, e: 5 });"#,
        r#"{
  k1: 'value one',
  k2: 'value two',
  k3: 'value three',
  k4: 'value four',
  k5: 'value five'
}
{ a: 1, b: { c: 2, d: { e: 3, f: [Object] } }, h: [ 1, { i: 2 } ] }
{ matrix: [ [ 1, 2, 3 ], [ 4, 5, 6 ], [ 7, 8, 9 ] ] }
[
  { i: 0 }, { i: 1 },
  { i: 2 }, { i: 3 },
  { i: 4 }, { i: 5 },
  { i: 6 }, { i: 7 }
]
{
  aaaaaaaaaaaaaaaa: 1,
  bbbbbbbbbbbbbbbbbbbb: 2,
  ccccccccccccccccccc: 3,
  dddddddddddddddddddd: 4,
  e: 5
}
"#,
    );
}

/// Class instances, null prototypes and inherited properties.
#[test]
fn class_instances_and_prototypes() {
    check(
        r#"class Foo { constructor() { this.x = 1; } }
class Empty {}
function Legacy() { this.a = 1; }
console.log(new Foo(), new Empty(), new Legacy());
console.log(Object.create(null), Object.assign(Object.create(null), { a: 1 }));
console.log({ __proto__: { inherited: 1 }, own: 2 }, new (class extends Object {})());
class P { constructor() { this.a = 1; } get comp() { return 2; } }
class C extends P { constructor() { super(); this.b = 2; } }
console.log(new C());"#,
        r#"Foo { x: 1 } Empty {} Legacy { a: 1 }
[Object: null prototype] {} [Object: null prototype] { a: 1 }
{ own: 2 } {}
C { a: 1, b: 2 }
"#,
    );
}

/// Symbol.toStringTag is shown when it differs from the constructor name.
#[test]
fn to_string_tag() {
    check(
        r#"class Foo { get [Symbol.toStringTag]() { return 'bar'; } }
console.log(new Foo(), Object.defineProperty({}, Symbol.toStringTag, { value: 'foo' }));
console.log({ [Symbol.toStringTag]: 'own' }, Object.defineProperty(Object.create(null), Symbol.toStringTag, { value: 'T' }));
console.log(Math, JSON);"#,
        r#"Foo [bar] {} Object [foo] {}
{ [Symbol(Symbol.toStringTag)]: 'own' } [Object: null prototype] [T] {}
Object [Math] {} Object [JSON] {}
"#,
    );
}

/// Objects nested beyond depth 2 print as [Object], [Array], [Foo].
#[test]
fn depth_limit() {
    check(
        r#"class Foo {}
console.log({ a: { b: { c: { d: 1 } } } });
console.log({ a: { b: { c: new Foo(), d: [1], e: new Map([[1, 2]]), f: {}, g: [], h: new Foo() } } });
console.log([[[[1]]], [[[]]], [[{}]], [[{ a: 1 }]]]);"#,
        r#"{ a: { b: { c: [Object] } } }
{
  a: { b: { c: Foo {}, d: [Array], e: [Map], f: {}, g: [], h: Foo {} } }
}
[ [ [ [Array] ] ], [ [ [] ] ], [ [ {} ] ], [ [ [Object] ] ] ]
"#,
    );
}

/// Circular references are marked with <ref *n> and [Circular *n].
#[test]
fn circular_references() {
    check(
        r#"const o = {};
o.self = o;
console.log(o);
const a = { x: 1 };
const b = { a, arr: [a] };
a.b = b;
console.log([a, b]);
const root = { name: 'root', children: [] };
for (let i = 0; i < 2; i++) root.children.push({ name: 'c' + i, parent: root });
console.log(root);
const m = new Map();
m.set('self', m);
console.log(m);"#,
        r#"<ref *1> { self: [Circular *1] }
[
  <ref *1> { x: 1, b: { a: [Circular *1], arr: [Array] } },
  <ref *2> { a: <ref *1> { x: 1, b: [Circular *2] }, arr: [ [Object] ] }
]
<ref *1> {
  name: 'root',
  children: [
    { name: 'c0', parent: [Circular *1] },
    { name: 'c1', parent: [Circular *1] }
  ]
}
<ref *1> Map(1) { 'self' => [Circular *1] }
"#,
    );
}

/// Accessors print as [Getter], [Setter], [Getter/Setter] without being called.
#[test]
fn getters_and_setters() {
    check(
        r#"let called = false;
console.log({ get g() { called = true; return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} });
console.log(called);"#,
        r#"{ g: [Getter], s: [Setter], gs: [Getter/Setter] }
false
"#,
    );
}

/// Map, Set, WeakMap, WeakSet.
#[test]
fn maps_and_sets() {
    check(
        r#"console.log(new Map([['a', 1], ['b', 2]]), new Set([1]), new Map(), new Set());
console.log(new Map([[{ a: 1 }, new Set([1, 'two', [3]])]]));
console.log(new WeakMap(), new WeakSet());
class M extends Map {}
console.log(new M([[1, 2]]), Object.assign(new Set([1]), { extra: true }));
console.log(new Map(Array.from({ length: 3 }, (_, i) => ['key' + i, { value: i, more: 'text'.repeat(i * 3) }])));"#,
        r#"Map(2) { 'a' => 1, 'b' => 2 } Set(1) { 1 } Map(0) {} Set(0) {}
Map(1) { { a: 1 } => Set(3) { 1, 'two', [ 3 ] } }
WeakMap { <items unknown> } WeakSet { <items unknown> }
M(1) [Map] { 1 => 2 } Set(1) { 1, extra: true }
Map(3) {
  'key0' => { value: 0, more: '' },
  'key1' => { value: 1, more: 'texttexttext' },
  'key2' => { value: 2, more: 'texttexttexttexttexttext' }
}
"#,
    );
}

/// Dates, regular expressions and boxed primitives.
#[test]
fn dates_regexps_boxed() {
    check(
        r#"console.log(new Date(0), new Date(NaN), /ab+c/gi, new RegExp('a/b'));
console.log(new Number(3), new String('x'), new Boolean(false), Object(1n), Object(Symbol('q')), new Number(-0));
console.log(Object.assign(new Number(1), { a: 1 }), Object.assign(new String('ab'), { a: 1 }), Object.assign(new Date(0), { a: 1 }), Object.assign(/x/, { a: 1 }));"#,
        r#"1970-01-01T00:00:00.000Z Invalid Date /ab+c/gi /a\/b/
[Number: 3] [String: 'x'] [Boolean: false] [BigInt: 1n] [Symbol: Symbol(q)] [Number: -0]
[Number: 1] { a: 1 } [String: 'ab'] { a: 1 } 1970-01-01T00:00:00.000Z { a: 1 } /x/ { a: 1 }
"#,
    );
}

/// Typed arrays, ArrayBuffer and DataView.
#[test]
fn typed_arrays_and_buffers() {
    check(
        r#"console.log(new Uint8Array([1, 2, 3]), new Float64Array(2), new BigInt64Array(2), new Uint8Array(0));
console.log(new Uint8Array([1, 2]).buffer);
console.log(new DataView(new ArrayBuffer(4), 1, 2));
console.log(new Uint8Array(new ArrayBuffer(102)).buffer);
const ta = new Int16Array([-1, 2]);
ta.extra = 1;
console.log(ta);
console.log(new Uint8Array(120));"#,
        r#"Uint8Array(3) [ 1, 2, 3 ] Float64Array(2) [ 0, 0 ] BigInt64Array(2) [ 0n, 0n ] Uint8Array(0) []
ArrayBuffer { [Uint8Contents]: <01 02>, byteLength: 2 }
DataView {
  byteLength: 2,
  byteOffset: 1,
  buffer: ArrayBuffer { [Uint8Contents]: <00 00 00 00>, byteLength: 4 }
}
ArrayBuffer {
  [Uint8Contents]: <00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ... 2 more bytes>,
  byteLength: 102
}
Int16Array(2) [ -1, 2, extra: 1 ]
Uint8Array(120) [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0,
  ... 20 more items
]
"#,
    );
}

/// Promise states (through the host's promiseState op).
#[test]
fn promises() {
    check(
        r#"const rejected = Promise.reject(42);
rejected.catch(() => {});
console.log(Promise.resolve({ a: 1 }), new Promise(() => {}), rejected);
console.log({ p: Promise.resolve([1, 2]) });"#,
        r#"Promise { { a: 1 } } Promise { <pending> } Promise { <rejected> 42 }
{ p: Promise { [ 1, 2 ] } }
"#,
    );
}

/// Arguments objects and module namespaces.
#[test]
fn arguments_and_namespaces() {
    check(
        r#"console.log((function () { return arguments; })(1, 'a'));"#,
        r#"[Arguments] { '0': 1, '1': 'a' }
"#,
    );
}

/// Symbol.for('nodejs.util.inspect.custom') is called with (depth, options, inspect).
#[test]
fn custom_inspect_hook() {
    check(
        r#"const custom = Symbol.for('nodejs.util.inspect.custom');
const s = { [custom]() { return 'CUSTOM'; } };
console.log(s, { nested: s });
console.log({ a: { [custom](depth, opts, insp) { return `depth=${depth} opts.depth=${opts.depth} ${typeof insp}`; } } });
console.log({ x: { [custom]() { return 'multi\nline'; } } });
console.log({ o: { [custom](d) { return { replaced: d }; } } });
class Self { [custom]() { return this; } }
console.log(new Self());"#,
        r#"CUSTOM { nested: CUSTOM }
{ a: depth=1 opts.depth=2 function }
{
  x: multi
  line
}
{ o: { replaced: 1 } }
Self {}
"#,
    );
}

/// %s: String() for primitives, inspect (depth 0) for plain objects, toString when user-defined.
#[test]
fn format_s() {
    check(
        r#"console.log('%s|%s|%s|%s', 'str', 42, 42n, -0);
console.log('%s', { a: { b: 1 } });
console.log('%s', [1, [2, [3]]]);
console.log('%s', { toString() { return 'custom'; } });
console.log('%s %s %s', null, undefined, Symbol('s'));
console.log('%s', class A {}, '%s');"#,
        r#"str|42|42n|-0
{ a: [Object] }
[ 1, [Array] ]
custom
null undefined Symbol(s)
class A {} %s
"#,
    );
}

/// %d, %i and %f.
#[test]
fn format_numbers() {
    check(
        r#"console.log('%d %d %d %d %d %d', '42', 42.5, 5n, {}, '0x10', Symbol());
console.log('%d %d %d', -0, '', null);
console.log('%i %i %i %i', '42.9px', 42.9, 5n, 'x');
console.log('%f %f %f', '1.5abc', 'x', 2);"#,
        r#"42 42.5 5n NaN 16 NaN
-0 0 0
42 42 5n NaN
1.5 NaN 2
"#,
    );
}

/// %o, %O and %j.
#[test]
fn format_objects_and_json() {
    check(
        r#"console.log('%o', { a: [1, 2] });
console.log('%O', { a: { b: { c: { d: 1 } } } });
console.log('%j', { a: 1, b: [true] });
const c = {};
c.c = c;
console.log('%j', c);
console.log('%o|%O', 'str', 'str');"#,
        r#"{ a: [ 1, 2, [length]: 2 ] }
{ a: { b: { c: [Object] } } }
{"a":1,"b":[true]}
[Circular]
'str'|'str'
"#,
    );
}

/// %c consumes its argument, %% is a percent sign, extra arguments are appended.
#[test]
fn format_misc() {
    check(
        r#"console.log('a%cb', 'color: red');
console.log('100%%', 1);
console.log('100%%');
console.log('%s %s', 'one');
console.log('%s:%s', 'a', 'b', 'c', { d: 1 });
console.log('%x %', 1);
console.log({ a: 1 }, 'str', 2, '%s');
console.log('trail %');
console.log('%%s %s%', 1);"#,
        r#"ab
100% 1
100%%
one %s
a:b c { d: 1 }
%x % 1
{ a: 1 } str 2 %s
trail %
%s 1%
"#,
    );
}

/// inspect() accepts Node's options.
#[test]
fn inspect_options() {
    check(
        r#"import { inspect } from 'nanojs:inspect';
const o = { b: 2, a: { c: [1, 2, { d: new Map([[1, { e: 1 }]]) }] }, get g() { return 'gv'; }, str: 'x' };
console.log(inspect(o, { depth: 0 }));
console.log(inspect(o, { depth: null }));
console.log(inspect(o, { compact: false }));
console.log(inspect(o, { breakLength: Infinity }));
console.log(inspect(o, { sorted: true, getters: true }));
console.log(inspect([1, 2, 3, 4], { maxArrayLength: 2 }));
console.log(inspect({ n: 1234567.891, b: 123456789n }, { numericSeparator: true }));
console.log(inspect([1, 2], { showHidden: true }));
console.log(inspect({ a: { b: { c: {} } } }, false, 0));
console.log(JSON.stringify(inspect({ a: 1, s: 'x', n: null }, { colors: true })));"#,
        r#"{ b: 2, a: [Object], g: [Getter], str: 'x' }
{
  b: 2,
  a: {
    c: [
      1,
      2,
      { d: Map(1) { 1 => { e: 1 } } }
    ]
  },
  g: [Getter],
  str: 'x'
}
{
  b: 2,
  a: {
    c: [
      1,
      2,
      [Object]
    ]
  },
  g: [Getter],
  str: 'x'
}
{ b: 2, a: { c: [ 1, 2, [Object] ] }, g: [Getter], str: 'x' }
{ a: { c: [ 1, 2, [Object] ] }, b: 2, g: [Getter: 'gv'], str: 'x' }
[ 1, 2, ... 2 more items ]
{ n: 1_234_567.891, b: 123_456_789n }
[ 1, 2, [length]: 2 ]
{ a: [Object] }
"{ a: \u001b[33m1\u001b[39m, s: \u001b[32m'x'\u001b[39m, n: \u001b[1mnull\u001b[22m }"
"#,
    );
}

/// console.table draws Node's box tables.
#[test]
fn table() {
    check(
        r#"console.table([{ a: 1, b: 'Y' }, { a: 'Z', b: 2 }]);
console.table([{ a: 1, b: 'Y' }, { a: 'Z', b: 2 }], ['a']);
console.table([1, 'two', { x: 3 }]);
console.table({ r1: { c1: 1 }, r2: { c2: [1, 2, 3, 4] } });"#,
        r#"┌─────────┬─────┬─────┐
│ (index) │ a   │ b   │
├─────────┼─────┼─────┤
│ 0       │ 1   │ 'Y' │
│ 1       │ 'Z' │ 2   │
└─────────┴─────┴─────┘
┌─────────┬─────┐
│ (index) │ a   │
├─────────┼─────┤
│ 0       │ 1   │
│ 1       │ 'Z' │
└─────────┴─────┘
┌─────────┬───┬────────┐
│ (index) │ x │ Values │
├─────────┼───┼────────┤
│ 0       │   │ 1      │
│ 1       │   │ 'two'  │
│ 2       │ 3 │        │
└─────────┴───┴────────┘
┌─────────┬────┬──────────────────────────────┐
│ (index) │ c1 │ c2                           │
├─────────┼────┼──────────────────────────────┤
│ r1      │ 1  │                              │
│ r2      │    │ [ 1, 2, 3, ... 1 more item ] │
└─────────┴────┴──────────────────────────────┘
"#,
    );
}

/// console.table of Maps, Sets, non-objects and wide characters.
#[test]
fn table_maps_sets_and_primitives() {
    check(
        r#"console.table(new Map([['k', { v: 1 }], [{ o: 1 }, 'p']]));
console.table(new Set(['s1', 's2']));
console.table('not tabular');
console.table([]);
console.table([[1, 2], [3, 4, 5]]);
console.table([{ name: '日本', n: 1 }, { name: 'ascii', n: 22 }]);"#,
        r#"┌───────────────────┬──────────┬──────────┐
│ (iteration index) │ Key      │ Values   │
├───────────────────┼──────────┼──────────┤
│ 0                 │ 'k'      │ { v: 1 } │
│ 1                 │ { o: 1 } │ 'p'      │
└───────────────────┴──────────┴──────────┘
┌───────────────────┬────────┐
│ (iteration index) │ Values │
├───────────────────┼────────┤
│ 0                 │ 's1'   │
│ 1                 │ 's2'   │
└───────────────────┴────────┘
not tabular
┌─────────┐
│ (index) │
├─────────┤
└─────────┘
┌─────────┬───┬───┬───┐
│ (index) │ 0 │ 1 │ 2 │
├─────────┼───┼───┼───┤
│ 0       │ 1 │ 2 │   │
│ 1       │ 3 │ 4 │ 5 │
└─────────┴───┴───┴───┘
┌─────────┬─────────┬────┐
│ (index) │ name    │ n  │
├─────────┼─────────┼────┤
│ 0       │ '日本'  │ 1  │
│ 1       │ 'ascii' │ 22 │
└─────────┴─────────┴────┘
"#,
    );
}

/// Groups indent every line by two spaces per level.
#[test]
fn group_indentation() {
    check(
        r#"console.group('G1');
console.log('in 1');
console.group();
console.log('multi\nline');
console.log({ a: 'x'.repeat(40), b: 'y'.repeat(40) });
console.groupEnd();
console.groupCollapsed('collapsed', 2);
console.info('info');
console.groupEnd();
console.groupEnd();
console.groupEnd();
console.log('out');"#,
        r#"G1
  in 1
    multi
    line
    {
      a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      b: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'
    }
  collapsed 2
    info
out
"#,
    );
}

/// count and countReset.
#[test]
fn count() {
    check(
        r#"console.count();
console.count();
console.count('x');
console.countReset();
console.count();
console.count(undefined);
console.count(null);
console.count({ toString() { return 'obj'; } });"#,
        r#"default: 1
default: 2
x: 1
default: 1
default: 2
null: 1
obj: 1
"#,
    );
}

/// console.dir inspects with options and without custom inspection.
#[test]
fn dir_and_dirxml() {
    check(
        r#"console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir({ [Symbol.for('nodejs.util.inspect.custom')]() { return 'custom'; }, x: 1 });
console.dir('str');
console.dirxml({ a: 1 }, 'x');
console.log();
console.log('');"#,
        r#"{ a: [Object] }
{
  x: 1,
  [Symbol(nodejs.util.inspect.custom)]: [Function: [nodejs.util.inspect.custom]]
}
'str'
{ a: 1 } x


"#,
    );
}

// ---------------------------------------------------------------------------
// Errors. QuickJS stacks hold only frames, so the "Name: message" line comes
// from the error; the rest of the layout is Node's.

#[test]
fn error_with_stack() {
    check(
        "function make() { return new TypeError('boom'); }\nconsole.log(make());",
        "TypeError: boom\n    at make (file:///test/main.js:1:30)\n    at <anonymous> (file:///test/main.js:2:13)\n",
    );
}

#[test]
fn error_nested_in_object_is_indented() {
    check(
        "const e = new Error('x');\nconsole.log({ e, list: [e] });",
        "{\n  e: Error: x\n      at <anonymous> (file:///test/main.js:1:15),\n  list: [\n    Error: x\n        at <anonymous> (file:///test/main.js:1:15)\n  ]\n}\n",
    );
}

#[test]
fn error_own_properties_and_cause() {
    check(
        "class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr'; this.code = 'X'; } }\n\
         console.log(new MyErr('q'));\n\
         console.log(new Error('outer', { cause: 'why' }));\n\
         const agg = new AggregateError([1], 'agg');\n\
         console.log(agg);",
        "MyErr: q\n    at MyErr (file:///test/main.js:1:52)\n    at <anonymous> (file:///test/main.js:2:17) {\n  code: 'X'\n}\n\
         Error: outer\n    at <anonymous> (file:///test/main.js:3:17) {\n  [cause]: 'why'\n}\n\
         AggregateError: agg\n    at <anonymous> (file:///test/main.js:4:17) {\n  [errors]: [ 1 ]\n}\n",
    );
}

#[test]
fn error_cause_chain() {
    check(
        "const inner = new RangeError('inner');\nconsole.log(new Error('outer', { cause: inner }));",
        "Error: outer\n    at <anonymous> (file:///test/main.js:2:41) {\n  [cause]: RangeError: inner\n      at <anonymous> (file:///test/main.js:1:19)\n}\n",
    );
}

#[test]
fn error_without_frames_is_bracketed() {
    check(
        "const a = new Error('no stack');\na.stack = '';\nconst b = new Error('x');\nb.stack = 'custom stack';\n\
         console.log(a, b, Object.create(Error.prototype));",
        "[Error: no stack] [custom stack] [Error]\n",
    );
}

#[test]
fn error_names_follow_node() {
    check(
        "class Unnamed extends Error {}\nconst e = new Error('m');\ne.name = 'Custom';\nconst u = new Unnamed('u');\n\
         u.stack = 'Error: u';\ne.stack = 'Custom: m';\nconsole.log(u, e, new Error(''), new Error('multi\\nline').message);",
        "[Unnamed [Error]: u] [Custom: m] Error\n    at <anonymous> (file:///test/main.js:7:23) multi\nline\n",
    );
}

#[test]
fn error_in_format_s_and_table() {
    check(
        "const e = new Error('pct');\ne.stack = '';\nconsole.log('%s', e);\nconsole.log('%s', new Error('x').message);",
        "[Error: pct]\nx\n",
    );
}

// ---------------------------------------------------------------------------
// Console methods

#[test]
fn levels_go_to_the_right_stream() {
    let (out, err) = streams(
        "console.log('log'); console.info('info'); console.debug('debug'); console.dirxml('dirxml');\n\
         console.warn('warn'); console.error('error'); console.dir('dir'); console.table(1);",
    );
    assert_eq!(out, "log\ninfo\ndebug\ndirxml\n'dir'\n1\n");
    assert_eq!(err, "warn\nerror\n");
}

#[test]
fn warn_and_error_format_like_log() {
    let (out, err) =
        streams("console.warn('%s=%d', 'a', 1, { b: [2] }); console.error(new Map([[1, 2]]));");
    assert_eq!(out, "");
    assert_eq!(err, "a=1 { b: [ 2 ] }\nMap(1) { 1 => 2 }\n");
}

#[test]
fn assert_prints_only_when_falsy() {
    let (out, err) = streams(
        "console.assert(true, 'no');\nconsole.assert(1);\nconsole.assert(false);\nconsole.assert(0, 'msg %s', 'sub');\n\
         console.assert(null, { a: 1 });\nconsole.assert('', 'a', 'b');\nconsole.assert();",
    );
    assert_eq!(out, "");
    // A non-string first argument is printed after the message (as the spec says).
    assert_eq!(
        err,
        "Assertion failed\nAssertion failed: msg sub\nAssertion failed { a: 1 }\nAssertion failed: a b\nAssertion failed\n"
    );
}

#[test]
fn count_reset_of_unknown_label_warns() {
    let (out, err) = streams("console.countReset('nope'); console.count('nope'); console.countReset('nope'); console.count('nope');");
    assert_eq!(out, "nope: 1\nnope: 1\n");
    assert_eq!(err, "Warning: Count for 'nope' does not exist\n");
}

#[test]
fn time_log_and_end() {
    let (out, err) = streams(
        "console.time();\nconsole.time('t');\nfor (let i = 0; i < 1000; i++);\n\
         console.timeLog(undefined, 'extra', { a: 1 });\nconsole.timeEnd();\nconsole.timeEnd('t');",
    );
    assert_eq!(err, "");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let first = lines[0]
        .strip_suffix(" extra { a: 1 }")
        .expect("timeLog appends its data");
    assert_duration_line(first, "default");
    assert_duration_line(lines[1], "default");
    assert_duration_line(lines[2], "t");
}

#[test]
fn time_warnings() {
    let (out, err) = streams(
        "console.timeEnd('nope');\nconsole.timeLog('nope');\nconsole.time('x');\nconsole.time('x');\n\
         console.timeEnd('x');\nconsole.timeEnd('x');",
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_duration_line(out.trim_end(), "x");
    assert_eq!(
        err,
        "Warning: No such label 'nope' for console.timeEnd()\n\
         Warning: No such label 'nope' for console.timeLog()\n\
         Warning: Label 'x' already exists for console.time()\n\
         Warning: No such label 'x' for console.timeEnd()\n"
    );
}

#[test]
fn durations_use_node_units() {
    // Longer durations switch to seconds and m:ss.mmm like Node.
    let (out, _) = streams(
        "const realNow = Date.now;\nlet fake = 0;\nDate.now = () => fake;\n\
         globalThis.performance = { now: () => fake };\n\
         console.time('s'); fake = 1500; console.timeEnd('s');\n\
         console.time('m'); fake += 62345.6; console.timeEnd('m');\n\
         console.time('h'); fake += 3723004; console.timeEnd('h');\n\
         console.time('ms'); fake += 1.23456; console.timeEnd('ms');\n\
         Date.now = realNow;",
    );
    assert_eq!(
        out,
        "s: 1.500s\nm: 1:02.346 (m:ss.mmm)\nh: 1:02:03.004 (h:mm:ss.mmm)\nms: 1.235ms\n"
    );
}

#[test]
fn trace_prints_the_stack_to_stderr() {
    let (out, err) =
        streams("function foo() { console.trace('traced %d', 1); }\nfoo();\nconsole.trace();");
    assert_eq!(out, "");
    assert_eq!(
        err,
        "Trace: traced 1\n    at foo (file:///test/main.js:1:25)\n    at <anonymous> (file:///test/main.js:2:1)\n\
         Trace\n    at <anonymous> (file:///test/main.js:3:9)\n"
    );
}

#[test]
fn group_indents_errors_and_stderr_too() {
    let (out, err) = streams(
        "console.group('g');\nconst e = new Error('x');\ne.stack = 'Error: x\\n    at f (a.js:1:1)';\n\
         console.error(e);\nconsole.warn('w\\nw');\nconsole.groupEnd();\nconsole.groupEnd();\nconsole.warn('out');",
    );
    assert_eq!(out, "g\n");
    assert_eq!(err, "  Error: x\n      at f (a.js:1:1)\n  w\n  w\nout\n");
}

#[test]
fn table_rejects_non_iterable_columns() {
    check(
        "try { console.table([{ a: 1 }], 5); } catch (e) { console.log(e.name); }\n\
         console.table([{ a: 1, b: 2 }], new Set(['b']));",
        "TypeError\n┌─────────┬───┐\n│ (index) │ b │\n├─────────┼───┤\n│ 0       │ 2 │\n└─────────┴───┘\n",
    );
}

#[test]
fn labels_are_converted_with_to_string() {
    check(
        "for (const m of ['count', 'countReset', 'time', 'timeLog', 'timeEnd']) {\n\
           try { console[m]({ toString() { throw new Error(m + ' threw'); } }); } catch (e) { console.log(e.message); }\n\
         }\n\
         try { console.count(Symbol('s')); } catch (e) { console.log(e.name); }",
        "count threw\ncountReset threw\ntime threw\ntimeLog threw\ntimeEnd threw\nTypeError\n",
    );
}

// ---------------------------------------------------------------------------
// The namespace object

#[test]
fn console_is_a_namespace_object() {
    check(
        "const d = Object.getOwnPropertyDescriptor(console, Symbol.toStringTag);\n\
         console.log(Object.prototype.toString.call(console), String(console), d.writable, d.enumerable, d.configurable);\n\
         const proto = Object.getPrototypeOf(console);\n\
         console.log(Object.getOwnPropertyNames(proto).length, Object.getPrototypeOf(proto) === Object.prototype);\n\
         console.log(Object.keys(console).join());\n\
         console.log(Object.values(console).every((f) => typeof f === 'function' && f.length === 0 && !('prototype' in f)));\n\
         console.log(console.log.name, console.timeEnd.name, 'Console' in globalThis, console.timeline);",
        "[object console] [object console] false false true\n\
         0 true\n\
         assert,clear,debug,error,info,log,table,trace,warn,dir,dirxml,count,countReset,group,groupCollapsed,groupEnd,time,timeLog,timeEnd\n\
         true\n\
         log timeEnd false undefined\n",
    );
}

#[test]
fn methods_work_detached() {
    let (out, err) = streams(
        "const { log, warn, group, groupEnd, count, time, timeEnd, table } = console;\n\
         group(); log('x'); warn('y'); groupEnd(); count(); table([1]);\n\
         [1, 2].forEach(log);",
    );
    assert_eq!(
        out,
        "  x\ndefault: 1\n┌─────────┬────────┐\n│ (index) │ Values │\n├─────────┼────────┤\n│ 0       │ 1      │\n└─────────┴────────┘\n1 0 [ 1, 2 ]\n2 1 [ 1, 2 ]\n"
    );
    assert_eq!(err, "  y\n");
}

#[test]
fn console_prints_itself() {
    check(
        "console.log(Object.keys(console).length, String(console.log), `${console}`);",
        "19 function log() {\n    [native code]\n} [object console]\n",
    );
}

// ---------------------------------------------------------------------------
// Hooks for other builtins

#[test]
fn accessor_state_through_inspect_as() {
    check(
        "import { inspectAs } from 'nanojs:console';\n\
         class WritableStream {\n\
           #state = 'writable';\n\
           get locked() { return false; }\n\
           get state() { return this.#state; }\n\
           get desiredSize() { return 1; }\n\
           [Symbol.for('nodejs.util.inspect.custom')]() {\n\
             return inspectAs('WritableStream', { locked: this.locked, state: this.state, desiredSize: this.desiredSize });\n\
           }\n\
         }\n\
         const ws = new WritableStream();\n\
         console.log(ws);\n\
         console.log({ a: { b: ws } });\n\
         console.log({ a: { b: { c: ws } } });\n\
         console.dir(ws);",
        "WritableStream { locked: false, state: 'writable', desiredSize: 1 }\n\
         {\n  a: {\n    b: WritableStream { locked: false, state: 'writable', desiredSize: 1 }\n  }\n}\n\
         { a: { b: { c: [WritableStream] } } }\n\
         WritableStream {}\n",
    );
}

#[test]
fn node_style_string_hooks_work() {
    // The pattern Node's own builtins use: return "Name { ... }" built with
    // the inspect function passed in.
    check(
        "class Headers {\n\
           [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {\n\
             if (depth < 0) return '[Headers]';\n\
             return `Headers ${inspect({ a: '1' }, { ...options, depth })}`;\n\
           }\n\
         }\n\
         console.log(new Headers(), [new Headers()], { a: { b: { c: new Headers() } } });",
        "Headers { a: '1' } [ Headers { a: '1' } ] { a: { b: { c: [Headers] } } }\n",
    );
}

#[test]
fn format_and_inspect_exports() {
    check(
        "import { format, formatWithOptions, inspect } from 'nanojs:inspect';\n\
         console.log(format('%s=%d', 'a', 1, 'rest'), formatWithOptions({ depth: 0 }, { a: { b: 1 } }));\n\
         console.log(inspect('str'), inspect.length, inspect.custom === Symbol.for('nodejs.util.inspect.custom'));\n\
         console.log(inspect.defaultOptions.depth, inspect(new Map([[1, { a: [] }]]), { compact: false }));",
        "a=1 rest { a: [Object] }\n'str' 2 true\n2 Map(1) {\n  1 => {\n    a: []\n  }\n}\n",
    );
}

#[test]
fn proxies_print_their_target_shape() {
    check(
        "console.log(new Proxy({ a: 1 }, {}), new Proxy([1, 2], {}));",
        "{ a: 1 } [ 1, 2 ]\n",
    );
}

#[test]
fn throwing_getters_and_tags_do_not_break_inspection() {
    check(
        "const o = { get boom() { throw new Error('no'); }, ok: 1 };\n\
         console.log(o);\n\
         class T { get [Symbol.toStringTag]() { return 5; } }\n\
         console.log(new T(), Object.create(null, { x: { value: 1, enumerable: true } }));",
        "{ boom: [Getter], ok: 1 }\nT {} [Object: null prototype] { x: 1 }\n",
    );
}

#[test]
fn large_values_are_cut_short() {
    check(
        "const big = new Uint8Array(1 << 16);\n\
         const s = Array.from({ length: 5000 }, (_, i) => i);\n\
         const text = [String(big.length), require_ok()].join();\n\
         function require_ok() { return 'ok'; }\n\
         console.log(text);\n\
         const out = [];\n\
         console.log(JSON.stringify(String(s.length)));\n\
         console.log(new Uint8Array(1 << 16).length, s.slice(0, 3));",
        "65536,ok\n\"5000\"\n65536 [ 0, 1, 2 ]\n",
    );
}

#[test]
fn lone_surrogates_do_not_break_output() {
    // Printed raw they become U+FFFD; inspected they are escaped like Node.
    check(
        "console.log('a\\ud800b', ['\\ud800', '\\ud83d\\ude00']);",
        "a\u{fffd}b [ '\\ud800', '\u{1f600}' ]\n",
    );
}

#[test]
fn long_output_is_one_record_per_call() {
    let out = common::run(
        "console.log({ a: 'x'.repeat(50), b: 'y'.repeat(50) }); console.log('x'.repeat(100000));",
    )
    .ok();
    let capture = out.stdout;
    assert_eq!(capture.lines().count(), 5);
    assert_eq!(capture.lines().last().unwrap().len(), 100000);
}

// ---------------------------------------------------------------------------
// The console's own formatting of primitives (it loads nanojs:inspect only
// when it must) prints exactly what the inspector's util.format does.

#[test]
fn primitive_fast_path_matches_the_inspector() {
    // Each case is logged twice: through console.log's own formatting, then
    // as the single string util.format makes of it.
    let out = common::run(
        r#"import { format } from 'nanojs:inspect';
const values = ['str', '', '42', ' 7.5e1x', 42, 0, -0, -1.5, 1e21, 2 ** -40, NaN, Infinity, -Infinity,
  1n, -5n, 0n, true, false, undefined, null, Symbol('s'), Symbol(), Symbol.iterator];
const cases = [[], ['%s'], ['%%'], ['100%'], ['a%'], ['%x', 1], ['%', 1], ['%%', 1], ['%s %s', 'a'],
  ['%s%d%i%f%c%%|%s', 1, 2.5, '3.9', '4e1', 'color: red', 6], ['%c%s', 'css', 'x'], ['%%s', 1]];
for (const v of values) {
  cases.push([v], ['x', v], [v, 'y', v], [v, v]);
  for (const d of ['%s', '%d', '%i', '%f', '%c', '%j', '%o', '%O', '%%', '%q']) {
    if (d === '%j' && typeof v === 'bigint') continue; // JSON throws for both.
    cases.push([`<${d}>`, v], [`${d}${d}`, v, v, 'rest']);
  }
}
for (const c of cases) {
  console.log(...c);
  console.log(format(...c));
}"#,
    )
    .ok();
    assert_eq!(out.stderr, "");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines.len() > 400 && lines.len().is_multiple_of(2),
        "{} lines",
        lines.len()
    );
    for pair in lines.chunks(2) {
        assert_eq!(pair[0], pair[1], "console.log and util.format differ");
    }
}

#[test]
fn primitive_fast_path_output() {
    check(
        "console.log('a', 1, -0, 2n, true, undefined, null, Symbol('s'));\n\
         console.log(1, 'b', -0);\n\
         console.log('%s|%d|%i|%f|%c|%%', -0, '42', '3.9px', '1.5e1', 'color: red', 'rest');\n\
         console.log('%s %d %i %f', 5n, 6n, 7n, 8n);\n\
         console.log('%d %i %f %s', Symbol('a'), Symbol('b'), Symbol('c'), Symbol('d'));\n\
         console.log('%d %i %f', null, undefined, true);\n\
         console.log('%s', 'only', '%s');\n\
         console.log('%j %s', 'q', 1);",
        "a 1 -0 2n true undefined null Symbol(s)\n\
         1 b -0\n\
         -0|42|3|15||% rest\n\
         5n 6n 7n 8\n\
         NaN NaN NaN Symbol(d)\n\
         0 NaN NaN\n\
         only %s\n\
         \"q\" 1\n",
    );
}

#[test]
fn primitive_fast_path_follows_inspect_default_options() {
    check(
        "import { inspect } from 'nanojs:inspect';\n\
         inspect.defaultOptions = { numericSeparator: true };\n\
         console.log(1234567, '%d', 1234567.5, 12345n);\n\
         console.log('%s', 1234567);\n\
         inspect.defaultOptions = { numericSeparator: false, colors: true };\n\
         console.log('s', 5, true, '%d', 1);\n\
         inspect.defaultOptions = { colors: false };\n\
         console.log('s', 5);",
        "1_234_567 %d 1_234_567.5 12_345n\n\
         1_234_567\n\
         s \u{1b}[33m5\u{1b}[39m \u{1b}[33mtrue\u{1b}[39m %d \u{1b}[33m1\u{1b}[39m\n\
         s 5\n",
    );
}

/// Collects printed lines.
#[derive(Default)]
struct Lines(std::cell::RefCell<Vec<String>>);

impl nanojs_engine::ConsoleSink for Lines {
    fn write(&self, _: nanojs_engine::ConsoleLevel, text: &str) {
        self.0.borrow_mut().push(text.to_string());
    }
}

/// Heap the isolate grew by running `src`, after a GC on both sides.
fn heap_growth(isolate: &nanojs_engine::Isolate, src: &str) -> usize {
    isolate.run_gc();
    let before = isolate.memory_used();
    isolate.eval_script("probe.js", src, |_, _| ()).unwrap();
    isolate.run_gc();
    isolate.memory_used().saturating_sub(before)
}

#[test]
fn primitive_logging_does_not_load_the_inspector() {
    let capture = std::rc::Rc::new(Lines::default());
    let options = nanojs_engine::IsolateOptions {
        console: capture.clone(),
        ..Default::default()
    };
    let isolate = nanojs_engine::Isolate::new(options, nanojs_web::builtins()).unwrap();
    // The console alone: before the split it cost ~177 KB with the inspector.
    let console = heap_growth(
        &isolate,
        "console.log('x'); console.info('%s=%d', 'n', 1, 2n, -0, true, null, undefined, Symbol());\n\
         console.group('g'); console.warn('w'); console.groupEnd(); console.count(); console.assert(false, 'a');",
    );
    assert!(console < 60 * 1024, "console used {console} bytes");
    // The first object to print loads the inspector: it had not been loaded.
    let first_object = heap_growth(&isolate, "console.log({ a: 1 });");
    assert!(
        first_object > 60 * 1024,
        "first object log grew the heap by only {first_object} bytes"
    );
    let second_object = heap_growth(&isolate, "console.log({ b: 2 });");
    assert!(
        second_object < 8 * 1024,
        "second object log used {second_object} bytes"
    );
    assert_eq!(
        *capture.0.borrow(),
        [
            "x",
            "n=1 2n -0 true null undefined Symbol()",
            "g",
            "  w",
            "default: 1",
            "Assertion failed: a",
            "{ a: 1 }",
            "{ b: 2 }"
        ]
    );
}
