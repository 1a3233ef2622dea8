//! Native ops for the `performance` builtin (`nanojs:internal/performance`):
//! the isolate's time origin and a monotonic clock relative to it.
//!
//! HR-Time defines the time origin as the moment the global object was
//! created; the engine records it when it creates the isolate. It is
//! per-isolate, not the process start, which a long-lived server would share
//! between isolates (leaking its uptime to every tenant).
//!
//! Both values are coarsened to 5 microseconds, the resolution HR-Time allows
//! for cross-origin-isolated contexts. `now()` rounds up, so it is positive
//! from the first call.

use std::time::UNIX_EPOCH;

use rquickjs::module::{Declarations, Declared, Exports, ModuleDef};
use rquickjs::{Ctx, Function, Module};

/// Resolution of every time value, in nanoseconds.
const RESOLUTION_NS: u128 = 5_000;

struct Ops;

impl ModuleDef for Ops {
    fn declare<'js>(decl: &Declarations<'js>) -> rquickjs::Result<()> {
        decl.declare("timeOrigin")?;
        decl.declare("now")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        let (origin, wall) = nanojs_engine::time_origin(ctx);
        let wall = wall
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        exports.export("timeOrigin", to_ms(wall / RESOLUTION_NS))?;
        let now = move || to_ms(origin.elapsed().as_nanos().div_ceil(RESOLUTION_NS));
        exports.export("now", Function::new(ctx.clone(), now)?)?;
        Ok(())
    }
}

/// Milliseconds from a count of resolution steps (exact for 5 µs steps).
fn to_ms(steps: u128) -> f64 {
    (steps * RESOLUTION_NS / 1_000) as f64 / 1_000.0
}

pub(crate) fn declare<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Module<'js, Declared>> {
    Module::declare_def::<Ops, _>(ctx.clone(), name)
}
