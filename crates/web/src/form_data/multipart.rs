//! multipart/form-data (RFC 7578) as Fetch's `formData()` reads it and as
//! HTML's "multipart/form-data encoding algorithm" writes it.
//!
//! The parser follows the structure of the WHATWG draft "multipart/form-data
//! parser" (strict CRLF line breaks; `%0A`, `%0D`, `%22` unescaped in names and
//! filenames; part values UTF-8 decoded without BOM handling), with RFC 2046
//! leniencies real clients rely on: a preamble before the first boundary,
//! whitespace after a boundary, any `Content-Disposition` parameter order,
//! token (unquoted) parameter values, and RFC 5987 `filename*`, which wins
//! over `filename` (RFC 6266). Hand-written because no crate parses from a
//! complete buffer with these rules; `memchr::memmem` does the searching.

use std::ops::Range;

use memchr::memmem;

/// One parsed part. `body` indexes the parsed input.
#[derive(Debug)]
pub struct Part {
    pub name: String,
    /// Present for file parts.
    pub filename: Option<String>,
    /// The raw `Content-Type` value (isomorphic decoded), if any.
    pub content_type: Option<String>,
    pub body: Range<usize>,
}

pub type Error = &'static str;

fn starts_with_at(input: &[u8], pos: usize, prefix: &[u8]) -> bool {
    input
        .get(pos..)
        .is_some_and(|rest| rest.starts_with(prefix))
}

fn skip_tab_space(input: &[u8], mut pos: usize) -> usize {
    while pos < input.len() && (input[pos] == b' ' || input[pos] == b'\t') {
        pos += 1;
    }
    pos
}

fn is_token_byte(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`'
        | b'|' | b'~' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z')
}

/// Bytes as code points U+0000..U+00FF.
pub fn isomorphic_decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Undoes HTML's escaping of names and filenames (`%0A`, `%0D`, `%22`), then
/// decodes UTF-8 (invalid sequences become U+FFFD).
fn unescape_name(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'%' && i + 2 < raw.len() {
            let esc = match &raw[i + 1..i + 3] {
                b"0A" | b"0a" => Some(b'\n'),
                b"0D" | b"0d" => Some(b'\r'),
                b"22" => Some(b'"'),
                _ => None,
            };
            if let Some(e) = esc {
                out.push(e);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 5987 `ext-value`: `charset'[language]'pct-encoded`. UTF-8 and
/// ISO-8859-1 are the charsets the RFC requires; others are read as UTF-8.
fn decode_ext_value(raw: &[u8]) -> Option<String> {
    let first = raw.iter().position(|&b| b == b'\'')?;
    let second = first + 1 + raw[first + 1..].iter().position(|&b| b == b'\'')?;
    let charset = &raw[..first];
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = second + 1;
    while i < raw.len() {
        let hex = || {
            let digit = |b: u8| (b as char).to_digit(16);
            Some(digit(*raw.get(i + 1)?)? * 16 + digit(*raw.get(i + 2)?)?)
        };
        let hex = if raw[i] == b'%' { hex() } else { None };
        if let Some(b) = hex {
            bytes.push(b as u8);
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    if charset.eq_ignore_ascii_case(b"iso-8859-1") {
        Some(isomorphic_decode(&bytes))
    } else {
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The `Content-Disposition` value from `pos` to the end of the line:
/// `form-data` followed by parameters. Returns (name, filename).
fn parse_disposition(
    input: &[u8],
    mut pos: usize,
) -> Result<(usize, Option<String>, Option<String>), Error> {
    const BAD: Error = "invalid Content-Disposition header in multipart/form-data part";
    let start = pos;
    while pos < input.len() && is_token_byte(input[pos]) {
        pos += 1;
    }
    if !input[start..pos].eq_ignore_ascii_case(b"form-data") {
        return Err(BAD);
    }
    let mut name = None;
    let mut filename = None;
    let mut filename_ext = None;
    loop {
        pos = skip_tab_space(input, pos);
        if pos >= input.len() || input[pos] == b'\r' || input[pos] == b'\n' {
            break;
        }
        if input[pos] != b';' {
            return Err(BAD);
        }
        pos = skip_tab_space(input, pos + 1);
        let key_start = pos;
        while pos < input.len() && is_token_byte(input[pos]) {
            pos += 1;
        }
        let key = &input[key_start..pos];
        pos = skip_tab_space(input, pos);
        if key.is_empty() || input.get(pos) != Some(&b'=') {
            return Err(BAD);
        }
        pos = skip_tab_space(input, pos + 1);
        let raw = if input.get(pos) == Some(&b'"') {
            // HTML escapes `"` and line breaks as %22, %0A, %0D rather than
            // with backslashes, so the value ends at the next quote.
            let v_start = pos + 1;
            let len = input[v_start..]
                .iter()
                .position(|&b| b == b'"' || b == b'\r' || b == b'\n')
                .ok_or(BAD)?;
            pos = v_start + len;
            if input[pos] != b'"' {
                return Err(BAD);
            }
            pos += 1;
            &input[v_start..v_start + len]
        } else {
            let v_start = pos;
            while pos < input.len() && !matches!(input[pos], b';' | b'\r' | b'\n' | b' ' | b'\t') {
                pos += 1;
            }
            &input[v_start..pos]
        };
        if key.eq_ignore_ascii_case(b"name") {
            name = Some(unescape_name(raw));
        } else if key.eq_ignore_ascii_case(b"filename") {
            filename = Some(unescape_name(raw));
        } else if key.eq_ignore_ascii_case(b"filename*") {
            filename_ext = Some(decode_ext_value(raw).ok_or(BAD)?);
        }
    }
    Ok((pos, name, filename_ext.or(filename)))
}

