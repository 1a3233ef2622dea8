//! The request and response model handlers work with: wptserve's
//! `request.GET`, `request.headers`, `response.headers` (an ordered list
//! with set/append) and `(status, headers, body)` results, as bytes.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::sync::mpsc;

use crate::substitute::RequestInfo;

/// Query parameters in order, percent-decoded to bytes (`+` is a space), as
/// Python's `parse_qsl(keep_blank_values=True)` gives them to wptserve.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(pub Vec<(Vec<u8>, Vec<u8>)>);

impl Query {
    pub fn parse(query: &str) -> Self {
        Query(
            query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (form_decode(k), form_decode(v))
                })
                .collect(),
        )
    }

    /// `request.GET.first(name)`.
    pub fn first(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(k, _)| k == name.as_bytes())
            .map(|(_, v)| v.as_slice())
    }

    /// `request.GET.first(name)` as text (lossy).
    pub fn text(&self, name: &str) -> Option<String> {
        self.first(name)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// `request.GET.first(name)` as a number.
    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        self.text(name).and_then(|v| v.trim().parse().ok())
    }

    /// `name in request.GET`.
    pub fn has(&self, name: &str) -> bool {
        self.first(name).is_some()
    }
}

/// Percent-decoding to bytes, with `+` as a space.
pub fn form_decode(s: &str) -> Vec<u8> {
    percent_decode_bytes(&s.replace('+', " "))
}

/// Percent-decoding to bytes (invalid escapes stay as they are).
pub fn percent_decode_bytes(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// An incoming request, body read in full.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The query without `?` (raw).
    pub query: String,
    pub get: Query,
    /// Names lower-case, in arrival order.
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Bytes,
    /// The URL as the client addressed it (Host header, local port).
    pub url: url::Url,
}

impl Request {
    /// `request.headers.get(name)`: all values joined with ", ".
    pub fn header(&self, name: &str) -> Option<Vec<u8>> {
        let name = name.to_ascii_lowercase();
        let values: Vec<&[u8]> = self
            .headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_slice())
            .collect();
        (!values.is_empty()).then(|| values.join(&b", "[..]))
    }

    pub fn has_header(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.headers.iter().any(|(n, _)| *n == name)
    }

    /// Header names, lower-case, each once (wptserve's `iter(request.headers)`).
    pub fn header_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (n, _) in &self.headers {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
        names
    }

    /// The directory of the request path, with a trailing `/` (stash scope
    /// of handlers that share keys across a directory).
    pub fn url_dir(&self) -> String {
        match self.path.rfind('/') {
            Some(i) => self.path[..=i].to_string(),
            None => "/".into(),
        }
    }

    /// The values a template sees.
    pub fn template_info(&self) -> RequestInfo {
        RequestInfo {
            url: Some(self.url.clone()),
            headers: self
                .header_names()
                .into_iter()
                .map(|n| {
                    let v = self.header(n).unwrap_or_default();
                    (n.to_string(), latin1(&v))
                })
                .collect(),
            get: self
                .get
                .0
                .iter()
                .map(|(k, v)| (latin1(k), latin1(v)))
                .collect(),
        }
    }
}

/// Bytes as text, one char per byte (wptserve's isomorphic decode).
pub fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

/// Text back to bytes, one byte per char (isomorphic encode; chars above
/// U+00FF become UTF-8, which wptserve would have refused).
pub fn latin1_bytes(s: &str) -> Vec<u8> {
    if s.chars().all(|c| (c as u32) < 0x100) {
        s.chars().map(|c| c as u8).collect()
    } else {
        s.as_bytes().to_vec()
    }
}

/// wptserve's ResponseHeaders: ordered, names compared case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(Vec<u8>, Vec<u8>)>);

