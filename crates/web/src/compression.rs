//! Native ops for the `compression` builtin (`nanojs:internal/compression`):
//! the codecs behind `CompressionStream` and `DecompressionStream`.
//!
//! `newCodec(format, decompress)` makes an opaque codec handle. Output comes
//! one slice (at most [`SLICE`] bytes) per call, so the JS side can wait for
//! the reader between slices:
//! - `write(codec, uint8array)` starts on a chunk and returns its first
//!   slice of output, or undefined when there is none (yet);
//! - `next(codec)` returns the next slice of the current chunk's output, or
//!   undefined once the chunk is used up;
//! - `finish(codec)` ends the stream: call it until it returns undefined.
//!
//! Errors (corrupt input, junk after the end, a truncated stream) are
//! TypeErrors, as the spec asks. The part of a chunk not yet consumed when a
//! slice fills up is copied into QuickJS memory (the caller's buffer may be
//! detached or changed before the next call); a chunk consumed in one call
//! is never copied.

mod codec;

use codec::{CodecError, Compressor, Decompressor, Format, Step};
use rquickjs::Value;
use rquickjs::{qjs, Class, Ctx, Exception};

use crate::encoding::{typed_array_bytes, JsBuf};
use crate::native::{native_ops, opaque_class};

/// The largest output chunk. Big enough that per-chunk costs vanish, small
/// enough that a decompression bomb is held back by the reader.
const SLICE: usize = 64 * 1024;

enum Engine {
    Compress(Box<Compressor>),
    Decompress(Box<Decompressor>),
}

impl Engine {
    fn step(
        &mut self,
        input: &mut &[u8],
        finish: bool,
        out: &mut Vec<u8>,
    ) -> Result<Step, CodecError> {
        match self {
            Engine::Compress(c) => c.step(input, finish, out),
            Engine::Decompress(d) => d.step(input, finish, out),
        }
    }
}

/// One stream's codec, held by the JS object as an opaque handle.
pub(crate) struct Codec {
    engine: Engine,
    decompress: bool,
    /// The unconsumed rest of the current chunk.
    pending: Option<JsBuf<u8>>,
    /// How much of `pending` has been consumed.
    pending_pos: usize,
    /// A codec error was thrown: later calls throw again.
    failed: bool,
}

opaque_class!(Codec, "CompressionCodec");

impl Codec {
    /// Runs one step over `input` into a new slice (empty when there is no
    /// output: only a full slice means more may follow).
    fn run(&mut self, ctx: &Ctx<'_>, input: &mut &[u8], finish: bool) -> rquickjs::Result<Vec<u8>> {
        if self.failed {
            return Err(self.throw(ctx, "the stream has already failed"));
        }
        let mut out = Vec::with_capacity(SLICE);
        match self.engine.step(input, finish, &mut out) {
            Ok(_) => Ok(out),
            Err(e) => {
                self.failed = true;
                self.pending = None;
                Err(self.throw(ctx, &e.to_string()))
            }
        }
    }

    fn throw(&self, ctx: &Ctx<'_>, why: &str) -> rquickjs::Error {
        let iface = if self.decompress {
            "DecompressionStream"
        } else {
            "CompressionStream"
        };
        Exception::throw_type(ctx, &format!("{iface}: {why}"))
    }

    /// Continues with the kept rest of the chunk (if any).
    fn resume(&mut self, ctx: &Ctx<'_>) -> rquickjs::Result<Vec<u8>> {
        let Some(pending) = self.pending.take() else {
            return self.run(ctx, &mut &[][..], false);
        };
        let mut input = &pending.as_slice()[self.pending_pos..];
        let before = input.len();
        let result = self.run(ctx, &mut input, false);
        if result.is_ok() && !input.is_empty() {
            self.pending_pos += before - input.len();
            self.pending = Some(pending);
        }
        result
    }
}

