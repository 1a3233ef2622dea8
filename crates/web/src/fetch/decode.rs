//! Content decoding of response bodies (`Content-Encoding`: gzip, x-gzip,
//! deflate, br, and several of them in a row), streaming: each decoder turns
//! the chunks of the stream it wraps into chunks of at most [`CHUNK`] bytes,
//! so that a small compressed chunk that expands enormously (a "zip bomb")
//! is produced piece by piece, as the reader pulls, and the response size
//! limit cuts it off early.
//!
//! As browsers do: "deflate" is zlib data, or raw deflate when the data has
//! no zlib header; a body cut short ends the stream without an error (as
//! undici and the browsers accept); data that is not valid for its coding
//! is an error; bytes after the end of the compressed data are ignored,
//! except further gzip members, which are decoded too.

use std::pin::Pin;
use std::task::{Context, Poll};

use brotli::{BrotliDecompressStream, BrotliResult, BrotliState, HeapAlloc, HuffmanCode};
use bytes::{Buf, Bytes, BytesMut};
use flate2::{Decompress, FlushDecompress, Status};
use futures_util::Stream;

/// A body as a stream of byte chunks; `Err` ends it with that message.
pub(crate) type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, String>>>>;

/// The largest chunk a decoder produces at once.
const CHUNK: usize = 64 * 1024;

/// The most codings one `Content-Encoding` may stack.
const MAX_CODINGS: usize = 5;

/// Wraps `body` in the decoders for a `Content-Encoding` value, in the order
/// that undoes it. When a coding is unknown the body is given as it is, as
/// browsers do.
pub(crate) fn decode_body(body: ByteStream, content_encoding: &str) -> ByteStream {
    let mut codings = Vec::new();
    for token in content_encoding.split(',') {
        let token = token.trim().to_ascii_lowercase();
        codings.push(match token.as_str() {
            "" | "identity" => continue,
            "gzip" | "x-gzip" => Kind::Gzip,
            "deflate" => Kind::Deflate,
            "br" => Kind::Brotli,
            _ => return body,
        });
    }
    if codings.len() > MAX_CODINGS {
        // Each coding is a decoder nested in the next: an upstream could
        // otherwise make an app build thousands of them (undici caps at 5).
        let message = format!(
            "the response has {} content codings; at most {MAX_CODINGS} are decoded",
            codings.len()
        );
        return Box::pin(futures_util::stream::once(async move { Err(message) }));
    }
    let mut out = body;
    for kind in codings.into_iter().rev() {
        out = Box::pin(Decoder::new(out, kind));
    }
    out
}

#[derive(Clone, Copy)]
enum Kind {
    Gzip,
    Deflate,
    Brotli,
}

/// What one step of a codec did.
struct Step {
    consumed: usize,
    produced: usize,
    /// The compressed data ended.
    finished: bool,
}

type Brotli = BrotliState<HeapAlloc<u8>, HeapAlloc<u32>, HeapAlloc<HuffmanCode>>;

