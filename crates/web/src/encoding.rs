//! Native ops for the `encoding` builtin (`nanojs:internal/encoding`): the byte
//! work of `TextEncoder` and `TextDecoder` (WHATWG Encoding), on `encoding_rs`.
//!
//! Strings are read through `JS_ToCStringLen2`, which hands out WTF-8: UTF-8
//! that may encode lone surrogates (`ED A0..BF xx`). For ASCII strings it is a
//! pointer into the string itself, so an ASCII `encode()` copies once, into
//! the new `Uint8Array`, and `encodeInto()` copies once, into the destination.
//! A lone surrogate's WTF-8 form is three bytes, like U+FFFD's UTF-8 form, so
//! converting to UTF-8 (USVString semantics) is a same-length patch in place.

use crate::native::{native_ops, opaque_class};
use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding, UTF_8};
use rquickjs::{qjs, Class, Ctx, Exception, Object, Value};

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
/// it is detached or out of bounds; `None` when `value` is not a `Uint8Array`.
fn uint8array_bytes<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Option<(*mut u8, usize)> {
    // SAFETY: reads the class id of a live value.
    let kind = unsafe { qjs::JS_GetTypedArrayType(value.as_raw()) };
    if kind != qjs::JSTypedArrayEnum_JS_TYPED_ARRAY_UINT8 as i32 {
        return None;
    }
    typed_array_bytes(ctx, value)
}

/// The bytes a typed array views right now: `None` when `value` is not a
/// typed array, and no bytes when it is detached or out of bounds. The
/// pointer is valid until JS runs again (which may resize, transfer or
/// detach the buffer).
///
/// QuickJS's C API (`JS_GetTypedArrayBuffer`, `JS_GetUint8Array`) reports a
/// length-tracking view's length as it was when the view was made, not as
/// it is after its resizable buffer shrank or grew, so the length here is
/// worked out against the buffer's current size.
pub(crate) fn typed_array_bytes<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
) -> Option<(*mut u8, usize)> {
    let empty = Some((std::ptr::NonNull::<u8>::dangling().as_ptr(), 0));
    let raw_ctx = ctx.as_raw().as_ptr();
    let raw = value.as_raw();
    // SAFETY: class checks and pointer lookups on a live value, which run no
    // JS; the buffer value handed back is owned and released by `Value`.
    unsafe {
        if qjs::JS_GetTypedArrayType(raw) < 0 {
            return None;
        }
        let (mut offset, mut len, mut elem): (qjs::size_t, qjs::size_t, qjs::size_t) = (0, 0, 0);
        let buffer = qjs::JS_GetTypedArrayBuffer(raw_ctx, raw, &mut offset, &mut len, &mut elem);
        let buffer = Value::from_raw(ctx.clone(), buffer);
        if buffer.is_exception() {
            // Detached, or out of bounds of a shrunk resizable buffer.
            ctx.catch();
            return empty;
        }
        let mut size: qjs::size_t = 0;
        let data = qjs::JS_GetArrayBuffer(raw_ctx, &mut size, buffer.as_raw());
        if data.is_null() {
            ctx.catch();
            return empty;
        }
        let (offset, len, elem) = (offset as usize, len as usize, (elem as usize).max(1));
        let Some(room) = (size as usize).checked_sub(offset) else {
            return empty;
        };
        // A fixed-length view in bounds has `len <= room` (QuickJS checked).
        // More than `room` means a length-tracking view on a shrunk buffer;
        // a whole element more room than `len` may be a length-tracking view
        // on a grown one. Either way such a view spans whole elements to the
        // end of the buffer.
        let tracking = len > room || (room - len >= elem && has_element(ctx, value, len / elem));
        let len = if tracking { room - room % elem } else { len };
        Some((data.add(offset), len))
    }
}

/// Whether typed array `value` has an element at `index`. For a typed array
/// this runs no JS: indices are never looked up on the prototype chain.
fn has_element<'js>(ctx: &Ctx<'js>, value: &Value<'js>, index: usize) -> bool {
    let Ok(index) = i64::try_from(index) else {
        return false;
    };
    // SAFETY: `value` is a live typed array of this context; the result is a
    // new owned value (or the exception marker), released by `Value`'s drop.
    let element = unsafe {
        let raw = qjs::JS_GetPropertyInt64(ctx.as_raw().as_ptr(), value.as_raw(), index);
        Value::from_raw(ctx.clone(), raw)
    };
    if element.is_exception() {
        // Out of memory making a BigInt: fall back to the reported length,
        // which is in bounds.
        ctx.catch();
        return false;
    }
    !element.is_undefined()
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

/// Element types a [`JsBuf`] may hold: all-zero bytes are a valid value.
pub(crate) trait Unit: Copy {}
impl Unit for u8 {}
impl Unit for u16 {}

