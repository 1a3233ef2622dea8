//! structuredClone() (HTML StructuredSerializeWithTransfer / Deserialize).

mod common;

/// Helpers for snippets, beside `common::ASSERTS`.
const PRELUDE: &str = r#"
// "Name: message" of what f throws, or "no throw".
function thrown(f) {
  try { f(); } catch (e) { return `${e.name}: ${e.message}`; }
  return 'no throw';
}
function dataCloneError(f, what) {
  let err;
  try { f(); } catch (e) { err = e; }
  if (!(err instanceof DOMException) || err.name !== 'DataCloneError' || err.code !== 25) {
    throw new Error(`${what}: want a DataCloneError, got ${err === undefined ? 'no throw' : err}`);
  }
}
"#;

/// Runs `body` after the shared asserts and this file's prelude.
fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn primitives_round_trip() {
    check(
        r#"
        for (const v of [undefined, null, true, false, '', '\uD800', 'a\0b', 0.2, NaN, Infinity,
                         -Infinity, 9007199254740994, 0n, -(2n ** 200n)]) {
          is(structuredClone(v), v, show(v));
        }
        is(structuredClone(-0), -0, '-0');
        is(structuredClone(0), 0, '0');
        "#,
    );
}

#[test]
fn wrapper_objects_become_new_wrappers() {
    check(
        r#"
        const input = [new Boolean(false), new Number(-0), new String('ab'), Object(5n)];
        const out = structuredClone(input);
        is(out[0] instanceof Boolean && out[0].valueOf(), false, 'Boolean');
        is(out[1] instanceof Number && out[1].valueOf(), -0, 'Number');
        is(out[2] instanceof String && out[2].valueOf(), 'ab', 'String');
        is(typeof out[3] === 'object' && out[3].valueOf(), 5n, 'BigInt');
        for (let i = 0; i < 4; i++) is(out[i] !== input[i], true, `new object ${i}`);
        // Own properties of wrappers are not serialized.
        const s = new String('x'); s.extra = 1;
        is(structuredClone(s).extra, undefined, 'extra property');
        "#,
    );
}

#[test]
fn dates_and_regexps() {
    check(
        r#"
        for (const t of [0, -0, -8.64e15, 8.64e15, NaN, 1234.5]) {
          const d = structuredClone(new Date(t));
          is(d instanceof Date, true, 'instanceof Date');
          is(d.getTime(), new Date(t).getTime(), `time ${t}`);
        }
        const r = /a.b/dgimsy;
        r.lastIndex = 3;
        const c = structuredClone(r);
        is(c instanceof RegExp && c !== r, true, 'new RegExp');
        is(c.source, 'a.b', 'source');
        is(c.flags, 'dgimsy', 'flags');
        is(c.lastIndex, 0, 'lastIndex is not preserved');
        is(structuredClone(/x/v).flags, 'v', 'unicodeSets');
        is(structuredClone(new RegExp('/')).source, '\\/', 'escaped source');
        // Flag getters overridden on the instance are not consulted.
        const o = /q/g;
        Object.defineProperty(o, 'global', { get() { throw new Error('getter ran'); } });
        Object.defineProperty(o, 'flags', { get() { throw new Error('getter ran'); } });
        is(structuredClone(o).flags, 'g', 'own flag getters ignored');
        "#,
    );
}

#[test]
fn arrays_keep_holes_length_and_extra_properties() {
    check(
        r#"
        const a = [1, , 3];
        a.foo = 'bar';
        a.length = 6;
        const c = structuredClone(a);
        is(Array.isArray(c) && c !== a, true, 'new array');
        is(c.length, 6, 'length');
        is(1 in c, false, 'hole');
        is(5 in c, false, 'trailing hole');
        eq(Object.keys(c), ['0', '2', 'foo'], 'keys');
        is(c.foo, 'bar', 'extra property');
        is(structuredClone(new Array(10)).length, 10, 'sparse');
        const big = Array.from({ length: 100000 }, (_, i) => i);
        const bc = structuredClone(big);
        is(bc.length, 100000, 'big length');
        is(bc[99999], 99999, 'big last');
        "#,
    );
}

