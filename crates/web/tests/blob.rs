//! Blob and File (W3C File API).

mod common;

/// Helpers for snippets, beside `common::ASSERTS`.
const PRELUDE: &str = r#"
// "Name" of what f throws, or "no throw".
function thrown(f) {
  try { f(); } catch (e) { return e.name; }
  return 'no throw';
}
const bytesOf = async (blob) => Array.from(await blob.bytes());
"#;

/// Runs `body` after the shared asserts and this file's prelude.
fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn interface_shape() {
    check(
        r#"
        is(typeof Blob, 'function', 'Blob');
        is(Blob.length, 0, 'Blob.length');
        is(File.length, 2, 'File.length');
        is(Object.getPrototypeOf(File), Blob, 'File extends Blob');
        is(Object.getPrototypeOf(File.prototype), Blob.prototype, 'File.prototype');
        is(Object.prototype.toString.call(new Blob()), '[object Blob]', 'Blob tag');
        is(Object.prototype.toString.call(new File([], 'a')), '[object File]', 'File tag');
        eq(Object.keys(Blob.prototype), ['size', 'type', 'slice', 'stream', 'text', 'arrayBuffer', 'bytes'], 'Blob members');
        eq(Object.keys(File.prototype), ['name', 'lastModified', 'webkitRelativePath'], 'File members');
        for (const key of ['size', 'type']) {
          const d = Object.getOwnPropertyDescriptor(Blob.prototype, key);
          is(typeof d.get, 'function', `${key} getter`);
          is(d.set, undefined, `${key} setter`);
          is(d.enumerable && d.configurable, true, `${key} flags`);
        }
        const b = new Blob(['x']);
        eq(Object.keys(b), [], 'no own properties');
        is(thrown(() => Blob()), 'TypeError', 'call without new');
        is(thrown(() => File([], 'a')), 'TypeError', 'File without new');
        is(thrown(() => new File()), 'TypeError', 'File without arguments');
        is(thrown(() => new File([])), 'TypeError', 'File without name');
        "#,
    );
}

#[test]
fn brand_checks() {
    check(
        r#"
        const fake = Object.create(Blob.prototype);
        is(thrown(() => fake.size), 'TypeError', 'size');
        is(thrown(() => fake.type), 'TypeError', 'type');
        is(thrown(() => fake.slice()), 'TypeError', 'slice');
        is(thrown(() => Object.create(File.prototype).name), 'TypeError', 'name');
        is(thrown(() => File.prototype.lastModified), 'TypeError', 'lastModified');
        is(thrown(() => Object.getOwnPropertyDescriptor(File.prototype, 'name').get.call(new Blob())),
           'TypeError', 'name on a Blob');
        // Promise-returning operations reject instead of throwing.
        for (const m of ['text', 'arrayBuffer', 'bytes']) {
          const p = Blob.prototype[m].call({});
          is(p instanceof Promise, true, `${m} returns a promise`);
          let err;
          await p.catch((e) => { err = e; });
          is(err instanceof TypeError, true, `${m} rejects`);
        }
        // Subclasses are Blobs.
        class MyBlob extends Blob {}
        const mine = new MyBlob(['ab']);
        is(mine.size, 2, 'subclass size');
        is(await mine.slice(1).text(), 'b', 'subclass slice');
        is(mine.slice() instanceof MyBlob, false, 'slice is a plain Blob');
        "#,
    );
}

