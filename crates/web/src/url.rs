//! Native ops for the `url` builtin (`nanojs:internal/url`).
//!
//! Parsing and every setter follow the WHATWG URL Standard through the `url`
//! crate (`url::quirks` has the exact setter semantics). A parsed URL crosses
//! to JS once: the op returns the serialized href and writes the offsets of
//! its components into a `Uint32Array` the JS side owns; JS keeps both as the
//! URL's "record", so getters are string slices and never call back into Rust.
//!
//! Offsets (UTF-16 indices into the href, which is ASCII for every URL the
//! parser produces; record index = offset index + 1):
//!
//! | index | value                                  |
//! |-------|----------------------------------------|
//! | 0     | end of scheme (the `:` that follows)   |
//! | 1, 2  | username start, end                    |
//! | 3, 4  | password start, end                    |
//! | 5, 6  | hostname start, end                    |
//! | 7, 8  | port start, end                        |
//! | 9, 10 | pathname start, end                    |
//! | 11    | end of the query (start of the `#`)    |
//!
//! Strings reach these ops already converted to USVStrings by the JS side
//! (lone surrogates replaced), so they are valid UTF-8 here.

use crate::native::native_ops;
use rquickjs::prelude::Opt;
use rquickjs::{Array, Ctx, Exception, TypedArray, Value};
use url::{quirks, Position, Url};

native_ops! {
    "parse" => parse,
    "canParse" => can_parse,
    "set" => set,
    "parseForm" => parse_form,
    "formGet" => form_get,
    "serializeForm" => serialize_form,
}

/// Parses `input` against the optional `base` (WHATWG "API URL parser").
fn parse_url(input: &str, base: Option<&str>) -> Option<Url> {
    match base {
        None => Url::parse(input).ok(),
        Some(base) => {
            let base = Url::parse(base).ok()?;
            Url::options().base_url(Some(&base)).parse(input).ok()
        }
    }
}

/// The component boundaries of a parsed URL, as byte offsets.
fn offsets(url: &Url) -> [usize; 12] {
    let at = |p: Position| url[..p].len();
    let user_end = at(Position::AfterUsername);
    // Not Position::{Before,After}Password: for `https://user@host` they
    // span the `@` (and debug builds of the crate assert).
    let (pass_start, pass_end) = match url.password() {
        Some(p) => (user_end + 1, user_end + 1 + p.len()),
        None => (user_end, user_end),
    };
    [
        at(Position::AfterScheme),
        at(Position::BeforeUsername),
        user_end,
        pass_start,
        pass_end,
        at(Position::BeforeHost),
        at(Position::AfterHost),
        at(Position::BeforePort),
        at(Position::AfterPort),
        at(Position::BeforePath),
        at(Position::AfterPath),
        at(Position::AfterQuery),
    ]
}

/// Writes the component offsets of `url` into `out` (12 `u32`s) and returns
/// its href: JS builds the record from both.
fn record<'js>(
    ctx: &Ctx<'js>,
    out: &TypedArray<'js, u32>,
    url: &Url,
) -> rquickjs::Result<Value<'js>> {
    let href = url.as_str();
    let mut offs = offsets(url);
    if !href.is_ascii() {
        // Not produced by the WHATWG serializer, but keep the JS slices right
        // should a non-ASCII byte ever appear: convert to UTF-16 indices.
        for o in &mut offs {
            *o = href[..*o].encode_utf16().count();
        }
    }
    let Some(raw) = out.as_raw().filter(|r| r.len() >= offs.len() * 4) else {
        return Err(Exception::throw_type(
            ctx,
            "URL offsets buffer is too small",
        ));
    };
    let base = raw.as_ptr() as *mut u8;
    for (i, o) in offs.iter().enumerate() {
        // SAFETY: in bounds (checked above); the buffer is owned by the JS
        // engine, no Rust reference to it exists, and no JS runs meanwhile.
        unsafe { base.add(i * 4).cast::<u32>().write_unaligned(*o as u32) };
    }
    Ok(rquickjs::String::from_str(ctx.clone(), href)?.into_value())
}

/// `parse(out, input, base?)`: the href of the parsed URL (offsets written to
/// `out`), or null on failure.
fn parse<'js>(
    ctx: Ctx<'js>,
    out: TypedArray<'js, u32>,
    input: String,
    base: Opt<String>,
) -> rquickjs::Result<Value<'js>> {
    match parse_url(&input, base.0.as_deref()) {
        Some(url) => record(&ctx, &out, &url),
        None => Ok(Value::new_null(ctx)),
    }
}

/// `canParse(input, base?)`: whether `parse` would succeed.
fn can_parse(input: String, base: Opt<String>) -> bool {
    parse_url(&input, base.0.as_deref()).is_some()
}