#[test]
fn objects_copy_own_enumerable_string_keys_in_order() {
    check(
        r#"
        const sym = Symbol('s');
        const o = { b: 1, a: 2, 1: 'x', 0: 'y', [sym]: 3 };
        Object.defineProperty(o, 'hidden', { value: 4, enumerable: false });
        const c = structuredClone(o);
        eq(Object.keys(c), ['0', '1', 'b', 'a'], 'keys in order');
        is(Object.getOwnPropertySymbols(c).length, 0, 'symbol keys skipped');
        is('hidden' in c, false, 'non-enumerable skipped');
        // Inherited properties are not copied; the clone is a plain object.
        class Point { constructor() { this.x = 1; } get y() { return 2; } }
        const p = structuredClone(new Point());
        is(Object.getPrototypeOf(p), Object.prototype, 'plain object');
        eq(p, { x: 1 }, 'own data only');
        // Non-writable, non-configurable properties become ordinary ones.
        const f = {};
        Object.defineProperty(f, 'k', { value: 'v', enumerable: true, writable: false, configurable: false });
        const d = Object.getOwnPropertyDescriptor(structuredClone(f), 'k');
        eq(d, { value: 'v', writable: true, enumerable: true, configurable: true }, 'descriptor');
        // Object.prototype loses its exotic-ness.
        const op = structuredClone(Object.prototype);
        Object.setPrototypeOf(op, { some: 'proto' });
        // An object inheriting from a builtin prototype is still ordinary.
        is(Object.getPrototypeOf(structuredClone(Object.create(Map.prototype))), Object.prototype, 'Object.create(Map.prototype)');
        "#,
    );
}

#[test]
fn getters_run_in_order_and_deleted_properties_are_skipped() {
    check(
        r#"
        const order = [];
        const o = {
          get a() { order.push('a'); return { get c() { order.push('c'); return 1; } }; },
          get b() { order.push('b'); delete o.d; o.e = 'late'; return 2; },
          d: 'deleted before it is read',
        };
        const c = structuredClone(o);
        eq(order, ['a', 'c', 'b'], 'depth-first, in key order');
        eq(c, { a: { c: 1 }, b: 2 }, 'deleted skipped, added not seen');
        const err = new Error('from getter');
        let caught;
        try { structuredClone({ x: 1, get y() { throw err; } }); } catch (e) { caught = e; }
        is(caught, err, 'getter exception propagates as is');
        "#,
    );
}

#[test]
fn building_the_clone_runs_no_user_code() {
    check(
        r#"
        Object.defineProperty(Object.prototype, 'trap', { set() { throw new Error('setter ran'); }, configurable: true });
        Object.defineProperty(Array.prototype, '0', { set() { throw new Error('setter ran'); }, configurable: true });
        is(structuredClone({ trap: 1 }).trap, 1, 'object setter');
        is(structuredClone([7])[0], 7, 'array setter');
        delete Object.prototype.trap;
        delete Array.prototype[0];
        // An own "__proto__" key stays an own property.
        const p = structuredClone(JSON.parse('{"__proto__": {"evil": 1}}'));
        is(Object.getPrototypeOf(p), Object.prototype, 'prototype');
        eq(Object.keys(p), ['__proto__'], 'own __proto__');
        is(p.evil, undefined, 'not inherited');
        // Patched builtins are not used.
        const input = new Map([[1, new Set([2])]]);
        const saved = [Map.prototype.set, Set.prototype.add, Array.prototype.push];
        Map.prototype.set = Set.prototype.add = Array.prototype.push = () => { throw new Error('patched'); };
        try {
          const m = structuredClone(input);
          is(m.size, 1, 'map');
          is(m.get(1).has(2), true, 'set');
        } finally {
          [Map.prototype.set, Set.prototype.add, Array.prototype.push] = saved;
        }
        "#,
    );
}

