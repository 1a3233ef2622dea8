//! Native ops of `node:buffer` (`nanojs:internal/node_buffer`): the byte work
//! of Node's `Buffer` and `StringDecoder`. The JS side validates arguments
//! (Node's errors are thrown there); these ops get numbers already in range
//! and clamp again, so a bad call can never reach outside a buffer.
//!
//! Encodings are Node's `enum encoding` values (see the constants below).
//! Strings come in as WTF-8 (`Wtf8`): UTF-8 that may encode lone surrogates
//! (`ED A0..BF xx`). Node reads strings as UTF-16 code units; where it
//! truncates a code unit to its low byte (latin1/ascii writes, hex and base64
//! decoding), so do these ops, through [`Units`].
//!
//! Semantics follow Node's C++ (`node_buffer.cc`, `string_bytes.cc`,
//! `base64-inl.h`, `node_i18n.cc`): base64 decoding is Node's lenient
//! decoder (both alphabets, skips whitespace and other bytes, stops at `=`),
//! hex decoding stops at the first bad pair, UTF-8 decoding replaces each
//! maximal invalid subpart with U+FFFD (as V8 and WHATWG do), UTF-8 writes
//! never split a character and write lone surrogates as U+FFFD.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use memchr::memmem;
use rquickjs::{qjs, Ctx, Exception, Value};

use crate::encoding::{typed_array_bytes, JsBuf, Wtf8};
use crate::native::native_ops;

pub(crate) const ASCII: i32 = 0;
pub(crate) const UTF8: i32 = 1;
pub(crate) const BASE64: i32 = 2;
pub(crate) const UCS2: i32 = 3;
pub(crate) const LATIN1: i32 = 4;
pub(crate) const HEX: i32 = 5;
pub(crate) const BASE64URL: i32 = 7;

// ---------------------------------------------------------------------------
// Codecs (pure functions, unit-tested below)

/// The UTF-16 code units of WTF-8 bytes (a supplementary character gives a
/// surrogate pair, a lone surrogate itself).
struct Units<'a> {
    s: &'a [u8],
    i: usize,
    low: Option<u16>,
}

fn units(s: &[u8]) -> Units<'_> {
    Units { s, i: 0, low: None }
}

impl Iterator for Units<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        if let Some(low) = self.low.take() {
            return Some(low);
        }
        let s = self.s;
        let b = *s.get(self.i)?;
        let cont = |k: usize| u32::from(s.get(self.i + k).copied().unwrap_or(0x80) & 0x3F);
        let (c, n) = if b < 0x80 {
            (u32::from(b), 1)
        } else if b < 0xE0 {
            ((u32::from(b & 0x1F) << 6) | cont(1), 2)
        } else if b < 0xF0 {
            ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
        } else {
            (
                (u32::from(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                4,
            )
        };
        self.i += n;
        if c >= 0x10000 {
            let c = c - 0x10000;
            self.low = Some(0xDC00 | (c & 0x3FF) as u16);
            return Some(0xD800 | (c >> 10) as u16);
        }
        Some(c as u16)
    }
}

/// Rewrites every lone surrogate in WTF-8 `bytes` to U+FFFD (same length);
/// a surrogate cut off at the end becomes the same prefix of U+FFFD.
fn replace_surrogates(bytes: &mut [u8]) {
    const FFFD: [u8; 3] = [0xEF, 0xBF, 0xBD];
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == 0xED && bytes[i + 1] >= 0xA0 {
            let n = (bytes.len() - i).min(3);
            bytes[i..i + n].copy_from_slice(&FFFD[..n]);
            i += 3;
        } else {
            i += 1;
        }
    }
}

fn has_surrogate(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && bytes.windows(2).any(|w| w[0] == 0xED && w[1] >= 0xA0)
}

/// The longest prefix of WTF-8 `bytes` of at most `room` bytes that ends on
/// a character boundary.
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

