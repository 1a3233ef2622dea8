//! The byte work of `CompressionStream` / `DecompressionStream` (WICG
//! Compression): incremental gzip (RFC 1952), deflate (zlib, RFC 1950) and
//! deflate-raw (RFC 1951) codecs on flate2's raw deflate/zlib engines.
//!
//! A codec is driven in steps that each fill at most one caller-sized output
//! buffer, so that a tiny input that inflates to gigabytes is produced a
//! slice at a time (the JS side waits for the reader between slices) instead
//! of all at once. The gzip framing is done here, not by flate2: its gzip
//! engine on the Rust backend is read/write-adapter based, which cannot
//! stop at a given output size.

use flate2::{Compress, Compression, Crc, Decompress, FlushCompress, FlushDecompress, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Gzip,
    Deflate,
    DeflateRaw,
}

impl Format {
    /// The spec's `CompressionFormat` enum values.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "gzip" => Some(Format::Gzip),
            "deflate" => Some(Format::Deflate),
            "deflate-raw" => Some(Format::DeflateRaw),
            _ => None,
        }
    }
}

/// Why a codec failed; every one is a TypeError in JS.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CodecError {
    /// The input is not valid data of the format.
    Corrupt(String),
    /// Input continues after the end of the compressed stream.
    TrailingData,
    /// The input ended before the end of the compressed stream.
    Truncated,
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodecError::Corrupt(why) => write!(f, "the compressed data is invalid: {why}"),
            CodecError::TrailingData => f.write_str("junk after the end of the compressed data"),
            CodecError::Truncated => f.write_str("the compressed data ended early (truncated)"),
        }
    }
}

/// How a step ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// The output buffer is full: step again (with the rest of the input).
    Full,
    /// All input was consumed and all output it gave was produced.
    NeedInput,
    /// The stream is complete (after `finish`, or the end of a compressed
    /// stream when decompressing).
    Done,
}

/// Bytes made outside the engine (gzip header and trailer), handed out
/// before (or after) the engine's own output.
#[derive(Default)]
struct Staged {
    bytes: Vec<u8>,
    pos: usize,
}

impl Staged {
    fn drain_into(&mut self, out: &mut Vec<u8>) {
        let room = out.capacity() - out.len();
        let n = room.min(self.bytes.len() - self.pos);
        out.extend_from_slice(&self.bytes[self.pos..self.pos + n]);
        self.pos += n;
        if self.pos == self.bytes.len() {
            self.bytes.clear();
            self.pos = 0;
        }
    }
}

/// `1f 8b`, deflate, no flags, no mtime, no extra flags, OS "unknown".
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

pub(crate) struct Compressor {
    z: Compress,
    /// CRC-32 and length of the input, for the gzip trailer.
    gzip: Option<Crc>,
    staged: Staged,
    ended: bool,
}

impl Compressor {
    pub(crate) fn new(format: Format) -> Self {
        let mut staged = Staged::default();
        if format == Format::Gzip {
            staged.bytes.extend_from_slice(&GZIP_HEADER);
        }
        Compressor {
            z: Compress::new(Compression::default(), format == Format::Deflate),
            gzip: (format == Format::Gzip).then(Crc::new),
            staged,
            ended: false,
        }
    }

    /// Compresses from `input` (advancing it) into the spare capacity of
    /// `out`. With `finish`, the input is the last and the stream is ended.
    pub(crate) fn step(
        &mut self,
        input: &mut &[u8],
        finish: bool,
        out: &mut Vec<u8>,
    ) -> Result<Step, CodecError> {
        loop {
            self.staged.drain_into(out);
            if out.len() == out.capacity() {
                return Ok(Step::Full);
            }
            if self.ended {
                return Ok(Step::Done);
            }
            if input.is_empty() && !finish {
                return Ok(Step::NeedInput);
            }
            let (in_before, out_before) = (self.z.total_in(), out.len());
            let flush = if finish {
                FlushCompress::Finish
            } else {
                FlushCompress::None
            };
            let status = self
                .z
                .compress_vec(input, out, flush)
                .map_err(|e| CodecError::Corrupt(e.to_string()))?;
            let used = (self.z.total_in() - in_before) as usize;
            if let Some(crc) = &mut self.gzip {
                crc.update(&input[..used]);
            }
            *input = &input[used..];
            if status == Status::StreamEnd {
                self.ended = true;
                if let Some(crc) = &self.gzip {
                    self.staged
                        .bytes
                        .extend_from_slice(&crc.sum().to_le_bytes());
                    self.staged
                        .bytes
                        .extend_from_slice(&crc.amount().to_le_bytes());
                }
                continue;
            }
            if used == 0 && out.len() == out_before && out.len() < out.capacity() {
                // No progress with room to spare: the engine wants input.
                if finish {
                    return Err(CodecError::Corrupt("the compressor stalled".into()));
                }
                return Ok(Step::NeedInput);
            }
        }
    }
}

