//! MIME types as the Fetch Standard reads them from `Content-Type`: the WHATWG
//! MIME Sniffing "parse a MIME type" and "serialize a MIME type", and Fetch's
//! "extract a MIME type" over a header value.
//!
//! Hand-written: the `mime` crate follows RFC 2045 and differs from the WHATWG
//! algorithm in the cases that matter here (duplicate and invalid parameters,
//! quoted-string handling, trailing whitespace). Inputs are header values,
//! which are ByteStrings (code points up to U+00FF), so the algorithms work on
//! `char`s exactly as the standard's code points.

/// A parsed MIME type. `kind`, `subtype` and parameter names are lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MimeType {
    pub kind: String,
    pub subtype: String,
    /// In order of appearance; names are unique.
    pub params: Vec<(String, String)>,
}

impl MimeType {
    pub fn essence(&self) -> String {
        format!("{}/{}", self.kind, self.subtype)
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// "Serialize a MIME type": values that are not all token code points (or
    /// are empty) become quoted strings.
    pub fn serialize(&self) -> String {
        let mut out = self.essence();
        for (name, value) in &self.params {
            out.push(';');
            out.push_str(name);
            out.push('=');
            if !value.is_empty() && value.chars().all(is_token) {
                out.push_str(value);
            } else {
                out.push('"');
                for c in value.chars() {
                    if c == '"' || c == '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('"');
            }
        }
        out
    }
}

/// HTTP token code point.
fn is_token(c: char) -> bool {
    matches!(c,
        '!' | '#' | '$' | '%' | '&' | '\'' | '*' | '+' | '-' | '.' | '^' | '_' | '`' | '|' | '~'
        | '0'..='9' | 'A'..='Z' | 'a'..='z')
}

/// HTTP quoted-string token code point.
fn is_quoted_token(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{80}'..='\u{ff}')
}

fn is_http_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' ')
}

fn is_tab_or_space(c: char) -> bool {
    c == '\t' || c == ' '
}

/// "Collect an HTTP quoted string" from `input[*pos]` (a `"`). With
/// `extract`, the unescaped value; otherwise the raw text, quotes included.
fn collect_quoted(input: &[char], pos: &mut usize, extract: bool) -> String {
    let start = *pos;
    let mut value = String::new();
    *pos += 1;
    loop {
        while *pos < input.len() && input[*pos] != '"' && input[*pos] != '\\' {
            value.push(input[*pos]);
            *pos += 1;
        }
        if *pos >= input.len() {
            break;
        }
        let quote_or_backslash = input[*pos];
        *pos += 1;
        if quote_or_backslash == '\\' {
            if *pos >= input.len() {
                value.push('\\');
                break;
            }
            value.push(input[*pos]);
            *pos += 1;
        } else {
            break;
        }
    }
    if extract {
        value
    } else {
        input[start..*pos].iter().collect()
    }
}

/// "Parse a MIME type" (WHATWG MIME Sniffing §4.4).
pub fn parse(input: &str) -> Option<MimeType> {
    let chars: Vec<char> = input.trim_matches(is_http_whitespace).chars().collect();
    let s = &chars[..];
    let mut pos = 0;
    let start = pos;
    while pos < s.len() && s[pos] != '/' {
        pos += 1;
    }
    let kind = &s[start..pos];
    if kind.is_empty() || !kind.iter().all(|&c| is_token(c)) || pos >= s.len() {
        return None;
    }
    pos += 1;
    let start = pos;
    while pos < s.len() && s[pos] != ';' {
        pos += 1;
    }
    let mut subtype = &s[start..pos];
    while let Some((&last, rest)) = subtype.split_last() {
        if !is_http_whitespace(last) {
            break;
        }
        subtype = rest;
    }
    if subtype.is_empty() || !subtype.iter().all(|&c| is_token(c)) {
        return None;
    }
    let mut mime = MimeType {
        kind: kind.iter().collect::<String>().to_ascii_lowercase(),
        subtype: subtype.iter().collect::<String>().to_ascii_lowercase(),
        params: Vec::new(),
    };
    while pos < s.len() {
        pos += 1; // the ';'
        while pos < s.len() && is_http_whitespace(s[pos]) {
            pos += 1;
        }
        let start = pos;
        while pos < s.len() && s[pos] != ';' && s[pos] != '=' {
            pos += 1;
        }
        let name = s[start..pos]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        if pos < s.len() {
            if s[pos] == ';' {
                continue;
            }
            pos += 1; // the '='
        }
        if pos >= s.len() {
            break;
        }
        let value = if s[pos] == '"' {
            let v = collect_quoted(s, &mut pos, true);
            while pos < s.len() && s[pos] != ';' {
                pos += 1;
            }
            v
        } else {
            let start = pos;
            while pos < s.len() && s[pos] != ';' {
                pos += 1;
            }
            let v: String = s[start..pos].iter().collect();
            let v = v.trim_end_matches(is_http_whitespace).to_string();
            if v.is_empty() {
                continue;
            }
            v
        };
        if !name.is_empty()
            && name.chars().all(is_token)
            && value.chars().all(is_quoted_token)
            && !mime.params.iter().any(|(n, _)| *n == name)
        {
            mime.params.push((name, value));
        }
    }
    Some(mime)
}

