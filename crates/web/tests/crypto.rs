//! `crypto`: getRandomValues() and randomUUID().

mod common;

const PRELUDE: &str = r#"
// "Name code" of what f throws, or "no throw".
function thrown(f) {
  try { f(); } catch (e) { return e instanceof DOMException ? `${e.name} ${e.code}` : e.name; }
  return 'no throw';
}
"#;

/// Runs `body` after the shared asserts and this file's prelude.
fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn get_random_values_fills_integer_arrays_in_place() {
    check(
        r#"
        for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
                         Int32Array, Uint32Array, BigInt64Array, BigUint64Array]) {
          const a = new T(64 / T.BYTES_PER_ELEMENT);
          const r = crypto.getRandomValues(a);
          is(r, a, `${T.name}: returns the same array`);
          const bytes = new Uint8Array(a.buffer);
          is(bytes.some((b) => b !== 0), true, `${T.name}: filled`);
        }
        is(crypto.getRandomValues(new Uint8Array(0)).length, 0, 'empty');
        is(crypto.getRandomValues(new Uint8Array(65536)).length, 65536, 'exactly the quota');
        class Bytes extends Uint8Array {}
        is(crypto.getRandomValues(new Bytes(4)).constructor, Bytes, 'subclass');
        "#,
    );
}

#[test]
fn get_random_values_fills_only_the_view() {
    check(
        r#"
        const buf = new ArrayBuffer(48);
        const view = new Uint32Array(buf, 16, 4);
        crypto.getRandomValues(view);
        const bytes = new Uint8Array(buf);
        is(bytes.subarray(0, 16).every((b) => b === 0), true, 'before untouched');
        is(bytes.subarray(32).every((b) => b === 0), true, 'after untouched');
        is(bytes.subarray(16, 32).some((b) => b !== 0), true, 'view filled');
        // Values differ between calls.
        const a = crypto.getRandomValues(new Uint8Array(32)).join();
        const b = crypto.getRandomValues(new Uint8Array(32)).join();
        is(a !== b, true, 'fresh bytes');
        "#,
    );
}

#[test]
fn get_random_values_rejects_what_it_cannot_fill() {
    check(
        r#"
        is(thrown(() => crypto.getRandomValues(new Float32Array(4))), 'TypeMismatchError 17', 'Float32Array');
        is(thrown(() => crypto.getRandomValues(new Float64Array(4))), 'TypeMismatchError 17', 'Float64Array');
        if (typeof Float16Array === 'function') {
          is(thrown(() => crypto.getRandomValues(new Float16Array(4))), 'TypeMismatchError 17', 'Float16Array');
        }
        is(thrown(() => crypto.getRandomValues(new DataView(new ArrayBuffer(4)))), 'TypeMismatchError 17', 'DataView');
        is(thrown(() => crypto.getRandomValues(new Float64Array(65536))), 'TypeMismatchError 17', 'type before quota');
        is(thrown(() => crypto.getRandomValues(new Uint8Array(65537))), 'QuotaExceededError 22', 'over the quota');
        is(thrown(() => crypto.getRandomValues(new Uint32Array(16385))), 'QuotaExceededError 22', 'quota in bytes');
        is(thrown(() => crypto.getRandomValues([1, 2])), 'TypeError', 'array');
        is(thrown(() => crypto.getRandomValues(new ArrayBuffer(4))), 'TypeError', 'ArrayBuffer');
        is(thrown(() => crypto.getRandomValues()), 'TypeError', 'no argument');
        const rab = new ArrayBuffer(4, { maxByteLength: 8 });
        is(thrown(() => crypto.getRandomValues(new Uint8Array(rab))), 'TypeError', 'resizable buffer');
        if (typeof SharedArrayBuffer === 'function') {
          is(thrown(() => crypto.getRandomValues(new Uint8Array(new SharedArrayBuffer(4)))), 'TypeError', 'shared buffer');
        }
        const detached = new Uint8Array(8);
        detached.buffer.transfer();
        is(crypto.getRandomValues(detached).length, 0, 'detached: nothing to fill');
        "#,
    );
}

