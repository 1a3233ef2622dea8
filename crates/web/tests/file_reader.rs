//! FileReader, FileReaderSync and ProgressEvent (W3C File API §6-7).

mod common;

/// Helpers for snippets, beside `common::ASSERTS`.
const PRELUDE: &str = r#"
import { FileReaderSync, ProgressEvent } from 'nanojs:file_reader';
// "Name" of what f throws, or "no throw".
function thrown(f) {
  try { f(); } catch (e) { return e.name; }
  return 'no throw';
}
const TYPES = ['loadstart', 'progress', 'load', 'error', 'abort', 'loadend'];
// Records every event fired at `reader` as "type@readyState".
function record(reader, log = []) {
  for (const t of TYPES) reader.addEventListener(t, () => log.push(`${t}@${reader.readyState}`));
  return log;
}
// Resolves when `reader` fires loadend (or `type`).
const next = (reader, type = 'loadend') =>
  new Promise((resolve) => reader.addEventListener(type, resolve, { once: true }));
// The result of reading `blob` with `method` (and an encoding label).
async function read(method, blob, label) {
  const r = new FileReader();
  const done = next(r, 'load');
  if (label === undefined) r[method](blob); else r[method](blob, label);
  await done;
  return r.result;
}
const bytes = (...b) => new Blob([new Uint8Array(b)]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Resolves at the `n`th loadend event (from now) at `reader`.
const loadends = (reader, n) => new Promise((resolve) => {
  reader.addEventListener('loadend', () => { if (--n === 0) resolve(); });
});
"#;

fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn interface_shape() {
    check(
        r#"
        is(FileReader.length, 0, 'length');
        is(Object.getPrototypeOf(FileReader), EventTarget, 'extends EventTarget');
        const r = new FileReader();
        is(r instanceof EventTarget, true, 'instance is an EventTarget');
        is(Object.prototype.toString.call(r), '[object FileReader]', 'tag');
        eq([FileReader.EMPTY, FileReader.LOADING, FileReader.DONE], [0, 1, 2], 'constants');
        eq([r.EMPTY, r.LOADING, r.DONE], [0, 1, 2], 'constants on the prototype');
        const c = Object.getOwnPropertyDescriptor(FileReader, 'DONE');
        is(c.writable || c.configurable, false, 'constants are read-only');
        is(r.readyState, 0, 'readyState');
        is(r.result, null, 'result');
        is(r.error, null, 'error');
        for (const h of ['onloadstart', 'onprogress', 'onload', 'onabort', 'onerror', 'onloadend']) {
          is(r[h], null, `${h} starts null`);
          is(Object.getOwnPropertyDescriptor(FileReader.prototype, h).enumerable, true, `${h} enumerable`);
        }
        is(FileReader.prototype.readAsText.length, 1, 'readAsText.length');
        is(Object.getOwnPropertyDescriptor(FileReader.prototype, 'readAsText').enumerable, true,
           'operations are enumerable');
        is(thrown(() => FileReader()), 'TypeError', 'call without new');
        is(thrown(() => FileReader.prototype.readAsText.call({}, new Blob())), 'TypeError', 'brand');
        is(thrown(() => Object.getOwnPropertyDescriptor(FileReader.prototype, 'result').get.call({})),
           'TypeError', 'result brand');
        is(thrown(() => r.readAsText()), 'TypeError', 'no argument');
        is(thrown(() => r.readAsArrayBuffer('abc')), 'TypeError', 'not a Blob');
        is(r.readyState, 0, 'a failed call starts no read');
        "#,
    );
}

#[test]
fn event_order_and_ready_state() {
    check(
        r#"
        const r = new FileReader();
        const log = record(r);
        r.readAsText(new Blob(['abc']));
        is(r.readyState, FileReader.LOADING, 'LOADING right away');
        is(r.result, null, 'no result yet');
        await next(r);
        eq(log, ['loadstart@1', 'progress@1', 'load@2', 'loadend@2'], 'non-empty blob');
        is(r.result, 'abc', 'result');

        // No progress event for an empty blob: no bytes arrive.
        const e = new FileReader();
        const elog = record(e);
        e.readAsArrayBuffer(new Blob());
        await next(e);
        eq(elog, ['loadstart@1', 'load@2', 'loadend@2'], 'empty blob');
        is(e.result.byteLength, 0, 'empty result');
        "#,
    );
}

#[test]
fn progress_events() {
    check(
        r#"
        const r = new FileReader();
        const seen = [];
        for (const t of ['loadstart', 'progress', 'load', 'loadend']) {
          r.addEventListener(t, (e) => seen.push(e));
        }
        r.readAsArrayBuffer(new Blob(['12345']));
        await next(r);
        eq(seen.map((e) => [e.type, e.loaded, e.total, e.lengthComputable]), [
          ['loadstart', 0, 5, true], ['progress', 5, 5, true],
          ['load', 5, 5, true], ['loadend', 5, 5, true],
        ], 'loaded and total');
        for (const e of seen) {
          is(e instanceof ProgressEvent && e instanceof Event, true, `${e.type} is a ProgressEvent`);
          is(e.isTrusted, true, `${e.type} trusted`);
          is(e.bubbles || e.cancelable, false, `${e.type} neither bubbles nor cancels`);
          is(e.target, r, `${e.type} target`);
        }
        // The constructor, for scripts.
        const p = new ProgressEvent('progress', { lengthComputable: 1, loaded: 2.9, total: -1 });
        eq([p.lengthComputable, p.loaded, p.total], [true, 2, 2 ** 64], 'init dictionary');
        is(Object.prototype.toString.call(p), '[object ProgressEvent]', 'tag');
        is(thrown(() => new ProgressEvent()), 'TypeError', 'type required');
        "#,
    );
}

#[test]
fn events_are_tasks_not_microtasks() {
    check(
        r#"
        const r = new FileReader();
        const log = [];
        setTimeout(() => log.push('earlier timer'), 0);
        record(r, log);
        r.readAsText(new Blob(['x']));
        queueMicrotask(() => log.push('microtask'));
        Promise.resolve().then(() => log.push('promise'));
        // A microtask queued by a listener runs before the next event: each
        // event is its own task, followed by a microtask checkpoint.
        r.addEventListener('loadstart', () => queueMicrotask(() => log.push('after loadstart')));
        r.addEventListener('progress', () => queueMicrotask(() => log.push('after progress')));
        // load and loadend share a task, but as in a browser (a microtask
        // checkpoint after each listener) reactions to load run first.
        r.addEventListener('load', () => queueMicrotask(() => log.push('after load')));
        await next(r);
        eq(log, ['microtask', 'promise', 'earlier timer', 'loadstart@1', 'after loadstart',
                 'progress@1', 'after progress', 'load@2', 'after load', 'loadend@2'], 'order');

        // So a script awaiting load can still wait for loadend (EventWatcher).
        const w = new FileReader();
        const timers = [];
        w.onload = () => setTimeout(() => timers.push('timer'), 0);
        w.readAsText(new Blob(['a']));
        await next(w, 'load');
        await next(w, 'loadend');
        eq(timers, [], 'loadend comes before any later task');
        "#,
    );
}

#[test]
fn handler_attributes() {
    check(
        r#"
        const r = new FileReader();
        const log = [];
        for (const t of ['loadstart', 'progress', 'load', 'loadend']) {
          r[`on${t}`] = function (e) { log.push(`${e.type}:${this === r}`); };
        }
        r.onerror = () => log.push('error');
        r.readAsBinaryString(new Blob(['ab']));
        await sleep(5);
        eq(log, ['loadstart:true', 'progress:true', 'load:true', 'loadend:true'], 'handlers');
        r.onload = null;
        is(r.onload, null, 'cleared');
        "#,
    );
}

#[test]
fn reading_while_loading_is_an_invalid_state_error() {
    check(
        r#"
        const r = new FileReader();
        r.readAsText(new Blob(['one']));
        for (const m of ['readAsText', 'readAsArrayBuffer', 'readAsBinaryString', 'readAsDataURL']) {
          let err;
          try { r[m](new Blob(['two'])); } catch (e) { err = e; }
          is(err instanceof DOMException && err.name, 'InvalidStateError', m);
        }
        // Also from loadstart, but not from loadend: the read is done then.
        let inLoadstart;
        r.onloadstart = () => { inLoadstart = thrown(() => r.readAsText(new Blob(['x']))); };
        await next(r);
        is(inLoadstart, 'InvalidStateError', 'in loadstart');
        is(r.result, 'one', 'the first read completed');

        const again = new FileReader();
        const log = record(again);
        again.onloadend = () => {
          if (log.length === 3) again.readAsText(new Blob(['second']));
        };
        const twice = loadends(again, 2);
        again.readAsText(new Blob([]));
        await twice;
        eq(log, ['loadstart@1', 'load@2', 'loadend@2', 'loadstart@1', 'progress@1', 'load@2', 'loadend@2'],
           'a read started in loadend');
        is(again.result, 'second', 'second result');
        "#,
    );
}

#[test]
fn a_read_started_by_a_load_handler_suppresses_loadend() {
    check(
        r#"
        const r = new FileReader();
        const log = record(r);
        let first = true;
        r.onload = () => {
          if (first) { first = false; r.readAsText(new Blob(['b'])); }
        };
        r.readAsText(new Blob(['a']));
        await loadends(r, 1);
        await sleep(1); // no second loadend
        eq(log, ['loadstart@1', 'progress@1', 'load@2', 'loadstart@1', 'progress@1', 'load@2', 'loadend@2'],
           'no loadend for the first read');
        is(r.result, 'b', 'result');
        "#,
    );
}

#[test]
fn abort() {
    check(
        r#"
        // Before any read: nothing fires, state stays EMPTY.
        const idle = new FileReader();
        const idleLog = record(idle);
        idle.abort();
        is(idle.readyState, FileReader.EMPTY, 'still EMPTY');
        eq(idleLog, [], 'no events');

        // During a read: abort and loadend fire synchronously, and the queued
        // tasks never run.
        const r = new FileReader();
        const log = record(r);
        r.readAsText(new Blob(['data']));
        r.abort();
        eq(log, ['abort@2', 'loadend@2'], 'synchronous abort, loadend');
        is(r.result, null, 'no result');
        is(r.error, null, 'no error');
        await sleep(10);
        eq(log, ['abort@2', 'loadend@2'], 'no events after abort');

        // After a read: the result is dropped, no events.
        const done = new FileReader();
        done.readAsText(new Blob(['z']));
        await next(done);
        const doneLog = record(done);
        done.abort();
        is(done.result, null, 'result cleared');
        is(done.readyState, FileReader.DONE, 'still DONE');
        eq(doneLog, [], 'no events after DONE');

        // Abort from loadstart, then restart: only the second read completes.
        const re = new FileReader();
        const reLog = record(re);
        re.onloadstart = () => {
          re.onloadstart = null;
          re.abort();
          re.readAsText(new Blob(['restarted']));
        };
        const reDone = loadends(re, 2);
        re.readAsText(new Blob([new Uint8Array(100000)]));
        await reDone;
        eq(reLog, ['loadstart@1', 'abort@2', 'loadend@2', 'loadstart@1', 'progress@1', 'load@2', 'loadend@2'],
           'restart');
        is(re.result, 'restarted', 'second read result');

        // A read started from the abort handler: no loadend for the aborted one.
        const fromAbort = new FileReader();
        const faLog = record(fromAbort);
        fromAbort.onabort = () => fromAbort.readAsText(new Blob(['n']));
        fromAbort.readAsText(new Blob(['o']));
        fromAbort.abort();
        await sleep(10);
        eq(faLog, ['abort@2', 'loadstart@1', 'progress@1', 'load@2', 'loadend@2'], 'read from onabort');
        "#,
    );
}

#[test]
fn read_as_array_buffer_and_binary_string() {
    check(
        r#"
        const blob = bytes(0, 1, 127, 128, 255);
        const buf = await read('readAsArrayBuffer', blob);
        is(buf instanceof ArrayBuffer, true, 'ArrayBuffer');
        eq(Array.from(new Uint8Array(buf)), [0, 1, 127, 128, 255], 'bytes');
        is(buf === await read('readAsArrayBuffer', blob), false, 'a fresh buffer per read');
        is(await read('readAsBinaryString', blob), '\x00\x01\x7f\x80\xff', 'binary string');
        is(await read('readAsBinaryString', new Blob(['σ'])), '\xcf\x83', 'UTF-8 bytes as code units');
        // Longer than one String.fromCharCode batch.
        const big = new Uint8Array(20000).map((_, i) => i & 255);
        const s = await read('readAsBinaryString', new Blob([big]));
        is(s.length, 20000, 'long length');
        is(s.charCodeAt(19999), 19999 & 255, 'last byte');
        is(s.charCodeAt(8192), 0, 'batch boundary');
        "#,
    );
}

#[test]
fn read_as_text_encodings() {
    check(
        r#"
        const text = (blob, label) => read('readAsText', blob, label);
        is(await text(new Blob(['héllo'])), 'héllo', 'UTF-8 by default');
        is(await text(bytes(0xef, 0xbb, 0xbf, 0x68, 0x69)), 'hi', 'UTF-8 BOM dropped');
        is(await text(bytes(0xff, 0xfe, 0x68, 0, 0x69, 0)), 'hi', 'UTF-16LE BOM');
        is(await text(bytes(0xfe, 0xff, 0, 0x68, 0, 0x69)), 'hi', 'UTF-16BE BOM');
        // The BOM overrides the label.
        is(await text(bytes(0xfe, 0xff, 0, 0x68, 0, 0x69), 'utf-8'), 'hi', 'BOM beats label');
        is(await text(bytes(0xef, 0xbb, 0xbf, 0x68, 0x69), 'utf-16le'), 'hi', 'UTF-8 BOM beats label');
        is(await text(new Blob(['TEST']), 'UTF-16'), '\u4554\u5453', 'label utf-16 is LE');
        is(await text(bytes(0x80, 0xe9), ' Windows-1252 '), '€é', 'label, trimmed, case-insensitive');
        is(await text(bytes(0x80, 0xe9), 'latin1'), '€é', 'latin1 is windows-1252');
        is(await text(bytes(0xc3, 0xa9), 'no-such-encoding'), 'é', 'unknown label: UTF-8');
        is(await text(bytes(0xff)), '\ufffd', 'malformed input is replaced');
        is(await text(bytes(0x68), 'replacement'), '\ufffd', 'replacement encoding');
        is(await text(new Blob([]), 'iso-2022-kr'), '', 'replacement encoding, empty');
        // Without a (valid) label, the blob type's charset.
        const typed = (type) => new Blob([new Uint8Array([0x68, 0, 0x69, 0])], { type });
        is(await text(typed('text/plain;charset=utf-16le')), 'hi', 'charset');
        is(await text(typed('text/plain; foo=bar; CHARSET="UTF-16LE"')), 'hi', 'quoted, later parameter');
        is(await text(typed('text/plain;charset=utf-16le'), 'bogus'), 'hi', 'bad label: charset');
        is(await text(typed('text/plain;charset=utf-16le'), 'utf-8'), 'h\x00i\x00', 'label beats charset');
        is(await text(typed('text/plain;charset=;charset=utf-16le')), 'hi', 'empty value skipped');
        is(await text(typed('text/plain;charset="utf-16le\\"";charset=utf-8')), 'h\x00i\x00',
           'first charset wins even when unknown');
        is(await text(typed('text/pl@in;charset=utf-16le')), 'h\x00i\x00', 'invalid MIME type ignored');
        is(await text(typed('text/plain;charset')), 'h\x00i\x00', 'parameter without value');
        is(await text(new Blob(['x']), { toString: () => 'utf-16le' }) , '\ufffd', 'label converted');
        "#,
    );
}

#[test]
fn read_as_data_url() {
    check(
        r#"
        const url = (blob) => read('readAsDataURL', blob);
        is(await url(new Blob(['TEST'], { type: 'text/plain' })), 'data:text/plain;base64,VEVTVA==', 'typed');
        is(await url(new Blob(['TEST'])), 'data:application/octet-stream;base64,VEVTVA==', 'untyped');
        is(await url(new Blob([])), 'data:application/octet-stream;base64,', 'empty');
        is(await url(bytes(0xfb, 0xff)), 'data:application/octet-stream;base64,+/8=', 'binary');
        is(await url(new File(['a'], 'f.txt', { type: 'Text/Plain;Charset=UTF-8' })),
           'data:text/plain;charset=utf-8;base64,YQ==', 'file, type as normalized');
        "#,
    );
}

#[test]
fn file_reader_sync() {
    check(
        r#"
        const s = new FileReaderSync();
        is(s.readAsText(new Blob(['héllo'])), 'héllo', 'text');
        is(s.readAsText(new Blob([new Uint8Array([0x68, 0])]), 'utf-16le'), 'h', 'text with label');
        eq(Array.from(new Uint8Array(s.readAsArrayBuffer(new Blob(['ab'])))), [97, 98], 'buffer');
        is(s.readAsBinaryString(new Blob(['σ'])), '\xcf\x83', 'binary string');
        is(s.readAsDataURL(new Blob(['a'], { type: 'a/b' })), 'data:a/b;base64,YQ==', 'data URL');
        is(thrown(() => s.readAsText('x')), 'TypeError', 'not a Blob');
        is(thrown(() => FileReaderSync.prototype.readAsText.call({}, new Blob())), 'TypeError', 'brand');
        is(Object.prototype.toString.call(s), '[object FileReaderSync]', 'tag');
        "#,
    );
}

#[test]
fn immune_to_patched_builtins() {
    check(
        r#"
        const blob = new Blob(['abc'], { type: 'text/plain' });
        // Load the module first, then patch what it could have used.
        new FileReader();
        Object.defineProperty(Blob.prototype, 'size', { get: () => 99 });
        Object.defineProperty(Blob.prototype, 'type', { get: () => 'x/y' });
        Uint8Array.prototype.toBase64 = () => 'patched';
        String.fromCharCode = () => 'patched';
        globalThis.setTimeout = () => { throw new Error('patched setTimeout'); };
        const r = new FileReader();
        const seen = [];
        r.onprogress = (e) => seen.push(e.total);
        const p = new Promise((resolve) => { r.onload = resolve; });
        r.readAsDataURL(blob);
        await p;
        is(r.result, 'data:text/plain;base64,YWJj', 'data URL');
        eq(seen, [3], 'internal size');
        "#,
    );
}