/// Setter kinds, shared with `js/url.js`.
const PROTOCOL: i32 = 0;
const USERNAME: i32 = 1;
const PASSWORD: i32 = 2;
const HOST: i32 = 3;
const HOSTNAME: i32 = 4;
const PORT: i32 = 5;
const PATHNAME: i32 = 6;
const SEARCH: i32 = 7;
const HASH: i32 = 8;

/// `set(out, href, kind, value)`: applies the WHATWG setter `kind` to the URL
/// serialized as `href` and returns the new href (offsets written to `out`) (setters that reject the
/// value leave the URL unchanged, as the standard says).
fn set<'js>(
    ctx: Ctx<'js>,
    out: TypedArray<'js, u32>,
    href: String,
    kind: i32,
    value: String,
) -> rquickjs::Result<Value<'js>> {
    let Ok(mut url) = Url::parse(&href) else {
        return Err(Exception::throw_type(&ctx, "URL record is corrupt"));
    };
    match kind {
        PROTOCOL => {
            let _ = quirks::set_protocol(&mut url, &value);
        }
        USERNAME => {
            let _ = quirks::set_username(&mut url, &value);
        }
        PASSWORD => {
            let _ = quirks::set_password(&mut url, &value);
        }
        HOST => {
            let _ = quirks::set_host(&mut url, &value);
        }
        HOSTNAME => {
            let _ = quirks::set_hostname(&mut url, &value);
        }
        PORT => {
            let _ = quirks::set_port(&mut url, &value);
        }
        PATHNAME => {
            if value.is_empty() && !is_special(&url) && has_authority(&url) {
                // A non-special URL with an (empty) host can have an empty
                // path; quirks prepends `/` when the host is empty.
                url.set_path("");
            } else {
                quirks::set_pathname(&mut url, &value);
            }
        }
        SEARCH => quirks::set_search(&mut url, &value),
        HASH => quirks::set_hash(&mut url, &value),
        _ => return Err(Exception::throw_range(&ctx, "unknown URL setter")),
    }
    record(&ctx, &out, &fix_path_prefix(url))
}

fn is_special(url: &Url) -> bool {
    matches!(
        url.scheme(),
        "http" | "https" | "ws" | "wss" | "ftp" | "file"
    )
}

/// Whether the URL has an authority (`scheme://...`), even with an empty host.
fn has_authority(url: &Url) -> bool {
    url[..Position::BeforeHost].len() > url.scheme().len() + 1
}

/// The `url` crate's setters can leave the serialization out of step with
/// the path when a URL without an authority has a path starting with `//`:
/// the standard serializes such a path after `/.` (so it does not read as an
/// authority), and drops the `/.` once an authority exists or the path no
/// longer starts with `//`. The crate keeps a stale `/.` or misses a needed
/// one; the path itself is right, so rebuild the serialization around it.
fn fix_path_prefix(url: Url) -> Url {
    if url.cannot_be_a_base() {
        return url;
    }
    let s = url.as_str();
    let after_port = url[..Position::AfterPort].len();
    let path_start = url[..Position::BeforePath].len();
    let has_dot = &s[after_port..path_start] == "/.";
    let needs_dot = !has_authority(&url) && url.path().starts_with("//");
    if has_dot == needs_dot {
        return url;
    }
    let dot = if needs_dot { "/." } else { "" };
    let fixed = format!("{}{dot}{}", &s[..after_port], &s[path_start..]);
    Url::parse(&fixed).unwrap_or(url)
}

/// `parseForm(input)`: the application/x-www-form-urlencoded parse of
/// `input`, flattened as `[name0, value0, name1, value1, ...]`.
fn parse_form<'js>(ctx: Ctx<'js>, input: String) -> rquickjs::Result<Array<'js>> {
    let arr = Array::new(ctx)?;
    let mut i = 0;
    for (name, value) in url::form_urlencoded::parse(input.as_bytes()) {
        arr.set(i, name.as_ref())?;
        arr.set(i + 1, value.as_ref())?;
        i += 2;
    }
    Ok(arr)
}

/// `formGet(input, name)`: the value of the first `name` pair in the
/// application/x-www-form-urlencoded `input`, or null; what `parseForm` then
/// a lookup would give, without building the list.
fn form_get<'js>(ctx: Ctx<'js>, input: String, name: String) -> rquickjs::Result<Value<'js>> {
    for (n, v) in url::form_urlencoded::parse(input.as_bytes()) {
        if n == name.as_str() {
            return Ok(rquickjs::String::from_str(ctx, &v)?.into_value());
        }
    }
    Ok(Value::new_null(ctx))
}

/// `serializeForm(list)`: the application/x-www-form-urlencoded serialization
/// of a flat `[name0, value0, ...]` list of USVStrings.
fn serialize_form(list: Array<'_>) -> rquickjs::Result<String> {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    let mut i = 0;
    while i + 1 < list.len() {
        let name: String = list.get(i)?;
        let value: String = list.get(i + 1)?;
        out.append_pair(&name, &value);
        i += 2;
    }
    Ok(out.finish())
}
