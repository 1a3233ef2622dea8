//! Native ops for body buffers (`nanojs:internal/body_buffer`).
//!
//! `copyExternal(view)` and `allocExternal(len)`: a copy of a Uint8Array's bytes in a new Uint8Array
//! whose memory Rust owns, outside the isolate's JS heap. Fetch copies a
//! body at construction and again when it is read; those copies are the
//! runtime's, bounded by the request's size limit (incoming bodies) or by
//! the app's own array they copy (which does count). Counting them too would
//! make a 100 MB body need several times 100 MB of `memory_mb`.

use crate::native::native_ops;
use rquickjs::{Ctx, Exception, TypedArray, Value};

native_ops! {
    "copyExternal" => copy_external,
    "allocExternal" => alloc_external,
}

fn copy_external<'js>(ctx: Ctx<'js>, view: Value<'js>) -> rquickjs::Result<TypedArray<'js, u8>> {
    let view = TypedArray::<u8>::from_value(view)
        .map_err(|_| Exception::throw_type(&ctx, "copyExternal: expected a Uint8Array"))?;
    // SAFETY: the bytes are copied at once; no JS runs meanwhile. A detached
    // view has no bytes.
    let bytes = unsafe { view.as_bytes() }
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    TypedArray::<u8>::new(ctx, bytes)
}

/// A new zero-filled Uint8Array of `len` bytes whose memory Rust owns: where
/// a streamed body is joined for `arrayBuffer()`/`bytes()`, like the copies
/// above.
fn alloc_external<'js>(ctx: Ctx<'js>, len: f64) -> rquickjs::Result<TypedArray<'js, u8>> {
    if !(0.0..=(isize::MAX as f64)).contains(&len) {
        return Err(Exception::throw_range(&ctx, "allocExternal: bad length"));
    }
    TypedArray::<u8>::new(ctx, vec![0u8; len as usize])
}
