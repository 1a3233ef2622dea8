//! Native ops for the fetch body builtins (`nanojs:internal/form_data`): the
//! byte work of `formData()`, of FormData bodies, and MIME type parsing.
//!
//! - `extractMime(value)`: Fetch's "extract a MIME type" from a combined
//!   `Content-Type` value: null, or `[essence, serialized, boundary]`
//!   (`boundary` null when there is no such parameter).
//! - `parseMime(value)`: the essence of one MIME type, or null.
//! - `parseUrlencoded(bytes)`: application/x-www-form-urlencoded bytes as a
//!   flat `[name, value, ...]` list.
//! - `parseMultipart(bytes, boundary)`: multipart/form-data bytes as a flat
//!   list of `name, value, filename, type` quadruples: `value` is a string and
//!   `filename`, `type` undefined for a field; for a file `value` is a new
//!   Uint8Array and `type` the part's Content-Type (or "text/plain", RFC 7578
//!   §4.4). Throws a TypeError when the body is not valid.
//! - `serializeMultipart(list)`: the same quadruples (file values are
//!   Uint8Arrays, `type` may be empty) encoded with a fresh random boundary:
//!   `[contentType, Uint8Array]`.
//!
//! Strings arrive as USVStrings or ByteStrings (the JS side converted them),
//! so they are valid UTF-8 here.

pub(crate) mod mime;
mod multipart;

use rquickjs::{Array, Ctx, Exception, TypedArray, Value};

use crate::encoding::typed_array_bytes;
use crate::native::native_ops;

native_ops! {
    "extractMime" => extract_mime,
    "parseMime" => parse_mime,
    "parseUrlencoded" => parse_urlencoded,
    "parseMultipart" => parse_multipart,
    "serializeMultipart" => serialize_multipart,
}

fn extract_mime<'js>(ctx: Ctx<'js>, value: String) -> rquickjs::Result<Value<'js>> {
    let Some(mime) = mime::extract(&value) else {
        return Ok(Value::new_null(ctx));
    };
    let out = Array::new(ctx.clone())?;
    out.set(0, mime.essence())?;
    out.set(1, mime.serialize())?;
    match mime.param("boundary") {
        Some(b) => out.set(2, b)?,
        None => out.set(2, Value::new_null(ctx.clone()))?,
    }
    Ok(out.into_value())
}

fn parse_mime(value: String) -> Option<String> {
    mime::parse(&value).map(|m| m.essence())
}

/// The bytes a Uint8Array views, valid until JS runs again.
///
/// SAFETY (for callers): the slice must not be used after anything that can
/// run JS. Creating strings, arrays and buffers only allocates: it runs no JS
/// and QuickJS never moves or frees a live buffer (`value` keeps it alive).
unsafe fn bytes_of<'a, 'js>(ctx: &Ctx<'js>, value: &'a Value<'js>) -> rquickjs::Result<&'a [u8]> {
    match typed_array_bytes(ctx, value) {
        Some((ptr, len)) => Ok(std::slice::from_raw_parts(ptr, len)),
        None => Err(Exception::throw_type(ctx, "expected a Uint8Array")),
    }
}

fn parse_urlencoded<'js>(ctx: Ctx<'js>, bytes: Value<'js>) -> rquickjs::Result<Array<'js>> {
    // SAFETY: see `bytes_of`; only strings and the array are created below.
    let input = unsafe { bytes_of(&ctx, &bytes)? };
    let out = Array::new(ctx.clone())?;
    let mut i = 0;
    for (name, value) in url::form_urlencoded::parse(input) {
        out.set(i, name.as_ref())?;
        out.set(i + 1, value.as_ref())?;
        i += 2;
    }
    Ok(out)
}

fn parse_multipart<'js>(
    ctx: Ctx<'js>,
    bytes: Value<'js>,
    boundary: String,
) -> rquickjs::Result<Array<'js>> {
    // SAFETY: see `bytes_of`; only strings, arrays and buffers are created
    // below.
    let input = unsafe { bytes_of(&ctx, &bytes)? };
    let parts = multipart::parse(input, boundary.as_bytes()).map_err(|e| {
        Exception::throw_type(&ctx, &format!("Could not parse the body as FormData: {e}"))
    })?;
    let out = Array::new(ctx.clone())?;
    for (i, part) in parts.into_iter().enumerate() {
        let body = &input[part.body];
        out.set(4 * i, part.name)?;
        match part.filename {
            None => {
                // UTF-8 decode without BOM: a leading BOM is kept as U+FEFF.
                out.set(4 * i + 1, String::from_utf8_lossy(body).as_ref())?;
            }
            Some(filename) => {
                out.set(4 * i + 1, TypedArray::<u8>::new_copy(ctx.clone(), body)?)?;
                out.set(4 * i + 2, filename)?;
                let kind = part.content_type.unwrap_or_else(|| "text/plain".into());
                out.set(4 * i + 3, kind)?;
            }
        }
    }
    Ok(out)
}

/// A boundary that a form's contents are most unlikely to contain: random,
/// so that nobody can forge a part by guessing it.
fn random_boundary() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    let mut out = String::from("----nanojsFormBoundary");
    for b in bytes {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    Ok(out)
}

fn serialize_multipart<'js>(ctx: Ctx<'js>, list: Array<'js>) -> rquickjs::Result<Array<'js>> {
    enum Entry<'js> {
        Text(String),
        File(Value<'js>, String, String),
    }
    // Every value is read out before any byte pointer is taken: the list is
    // ours (no getters), so reading it runs no JS.
    let mut owned: Vec<(String, Entry<'js>)> = Vec::with_capacity(list.len() / 4);
    for i in (0..list.len() / 4).map(|i| 4 * i) {
        let name: String = list.get(i)?;
        let filename: Option<String> = list.get(i + 2)?;
        let entry = match filename {
            None => Entry::Text(list.get(i + 1)?),
            Some(filename) => {
                let kind: Option<String> = list.get(i + 3)?;
                Entry::File(list.get(i + 1)?, filename, kind.unwrap_or_default())
            }
        };
        owned.push((name, entry));
    }
    let mut entries = Vec::with_capacity(owned.len());
    for (name, entry) in &owned {
        let value = match entry {
            Entry::Text(text) => multipart::Value::Text(text),
            Entry::File(bytes, filename, kind) => multipart::Value::File {
                // SAFETY: see `bytes_of`; no JS runs and nothing is allocated
                // in JS until `entries` is dropped.
                bytes: unsafe { bytes_of(&ctx, bytes)? },
                filename,
                content_type: kind,
            },
        };
        entries.push((name.as_str(), value));
    }
    let boundary = random_boundary()
        .map_err(|e| Exception::throw_internal(&ctx, &format!("cannot get random bytes: {e}")))?;
    // Built in Rust memory, then copied into the isolate's heap, where it
    // counts against the isolate's memory limit.
    let bytes = multipart::serialize(&entries, &boundary);
    drop(entries);
    let out = Array::new(ctx.clone())?;
    out.set(0, format!("multipart/form-data; boundary={boundary}"))?;
    out.set(1, TypedArray::<u8>::new_copy(ctx.clone(), bytes)?)?;
    Ok(out)
}