const fn unbase64_table() -> [u8; 256] {
    let mut t = [255u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    t[b'+' as usize] = 62;
    t[b'-' as usize] = 62;
    t[b'/' as usize] = 63;
    t[b'_' as usize] = 63;
    t
}

/// Both base64 alphabets; 255 for every other byte.
static UNBASE64: [u8; 256] = unbase64_table();

/// Node's estimate of the decoded size of base64 `src` (`base64_decoded_size`).
fn base64_decoded_size(src: &[u8]) -> usize {
    let mut size = src.len();
    if size < 2 {
        return 0;
    }
    if src[size - 1] == b'=' {
        size -= 1;
        if src[size - 1] == b'=' {
            size -= 1;
        }
    }
    if size > 1 {
        (size / 4) * 3 + (size % 4).div_ceil(2)
    } else {
        0
    }
}

/// One group of four base64 characters, skipping bytes outside the alphabet
/// (`base64_decode_group_slow`); false when decoding stops.
fn base64_group_slow(dst: &mut [u8], src: &[u8], i: &mut usize, k: &mut usize) -> bool {
    let n = src.len();
    let next = |i: &mut usize| -> Option<u8> {
        loop {
            let c = src[*i];
            let v = UNBASE64[c as usize];
            *i += 1;
            if v < 64 {
                return Some(v);
            }
            if c == b'=' || *i >= n {
                return None;
            }
        }
    };
    let Some(a) = next(i) else { return false };
    if *i >= n || *k >= dst.len() {
        return false;
    }
    let Some(b) = next(i) else { return false };
    dst[*k] = (a << 2) | (b >> 4);
    *k += 1;
    if *i >= n || *k >= dst.len() {
        return false;
    }
    let Some(c) = next(i) else { return false };
    dst[*k] = (b << 4) | (c >> 2);
    *k += 1;
    if *i >= n || *k >= dst.len() {
        return false;
    }
    let Some(d) = next(i) else { return false };
    dst[*k] = (c << 6) | d;
    *k += 1;
    *i < n && *k < dst.len()
}

/// Node's lenient base64 decoder (`base64_decode`): the number of bytes
/// written to `dst`.
fn base64_decode(dst: &mut [u8], src: &[u8]) -> usize {
    let available = dst.len().min(base64_decoded_size(src));
    let max_k = available / 3 * 3;
    let mut max_i = src.len() / 4 * 4;
    let (mut i, mut k) = (0, 0);
    while i < max_i && k < max_k {
        let a = UNBASE64[src[i] as usize];
        let b = UNBASE64[src[i + 1] as usize];
        let c = UNBASE64[src[i + 2] as usize];
        let d = UNBASE64[src[i + 3] as usize];
        if (a | b | c | d) & 0x80 != 0 {
            if !base64_group_slow(dst, src, &mut i, &mut k) {
                return k;
            }
            max_i = i + (src.len() - i) / 4 * 4;
        } else {
            dst[k] = (a << 2) | (b >> 4);
            dst[k + 1] = (b << 4) | (c >> 2);
            dst[k + 2] = (c << 6) | d;
            i += 4;
            k += 3;
        }
    }
    if i < src.len() && k < dst.len() {
        base64_group_slow(dst, src, &mut i, &mut k);
    }
    k
}

fn unhex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Node's hex decoder: pairs of hex digits until the first bad pair or the
/// end of `dst`.
fn hex_decode(dst: &mut [u8], src: impl Iterator<Item = u8>) -> usize {
    let mut src = src;
    let mut k = 0;
    while k < dst.len() {
        let (Some(a), Some(b)) = (src.next(), src.next()) else {
            break;
        };
        let (Some(a), Some(b)) = (unhex(a), unhex(b)) else {
            break;
        };
        dst[k] = (a << 4) | b;
        k += 1;
    }
    k
}

fn hex_encode(dst: &mut [u8], src: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (pair, &b) in dst.chunks_exact_mut(2).zip(src) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
}

/// Node's `IndexOfOffset`: where a search for a needle of `needle_len` bytes
/// starts in `len` bytes, given the caller's `offset`; -1 for no match.
fn index_of_offset(len: usize, offset: i64, needle_len: usize, forward: bool) -> i64 {
    let len = len as i64;
    let needle_len = needle_len as i64;
    if offset < 0 {
        if offset + len >= 0 {
            len + offset
        } else if forward || needle_len == 0 {
            0
        } else {
            -1
        }
    } else if offset + needle_len <= len {
        offset
    } else if needle_len == 0 {
        len
    } else if forward {
        -1
    } else {
        len - 1
    }
}

/// The first match of `needle` at or after `start` (forward), or the last at
/// or before `start` (backward). With `ucs2`, only matches at even offsets
/// count and `start` is rounded down to one (Node searches UTF-16 units).
fn search(hay: &[u8], needle: &[u8], start: usize, forward: bool, ucs2: bool) -> Option<usize> {
    let (hay, needle, step) = if ucs2 {
        (&hay[..hay.len() & !1], &needle[..needle.len() & !1], 2)
    } else {
        (hay, needle, 1)
    };
    if hay.len() < needle.len() {
        return None;
    }
    let start = start / step * step;
    let diff = hay.len() - needle.len();
    if forward {
        if start > diff {
            return None;
        }
        let rest = &hay[start..];
        if step == 1 {
            return memmem::find(rest, needle).map(|p| p + start);
        }
        memmem::find_iter(rest, needle)
            .find(|p| p % 2 == 0)
            .map(|p| p + start)
    } else {
        let last = start.min(diff / step * step);
        let scope = &hay[..last + needle.len()];
        if step == 1 {
            return memmem::rfind(scope, needle);
        }
        memmem::rfind_iter(scope, needle).find(|p| p % 2 == 0)
    }
}

/// The bytes of `s` (WTF-8) in encoding `enc`, as `Buffer.from(s, enc)`
/// makes them, written to `dst` up to its length: the number written.
/// UTF-8 and UTF-16 stop before a character (code unit) that does not fit.
fn write_string(dst: &mut [u8], s: &[u8], enc: i32, scratch: &mut Vec<u8>) -> usize {
    match enc {
        UTF8 => {
            let n = fitting_prefix(s, dst.len());
            dst[..n].copy_from_slice(&s[..n]);
            if has_surrogate(&s[..n]) {
                replace_surrogates(&mut dst[..n]);
            }
            n
        }
        UCS2 => {
            let mut n = 0;
            for (pair, u) in dst.chunks_exact_mut(2).zip(units(s)) {
                pair.copy_from_slice(&u.to_le_bytes());
                n += 2;
            }
            n
        }
        HEX => hex_decode(dst, units(s).map(|u| u as u8)),
        BASE64 | BASE64URL => {
            if s.is_ascii() {
                base64_decode(dst, s)
            } else {
                scratch.clear();
                scratch.extend(units(s).map(|u| u as u8));
                base64_decode(dst, scratch)
            }
        }
        // LATIN1, ASCII: the low byte of each code unit.
        _ => {
            if s.is_ascii() {
                let n = s.len().min(dst.len());
                dst[..n].copy_from_slice(&s[..n]);
                n
            } else {
                let mut n = 0;
                for (d, u) in dst.iter_mut().zip(units(s)) {
                    *d = u as u8;
                    n += 1;
                }
                n
            }
        }
    }
}

/// The bytes of `s` (WTF-8) in encoding `enc`, all of them.
/// The buffer is as large as Node's `byteLength(s, enc)` makes it.
fn encode_string(s: &[u8], enc: i32) -> Vec<u8> {
    let len = if s.is_ascii() {
        s.len()
    } else {
        units(s).count()
    };
    let cap = match enc {
        UTF8 => s.len(),
        UCS2 => len * 2,
        HEX => len / 2,
        BASE64 | BASE64URL => {
            // Node's base64ByteLength: padding off, then 3/4.
            let last = units(s).skip(len.saturating_sub(2)).collect::<Vec<_>>();
            let mut n = len;
            if last.last() == Some(&u16::from(b'=')) {
                n -= 1;
                if n > 1 && last.len() == 2 && last[0] == u16::from(b'=') {
                    n -= 1;
                }
            }
            (n * 3) >> 2
        }
        _ => len,
    };
    let mut out = vec![0; cap];
    let n = write_string(&mut out, s, enc, &mut Vec::new());
    out.truncate(n);
    out
}

/// Fills `dst` with its first `n` bytes, repeated.
fn repeat_prefix(dst: &mut [u8], n: usize) {
    if n == 0 {
        return;
    }
    let mut filled = n.min(dst.len());
    while filled < dst.len() {
        let m = filled.min(dst.len() - filled);
        dst.copy_within(0..m, filled);
        filled += m;
    }
}

/// The UTF-16 code units of UTF-16LE `bytes` (an odd last byte is dropped).
fn utf16le_units(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
}

/// Unicode scalar values of UTF-16 units, lone surrogates as `Err(unit)`.
fn decode_utf16(units: impl Iterator<Item = u16>) -> impl Iterator<Item = Result<char, u16>> {
    char::decode_utf16(units).map(|r| r.map_err(|e| e.unpaired_surrogate()))
}

/// Errors of `transcode`, as ICU's error codes (Node's `errno`).
const U_ILLEGAL_ARGUMENT_ERROR: i32 = 1;
const U_INVALID_CHAR_FOUND: i32 = 10;

/// `buffer.transcode` as Node (ICU) does it, between ascii, latin1, utf8 and
/// ucs2. Unmappable characters become `?` in ascii and latin1; invalid input
/// becomes U+FFFD in utf8 and ucs2, except that ICU refuses to convert
/// invalid UTF-8 to UTF-16, or lone surrogates to UTF-8.
fn transcode(src: &[u8], from: i32, to: i32) -> Result<Vec<u8>, i32> {
    let supported = |e| matches!(e, ASCII | LATIN1 | UTF8 | UCS2);
    if !supported(from) || !supported(to) {
        return Err(U_ILLEGAL_ARGUMENT_ERROR);
    }
    let mut out = Vec::with_capacity(src.len());
    let push_utf8 = |out: &mut Vec<u8>, c: char| {
        let mut b = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    };
    let push_ucs2 = |out: &mut Vec<u8>, c: char| {
        let mut u = [0; 2];
        for unit in c.encode_utf16(&mut u) {
            out.extend_from_slice(&unit.to_le_bytes());
        }
    };
    // The highest code point the target holds (for ascii and latin1).
    let limit = if to == ASCII { 0x7F } else { 0xFF };
    match (from, to) {
        // Single bytes to UTF-16: ICU widens both as latin1 here.
        (ASCII | LATIN1, UCS2) => {
            for &b in src {
                out.extend_from_slice(&[b, 0]);
            }
        }
        (LATIN1, LATIN1) => out.extend_from_slice(src),
        (ASCII | LATIN1, _) => {
            // Bytes above 0x7F are invalid in ASCII.
            let valid = if from == ASCII { 0x7F } else { 0xFF };
            for &b in src {
                let c = if b <= valid {
                    Some(char::from(b))
                } else {
                    None
                };
                match (to, c) {
                    (UTF8, Some(c)) => push_utf8(&mut out, c),
                    (UTF8, None) => push_utf8(&mut out, '\u{FFFD}'),
                    (_, Some(c)) if u32::from(c) <= limit => out.push(b),
                    _ => out.push(b'?'),
                }
            }
        }
        (UTF8, UCS2) => {
            let s = std::str::from_utf8(src).map_err(|_| U_INVALID_CHAR_FOUND)?;
            for c in s.chars() {
                push_ucs2(&mut out, c);
            }
        }
        (UTF8, _) => {
            for chunk in src.utf8_chunks() {
                for c in chunk.valid().chars() {
                    match to {
                        UTF8 => push_utf8(&mut out, c),
                        _ if u32::from(c) <= limit => out.push(c as u8),
                        _ => out.push(b'?'),
                    }
                }
                if !chunk.invalid().is_empty() {
                    match to {
                        UTF8 => push_utf8(&mut out, '\u{FFFD}'),
                        _ => out.push(b'?'),
                    }
                }
            }
        }
        (UCS2, UTF8) => {
            for c in decode_utf16(utf16le_units(src)) {
                push_utf8(&mut out, c.map_err(|_| U_INVALID_CHAR_FOUND)?);
            }
        }
        (UCS2, UCS2) => {
            // ICU decodes and re-encodes: unpaired surrogates become U+FFFD,
            // and so does an odd last byte (together with an unpaired high
            // surrogate just before it).
            let mut pending_high = false;
            for c in decode_utf16(utf16le_units(src)) {
                match c {
                    Ok(c) => push_ucs2(&mut out, c),
                    Err(_) => push_ucs2(&mut out, '\u{FFFD}'),
                }
                pending_high = matches!(c, Err(u) if (0xD800..0xDC00).contains(&u));
            }
            if src.len() % 2 == 1 && !pending_high {
                push_ucs2(&mut out, '\u{FFFD}');
            }
        }
        (UCS2, _) => {
            for c in decode_utf16(utf16le_units(src)) {
                match c {
                    Ok(c) if u32::from(c) <= limit => out.push(c as u8),
                    _ => out.push(b'?'),
                }
            }
        }
        _ => return Err(U_ILLEGAL_ARGUMENT_ERROR),
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// JS strings

fn check<'js>(ctx: &Ctx<'js>, raw: qjs::JSValue) -> rquickjs::Result<Value<'js>> {
    // SAFETY: `raw` is a new owned value (or the exception marker, checked).
    let value = unsafe { Value::from_raw(ctx.clone(), raw) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    Ok(value)
}

/// A JS string from UTF-8 (QuickJS makes a narrow string when it can).
fn string_from_utf8<'js>(ctx: &Ctx<'js>, utf8: &[u8]) -> rquickjs::Result<Value<'js>> {
    // SAFETY: QuickJS copies the bytes; it accepts any bytes.
    check(ctx, unsafe {
        qjs::JS_NewStringLen(ctx.as_raw().as_ptr(), utf8.as_ptr().cast(), utf8.len() as _)
    })
}

