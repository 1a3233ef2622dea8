//! FormData (XMLHttpRequest Standard) and form bodies: multipart/form-data
//! and application/x-www-form-urlencoded parsing and serialization.

mod common;

const PRELUDE: &str = r#"
function thrown(f) {
  try { f(); } catch (e) { return e.name; }
  return 'no throw';
}
async function rejection(p) {
  try { await p; } catch (e) { return e.name; }
  return 'resolved';
}
// formData() of `body` sent as multipart/form-data with `type`.
const multipart = (body, type = 'multipart/form-data; boundary=b') =>
  new Response(body, { headers: { 'content-type': type } }).formData();
const CRLF = '\r\n';
const part = (headers, value) => `--b${CRLF}${headers.join(CRLF)}${CRLF}${CRLF}${value}${CRLF}`;
const dump = (fd) => [...fd].map(([k, v]) => typeof v === 'string' ? [k, v] : [k, v.name, v.type, v.size]);
"#;

fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn interface_shape() {
    check(
        r#"
        is(FormData.length, 0, 'length');
        is(thrown(() => FormData()), 'TypeError', 'without new');
        eq(Object.keys(FormData.prototype),
          ['append', 'delete', 'get', 'getAll', 'has', 'set', 'entries', 'keys', 'values', 'forEach'], 'members');
        const lengths = { append: 2, delete: 1, get: 1, getAll: 1, has: 1, set: 2, forEach: 1, entries: 0 };
        for (const [k, n] of Object.entries(lengths)) is(FormData.prototype[k].length, n, `${k}.length`);
        is(FormData.prototype[Symbol.iterator], FormData.prototype.entries, '@@iterator');
        is(Object.prototype.toString.call(new FormData()), '[object FormData]', 'tag');
        is(Object.prototype.toString.call(new FormData().keys()), '[object FormData Iterator]', 'iterator tag');
        new FormData(undefined);
        for (const bad of [null, 'x', {}, 1]) is(thrown(() => new FormData(bad)), 'TypeError', `new FormData(${bad})`);
        is(thrown(() => FormData.prototype.get.call({}, 'a')), 'TypeError', 'brand check');
        is(thrown(() => new FormData().append('a')), 'TypeError', 'append needs two arguments');
        "#,
    );
}

#[test]
fn entries_and_blobs() {
    check(
        r#"
        const fd = new FormData();
        fd.append('a', '1');
        fd.append('a', 2);
        fd.append('b', null);
        fd.append('\uD800', 'x\uDC00');
        eq(fd.getAll('a'), ['1', '2'], 'getAll');
        is(fd.get('b'), 'null', 'values are strings');
        is(fd.get('\uFFFD'), 'x\uFFFD', 'USVStrings');
        is(fd.get('nope'), null, 'get missing');
        eq([fd.has('a'), fd.has('c')], [true, false], 'has');
        fd.set('a', '3');
        eq(dump(fd), [['a', '3'], ['b', 'null'], ['\uFFFD', 'x\uFFFD']], 'set replaces the first, drops the rest');
        fd.delete('b');
        eq([...fd.keys()], ['a', '\uFFFD'], 'delete');
        const blob = new Blob(['abc'], { type: 'text/plain' });
        fd.append('blob', blob);
        const f = fd.get('blob');
        eq([f instanceof File, f === blob, f.name, f.type, f.size], [true, false, 'blob', 'text/plain', 3], 'Blob to File');
        is(Math.abs(f.lastModified - Date.now()) < 1000, true, 'lastModified now');
        const file = new File(['x'], 'x.txt', { lastModified: 5 });
        fd.set('file', file);
        is(fd.get('file'), file, 'a File stays itself');
        fd.set('file', file, 'y.txt');
        const renamed = fd.get('file');
        eq([renamed === file, renamed.name, renamed.lastModified], [false, 'y.txt', 5], 'a renamed File');
        fd.append('named', blob, 'n.bin');
        is(fd.get('named').name, 'n.bin', 'a named Blob');
        is(thrown(() => fd.append('x', 'not a blob', 'name')), 'TypeError', 'three arguments need a Blob');
        is(thrown(() => fd.set('x', {}, 'name')), 'TypeError', 'set too');
        "#,
    );
}