#[test]
fn part_types() {
    check(
        r#"
        is(new Blob().size, 0, 'no parts');
        is(new Blob(undefined).size, 0, 'undefined parts');
        is(await new Blob(['a', 'bc']).text(), 'abc', 'strings');
        const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
        eq(await bytesOf(new Blob([buf])), [1, 2, 3, 4, 5, 6, 7, 8], 'ArrayBuffer');
        eq(await bytesOf(new Blob([new Uint8Array(buf, 2, 3)])), [3, 4, 5], 'Uint8Array offset/length');
        eq(await bytesOf(new Blob([new Uint16Array(buf, 2, 1)])), [3, 4], 'Uint16Array');
        eq(await bytesOf(new Blob([new DataView(buf, 5)])), [6, 7, 8], 'DataView');
        eq(await bytesOf(new Blob([new Float64Array(1)])), [0, 0, 0, 0, 0, 0, 0, 0], 'Float64Array');
        eq(await bytesOf(new Blob([new BigUint64Array([0x0102n])])), [2, 1, 0, 0, 0, 0, 0, 0], 'BigUint64Array');
        const inner = new Blob(['xy']);
        is(await new Blob([inner, '-', inner]).text(), 'xy-xy', 'Blob parts');
        is(await new Blob([new File(['f'], 'n')]).text(), 'f', 'File part');
        is(await new Blob([1, null, undefined, true, {}, [1, 2]]).text(),
           '1nullundefinedtrue[object Object]1,2', 'ToString of other values');
        is(await new Blob([{ toString() { return 'custom'; } }]).text(), 'custom', 'toString');
        // Lone surrogates become U+FFFD, even when adjacent parts would pair.
        eq(await bytesOf(new Blob(['\uD800'])), [0xef, 0xbf, 0xbd], 'lone surrogate');
        eq(await bytesOf(new Blob(['\uD83D', '\uDE00'])), [0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd],
           'surrogate halves in separate parts');
        eq(await bytesOf(new Blob(['\uD83D\uDE00'])), [0xf0, 0x9f, 0x98, 0x80], 'pair');
        is(await new Blob(['héllo ☃ 😀']).text(), 'héllo ☃ 😀', 'non-ASCII');
        is(new Blob(['héllo']).size, 6, 'size in UTF-8 bytes');
        // Detached buffers are empty.
        const ab = new ArrayBuffer(4);
        const view = new Uint8Array(ab);
        const dv = new DataView(ab);
        ab.transfer();
        is(new Blob([ab, view, dv]).size, 0, 'detached');
        is(thrown(() => new Blob([new SharedArrayBuffer(1)])), 'TypeError', 'SharedArrayBuffer');
        "#,
    );
}

#[test]
fn parts_are_copied_at_construction() {
    check(
        r#"
        const u8 = new Uint8Array([1, 2, 3]);
        const blob = new Blob([u8, u8.buffer]);
        u8[0] = 9;
        eq(await bytesOf(blob), [1, 2, 3, 1, 2, 3], 'copied');
        // Reads hand out fresh copies.
        const a = await blob.bytes();
        a[1] = 42;
        eq(await bytesOf(blob), [1, 2, 3, 1, 2, 3], 'bytes() is a copy');
        const ab = await blob.arrayBuffer();
        new Uint8Array(ab)[0] = 7;
        eq(await bytesOf(blob), [1, 2, 3, 1, 2, 3], 'arrayBuffer() is a copy');
        const big = new Uint8Array(200000).fill(5);
        const b2 = new Blob(['a', big, 'b', new Blob(['c'])]);
        big[0] = 0;
        const out = await b2.bytes();
        is(out.length, 200003, 'big size');
        is(out[1], 5, 'big copied');
        is(String.fromCharCode(out[0], out[200001], out[200002]), 'abc', 'big ends');
        "#,
    );
}

