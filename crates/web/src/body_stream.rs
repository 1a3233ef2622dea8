//! Placeholder: being written.

use rquickjs::module::{Declared, Exports, ModuleDef};
use rquickjs::{Ctx, Module};

struct Ops;

impl ModuleDef for Ops {
    fn declare(_decl: &rquickjs::module::Declarations) -> rquickjs::Result<()> {
        Ok(())
    }

    fn evaluate<'js>(_ctx: &Ctx<'js>, _exports: &Exports<'js>) -> rquickjs::Result<()> {
        Ok(())
    }
}

pub(crate) fn declare<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Module<'js, Declared>> {
    Module::declare_def::<Ops, _>(ctx.clone(), name)
}