/// Where a decompressor is in its input.
#[derive(Debug, PartialEq, Eq)]
enum Phase {
    Header,
    Body,
    Trailer,
    Done,
}

pub(crate) struct Decompressor {
    z: Decompress,
    phase: Phase,
    /// Gzip only: the member header parser and the output's CRC-32.
    gzip: Option<(GzipHeader, Crc)>,
    /// Gzip only: the 8-byte trailer as it arrives.
    trailer: Vec<u8>,
}

impl Decompressor {
    pub(crate) fn new(format: Format) -> Self {
        let gzip = format == Format::Gzip;
        Decompressor {
            z: Decompress::new(format == Format::Deflate),
            phase: if gzip { Phase::Header } else { Phase::Body },
            gzip: gzip.then(|| (GzipHeader::default(), Crc::new())),
            trailer: Vec::new(),
        }
    }

    /// Decompresses from `input` (advancing it) into the spare capacity of
    /// `out`. With `finish`, no more input follows: a stream that has not
    /// ended is truncated.
    pub(crate) fn step(
        &mut self,
        input: &mut &[u8],
        finish: bool,
        out: &mut Vec<u8>,
    ) -> Result<Step, CodecError> {
        loop {
            match self.phase {
                Phase::Header => {
                    let (header, _) = self.gzip.as_mut().expect("gzip has a header");
                    if header.feed(input)? {
                        self.phase = Phase::Body;
                    } else {
                        return self.starved(finish);
                    }
                }
                Phase::Body => {
                    if out.len() == out.capacity() {
                        return Ok(Step::Full);
                    }
                    let (in_before, out_before) = (self.z.total_in(), out.len());
                    let status = self
                        .z
                        .decompress_vec(input, out, FlushDecompress::None)
                        .map_err(|e| match e.needs_dictionary() {
                            Some(_) => CodecError::Corrupt("a preset dictionary is needed".into()),
                            None => CodecError::Corrupt(e.to_string()),
                        })?;
                    let used = (self.z.total_in() - in_before) as usize;
                    *input = &input[used..];
                    if let Some((_, crc)) = &mut self.gzip {
                        crc.update(&out[out_before..]);
                    }
                    if status == Status::StreamEnd {
                        self.phase = if self.gzip.is_some() {
                            Phase::Trailer
                        } else {
                            Phase::Done
                        };
                    } else if used == 0 && out.len() == out_before {
                        return self.starved(finish);
                    }
                }
                Phase::Trailer => {
                    let n = (8 - self.trailer.len()).min(input.len());
                    self.trailer.extend_from_slice(&input[..n]);
                    *input = &input[n..];
                    if self.trailer.len() < 8 {
                        return self.starved(finish);
                    }
                    let (_, crc) = self.gzip.as_ref().expect("gzip has a trailer");
                    let t = &self.trailer;
                    if t[..4] != crc.sum().to_le_bytes() {
                        return Err(CodecError::Corrupt("gzip CRC-32 mismatch".into()));
                    }
                    if t[4..] != crc.amount().to_le_bytes() {
                        return Err(CodecError::Corrupt("gzip length mismatch".into()));
                    }
                    self.phase = Phase::Done;
                }
                Phase::Done => {
                    if !input.is_empty() {
                        return Err(CodecError::TrailingData);
                    }
                    return Ok(Step::Done);
                }
            }
        }
    }

    /// The input ran out before the stream's end.
    fn starved(&self, finish: bool) -> Result<Step, CodecError> {
        if finish {
            Err(CodecError::Truncated)
        } else {
            Ok(Step::NeedInput)
        }
    }
}

/// Gzip member header flags (RFC 1952 §2.3.1).
const FHCRC: u8 = 2;
const FEXTRA: u8 = 4;
const FNAME: u8 = 8;
const FCOMMENT: u8 = 16;
const FRESERVED: u8 = 0xe0;

/// The part of a gzip header being read.
#[derive(Default, Debug, PartialEq, Eq)]
enum HeaderPart {
    /// The 10 fixed bytes.
    #[default]
    Fixed,
    /// The 2-byte length of the extra field.
    ExtraLen,
    /// The extra field's bytes still to skip.
    Extra(usize),
    /// A zero-terminated string (file name or comment).
    Name,
    Comment,
    /// The 2-byte CRC-16 of the header.
    Crc16,
    Done,
}

