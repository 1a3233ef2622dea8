//! Responses hyper cannot produce, written straight to the socket before
//! hyper sees the connection: `.asis` files (a whole HTTP response stored as
//! a file) and `fetch/api/resources/bad-chunk-encoding.py` (a chunked body
//! that turns into garbage). The server reads each connection's request head
//! first (keep-alive is off, so every request starts a connection) and hands
//! the rest to hyper when no raw route matches.

use std::path::PathBuf;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::http::Query;
use super::State;

/// The request line of a request head, when complete.
pub struct Head {
    pub method: String,
    pub path: String,
    pub query: String,
}

/// Parses a complete request head (None: incomplete or malformed).
pub fn parse_head(buf: &[u8]) -> Option<Head> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return None,
    }
    let target = req.path?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Some(Head {
        method: req.method?.to_string(),
        path: path.to_string(),
        query: query.to_string(),
    })
}

/// A raw route.
pub enum Raw {
    /// A `.asis` file.
    AsIs(PathBuf),
    /// bad-chunk-encoding.py with its query.
    BadChunkEncoding(Query),
}

/// The raw route for this request, if any.
pub fn route(state: &State, head: &Head) -> Option<Raw> {
    let rel = super::file_path(&head.path)?;
    if rel == "fetch/api/resources/bad-chunk-encoding.py" && state.root.join(&rel).is_file() {
        return Some(Raw::BadChunkEncoding(Query::parse(&head.query)));
    }
    if rel.ends_with(".asis") {
        let path = state.root.join(&rel);
        if path.is_file() {
            return Some(Raw::AsIs(path));
        }
    }
    None
}

/// Writes the response and closes the connection.
pub async fn run(raw: Raw, mut stream: TcpStream) {
    let _ = match raw {
        Raw::AsIs(path) => match std::fs::read(&path) {
            Ok(data) => stream.write_all(&data).await,
            Err(_) => Ok(()),
        },
        Raw::BadChunkEncoding(q) => bad_chunk_encoding(&q, &mut stream).await,
    };
    let _ = stream.shutdown().await;
}

/// bad-chunk-encoding.py: after `ms` (default 1000), a chunked response
/// whose `count` chunks "TEST_CHUNK" (each after `ms`) are followed by
/// bytes that are no chunk at all, so the client's read fails after the
/// response has started.
async fn bad_chunk_encoding(q: &Query, stream: &mut TcpStream) -> std::io::Result<()> {
    let delay = Duration::from_secs_f64(q.number::<f64>("ms").unwrap_or(1000.0).max(0.0) / 1e3);
    let count = q.number::<u32>("count").unwrap_or(50);
    tokio::time::sleep(delay).await;
    stream
        .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nServer: nanojs-wpt\r\n\r\n")
        .await?;
    tokio::time::sleep(delay).await;
    for _ in 0..count {
        stream.write_all(b"a\r\nTEST_CHUNK\r\n").await?;
        tokio::time::sleep(delay).await;
    }
    stream.write_all(b"garbage").await
}
