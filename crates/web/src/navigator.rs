//! Native values for the `navigator` builtin (`nanojs:internal/navigator`).

use rquickjs::module::{Declarations, Declared, Exports, ModuleDef};
use rquickjs::{Ctx, Module};

struct Ops;

impl ModuleDef for Ops {
    fn declare<'js>(decl: &Declarations<'js>) -> rquickjs::Result<()> {
        decl.declare("userAgent")?;
        decl.declare("hardwareConcurrency")?;
        Ok(())
    }

    fn evaluate<'js>(_ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("userAgent", concat!("nanojs/", env!("CARGO_PKG_VERSION")))?;
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        exports.export("hardwareConcurrency", cpus as f64)?;
        Ok(())
    }
}

pub(crate) fn declare<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Module<'js, Declared>> {
    Module::declare_def::<Ops, _>(ctx.clone(), name)
}