#[test]
fn iteration_is_live() {
    check(
        r#"
        const fd = new FormData();
        for (const [k, v] of [['a', '1'], ['b', '2'], ['c', '3']]) fd.append(k, v);
        const seen = [];
        for (const [k] of fd) {
          seen.push(k);
          if (k === 'a') fd.delete('b');
          if (k === 'c') fd.append('d', '4');
        }
        eq(seen, ['a', 'c', 'd'], 'changes show');
        const calls = [];
        fd.forEach(function (v, k, o) { calls.push([k, v, o === fd, this]); }, 'T');
        eq(calls[0], ['a', '1', true, 'T'], 'forEach');
        eq([...fd.values()], ['1', '3', '4'], 'values');
        is(thrown(() => fd.forEach()), 'TypeError', 'forEach needs a callback');
        "#,
    );
}

#[test]
fn multipart_parsing() {
    check(
        r#"
        const body = part(['Content-Disposition: form-data; name="text"'], 'a\r\nb') +
          part(['Content-Disposition: form-data; name="file"; filename="a.txt"', 'Content-Type: Text/Plain'], 'bytes') +
          part(['Content-Disposition: form-data; name="f2"; filename="b.bin"'], '') +
          part(['Content-Disposition: form-data; name="n%22%0D%0A"'], '\uFEFFé') + '--b--\r\n';
        const fd = await multipart(body);
        eq(dump(fd), [['text', 'a\r\nb'], ['file', 'a.txt', 'text/plain', 5], ['f2', 'b.bin', 'text/plain', 0],
          ['n"\r\n', '\uFEFFé']], 'fields and files');
        is(await fd.get('file').text(), 'bytes', 'file contents');
        // The boundary parameter may be quoted.
        const quoted = await multipart(part(['Content-Disposition: form-data; name="q"'], 'v') + '--b--',
          'multipart/form-data; boundary="b"');
        is(quoted.get('q'), 'v', 'quoted boundary');
        // RFC 5987 filename* wins over filename.
        const ext = await multipart(part([`Content-Disposition: form-data; name="f"; filename="x.txt"; filename*=UTF-8''%E2%82%AC.txt`], 'z') + '--b--');
        is(ext.get('f').name, '€.txt', 'filename*');
        // Preamble, parameter order, header case, transport padding, epilogue.
        const loose = await multipart('preamble\r\n--b \r\ncontent-disposition: form-data; filename=f.txt; name=x\r\n\r\nv\r\n--b--epilogue');
        eq(dump(loose), [['x', 'f.txt', 'text/plain', 1]], 'lenient forms');
        is((await multipart('--b--\r\n')).has('x'), false, 'empty form');
        // Failures reject with a TypeError.
        const bad = {
          'no final boundary': part(['Content-Disposition: form-data; name="a"'], 'x'),
          'LF line breaks': '--b\nContent-Disposition: form-data; name="a"\n\nx\n--b--',
          'no name': part(['Content-Disposition: form-data'], 'x') + '--b--',
          'not form-data': part(['Content-Disposition: attachment; name="a"'], 'x') + '--b--',
          'bad header': part(['Content-Disposition: form-data; name="a"', 'bad header'], 'x') + '--b--',
          'no boundary at all': 'hello',
          'empty body': '',
        };
        for (const [what, body] of Object.entries(bad)) is(await rejection(multipart(body)), 'TypeError', what);
        is(await rejection(multipart('--b--', 'multipart/form-data')), 'TypeError', 'no boundary parameter');
        is(await rejection(multipart('--b--', 'multipart/form-data; boundary=""')), 'TypeError', 'empty boundary');
        // Binary file contents survive, including CRLF and boundary-like bytes.
        const bin = new Uint8Array([0, 13, 10, 45, 45, 97, 255]); // CRLF--a: not the delimiter
        const head = new TextEncoder().encode(part(['Content-Disposition: form-data; name="bin"; filename="x"'], '').slice(0, -2));
        const tail = new TextEncoder().encode('\r\n--b--');
        const all = new Uint8Array([...head, ...bin, ...tail]);
        const got = await (await multipart(all)).get('bin').bytes();
        eq(Array.from(got), Array.from(bin), 'binary part');
        "#,
    );
}