fn string_from_utf16<'js>(ctx: &Ctx<'js>, units: &[u16]) -> rquickjs::Result<Value<'js>> {
    // SAFETY: QuickJS copies the units.
    check(ctx, unsafe {
        qjs::JS_NewStringUTF16(ctx.as_raw().as_ptr(), units.as_ptr(), units.len() as _)
    })
}

fn string_from_latin1<'js>(ctx: &Ctx<'js>, bytes: &[u8]) -> rquickjs::Result<Value<'js>> {
    if bytes.is_ascii() {
        return string_from_utf8(ctx, bytes);
    }
    let mut utf8 = JsBuf::<u8>::new(ctx);
    utf8.reserve(ctx, bytes.len() * 2)?;
    let n = encoding_rs::mem::convert_latin1_to_utf8(bytes, utf8.spare());
    utf8.advance(n);
    string_from_utf8(ctx, utf8.as_slice())
}

/// Decodes UTF-8 as V8 does: each maximal invalid subpart becomes U+FFFD.
fn string_from_utf8_lossy<'js>(ctx: &Ctx<'js>, bytes: &[u8]) -> rquickjs::Result<Value<'js>> {
    if bytes.is_ascii() {
        return string_from_utf8(ctx, bytes);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if encoding_rs::mem::is_str_latin1(s) {
            return string_from_utf8(ctx, bytes);
        }
        let mut utf16 = JsBuf::<u16>::new(ctx);
        utf16.reserve(ctx, bytes.len())?;
        let n = encoding_rs::mem::convert_str_to_utf16(s, utf16.spare());
        utf16.advance(n);
        return string_from_utf16(ctx, utf16.as_slice());
    }
    let mut decoder = encoding_rs::UTF_8.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf16_buffer_length(bytes.len())
        .ok_or_else(|| Exception::throw_range(ctx, "buffer too large"))?;
    let mut utf16 = JsBuf::<u16>::new(ctx);
    utf16.reserve(ctx, cap)?;
    let (_, _, written, _) = decoder.decode_to_utf16(bytes, utf16.spare(), true);
    utf16.advance(written);
    string_from_utf16(ctx, utf16.as_slice())
}