/// Fetch's "getting, decoding, and splitting" of a header value: splits on
/// commas outside quoted strings, trimming tabs and spaces.
fn split_values(value: &str) -> Vec<String> {
    let s: Vec<char> = value.chars().collect();
    let mut pos = 0;
    let mut values = Vec::new();
    let mut current = String::new();
    loop {
        while pos < s.len() && s[pos] != '"' && s[pos] != ',' {
            current.push(s[pos]);
            pos += 1;
        }
        if pos < s.len() && s[pos] == '"' {
            current.push_str(&collect_quoted(&s, &mut pos, false));
            if pos < s.len() {
                continue;
            }
        }
        values.push(current.trim_matches(is_tab_or_space).to_string());
        current.clear();
        if pos >= s.len() {
            return values;
        }
        pos += 1; // the ','
    }
}

/// Fetch's "extract a MIME type" from the (combined) `Content-Type` value.
pub fn extract(value: &str) -> Option<MimeType> {
    let mut charset: Option<String> = None;
    let mut essence: Option<String> = None;
    let mut mime: Option<MimeType> = None;
    for v in split_values(value) {
        let Some(mut temp) = parse(&v) else { continue };
        let temp_essence = temp.essence();
        if temp_essence == "*/*" {
            continue;
        }
        if essence.as_deref() != Some(temp_essence.as_str()) {
            charset = temp.param("charset").map(str::to_string);
            essence = Some(temp_essence);
        } else if temp.param("charset").is_none() {
            if let Some(c) = &charset {
                temp.params.push(("charset".to_string(), c.clone()));
            }
        }
        mime = Some(temp);
    }
    mime
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ser(s: &str) -> Option<String> {
        parse(s).map(|m| m.serialize())
    }

    #[test]
    fn parses_like_mimesniff() {
        assert_eq!(ser("text/html"), Some("text/html".into()));
        assert_eq!(
            ser(" Text/HTML ;Charset=\"utf-8\" "),
            Some("text/html;charset=utf-8".into())
        );
        assert_eq!(
            ser("text/html;charset=gbk;charset=windows-1255"),
            Some("text/html;charset=gbk".into())
        );
        assert_eq!(
            ser("text/html;charset=\"\\\"x\""),
            Some("text/html;charset=\"\\\"x\"".into())
        );
        assert_eq!(ser("text/html;charset="), Some("text/html".into()));
        assert_eq!(ser("text/html;x=\"\""), Some("text/html;x=\"\"".into()));
        assert_eq!(
            ser("text/html;charset=\"abc\"def"),
            Some("text/html;charset=abc".into())
        );
        assert_eq!(ser("a/b; c=d"), Some("a/b;c=d".into()));
        assert_eq!(ser("text"), None);
        assert_eq!(ser("text/"), None);
        assert_eq!(ser("/html"), None);
        assert_eq!(ser("te xt/html"), None);
        assert_eq!(ser("text/html;\u{100}=x"), Some("text/html".into()));
    }

    #[test]
    fn extracts_from_combined_values() {
        let e = |s: &str| extract(s).map(|m| m.serialize());
        assert_eq!(
            e("text/plain;charset=gbk, text/html"),
            Some("text/html".into())
        );
        assert_eq!(
            e("text/html;charset=gbk, text/html"),
            Some("text/html;charset=gbk".into())
        );
        assert_eq!(e("text/html, */*"), Some("text/html".into()));
        assert_eq!(e("text/html, bogus"), Some("text/html".into()));
        assert_eq!(
            e("multipart/form-data; boundary=\"a,b\""),
            Some("multipart/form-data;boundary=\"a,b\"".into())
        );
        assert_eq!(e(""), None);
        assert_eq!(e("*/*"), None);
    }
}
