//! The async context: one value per isolate that QuickJS carries through
//! promise jobs (our patch to QuickJS-NG, vendor/rquickjs-sys/NANOJS.md). A
//! reaction (`then()`, the code after an `await`) runs with the value that
//! was current when it was registered, as in the TC39 AsyncContext proposal.
//!
//! `node:async_hooks`' AsyncLocalStorage keeps its frame (a Map from each
//! storage to its store) here. The engine carries the value through the
//! host's own queues too: a timer or immediate runs with the value current
//! when it was scheduled ([`Captured`]).

use rquickjs::{qjs, Ctx, Function, Object, Persistent, Value};

extern "C" {
    fn JS_GetAsyncContext(ctx: *mut qjs::JSContext) -> qjs::JSValue;
    fn JS_SetAsyncContext(ctx: *mut qjs::JSContext, value: qjs::JSValue);
}

/// The current value (`undefined` until something sets it).
pub(crate) fn current<'js>(ctx: &Ctx<'js>) -> Value<'js> {
    // SAFETY: JS_GetAsyncContext returns a new reference, owned by the Value.
    unsafe { Value::from_raw(ctx.clone(), JS_GetAsyncContext(ctx.as_raw().as_ptr())) }
}

/// Makes `value` current.
pub(crate) fn set<'js>(ctx: &Ctx<'js>, value: Value<'js>) {
    let ctx = ctx.as_raw().as_ptr();
    // SAFETY: the runtime takes over a new reference to the value; `value`
    // drops its own (forgetting it instead would also leak its Ctx).
    unsafe {
        let raw = qjs::JS_DupValue(ctx, value.as_raw());
        JS_SetAsyncContext(ctx, raw);
    }
}

/// The value current when something was queued, to be current again while
/// it runs. None when nothing had set a value (the common case costs nothing).
#[derive(Clone)]
pub(crate) struct Captured(Option<Persistent<Value<'static>>>);

impl Captured {
    pub fn now(ctx: &Ctx<'_>) -> Self {
        let v = current(ctx);
        Captured((!v.is_undefined()).then(|| Persistent::save(ctx, v)))
    }

    /// Runs `f` with the captured value current, then restores the one before.
    pub fn enter<'js, R>(self, ctx: &Ctx<'js>, f: impl FnOnce() -> R) -> R {
        let undefined = || Value::new_undefined(ctx.clone());
        let value = self.0.map_or_else(undefined, |saved| {
            saved.restore(ctx).unwrap_or_else(|_| undefined())
        });
        let before = current(ctx);
        if value.is_undefined() && before.is_undefined() {
            return f();
        }
        set(ctx, value);
        let r = f();
        set(ctx, before);
        r
    }
}

/// `nanojs:host`'s `asyncContext`: `get()` and `set(value)`, for
/// node:async_hooks and the JS queues (process.nextTick).
pub(crate) fn ops<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let ops = Object::new(ctx.clone())?;
    ops.set(
        "get",
        Function::new(ctx.clone(), |ctx: Ctx<'js>| current(&ctx))?,
    )?;
    ops.set(
        "set",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, v: Value<'js>| set(&ctx, v))?,
    )?;
    Ok(ops)
}
