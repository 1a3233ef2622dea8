//! Native ops for the `encoding` builtin (`nanojs:internal/encoding`): the byte
//! work of `TextEncoder` and `TextDecoder` (WHATWG Encoding), on `encoding_rs`.
//!
//! Strings are read through `JS_ToCStringLen2`, which hands out WTF-8: UTF-8
//! that may encode lone surrogates (`ED A0..BF xx`). For ASCII strings it is a
//! pointer into the string itself, so an ASCII `encode()` copies once, into
//! the new `Uint8Array`, and `encodeInto()` copies once, into the destination.
//! A lone surrogate's WTF-8 form is three bytes, like U+FFFD's UTF-8 form, so
//! converting to UTF-8 (USVString semantics) is a same-length patch in place.

use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding, UTF_8};
use rquickjs::class::{JsClass, Trace, Tracer, Writable};
use rquickjs::module::{Declarations, Declared, Exports, ModuleDef};
use rquickjs::Constructor;
use rquickjs::{qjs, Class, Ctx, Exception, Function, JsLifetime, Module, Object, Value};

/// The bytes of a JS string as WTF-8, borrowed from QuickJS until dropped.
pub(crate) struct Wtf8<'js> {
    ctx: Ctx<'js>,
    ptr: *const u8,
    len: usize,
}

impl<'js> Wtf8<'js> {
    /// Converts `value` with ToString (callers pass strings, so no JS runs).
    pub(crate) fn new(ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Self> {
        let mut len: qjs::size_t = 0;
        // SAFETY: `value` belongs to `ctx`; the pointer is released in `drop`.
        let ptr = unsafe {
            qjs::JS_ToCStringLen2(ctx.as_raw().as_ptr(), &mut len, value.as_raw(), false)
        };
        if ptr.is_null() {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Self {
            ctx: ctx.clone(),
            ptr: ptr.cast(),
            len: len as usize,
        })
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        // SAFETY: QuickJS keeps `len` bytes alive at `ptr` until JS_FreeCString.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for Wtf8<'_> {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from JS_ToCStringLen2 on this context.
        unsafe { qjs::JS_FreeCString(self.ctx.as_raw().as_ptr(), self.ptr.cast()) };
    }
}

/// WebIDL DOMString conversion (ToString, which throws on symbols).
pub(crate) fn to_js_string<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> rquickjs::Result<Value<'js>> {
    if value.is_string() {
        return Ok(value);
    }
    // SAFETY: `value` belongs to `ctx`; the result is a new owned value.
    let s = unsafe {
        let raw = qjs::JS_ToString(ctx.as_raw().as_ptr(), value.as_raw());
        Value::from_raw(ctx.clone(), raw)
    };
    if s.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    Ok(s)
}

/// Whether WTF-8 `bytes` encode a lone surrogate somewhere.
fn has_surrogate(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && bytes.windows(2).any(|w| w[0] == 0xED && w[1] >= 0xA0)
}

/// Rewrites every lone surrogate in WTF-8 `bytes` to U+FFFD (same length).
/// In WTF-8, 0xED is always a lead byte, and a second byte of A0..BF means a
/// surrogate code point.
fn replace_surrogates(bytes: &mut [u8]) {
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == 0xED && bytes[i + 1] >= 0xA0 {
            bytes[i..i + 3].copy_from_slice(&[0xEF, 0xBF, 0xBD]);
            i += 3;
        } else {
            i += 1;
        }
    }
}