#[test]
fn sequence_conversion() {
    check(
        r#"
        for (const bad of [null, true, 0, 1.5, 'str', Symbol(), new Date(), /x/, {}, { 0: 'a', length: 1 }]) {
          is(thrown(() => new Blob(bad)), 'TypeError', `parts ${String(bad)}`);
        }
        is(thrown(() => new File('abc', 'n')), 'TypeError', 'File bits string');
        is(await new Blob(new String('xyz')).text(), 'xyz', 'String object is iterable');
        is(await new Blob(new Uint8Array([1, 2])).text(), '12', 'typed array as a sequence');
        is(await new Blob(new Set(['a', 'b'])).text(), 'ab', 'Set');
        is(await new Blob((function* () { yield 'g'; yield new Uint8Array([0x65]); })()).text(), 'ge', 'generator');
        const custom = { [Symbol.iterator]() { let i = 0; return { next: () => [{ value: 'ab' }, { value: 'c' }, { done: true }][i++] }; } };
        is(await new Blob(custom).text(), 'abc', 'custom iterator');
        // Each element is converted as it is read; the options come after.
        const log = [];
        const parts = { *[Symbol.iterator]() {
          log.push('0'); yield { toString() { log.push('0 toString'); return 'a'; } };
          log.push('1'); yield 'b';
        } };
        new Blob(parts, { get endings() { log.push('endings'); }, get type() { log.push('type'); } });
        eq(log, ['0', '0 toString', '1', 'endings', 'type'], 'order');
        const flog = [];
        new File([], { toString() { flog.push('name'); return 'n'; } },
          { get lastModified() { flog.push('lastModified'); }, get type() { flog.push('type'); },
            get endings() { flog.push('endings'); } });
        eq(flog, ['name', 'endings', 'type', 'lastModified'], 'File order');
        const err = new Error('boom');
        let caught;
        try { new Blob([{ toString() { throw err; } }], { get type() { throw new Error('type read'); } }); } catch (e) { caught = e; }
        is(caught, err, 'exceptions propagate, left to right');
        "#,
    );
}

#[test]
fn options_dictionary() {
    check(
        r#"
        for (const opts of [undefined, null, {}, /re/, function () {}, [1]]) {
          is(new Blob(['a'], opts).type, '', `options ${String(opts)}`);
        }
        for (const bad of [1, 'abc', true, 1n]) {
          is(thrown(() => new Blob([], bad)), 'TypeError', `options ${String(bad)}`);
          is(thrown(() => new File([], 'n', bad)), 'TypeError', `File options ${String(bad)}`);
        }
        "#,
    );
}

#[test]
fn type_normalization() {
    check(
        r#"
        const cases = [
          ['', ''], ['a', 'a'], ['TEXT/HTML', 'text/html'],
          ['text/plain;charset=UTF-8', 'text/plain;charset=utf-8'], [' image/gif ', ' image/gif '],
          ['\u00E5', ''], ['\uD801\uDC7E', ''], ['\timage/gif', ''], ['image/gif;\u007f', ''],
          ['\u0130mage/gif', ''], ['image/gif\u0000', ''], ['nonparsable', 'nonparsable'],
        ];
        for (const [input, want] of cases) {
          is(new Blob([], { type: input }).type, want, `type ${show(input)}`);
          is(new File([], 'n', { type: input }).type, want, `File type ${show(input)}`);
          is(new Blob(['x']).slice(0, 1, input).type, want, `slice type ${show(input)}`);
        }
        is(new Blob([], { type: { toString: () => 'A/B' } }).type, 'a/b', 'ToString');
        is(new Blob([], { type: null }).type, 'null', 'null type');
        "#,
    );
}

#[test]
fn endings() {
    check(
        r#"
        const input = '\na\r\nb\n\rc\r\r\nd\r';
        is(await new Blob([input]).text(), input, 'default is transparent');
        is(await new Blob([input], { endings: 'transparent' }).text(), input, 'transparent');
        is(await new Blob([input], { endings: 'native' }).text(), '\na\nb\n\nc\n\nd\n', 'native');
        is(await new File([input], 'n', { endings: 'native' }).text(), '\na\nb\n\nc\n\nd\n', 'File native');
        // Each string part converts on its own: a CR LF split across parts is two line breaks.
        is(await new Blob(['a\r', '\nb'], { endings: 'native' }).text(), 'a\n\nb', 'split CR LF');
        // Binary parts are untouched.
        eq(await bytesOf(new Blob([new Uint8Array([13, 10, 13])], { endings: 'native' })), [13, 10, 13], 'bytes');
        eq(await bytesOf(new Blob([new Blob(['\r\n'])], { endings: 'native' })), [13, 10], 'blob parts');
        for (const bad of [null, '', 'invalid', 'NATIVE', 'Transparent', 0, {}]) {
          is(thrown(() => new Blob([], { endings: bad })), 'TypeError', `endings ${show(bad)}`);
        }
        is(new Blob([], { endings: undefined }).size, 0, 'undefined endings');
        "#,
    );
}