/// A new Uint8Array holding `bytes`, or undefined when there are none.
fn slice_value<'js>(ctx: &Ctx<'js>, bytes: &[u8]) -> rquickjs::Result<Value<'js>> {
    if bytes.is_empty() {
        return Ok(Value::new_undefined(ctx.clone()));
    }
    // SAFETY: copies `bytes` into a new Uint8Array in QuickJS's memory.
    let raw = unsafe {
        qjs::JS_NewUint8ArrayCopy(ctx.as_raw().as_ptr(), bytes.as_ptr(), bytes.len() as _)
    };
    // SAFETY: `raw` is a new owned value (or the exception marker, checked).
    let value = unsafe { Value::from_raw(ctx.clone(), raw) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    Ok(value)
}

/// `newCodec(format, decompress)`: `format` is a CompressionFormat value
/// (the JS side validated it).
fn new_codec<'js>(
    ctx: Ctx<'js>,
    format: String,
    decompress: bool,
) -> rquickjs::Result<Class<'js, Codec>> {
    let Some(format) = Format::parse(&format) else {
        return Err(Exception::throw_type(
            &ctx,
            &format!("unknown compression format '{format}'"),
        ));
    };
    let engine = if decompress {
        Engine::Decompress(Box::new(Decompressor::new(format)))
    } else {
        Engine::Compress(Box::new(Compressor::new(format)))
    };
    Class::instance(
        ctx,
        Codec {
            engine,
            decompress,
            pending: None,
            pending_pos: 0,
            failed: false,
        },
    )
}

fn borrow<'a, 'js>(
    ctx: &Ctx<'js>,
    codec: &'a Class<'js, Codec>,
) -> rquickjs::Result<rquickjs::class::BorrowMut<'a, 'js, Codec>> {
    codec
        .try_borrow_mut()
        .map_err(|_| Exception::throw_type(ctx, "the codec is busy"))
}

/// `write(codec, chunk)`: the first slice of output for `chunk` (a typed
/// array; the JS side turned any BufferSource into one), or undefined.
fn write<'js>(
    ctx: Ctx<'js>,
    codec: Class<'js, Codec>,
    chunk: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let Some((ptr, len)) = typed_array_bytes(&ctx, &chunk) else {
        return Err(Exception::throw_type(&ctx, "chunk is not a typed array"));
    };
    let mut state = borrow(&ctx, &codec)?;
    // The previous chunk must be used up (the JS side drains it first).
    if state.pending.is_some() {
        return Err(state.throw(&ctx, "write() before the previous chunk was drained"));
    }
    // SAFETY: `chunk` keeps the buffer alive and no JS runs while `bytes` is
    // in use (the codec is pure Rust; copying the rest only allocates).
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast_const(), len) };
    let mut input = bytes;
    let out = state.run(&ctx, &mut input, false)?;
    if !input.is_empty() {
        let mut rest = JsBuf::new(&ctx);
        rest.extend_from_slice(&ctx, input)?;
        state.pending = Some(rest);
        state.pending_pos = 0;
    }
    slice_value(&ctx, &out)
}

/// `next(codec)`: the next slice of the current chunk's output, or undefined
/// when the chunk is used up.
fn next<'js>(ctx: Ctx<'js>, codec: Class<'js, Codec>) -> rquickjs::Result<Value<'js>> {
    let mut state = borrow(&ctx, &codec)?;
    let out = state.resume(&ctx)?;
    slice_value(&ctx, &out)
}

/// `finish(codec)`: the next slice of the stream's last output, or undefined
/// once it has all come out. Throws a TypeError for a truncated stream.
fn finish<'js>(ctx: Ctx<'js>, codec: Class<'js, Codec>) -> rquickjs::Result<Value<'js>> {
    let mut state = borrow(&ctx, &codec)?;
    if state.pending.is_some() {
        return Err(state.throw(&ctx, "finish() before the last chunk was drained"));
    }
    let out = state.run(&ctx, &mut &[][..], true)?;
    slice_value(&ctx, &out)
}

native_ops! {
    "newCodec" => new_codec,
    "write" => write,
    "next" => next,
    "finish" => finish,
}