/// The number of UTF-16 code units that the WTF-8 `bytes` encode.
fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// The longest prefix of WTF-8 `bytes` that fits in `room` bytes without
/// splitting a character.
fn fitting_prefix(bytes: &[u8], room: usize) -> usize {
    if bytes.len() <= room {
        return bytes.len();
    }
    let mut end = room;
    while end > 0 && (bytes[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    end
}

/// `encode(string)`: the UTF-8 bytes of `string`, lone surrogates as U+FFFD.
fn encode<'js>(ctx: Ctx<'js>, input: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let input = to_js_string(&ctx, input)?;
    let wtf8 = Wtf8::new(&ctx, &input)?;
    let bytes = wtf8.bytes();
    let surrogates = has_surrogate(bytes);
    // The bytes are copied once, into memory QuickJS allocates (so it counts
    // against the isolate's memory limit).
    // SAFETY: copies `bytes` into a new Uint8Array; `wtf8` outlives the call.
    let raw = unsafe {
        qjs::JS_NewUint8ArrayCopy(ctx.as_raw().as_ptr(), bytes.as_ptr(), bytes.len() as _)
    };
    drop(wtf8);
    // SAFETY: `raw` is a new owned value (or the exception marker, checked).
    let value = unsafe { Value::from_raw(ctx.clone(), raw) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    if surrogates {
        // U+FFFD is as long as a surrogate in WTF-8: patch the copy in place.
        if let Some((ptr, len)) = uint8array_bytes(&ctx, &value) {
            // SAFETY: the new array's own `len` bytes; no JS runs meanwhile.
            replace_surrogates(unsafe { std::slice::from_raw_parts_mut(ptr, len) });
        }
    }
    Ok(value)
}

/// The writable bytes of a `Uint8Array` (not Uint8ClampedArray), empty when
/// its buffer is detached; `None` when `value` is not a `Uint8Array`.
fn uint8array_bytes<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Option<(*mut u8, usize)> {
    // SAFETY: class checks and a pointer lookup on a live value.
    unsafe {
        if qjs::JS_GetTypedArrayType(value.as_raw())
            != qjs::JSTypedArrayEnum_JS_TYPED_ARRAY_UINT8 as i32
        {
            return None;
        }
        let mut len: qjs::size_t = 0;
        let ptr = qjs::JS_GetUint8Array(ctx.as_raw().as_ptr(), &mut len, value.as_raw());
        if ptr.is_null() {
            // Detached or out of bounds: a view of no bytes.
            ctx.catch();
            return Some((std::ptr::NonNull::dangling().as_ptr(), 0));
        }
        Some((ptr, len as usize))
    }
}

/// Results of `encodeInto` below this size come packed in one number.
const PACK: usize = 1 << 26;

thread_local! {
    /// The last `encodeInto` result too large to pack, for `lastEncodeInto`.
    static LAST_ENCODE_INTO: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// `encodeInto(string, uint8array)`: `read * 2^26 + written` when both are
/// below 2^26 (a safe integer; spares building the result object here), or
/// -1, with `lastEncodeInto()` giving `{read, written}`.
fn encode_into<'js>(ctx: Ctx<'js>, input: Value<'js>, dest: Value<'js>) -> rquickjs::Result<f64> {
    // ToString may run JS, so it comes before looking at the destination.
    let input = to_js_string(&ctx, input)?;
    let wtf8 = Wtf8::new(&ctx, &input)?;
    let Some((ptr, room)) = uint8array_bytes(&ctx, &dest) else {
        return Err(Exception::throw_type(
            &ctx,
            "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.",
        ));
    };
    let src = wtf8.bytes();
    let n = fitting_prefix(src, room);
    let (read, written) = if n == 0 {
        (0, 0)
    } else {
        // SAFETY: `ptr` points at `room >= n` bytes of the destination's
        // buffer, which no JS can touch before this function returns; the
        // source is a separate allocation (or the string itself).
        let out = unsafe {
            std::ptr::copy_nonoverlapping(src.as_ptr(), ptr, n);
            std::slice::from_raw_parts_mut(ptr, n)
        };
        let read = if src[..n].is_ascii() {
            n
        } else {
            replace_surrogates(out);
            utf16_len(&src[..n])
        };
        (read, n)
    };
    drop(wtf8);
    if read < PACK && written < PACK {
        return Ok((read * PACK + written) as f64);
    }
    LAST_ENCODE_INTO.with(|last| last.set((read, written)));
    Ok(-1.0)
}

/// `lastEncodeInto()`: `{read, written}` of the last unpacked `encodeInto`.
fn last_encode_into(ctx: Ctx<'_>) -> rquickjs::Result<Object<'_>> {
    let (read, written) = LAST_ENCODE_INTO.with(|last| last.get());
    let result = Object::new(ctx)?;
    result.set("read", read as f64)?;
    result.set("written", written as f64)?;
    Ok(result)
}

/// `encodingName(label)`: the lowercase name of the encoding that `label`
/// names, or undefined for an unknown label or the replacement encoding.
fn encoding_name<'js>(ctx: Ctx<'js>, label: Value<'js>) -> rquickjs::Result<Option<String>> {
    let wtf8 = Wtf8::new(&ctx, &label)?;
    Ok(Encoding::for_label(wtf8.bytes())
        .filter(|e| *e != encoding_rs::REPLACEMENT)
        .map(|e| e.name().to_ascii_lowercase()))
}

/// The state of one `TextDecoder`, held by the JS object as an opaque handle.
pub(crate) struct DecoderState {
    encoding: &'static Encoding,
    fatal: bool,
    ignore_bom: bool,
    /// The decoder of the stream in progress; `None` between streams.
    decoder: Option<Decoder>,
    /// The spec's "do not flush": the last `decode()` had `stream: true`.
    do_not_flush: bool,
    /// Bytes left unread by a fatal error mid-stream; they are decoded first
    /// on the next call (the spec's I/O queue keeps them).
    pending: Vec<u8>,
}

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for DecoderState {
    type Changed<'to> = DecoderState;
}

impl<'js> Trace<'js> for DecoderState {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for DecoderState {
    const NAME: &'static str = "TextDecoderState";
    type Mutable = Writable;

    fn prototype(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Ok(None)
    }

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }
}

/// Why a decode produced no string.
enum DecodeError {
    /// Malformed input with `fatal` set.
    Malformed,
    /// Output too large for the address space.
    Overflow,
}

impl DecoderState {
    fn new_decoder(&self) -> Decoder {
        if self.ignore_bom {
            self.encoding.new_decoder_without_bom_handling()
        } else {
            self.encoding.new_decoder_with_bom_removal()
        }
    }

    /// The spec's `decode(input, {stream})` on the bytes of `input`.
    fn decode<'a>(&mut self, input: &'a [u8], stream: bool) -> Result<DecodeOut<'a>, DecodeError> {
        if !self.do_not_flush {
            self.decoder = None;
            self.pending.clear();
        }
        self.do_not_flush = stream;
        let last = !stream;

        // Fast path: a whole, valid UTF-8 input needs no decoder at all, and
        // becomes a JS string straight from the caller's buffer.
        if self.decoder.is_none() && last && self.encoding == UTF_8 {
            let body = if !self.ignore_bom && input.starts_with(b"\xEF\xBB\xBF") {
                &input[3..]
            } else {
                input
            };
            if Encoding::utf8_valid_up_to(body) == body.len() {
                // SAFETY: just validated (SIMD; faster than `str::from_utf8`).
                return Ok(DecodeOut::Borrowed(unsafe {
                    std::str::from_utf8_unchecked(body)
                }));
            }
        }

        let mut out = String::new();
        let pending = std::mem::take(&mut self.pending);
        let result = if pending.is_empty() {
            self.run(input, last, &mut out)
        } else {
            self.run(&pending, false, &mut out)
                .and_then(|()| self.run(input, last, &mut out))
        };
        match result {
            Ok(()) => {
                if last {
                    self.decoder = None;
                }
                Ok(DecodeOut::Owned(out))
            }
            Err((DecodeError::Malformed, unread)) => {
                if last {
                    self.decoder = None;
                } else {
                    self.pending = unread;
                }
                Err(DecodeError::Malformed)
            }
            Err((e, _)) => {
                self.decoder = None;
                Err(e)
            }
        }
    }

    /// Feeds `src` to the stream's decoder, appending to `out`. On a fatal
    /// error, returns the bytes after the malformed sequence.
    fn run(
        &mut self,
        src: &[u8],
        last: bool,
        out: &mut String,
    ) -> Result<(), (DecodeError, Vec<u8>)> {
        if self.decoder.is_none() {
            self.decoder = Some(self.new_decoder());
        }
        let fatal = self.fatal;
        let decoder = self.decoder.as_mut().expect("decoder was just set");
        let mut src = src;
        loop {
            let need = if fatal {
                decoder.max_utf8_buffer_length_without_replacement(src.len())
            } else {
                decoder.max_utf8_buffer_length(src.len())
            };
            let Some(need) = need else {
                return Err((DecodeError::Overflow, Vec::new()));
            };
            // The worst case is up to 3x the input; start from what mostly
            // suffices (1x plus slack) and grow by doubling when it does not.
            let want = need.min(src.len().max(out.capacity()).saturating_add(16));
            if out.try_reserve(want).is_err() {
                return Err((DecodeError::Overflow, Vec::new()));
            }
            if fatal {
                let (result, read) = decoder.decode_to_string_without_replacement(src, out, last);
                src = &src[read..];
                match result {
                    DecoderResult::InputEmpty => return Ok(()),
                    DecoderResult::OutputFull => continue,
                    DecoderResult::Malformed(_, _) => {
                        return Err((DecodeError::Malformed, src.to_vec()))
                    }
                }
            } else {
                let (result, read, _) = decoder.decode_to_string(src, out, last);
                src = &src[read..];
                match result {
                    CoderResult::InputEmpty => return Ok(()),
                    CoderResult::OutputFull => continue,
                }
            }
        }
    }
}

