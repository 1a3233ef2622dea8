//! TextEncoder / TextDecoder (WHATWG Encoding).

mod common;

/// Runs `src` as a module and returns its console output, trimmed.
fn js(src: &str) -> String {
    common::stdout(src).trim_end().to_string()
}

/// Prints the bytes of a Uint8Array expression as JSON.
const BYTES: &str = "const bytes = (u8) => JSON.stringify(Array.from(u8));\n\
                     const codes = (s) => JSON.stringify(Array.from(s, (c) => c.codePointAt(0).toString(16)));\n\
                     const throws = (f) => { try { f(); return 'no throw'; } catch (e) { return e.constructor.name; } };\n";

fn run(body: &str) -> String {
    js(&format!("{BYTES}{body}"))
}

#[test]
fn encoder_basics() {
    let out = run(r#"
        const e = new TextEncoder();
        console.log(e.encoding);
        console.log(bytes(e.encode()), bytes(e.encode(undefined)), bytes(e.encode('')));
        console.log(bytes(e.encode('abc')));
        console.log(bytes(e.encode('\xA2\u6C34\u{1D11E}')));
        console.log(bytes(e.encode(null)), bytes(e.encode(12)));
        console.log(e.encode('x') instanceof Uint8Array, e.encode('x').buffer.byteLength);
        console.log(throws(() => e.encode(Symbol())));
    "#);
    assert_eq!(
        out,
        "utf-8\n\
         [] [] []\n\
         [97,98,99]\n\
         [194,162,230,176,180,240,157,132,158]\n\
         [110,117,108,108] [49,50]\n\
         true 1\n\
         TypeError"
    );
}

#[test]
fn encoder_latin1_and_long_strings() {
    // 8-bit non-ASCII strings and long ones take different conversion paths.
    let out = run(r#"
        const e = new TextEncoder();
        console.log(bytes(e.encode('caf\xE9\xFF')));
        const long = 'a'.repeat(100000) + '\u00e9' + '\u{1F600}';
        const u = e.encode(long);
        console.log(u.length, u[99999], bytes(u.subarray(100000)));
        console.log(new TextDecoder().decode(u) === long);
    "#);
    assert_eq!(
        out,
        "[99,97,102,195,169,195,191]\n\
         100006 97 [195,169,240,159,152,128]\n\
         true"
    );
}

#[test]
fn encoder_lone_surrogates_become_replacement() {
    let out = run(r#"
        const e = new TextEncoder();
        console.log(bytes(e.encode('\ud800')));
        console.log(bytes(e.encode('\udc00')));
        console.log(bytes(e.encode('a\ud800b')));
        console.log(bytes(e.encode('\udc00\ud800')));
        console.log(bytes(e.encode('\ud834\udf06')));
        console.log(bytes(e.encode('\ud800' + 'x'.repeat(3) + '\udfff')));
    "#);
    assert_eq!(
        out,
        "[239,191,189]\n\
         [239,191,189]\n\
         [97,239,191,189,98]\n\
         [239,191,189,239,191,189]\n\
         [240,157,140,134]\n\
         [239,191,189,120,120,120,239,191,189]"
    );
}

#[test]
fn encode_into_basics_and_small_destinations() {
    let out = run(r#"
        const e = new TextEncoder();
        const show = (s, n, off = 0) => {
          const buf = new Uint8Array(n + off + 2).fill(0xAA);
          const view = new Uint8Array(buf.buffer, off, n);
          const r = e.encodeInto(s, view);
          return JSON.stringify(r) + ' ' + bytes(buf);
        };
        console.log(show('Hi', 0));
        console.log(show('A', 10));
        console.log(show('\u{1D306}', 4));
        console.log(show('\u{1D306}A', 3));
        console.log(show('\u{1D306}A', 5));
        console.log(show('\uD834A\uDF06A\xA5Hi', 10));
        console.log(show('A\uDF06', 4));
        console.log(show('\xA5\xA5', 3));
        console.log(show('\u6C34\u6C34', 5, 2));
        console.log(show('abc', 2, 1));
        console.log(Object.keys(e.encodeInto('', new Uint8Array(1))).join());
    "#);
    assert_eq!(
        out,
        "{\"read\":0,\"written\":0} [170,170]\n\
         {\"read\":1,\"written\":1} [65,170,170,170,170,170,170,170,170,170,170,170]\n\
         {\"read\":2,\"written\":4} [240,157,140,134,170,170]\n\
         {\"read\":0,\"written\":0} [170,170,170,170,170]\n\
         {\"read\":3,\"written\":5} [240,157,140,134,65,170,170]\n\
         {\"read\":5,\"written\":10} [239,191,189,65,239,191,189,65,194,165,170,170]\n\
         {\"read\":2,\"written\":4} [65,239,191,189,170,170]\n\
         {\"read\":1,\"written\":2} [194,165,170,170,170]\n\
         {\"read\":1,\"written\":3} [170,170,230,176,180,170,170,170,170]\n\
         {\"read\":2,\"written\":2} [170,97,98,170,170]\n\
         read,written"
    );
}

#[test]
fn encode_into_shared_and_detached_and_invalid_destinations() {
    let out = run(r#"
        const e = new TextEncoder();
        const sab = new Uint8Array(new SharedArrayBuffer(4));
        console.log(JSON.stringify(e.encodeInto('hey!!', sab)), bytes(sab));
        const ab = new ArrayBuffer(8);
        const view = new Uint8Array(ab);
        ab.transfer();
        console.log(JSON.stringify(e.encodeInto('test', view)));
        for (const d of [new Uint8ClampedArray(4), new Int8Array(4), new Uint16Array(4),
                         new DataView(new ArrayBuffer(4)), new ArrayBuffer(4), [0, 0], null]) {
          console.log(throws(() => e.encodeInto('a', d)));
        }
        console.log(throws(() => e.encodeInto('a')));
    "#);
    assert_eq!(
        out,
        "{\"read\":4,\"written\":4} [104,101,121,33]\n\
         {\"read\":0,\"written\":0}\n\
         TypeError\nTypeError\nTypeError\nTypeError\nTypeError\nTypeError\nTypeError\n\
         TypeError"
    );
}

#[test]
fn encode_into_large_destination() {
    // Results of 2^26 and more take the path that builds the object natively.
    let out = run(r#"
        const s = 'a'.repeat(2 ** 26) + '\xE9\ud800';
        const u = new Uint8Array(2 ** 26 + 8);
        const r = new TextEncoder().encodeInto(s, u);
        console.log(JSON.stringify(r), Object.keys(r).join(), bytes(u.subarray(2 ** 26 - 1)));
        console.log(JSON.stringify(new TextEncoder().encodeInto('ab', new Uint8Array(8))));
    "#);
    assert_eq!(
        out,
        "{\"read\":67108866,\"written\":67108869} read,written [97,195,169,239,191,189,0,0,0]\n\
         {\"read\":2,\"written\":2}"
    );
}

#[test]
fn decoder_defaults_and_attributes() {
    let out = run(r#"
        const d = new TextDecoder();
        console.log(d.encoding, d.fatal, d.ignoreBOM);
        const f = new TextDecoder('UTF8', { fatal: 1, ignoreBOM: 'yes' });
        console.log(f.encoding, f.fatal, f.ignoreBOM);
        console.log(new TextDecoder(undefined).encoding, new TextDecoder('utf-8', null).fatal);
        console.log(new TextDecoder(' \t\nlatin1\f\r').encoding);
        console.log(new TextDecoder('ascii').encoding, new TextDecoder('sjis').encoding);
        console.log(new TextDecoder('utf-16').encoding, new TextDecoder('x-user-defined').encoding);
        console.log(new TextDecoder('GBK').encoding, new TextDecoder('iso-2022-jp').encoding);
        for (const l of ['replacement', 'iso-2022-kr', 'hz-gb-2312', 'utf-7', 'utf-32', '', 'utf-8\0', '\u00a0utf-8', null]) {
          console.log(l, throws(() => new TextDecoder(l)));
        }
        console.log(throws(() => new TextDecoder('utf-8', 1)), throws(() => TextDecoder()));
        console.log(throws(() => new TextDecoder(Symbol())));
    "#);
    assert_eq!(
        out,
        "utf-8 false false\n\
         utf-8 true true\n\
         utf-8 false\n\
         windows-1252\n\
         windows-1252 shift_jis\n\
         utf-16le x-user-defined\n\
         gbk iso-2022-jp\n\
         replacement RangeError\n\
         iso-2022-kr RangeError\n\
         hz-gb-2312 RangeError\n\
         utf-7 RangeError\n\
         utf-32 RangeError\n \
         RangeError\n\
         utf-8\0 RangeError\n\
         \u{a0}utf-8 RangeError\n\
         null RangeError\n\
         TypeError TypeError\n\
         TypeError"
    );
}

#[test]
fn decode_inputs_of_every_kind() {
    let out = run(r#"
        const d = new TextDecoder();
        const data = new Uint8Array([0x78, 0x41, 0xC3, 0xA9, 0x42, 0x79]);
        console.log(d.decode(data), d.decode(data.buffer), d.decode(data.subarray(1, 5)));
        console.log(d.decode(new DataView(data.buffer, 1, 4)));
        console.log(d.decode(new Uint16Array(data.buffer, 2, 1)));
        const sab = new SharedArrayBuffer(3);
        new Uint8Array(sab).set([0x61, 0x62, 0x63]);
        console.log(d.decode(sab), d.decode(new Uint8Array(sab, 1)), d.decode(new DataView(sab, 2)));
        console.log(JSON.stringify(d.decode()), JSON.stringify(d.decode(undefined)), JSON.stringify(d.decode(new Uint8Array(0))));
        const detached = new ArrayBuffer(4); const dv = new DataView(detached); const u8 = new Uint8Array(detached);
        detached.transfer();
        console.log(JSON.stringify([d.decode(detached), d.decode(dv), d.decode(u8)]));
        for (const bad of [null, 0, 'abc', {}, [0x41], { buffer: data.buffer }]) console.log(throws(() => d.decode(bad)));
        console.log(throws(() => d.decode(data, 1)), d.decode(data, null), d.decode(data, {}));
    "#);
    assert_eq!(
        out,
        "xAéBy xAéBy AéB\n\
         AéB\n\
         é\n\
         abc bc c\n\
         \"\" \"\" \"\"\n\
         [\"\",\"\",\"\"]\n\
         TypeError\nTypeError\nTypeError\nTypeError\nTypeError\nTypeError\n\
         TypeError xAéBy xAéBy"
    );
}

#[test]
fn decode_replaces_malformed_utf8() {
    let out = run(r#"
        const d = new TextDecoder();
        const dec = (a) => codes(d.decode(new Uint8Array(a)));
        console.log(dec([0xC0, 0x80]));
        console.log(dec([0xE0, 0x80, 0x41]));
        console.log(dec([0xED, 0xA0, 0x80]));
        console.log(dec([0xF4, 0x90, 0x80, 0x80]));
        console.log(dec([0x41, 0xE2, 0x82]));
        console.log(dec([0xFF, 0xFE, 0x41]));
    "#);
    assert_eq!(
        out,
        "[\"fffd\",\"fffd\"]\n\
         [\"fffd\",\"fffd\",\"41\"]\n\
         [\"fffd\",\"fffd\",\"fffd\"]\n\
         [\"fffd\",\"fffd\",\"fffd\",\"fffd\"]\n\
         [\"41\",\"fffd\"]\n\
         [\"fffd\",\"fffd\",\"41\"]"
    );
}

#[test]
fn decode_legacy_and_utf16_encodings() {
    let out = run(r#"
        const dec = (label, a) => codes(new TextDecoder(label).decode(new Uint8Array(a)));
        console.log(dec('windows-1252', [0x80, 0x41, 0xFF]));
        console.log(dec('iso-8859-2', [0xA1]));
        console.log(dec('shift_jis', [0x82, 0xA0]));
        console.log(dec('euc-kr', [0xB0, 0xA1]));
        console.log(dec('gb18030', [0x81, 0x30, 0x81, 0x30]));
        console.log(dec('big5', [0xA4, 0x40]));
        console.log(dec('x-user-defined', [0x41, 0x80, 0xFF]));
        console.log(dec('utf-16le', [0x41, 0x00, 0x3D, 0xD8, 0x00, 0xDE]));
        console.log(dec('utf-16be', [0x00, 0x41, 0xD8, 0x3D, 0xDE, 0x00]));
        console.log(dec('utf-16le', [0x00, 0xD8, 0x41, 0x00]));
        console.log(dec('utf-16le', [0x41, 0x00, 0x42]));
    "#);
    assert_eq!(
        out,
        "[\"20ac\",\"41\",\"ff\"]\n\
         [\"104\"]\n\
         [\"3042\"]\n\
         [\"ac00\"]\n\
         [\"80\"]\n\
         [\"4e00\"]\n\
         [\"41\",\"f780\",\"f7ff\"]\n\
         [\"41\",\"1f600\"]\n\
         [\"41\",\"1f600\"]\n\
         [\"fffd\",\"41\"]\n\
         [\"41\",\"fffd\"]"
    );
}

#[test]
fn bom_handling() {
    let out = run(r#"
        const dec = (label, opts, a) => codes(new TextDecoder(label, opts).decode(new Uint8Array(a)));
        // The BOM of the decoder's own encoding is removed unless ignoreBOM.
        console.log(dec('utf-8', {}, [0xEF, 0xBB, 0xBF, 0x41]));
        console.log(dec('utf-8', { ignoreBOM: true }, [0xEF, 0xBB, 0xBF, 0x41]));
        console.log(dec('utf-16le', {}, [0xFF, 0xFE, 0x41, 0x00]));
        console.log(dec('utf-16le', { ignoreBOM: true }, [0xFF, 0xFE, 0x41, 0x00]));
        console.log(dec('utf-16be', {}, [0xFE, 0xFF, 0x00, 0x41]));
        // Only one BOM is removed.
        console.log(dec('utf-8', {}, [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]));
        // Another encoding's BOM is never sniffed.
        console.log(dec('utf-8', {}, [0xFF, 0xFE, 0x41, 0x00]));
        console.log(dec('utf-16le', {}, [0xFE, 0xFF, 0x00, 0x41]));
        console.log(dec('windows-1252', {}, [0xEF, 0xBB, 0xBF]));
        // A BOM split across streaming calls is still removed; a BOM later
        // in the stream is kept.
        const d = new TextDecoder();
        let s = d.decode(new Uint8Array([0xEF]), { stream: true });
        s += d.decode(new Uint8Array([0xBB]), { stream: true });
        s += d.decode(new Uint8Array([0xBF, 0x41]), { stream: true });
        s += d.decode(new Uint8Array([0xEF, 0xBB, 0xBF]));
        console.log(codes(s));
        // Each non-streaming decode() starts a new stream, so each strips a BOM.
        const bom = new Uint8Array([0xEF, 0xBB, 0xBF, 0x42]);
        console.log(codes(d.decode(bom) + d.decode(bom)));
    "#);
    assert_eq!(
        out,
        "[\"41\"]\n\
         [\"feff\",\"41\"]\n\
         [\"41\"]\n\
         [\"feff\",\"41\"]\n\
         [\"41\"]\n\
         [\"feff\"]\n\
         [\"fffd\",\"fffd\",\"41\",\"0\"]\n\
         [\"fffe\",\"4100\"]\n\
         [\"ef\",\"bb\",\"bf\"]\n\
         [\"41\",\"feff\"]\n\
         [\"42\",\"42\"]"
    );
}

#[test]
fn streaming_splits_multibyte_sequences() {
    let out = run(r#"
        const text = 'a\xE9\u6C34\u{1F4A9}z';
        const u8 = new TextEncoder().encode(text);
        const results = [];
        for (let size = 1; size <= u8.length; size++) {
          const d = new TextDecoder();
          let s = '';
          for (let i = 0; i < u8.length; i += size) s += d.decode(u8.subarray(i, i + size), { stream: true });
          s += d.decode();
          results.push(s === text);
        }
        console.log(results.every(Boolean));
        // UTF-16 code units split between calls.
        const le = new Uint8Array([0x3D, 0xD8, 0xA9, 0xDC, 0x41, 0x00]);
        const d16 = new TextDecoder('utf-16le');
        let s16 = '';
        for (const b of le) s16 += d16.decode(new Uint8Array([b]), { stream: true });
        console.log(codes(s16 + d16.decode()));
        // Shift_JIS lead byte at the end of one chunk.
        const sj = new TextDecoder('shift_jis');
        console.log(codes(sj.decode(new Uint8Array([0x41, 0x82]), { stream: true }) + sj.decode(new Uint8Array([0xA0]))));
        // Nothing comes out until the 4-byte sequence is complete.
        const d = new TextDecoder();
        console.log(JSON.stringify(d.decode(new Uint8Array([0xF0, 0x9F, 0x92]), { stream: true })), codes(d.decode(new Uint8Array([0xA9]))));
        // An unfinished sequence is flushed as U+FFFD at the end of the stream.
        d.decode(new Uint8Array([0xE6, 0xB0]), { stream: true });
        console.log(codes(d.decode()));
        // ...and the decoder starts afresh afterwards.
        console.log(d.decode(new Uint8Array([0x41])));
    "#);
    assert_eq!(
        out,
        "true\n\
         [\"1f4a9\",\"41\"]\n\
         [\"41\",\"3042\"]\n\
         \"\" [\"1f4a9\"]\n\
         [\"fffd\"]\n\
         A"
    );
}

#[test]
fn fatal_errors() {
    let out = run(r#"
        const fatal = (label, a, opts) => {
          try { return codes(new TextDecoder(label, { fatal: true }).decode(new Uint8Array(a), opts)); }
          catch (e) { return e.constructor.name; }
        };
        console.log(fatal('utf-8', [0x41, 0xC3, 0xA9]));
        console.log(fatal('utf-8', [0xEF, 0xBB, 0xBF, 0x41]));
        console.log(fatal('utf-8', [0xFF]));
        console.log(fatal('utf-8', [0xC0, 0x80]));
        console.log(fatal('utf-8', [0xED, 0xA0, 0x80]));
        console.log(fatal('utf-8', [0xE2, 0x82]));
        console.log(fatal('utf-8', [0xE2, 0x82], { stream: true }));
        console.log(fatal('utf-16le', [0x00]));
        console.log(fatal('utf-16le', [0x00, 0xD8]));
        console.log(fatal('utf-16le', [0x00, 0xDC, 0x00, 0x00]));
        console.log(fatal('windows-1253', [0xAA]));
        console.log(fatal('iso-8859-8', [0xBF]));
        console.log(fatal('shift_jis', [0x82]));
    "#);
    assert_eq!(
        out,
        "[\"41\",\"e9\"]\n\
         [\"41\"]\n\
         TypeError\n\
         TypeError\n\
         TypeError\n\
         TypeError\n\
         []\n\
         TypeError\n\
         TypeError\n\
         TypeError\n\
         TypeError\n\
         TypeError\n\
         TypeError"
    );
}

#[test]
fn fatal_streaming_state() {
    let out = run(r#"
        const d = new TextDecoder('utf-16le', { fatal: true });
        const odd = new Uint8Array([0x00]), even = new Uint8Array([0x00, 0x00]);
        const r = [];
        r.push(JSON.stringify(d.decode(odd, { stream: true })));
        r.push(codes(d.decode(odd)));
        r.push(throws(() => { d.decode(even, { stream: true }); d.decode(odd); }));
        r.push(throws(() => { d.decode(odd, { stream: true }); d.decode(even); }));
        // After an error at the end of a stream, the next call starts afresh.
        r.push(codes(d.decode(even, { stream: true })));
        r.push(codes(d.decode(even)));
        console.log(r.join(' '));

        // An error mid-stream keeps the bytes after the malformed sequence
        // queued for the next call.
        const u = new TextDecoder('utf-8', { fatal: true });
        console.log(throws(() => u.decode(new Uint8Array([0x41, 0xFF, 0x42]), { stream: true })));
        console.log(codes(u.decode(new Uint8Array([0x43]))));
        console.log(codes(u.decode(new Uint8Array([0x44]))));
    "#);
    assert_eq!(
        out,
        "\"\" [\"0\"] TypeError TypeError [\"0\"] [\"0\"]\n\
         TypeError\n\
         [\"42\",\"43\"]\n\
         [\"44\"]"
    );
}

#[test]
fn decoder_copies_nothing_it_keeps() {
    // Bytes are consumed at the call; later writes to the buffer don't matter.
    let out = run(r#"
        const d = new TextDecoder();
        const buf = new Uint8Array([0xEF, 0xBB]);
        console.log(JSON.stringify(d.decode(buf, { stream: true })));
        buf[0] = 1; buf[1] = 2;
        console.log(d.decode(new Uint8Array([0xBF, 0x40])));
    "#);
    assert_eq!(out, "\"\"\n@");
}

#[test]
fn large_round_trip() {
    let out = run(r#"
        let s = '';
        for (let i = 0; i < 5000; i++) s += String.fromCodePoint(i * 37 % 0x10FFFF);
        s = s.replace(/[\ud800-\udfff]/gu, '');
        const enc = new TextEncoder().encode(s);
        console.log(new TextDecoder().decode(enc) === s);
        console.log(new TextDecoder('utf-8', { fatal: true }).decode(enc) === s);
        const d = new TextDecoder();
        let out = '';
        for (let i = 0; i < enc.length; i += 7) out += d.decode(enc.subarray(i, i + 7), { stream: true });
        console.log(out + d.decode() === s);
        // Malformed bytes grow the output (3 bytes of UTF-8 per byte in).
        const bad = new Uint8Array(30000).fill(0xFF);
        const r = new TextDecoder().decode(bad);
        console.log(r.length, r === '\uFFFD'.repeat(30000));
    "#);
    assert_eq!(out, "true\ntrue\ntrue\n30000 true");
}

#[test]
fn webidl_surface() {
    let out = run(r#"
        const desc = (o, k) => {
          const d = Object.getOwnPropertyDescriptor(o, k);
          return [typeof d.get, typeof d.value, d.enumerable, d.configurable, d.writable].join(',');
        };
        for (const k of ['encoding', 'encode', 'encodeInto']) console.log('TextEncoder', k, desc(TextEncoder.prototype, k));
        for (const k of ['encoding', 'fatal', 'ignoreBOM', 'decode']) console.log('TextDecoder', k, desc(TextDecoder.prototype, k));
        console.log(String(new TextEncoder()), String(new TextDecoder()));
        console.log(desc(TextDecoder.prototype, Symbol.toStringTag));
        console.log(TextEncoder.length, TextDecoder.length,
                    TextEncoder.prototype.encode.length, TextEncoder.prototype.encodeInto.length,
                    TextDecoder.prototype.decode.length);
        // Brand checks.
        const get = (C, k) => Object.getOwnPropertyDescriptor(C.prototype, k).get;
        console.log(throws(() => get(TextEncoder, 'encoding').call({})),
                    throws(() => TextEncoder.prototype.encode.call(new TextDecoder(), 'x')),
                    throws(() => TextEncoder.prototype.encodeInto.call(undefined, 'x', new Uint8Array(1))),
                    throws(() => get(TextDecoder, 'encoding').call(new TextEncoder())),
                    throws(() => get(TextDecoder, 'fatal').call(TextDecoder.prototype)),
                    throws(() => get(TextDecoder, 'ignoreBOM').call(null)),
                    throws(() => TextDecoder.prototype.decode.call({}, new Uint8Array(1))));
        console.log(throws(() => TextEncoder()), new TextEncoder('utf-16').encoding);
    "#);
    assert_eq!(
        out,
        "TextEncoder encoding function,undefined,true,true,\n\
         TextEncoder encode undefined,function,true,true,true\n\
         TextEncoder encodeInto undefined,function,true,true,true\n\
         TextDecoder encoding function,undefined,true,true,\n\
         TextDecoder fatal function,undefined,true,true,\n\
         TextDecoder ignoreBOM function,undefined,true,true,\n\
         TextDecoder decode undefined,function,true,true,true\n\
         [object TextEncoder] [object TextDecoder]\n\
         undefined,string,false,true,false\n\
         0 0 0 2 0\n\
         TypeError TypeError TypeError TypeError TypeError TypeError TypeError\n\
         TypeError utf-8"
    );
}

/// A length-tracking view on a resizable buffer: QuickJS's C API reports the
/// length the view had when it was made, not its current one. After the
/// buffer shrinks, `encodeInto` must write only the bytes that remain (not
/// past the end of the reallocated buffer), and after it grows, use them all.
#[test]
fn encode_into_length_tracking_view_on_resized_buffer() {
    let out = run(r#"
        const e = new TextEncoder();
        const rab = new ArrayBuffer(4096, { maxByteLength: 8192 });
        const view = new Uint8Array(rab);
        rab.resize(2);
        console.log(view.length, JSON.stringify(e.encodeInto('x'.repeat(4096), view)), bytes(view));
        rab.resize(0);
        console.log(JSON.stringify(e.encodeInto('abc', view)));
        rab.resize(8);
        console.log(JSON.stringify(e.encodeInto('abcdefghij', view)), bytes(view));
        // With an offset, and shrunk by the source's toString.
        const rab2 = new ArrayBuffer(4096, { maxByteLength: 8192 });
        const off = new Uint8Array(rab2, 2);
        const src = { toString() { rab2.resize(5); return 'y'.repeat(4096); } };
        console.log(JSON.stringify(e.encodeInto(src, off)), bytes(new Uint8Array(rab2)));
        // Shrunk below the offset: out of bounds, nothing to write.
        const src2 = { toString() { rab2.resize(1); return 'zzz'; } };
        console.log(JSON.stringify(e.encodeInto(src2, off)));
        // Grown by the source's toString: the new bytes are written too.
        const rab3 = new ArrayBuffer(2, { maxByteLength: 16 });
        const grown = new Uint8Array(rab3);
        const src3 = { toString() { rab3.resize(6); return 'abcdef'; } };
        console.log(JSON.stringify(e.encodeInto(src3, grown)), bytes(grown));
        // A fixed-length view on a resizable buffer keeps its length.
        const rab4 = new ArrayBuffer(8, { maxByteLength: 16 });
        const fixed = new Uint8Array(rab4, 0, 4);
        rab4.resize(12);
        console.log(JSON.stringify(e.encodeInto('abcdefgh', fixed)));
        // Detached by the source's toString.
        const rab5 = new ArrayBuffer(64, { maxByteLength: 128 });
        const gone = new Uint8Array(rab5);
        const src5 = { toString() { rab5.transfer(); return 'abc'; } };
        console.log(JSON.stringify(e.encodeInto(src5, gone)));
    "#);
    assert_eq!(
        out,
        "2 {\"read\":2,\"written\":2} [120,120]\n\
         {\"read\":0,\"written\":0}\n\
         {\"read\":8,\"written\":8} [97,98,99,100,101,102,103,104]\n\
         {\"read\":3,\"written\":3} [0,0,121,121,121]\n\
         {\"read\":0,\"written\":0}\n\
         {\"read\":6,\"written\":6} [97,98,99,100,101,102]\n\
         {\"read\":4,\"written\":4}\n\
         {\"read\":0,\"written\":0}"
    );
}

/// `decode()` of a length-tracking view reads the bytes the view has now.
#[test]
fn decode_length_tracking_view_on_resized_buffer() {
    let out = run(r#"
        const d = new TextDecoder();
        const rab = new ArrayBuffer(4, { maxByteLength: 64 });
        const view = new Uint8Array(rab);
        const off = new Uint8Array(rab, 1);
        const dv = new DataView(rab, 1);
        new Uint8Array(rab).set([0x61, 0x62, 0x63, 0x64]);
        rab.resize(3);
        console.log(d.decode(view), d.decode(off), d.decode(dv));
        rab.resize(6);
        new Uint8Array(rab).set([0x65, 0x66], 4);
        console.log(d.decode(view), d.decode(off), d.decode(dv));
        const u16 = new Uint16Array(rab);
        rab.resize(5);
        console.log(d.decode(u16), u16.length);
        rab.resize(0);
        console.log(JSON.stringify([d.decode(view), d.decode(off), d.decode(dv), d.decode(rab)]));
        const fixed = new Uint8Array(rab, 0, 0);
        rab.resize(8);
        console.log(JSON.stringify(d.decode(fixed)), d.decode(new Uint8Array(rab, 0, 2)));
    "#);
    assert_eq!(
        out,
        "abc bc bc\n\
         abc\u{0}ef bc\u{0}ef bc\u{0}ef\n\
         abc\u{0} 2\n\
         [\"\",\"\",\"\",\"\"]\n\
         \"\" \u{0}\u{0}"
    );
}

/// Working out a view's current length must not run JS (no index getter on
/// a prototype fires) and must keep a fixed-length view's length.
#[test]
fn view_lengths_run_no_js() {
    let out = run(r#"
        let ran = 0;
        for (const proto of [Object.prototype, Object.getPrototypeOf(Uint8Array.prototype), Uint8Array.prototype]) {
          for (let i = 0; i < 8; i++) Object.defineProperty(proto, i, { get() { ran++; return 1; }, configurable: true });
        }
        const d = new TextDecoder();
        const buf = new Uint8Array([0x61, 0x62, 0x63, 0x64, 0x65, 0x66]);
        const rab = new ArrayBuffer(6, { maxByteLength: 6 });
        new Uint8Array(rab).set(buf);
        console.log(d.decode(buf.subarray(1, 3)), d.decode(new Uint16Array(buf.buffer, 0, 1)), d.decode(new Uint8Array(rab, 2, 2)));
        const dest = new Uint8Array(8).subarray(0, 2);
        console.log(JSON.stringify(new TextEncoder().encodeInto('xyz', dest)), ran);
    "#);
    assert_eq!(out, "bc ab cd\n{\"read\":2,\"written\":2} 0");
}

/// Runs `src` in an isolate with a `limit`-byte memory limit; returns stdout.
fn run_limited(limit: usize, src: &str) -> String {
    use nanojs_engine::{ConsoleLevel, ConsoleSink, Isolate, IsolateOptions};
    #[derive(Default)]
    struct Lines(std::cell::RefCell<String>);
    impl ConsoleSink for Lines {
        fn write(&self, _: ConsoleLevel, text: &str) {
            let mut out = self.0.borrow_mut();
            out.push_str(text);
            out.push('\n');
        }
    }
    let capture = std::rc::Rc::new(Lines::default());
    let options = IsolateOptions {
        console: capture.clone(),
        memory_limit: Some(limit),
        ..Default::default()
    };
    let isolate = Isolate::new(options, nanojs_web::builtins()).expect("isolate");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let result = rt.block_on(isolate.run_module_source("file:///test/main.js", src.to_string()));
    let out = capture.0.borrow().clone();
    result.unwrap_or_else(|e| panic!("JS failed: {e}\n{out}"));
    out
}

/// The bytes a fatal streaming decoder keeps after an error live in memory
/// that counts against the isolate's limit: many decoders cannot each keep a
/// copy of a large input outside it.
#[test]
fn decoder_pending_bytes_count_against_the_memory_limit() {
    let out = run_limited(
        48 << 20,
        r#"
        const input = new Uint8Array(8 << 20).fill(0x61);
        input[0] = 0xFF;
        const keep = [];
        let stopped = 'no';
        try {
          for (let i = 0; i < 40; i++) {
            const d = new TextDecoder('utf-8', { fatal: true });
            try { d.decode(input, { stream: true }); } catch (e) { if (!(e instanceof TypeError)) throw e; }
            keep.push(d);
          }
        } catch (e) {
          stopped = String(e.message);
        }
        console.log(stopped, keep.length < 40);
        // What a decoder keeps is still decoded on the next call.
        const d = new TextDecoder('utf-8', { fatal: true });
        try { d.decode(new Uint8Array([0xFF, 0x62, 0x63]), { stream: true }); } catch {}
        console.log(d.decode(new Uint8Array([0x64])));
        // Including after an error in the kept bytes themselves.
        const d2 = new TextDecoder('utf-8', { fatal: true });
        try { d2.decode(new Uint8Array([0xFF, 0x62, 0xFF, 0x63]), { stream: true }); } catch {}
        try { d2.decode(new Uint8Array([0x64]), { stream: true }); } catch (e) { console.log(e.name); }
        console.log(d2.decode(new Uint8Array([0x65])));
        "#,
    );
    assert_eq!(out, "out of memory true\nbcd\nTypeError\ncde\n");
}

/// Decoding's scratch buffers count against the memory limit too.
#[test]
fn decode_scratch_counts_against_the_memory_limit() {
    let out = run_limited(
        64 << 20,
        r#"
        const results = [];
        for (const n of [1 << 20, 12 << 20]) {
          // Each 0xFF byte becomes U+FFFD: 3 bytes of UTF-8, 1 code unit.
          const input = new Uint8Array(n).fill(0xFF);
          try {
            const s = new TextDecoder().decode(input);
            results.push(s.length === n && s.charCodeAt(n - 1) === 0xFFFD);
          } catch (e) {
            results.push(String(e.message));
          }
        }
        console.log(results.join(' '));
        "#,
    );
    assert_eq!(out, "true out of memory\n");
}