/// The string of `bytes` in encoding `enc` (Node's `StringBytes::Encode`).
fn bytes_to_string<'js>(ctx: &Ctx<'js>, bytes: &[u8], enc: i32) -> rquickjs::Result<Value<'js>> {
    match enc {
        UTF8 => string_from_utf8_lossy(ctx, bytes),
        LATIN1 => string_from_latin1(ctx, bytes),
        ASCII => {
            if bytes.is_ascii() {
                return string_from_utf8(ctx, bytes);
            }
            let mut out = JsBuf::<u8>::new(ctx);
            out.reserve(ctx, bytes.len())?;
            for (d, &b) in out.spare().iter_mut().zip(bytes) {
                *d = b & 0x7F;
            }
            out.advance(bytes.len());
            string_from_utf8(ctx, out.as_slice())
        }
        UCS2 => {
            let mut out = JsBuf::<u16>::new(ctx);
            out.reserve(ctx, bytes.len() / 2)?;
            for (d, u) in out.spare().iter_mut().zip(utf16le_units(bytes)) {
                *d = u;
            }
            out.advance(bytes.len() / 2);
            string_from_utf16(ctx, out.as_slice())
        }
        HEX => {
            let mut out = JsBuf::<u8>::new(ctx);
            let n = bytes
                .len()
                .checked_mul(2)
                .ok_or_else(|| Exception::throw_range(ctx, "buffer too large"))?;
            out.reserve(ctx, n)?;
            hex_encode(&mut out.spare()[..n], bytes);
            out.advance(n);
            string_from_utf8(ctx, out.as_slice())
        }
        BASE64 | BASE64URL => {
            let engine = if enc == BASE64 {
                &STANDARD
            } else {
                &URL_SAFE_NO_PAD
            };
            let n = base64::encoded_len(bytes.len(), enc == BASE64)
                .ok_or_else(|| Exception::throw_range(ctx, "buffer too large"))?;
            let mut out = JsBuf::<u8>::new(ctx);
            out.reserve(ctx, n)?;
            let written = engine
                .encode_slice(bytes, &mut out.spare()[..n])
                .map_err(|_| Exception::throw_internal(ctx, "base64 encoding failed"))?;
            out.advance(written);
            string_from_utf8(ctx, out.as_slice())
        }
        _ => Err(Exception::throw_type(ctx, "unknown encoding")),
    }
}