/// A growable buffer in memory that QuickJS allocates, so that it counts
/// against the isolate's memory limit (running out throws QuickJS's
/// out-of-memory error). Decoding makes buffers several times the size of
/// its input; on the Rust heap, a tenant could make the process allocate
/// many times its memory limit. Every element is initialised (to zero).
pub(crate) struct JsBuf<T: Unit> {
    rt: *mut qjs::JSRuntime,
    /// Null while `cap` is 0.
    ptr: *mut T,
    cap: usize,
    len: usize,
}

impl<T: Unit> JsBuf<T> {
    pub(crate) fn new(ctx: &Ctx<'_>) -> Self {
        Self {
            // SAFETY: the runtime of a live context.
            rt: unsafe { qjs::JS_GetRuntime(ctx.as_raw().as_ptr()) },
            ptr: std::ptr::null_mut(),
            cap: 0,
            len: 0,
        }
    }

    /// Makes room for at least `additional` more elements.
    pub(crate) fn reserve(&mut self, ctx: &Ctx<'_>, additional: usize) -> rquickjs::Result<()> {
        let too_large = || Exception::throw_range(ctx, "buffer too large");
        let need = self.len.checked_add(additional).ok_or_else(too_large)?;
        if need <= self.cap {
            return Ok(());
        }
        let cap = need.max(self.cap.saturating_mul(2));
        let bytes = cap
            .checked_mul(std::mem::size_of::<T>())
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or_else(too_large)?;
        // SAFETY: `ptr` is null or came from this runtime's allocator; `ctx`
        // belongs to the same runtime. On failure QuickJS throws and leaves
        // the old block alone.
        let ptr = unsafe { qjs::js_realloc(ctx.as_raw().as_ptr(), self.ptr.cast(), bytes as _) };
        if ptr.is_null() {
            return Err(rquickjs::Error::Exception);
        }
        let ptr = ptr.cast::<T>();
        // SAFETY: the block holds `cap` elements; zero the new ones, so that
        // all of them are initialised (all-zero is a valid `T`).
        unsafe { ptr.add(self.cap).write_bytes(0, cap - self.cap) };
        self.ptr = ptr;
        self.cap = cap;
        Ok(())
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        if self.ptr.is_null() {
            return &[];
        }
        // SAFETY: `len <= cap` initialised elements.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The room after the contents (initialised, so safe to hand out).
    pub(crate) fn spare(&mut self) -> &mut [T] {
        if self.ptr.is_null() {
            return &mut [];
        }
        // SAFETY: `cap - len` initialised elements after the contents.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.add(self.len), self.cap - self.len) }
    }

    /// Counts `n` more elements of `spare()` as contents.
    pub(crate) fn advance(&mut self, n: usize) {
        assert!(n <= self.cap - self.len, "advanced past the capacity");
        self.len += n;
    }

    pub(crate) fn extend_from_slice(&mut self, ctx: &Ctx<'_>, items: &[T]) -> rquickjs::Result<()> {
        self.reserve(ctx, items.len())?;
        self.spare()[..items.len()].copy_from_slice(items);
        self.advance(items.len());
        Ok(())
    }
}

impl<T: Unit> Drop for JsBuf<T> {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: allocated by this runtime, which outlives every buffer
            // (they live on the stack of a native call, or in a class
            // instance of the runtime).
            unsafe { qjs::js_free_rt(self.rt, self.ptr.cast()) };
        }
    }
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
    /// on the next call (the spec's I/O queue keeps them). In QuickJS's
    /// memory: a decoder can hold on to a copy of any amount of input.
    pending: Option<JsBuf<u8>>,
}

opaque_class!(DecoderState, "TextDecoderState");

/// Why a decode produced no string.
enum DecodeError {
    /// Malformed input with `fatal` set.
    Malformed,
    /// Output too large for the address space.
    Overflow,
    /// A JS exception (out of memory) is pending.
    Js(rquickjs::Error),
}

