//! Native ops of `node:zlib` (`nanojs:internal/node_zlib`): incremental
//! deflate/zlib/gzip codecs on flate2 (its zlib-rs backend, so gzip framing,
//! window sizes and zlib's own error messages come from a zlib port) and
//! brotli codecs on the `brotli` crate. The JS side validates options and
//! throws Node's errors; bytes come in as typed arrays and go out as
//! `ArrayBuffer`s.
//!
//! - `create(mode, level, windowBits, brotliParams, dictionary)`: an opaque codec for
//!   one of Node's modes (`DEFLATE` 1 ... `BROTLI_ENCODE` 9); brotliParams
//!   is an array of `BROTLI_PARAM_*` values by index (`0xffffffff` unset).
//!   `dictionary` (a view or undefined) is zlib's preset dictionary. Null
//!   when the parameters are refused.
//! - `write(codec, view, flush, maxOutput)`: runs the whole chunk with
//!   Node's flush value (`Z_*` for zlib modes, `BROTLI_OPERATION_*` for
//!   brotli) and returns all the output as an ArrayBuffer; `false` when the
//!   output would pass `maxOutput` bytes; `[errno, message]` when the data
//!   is corrupt or (with a finishing flush) truncated.
//! - `reset(codec)`: back to the state after `create`.
//! - `crc32(view, value)`: CRC-32 of the bytes, continuing from `value`.
//!
//! memLevel and strategy are not settable through flate2, and its
//! `set_level` on zlib-rs always fails mid-stream (zlib's deflateParams
//! needs an output buffer flate2 does not give it): the JS side validates
//! and ignores them, and `params()` keeps the level.

use brotli::enc::encode::{
    BrotliEncoderOperation, BrotliEncoderParameter, BrotliEncoderStateStruct,
};
use brotli::enc::StandardAlloc;
use brotli::{BrotliDecompressStream, BrotliResult, BrotliState, HeapAlloc, HuffmanCode};
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use rquickjs::{Array, ArrayBuffer, Class, Ctx, Exception, Value};

use crate::encoding::typed_array_bytes;
use crate::native::{native_ops, opaque_class};

// Node's modes (zlib.constants).
const DEFLATE: i32 = 1;
const INFLATE: i32 = 2;
const GZIP: i32 = 3;
const GUNZIP: i32 = 4;
const DEFLATERAW: i32 = 5;
const INFLATERAW: i32 = 6;
const UNZIP: i32 = 7;
const BROTLI_DECODE: i32 = 8;
const BROTLI_ENCODE: i32 = 9;

const Z_FINISH: i32 = 4;
const Z_NEED_DICT: i32 = 2;
const Z_STREAM_ERROR: i32 = -2;
const Z_DATA_ERROR: i32 = -3;
const Z_BUF_ERROR: i32 = -5;
const BROTLI_OPERATION_FLUSH: i32 = 1;
const BROTLI_OPERATION_FINISH: i32 = 2;

/// Spare output room given to the engine per call.
const ROOM: usize = 64 * 1024;

/// Why a write failed.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    /// Node's errno (a `Z_*` or `BROTLI_DECODER_ERROR_*` value) and message.
    Codec(i32, String),
    /// The output passed the caller's limit.
    TooLarge,
}

fn eof() -> Failure {
    Failure::Codec(Z_BUF_ERROR, "unexpected end of file".into())
}

type BrotliDecoder = BrotliState<HeapAlloc<u8>, HeapAlloc<u32>, HeapAlloc<HuffmanCode>>;

enum Engine {
    Deflate(Box<Compress>),
    /// `None` until an UNZIP codec has seen enough bytes to tell gzip from zlib.
    Inflate(Option<Box<Decompress>>),
    BrotliEncode(Box<BrotliEncoderStateStruct<StandardAlloc>>),
    BrotliDecode(Box<BrotliDecoder>),
}

/// The settings a codec was made with (kept for `reset`).
#[derive(Clone, Debug)]
struct Settings {
    mode: i32,
    level: i32,
    window_bits: u8,
    brotli: Vec<u32>,
    dictionary: Option<Vec<u8>>,
}

pub(crate) struct Codec {
    settings: Settings,
    engine: Engine,
    /// Inflating gzip members (GUNZIP, or UNZIP once it saw gzip).
    gzip: bool,
    /// The compressed stream ended (or, compressing, was finished).
    ended: bool,
    /// UNZIP: the first bytes, held until the format is known.
    head: Vec<u8>,
}