#[test]
fn random_uuid_is_a_version_4_uuid() {
    check(
        r#"
        const seen = new Set();
        for (let i = 0; i < 1000; i++) {
          const u = crypto.randomUUID();
          if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u)) {
            throw new Error(`bad uuid ${u}`);
          }
          seen.add(u);
        }
        is(seen.size, 1000, 'unique');
        "#,
    );
}

#[test]
fn crypto_interface_is_not_constructible_and_brand_checks() {
    check(
        r#"
        is(thrown(() => new Crypto()), 'TypeError', 'new Crypto');
        is(Object.getPrototypeOf(crypto), Crypto.prototype, 'prototype');
        is(Object.prototype.toString.call(crypto), '[object Crypto]', 'class string');
        is(thrown(() => Crypto.prototype.getRandomValues.call({}, new Uint8Array(1))), 'TypeError', 'getRandomValues brand check');
        is(thrown(() => Crypto.prototype.randomUUID.call({})), 'TypeError', 'randomUUID brand check');
        is(Crypto.prototype.getRandomValues.length, 1, 'getRandomValues.length');
        is(Crypto.prototype.randomUUID.length, 0, 'randomUUID.length');
        is(Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID').enumerable, true, 'enumerable');
        is(crypto.subtle instanceof SubtleCrypto, true, 'crypto.subtle');
        const { getRandomValues } = crypto;
        is(thrown(() => getRandomValues(new Uint8Array(1))), 'TypeError', 'detached method');
        "#,
    );
}

/// Views whose buffer was resized, transferred or shadowed: nothing is written
/// outside the bytes the view has, and the buffer checks use the real buffer.
#[test]
fn get_random_values_on_resized_transferred_and_disguised_views() {
    check(
        r#"
        const rab = new ArrayBuffer(64, { maxByteLength: 128 });
        const tracking = new Uint8Array(rab);
        const fixed = new Uint8Array(rab, 0, 8);
        rab.resize(4);
        is(thrown(() => crypto.getRandomValues(tracking)), 'TypeError', 'shrunk tracking view');
        is(thrown(() => crypto.getRandomValues(fixed)), 'TypeError', 'out-of-bounds fixed view');
        // A resizable buffer behind an own `buffer` getter or a subclass.
        const disguised = new Uint8Array(new ArrayBuffer(8, { maxByteLength: 16 }));
        Object.defineProperty(disguised, 'buffer', { get() { return new ArrayBuffer(8); } });
        is(thrown(() => crypto.getRandomValues(disguised)), 'TypeError', 'own buffer getter');
        class Sub extends Uint8Array { get buffer() { return new ArrayBuffer(8); } }
        is(thrown(() => crypto.getRandomValues(new Sub(new ArrayBuffer(8, { maxByteLength: 16 })))), 'TypeError', 'subclass');
        // Quota and length come from the view itself, not its `byteLength` property.
        const big = new Uint8Array(65537);
        Object.defineProperty(big, 'byteLength', { value: 1 });
        is(thrown(() => crypto.getRandomValues(big)), 'QuotaExceededError 22', 'own byteLength');
        // transfer() and transferToFixedLength(): the old view is detached.
        const t = new ArrayBuffer(16, { maxByteLength: 32 });
        const old = new Uint8Array(t);
        const moved = t.transferToFixedLength();
        is(thrown(() => crypto.getRandomValues(old)), 'TypeError', 'view of a transferred resizable buffer');
        const f = new ArrayBuffer(16);
        const fv = new Uint8Array(f, 4);
        f.transfer(64);
        is(crypto.getRandomValues(fv).length, 0, 'view of a transferred buffer');
        const fresh = new Uint8Array(moved, 8);
        crypto.getRandomValues(fresh);
        is(new Uint8Array(moved, 0, 8).every((b) => b === 0), true, 'bytes before the view untouched');
        let gsab;
        try { gsab = new SharedArrayBuffer(4, { maxByteLength: 8 }); } catch {}
        if (gsab !== undefined) {
          is(thrown(() => crypto.getRandomValues(new Uint8Array(gsab))), 'TypeError', 'growable shared buffer');
        }
        "#,
    );
}