/// Parses the header lines of a part from `pos` (just after the boundary's
/// CRLF) through the empty line. Returns the position of the part's body.
fn parse_headers(
    input: &[u8],
    mut pos: usize,
) -> Result<(usize, String, Option<String>, Option<String>), Error> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    loop {
        if starts_with_at(input, pos, b"\r\n") {
            let name = name.ok_or("multipart/form-data part without a name")?;
            return Ok((pos + 2, name, filename, content_type));
        }
        let start = pos;
        while pos < input.len() && !matches!(input[pos], b'\n' | b'\r' | b':') {
            pos += 1;
        }
        let mut header = &input[start..pos];
        while let [b' ' | b'\t', rest @ ..] = header {
            header = rest;
        }
        while let [rest @ .., b' ' | b'\t'] = header {
            header = rest;
        }
        if header.is_empty() || !header.iter().all(|&b| is_token_byte(b)) {
            return Err("invalid header in multipart/form-data part");
        }
        if input.get(pos) != Some(&b':') {
            return Err("invalid header in multipart/form-data part");
        }
        pos = skip_tab_space(input, pos + 1);
        if header.eq_ignore_ascii_case(b"content-disposition") {
            let (end, n, f) = parse_disposition(input, pos)?;
            pos = end;
            name = n.or(name);
            filename = f;
        } else {
            let start = pos;
            while pos < input.len() && input[pos] != b'\n' && input[pos] != b'\r' {
                pos += 1;
            }
            if header.eq_ignore_ascii_case(b"content-type") {
                let mut value = &input[start..pos];
                while let [rest @ .., b' ' | b'\t'] = value {
                    value = rest;
                }
                content_type = Some(isomorphic_decode(value));
            }
        }
        if !starts_with_at(input, pos, b"\r\n") {
            return Err("header line without CRLF in multipart/form-data part");
        }
        pos += 2;
    }
}

/// Parses a multipart/form-data body with the given boundary (the parameter's
/// value, without the leading `--`).
pub fn parse(input: &[u8], boundary: &[u8]) -> Result<Vec<Part>, Error> {
    if boundary.is_empty() || boundary.len() > 70 {
        return Err("invalid multipart/form-data boundary");
    }
    // "\r\n--boundary": each part's body ends before it.
    let mut delimiter = Vec::with_capacity(boundary.len() + 4);
    delimiter.extend_from_slice(b"\r\n--");
    delimiter.extend_from_slice(boundary);
    let finder = memmem::Finder::new(&delimiter);
    // The first boundary may open the body or follow a preamble.
    let mut pos = if input.starts_with(&delimiter[2..]) {
        delimiter.len() - 2
    } else {
        finder
            .find(input)
            .map(|i| i + delimiter.len())
            .ok_or("multipart/form-data body without a boundary")?
    };
    let mut parts = Vec::new();
    loop {
        if starts_with_at(input, pos, b"--") {
            // The close delimiter; what follows is an epilogue.
            return Ok(parts);
        }
        pos = skip_tab_space(input, pos);
        if !starts_with_at(input, pos, b"\r\n") {
            return Err("malformed boundary line in multipart/form-data body");
        }
        pos += 2;
        let (body_start, name, filename, content_type) = parse_headers(input, pos)?;
        let len = finder
            .find(&input[body_start..])
            .ok_or("multipart/form-data body ends without its final boundary")?;
        parts.push(Part {
            name,
            filename,
            content_type,
            body: body_start..body_start + len,
        });
        pos = body_start + len + delimiter.len();
    }
}

/// A form entry to serialize.
pub enum Value<'a> {
    Text(&'a str),
    File {
        bytes: &'a [u8],
        filename: &'a str,
        content_type: &'a str,
    },
}

/// HTML: line breaks in names and text values become CRLF.
fn normalize_newlines(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                out.extend_from_slice(b"\r\n");
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
}

