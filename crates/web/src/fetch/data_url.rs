//! Fetch's data: URL processor (§4.6 "data: URLs").

use url::{Position, Url};

use crate::base64::forgiving_decode;
use crate::form_data::mime;

/// The serialized MIME type and body of a data: URL, or `None` on failure.
pub(crate) fn process(url: &Url) -> Option<(String, Vec<u8>)> {
    // The URL serialized without its fragment, without "data:".
    let input = url[..Position::AfterQuery].strip_prefix("data:")?;
    let (mime_type, encoded) = input.split_once(',')?;
    let mut mime_type = mime_type.trim_matches(|c: char| c.is_ascii_whitespace());
    let mut body = percent_decode(encoded.as_bytes());
    if let Some(rest) = strip_base64_suffix(mime_type) {
        body = forgiving_decode(&body)?;
        mime_type = rest;
    }
    let owned;
    let mime_type = if mime_type.starts_with(';') {
        owned = format!("text/plain{mime_type}");
        &owned
    } else {
        mime_type
    };
    let serialized = match mime::parse(mime_type) {
        Some(m) => m.serialize(),
        None => "text/plain;charset=US-ASCII".to_string(),
    };
    Some((serialized, body))
}

/// `mime_type` without a final `;`, spaces, and "base64" (ASCII
/// case-insensitive), if it ends so.
fn strip_base64_suffix(mime_type: &str) -> Option<&str> {
    let n = mime_type.len();
    if n < 6 || !mime_type.is_char_boundary(n - 6) {
        return None;
    }
    let (head, tail) = mime_type.split_at(n - 6);
    if !tail.eq_ignore_ascii_case("base64") {
        return None;
    }
    head.trim_end_matches(' ').strip_suffix(';')
}

/// URL percent-decode of bytes.
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b == b'%' && i + 2 < input.len() {
            if let (Some(h), Some(l)) = (hex(input[i + 1]), hex(input[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Option<(String, Vec<u8>)> {
        process(&Url::parse(s).unwrap())
    }

    #[test]
    fn processes_data_urls() {
        assert_eq!(
            run("data:,Hello%2C%20World!"),
            Some((
                "text/plain;charset=US-ASCII".into(),
                b"Hello, World!".to_vec()
            ))
        );
        assert_eq!(
            run("data:text/html;base64,PGI+aGk8L2I+"),
            Some(("text/html".into(), b"<b>hi</b>".to_vec()))
        );
        assert_eq!(
            run("data:;base64 ,aGk="),
            Some(("text/plain;charset=US-ASCII".into(), b"hi".to_vec()))
        );
        assert_eq!(
            run("data:;charset=utf-8,x"),
            Some(("text/plain;charset=utf-8".into(), b"x".to_vec()))
        );
        assert_eq!(run("data:text/plain;base64,%%%"), None);
        assert_eq!(run("data:text/plain"), None);
        assert_eq!(run("data:x/y,a#frag"), Some(("x/y".into(), b"a".to_vec())));
        assert_eq!(
            run("data:%2,x"),
            Some(("text/plain;charset=US-ASCII".into(), b"x".to_vec()))
        );
    }
}