#[test]
fn slice_semantics() {
    check(
        r#"
        const b = new Blob(['PASS', 'STRING'], { type: 'text/plain' });
        const cases = [
          [[], 'PASSSTRING'], [[-6], 'STRING'], [[-12], 'PASSSTRING'], [[4], 'STRING'], [[12], ''],
          [[0, -6], 'PASS'], [[0, -12], ''], [[0, 4], 'PASS'], [[0, 12], 'PASSSTRING'], [[7, 4], ''],
          [[2, 6], 'SSST'], [[-3, -1], 'IN'], [[undefined, 3], 'PAS'], [[1, undefined], 'ASSSTRING'],
          [[NaN, NaN], ''], [[NaN], 'PASSSTRING'], [[1.5, 3.5], 'SS'], [[2.5, 4.5], 'SS'],
          [[-Infinity, Infinity], 'PASSSTRING'], [['2', '4'], 'SS'], [[null, 2], 'PA'],
        ];
        for (const [args, want] of cases) {
          const s = b.slice(...args);
          is(s instanceof Blob, true, `slice(${args}) is a Blob`);
          is(s.size, want.length, `slice(${args}).size`);
          is(await s.text(), want, `slice(${args})`);
          is(s.type, '', `slice(${args}).type`);
        }
        is(b.slice(0, 1, 'A/B').type, 'a/b', 'content type');
        is(b.slice(0, 1, null).type, 'null', 'null content type');
        is(b.slice(0, 1, undefined).type, '', 'undefined content type');
        // Nested slices, across part boundaries.
        const parts = new Blob(['abc', new Uint8Array([100, 101, 102]), new Blob(['ghi']), 'jkl']);
        const s1 = parts.slice(2, 10);
        is(await s1.text(), 'cdefghij', 'outer slice');
        const s2 = s1.slice(1, -1);
        is(await s2.text(), 'defghi', 'nested slice');
        const s3 = s2.slice(-4).slice(1, 2);
        is(await s3.text(), 'g', 'deeply nested');
        is(await new Blob([s2, s3, parts.slice(-1)]).text(), 'defghigl', 'slices as parts');
        // A File's slice is a Blob.
        const f = new File(['hello'], 'h.txt', { type: 'text/plain' });
        const fs = f.slice(1, 3);
        is(fs instanceof File, false, 'File slice is not a File');
        is(await fs.text(), 'el', 'File slice');
        // Big blob: slices of slices share the bytes.
        const big = new Blob([new Uint8Array(1 << 20).fill(7), 'end']);
        const tail = big.slice(-10).slice(7);
        is(await tail.text(), 'end', 'big tail');
        is(big.slice(1).slice(1).size, (1 << 20) + 1, 'big nested size');
        is(thrown(() => b.slice(1n)), 'TypeError', 'BigInt start');
        "#,
    );
}

#[test]
fn read_methods() {
    check(
        r#"
        const b = new Blob(['\uFEFFhi', new Uint8Array([0xff, 0xe2, 0x98]), 'x']);
        const t = b.text();
        is(t instanceof Promise, true, 'text() returns a promise');
        is(await t, 'hi\uFFFD\uFFFDx', 'BOM stripped, replacement chars');
        is(await new Blob(['\uFEFF\uFEFFa']).text(), '\uFEFFa', 'only one BOM stripped');
        is(await new Blob([new Uint8Array([0xe2]), new Uint8Array([0x98, 0x83])]).text(), '☃',
           'sequence split across chunks');
        const ab = await b.arrayBuffer();
        is(ab instanceof ArrayBuffer, true, 'arrayBuffer()');
        is(ab.byteLength, b.size, 'arrayBuffer length');
        const u8 = await b.bytes();
        is(u8 instanceof Uint8Array, true, 'bytes()');
        is(u8.byteOffset, 0, 'bytes offset');
        is(u8.buffer.byteLength, b.size, 'bytes buffer length');
        eq(Array.from(u8.slice(5, 8)), [0xff, 0xe2, 0x98], 'bytes content');
        is((await new Blob().arrayBuffer()).byteLength, 0, 'empty arrayBuffer');
        is((await new Blob().bytes()).length, 0, 'empty bytes');
        is(await new Blob().text(), '', 'empty text');
        const all = await Promise.all([b.text(), b.text(), b.bytes()]);
        is(all[0], all[1], 'concurrent reads');
        "#,
    );
}

