//! The one shape of a native ops module (`nanojs:internal/<name>`): a list
//! of `"jsName" => rust_fn` pairs, each exported as a JS function, and the
//! module's `declare` for `NATIVE` in lib.rs. Declared and exported names
//! come from the same list, so they cannot drift apart. And the opaque
//! handle classes those ops hand to JS.

/// Defines `struct Ops` (the `ModuleDef`) and
/// `pub(crate) fn declare(ctx, name)` for a module of native functions.
macro_rules! native_ops {
    ($($name:literal => $f:expr),+ $(,)?) => {
        struct Ops;

        impl rquickjs::module::ModuleDef for Ops {
            fn declare<'js>(
                decl: &rquickjs::module::Declarations<'js>,
            ) -> rquickjs::Result<()> {
                $(decl.declare($name)?;)+
                Ok(())
            }

            fn evaluate<'js>(
                ctx: &rquickjs::Ctx<'js>,
                exports: &rquickjs::module::Exports<'js>,
            ) -> rquickjs::Result<()> {
                $(exports.export($name, rquickjs::Function::new(ctx.clone(), $f)?)?;)+
                Ok(())
            }
        }

        pub(crate) fn declare<'js>(
            ctx: &rquickjs::Ctx<'js>,
            name: &str,
        ) -> rquickjs::Result<rquickjs::Module<'js, rquickjs::module::Declared>> {
            rquickjs::Module::declare_def::<Ops, _>(ctx.clone(), name)
        }
    };
}

pub(crate) use native_ops;

/// Makes `$ty` (Rust state holding no JS values) a JS class with no
/// prototype or constructor: an opaque handle that JS passes back to ops.
macro_rules! opaque_class {
    ($ty:ident, $name:literal) => {
        // SAFETY: holds no JS values, so it is the same type at every lifetime.
        unsafe impl<'js> rquickjs::JsLifetime<'js> for $ty {
            type Changed<'to> = $ty;
        }

        impl<'js> rquickjs::class::Trace<'js> for $ty {
            fn trace<'a>(&self, _tracer: rquickjs::class::Tracer<'a, 'js>) {}
        }

        impl<'js> rquickjs::class::JsClass<'js> for $ty {
            const NAME: &'static str = $name;
            type Mutable = rquickjs::class::Writable;

            fn prototype(
                _ctx: &rquickjs::Ctx<'js>,
            ) -> rquickjs::Result<Option<rquickjs::Object<'js>>> {
                Ok(None)
            }

            fn constructor(
                _ctx: &rquickjs::Ctx<'js>,
            ) -> rquickjs::Result<Option<rquickjs::function::Constructor<'js>>> {
                Ok(None)
            }
        }
    };
}

pub(crate) use opaque_class;
