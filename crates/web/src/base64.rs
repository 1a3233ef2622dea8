//! Native ops for the `base64` builtin (`nanojs:internal/base64`): HTML's
//! `atob` (forgiving-base64 decode) and `btoa`, on the `base64` crate.
//!
//! These are the `atob`/`btoa` globals themselves (`nanojs:base64` re-exports
//! them): argument conversion and the `InvalidCharacterError` DOMException
//! happen here, so a call does not pass through a JS wrapper.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use rquickjs::function::Opt;
use rquickjs::module::{Declarations, Declared, Exports, ModuleDef};
use rquickjs::{Constructor, Ctx, Exception, Function, Module, Value};

use crate::encoding::{to_js_string, Wtf8};

/// Decodes unpadded base64 and ignores nonzero trailing bits, as
/// forgiving-base64 does.
const FORGIVING: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// HTML's ASCII whitespace: TAB, LF, FF, CR, SPACE.
fn is_ascii_whitespace(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The forgiving-base64 decode of `input` (any bytes; non-ASCII is invalid).
pub(crate) fn forgiving_decode(input: &[u8]) -> Option<Vec<u8>> {
    let stripped;
    let mut data = if input.iter().any(|&b| is_ascii_whitespace(b)) {
        stripped = input
            .iter()
            .copied()
            .filter(|&b| !is_ascii_whitespace(b))
            .collect::<Vec<u8>>();
        &stripped[..]
    } else {
        input
    };
    if data.len() % 4 == 0 {
        if let Some(rest) = data.strip_suffix(b"==") {
            data = rest;
        } else if let Some(rest) = data.strip_suffix(b"=") {
            data = rest;
        }
    }
    if data.len() % 4 == 1 {
        return None;
    }
    // Rejects '=' left anywhere and every byte outside the alphabet.
    FORGIVING.decode(data).ok()
}

/// The base64 encoding of the code units of `input` (WTF-8), or `None` when
/// one is above U+00FF.
pub(crate) fn btoa_bytes(input: &[u8]) -> Option<String> {
    if input.is_ascii() {
        return Some(STANDARD.encode(input));
    }
    if !encoding_rs::mem::is_utf8_latin1(input) {
        return None;
    }
    let mut latin1 = vec![0u8; input.len()];
    let n = encoding_rs::mem::convert_utf8_to_latin1_lossy(input, &mut latin1);
    latin1.truncate(n);
    Some(STANDARD.encode(latin1))
}

/// The one required argument of `atob`/`btoa`, converted to a string.
fn argument<'js>(
    ctx: &Ctx<'js>,
    data: Opt<Value<'js>>,
    name: &str,
) -> rquickjs::Result<Value<'js>> {
    match data.0 {
        Some(v) => to_js_string(ctx, v),
        None => Err(Exception::throw_type(
            ctx,
            &format!("Failed to execute '{name}': 1 argument required, but only 0 present."),
        )),
    }
}

/// Throws `new DOMException(message, "InvalidCharacterError")`.
fn invalid_character(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    let thrown = (|| {
        let ns = nanojs_engine::builtin_namespace(ctx, "nanojs:dom_exception")?;
        let ctor: Constructor = ns.get("DOMException")?;
        let e: Value = ctor.construct((message, "InvalidCharacterError"))?;
        Ok(ctx.throw(e))
    })();
    match thrown {
        Ok(e) | Err(e) => e,
    }
}

/// `atob(data)`: the decoded bytes as a string of code units.
fn atob<'js>(ctx: Ctx<'js>, data: Opt<Value<'js>>) -> rquickjs::Result<Value<'js>> {
    let data = argument(&ctx, data, "atob")?;
    let wtf8 = Wtf8::new(&ctx, &data)?;
    let decoded = forgiving_decode(wtf8.bytes());
    drop(wtf8);
    let Some(bytes) = decoded else {
        return Err(invalid_character(
            &ctx,
            "Failed to execute 'atob': The string to be decoded is not correctly encoded.",
        ));
    };
    let s = if bytes.is_ascii() {
        // SAFETY: ASCII is UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        let mut utf8 = vec![0u8; bytes.len() * 2];
        let n = encoding_rs::mem::convert_latin1_to_utf8(&bytes, &mut utf8);
        utf8.truncate(n);
        // SAFETY: convert_latin1_to_utf8 writes UTF-8.
        unsafe { String::from_utf8_unchecked(utf8) }
    };
    Ok(rquickjs::String::from_str(ctx, &s)?.into_value())
}

/// `btoa(data)`: the base64 encoding of a string of code units <= U+00FF.
fn btoa<'js>(ctx: Ctx<'js>, data: Opt<Value<'js>>) -> rquickjs::Result<Value<'js>> {
    let data = argument(&ctx, data, "btoa")?;
    let wtf8 = Wtf8::new(&ctx, &data)?;
    let encoded = btoa_bytes(wtf8.bytes());
    drop(wtf8);
    match encoded {
        Some(s) => Ok(rquickjs::String::from_str(ctx, &s)?.into_value()),
        None => Err(invalid_character(
            &ctx,
            "Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.",
        )),
    }
}

struct Ops;

impl ModuleDef for Ops {
    fn declare<'js>(decl: &Declarations<'js>) -> rquickjs::Result<()> {
        decl.declare("atob")?;
        decl.declare("btoa")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        // Exported as the globals themselves: no JS wrapper in between.
        let atob = Function::new(ctx.clone(), atob)?
            .with_name("atob")?
            .with_length(1)?;
        let btoa = Function::new(ctx.clone(), btoa)?
            .with_name("btoa")?
            .with_length(1)?;
        exports.export("atob", atob)?;
        exports.export("btoa", btoa)?;
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
    fn forgiving() {
        let d = |s: &str| forgiving_decode(s.as_bytes());
        assert_eq!(d("YWJj").unwrap(), b"abc");
        assert_eq!(d(" Y W\tJ\nj\x0C\r").unwrap(), b"abc");
        assert_eq!(d("YQ==").unwrap(), b"a");
        assert_eq!(d("YQ").unwrap(), b"a");
        assert_eq!(d("YR").unwrap(), b"a"); // trailing bits are discarded
        assert_eq!(d("YWI=").unwrap(), b"ab");
        assert_eq!(d("").unwrap(), b"");
        assert!(d("Y").is_none());
        assert!(d("YQ=").is_none());
        assert!(d("YQ===").is_none());
        assert!(d("Y===").is_none());
        assert!(d("YQ==YQ==").is_none());
        assert!(d("YW\u{0B}Jj").is_none()); // VT is not ASCII whitespace
        assert!(d("YWJ\u{A0}").is_none());
        assert!(d("ab-_").is_none());
    }

    #[test]
    fn btoa_latin1() {
        assert_eq!(btoa_bytes(b"abc").unwrap(), "YWJj");
        assert_eq!(btoa_bytes("\u{FF}\u{FF}\u{C0}".as_bytes()).unwrap(), "///A");
        assert!(btoa_bytes("\u{100}".as_bytes()).is_none());
        assert!(btoa_bytes(b"\xED\xA0\x80").is_none()); // lone surrogate
    }
}