#[test]
fn maps_and_sets_keep_order_and_identity() {
    check(
        r#"
        const key = { k: 1 };
        const m = new Map([['z', 1], [key, key], [3, new Set(['b', 'a', key])]]);
        const c = structuredClone(m);
        is(c instanceof Map && c !== m, true, 'new Map');
        eq([...c.keys()].map((k) => typeof k), ['string', 'object', 'number'], 'key order');
        const ck = [...c.keys()][1];
        is(ck !== key && c.get(ck) === ck, true, 'object key and value are one clone');
        const s = c.get(3);
        eq([...s].slice(0, 2), ['b', 'a'], 'set order');
        is([...s][2], ck, 'shared with the map key');
        // A subclass instance clones as the base class.
        class MyMap extends Map {}
        is(Object.getPrototypeOf(structuredClone(new MyMap([[1, 2]]))), Map.prototype, 'subclass');
        "#,
    );
}

#[test]
fn circular_and_shared_references_keep_their_shape() {
    check(
        r#"
        const o = { list: [] };
        o.self = o;
        o.list.push(o, o.list);
        o.map = new Map([[o, o.list]]);
        const shared = { s: 1 };
        o.a = shared;
        o.b = shared;
        const c = structuredClone(o);
        is(c !== o, true, 'new object');
        is(c.self, c, 'self reference');
        is(c.list[0], c, 'array element');
        is(c.list[1], c.list, 'array in itself');
        is(c.map.get(c), c.list, 'map');
        is(c.a, c.b, 'shared value cloned once');
        is(c.a !== shared, true, 'shared value is a copy');
        "#,
    );
}

#[test]
fn deep_plain_data_clones_without_recursion() {
    check(
        r#"
        let o = {};
        const root = o;
        for (let i = 0; i < 100000; i++) {
          o.next = [{ i }];
          o = o.next[0];
        }
        let c = structuredClone(root);
        let depth = 0;
        while (c.next) {
          c = c.next[0];
          depth++;
        }
        is(depth, 100000, 'depth');
        is(c.i, 99999, 'leaf');
        // Deep class instances take the same path.
        class Node { constructor(next) { this.next = next; } }
        let list = null;
        for (let i = 0; i < 100000; i++) list = new Node(list);
        let n = 0;
        for (let l = structuredClone(list); l !== null; l = l.next) n++;
        is(n, 100000, 'linked list');
        "#,
    );
}

#[test]
fn array_buffers_are_copied() {
    check(
        r#"
        const ab = new Uint8Array([1, 2, 3]).buffer;
        const c = structuredClone(ab);
        is(c instanceof ArrayBuffer && c !== ab, true, 'new buffer');
        eq([...new Uint8Array(c)], [1, 2, 3], 'contents');
        new Uint8Array(c)[0] = 9;
        is(new Uint8Array(ab)[0], 1, 'independent');
        is(c.resizable, false, 'fixed length');
        const r = new ArrayBuffer(16, { maxByteLength: 1024 });
        const rc = structuredClone(r);
        is(rc.resizable, true, 'resizable');
        is(rc.byteLength, 16, 'byteLength');
        is(rc.maxByteLength, 1024, 'maxByteLength');
        is(structuredClone(new ArrayBuffer(0)).byteLength, 0, 'empty');
        "#,
    );
}

#[test]
fn views_share_one_cloned_buffer() {
    check(
        r#"
        const ab = new ArrayBuffer(64);
        const types = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
                       Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
        if (typeof Float16Array === 'function') types.push(Float16Array);
        const views = types.map((T) => new T(ab, 8, 2));
        new Uint8Array(ab).forEach((_, i, a) => { a[i] = i; });
        const dv = new DataView(ab, 3, 5);
        const c = structuredClone({ views, dv, ab });
        for (let i = 0; i < types.length; i++) {
          const v = c.views[i];
          is(Object.getPrototypeOf(v), types[i].prototype, types[i].name);
          is(v.buffer, c.ab, `${types[i].name} shares the buffer`);
          is(v.byteOffset, 8, 'byteOffset');
          is(v.length, 2, 'length');
        }
        is(c.dv instanceof DataView && c.dv.buffer === c.ab, true, 'DataView shares the buffer');
        is(c.dv.byteOffset, 3, 'DataView byteOffset');
        is(c.dv.byteLength, 5, 'DataView byteLength');
        is(c.dv.getUint8(0), 3, 'DataView contents');
        is(c.ab !== ab, true, 'buffer copied');
        // A view alone brings its whole buffer.
        const alone = structuredClone(new Uint16Array(ab, 4, 1));
        is(alone.buffer.byteLength, 64, 'whole buffer');
        class MyBytes extends Uint8Array {}
        is(Object.getPrototypeOf(structuredClone(new MyBytes(2))), Uint8Array.prototype, 'subclass');
        "#,
    );
}