impl From<rquickjs::Error> for DecodeError {
    fn from(e: rquickjs::Error) -> Self {
        DecodeError::Js(e)
    }
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
    fn decode<'a>(
        &mut self,
        ctx: &Ctx<'_>,
        input: &'a [u8],
        stream: bool,
    ) -> Result<DecodeOut<'a>, DecodeError> {
        if !self.do_not_flush {
            self.decoder = None;
            self.pending = None;
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

        let mut out = JsBuf::new(ctx);
        let pending = self.pending.take();
        // On a fatal error: the unread rest of the queue, in two parts.
        let result = match &pending {
            None => self
                .run(ctx, input, last, &mut out)
                .map_err(|(e, rest)| (e, rest, &[][..])),
            Some(pending) => match self.run(ctx, pending.as_slice(), false, &mut out) {
                Ok(()) => self
                    .run(ctx, input, last, &mut out)
                    .map_err(|(e, rest)| (e, rest, &[][..])),
                Err((e, rest)) => Err((e, rest, input)),
            },
        };
        match result {
            Ok(()) => {
                if last {
                    self.decoder = None;
                }
                Ok(DecodeOut::Owned(out))
            }
            Err((DecodeError::Malformed, rest, more)) => {
                drop(out);
                if last {
                    self.decoder = None;
                } else if !rest.is_empty() || !more.is_empty() {
                    let mut unread = JsBuf::new(ctx);
                    let kept = unread
                        .reserve(ctx, rest.len() + more.len())
                        .and_then(|()| unread.extend_from_slice(ctx, rest))
                        .and_then(|()| unread.extend_from_slice(ctx, more));
                    if let Err(e) = kept {
                        self.decoder = None;
                        self.do_not_flush = false;
                        return Err(e.into());
                    }
                    self.pending = Some(unread);
                }
                Err(DecodeError::Malformed)
            }
            Err((e, _, _)) => {
                self.decoder = None;
                self.do_not_flush = false;
                Err(e)
            }
        }
    }

    /// Feeds `src` to the stream's decoder, appending UTF-8 to `out`. On a
    /// fatal error, returns the bytes after the malformed sequence.
    fn run<'s>(
        &mut self,
        ctx: &Ctx<'_>,
        src: &'s [u8],
        last: bool,
        out: &mut JsBuf<u8>,
    ) -> Result<(), (DecodeError, &'s [u8])> {
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
                return Err((DecodeError::Overflow, &[]));
            };
            // The worst case is up to 3x the input; start from what mostly
            // suffices (1x plus slack) and grow by doubling when it does not.
            let want = need.min(src.len().max(out.cap).saturating_add(16));
            if let Err(e) = out.reserve(ctx, want) {
                return Err((e.into(), &[]));
            }
            if fatal {
                let (result, read, written) =
                    decoder.decode_to_utf8_without_replacement(src, out.spare(), last);
                out.advance(written);
                src = &src[read..];
                match result {
                    DecoderResult::InputEmpty => return Ok(()),
                    DecoderResult::OutputFull => continue,
                    DecoderResult::Malformed(_, _) => return Err((DecodeError::Malformed, src)),
                }
            } else {
                let (result, read, written, _) = decoder.decode_to_utf8(src, out.spare(), last);
                out.advance(written);
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
    /// UTF-8 from the decoder.
    Owned(JsBuf<u8>),
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
    if let Some((data, len)) = typed_array_bytes(ctx, value) {
        return Ok(Input::Bytes(data, len));
    }
    let raw_ctx = ctx.as_raw().as_ptr();
    let raw = value.as_raw();
    // SAFETY: class checks and a pointer lookup on a live value; no JS runs.
    unsafe {
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
            pending: None,
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
    match state.decode(&ctx, bytes, stream) {
        Ok(DecodeOut::Borrowed(s)) => js_string(ctx, s),
        Ok(DecodeOut::Owned(utf8)) => {
            // SAFETY: encoding_rs decoders write only whole, valid UTF-8
            // characters.
            let s = unsafe { std::str::from_utf8_unchecked(utf8.as_slice()) };
            js_string(ctx, s)
        }
        Err(DecodeError::Js(e)) => Err(e),
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
    // Exactly as many code units as the string has, in QuickJS's memory.
    let mut utf16 = JsBuf::<u16>::new(&ctx);
    utf16.reserve(&ctx, utf16_len(s.as_bytes()))?;
    // convert_str_to_utf16 wants room for one unit per input byte: convert
    // in place while there is, then the last part through a small buffer.
    const CHUNK: usize = 4096;
    let mut rest = s;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (chunk, tail) = rest.split_at(cut);
        rest = tail;
        let room = utf16.spare();
        if room.len() >= chunk.len() {
            let n = encoding_rs::mem::convert_str_to_utf16(chunk, room);
            utf16.advance(n);
        } else {
            let mut tmp = [0u16; CHUNK];
            let n = encoding_rs::mem::convert_str_to_utf16(chunk, &mut tmp);
            utf16.extend_from_slice(&ctx, &tmp[..n])?;
        }
    }
    let units = utf16.as_slice();
    // SAFETY: copies the valid UTF-16 code units into a new string.
    let raw =
        unsafe { qjs::JS_NewStringUTF16(ctx.as_raw().as_ptr(), units.as_ptr(), units.len() as _) };
    // SAFETY: `raw` is a new owned value (or the exception marker, checked).
    let value = unsafe { Value::from_raw(ctx, raw) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    Ok(value)
}

native_ops! {
    "encode" => encode,
    "encodeInto" => encode_into,
    "lastEncodeInto" => last_encode_into,
    "encodingName" => encoding_name,
    "newDecoder" => new_decoder,
    "decode" => decode,
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
