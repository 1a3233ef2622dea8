//! CompressionStream / DecompressionStream (WICG Compression) and
//! TextEncoderStream / TextDecoderStream (WHATWG Encoding).

mod common;

use std::io::{Read, Write};

/// Helpers for snippets: collect a readable's chunks, hex, base64-free byte
/// transport (decimal lists), and a deterministic pseudo-random input.
const PRELUDE: &str = r#"
async function collect(readable) {
  const chunks = [];
  for (const reader = readable.getReader();;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}
function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}
async function through(ts, chunks) {
  const writer = ts.writable.getWriter();
  const done = collect(ts.readable);
  // Failures show in the readable side: the writer's copies are handled.
  for (const c of chunks) writer.write(c).catch(() => {});
  writer.close().catch(() => {});
  return done;
}
// Text-like data (compressible, but not trivially).
function sample(n) {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = 97 + ((x >>> 16) % 7) + (i % 13 === 0 ? 10 : 0);
  }
  return out;
}
function split(u8, size) {
  const out = [];
  for (let i = 0; i < u8.length; i += size) out.push(u8.subarray(i, i + size));
  return out;
}
function same(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
async function rejection(p) {
  try { await p; return 'fulfilled'; } catch (e) { return e.constructor.name; }
}
"#;

fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

/// Runs `body` after the prelude and returns what it printed.
fn output(body: &str) -> String {
    common::stdout(&format!("{PRELUDE}\n{body}"))
}

fn js_bytes(bytes: &[u8]) -> String {
    let list: Vec<String> = bytes.iter().map(|b| b.to_string()).collect();
    format!("new Uint8Array([{}])", list.join(","))
}

fn parse_bytes(line: &str) -> Vec<u8> {
    line.trim()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

#[test]
fn gzip_round_trip_of_many_chunks() {
    check(
        r#"
        const input = sample(3 * 1024 * 1024 + 17);
        const packed = await through(new CompressionStream('gzip'), split(input, 10000));
        const gz = concat(packed);
        is(gz[0] === 0x1f && gz[1] === 0x8b, true, 'gzip magic');
        is(gz.length < input.length / 2, true, 'compressed');
        // Fed back in odd-sized pieces, several of which end mid-symbol.
        const unpacked = await through(new DecompressionStream('gzip'), split(gz, 777));
        is(unpacked.every((c) => c instanceof Uint8Array && c.byteLength <= 65536), true, 'slices');
        is(unpacked.length > 40, true, 'many output chunks');
        is(same(concat(unpacked), input), true, 'round trip');
        "#,
    );
}

#[test]
fn reads_what_flate2_writes() {
    let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&data).unwrap();
    let gz = gz.finish().unwrap();
    let mut zl = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    zl.write_all(&data).unwrap();
    let zl = zl.finish().unwrap();
    let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    raw.write_all(&data).unwrap();
    let raw = raw.finish().unwrap();
    check(&format!(
        r#"
        const want = new Uint8Array(100000).map((_, i) => (i * 7) % 251);
        for (const [format, bytes] of [['gzip', {gz}], ['deflate', {zl}], ['deflate-raw', {raw}]]) {{
          const out = concat(await through(new DecompressionStream(format), split(bytes, 1000)));
          is(same(out, want), true, format);
        }}
        "#,
        gz = js_bytes(&gz),
        zl = js_bytes(&zl),
        raw = js_bytes(&raw),
    ));
}

#[test]
fn flate2_reads_what_we_write() {
    let out = output(
        r#"
        const input = new TextEncoder().encode('hello, compression! '.repeat(500));
        for (const format of ['gzip', 'deflate', 'deflate-raw']) {
          const bytes = concat(await through(new CompressionStream(format), split(input, 333)));
          console.log(Array.from(bytes).join(','));
        }
        "#,
    );
    let want = "hello, compression! ".repeat(500);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    let mut got = String::new();
    flate2::read::GzDecoder::new(&parse_bytes(lines[0])[..])
        .read_to_string(&mut got)
        .unwrap();
    assert_eq!(got, want);
    got.clear();
    flate2::read::ZlibDecoder::new(&parse_bytes(lines[1])[..])
        .read_to_string(&mut got)
        .unwrap();
    assert_eq!(got, want);
    got.clear();
    flate2::read::DeflateDecoder::new(&parse_bytes(lines[2])[..])
        .read_to_string(&mut got)
        .unwrap();
    assert_eq!(got, want);
}

#[test]
fn deflate_raw_round_trip_and_buffer_sources() {
    check(
        r#"
        const input = sample(200000);
        const packed = concat(await through(new CompressionStream('deflate-raw'), [input]));
        // Raw deflate has no header: not zlib (0x78) nor gzip (0x1f).
        is(packed[0] !== 0x78 && packed[0] !== 0x1f, true, 'no header');
        const ab = packed.slice().buffer;
        const dv = new DataView(ab, 0, 100);
        const rest = new Float64Array(ab.slice(100, 100 + 8 * Math.floor((packed.length - 100) / 8)));
        const tail = packed.subarray(100 + rest.byteLength);
        const out = concat(await through(new DecompressionStream('deflate-raw'), [dv, rest, tail.slice().buffer]));
        is(same(out, input), true, 'DataView, Float64Array and ArrayBuffer chunks');

        // A detached buffer is an empty chunk.
        const detached = new ArrayBuffer(8);
        structuredClone(detached, { transfer: [detached] });
        const empty = concat(await through(new CompressionStream('deflate-raw'), [detached]));
        const back = concat(await through(new DecompressionStream('deflate-raw'), [empty]));
        is(back.length, 0, 'detached');
        "#,
    );
}

#[test]
fn corrupt_truncated_and_trailing_input_are_type_errors() {
    check(
        r#"
        const good = concat(await through(new CompressionStream('deflate'), [new TextEncoder().encode('expected output')]));
        const cases = {
          corrupt: good.map((b, i) => (i === 0 ? 0 : b)),
          truncated: good.slice(0, -1),
          trailing: concat([good, new Uint8Array([0])]),
          empty: new Uint8Array(0),
        };
        for (const [name, bytes] of Object.entries(cases)) {
          const ds = new DecompressionStream('deflate');
          const writer = ds.writable.getWriter();
          writer.write(bytes).catch(() => {});
          writer.close().catch(() => {});
          is(await rejection(collect(ds.readable)), 'TypeError', name);
        }
        // Junk in a later chunk than the end of the data.
        const ds = new DecompressionStream('deflate');
        const w = ds.writable.getWriter();
        const read = collect(ds.readable);
        await w.write(good);
        is(await rejection(w.write(new Uint8Array([1]))), 'TypeError', 'late junk write');
        is(await rejection(read), 'TypeError', 'late junk read');
        // Corrupt gzip: the CRC-32 does not match.
        const gz = concat(await through(new CompressionStream('gzip'), [new Uint8Array(10)]));
        gz[gz.length - 8] ^= 1;
        is(await rejection(through(new DecompressionStream('gzip'), [gz])), 'TypeError', 'crc');
        "#,
    );
}

#[test]
fn chunks_must_be_buffer_sources() {
    check(
        r#"
        for (const Ctor of [CompressionStream, DecompressionStream]) {
          for (const bad of [undefined, null, 3.14, 'str', {}, [65], new SharedArrayBuffer(4),
                             new Uint8Array(new SharedArrayBuffer(4)),
                             new ArrayBuffer(4, { maxByteLength: 8 })]) {
            const cs = new Ctor('gzip');
            const writer = cs.writable.getWriter();
            const reader = cs.readable.getReader();
            const write = writer.write(bad);
            is(await rejection(reader.read()), 'TypeError', `${Ctor.name} read ${String(bad)}`);
            is(await rejection(write), 'TypeError', `${Ctor.name} write`);
          }
        }
        let threw = '';
        try { new CompressionStream('brotli'); } catch (e) { threw = e.constructor.name; }
        is(threw, 'TypeError', 'unknown format');
        try { new DecompressionStream(); } catch (e) { threw = e.constructor.name + '2'; }
        is(threw, 'TypeError2', 'no format');
        "#,
    );
}

#[test]
fn decompression_bomb_waits_for_the_reader() {
    // 32 MiB of zeros is about 32 KiB of deflate.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 32 << 20]).unwrap();
    let bomb = z.finish().unwrap();
    assert!(bomb.len() < 64 * 1024);
    check(&format!(
        r#"
        const bomb = {bomb};
        const ds = new DecompressionStream('deflate');
        const writer = ds.writable.getWriter();
        let written = false;
        writer.write(bomb).then(() => {{ written = true; }});
        const close = writer.close();
        // The first read lets the transform run (a TransformStream starts
        // with backpressure); it then stops after a few slices, as the reader
        // takes no more.
        const reader = ds.readable.getReader();
        const first = await reader.read();
        await new Promise((r) => setTimeout(r, 50));
        is(written, false, 'write waits for the reader');
        // The rest comes out in 64 KiB slices as the reader asks.
        let total = first.value.byteLength, chunks = 1, biggest = total;
        for (;;) {{
          const {{ value, done }} = await reader.read();
          if (done) break;
          total += value.byteLength;
          chunks++;
          biggest = Math.max(biggest, value.byteLength);
          for (let i = 0; i < value.length; i += 4096) if (value[i] !== 0) throw new Error('not zero');
        }}
        await close;
        is(written, true, 'write done');
        is(total, 32 * 1024 * 1024, 'total');
        is(biggest, 65536, 'slice size');
        is(chunks, 512, 'chunks');
        "#,
        bomb = js_bytes(&bomb),
    ));
}

#[test]
fn text_decoder_stream_joins_split_characters() {
    check(
        r#"
        // U+00E9 (2 bytes), U+20AC (3), U+1F600 (4), split at every byte.
        const bytes = new TextEncoder().encode('a\u00e9\u20ac\u{1F600}z');
        const parts = Array.from(bytes, (b) => new Uint8Array([b]));
        const out = await through(new TextDecoderStream(), parts);
        is(out.join(''), 'a\u00e9\u20ac\u{1F600}z', 'joined');
        is(out.every((s) => s.length > 0), true, 'no empty chunks');
        // An incomplete character at the end is U+FFFD, or a TypeError when fatal.
        const cut = [new Uint8Array([0x61, 0xf0, 0x9f])];
        is((await through(new TextDecoderStream(), cut)).join(''), 'a\ufffd', 'replacement');
        is(await rejection(through(new TextDecoderStream('utf-8', { fatal: true }), cut)), 'TypeError', 'fatal');
        // Other encodings, and the BOM.
        const utf16 = [new Uint8Array([0xff, 0xfe, 0x3d]), new Uint8Array([0xd8, 0x00]), new Uint8Array([0xde])];
        is((await through(new TextDecoderStream('utf-16le'), utf16)).join(''), '\u{1F600}', 'utf-16le');
        const bom = [new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf, 0x41])];
        is((await through(new TextDecoderStream('utf-8', { ignoreBOM: true }), bom)).join(''), '\ufeffA', 'ignoreBOM');
        is((await through(new TextDecoderStream(), bom)).join(''), 'A', 'BOM removed');
        const s = new TextDecoderStream('latin1', { fatal: 1 });
        eq([s.encoding, s.fatal, s.ignoreBOM], ['windows-1252', true, false], 'attributes');
        is(await rejection(through(new TextDecoderStream(), [undefined])), 'TypeError', 'undefined chunk');
        is(await rejection(through(new TextDecoderStream(), ['str'])), 'TypeError', 'string chunk');
        "#,
    );
}