opaque_class!(Codec, "ZlibCodec");

fn level_of(level: i32) -> Compression {
    if (0..=9).contains(&level) {
        Compression::new(level as u32)
    } else {
        Compression::default()
    }
}

fn brotli_param(index: usize) -> Option<BrotliEncoderParameter> {
    use BrotliEncoderParameter::*;
    Some(match index {
        0 => BROTLI_PARAM_MODE,
        1 => BROTLI_PARAM_QUALITY,
        2 => BROTLI_PARAM_LGWIN,
        3 => BROTLI_PARAM_LGBLOCK,
        4 => BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING,
        5 => BROTLI_PARAM_SIZE_HINT,
        6 => BROTLI_PARAM_LARGE_WINDOW,
        // NPOSTFIX and NDIRECT have no setting in this encoder.
        _ => return None,
    })
}

fn new_decompress(gzip: bool, zlib_header: bool, window_bits: u8) -> Box<Decompress> {
    Box::new(if gzip {
        Decompress::new_gzip(window_bits)
    } else {
        Decompress::new_with_window_bits(zlib_header, window_bits)
    })
}

impl Engine {
    fn new(s: &Settings) -> Option<Engine> {
        // zlib's own ranges are 8..=15 (0: from the header when inflating);
        // flate2 takes 9..=15, and a wider window inflates anything a
        // narrower one does.
        let wb = match s.window_bits {
            0 => 15,
            n => n.clamp(9, 15),
        };
        Some(match s.mode {
            DEFLATE | DEFLATERAW => {
                let mut z =
                    Compress::new_with_window_bits(level_of(s.level), s.mode == DEFLATE, wb);
                if let Some(d) = &s.dictionary {
                    z.set_dictionary(d).ok()?;
                }
                Engine::Deflate(Box::new(z))
            }
            GZIP => Engine::Deflate(Box::new(Compress::new_gzip(level_of(s.level), wb))),
            INFLATE => Engine::Inflate(Some(new_decompress(false, true, wb))),
            INFLATERAW => {
                let mut z = new_decompress(false, false, wb);
                if let Some(d) = &s.dictionary {
                    z.set_dictionary(d).ok()?;
                }
                Engine::Inflate(Some(z))
            }
            GUNZIP => Engine::Inflate(Some(new_decompress(true, false, wb))),
            UNZIP => Engine::Inflate(None),
            BROTLI_ENCODE => {
                let mut st = BrotliEncoderStateStruct::new(StandardAlloc::default());
                let mut quality = 11;
                let mut lgwin = 22;
                for (i, &v) in s.brotli.iter().enumerate() {
                    if v == u32::MAX {
                        continue;
                    }
                    match i {
                        1 => quality = v,
                        2 => lgwin = v,
                        _ => {}
                    }
                    if let Some(p) = brotli_param(i) {
                        if !st.set_parameter(p, v) {
                            return None;
                        }
                    }
                }
                // The C encoder clamps both, as Node's does.
                quality = quality.min(11);
                st.set_parameter(BrotliEncoderParameter::BROTLI_PARAM_QUALITY, quality);
                st.set_parameter(BrotliEncoderParameter::BROTLI_PARAM_LGWIN, lgwin);
                Engine::BrotliEncode(Box::new(st))
            }
            BROTLI_DECODE => Engine::BrotliDecode(Box::new(BrotliState::new(
                HeapAlloc::default(),
                HeapAlloc::default(),
                HeapAlloc::default(),
            ))),
            _ => return None,
        })
    }
}

/// The C decoder's error code for a failed brotli decoder. The Rust port
/// reports bad padding before a metadata or uncompressed block as
/// `PADDING_2` where the C decoder (Node's) says `PADDING_1`; the state it
/// stopped in tells them apart (its type is not exported, its Debug is).
fn brotli_errno(st: &BrotliDecoder) -> i32 {
    let code = st.error_code as i32;
    const PADDING_1: i32 = -14;
    const PADDING_2: i32 = -15;
    if code == PADDING_2 && format!("{:?}", st.state) == "BROTLI_STATE_METABLOCK_HEADER" {
        return PADDING_1;
    }
    code
}