#[test]
fn length_tracking_views_stay_length_tracking() {
    check(
        r#"
        const ab = new ArrayBuffer(4, { maxByteLength: 16 });
        const tracking = new Uint16Array(ab);
        const fixed = new Uint16Array(ab, 0, 2);
        const partial = new Uint8Array(ab, 1, 3);
        const dv = new DataView(ab, 2);
        const c = structuredClone([tracking, fixed, partial, dv]);
        eq([ab.byteLength, tracking.length, fixed.length], [4, 2, 2], 'source unchanged');
        c[0].buffer.resize(8);
        is(c[0].length, 4, 'tracking typed array grows');
        is(c[1].length, 2, 'fixed typed array stays');
        is(c[2].length, 3, 'fixed typed array reaching the end stays');
        is(c[3].byteLength, 6, 'tracking DataView grows');
        // A buffer at its maximum length.
        const full = new ArrayBuffer(4, { maxByteLength: 4 });
        const fc = structuredClone(new Uint8Array(full));
        is(fc.length, 4, 'full buffer');
        is(fc.buffer.resizable, true, 'still resizable');
        "#,
    );
}

#[test]
fn out_of_bounds_and_detached_values_throw() {
    check(
        r#"
        const ab = new ArrayBuffer(16, { maxByteLength: 1024 });
        const ta = new Uint8Array(ab, 8);
        const dv = new DataView(ab, 8);
        ab.resize(0);
        dataCloneError(() => structuredClone(ta), 'OOB typed array');
        dataCloneError(() => structuredClone(dv), 'OOB DataView');
        const d = new ArrayBuffer(8);
        const dta = new Uint8Array(d);
        d.transfer();
        dataCloneError(() => structuredClone(d), 'detached buffer');
        dataCloneError(() => structuredClone(dta), 'view of a detached buffer');
        if (typeof SharedArrayBuffer === 'function') {
          dataCloneError(() => structuredClone(new SharedArrayBuffer(4)), 'SharedArrayBuffer');
        }
        "#,
    );
}

#[test]
fn errors_keep_type_message_stack_and_cause() {
    check(
        r#"
        for (const T of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
          const e = new T('boom');
          e.foo = 'custom';
          const c = structuredClone(e);
          is(Object.getPrototypeOf(c), T.prototype, T.name);
          is(c.constructor, T, 'constructor');
          is(c.name, T.name, 'name');
          is(c.message, 'boom', 'message');
          is(c.foo, undefined, 'custom property dropped');
          is(c.stack, e.stack, 'stack');
          eq(Object.keys(c), [], 'nothing enumerable');
        }
        is(structuredClone(new Error()).hasOwnProperty('message'), false, 'no own message');
        const m = new Error();
        m.message = { toString() { return 'converted'; } };
        is(structuredClone(m).message, 'converted', 'message ToString');
        const acc = new Error('x');
        Object.defineProperty(acc, 'message', { get() { return 'getter'; } });
        is(structuredClone(acc).hasOwnProperty('message'), false, 'accessor message dropped');
        const withCause = new TypeError('outer', { cause: { inner: [1] } });
        eq(structuredClone(withCause).cause, { inner: [1] }, 'cause');
        const loop = new Error('loop');
        loop.cause = loop;
        const lc = structuredClone(loop);
        is(lc.cause, lc, 'cause cycle');
        "#,
    );
}