#[test]
fn text_encoder_stream_joins_split_surrogate_pairs() {
    check(
        r#"
        const hex = (chunks) => chunks.map((c) => Array.from(c, (b) => b.toString(16)).join(' '));
        // U+1F600 = D83D DE00, split between chunks, around an empty chunk.
        eq(hex(await through(new TextEncoderStream(), ['a\uD83D', '', '\uDE00b'])),
           ['61', 'f0 9f 98 80 62'], 'pair across chunks');
        // A leading surrogate followed by a non-trailing unit is U+FFFD.
        eq(hex(await through(new TextEncoderStream(), ['\uD83D', 'x'])), ['ef bf bd 78'], 'lone then ascii');
        eq(hex(await through(new TextEncoderStream(), ['\uD83D', '\uD83D', '\uDE00'])),
           ['ef bf bd', 'f0 9f 98 80'], 'lone then pair');
        // At the end: U+FFFD as a last chunk.
        eq(hex(await through(new TextEncoderStream(), ['ok\uD83D'])), ['6f 6b', 'ef bf bd'], 'at end');
        eq(hex(await through(new TextEncoderStream(), ['\uDE00'])), ['ef bf bd'], 'lone trailing');
        // Chunks are converted with ToString.
        eq(hex(await through(new TextEncoderStream(), [1, null, { toString: () => 'z' }])),
           ['31', '6e 75 6c 6c', '7a'], 'ToString');
        is(new TextEncoderStream().encoding, 'utf-8', 'encoding');
        "#,
    );
}