/// Makes room for at least [`ROOM`] more bytes, checking the limit first.
fn grow(out: &mut Vec<u8>, max: usize) -> Result<(), Failure> {
    if out.len() > max {
        return Err(Failure::TooLarge);
    }
    if out.capacity() - out.len() < ROOM {
        out.reserve(ROOM.max(out.len()));
    }
    Ok(())
}

impl Codec {
    fn new(settings: Settings) -> Option<Codec> {
        let engine = Engine::new(&settings)?;
        Some(Codec {
            gzip: settings.mode == GUNZIP,
            settings,
            engine,
            ended: false,
            head: Vec::new(),
        })
    }

    fn reset(&mut self) {
        if let Some(fresh) = Codec::new(self.settings.clone()) {
            *self = fresh;
        }
    }

    /// Runs `input` through the codec with Node's `flush` value.
    fn write(&mut self, input: &[u8], flush: i32, max: usize) -> Result<Vec<u8>, Failure> {
        let mut out = Vec::new();
        if self.ended {
            return Ok(out);
        }
        match &mut self.engine {
            Engine::Deflate(z) => {
                let flush = match flush {
                    1 => FlushCompress::Partial,
                    2 => FlushCompress::Sync,
                    3 => FlushCompress::Full,
                    4 => FlushCompress::Finish,
                    5 => FlushCompress::Partial,
                    _ => FlushCompress::None,
                };
                let mut input = input;
                loop {
                    grow(&mut out, max)?;
                    let before = z.total_in();
                    let status = z.compress_vec(input, &mut out, flush).map_err(|e| {
                        Failure::Codec(Z_STREAM_ERROR, e.message().unwrap_or("Zlib error").into())
                    })?;
                    input = &input[(z.total_in() - before) as usize..];
                    if status == Status::StreamEnd {
                        self.ended = true;
                        break;
                    }
                    if input.is_empty() && out.len() < out.capacity() {
                        break;
                    }
                }
            }
            Engine::Inflate(_) => self.inflate(input, flush, max, &mut out)?,
            Engine::BrotliEncode(st) => {
                let op = match flush {
                    BROTLI_OPERATION_FLUSH => BrotliEncoderOperation::BROTLI_OPERATION_FLUSH,
                    BROTLI_OPERATION_FINISH => BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
                    _ => BrotliEncoderOperation::BROTLI_OPERATION_PROCESS,
                };
                let finish = flush == BROTLI_OPERATION_FINISH;
                let mut buf = vec![0u8; ROOM];
                let (mut avail_in, mut in_off) = (input.len(), 0);
                let mut nop = |_: &mut brotli::interface::PredictionModeContextMap<
                    brotli::InputReferenceMut,
                >,
                               _: &mut [brotli::interface::StaticCommand],
                               _: brotli::InputPair,
                               _: &mut StandardAlloc| ();
                loop {
                    let (mut avail_out, mut out_off) = (buf.len(), 0);
                    let ok = st.compress_stream(
                        op,
                        &mut avail_in,
                        input,
                        &mut in_off,
                        &mut avail_out,
                        &mut buf,
                        &mut out_off,
                        &mut None,
                        &mut nop,
                    );
                    if !ok {
                        return Err(Failure::Codec(-1, "Compression failed".into()));
                    }
                    out.extend_from_slice(&buf[..out_off]);
                    if out.len() > max {
                        return Err(Failure::TooLarge);
                    }
                    if avail_in == 0 && !st.has_more_output() && (!finish || st.is_finished()) {
                        break;
                    }
                }
                if finish {
                    self.ended = true;
                }
            }
            Engine::BrotliDecode(st) => {
                let mut buf = vec![0u8; ROOM];
                let (mut avail_in, mut in_off, mut total) = (input.len(), 0, 0);
                loop {
                    let (mut avail_out, mut out_off) = (buf.len(), 0);
                    let result = BrotliDecompressStream(
                        &mut avail_in,
                        &mut in_off,
                        input,
                        &mut avail_out,
                        &mut out_off,
                        &mut buf,
                        &mut total,
                        st,
                    );
                    out.extend_from_slice(&buf[..out_off]);
                    if out.len() > max {
                        return Err(Failure::TooLarge);
                    }
                    match result {
                        BrotliResult::ResultFailure => {
                            return Err(Failure::Codec(
                                brotli_errno(st),
                                "Decompression failed".into(),
                            ));
                        }
                        BrotliResult::ResultSuccess => {
                            self.ended = true;
                            break;
                        }
                        BrotliResult::NeedsMoreOutput => {}
                        BrotliResult::NeedsMoreInput => {
                            if flush == BROTLI_OPERATION_FINISH {
                                return Err(eof());
                            }
                            break;
                        }
                    }
                }
            }
        }
        if out.len() > max {
            return Err(Failure::TooLarge);
        }
        Ok(out)
    }