#[test]
fn file_properties() {
    check(
        r#"
        const f = new File(['bits', new Blob(['!'])], 'a/b.txt', { type: 'Text/Plain', lastModified: 42 });
        is(f instanceof File && f instanceof Blob, true, 'instanceof');
        is(f.name, 'a/b.txt', 'name');
        is(f.lastModified, 42, 'lastModified');
        is(f.type, 'text/plain', 'type');
        is(f.size, 5, 'size');
        is(f.webkitRelativePath, '', 'webkitRelativePath');
        is(await f.text(), 'bits!', 'text');
        is(new File([], null).name, 'null', 'ToString name');
        is(new File([], 'a\uD800').name, 'a\uFFFD', 'USVString name');
        is(new File([], 'n', { name: 'other' }).name, 'n', 'name option ignored');
        const before = Date.now();
        const lm = new File([], 'n').lastModified;
        is(lm >= before && lm <= Date.now(), true, 'lastModified defaults to now');
        const cases = [
          [1.9, 1], [-1.9, -1], [NaN, 0], [Infinity, 0], [-0, 0], ['17', 17], [null, 0], [true, 1],
          [2 ** 64 + 2 ** 12, 4096], [2 ** 63, -(2 ** 63)], [new Date(5), 5],
        ];
        for (const [input, want] of cases) {
          is(new File([], 'n', { lastModified: input }).lastModified, want, `lastModified ${String(input)}`);
        }
        is(thrown(() => new File([], 'n', { lastModified: 1n })), 'TypeError', 'BigInt lastModified');
        "#,
    );
}

#[test]
fn structured_clone() {
    check(
        r#"
        const b = new Blob(['foo', new Uint8Array([0, 255])], { type: 'text/x-bar' });
        const c = structuredClone(b);
        is(c !== b, true, 'new object');
        is(Object.getPrototypeOf(c), Blob.prototype, 'a Blob');
        is(c.size, 5, 'size');
        is(c.type, 'text/x-bar', 'type');
        eq(await bytesOf(c), [102, 111, 111, 0, 255], 'bytes');
        const f = new File(['bar'], 'name.txt', { type: 'a/b', lastModified: 1234 });
        const fc = structuredClone(f);
        is(Object.getPrototypeOf(fc), File.prototype, 'a File');
        is(fc.name, 'name.txt', 'name');
        is(fc.lastModified, 1234, 'lastModified');
        is(fc.type, 'a/b', 'File type');
        is(await fc.text(), 'bar', 'File bytes');
        // Subclass instances arrive as the interface itself.
        class Sub extends File {}
        is(Object.getPrototypeOf(structuredClone(new Sub([], 'x'))), File.prototype, 'subclass');
        // Inside other values, with identity preserved.
        const out = structuredClone({ list: [b, b], f });
        is(out.list[0], out.list[1], 'same blob twice');
        is(out.list[0] instanceof Blob, true, 'nested blob');
        is(out.f.name, 'name.txt', 'nested file');
        // Slices clone too.
        is(await structuredClone(b.slice(1, 3)).text(), 'oo', 'slice');
        // The clone survives the global being deleted.
        const BlobCtor = globalThis.Blob;
        delete globalThis.Blob;
        is(structuredClone(new BlobCtor(['z'])) instanceof BlobCtor, true, 'deleted global');
        "#,
    );
}