#[test]
fn error_names_outside_the_list_become_error() {
    check(
        r#"
        const e = new Error('x');
        e.name = 'RangeError';
        is(Object.getPrototypeOf(structuredClone(e)), RangeError.prototype, 'name decides the type');
        const custom = new TypeError('y');
        custom.name = 'Custom';
        is(Object.getPrototypeOf(structuredClone(custom)), Error.prototype, 'unknown name');
        is(structuredClone(new AggregateError([], 'agg')).constructor, Error, 'AggregateError');
        class MyError extends RangeError {}
        is(structuredClone(new MyError('q')).constructor, RangeError, 'subclass');
        let reads = 0;
        const g = new Error('z');
        Object.defineProperty(g, 'name', { get() { reads++; return 'SyntaxError'; } });
        is(structuredClone(g).constructor, SyntaxError, 'name getter');
        is(reads, 1, 'name read once');
        "#,
    );
}

#[test]
fn dom_exceptions_are_serializable() {
    check(
        r#"
        const d = new DOMException('gone', 'NotFoundError');
        const c = structuredClone({ d }).d;
        is(c instanceof DOMException && c !== d, true, 'new DOMException');
        is(c.name, 'NotFoundError', 'name');
        is(c.message, 'gone', 'message');
        is(c.code, 8, 'code');
        is(c.stack, d.stack, 'stack');
        "#,
    );
}