/// An incremental gzip member header parser: headers may span chunks.
#[derive(Default)]
struct GzipHeader {
    part: HeaderPart,
    /// The bytes of the current fixed-size part (at most 10).
    buf: Vec<u8>,
    flags: u8,
    /// CRC-32 of the header bytes before the CRC-16, for FHCRC.
    crc: Crc,
}

impl GzipHeader {
    /// Consumes header bytes from `input`; true once the header is complete.
    fn feed(&mut self, input: &mut &[u8]) -> Result<bool, CodecError> {
        while self.part != HeaderPart::Done {
            let Some((&byte, rest)) = input.split_first() else {
                return Ok(false);
            };
            *input = rest;
            if self.part != HeaderPart::Crc16 {
                self.crc.update(&[byte]);
            }
            match self.part {
                HeaderPart::Fixed => {
                    self.buf.push(byte);
                    if self.buf.len() == 10 {
                        let b = std::mem::take(&mut self.buf);
                        if b[0] != 0x1f || b[1] != 0x8b {
                            return Err(CodecError::Corrupt("not gzip data".into()));
                        }
                        if b[2] != 8 {
                            return Err(CodecError::Corrupt("unknown gzip method".into()));
                        }
                        if b[3] & FRESERVED != 0 {
                            return Err(CodecError::Corrupt("reserved gzip flags set".into()));
                        }
                        self.flags = b[3];
                        self.part = self.after(FHCRC | FEXTRA | FNAME | FCOMMENT);
                    }
                }
                HeaderPart::ExtraLen => {
                    self.buf.push(byte);
                    if self.buf.len() == 2 {
                        let len = usize::from(u16::from_le_bytes([self.buf[0], self.buf[1]]));
                        self.buf.clear();
                        self.part = if len == 0 {
                            self.after(FHCRC | FNAME | FCOMMENT)
                        } else {
                            HeaderPart::Extra(len)
                        };
                    }
                }
                HeaderPart::Extra(left) => {
                    // Skip in bulk: only the CRC needs these bytes.
                    let n = (left - 1).min(input.len());
                    self.crc.update(&input[..n]);
                    *input = &input[n..];
                    self.part = if left - 1 - n == 0 {
                        self.after(FHCRC | FNAME | FCOMMENT)
                    } else {
                        HeaderPart::Extra(left - 1 - n)
                    };
                }
                HeaderPart::Name => {
                    if byte == 0 {
                        self.part = self.after(FHCRC | FCOMMENT);
                    }
                }
                HeaderPart::Comment => {
                    if byte == 0 {
                        self.part = self.after(FHCRC);
                    }
                }
                HeaderPart::Crc16 => {
                    self.buf.push(byte);
                    if self.buf.len() == 2 {
                        let want = (self.crc.sum() & 0xffff) as u16;
                        if u16::from_le_bytes([self.buf[0], self.buf[1]]) != want {
                            return Err(CodecError::Corrupt("gzip header CRC mismatch".into()));
                        }
                        self.part = HeaderPart::Done;
                    }
                }
                HeaderPart::Done => unreachable!("loop ends at Done"),
            }
        }
        Ok(true)
    }