// ---------------------------------------------------------------------------
// Ops

/// The bytes of typed array `value`, valid until JS runs again (every op
/// below runs no JS while it holds them).
fn bytes_of<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    what: &str,
) -> rquickjs::Result<(*mut u8, usize)> {
    typed_array_bytes(ctx, value)
        .ok_or_else(|| Exception::throw_type(ctx, &format!("{what} must be a TypedArray")))
}

/// A range `start..end` of `len` bytes, clamped.
fn clamp(start: f64, end: f64, len: usize) -> (usize, usize) {
    let c = |x: f64| {
        if x.is_nan() || x <= 0.0 {
            0
        } else {
            (x as usize).min(len)
        }
    };
    let (s, e) = (c(start), c(end));
    (s, e.max(s))
}

/// `byteLengthUtf8(string)`: the length of `string` in UTF-8.
fn byte_length_utf8<'js>(ctx: Ctx<'js>, s: Value<'js>) -> rquickjs::Result<f64> {
    let w = Wtf8::new(&ctx, &s)?;
    Ok(w.bytes().len() as f64)
}

/// `fromUtf8(string, proto)`: a new Uint8Array of `string` in UTF-8, with
/// prototype `proto`. One copy, straight from the string (for ASCII strings
/// QuickJS hands out its own bytes).
fn from_utf8<'js>(ctx: Ctx<'js>, s: Value<'js>, proto: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let w = Wtf8::new(&ctx, &s)?;
    let bytes = w.bytes();
    let surrogates = has_surrogate(bytes);
    // SAFETY: copies `bytes` into a new Uint8Array; `w` outlives the call.
    let raw = unsafe {
        qjs::JS_NewUint8ArrayCopy(ctx.as_raw().as_ptr(), bytes.as_ptr(), bytes.len() as _)
    };
    drop(w);
    let value = check(&ctx, raw)?;
    if surrogates {
        if let Some((ptr, len)) = typed_array_bytes(&ctx, &value) {
            // SAFETY: the new array's own bytes; no JS runs meanwhile.
            replace_surrogates(unsafe { std::slice::from_raw_parts_mut(ptr, len) });
        }
    }
    set_proto(&ctx, &value, &proto)?;
    Ok(value)
}

fn set_proto<'js>(ctx: &Ctx<'js>, value: &Value<'js>, proto: &Value<'js>) -> rquickjs::Result<()> {
    // SAFETY: both values are live values of `ctx`.
    let r = unsafe { qjs::JS_SetPrototype(ctx.as_raw().as_ptr(), value.as_raw(), proto.as_raw()) };
    if r < 0 {
        return Err(rquickjs::Error::Exception);
    }
    Ok(())
}

/// `write(buf, string, offset, length, enc)`: writes `string` in `enc` at
/// `offset`, at most `length` bytes; the number of bytes written.
fn write<'js>(
    ctx: Ctx<'js>,
    buf: Value<'js>,
    s: Value<'js>,
    offset: f64,
    length: f64,
    enc: i32,
) -> rquickjs::Result<f64> {
    let w = Wtf8::new(&ctx, &s)?;
    let (ptr, len) = bytes_of(&ctx, &buf, "buffer")?;
    let (start, _) = clamp(offset, 0.0, len);
    let room = if length.is_nan() || length <= 0.0 {
        0
    } else {
        (length as usize).min(len - start)
    };
    if room == 0 {
        return Ok(0.0);
    }
    // SAFETY: `room` bytes from `start` lie in the buffer; no JS runs.
    let dst = unsafe { std::slice::from_raw_parts_mut(ptr.add(start), room) };
    Ok(write_string(dst, w.bytes(), enc, &mut Vec::new()) as f64)
}

/// `slice(buf, start, end, enc)`: bytes `start..end` of `buf` as a string.
fn slice<'js>(
    ctx: Ctx<'js>,
    buf: Value<'js>,
    start: f64,
    end: f64,
    enc: i32,
) -> rquickjs::Result<Value<'js>> {
    let (ptr, len) = bytes_of(&ctx, &buf, "buffer")?;
    let (start, end) = clamp(start, end, len);
    // SAFETY: in bounds; making the string runs no JS.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.add(start), end - start) };
    bytes_to_string(&ctx, bytes, enc)
}

/// `compare(a, b)`: -1, 0 or 1, as memcmp and then the lengths order them.
fn compare<'js>(ctx: Ctx<'js>, a: Value<'js>, b: Value<'js>) -> rquickjs::Result<i32> {
    let (pa, la) = bytes_of(&ctx, &a, "buf1")?;
    let (pb, lb) = bytes_of(&ctx, &b, "buf2")?;
    // SAFETY: shared views of live buffers; no JS runs.
    let (a, b) = unsafe {
        (
            std::slice::from_raw_parts(pa, la),
            std::slice::from_raw_parts(pb, lb),
        )
    };
    Ok(a.cmp(b) as i32)
}

