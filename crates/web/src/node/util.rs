//! Native ops of `node:util/types` and `util.inspect`
//! (`nanojs:internal/node_util`): engine facts JS cannot observe without side
//! effects or that `Symbol.toStringTag` and prototypes can fake.
//!
//! - `classId(value)`: the QuickJS class id of an object (0 for primitives).
//!   JS compares it with the ids of reference objects (an async function, a
//!   generator object, an arguments object, ...), so it needs no id table.
//! - `proxyDetails(value)`: `undefined` when not a proxy, else
//!   `[target, handler]` (read without running any trap), `null` when revoked.

use crate::native::native_ops;
use rquickjs::{qjs, Array, Ctx, Value};

fn class_id(value: Value<'_>) -> u32 {
    // SAFETY: JS_GetClassID only reads the tag and, for objects, the class id.
    unsafe { qjs::JS_GetClassID(value.as_raw()) }
}

fn proxy_details<'js>(ctx: Ctx<'js>, value: Value<'js>) -> rquickjs::Result<Value<'js>> {
    // SAFETY: JS_IsProxy only inspects the value.
    if !unsafe { qjs::JS_IsProxy(value.as_raw()) } {
        return Ok(Value::new_undefined(ctx));
    }
    let raw_ctx = ctx.as_raw().as_ptr();
    // SAFETY: `value` is a live proxy of `ctx`. Each call returns a new
    // reference, or JS_EXCEPTION with a pending TypeError when the proxy is
    // revoked; that exception is taken and dropped, as revocation is the answer.
    let target = unsafe { qjs::JS_GetProxyTarget(raw_ctx, value.as_raw()) };
    if unsafe { qjs::JS_IsException(target) } {
        drop(ctx.catch());
        return Ok(Value::new_null(ctx));
    }
    let (target, handler) = unsafe {
        (
            Value::from_raw(ctx.clone(), target),
            Value::from_raw(
                ctx.clone(),
                qjs::JS_GetProxyHandler(raw_ctx, value.as_raw()),
            ),
        )
    };
    let out = Array::new(ctx)?;
    out.set(0, target)?;
    out.set(1, handler)?;
    Ok(out.into_value())
}

native_ops! {
    "classId" => class_id,
    "proxyDetails" => proxy_details,
}