enum DecodeOut<'a> {
    Borrowed(&'a str),
    Owned(String),
}

/// What `decode()` was given.
enum Input {
    /// Bytes at `ptr`, valid until JS runs again.
    Bytes(*const u8, usize),
    /// A `DataView`, which has no C accessor: the JS side unwraps it.
    DataView,
}

/// Classifies a `decode()` argument: `undefined`, an `ArrayBuffer`,
/// `SharedArrayBuffer`, typed array or `DataView`. Detached buffers are empty.
fn input_bytes<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Input> {
    const EMPTY: Input = Input::Bytes(std::ptr::NonNull::<u8>::dangling().as_ptr(), 0);
    if value.is_undefined() {
        return Ok(EMPTY);
    }
    if !value.is_object() {
        return Err(not_a_buffer(ctx));
    }
    let raw_ctx = ctx.as_raw().as_ptr();
    let raw = value.as_raw();
    // SAFETY: class checks and pointer lookups on a live value; any buffer
    // value handed back is owned and released by `Value`'s drop.
    unsafe {
        if qjs::JS_GetTypedArrayType(raw) >= 0 {
            let (mut offset, mut len): (qjs::size_t, qjs::size_t) = (0, 0);
            let buffer = qjs::JS_GetTypedArrayBuffer(
                raw_ctx,
                raw,
                &mut offset,
                &mut len,
                std::ptr::null_mut(),
            );
            let buffer = Value::from_raw(ctx.clone(), buffer);
            if buffer.is_exception() {
                ctx.catch();
                return Ok(EMPTY);
            }
            let mut size: qjs::size_t = 0;
            let data = qjs::JS_GetArrayBuffer(raw_ctx, &mut size, buffer.as_raw());
            if data.is_null() {
                ctx.catch();
                return Ok(EMPTY);
            }
            let (offset, len) = (offset as usize, len as usize);
            if offset.saturating_add(len) > size as usize {
                return Ok(EMPTY);
            }
            return Ok(Input::Bytes(data.add(offset), len));
        }
        if qjs::JS_IsDataView(raw) {
            return Ok(Input::DataView);
        }
        let is_array_buffer = qjs::JS_IsArrayBuffer(raw);
        let mut size: qjs::size_t = 0;
        let data = qjs::JS_GetArrayBuffer(raw_ctx, &mut size, raw);
        if data.is_null() {
            ctx.catch();
            // A detached ArrayBuffer is empty; anything else is the wrong type
            // (a SharedArrayBuffer is never detached).
            return if is_array_buffer {
                Ok(EMPTY)
            } else {
                Err(not_a_buffer(ctx))
            };
        }
        Ok(Input::Bytes(data, size as usize))
    }
}