#[test]
fn interfaces_and_inspection() {
    let out = output(
        r#"
        console.log(new CompressionStream('gzip'));
        console.log(new TextEncoderStream());
        const d = new TextDecoderStream('utf-16le', { fatal: true });
        d.readable.getReader();
        console.log(d);
        console.log(Object.prototype.toString.call(new DecompressionStream('deflate')));
        console.log(CompressionStream.length, DecompressionStream.length, TextDecoderStream.length);
        console.log(Object.keys(CompressionStream.prototype).join(), Object.keys(TextDecoderStream.prototype).join());
        try { Object.getOwnPropertyDescriptor(CompressionStream.prototype, 'readable').get.call({}); }
        catch (e) { console.log(e.constructor.name); }
        "#,
    );
    // The streams print themselves (their owners' format); here only what
    // this module adds is checked.
    let lines: Vec<&str> = out.lines().collect();
    let expect_prefix = [
        "CompressionStream {",
        "  readable: ReadableStream { locked: false, state: 'readable'",
        "  writable: WritableStream { locked: false, state: 'writable'",
        "}",
        "TextEncoderStream {",
        "  encoding: 'utf-8',",
        "  readable: ReadableStream {",
        "  writable: WritableStream {",
        "}",
        "TextDecoderStream {",
        "  encoding: 'utf-16le',",
        "  fatal: true,",
        "  ignoreBOM: false,",
        "  readable: ReadableStream { locked: true,",
        "  writable: WritableStream { locked: false,",
        "}",
        "[object DecompressionStream]",
        "1 1 0",
        "readable,writable encoding,fatal,ignoreBOM,readable,writable",
        "TypeError",
    ];
    assert_eq!(lines.len(), expect_prefix.len(), "{out}");
    for (line, want) in lines.iter().zip(expect_prefix) {
        assert!(
            line.starts_with(want),
            "{line:?} should start with {want:?}\n{out}"
        );
    }
}