#[test]
fn builtins_can_register_serializable_interfaces() {
    check(
        r#"
        import { _registerSerializable } from 'nanojs:structured_clone';
        class Thing {
          #v;
          constructor(v) { this.#v = v; }
          static is(o) { return #v in o; }
          get v() { return this.#v; }
        }
        _registerSerializable((o) => Thing.is(o), (o, inner) => new Thing(inner(o.v)));
        const t = new Thing({ a: [1] });
        const c = structuredClone({ t, again: t });
        is(Object.getPrototypeOf(c.t), Thing.prototype, 'registered clone');
        eq(c.t.v, { a: [1] }, 'inner value');
        is(c.t.v !== t.v, true, 'inner value cloned');
        is(c.again, c.t, 'identity kept');
        class Sub extends Thing {}
        is(Object.getPrototypeOf(structuredClone(new Sub(1))), Thing.prototype, 'subclass clones as the interface');
        dataCloneError(() => structuredClone(1, { transfer: [t] }), 'not transferable');
        "#,
    );
}

#[test]
fn uncloneable_values_throw_data_clone_error() {
    check(
        r#"
        const cases = {
          function: () => 1,
          class: class {},
          symbol: Symbol('s'),
          'symbol object': Object(Symbol('s')),
          WeakMap: new WeakMap(),
          WeakSet: new WeakSet(),
          WeakRef: new WeakRef({}),
          Promise: Promise.resolve(),
          Proxy: new Proxy({}, {}),
          'Proxy of an array': new Proxy([], {}),
          generator: (function* () {})(),
          iterator: [].values(),
          arguments: (function () { return arguments; })(),
          'nested function': { a: [1, { b() {} }] },
          'map value': new Map([[1, () => {}]]),
          'error cause': new Error('x', { cause: Symbol() }),
        };
        for (const [what, v] of Object.entries(cases)) dataCloneError(() => structuredClone(v), what);
        is(thrown(() => structuredClone(Symbol('q'))), 'DataCloneError: Symbol(q) could not be cloned.', 'message');
        "#,
    );
}

#[test]
fn platform_objects_are_not_serializable() {
    check(
        r#"
        for (const [what, v] of [['performance', performance], ['crypto', crypto], ['navigator', navigator],
                                 ['EventTarget', new EventTarget()], ['Event', new Event('x')],
                                 ['AbortController', new AbortController()],
                                 ['URL', new URL('https://example.com/')],
                                 ['TextEncoder', new TextEncoder()],
                                 ['subclass', new (class extends EventTarget {})()]]) {
          dataCloneError(() => structuredClone(v), what);
          dataCloneError(() => structuredClone({ inner: [v] }), `${what} inside`);
        }
        is(thrown(() => structuredClone(new EventTarget())), 'DataCloneError: EventTarget object could not be cloned.', 'message');
        "#,
    );
}

#[test]
fn transfer_detaches_the_buffers_and_moves_their_contents() {
    check(
        r#"
        const ab = new Uint8Array([1, 2, 3, 4]).buffer;
        const view = new Uint8Array(ab, 1, 2);
        const c = structuredClone({ ab, view, again: ab }, { transfer: [ab] });
        is(ab.detached, true, 'source detached');
        is(ab.byteLength, 0, 'source empty');
        eq([...new Uint8Array(c.ab)], [1, 2, 3, 4], 'contents moved');
        is(c.again, c.ab, 'one clone');
        is(c.view.buffer, c.ab, 'view on the transferred buffer');
        eq([...c.view], [2, 3], 'view contents');
        const root = new ArrayBuffer(2);
        is(structuredClone(root, { transfer: [root] }).byteLength, 2, 'root');
        const r = new ArrayBuffer(16, { maxByteLength: 1024 });
        const tracking = new Uint8Array(r);
        const rc = structuredClone(tracking, { transfer: [r] });
        is(rc.buffer.maxByteLength, 1024, 'stays resizable');
        rc.buffer.resize(32);
        is(rc.length, 32, 'view still tracks length');
        // Any iterable.
        const it = new ArrayBuffer(1);
        structuredClone(null, { transfer: new Set([it]) });
        is(it.detached, true, 'transfer from a Set');
        "#,
    );
}

#[test]
fn transferred_buffers_in_maps_sets_and_causes_are_placed() {
    check(
        r#"
        const ab = new ArrayBuffer(4);
        const view = new DataView(ab);
        const input = {
          map: new Map([[ab, view], ['k', ab], [view, 'v']]),
          set: new Set(['first', view, ab, 'last']),
          error: new Error('e', { cause: view }),
          list: [view, ab],
        };
        const c = structuredClone(input, { transfer: [ab] });
        const cab = c.list[1];
        const cview = c.list[0];
        is(cab instanceof ArrayBuffer && cab.byteLength === 4, true, 'buffer');
        is(cview instanceof DataView && cview.buffer === cab, true, 'view');
        eq([...c.map.keys()].map((k) => k === cab ? 'ab' : k === cview ? 'view' : k), ['ab', 'k', 'view'], 'map key order');
        is(c.map.get(cab), cview, 'map value');
        is(c.map.get('k'), cab, 'map value buffer');
        eq([...c.set].map((k) => k === cab ? 'ab' : k === cview ? 'view' : k), ['first', 'view', 'ab', 'last'], 'set order');
        is(c.error.cause, cview, 'error cause');
        "#,
    );
}

#[test]
fn transfer_errors() {
    check(
        r#"
        const a = new ArrayBuffer(1);
        dataCloneError(() => structuredClone(1, { transfer: [a, a] }), 'duplicate');
        is(a.detached, false, 'nothing detached after a duplicate');
        dataCloneError(() => structuredClone(1, { transfer: [{}] }), 'not transferable');
        dataCloneError(() => structuredClone(1, { transfer: [new Uint8Array(1)] }), 'a view is not transferable');
        if (typeof SharedArrayBuffer === 'function') {
          dataCloneError(() => structuredClone(1, { transfer: [new SharedArrayBuffer(1)] }), 'SharedArrayBuffer');
        }
        const d = new ArrayBuffer(1);
        structuredClone(d, { transfer: [d] });
        dataCloneError(() => structuredClone(d, { transfer: [d] }), 'detached');
        // Serialization fails: nothing is detached.
        const b = new ArrayBuffer(1);
        dataCloneError(() => structuredClone([b, () => {}], { transfer: [b] }), 'function');
        is(b.detached, false, 'not detached when serialization fails');
        // Buffers are detached in list order; a detached one stops the rest.
        const first = new ArrayBuffer(1);
        const gone = new ArrayBuffer(1);
        gone.transfer();
        dataCloneError(() => structuredClone(1, { transfer: [first, gone] }), 'detached second');
        is(first.detached, true, 'first was already transferred');
        // Detached while serializing, by a getter.
        const late = new ArrayBuffer(1);
        dataCloneError(() => structuredClone({ get x() { late.transfer(); return 1; } }, { transfer: [late] }), 'detached by a getter');
        "#,
    );
}

#[test]
fn arguments_are_validated_in_order() {
    check(
        r#"
        is(thrown(() => structuredClone()).startsWith('TypeError'), true, 'no argument');
        is(structuredClone(1, undefined), 1, 'undefined options');
        is(structuredClone(1, null), 1, 'null options');
        is(structuredClone(1, {}), 1, 'empty options');
        is(structuredClone(1, { transfer: undefined }), 1, 'undefined transfer');
        is(thrown(() => structuredClone(1, 5)).startsWith('TypeError'), true, 'options not an object');
        is(thrown(() => structuredClone(1, { transfer: 5 })).startsWith('TypeError'), true, 'transfer not iterable');
        is(thrown(() => structuredClone(1, { transfer: {} })).startsWith('TypeError'), true, 'transfer without @@iterator');
        is(thrown(() => structuredClone(1, { transfer: [1] })).startsWith('TypeError'), true, 'element not an object');
        is(thrown(() => new structuredClone(1)).startsWith('TypeError'), true, 'not a constructor');
        is(structuredClone.length, 1, 'length');
        is(structuredClone.name, 'structuredClone', 'name');
        // The transfer list is read before the value, with the iterator protocol.
        const log = [];
        const value = { get x() { log.push('value'); return 1; } };
        const transfer = {
          [Symbol.iterator]() {
            log.push('iterator');
            let done = false;
            return { next() { log.push('next'); const r = { done, value: done ? undefined : new ArrayBuffer(1) }; done = true; return r; } };
          },
        };
        structuredClone(value, { get transfer() { log.push('transfer'); return transfer; } });
        eq(log, ['transfer', 'iterator', 'next', 'next', 'value'], 'order');
        // A TypeError from the transfer list comes before any DataCloneError.
        is(thrown(() => structuredClone(() => {}, { transfer: [1] })).startsWith('TypeError'), true, 'TypeError first');
        "#,
    );
}

/// Getters run mid-clone may resize, transfer or detach buffers that are
/// cloned later (or were cloned already): every case is a clean result or a
/// DataCloneError, never a read outside a buffer.
#[test]
fn getters_that_resize_or_transfer_buffers_mid_clone() {
    check(
        r#"
        // Detached by a getter before its view is reached.
        const ab = new ArrayBuffer(16);
        const u8 = new Uint8Array(ab);
        dataCloneError(() => structuredClone({ get a() { ab.transfer(); return 1; }, u8 }), 'detached view');
        const ab2 = new ArrayBuffer(16);
        dataCloneError(() => structuredClone({ get a() { ab2.transfer(); return 1; }, ab2 }), 'detached buffer');
        // Shrunk by a getter: a fixed view goes out of bounds; a tracking one shrinks.
        const rab = new ArrayBuffer(16, { maxByteLength: 32 });
        const fixed = new Uint8Array(rab, 4, 8);
        dataCloneError(() => structuredClone({ get a() { rab.resize(6); return 1; }, fixed }), 'shrunk fixed view');
        rab.resize(16);
        new Uint8Array(rab).fill(7);
        const tracking = new Uint8Array(rab, 4);
        const c = structuredClone({ get a() { rab.resize(6); return 1; }, tracking });
        eq(Array.from(c.tracking), [7, 7], 'shrunk tracking view');
        // The buffer cloned first, then shrunk before a view on it: the view
        // does not fit the clone of the buffer.
        const rab2 = new ArrayBuffer(16, { maxByteLength: 32 });
        const late = new Uint8Array(rab2, 8);
        const r = thrown(() => structuredClone({ rab2, get a() { rab2.resize(4); return 1; }, late }));
        is(r.startsWith('DataCloneError') || r.startsWith('RangeError'), true, `late view: ${r}`);
        // A transferred buffer detached by a getter mid-walk.
        const t = new ArrayBuffer(8);
        const tv = new Uint8Array(t);
        dataCloneError(() => structuredClone({ tv, get a() { t.transfer(); return 1; } }, { transfer: [t] }), 'transferred, then detached');
        // Grown mid-clone: the view's clone reads the bytes it has then.
        const g = new ArrayBuffer(2, { maxByteLength: 64 });
        const gv = new Uint8Array(g);
        const gc = structuredClone({ get a() { g.resize(40); new Uint8Array(g).fill(3); return 1; }, gv });
        is(gc.gv.length, 40, 'grown tracking view');
        is(gc.gv.every((b) => b === 3), true, 'grown contents');
        "#,
    );
}