impl Headers {
    /// Replaces every header of that name.
    pub fn set(&mut self, name: impl AsRef<[u8]>, value: impl AsRef<[u8]>) {
        let name = name.as_ref();
        match self
            .0
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(i) => {
                self.0[i] = (name.to_vec(), value.as_ref().to_vec());
                let mut j = i + 1;
                while j < self.0.len() {
                    if self.0[j].0.eq_ignore_ascii_case(name) {
                        self.0.remove(j);
                    } else {
                        j += 1;
                    }
                }
            }
            None => self.0.push((name.to_vec(), value.as_ref().to_vec())),
        }
    }

    pub fn append(&mut self, name: impl AsRef<[u8]>, value: impl AsRef<[u8]>) {
        self.0
            .push((name.as_ref().to_vec(), value.as_ref().to_vec()));
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v.as_slice())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn remove(&mut self, name: &str) {
        self.0
            .retain(|(n, _)| !n.eq_ignore_ascii_case(name.as_bytes()));
    }
}

/// A response body: all at once, or chunks sent by a task (an error item
/// aborts the connection mid-body).
pub enum ResponseBody {
    Full(Bytes),
    Stream(mpsc::Receiver<Bytes>),
}

impl std::fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResponseBody::Full(b) => write!(f, "Full({} bytes)", b.len()),
            ResponseBody::Stream(_) => write!(f, "Stream"),
        }
    }
}

/// A handler's answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// The reason phrase; None: the standard one.
    pub reason: Option<Vec<u8>>,
    pub headers: Headers,
    pub body: ResponseBody,
}

impl Response {
    /// `(headers, body)` with status 200.
    pub fn new(status: u16, headers: Headers, body: impl Into<Bytes>) -> Self {
        Response {
            status,
            reason: None,
            headers,
            body: ResponseBody::Full(body.into()),
        }
    }

    pub fn with_reason(mut self, reason: impl Into<Vec<u8>>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// wptserve's `response.set_error(code, message)` / HTTPException: a
    /// JSON error object.
    pub fn error(code: u16, message: &str) -> Self {
        let body = serde_json::json!({"error": {"code": code, "message": message}}).to_string();
        let mut headers = Headers::default();
        headers.set("Content-Type", "application/json");
        Response::new(code, headers, body)
    }

    /// The body, if it is not streamed.
    pub fn content(&self) -> Option<&Bytes> {
        match &self.body {
            ResponseBody::Full(b) => Some(b),
            ResponseBody::Stream(_) => None,
        }
    }

    /// A streamed response: `produce` gets the sender; its sends fail once
    /// the client has gone (wptserve's `writer.write` returning False).
    pub fn streamed<F, Fut>(status: u16, headers: Headers, produce: F) -> Self
    where
        F: FnOnce(mpsc::Sender<Bytes>) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(1);
        tokio::spawn(produce(tx));
        Response {
            status,
            reason: None,
            headers,
            body: ResponseBody::Stream(rx),
        }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ResponseBody::Full(b) => {
                if b.is_empty() {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Ok(Frame::data(std::mem::take(b)))))
                }
            }
            ResponseBody::Stream(rx) => rx.poll_recv(cx).map(|c| c.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ResponseBody::Full(b) if b.is_empty())
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Full(b) => SizeHint::with_exact(b.len() as u64),
            ResponseBody::Stream(_) => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_bytes() {
        let q = Query::parse("code=204&content=hello+world&raw=%fe%ff%4e&empty=&flag&code=1");
        assert_eq!(q.first("code"), Some(&b"204"[..]));
        assert_eq!(q.number::<u16>("code"), Some(204));
        assert_eq!(q.first("content"), Some(&b"hello world"[..]));
        assert_eq!(q.first("raw"), Some(&[0xfe, 0xff, b'N'][..]));
        assert_eq!(q.first("empty"), Some(&b""[..]));
        assert!(q.has("flag"));
        assert!(!q.has("nope"));
        assert_eq!(percent_decode_bytes("a%2"), b"a%2");
        assert_eq!(percent_decode_bytes("%zz%41"), b"%zzA");
    }

    #[test]
    fn headers_set_and_append() {
        let mut h = Headers::default();
        h.append("A", "1");
        h.append("b", "2");
        h.append("a", "3");
        h.set("a", "4");
        assert_eq!(
            h.0,
            vec![
                (b"a".to_vec(), b"4".to_vec()),
                (b"b".to_vec(), b"2".to_vec())
            ]
        );
        assert_eq!(h.get("B"), Some(&b"2"[..]));
    }
}