/// `compareOffset(source, target, targetStart, sourceStart, targetEnd,
/// sourceEnd)`: compares the two ranges.
fn compare_offset<'js>(
    ctx: Ctx<'js>,
    source: Value<'js>,
    target: Value<'js>,
    target_start: f64,
    source_start: f64,
    target_end: f64,
    source_end: f64,
) -> rquickjs::Result<i32> {
    let (ps, ls) = bytes_of(&ctx, &source, "source")?;
    let (pt, lt) = bytes_of(&ctx, &target, "target")?;
    let (ss, se) = clamp(source_start, source_end, ls);
    let (ts, te) = clamp(target_start, target_end, lt);
    // SAFETY: in bounds; no JS runs.
    let (s, t) = unsafe {
        (
            std::slice::from_raw_parts(ps.add(ss), se - ss),
            std::slice::from_raw_parts(pt.add(ts), te - ts),
        )
    };
    Ok(s.cmp(t) as i32)
}

/// `copy(source, target, targetStart, sourceStart, count)`: copies bytes
/// (the ranges may overlap); the number copied.
fn copy<'js>(
    ctx: Ctx<'js>,
    source: Value<'js>,
    target: Value<'js>,
    target_start: f64,
    source_start: f64,
    count: f64,
) -> rquickjs::Result<f64> {
    let (ps, ls) = bytes_of(&ctx, &source, "source")?;
    let (pt, lt) = bytes_of(&ctx, &target, "target")?;
    let (ss, _) = clamp(source_start, 0.0, ls);
    let (ts, _) = clamp(target_start, 0.0, lt);
    let n = if count > 0.0 { count as usize } else { 0 };
    let n = n.min(ls - ss).min(lt - ts);
    // SAFETY: both ranges are in bounds; `copy` is memmove.
    unsafe { std::ptr::copy(ps.add(ss), pt.add(ts), n) };
    Ok(n as f64)
}

/// `fill(buf, value, start, end, enc)`: fills `start..end` with `value` (a
/// string in `enc`, or a Uint8Array), repeated. 0 when done, -1 when the
/// value gives no bytes, -2 when the range is out of bounds.
fn fill<'js>(
    ctx: Ctx<'js>,
    buf: Value<'js>,
    value: Value<'js>,
    start: f64,
    end: f64,
    enc: i32,
) -> rquickjs::Result<i32> {
    let wtf8 = if value.is_string() {
        Some(Wtf8::new(&ctx, &value)?)
    } else {
        None
    };
    let (ptr, len) = bytes_of(&ctx, &buf, "buffer")?;
    if !(start >= 0.0 && start <= end && end <= len as f64) {
        return Ok(-2);
    }
    let (start, end) = (start as usize, end as usize);
    let n = end - start;
    if n == 0 {
        return Ok(0);
    }
    // SAFETY: in bounds; no JS runs. The pattern below may be in the same
    // buffer, so it is copied with memmove.
    unsafe {
        let dst = ptr.add(start);
        let pattern_len = match &wtf8 {
            None => {
                let (pp, pl) = bytes_of(&ctx, &value, "value")?;
                let m = pl.min(n);
                std::ptr::copy(pp, dst, m);
                pl
            }
            Some(w) => {
                let dst = std::slice::from_raw_parts_mut(dst, n);
                let s = w.bytes();
                match enc {
                    UTF8 => {
                        let m = s.len().min(n);
                        dst[..m].copy_from_slice(&s[..m]);
                        if has_surrogate(s) {
                            let mut pattern = s.to_vec();
                            replace_surrogates(&mut pattern);
                            dst[..m].copy_from_slice(&pattern[..m]);
                        }
                        s.len()
                    }
                    UCS2 => {
                        let pattern = encode_string(s, UCS2);
                        let m = pattern.len().min(n);
                        dst[..m].copy_from_slice(&pattern[..m]);
                        pattern.len()
                    }
                    _ => write_string(dst, s, enc, &mut Vec::new()),
                }
            }
        };
        if pattern_len == 0 {
            return Ok(-1);
        }
        repeat_prefix(std::slice::from_raw_parts_mut(dst, n), pattern_len);
    }
    Ok(0)
}

/// `indexOf(buf, needle, byteOffset, enc, forward)`: Node's `IndexOfString`
/// and `IndexOfBuffer`. `needle` is a string (its bytes in `enc`) or a
/// typed array; UTF-16 searches match at even offsets only.
fn index_of<'js>(
    ctx: Ctx<'js>,
    buf: Value<'js>,
    needle: Value<'js>,
    offset: f64,
    enc: i32,
    forward: bool,
) -> rquickjs::Result<f64> {
    let owned = if needle.is_string() {
        let w = Wtf8::new(&ctx, &needle)?;
        // Node's needle is V8's UTF-8 of the string, where a lone surrogate
        // keeps its (WTF-8) bytes, so it never matches a replaced one.
        Some(if enc == UTF8 {
            w.bytes().to_vec()
        } else {
            encode_string(w.bytes(), enc)
        })
    } else {
        None
    };
    let (hp, hl) = bytes_of(&ctx, &buf, "buffer")?;
    // SAFETY: shared views of live buffers; no JS runs.
    let hay = unsafe { std::slice::from_raw_parts(hp, hl) };
    let needle: &[u8] = match &owned {
        Some(v) => v,
        None => {
            let (np, nl) = bytes_of(&ctx, &needle, "value")?;
            // SAFETY: as above.
            unsafe { std::slice::from_raw_parts(np, nl) }
        }
    };
    let offset = if offset.is_nan() { 0 } else { offset as i64 };
    let opt = index_of_offset(hay.len(), offset, needle.len(), forward);
    if needle.is_empty() {
        return Ok(opt as f64);
    }
    if hay.is_empty() || opt <= -1 {
        return Ok(-1.0);
    }
    let start = opt as usize;
    if (forward && needle.len() + start > hay.len()) || needle.len() > hay.len() {
        return Ok(-1.0);
    }
    let ucs2 = enc == UCS2;
    if ucs2 && (hay.len() < 2 || needle.len() < 2) {
        return Ok(-1.0);
    }
    Ok(search(hay, needle, start, forward, ucs2).map_or(-1.0, |p| p as f64))
}

