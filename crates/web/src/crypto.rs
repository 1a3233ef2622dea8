//! Native ops for the `crypto` builtin (`nanojs:internal/crypto`): bytes from
//! the operating system's CSPRNG, written straight into JS memory.
//!
//! - `fillRandom(view)`: fills an integer typed array in place (the JS side
//!   checks the type and the 65536-byte quota first).
//! - `randomUUID()`: a version 4 UUID, lowercase and hyphenated.

use std::cell::RefCell;
use std::ptr;

use crate::native::native_ops;
use rquickjs::{qjs, Ctx, Exception, Value};

native_ops! {
    "fillRandom" => fill_random,
    "randomUUID" => random_uuid,
}

fn os_error<'js>(ctx: &Ctx<'js>, e: getrandom::Error) -> rquickjs::Error {
    Exception::throw_internal(ctx, &format!("cannot get random bytes: {e}"))
}

/// Fills the bytes a typed array views with random bytes.
fn fill_random<'js>(ctx: Ctx<'js>, view: Value<'js>) -> rquickjs::Result<()> {
    let mut offset: qjs::size_t = 0;
    let mut length: qjs::size_t = 0;
    // SAFETY: `view` is a live value of this context; the returned buffer is
    // an owned reference that `Value::from_raw` takes over.
    let buffer = unsafe {
        let raw = qjs::JS_GetTypedArrayBuffer(
            ctx.as_raw().as_ptr(),
            view.as_raw(),
            &mut offset,
            &mut length,
            ptr::null_mut(),
        );
        if qjs::JS_IsException(raw) {
            return Err(rquickjs::Error::Exception);
        }
        Value::from_raw(ctx.clone(), raw)
    };
    let (offset, length) = (offset as usize, length as usize);
    if length == 0 {
        return Ok(());
    }
    let mut size: qjs::size_t = 0;
    // SAFETY: `buffer` is an (Shared)ArrayBuffer; the pointer is used before
    // any JS runs, within the `size` bytes QuickJS reports.
    unsafe {
        let data = qjs::JS_GetArrayBuffer(ctx.as_raw().as_ptr(), &mut size, buffer.as_raw());
        if data.is_null() {
            return Err(rquickjs::Error::Exception);
        }
        let size = size as usize;
        if offset.checked_add(length).is_none_or(|end| end > size) {
            return Err(Exception::throw_range(&ctx, "typed array out of bounds"));
        }
        let bytes = std::slice::from_raw_parts_mut(data.add(offset), length);
        getrandom::fill(bytes).map_err(|e| os_error(&ctx, e))
    }
}

/// Random bytes for UUIDs come from a small per-thread pool, refilled from the
/// OS in one call, so that a UUID costs no system call.
struct Pool {
    bytes: [u8; 4096],
    used: usize,
}

thread_local! {
    static POOL: RefCell<Pool> = const { RefCell::new(Pool { bytes: [0; 4096], used: 4096 }) };
}

fn random_16() -> Result<[u8; 16], getrandom::Error> {
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        if pool.used + 16 > pool.bytes.len() {
            getrandom::fill(&mut pool.bytes)?;
            pool.used = 0;
        }
        let mut out = [0u8; 16];
        let start = pool.used;
        out.copy_from_slice(&pool.bytes[start..start + 16]);
        // Bytes handed out are not kept around.
        pool.bytes[start..start + 16].fill(0);
        pool.used += 16;
        Ok(out)
    })
}

fn random_uuid(ctx: Ctx<'_>) -> rquickjs::Result<String> {
    let bytes = random_16().map_err(|e| os_error(&ctx, e))?;
    let uuid = uuid::Builder::from_random_bytes(bytes).into_uuid();
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    Ok(uuid.hyphenated().encode_lower(&mut buf).to_owned())
}