fn not_a_buffer(ctx: &Ctx<'_>) -> rquickjs::Error {
    Exception::throw_type(
        ctx,
        "Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'",
    )
}

/// `newDecoder(name, fatal, ignoreBOM)`: the state handle of a TextDecoder.
fn new_decoder<'js>(
    ctx: Ctx<'js>,
    name: Value<'js>,
    fatal: bool,
    ignore_bom: bool,
) -> rquickjs::Result<Class<'js, DecoderState>> {
    let wtf8 = Wtf8::new(&ctx, &name)?;
    let Some(encoding) =
        Encoding::for_label(wtf8.bytes()).filter(|e| *e != encoding_rs::REPLACEMENT)
    else {
        drop(wtf8);
        return Err(Exception::throw_range(&ctx, "unknown encoding"));
    };
    drop(wtf8);
    Class::instance(
        ctx,
        DecoderState {
            encoding,
            fatal,
            ignore_bom,
            decoder: None,
            do_not_flush: false,
            pending: Vec::new(),
        },
    )
}

/// `decode(handle, input, stream)`: the decoded string, or null when `input`
/// is a DataView that the caller should pass again as a Uint8Array.
fn decode<'js>(
    ctx: Ctx<'js>,
    handle: Class<'js, DecoderState>,
    input: Value<'js>,
    stream: bool,
) -> rquickjs::Result<Value<'js>> {
    let (ptr, len) = match input_bytes(&ctx, &input)? {
        Input::Bytes(ptr, len) => (ptr, len),
        Input::DataView => return Ok(Value::new_null(ctx)),
    };
    // SAFETY: `input` keeps the buffer alive, and no JS runs while `bytes` is
    // in use: decoding is pure Rust, and creating the string only allocates.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let mut state = handle
        .try_borrow_mut()
        .map_err(|_| Exception::throw_type(&ctx, "TextDecoder is busy"))?;
    let encoding = state.encoding;
    match state.decode(bytes, stream) {
        Ok(DecodeOut::Borrowed(s)) => js_string(ctx, s),
        Ok(DecodeOut::Owned(s)) => js_string(ctx, &s),
        Err(DecodeError::Malformed) => Err(Exception::throw_type(
            &ctx,
            &format!(
                "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid for encoding {}",
                encoding.name().to_ascii_lowercase()
            ),
        )),
        Err(DecodeError::Overflow) => Err(Exception::throw_range(
            &ctx,
            "Failed to execute 'decode' on 'TextDecoder': output too large",
        )),
    }
}