/// `indexOfNumber(buf, byte, byteOffset, forward)`.
fn index_of_number<'js>(
    ctx: Ctx<'js>,
    buf: Value<'js>,
    byte: f64,
    offset: f64,
    forward: bool,
) -> rquickjs::Result<f64> {
    let (hp, hl) = bytes_of(&ctx, &buf, "buffer")?;
    // SAFETY: a shared view of a live buffer; no JS runs.
    let hay = unsafe { std::slice::from_raw_parts(hp, hl) };
    let offset = if offset.is_nan() { 0 } else { offset as i64 };
    let opt = index_of_offset(hay.len(), offset, 1, forward);
    if opt <= -1 || hay.is_empty() {
        return Ok(-1.0);
    }
    let start = opt as usize;
    let byte = (byte as u32) as u8;
    let found = if forward {
        memchr::memchr(byte, &hay[start..]).map(|p| p + start)
    } else {
        memchr::memrchr(byte, &hay[..=start])
    };
    Ok(found.map_or(-1.0, |p| p as f64))
}

/// `swap(buf, size)`: reverses the byte order of each `size`-byte unit.
fn swap<'js>(ctx: Ctx<'js>, buf: Value<'js>, size: f64) -> rquickjs::Result<Value<'js>> {
    let (p, l) = bytes_of(&ctx, &buf, "buffer")?;
    let size = size as usize;
    if size > 0 {
        // SAFETY: the buffer's own bytes; no JS runs.
        let bytes = unsafe { std::slice::from_raw_parts_mut(p, l) };
        for unit in bytes.chunks_exact_mut(size) {
            unit.reverse();
        }
    }
    Ok(buf)
}

/// `isUtf8(view)`.
fn is_utf8<'js>(ctx: Ctx<'js>, view: Value<'js>) -> rquickjs::Result<bool> {
    let (p, l) = bytes_of(&ctx, &view, "input")?;
    // SAFETY: a shared view of a live buffer; no JS runs.
    Ok(std::str::from_utf8(unsafe { std::slice::from_raw_parts(p, l) }).is_ok())
}

/// `isAscii(view)`.
fn is_ascii<'js>(ctx: Ctx<'js>, view: Value<'js>) -> rquickjs::Result<bool> {
    let (p, l) = bytes_of(&ctx, &view, "input")?;
    // SAFETY: a shared view of a live buffer; no JS runs.
    Ok(unsafe { std::slice::from_raw_parts(p, l) }.is_ascii())
}

/// `transcode(buf, from, to, proto)`: a new Uint8Array with prototype
/// `proto`, or ICU's error number.
fn transcode_op<'js>(
    ctx: Ctx<'js>,
    buf: Value<'js>,
    from: i32,
    to: i32,
    proto: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let (p, l) = bytes_of(&ctx, &buf, "source")?;
    // SAFETY: a shared view of a live buffer; no JS runs until it is dropped.
    let result = transcode(unsafe { std::slice::from_raw_parts(p, l) }, from, to);
    match result {
        Err(errno) => Ok(Value::new_int(ctx, errno)),
        Ok(bytes) => {
            // SAFETY: copies `bytes` into a new Uint8Array.
            let raw = unsafe {
                qjs::JS_NewUint8ArrayCopy(ctx.as_raw().as_ptr(), bytes.as_ptr(), bytes.len() as _)
            };
            let value = check(&ctx, raw)?;
            set_proto(&ctx, &value, &proto)?;
            Ok(value)
        }
    }
}