enum Codec {
    /// Reading a gzip member header (bytes so far).
    GzipHeader(Vec<u8>),
    GzipBody(Box<Decompress>),
    /// Skipping the 8-byte trailer (bytes left to skip).
    GzipTrailer(usize),
    /// After a gzip member: another member may follow.
    GzipNext,
    /// "deflate" before the first two bytes tell zlib from raw deflate.
    DeflateSniff,
    Flate(Box<Decompress>),
    Brotli(Box<Brotli>),
    Done,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// A gzip header with every optional field can be this long at most, short
/// of absurd names: reject what is longer.
const GZIP_HEADER_MAX: usize = 64 * 1024;

/// The length of the gzip header at the start of `b`; `Ok(None)` when more
/// bytes are needed.
fn gzip_header_len(b: &[u8]) -> Result<Option<usize>, String> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if b.len() >= 2 && b[..2] != GZIP_MAGIC {
        return Err("not gzip data (bad magic bytes)".into());
    }
    if b.len() >= 3 && b[2] != 8 {
        return Err("gzip data with an unknown compression method".into());
    }
    if b.len() < 10 {
        return Ok(None);
    }
    let flags = b[3];
    let mut pos = 10;
    if flags & FEXTRA != 0 {
        if b.len() < pos + 2 {
            return Ok(None);
        }
        pos += 2 + usize::from(u16::from_le_bytes([b[pos], b[pos + 1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            match b
                .get(pos..)
                .and_then(|rest| rest.iter().position(|&c| c == 0))
            {
                Some(end) => pos += end + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & FHCRC != 0 {
        pos += 2;
    }
    Ok((b.len() >= pos).then_some(pos))
}

/// Whether two bytes start a zlib stream (RFC 1950: CM 8, window ≤ 32K,
/// check bits).
fn is_zlib_header(cmf: u8, flg: u8) -> bool {
    cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
}

fn flate_step(d: &mut Decompress, input: &[u8], out: &mut [u8]) -> Result<Step, String> {
    let (in0, out0) = (d.total_in(), d.total_out());
    // Never `Finish`: that needs room for all the output at once.
    let status = d
        .decompress(input, out, FlushDecompress::None)
        .map_err(|e| format!("invalid deflate data ({e})"))?;
    Ok(Step {
        consumed: (d.total_in() - in0) as usize,
        produced: (d.total_out() - out0) as usize,
        finished: matches!(status, Status::StreamEnd),
    })
}

impl Codec {
    fn new(kind: Kind) -> Self {
        match kind {
            Kind::Gzip => Codec::GzipHeader(Vec::new()),
            Kind::Deflate => Codec::DeflateSniff,
            Kind::Brotli => Codec::Brotli(Box::new(BrotliState::new(
                HeapAlloc::default(),
                HeapAlloc::default(),
                HeapAlloc::default(),
            ))),
        }
    }

    /// Decodes from `input` into `out`; `finished` once the data ended.
    fn step(&mut self, input: &[u8], out: &mut [u8], eof: bool) -> Result<Step, String> {
        let none = |consumed| Step {
            consumed,
            produced: 0,
            finished: false,
        };
        match self {
            Codec::GzipHeader(seen) => {
                // Take at most what the header can need, then parse again.
                let take = input.len().min(GZIP_HEADER_MAX + 1 - seen.len());
                seen.extend_from_slice(&input[..take]);
                match gzip_header_len(seen)? {
                    Some(len) => {
                        // Bytes past the header go back to the input.
                        let unused = seen.len() - len;
                        *self = Codec::GzipBody(Box::new(Decompress::new(false)));
                        Ok(none(take - unused))
                    }
                    None if seen.len() > GZIP_HEADER_MAX => Err("gzip header too long".into()),
                    None => Ok(none(take)),
                }
            }
            Codec::GzipBody(d) => {
                let step = flate_step(d, input, out)?;
                if step.finished {
                    *self = Codec::GzipTrailer(8);
                }
                Ok(Step {
                    finished: false,
                    ..step
                })
            }
            Codec::GzipTrailer(left) => {
                let n = (*left).min(input.len());
                *left -= n;
                if *left == 0 {
                    *self = Codec::GzipNext;
                }
                Ok(none(n))
            }
            Codec::GzipNext => {
                if input.is_empty() && eof {
                    *self = Codec::Done;
                    return Ok(Step {
                        consumed: 0,
                        produced: 0,
                        finished: true,
                    });
                }
                if input.is_empty() || (input.len() < 2 && !eof && input[0] == GZIP_MAGIC[0]) {
                    return Ok(none(0));
                }
                if input.starts_with(&GZIP_MAGIC) {
                    *self = Codec::GzipHeader(Vec::new());
                    return Ok(none(0));
                }
                // Trailing garbage after the last member: ignored.
                *self = Codec::Done;
                Ok(Step {
                    consumed: input.len(),
                    produced: 0,
                    finished: true,
                })
            }
            Codec::DeflateSniff => {
                if input.len() < 2 && !eof {
                    return Ok(none(0));
                }
                let zlib = input.len() >= 2 && is_zlib_header(input[0], input[1]);
                *self = Codec::Flate(Box::new(Decompress::new(zlib)));
                Ok(none(0))
            }
            Codec::Flate(d) => {
                let step = flate_step(d, input, out)?;
                if step.finished {
                    *self = Codec::Done;
                }
                Ok(step)
            }
            Codec::Brotli(state) => {
                let (mut avail_in, mut in_off) = (input.len(), 0);
                let (mut avail_out, mut out_off, mut total) = (out.len(), 0, 0);
                let result = BrotliDecompressStream(
                    &mut avail_in,
                    &mut in_off,
                    input,
                    &mut avail_out,
                    &mut out_off,
                    out,
                    &mut total,
                    state,
                );
                let finished = match result {
                    BrotliResult::ResultFailure => return Err("invalid brotli data".into()),
                    BrotliResult::ResultSuccess => true,
                    BrotliResult::NeedsMoreInput | BrotliResult::NeedsMoreOutput => false,
                };
                if finished {
                    *self = Codec::Done;
                }
                Ok(Step {
                    consumed: in_off,
                    produced: out_off,
                    finished,
                })
            }
            Codec::Done => Ok(Step {
                consumed: input.len(),
                produced: 0,
                finished: true,
            }),
        }
    }
}

/// One decoder over a stream of encoded chunks.
struct Decoder {
    inner: ByteStream,
    codec: Codec,
    name: &'static str,
    /// Encoded bytes not consumed yet.
    pending: Bytes,
    eof: bool,
    done: bool,
    /// The last step filled the output buffer.
    full: bool,
    buf: Box<[u8]>,
}

impl Decoder {
    fn new(inner: ByteStream, kind: Kind) -> Self {
        let name = match kind {
            Kind::Gzip => "gzip",
            Kind::Deflate => "deflate",
            Kind::Brotli => "br",
        };
        Decoder {
            inner,
            codec: Codec::new(kind),
            name,
            pending: Bytes::new(),
            eof: false,
            done: false,
            full: false,
            buf: vec![0; CHUNK].into_boxed_slice(),
        }
    }
}

impl Stream for Decoder {
    type Item = Result<Bytes, String>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            // A full output buffer may leave output inside the codec.
            if !this.pending.is_empty() || this.eof || this.full {
                let step = match this.codec.step(&this.pending, &mut this.buf, this.eof) {
                    Ok(step) => step,
                    Err(e) => {
                        this.done = true;
                        let name = this.name;
                        let msg = format!("the {name} response body could not be decoded: {e}");
                        return Poll::Ready(Some(Err(msg)));
                    }
                };
                this.pending.advance(step.consumed);
                this.full = step.produced == this.buf.len();
                if step.finished {
                    this.done = true;
                    // Whatever follows the compressed data is ignored.
                    this.pending = Bytes::new();
                }
                if step.produced > 0 {
                    let chunk = Bytes::copy_from_slice(&this.buf[..step.produced]);
                    return Poll::Ready(Some(Ok(chunk)));
                }
                if this.done || step.consumed > 0 {
                    continue;
                }
                if this.eof {
                    // Cut short: end with what was decoded, as browsers do.
                    this.done = true;
                    continue;
                }
                // No progress: the codec needs more bytes than are pending
                // (a sniff, a gzip header): read on and join them.
            }
            match this.inner.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if this.pending.is_empty() {
                        this.pending = chunk;
                    } else {
                        let mut joined = BytesMut::with_capacity(this.pending.len() + chunk.len());
                        joined.extend_from_slice(&this.pending);
                        joined.extend_from_slice(&chunk);
                        this.pending = joined.freeze();
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => this.eof = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// A size as the config says it: whole MiB when it is, else bytes.
fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Ends `body` with an error once more than `max` bytes came through.
pub(crate) fn limit_body(mut body: ByteStream, max: u64, url: String) -> ByteStream {
    let mut seen = 0u64;
    let mut over = false;
    Box::pin(futures_util::stream::poll_fn(move |cx| {
        if over {
            return Poll::Ready(None);
        }
        match body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                seen += chunk.len() as u64;
                if seen > max {
                    over = true;
                    return Poll::Ready(Some(Err(format!(
                        "the response body of {url} is larger than {}, the app's \
                         max_response_mb limit (raise it in nano.json to allow more)",
                        size_text(max)
                    ))));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            other => other,
        }
    }))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use futures_util::StreamExt;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// Decodes `encoded` (fed in `piece`-byte chunks): the bytes, or the error.
    fn decode(coding: &str, encoded: &[u8], piece: usize) -> Result<Vec<u8>, String> {
        let chunks: Vec<Result<Bytes, String>> = encoded
            .chunks(piece)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let mut body = decode_body(Box::pin(futures_util::stream::iter(chunks)), coding);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut out = Vec::new();
            while let Some(chunk) = body.next().await {
                let chunk = chunk?;
                assert!(chunk.len() <= CHUNK, "chunks are bounded");
                out.extend_from_slice(&chunk);
            }
            Ok(out)
        })
    }

    #[test]
    fn stacked_codings_are_capped() {
        let mut data = b"x".to_vec();
        for _ in 0..5 {
            data = gzip(&data);
        }
        assert_eq!(decode(&["gzip"; 5].join(", "), &data, 7).unwrap(), b"x");
        let many = vec!["br"; 100_000].join(",");
        let err = decode(&many, b"", 1).unwrap_err();
        assert!(err.contains("100000 content codings"), "{err}");
    }

    #[test]
    fn gzip_members_and_trailing_bytes() {
        let mut two = gzip(b"hello ");
        two.extend_from_slice(&gzip(b"world"));
        assert_eq!(decode("gzip", &two, 3).unwrap(), b"hello world");
        let mut garbage = gzip(b"data");
        garbage.extend_from_slice(b"\0\0junk");
        assert_eq!(decode("gzip", &garbage, 5).unwrap(), b"data");
    }

    #[test]
    fn lenient_about_truncation_strict_about_garbage() {
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let full = gzip(&data);
        let cut = decode("gzip", &full[..full.len() / 2], 1000).unwrap();
        assert!(
            !cut.is_empty() && data.starts_with(&cut),
            "a prefix of the data"
        );
        assert_eq!(decode("gzip", b"", 1).unwrap(), b"");
        assert!(decode("gzip", b"not gzip at all", 4)
            .unwrap_err()
            .contains("gzip"));
        assert!(decode("br", b"\xff\xff\xff\xff", 4).is_err());
        // An unknown coding leaves the body as it is.
        assert_eq!(decode("zstd", b"raw", 1).unwrap(), b"raw");
        assert_eq!(decode("identity", b"raw", 1).unwrap(), b"raw");
    }

    #[test]
    fn a_bomb_comes_out_in_bounded_chunks() {
        let zeros = vec![0u8; 20 * 1024 * 1024];
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&zeros).unwrap();
        let small = e.finish().unwrap();
        assert!(small.len() < 64 * 1024);
        // decode() asserts every chunk is at most CHUNK bytes.
        assert_eq!(
            decode("deflate", &small, small.len()).unwrap().len(),
            zeros.len()
        );
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 9, 22);
            w.write_all(&zeros).unwrap();
        }
        assert!(br.len() < 1024);
        assert_eq!(decode("br", &br, br.len()).unwrap().len(), zeros.len());
    }
}
