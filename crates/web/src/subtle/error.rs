//! Typed WebCrypto failures: each becomes the DOMException (or TypeError) the
//! spec names, so the algorithm code stays free of JS.

use std::borrow::Cow;

use rquickjs::{Ctx, Exception, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    NotSupported,
    InvalidAccess,
    Data,
    Operation,
    Syntax,
    /// A WebIDL conversion failure, reported as a TypeError.
    Type,
}

#[derive(Debug)]
pub struct CryptoError {
    pub kind: Kind,
    pub message: Cow<'static, str>,
}

pub type Res<T> = Result<T, CryptoError>;

fn make(kind: Kind, message: impl Into<Cow<'static, str>>) -> CryptoError {
    CryptoError {
        kind,
        message: message.into(),
    }
}

pub fn not_supported(m: impl Into<Cow<'static, str>>) -> CryptoError {
    make(Kind::NotSupported, m)
}
pub fn invalid_access(m: impl Into<Cow<'static, str>>) -> CryptoError {
    make(Kind::InvalidAccess, m)
}
pub fn data(m: impl Into<Cow<'static, str>>) -> CryptoError {
    make(Kind::Data, m)
}
pub fn operation(m: impl Into<Cow<'static, str>>) -> CryptoError {
    make(Kind::Operation, m)
}
pub fn syntax(m: impl Into<Cow<'static, str>>) -> CryptoError {
    make(Kind::Syntax, m)
}
pub fn type_error(m: impl Into<Cow<'static, str>>) -> CryptoError {
    make(Kind::Type, m)
}

impl CryptoError {
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::NotSupported => "NotSupportedError",
            Kind::InvalidAccess => "InvalidAccessError",
            Kind::Data => "DataError",
            Kind::Operation => "OperationError",
            Kind::Syntax => "SyntaxError",
            Kind::Type => "TypeError",
        }
    }

    /// The JS value of this error: a DOMException from `nanojs:dom_exception`,
    /// or a TypeError.
    pub fn to_value<'js>(&self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        if self.kind == Kind::Type {
            // Made by throwing and catching, so a program that replaced the
            // global TypeError does not see its own constructor called.
            let _ = Exception::throw_type(ctx, &self.message);
            return Ok(ctx.catch());
        }
        let ns = nanojs_engine::builtin_namespace(ctx, "nanojs:dom_exception")?;
        let ctor: rquickjs::function::Constructor = ns.get("DOMException")?;
        ctor.construct((self.message.as_ref(), self.name()))
    }

    /// Throws this error as a pending JS exception.
    pub fn throw(&self, ctx: &Ctx<'_>) -> rquickjs::Error {
        match self.to_value(ctx) {
            Ok(v) => ctx.throw(v),
            Err(e) => e,
        }
    }
}