#[test]
fn immune_to_patched_builtins() {
    check(
        r#"
        const blob = new Blob(['ab']);
        const file = new File(['c'], 'n', { lastModified: 1 });
        // (The parts sequence is read with its own iterator, as WebIDL says.)
        const y = new Uint8Array([0x79]);
        const parts = { *[Symbol.iterator]() { yield blob; yield 'x'; yield y; } };
        Object.defineProperty(Object.prototype, 'type', { set() { throw new Error('setter ran'); }, configurable: true });
        Object.defineProperty(Object.prototype, 'name', { set() { throw new Error('setter ran'); }, configurable: true });
        const iter = Array.prototype[Symbol.iterator];
        Array.prototype[Symbol.iterator] = () => { throw new Error('iterator ran'); };
        Uint8Array.prototype.set = () => { throw new Error('set ran'); };
        Promise.resolve = () => { throw new Error('resolve ran'); };
        try {
          const b2 = new Blob(parts, { type: 'T' });
          const f2 = structuredClone(file);
          const s = blob.slice(1);
          const i1 = b2[Symbol.for('nodejs.util.inspect.custom')]();
          const i2 = f2[Symbol.for('nodejs.util.inspect.custom')]();
          Array.prototype[Symbol.iterator] = iter;
          is(await b2.text(), 'abxy', 'text');
          is(b2.type, 't', 'type');
          is(f2.name, 'n', 'clone name');
          eq(i1, { size: 4, type: 't' }, 'inspect Blob');
          eq(i2, { size: 1, type: '', name: 'n', lastModified: 1 }, 'inspect File');
          is(await s.text(), 'b', 'slice');
        } finally {
          Array.prototype[Symbol.iterator] = iter;
          delete Object.prototype.type;
          delete Object.prototype.name;
        }
        "#,
    );
}

#[test]
fn inspect_output() {
    let out = common::stdout(
        r#"
        console.log(new Blob(['abc']));
        console.log(new Blob([], { type: 'Text/Plain' }));
        console.log(new File(['abc'], 'a.txt', { lastModified: 123 }));
        console.log([new Blob(['x'])]);
        "#,
    );
    assert_eq!(
        out,
        "Blob { size: 3, type: '' }\n\
         Blob { size: 0, type: 'text/plain' }\n\
         File { size: 3, type: '', name: 'a.txt', lastModified: 123 }\n\
         [ Blob { size: 1, type: '' } ]\n"
    );
}

#[test]
fn internal_api_for_other_builtins() {
    check(
        r#"
        import { isBlob, blobBytes, createBlob, createFile, fileName, blobSize, blobType } from 'nanojs:blob';
        const blob = new Blob(['ab', new Uint8Array([99])], { type: 'Text/Plain' });
        const file = new File(['x'], 'f.txt');
        is(isBlob(blob) && isBlob(file), true, 'isBlob');
        is(isBlob(Object.create(Blob.prototype)) || isBlob(null) || isBlob('x'), false, 'not blobs');
        eq(Array.from(blobBytes(blob)), [97, 98, 99], 'blobBytes');
        is(blobBytes(blob) === blobBytes(blob), false, 'fresh bytes');
        // Size and type come from the internal state, whatever the getters do.
        Object.defineProperty(blob, 'size', { value: 99 });
        Object.defineProperty(blob, 'type', { value: 'x/y' });
        is(blobSize(blob), 3, 'blobSize');
        is(blobType(blob), 'text/plain', 'blobType');
        is(blobSize(blob.slice(1)), 2, 'blobSize of a slice');
        const made = createBlob(new Uint8Array([1, 2]), 'A/B');
        eq([made.size, made.type, await bytesOf(made)], [2, 'a/b', [1, 2]], 'createBlob');
        const mf = createFile(new Uint8Array([3]), 'n.bin', 'x/y', 5);
        eq([mf instanceof File, mf.name, mf.type, mf.lastModified, mf.size], [true, 'n.bin', 'x/y', 5, 1], 'createFile');
        is(fileName(file), 'f.txt', 'fileName of a File');
        is(fileName(blob), undefined, 'fileName of a Blob');
        "#,
    );
}