    /// The first part present among those in `remaining` (in header order).
    fn after(&self, remaining: u8) -> HeaderPart {
        let present = self.flags & remaining;
        if present & FEXTRA != 0 {
            HeaderPart::ExtraLen
        } else if present & FNAME != 0 {
            HeaderPart::Name
        } else if present & FCOMMENT != 0 {
            HeaderPart::Comment
        } else if present & FHCRC != 0 {
            HeaderPart::Crc16
        } else {
            HeaderPart::Done
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Runs a whole input through `step`, `chunk` bytes at a time, with an
    /// output buffer of `cap` bytes, checking that no output exceeds it.
    fn drive(
        mut step: impl FnMut(&mut &[u8], bool, &mut Vec<u8>) -> Result<Step, CodecError>,
        input: &[u8],
        chunk: usize,
        cap: usize,
    ) -> Result<Vec<u8>, CodecError> {
        let mut all = Vec::new();
        let mut pieces: Vec<&[u8]> = input.chunks(chunk.max(1)).collect();
        pieces.push(&[]);
        let last = pieces.len() - 1;
        for (i, mut piece) in pieces.into_iter().enumerate() {
            loop {
                let mut out = Vec::with_capacity(cap);
                let step = step(&mut piece, i == last, &mut out)?;
                assert!(out.len() <= cap);
                all.extend_from_slice(&out);
                match step {
                    Step::Full => continue,
                    Step::NeedInput | Step::Done => break,
                }
            }
            assert!(piece.is_empty());
        }
        Ok(all)
    }

    fn compress(format: Format, input: &[u8], chunk: usize, cap: usize) -> Vec<u8> {
        let mut c = Compressor::new(format);
        drive(|i, f, o| c.step(i, f, o), input, chunk, cap).unwrap()
    }

    fn decompress(
        format: Format,
        input: &[u8],
        chunk: usize,
        cap: usize,
    ) -> Result<Vec<u8>, CodecError> {
        let mut d = Decompressor::new(format);
        drive(|i, f, o| d.step(i, f, o), input, chunk, cap)
    }

    fn sample() -> Vec<u8> {
        (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect()
    }

    #[test]
    fn round_trips_in_small_pieces() {
        let data = sample();
        for format in [Format::Gzip, Format::Deflate, Format::DeflateRaw] {
            for (chunk, cap) in [(1000, 7), (65536, 65536), (1 << 30, 100)] {
                let packed = compress(format, &data, chunk, cap);
                assert!(packed.len() < data.len() / 4);
                assert_eq!(
                    decompress(format, &packed, chunk / 3 + 1, cap).unwrap(),
                    data
                );
            }
        }
    }

    #[test]
    fn reads_flate2_streams_and_flate2_reads_ours() {
        let data = sample();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&data).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(decompress(Format::Gzip, &gz, 333, 4096).unwrap(), data);

        let ours = compress(Format::Gzip, &data, 5000, 4096);
        let mut out = Vec::new();
        let mut dec = flate2::write::GzDecoder::new(&mut out);
        dec.write_all(&ours).unwrap();
        dec.finish().unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn gzip_header_fields() {
        // FEXTRA + FNAME + FCOMMENT + FHCRC, fed one byte at a time.
        let mut header = vec![
            0x1f,
            0x8b,
            8,
            FEXTRA | FNAME | FCOMMENT | FHCRC,
            0,
            0,
            0,
            0,
            0,
            3,
        ];
        header.extend_from_slice(&[3, 0, b'a', b'b', b'c']);
        header.extend_from_slice(b"name\0comment\0");
        let crc = {
            let mut c = Crc::new();
            c.update(&header);
            (c.sum() & 0xffff) as u16
        };
        header.extend_from_slice(&crc.to_le_bytes());
        let body = compress(Format::DeflateRaw, b"hello", 10, 100);
        let mut c = Crc::new();
        c.update(b"hello");
        let mut input = header.clone();
        input.extend_from_slice(&body);
        input.extend_from_slice(&c.sum().to_le_bytes());
        input.extend_from_slice(&5u32.to_le_bytes());
        assert_eq!(decompress(Format::Gzip, &input, 1, 3).unwrap(), b"hello");

        let mut bad = input.clone();
        bad[header.len() - 1] ^= 1;
        assert!(matches!(
            decompress(Format::Gzip, &bad, 1, 3),
            Err(CodecError::Corrupt(_))
        ));
    }

    #[test]
    fn errors() {
        let packed = compress(Format::Deflate, b"expected output", 100, 100);
        let mut junk = packed.clone();
        junk.push(0);
        assert_eq!(
            decompress(Format::Deflate, &junk, 100, 100),
            Err(CodecError::TrailingData)
        );
        // Junk in a later chunk than the end.
        assert_eq!(
            decompress(Format::Deflate, &junk, packed.len(), 100),
            Err(CodecError::TrailingData)
        );
        let short = &packed[..packed.len() - 1];
        assert_eq!(
            decompress(Format::Deflate, short, 100, 100),
            Err(CodecError::Truncated)
        );
        assert_eq!(
            decompress(Format::Gzip, b"", 100, 100),
            Err(CodecError::Truncated)
        );
        let mut corrupt = packed.clone();
        corrupt[0] = 0;
        assert!(matches!(
            decompress(Format::Deflate, &corrupt, 100, 100),
            Err(CodecError::Corrupt(_))
        ));
    }

    #[test]
    fn bomb_comes_out_in_slices() {
        let zeros = vec![0u8; 50 << 20];
        let packed = compress(Format::Deflate, &zeros, 1 << 30, 1 << 20);
        assert!(packed.len() < 100_000);
        let mut d = Decompressor::new(Format::Deflate);
        let mut input = &packed[..];
        let mut out = Vec::with_capacity(65536);
        assert_eq!(d.step(&mut input, false, &mut out), Ok(Step::Full));
        assert_eq!(out.len(), 65536);
    }
}