native_ops! {
    "byteLengthUtf8" => byte_length_utf8,
    "fromUtf8" => from_utf8,
    "write" => write,
    "slice" => slice,
    "compare" => compare,
    "compareOffset" => compare_offset,
    "copy" => copy,
    "fill" => fill,
    "indexOf" => index_of,
    "indexOfNumber" => index_of_number,
    "swap" => swap,
    "isUtf8" => is_utf8,
    "isAscii" => is_ascii,
    "transcode" => transcode_op,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> Vec<u8> {
        let mut out = vec![0; base64_decoded_size(s.as_bytes())];
        let n = base64_decode(&mut out, s.as_bytes());
        out.truncate(n);
        out
    }

    #[test]
    fn base64_lenient() {
        assert_eq!(b64("aGVsbG8="), b"hello");
        assert_eq!(b64("aGVsbG8"), b"hello");
        assert_eq!(b64("aGV sbG\n8="), b"hello");
        assert_eq!(b64("_-8="), [0xFF, 0xEF]);
        assert_eq!(b64("/+8="), [0xFF, 0xEF]);
        assert_eq!(b64("aGk=aGk="), b"hi");
        assert_eq!(b64("a"), b"");
        assert_eq!(b64(""), b"");
        let mut big = vec![0; 100];
        assert_eq!(base64_decode(&mut big, b"  aGVsbG8gd29ybGQ="), 11);
        assert_eq!(&big[..11], b"hello world");
    }

    #[test]
    fn hex() {
        let mut out = [0u8; 4];
        assert_eq!(hex_decode(&mut out, b"abCD0".iter().copied()), 2);
        assert_eq!(&out[..2], [0xAB, 0xCD]);
        assert_eq!(hex_decode(&mut out, b"0g12".iter().copied()), 0);
        assert_eq!(hex_decode(&mut out, b"0102030405".iter().copied()), 4);
        let mut s = [0u8; 4];
        hex_encode(&mut s, &[0x0F, 0xA0]);
        assert_eq!(&s, b"0fa0");
    }

    #[test]
    fn code_units() {
        let s = "a\u{E9}\u{20AC}\u{1F600}".as_bytes();
        let u: Vec<u16> = units(s).collect();
        assert_eq!(u, [0x61, 0xE9, 0x20AC, 0xD83D, 0xDE00]);
        // A lone surrogate in WTF-8.
        assert_eq!(units(b"\xED\xA0\x80x").collect::<Vec<_>>(), [0xD800, 0x78]);
    }

    #[test]
    fn writes() {
        let mut scratch = Vec::new();
        let mut dst = [0u8; 4];
        // UTF-8 never splits a character.
        assert_eq!(
            write_string(&mut dst, "a\u{20AC}".as_bytes(), UTF8, &mut scratch),
            4
        );
        assert_eq!(
            write_string(&mut dst[..3], "a\u{20AC}".as_bytes(), UTF8, &mut scratch),
            1
        );
        assert_eq!(
            write_string(&mut dst, b"\xED\xA0\x80", UTF8, &mut scratch),
            3
        );
        assert_eq!(&dst[..3], [0xEF, 0xBF, 0xBD]);
        assert_eq!(
            write_string(&mut dst, "\u{161}b".as_bytes(), LATIN1, &mut scratch),
            2
        );
        assert_eq!(&dst[..2], [0x61, 0x62]);
        assert_eq!(
            write_string(&mut dst[..3], "ab".as_bytes(), UCS2, &mut scratch),
            2
        );
        assert_eq!(&dst[..2], [0x61, 0]);
        assert_eq!(
            encode_string("\u{1F600}".as_bytes(), UCS2),
            [0x3D, 0xD8, 0x00, 0xDE]
        );
    }

    #[test]
    fn searching() {
        assert_eq!(index_of_offset(10, -3, 1, true), 7);
        assert_eq!(index_of_offset(10, -30, 1, true), 0);
        assert_eq!(index_of_offset(10, -30, 1, false), -1);
        assert_eq!(index_of_offset(10, 20, 0, true), 10);
        assert_eq!(index_of_offset(10, 20, 1, false), 9);
        let hay = b"abcabc";
        assert_eq!(search(hay, b"bc", 0, true, false), Some(1));
        assert_eq!(search(hay, b"bc", 2, true, false), Some(4));
        assert_eq!(search(hay, b"bc", 5, false, false), Some(4));
        assert_eq!(search(hay, b"bc", 3, false, false), Some(1));
        assert_eq!(search(hay, b"bc", 0, false, false), None);
        // UTF-16: only even offsets.
        let hay = b"xa\0b\0";
        assert_eq!(search(hay, b"a\0", 0, true, true), None);
        let hay = b"a\0b\0a\0";
        assert_eq!(search(hay, b"a\0", 1, true, true), Some(0));
        assert_eq!(search(hay, b"a\0", 5, false, true), Some(4));
    }

    #[test]
    fn fill_repeat() {
        let mut b = *b"ab------";
        repeat_prefix(&mut b, 2);
        assert_eq!(&b, b"abababab");
        let mut b = *b"abc----";
        repeat_prefix(&mut b, 3);
        assert_eq!(&b, b"abcabca");
    }

    #[test]
    fn transcoding() {
        let t = |s: &[u8], f, to| transcode(s, f, to);
        assert_eq!(t("h\u{E9}".as_bytes(), UTF8, ASCII).unwrap(), b"h?");
        assert_eq!(t("h\u{E9}".as_bytes(), UTF8, LATIN1).unwrap(), b"h\xE9");
        assert_eq!(t("\u{1F600}".as_bytes(), UTF8, LATIN1).unwrap(), b"?");
        assert_eq!(t(b"A\xE9", LATIN1, UTF8).unwrap(), "A\u{E9}".as_bytes());
        assert_eq!(t(b"A\xE9", ASCII, UTF8).unwrap(), "A\u{FFFD}".as_bytes());
        assert_eq!(t(b"A\xE9", ASCII, UCS2).unwrap(), b"A\0\xE9\0");
        assert_eq!(t(b"\xFF", UTF8, UCS2), Err(U_INVALID_CHAR_FOUND));
        assert_eq!(t(b"\0\xD8", UCS2, UTF8), Err(U_INVALID_CHAR_FOUND));
        assert_eq!(t(b"A\0\0\xD8B", UCS2, UCS2).unwrap(), b"A\0\xFD\xFF");
        assert_eq!(t(b"A", UTF8, HEX), Err(U_ILLEGAL_ARGUMENT_ERROR));
    }
}