#[test]
fn multipart_serialization_round_trip() {
    check(
        r#"
        const fd = new FormData();
        fd.append('a\nb"', 'x\ry\r\nz\n');
        fd.append('file', new File(['\r\n--x'], 'q"\n.txt', { type: 'A/B' }));
        fd.append('untyped', new Blob(['u']), 'u.bin');
        const res = new Response(fd);
        const type = res.headers.get('content-type');
        const boundary = type.slice(type.indexOf('=') + 1);
        is(boundary.length <= 70 && boundary.length > 20, true, 'boundary length');
        is(boundary === new Response(fd).headers.get('content-type').split('=')[1], false, 'random boundary');
        const text = await res.clone().text();
        const want = [
          `--${boundary}`, 'Content-Disposition: form-data; name="a%0D%0Ab%22"', '', 'x\r\ny\r\nz\r\n',
          `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="q%22%0A.txt"', 'Content-Type: a/b', '', '\r\n--x',
          `--${boundary}`, 'Content-Disposition: form-data; name="untyped"; filename="u.bin"', 'Content-Type: application/octet-stream', '', 'u',
          `--${boundary}--`, '',
        ].join('\r\n');
        is(text, want, 'serialization');
        const back = await res.formData();
        eq(dump(back), [['a\r\nb"', 'x\r\ny\r\nz\r\n'], ['file', 'q"\n.txt', 'a/b', 5], ['untyped', 'u.bin', 'application/octet-stream', 1]], 'round trip');
        is(await new Response(new FormData()).text() !== '', true, 'an empty form still has its close delimiter');
        is((await new Response(new FormData()).formData()).has('x'), false, 'empty round trip');
        const req = new Request('http://a/', { method: 'POST', body: fd });
        is((await req.formData()).get('untyped').name, 'u.bin', 'Request bodies too');
        "#,
    );
}

#[test]
fn urlencoded_parsing() {
    check(
        r#"
        const parse = (body, type = 'application/x-www-form-urlencoded') =>
          new Response(body, { headers: { 'content-type': type } }).formData();
        eq(dump(await parse('a=1&b=x+y&c=%26%3D&&d&=e&a=2')), [['a', '1'], ['b', 'x y'], ['c', '&='], ['d', ''], ['', 'e'], ['a', '2']], 'pairs');
        eq(dump(await parse(new Uint8Array([0x61, 0x3d, 0xff, 0x25, 0x46, 0x46]))), [['a', '\uFFFD\uFFFD']], 'invalid UTF-8');
        eq(dump(await parse('%E2%82%AC=%e2%82%ac')), [['€', '€']], 'percent-encoded UTF-8');
        eq(dump(await parse('\uFEFFa=1')), [['\uFEFFa', '1']], 'no BOM stripping');
        eq(dump(await parse('a=1', 'Application/X-WWW-Form-Urlencoded; charset=x')), [['a', '1']], 'essence match');
        is((await new Response(new URLSearchParams('x=1&y=2')).formData()).get('y'), '2', 'URLSearchParams bodies');
        "#,
    );
}

#[test]
fn inspect_output() {
    let out = common::stdout(
        r#"
        const fd = new FormData();
        console.log(fd);
        fd.append('a', '1');
        fd.append('b', '2');
        fd.append('b', '3');
        console.log(fd);
        fd.set('f', new File(['xy'], 'f.txt', { lastModified: 7 }));
        console.log(fd);
        "#,
    );
    assert_eq!(
        out,
        "FormData {}\n\
         FormData { a: '1', b: [ '2', '3' ] }\n\
         FormData {\n  a: '1',\n  b: [ '2', '3' ],\n  f: File { size: 2, type: '', name: 'f.txt', lastModified: 7 }\n}\n"
    );
}