    fn inflate(
        &mut self,
        input: &[u8],
        flush: i32,
        max: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), Failure> {
        let wb = match self.settings.window_bits {
            0 => 15,
            n => n.clamp(9, 15),
        };
        let held;
        let mut input = input;
        let Engine::Inflate(slot) = &mut self.engine else {
            unreachable!("inflate on an inflate engine");
        };
        if slot.is_none() {
            // UNZIP: gzip's magic number or else zlib, as Node decides.
            self.head.extend_from_slice(input);
            let h = &self.head;
            if h.is_empty() || (h.len() == 1 && h[0] == 0x1f) {
                return if flush == Z_FINISH {
                    Err(eof())
                } else {
                    Ok(())
                };
            }
            self.gzip = h[0] == 0x1f && h[1] == 0x8b;
            *slot = Some(new_decompress(self.gzip, true, wb));
            held = std::mem::take(&mut self.head);
            input = &held;
        }
        let z = slot.as_mut().expect("the format is known");
        loop {
            grow(out, max)?;
            let (in_before, out_before) = (z.total_in(), out.len());
            let result = z.decompress_vec(input, out, FlushDecompress::None);
            let used = (z.total_in() - in_before) as usize;
            input = &input[used..];
            let status = match result {
                Ok(status) => status,
                Err(e) if e.needs_dictionary().is_some() => {
                    let Some(d) = &self.settings.dictionary else {
                        return Err(Failure::Codec(Z_NEED_DICT, "Missing dictionary".into()));
                    };
                    if z.set_dictionary(d).is_err() {
                        return Err(Failure::Codec(Z_NEED_DICT, "Bad dictionary".into()));
                    }
                    continue;
                }
                Err(e) => {
                    let why = e.message().unwrap_or("Zlib error");
                    return Err(Failure::Codec(Z_DATA_ERROR, why.into()));
                }
            };
            if status == Status::StreamEnd {
                // Node's GUNZIP: another member follows unless the rest is
                // zero padding.
                if self.gzip && input.first().is_some_and(|&b| b != 0) {
                    *z = new_decompress(true, false, wb);
                    continue;
                }
                self.ended = true;
                break;
            }
            let room = out.len() < out.capacity();
            if (input.is_empty() && room) || (used == 0 && out.len() == out_before && room) {
                break;
            }
        }
        if !self.ended && flush == Z_FINISH {
            return Err(eof());
        }
        Ok(())
    }
}

/// CRC-32 (IEEE), continuing from `crc` as zlib's `crc32()`.
fn crc32_update(crc: u32, bytes: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(crc);
    hasher.update(bytes);
    hasher.finalize()
}

/// The bytes a typed array views, valid while `value` lives and no JS runs.
fn view<'a, 'js>(ctx: &Ctx<'js>, value: &'a Value<'js>) -> rquickjs::Result<&'a [u8]> {
    let (ptr, len) = typed_array_bytes(ctx, value)
        .ok_or_else(|| Exception::throw_type(ctx, "expected a typed array"))?;
    if len == 0 {
        return Ok(&[]);
    }
    // SAFETY: `value` keeps its buffer alive; callers run no JS while the
    // slice is in use.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast_const(), len) })
}

fn create<'js>(
    ctx: Ctx<'js>,
    mode: i32,
    level: i32,
    window_bits: i32,
    brotli: Value<'js>,
    dictionary: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let dictionary = match dictionary.is_undefined() {
        true => None,
        false => Some(view(&ctx, &dictionary)?.to_vec()),
    };
    let brotli = match brotli.as_array() {
        Some(a) => a
            .iter::<f64>()
            .map(|v| v.map(|v| v as u32))
            .collect::<rquickjs::Result<_>>()?,
        None => Vec::new(),
    };
    let settings = Settings {
        mode,
        level,
        window_bits: window_bits.clamp(0, 15) as u8,
        brotli,
        dictionary,
    };
    match Codec::new(settings) {
        Some(codec) => Ok(Class::instance(ctx, codec)?.into_value()),
        None => Ok(Value::new_null(ctx)),
    }
}