/// A JS string from UTF-8. QuickJS stores Latin-1 text in 8-bit strings and
/// anything else in 16-bit ones; for the latter its UTF-8 decoder is a slow
/// byte loop, so wide text is converted to UTF-16 here (SIMD-assisted) and
/// copied in as is.
fn js_string<'js>(ctx: Ctx<'js>, s: &str) -> rquickjs::Result<Value<'js>> {
    const SMALL: usize = 64;
    if s.len() < SMALL || s.is_ascii() || encoding_rs::mem::is_str_latin1(s) {
        return Ok(rquickjs::String::from_str(ctx, s)?.into_value());
    }
    let mut utf16 = vec![0u16; s.len()];
    let n = encoding_rs::mem::convert_str_to_utf16(s, &mut utf16);
    // SAFETY: copies `n` valid UTF-16 code units into a new string.
    let raw = unsafe { qjs::JS_NewStringUTF16(ctx.as_raw().as_ptr(), utf16.as_ptr(), n as _) };
    // SAFETY: `raw` is a new owned value (or the exception marker, checked).
    let value = unsafe { Value::from_raw(ctx, raw) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    Ok(value)
}

struct Ops;

const EXPORTS: &[&str] = &[
    "encode",
    "encodeInto",
    "lastEncodeInto",
    "encodingName",
    "newDecoder",
    "decode",
];

impl ModuleDef for Ops {
    fn declare<'js>(decl: &Declarations<'js>) -> rquickjs::Result<()> {
        for name in EXPORTS {
            decl.declare(*name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("encode", Function::new(ctx.clone(), encode)?)?;
        exports.export("encodeInto", Function::new(ctx.clone(), encode_into)?)?;
        exports.export(
            "lastEncodeInto",
            Function::new(ctx.clone(), last_encode_into)?,
        )?;
        exports.export("encodingName", Function::new(ctx.clone(), encoding_name)?)?;
        exports.export("newDecoder", Function::new(ctx.clone(), new_decoder)?)?;
        exports.export("decode", Function::new(ctx.clone(), decode)?)?;
        Ok(())
    }
}

pub(crate) fn declare<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Module<'js, Declared>> {
    Module::declare_def::<Ops, _>(ctx.clone(), name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_patch() {
        // "a" + lone high surrogate + "b" + U+1F600 in WTF-8.
        let mut b = b"a\xED\xA0\x80b\xF0\x9F\x98\x80".to_vec();
        assert!(has_surrogate(&b));
        assert_eq!(utf16_len(&b), 1 + 1 + 1 + 2);
        replace_surrogates(&mut b);
        assert_eq!(std::str::from_utf8(&b).unwrap(), "a\u{FFFD}b\u{1F600}");
        assert!(!has_surrogate("\u{D7FF}\u{E000}".as_bytes()));
    }

    #[test]
    fn prefix_never_splits() {
        let s = "a\u{1D306}b".as_bytes();
        assert_eq!(fitting_prefix(s, 0), 0);
        assert_eq!(fitting_prefix(s, 1), 1);
        assert_eq!(fitting_prefix(s, 4), 1);
        assert_eq!(fitting_prefix(s, 5), 5);
        assert_eq!(fitting_prefix(s, 100), 6);
    }
}