/// HTML: `"`, CR and LF in names and filenames are percent-escaped.
fn escape_into(bytes: &[u8], out: &mut Vec<u8>) {
    for &b in bytes {
        match b {
            b'\n' => out.extend_from_slice(b"%0A"),
            b'\r' => out.extend_from_slice(b"%0D"),
            b'"' => out.extend_from_slice(b"%22"),
            b => out.push(b),
        }
    }
}

/// The multipart/form-data encoding of `entries` with `boundary`.
pub fn serialize(entries: &[(&str, Value<'_>)], boundary: &str) -> Vec<u8> {
    let size: usize = entries
        .iter()
        .map(|(name, v)| {
            200 + 2 * name.len()
                + match v {
                    Value::Text(t) => 2 * t.len(),
                    Value::File {
                        bytes,
                        filename,
                        content_type,
                    } => bytes.len() + 3 * filename.len() + content_type.len(),
                }
        })
        .sum();
    let mut out = Vec::with_capacity(size + boundary.len() + 8);
    let mut scratch = Vec::new();
    for (name, value) in entries {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        scratch.clear();
        normalize_newlines(name, &mut scratch);
        escape_into(&scratch, &mut out);
        out.push(b'"');
        match value {
            Value::Text(text) => {
                out.extend_from_slice(b"\r\n\r\n");
                normalize_newlines(text, &mut out);
            }
            Value::File {
                bytes,
                filename,
                content_type,
            } => {
                out.extend_from_slice(b"; filename=\"");
                escape_into(filename.as_bytes(), &mut out);
                out.extend_from_slice(b"\"\r\nContent-Type: ");
                let ct = if content_type.is_empty() {
                    "application/octet-stream"
                } else {
                    content_type
                };
                out.extend_from_slice(ct.as_bytes());
                out.extend_from_slice(b"\r\n\r\n");
                out.extend_from_slice(bytes);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(input: &str, boundary: &str) -> Result<Vec<(String, String, Option<String>)>, Error> {
        let parts = parse(input.as_bytes(), boundary.as_bytes())?;
        Ok(parts
            .into_iter()
            .map(|p| {
                let body = String::from_utf8_lossy(&input.as_bytes()[p.body]).into_owned();
                (p.name, body, p.filename)
            })
            .collect())
    }

    #[test]
    fn round_trip() {
        let bytes = serialize(
            &[
                ("a\nb", Value::Text("x\ry\r\nz")),
                (
                    "f\"",
                    Value::File {
                        bytes: b"\r\n--not\r\n",
                        filename: "q\"\n.txt",
                        content_type: "",
                    },
                ),
            ],
            "BOUND",
        );
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "--BOUND\r\nContent-Disposition: form-data; name=\"a%0D%0Ab\"\r\n\r\nx\r\ny\r\nz\r\n\
             --BOUND\r\nContent-Disposition: form-data; name=\"f%22\"; filename=\"q%22%0A.txt\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\r\n--not\r\n\r\n--BOUND--\r\n"
        );
        let parts = parse(text.as_bytes(), b"BOUND").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "a\r\nb");
        assert_eq!(parts[1].name, "f\"");
        assert_eq!(parts[1].filename.as_deref(), Some("q\"\n.txt"));
        assert_eq!(&text.as_bytes()[parts[1].body.clone()], b"\r\n--not\r\n");
    }

    #[test]
    fn empty_form() {
        assert!(parse(b"--b--\r\n", b"b").unwrap().is_empty());
        assert!(parse(b"", b"b").is_err());
    }

    #[test]
    fn leniencies() {
        let body =
            "preamble\r\n--b  \r\ncontent-disposition: form-data; filename=x.txt; name=f\r\n\
                    Content-Type: text/plain \r\n\r\nhi\r\n--b--epilogue";
        let parts = parse(body.as_bytes(), b"b").unwrap();
        assert_eq!(parts[0].name, "f");
        assert_eq!(parts[0].filename.as_deref(), Some("x.txt"));
        assert_eq!(parts[0].content_type.as_deref(), Some("text/plain"));
        let ext = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"; \
                   filename*=UTF-8''%E2%82%AC.txt\r\n\r\n\r\n--b--";
        let parts = parse(ext.as_bytes(), b"b").unwrap();
        assert_eq!(parts[0].filename.as_deref(), Some("€.txt"));
    }

    #[test]
    fn failures() {
        // No final boundary.
        assert!(fields(
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
            "b"
        )
        .is_err());
        // No name.
        assert!(fields(
            "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
            "b"
        )
        .is_err());
        // LF-only line breaks.
        assert!(fields(
            "--b\nContent-Disposition: form-data; name=\"a\"\n\nx\n--b--",
            "b"
        )
        .is_err());
        // Not form-data.
        assert!(fields(
            "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--",
            "b"
        )
        .is_err());
        assert_eq!(
            fields(
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--",
                "b"
            )
            .unwrap(),
            vec![("a".to_string(), "x".to_string(), None)]
        );
    }
}