fn write<'js>(
    ctx: Ctx<'js>,
    codec: Class<'js, Codec>,
    chunk: Value<'js>,
    flush: i32,
    max: f64,
) -> rquickjs::Result<Value<'js>> {
    let input = view(&ctx, &chunk)?;
    let result = codec
        .try_borrow_mut()
        .map_err(|_| Exception::throw_type(&ctx, "the zlib codec is busy"))?
        .write(input, flush, max.max(0.0) as usize);
    match result {
        Ok(out) => Ok(ArrayBuffer::new(ctx, out)?.into_value()),
        Err(Failure::TooLarge) => Ok(Value::new_bool(ctx, false)),
        Err(Failure::Codec(errno, message)) => {
            let a = Array::new(ctx)?;
            a.set(0, errno)?;
            a.set(1, message)?;
            Ok(a.into_value())
        }
    }
}

fn reset(codec: Class<'_, Codec>) {
    codec.borrow_mut().reset();
}

fn crc32<'js>(ctx: Ctx<'js>, data: Value<'js>, value: f64) -> rquickjs::Result<f64> {
    Ok(crc32_update(value as u32, view(&ctx, &data)?) as f64)
}

native_ops! {
    "create" => create,
    "write" => write,
    "reset" => reset,
    "crc32" => crc32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codec(mode: i32) -> Codec {
        Codec::new(Settings {
            mode,
            level: -1,
            window_bits: 15,
            brotli: Vec::new(),
            dictionary: None,
        })
        .unwrap()
    }

    fn round_trip(enc: i32, dec: i32, data: &[u8]) {
        // The finishing flush: Z_FINISH, or BROTLI_OPERATION_FINISH.
        let flush = if dec == BROTLI_DECODE { 2 } else { 4 };
        let packed = codec(enc).write(data, flush, usize::MAX).unwrap();
        assert_eq!(codec(dec).write(&packed, flush, usize::MAX).unwrap(), data);
    }

    #[test]
    fn round_trips() {
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        for data in [&b""[..], b"hello", &big] {
            round_trip(DEFLATE, INFLATE, data);
            round_trip(GZIP, GUNZIP, data);
            round_trip(DEFLATERAW, INFLATERAW, data);
            round_trip(GZIP, UNZIP, data);
            round_trip(DEFLATE, UNZIP, data);
            round_trip(BROTLI_ENCODE, BROTLI_DECODE, data);
        }
    }

    #[test]
    fn incremental() {
        let packed = codec(GZIP).write(b"hello world", 4, usize::MAX).unwrap();
        let mut d = codec(UNZIP);
        let mut out = Vec::new();
        for b in &packed {
            out.extend(d.write(std::slice::from_ref(b), 0, usize::MAX).unwrap());
        }
        out.extend(d.write(&[], 4, usize::MAX).unwrap());
        assert_eq!(out, b"hello world");
    }

    #[test]
    fn errors() {
        assert_eq!(
            codec(GUNZIP).write(b"hello world", 4, usize::MAX),
            Err(Failure::Codec(
                Z_DATA_ERROR,
                "incorrect header check".into()
            ))
        );
        let packed = codec(DEFLATE).write(b"hello hello", 4, usize::MAX).unwrap();
        assert_eq!(
            codec(INFLATE).write(&packed[..4], 4, usize::MAX),
            Err(eof())
        );
        assert_eq!(codec(INFLATE).write(&packed, 4, 3), Err(Failure::TooLarge));
        // Two gzip members inflate to both.
        let g = codec(GZIP).write(b"ab", 4, usize::MAX).unwrap();
        let two = [&g[..], &g[..]].concat();
        assert_eq!(codec(GUNZIP).write(&two, 4, usize::MAX).unwrap(), b"abab");
    }

    #[test]
    fn crc() {
        assert_eq!(crc32_update(0, b"hello"), 907_060_870);
        assert_eq!(
            crc32_update(crc32_update(0, b"hello "), b"world"),
            222_957_957
        );
    }
}
