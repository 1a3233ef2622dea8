//! `nanojs:internal/subtle`: the algorithms behind `crypto.subtle`
//! (`js/subtle.js`). The JS glue does WebIDL conversion, algorithm
//! normalization and the checks every method shares; everything that touches
//! key material is here, so that material never becomes JS-visible unless a
//! key is exported. A CryptoKey holds a [`KeyHandle`], an opaque object.
//!
//! Every op returns its result directly when it is cheap, or a promise when
//! it is not (RSA private-key operations and key generation, P-384/P-521,
//! PBKDF2 with many iterations, and anything over [`HEAVY_BYTES`] of input):
//! those run on tokio's blocking pool, so the isolate's event loop keeps
//! serving other work meanwhile.
//!
//! Crates: RustCrypto throughout (pure Rust, no C toolchain), all of the
//! digest 0.10 / elliptic-curve 0.13 / rand_core 0.6 generation.

mod aes;
mod digest;
mod ec;
mod error;
mod hmac;
mod jwk;
mod kdf;
mod keys;
mod okp;
mod ops;
mod rsa;

use std::sync::Arc;

use rquickjs::class::{JsClass, Readable, Trace, Tracer};
use rquickjs::function::Constructor;
use rquickjs::{
    Array, ArrayBuffer, Class, Ctx, FromJs, Function, JsLifetime, Object, Persistent, Promise,
    TypedArray, Value,
};
use zeroize::Zeroizing;

use self::digest::Hash;
use self::error::{not_supported, operation, Res};
use self::jwk::Jwk;
use self::keys::{AlgName, Exported, Format, ImportArgs, Key, KeyData};
use self::ops::{
    cipher_op, derive_bits_op, derive_heavy, export_key, generate_key, heavy_key, import_key,
    key_length, sign_op, verify_op,
};
use crate::native::native_ops;

/// Inputs larger than this are processed off the event loop.
const HEAVY_BYTES: usize = 64 * 1024;

// --- key handles --------------------------------------------------------------------

/// The opaque JS object a CryptoKey keeps its key material behind.
pub(crate) struct KeyHandle(Arc<Key>);

// SAFETY: holds no JS values, so it is the same type at every lifetime.
unsafe impl<'js> JsLifetime<'js> for KeyHandle {
    type Changed<'to> = KeyHandle;
}

impl<'js> Trace<'js> for KeyHandle {
    fn trace<'a>(&self, _tracer: Tracer<'a, 'js>) {}
}

impl<'js> JsClass<'js> for KeyHandle {
    const NAME: &'static str = "CryptoKeyHandle";
    type Mutable = Readable;

    fn prototype(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Ok(None)
    }

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }
}

fn key_of<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> rquickjs::Result<Arc<Key>> {
    let class = Class::<KeyHandle>::from_js(ctx, v)?;
    let key = class.borrow().0.clone();
    Ok(key)
}

// --- normalized algorithms ------------------------------------------------------------

/// A normalized algorithm as the JS glue hands it over: canonical names,
/// copied buffers, hashes by name, `public` as a key handle. Only the members
/// of the algorithm's dictionary are set.
#[derive(Default)]
pub struct Normalized {
    pub name: String,
    pub hash: Option<Hash>,
    pub length: Option<u32>,
    pub named_curve: Option<String>,
    pub modulus_length: Option<u32>,
    pub public_exponent: Option<Vec<u8>>,
    pub salt_length: Option<u32>,
    pub label: Option<Vec<u8>>,
    pub iv: Option<Vec<u8>>,
    pub counter: Option<Vec<u8>>,
    pub additional_data: Option<Vec<u8>>,
    pub tag_length: Option<u32>,
    pub salt: Option<Vec<u8>>,
    pub info: Option<Vec<u8>>,
    pub iterations: Option<u32>,
    pub public: Option<Arc<Key>>,
    pub context: Option<Vec<u8>>,
}

impl Normalized {
    fn from_js<'js>(ctx: &Ctx<'js>, obj: Object<'js>) -> rquickjs::Result<Self> {
        let mut n = Normalized::default();
        for prop in obj.props::<String, Value>() {
            let (k, v) = prop?;
            if v.is_undefined() {
                continue;
            }
            let num = |v: &Value| v.as_number().map(|f| f as u32);
            match k.as_str() {
                "name" => n.name = String::from_js(ctx, v)?,
                "hash" => n.hash = Hash::from_name(&String::from_js(ctx, v)?),
                "length" => n.length = num(&v),
                "namedCurve" => n.named_curve = Some(String::from_js(ctx, v)?),
                "modulusLength" => n.modulus_length = num(&v),
                "publicExponent" => n.public_exponent = Some(bytes_of(&v)?),
                "saltLength" => n.salt_length = num(&v),
                "label" => n.label = Some(bytes_of(&v)?),
                "iv" => n.iv = Some(bytes_of(&v)?),
                "counter" => n.counter = Some(bytes_of(&v)?),
                "additionalData" => n.additional_data = Some(bytes_of(&v)?),
                "tagLength" => n.tag_length = num(&v),
                "salt" => n.salt = Some(bytes_of(&v)?),
                "info" => n.info = Some(bytes_of(&v)?),
                "iterations" => n.iterations = num(&v),
                "public" => n.public = Some(key_of(ctx, v)?),
                "context" => n.context = Some(bytes_of(&v)?),
                _ => {}
            }
        }
        Ok(n)
    }

    fn alg(&self) -> Res<AlgName> {
        AlgName::from_name(&self.name).ok_or_else(|| not_supported("Unrecognized algorithm."))
    }
}

// --- bytes in and out --------------------------------------------------------------

/// A copy of the bytes a Uint8Array views (the JS glue passes every
/// BufferSource as one); a detached buffer reads as empty, as WebIDL says.
fn bytes_of(v: &Value<'_>) -> rquickjs::Result<Vec<u8>> {
    let arr = TypedArray::<u8>::from_value(v.clone())?;
    // SAFETY: the slice is copied before any JS can run.
    Ok(unsafe { arr.as_bytes() }
        .map(<[u8]>::to_vec)
        .unwrap_or_default())
}

pub(crate) fn random_bytes(len: usize) -> Res<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    getrandom::fill(&mut out).map_err(|_| operation("Cannot get random bytes."))?;
    Ok(out)
}

/// What an op produces, converted to JS on the JS thread.
enum Out {
    Bytes(Vec<u8>),
    Secret(Zeroizing<Vec<u8>>),
    Bool(bool),
    Key(Key),
    Pair(Box<(Key, Key)>),
    Jwk(Box<Jwk>),
}

impl From<Exported> for Out {
    fn from(e: Exported) -> Self {
        match e {
            Exported::Bytes(b) => Out::Secret(b),
            Exported::Jwk(j) => Out::Jwk(j),
        }
    }
}

/// `[type, handle, name, extra, hash]`: what the JS glue builds a CryptoKey
/// from. `extra` is the algorithm's length, namedCurve, or
/// `[modulusLength, publicExponent]`.
fn key_info<'js>(ctx: &Ctx<'js>, key: Key) -> rquickjs::Result<Value<'js>> {
    let arr = Array::new(ctx.clone())?;
    arr.set(0, key.key_type().name())?;
    arr.set(2, key.alg.name())?;
    match key.alg {
        a if a.is_aes() => arr.set(3, key.secret_bytes().len() * 8)?,
        AlgName::Hmac => arr.set(3, key.length)?,
        AlgName::Ecdsa | AlgName::Ecdh => arr.set(3, ec::key_curve(&key).map(ec::Curve::name))?,
        a if a.is_rsa() => {
            if let Some((bits, e)) = rsa::params(&key) {
                let pair = Array::new(ctx.clone())?;
                pair.set(0, bits)?;
                pair.set(1, TypedArray::<u8>::new(ctx.clone(), e)?)?;
                arr.set(3, pair)?;
            }
        }
        _ => {}
    }
    if let Some(h) = key.hash {
        arr.set(4, h.name())?;
    }
    arr.set(1, Class::instance(ctx.clone(), KeyHandle(Arc::new(key)))?)?;
    Ok(arr.into_value())
}

impl Out {
    fn into_js<'js>(self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        match self {
            Out::Bytes(b) => Ok(ArrayBuffer::new(ctx.clone(), b)?.into_value()),
            Out::Secret(b) => Ok(ArrayBuffer::new_copy(ctx.clone(), &b[..])?.into_value()),
            Out::Bool(b) => Ok(Value::new_bool(ctx.clone(), b)),
            Out::Key(k) => key_info(ctx, k),
            Out::Pair(pair) => {
                let (public, private) = *pair;
                let arr = Array::new(ctx.clone())?;
                arr.set(0, key_info(ctx, public)?)?;
                arr.set(1, key_info(ctx, private)?)?;
                Ok(arr.into_value())
            }
            Out::Jwk(j) => j.to_js(ctx),
        }
    }
}

// --- running ops ---------------------------------------------------------------------

/// Runs `job` now, or (when `heavy`) on a blocking thread with its result
/// settling a promise in a later task.
fn run<'js>(
    ctx: &Ctx<'js>,
    heavy: bool,
    job: impl FnOnce() -> Res<Out> + Send + 'static,
) -> rquickjs::Result<Value<'js>> {
    if !heavy {
        return match job() {
            Ok(out) => out.into_js(ctx),
            Err(e) => Err(e.throw(ctx)),
        };
    }
    let (promise, resolve, reject) = Promise::new(ctx)?;
    let resolve = Persistent::save(ctx, resolve);
    let reject = Persistent::save(ctx, reject);
    nanojs_engine::spawn(ctx, async move {
        let result = off_thread(job).await;
        let done: nanojs_engine::Completion = Box::new(move |ctx: &Ctx<'_>| {
            let resolve: Function = resolve.restore(ctx)?;
            let reject: Function = reject.restore(ctx)?;
            let value = result.map(|out| out.into_js(ctx));
            match value {
                Ok(Ok(v)) => resolve.call::<_, ()>((v,)),
                Ok(Err(rquickjs::Error::Exception)) => reject.call::<_, ()>((ctx.catch(),)),
                // Settle the promise whatever happened, so no caller waits forever.
                Ok(Err(e)) => reject.call::<_, ()>((operation(e.to_string()).to_value(ctx)?,)),
                Err(e) => reject.call::<_, ()>((e.to_value(ctx)?,)),
            }
        });
        done
    });
    Ok(promise.into_value())
}

/// Runs `job` on tokio's blocking pool; outside a tokio runtime, on a thread
/// of its own.
async fn off_thread<T: Send + 'static>(job: impl FnOnce() -> Res<T> + Send + 'static) -> Res<T> {
    let panicked = || operation("The operation failed unexpectedly.");
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => rt
            .spawn_blocking(job)
            .await
            .unwrap_or_else(|_| Err(panicked())),
        Err(_) => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            std::thread::spawn(move || {
                let _ = tx.send(job());
            });
            rx.await.unwrap_or_else(|_| Err(panicked()))
        }
    }
}

// --- JS-facing functions ---------------------------------------------------------------

fn js_format(format: &str) -> Res<Format> {
    Format::from_name(format)
}

fn digest<'js>(ctx: Ctx<'js>, name: String, data: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let hash =
        Hash::from_name(&name).ok_or_else(|| not_supported("Unrecognized hash.").throw(&ctx))?;
    let data = bytes_of(&data)?;
    run(&ctx, data.len() > HEAVY_BYTES, move || {
        Ok(Out::Bytes(hash.digest(&data)))
    })
}

fn generate<'js>(ctx: Ctx<'js>, alg: Object<'js>, usages: u8) -> rquickjs::Result<Value<'js>> {
    let alg = Normalized::from_js(&ctx, alg)?;
    let heavy = match alg.name.as_str() {
        "ECDSA" | "ECDH" => alg.named_curve.as_deref() != Some("P-256"),
        "Ed448" | "X448" => true,
        name => name.starts_with("RSA"),
    };
    run(&ctx, heavy, move || generate_key(&alg, usages))
}

fn import<'js>(
    ctx: Ctx<'js>,
    format: String,
    key_data: Value<'js>,
    alg: Object<'js>,
    extractable: bool,
    usages: u8,
) -> rquickjs::Result<Value<'js>> {
    let format = js_format(&format).map_err(|e| e.throw(&ctx))?;
    let data = if format == Format::Jwk {
        KeyData::Jwk(Box::new(Jwk::from_js(&Object::from_js(&ctx, key_data)?)?))
    } else {
        KeyData::Bytes(Zeroizing::new(bytes_of(&key_data)?))
    };
    let alg = Normalized::from_js(&ctx, alg)?;
    // Checking an RSA private key takes a few big-number operations.
    let heavy = alg.name.starts_with("RSA") && format != Format::Spki;
    run(&ctx, heavy, move || {
        import_key(&ImportArgs {
            format,
            data,
            extractable,
            usages,
            alg: &alg,
        })
        .map(Out::Key)
    })
}

fn export<'js>(
    ctx: Ctx<'js>,
    format: String,
    handle: Value<'js>,
    extractable: bool,
    usages: u8,
) -> rquickjs::Result<Value<'js>> {
    let format = js_format(&format).map_err(|e| e.throw(&ctx))?;
    let key = key_of(&ctx, handle)?;
    run(&ctx, false, move || {
        export_key(&key, format, extractable, usages).map(Out::from)
    })
}

fn sign<'js>(
    ctx: Ctx<'js>,
    alg: Object<'js>,
    handle: Value<'js>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let alg = Normalized::from_js(&ctx, alg)?;
    let key = key_of(&ctx, handle)?;
    let data = bytes_of(&data)?;
    let heavy = data.len() > HEAVY_BYTES || heavy_key(&key, true);
    run(&ctx, heavy, move || {
        sign_op(&alg, &key, &data).map(Out::Bytes)
    })
}

fn verify<'js>(
    ctx: Ctx<'js>,
    alg: Object<'js>,
    handle: Value<'js>,
    signature: Value<'js>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let alg = Normalized::from_js(&ctx, alg)?;
    let key = key_of(&ctx, handle)?;
    let signature = bytes_of(&signature)?;
    let data = bytes_of(&data)?;
    let heavy = data.len() > HEAVY_BYTES || heavy_key(&key, false);
    run(&ctx, heavy, move || {
        verify_op(&alg, &key, &signature, &data).map(Out::Bool)
    })
}

fn cipher<'js>(
    ctx: Ctx<'js>,
    alg: Object<'js>,
    handle: Value<'js>,
    data: Value<'js>,
    decrypt: bool,
) -> rquickjs::Result<Value<'js>> {
    let alg = Normalized::from_js(&ctx, alg)?;
    let key = key_of(&ctx, handle)?;
    let data = bytes_of(&data)?;
    let heavy = data.len() > HEAVY_BYTES || heavy_key(&key, decrypt);
    run(&ctx, heavy, move || {
        cipher_op(&alg, &key, &data, decrypt).map(Out::Bytes)
    })
}

fn derive_bits<'js>(
    ctx: Ctx<'js>,
    alg: Object<'js>,
    handle: Value<'js>,
    length: Option<f64>,
) -> rquickjs::Result<Value<'js>> {
    let alg = Normalized::from_js(&ctx, alg)?;
    let key = key_of(&ctx, handle)?;
    let length = length.map(|l| l as u32);
    let heavy = derive_heavy(&alg, &key, length);
    run(&ctx, heavy, move || {
        derive_bits_op(&alg, &key, length).map(Out::Secret)
    })
}

#[allow(clippy::too_many_arguments)]
fn derive_key<'js>(
    ctx: Ctx<'js>,
    alg: Object<'js>,
    handle: Value<'js>,
    import_alg: Object<'js>,
    length_alg: Object<'js>,
    extractable: bool,
    usages: u8,
) -> rquickjs::Result<Value<'js>> {
    let alg = Normalized::from_js(&ctx, alg)?;
    let key = key_of(&ctx, handle)?;
    let import_alg = Normalized::from_js(&ctx, import_alg)?;
    let length_alg = Normalized::from_js(&ctx, length_alg)?;
    let heavy = derive_heavy(&alg, &key, length_alg.length.or(Some(256)));
    run(&ctx, heavy, move || {
        let length = key_length(&length_alg)?;
        let secret = derive_bits_op(&alg, &key, length)?;
        import_key(&ImportArgs {
            format: Format::Raw,
            data: KeyData::Bytes(secret),
            extractable,
            usages,
            alg: &import_alg,
        })
        .map(Out::Key)
    })
}

#[allow(clippy::too_many_arguments)]
fn wrap<'js>(
    ctx: Ctx<'js>,
    format: String,
    handle: Value<'js>,
    extractable: bool,
    usages: u8,
    alg: Object<'js>,
    wrapping: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let format = js_format(&format).map_err(|e| e.throw(&ctx))?;
    let key = key_of(&ctx, handle)?;
    let alg = Normalized::from_js(&ctx, alg)?;
    let wrapping = key_of(&ctx, wrapping)?;
    let heavy = heavy_key(&key, true) || heavy_key(&wrapping, false);
    run(&ctx, heavy, move || {
        let bytes = match export_key(&key, format, extractable, usages)? {
            Exported::Bytes(b) => b,
            Exported::Jwk(j) => j.to_json(),
        };
        let out = if alg.name == "AES-KW" {
            aes::kw_wrap(wrapping.secret_bytes(), &bytes)?
        } else {
            cipher_op(&alg, &wrapping, &bytes, false)?
        };
        Ok(Out::Bytes(out))
    })
}

#[allow(clippy::too_many_arguments)]
fn unwrap<'js>(
    ctx: Ctx<'js>,
    format: String,
    wrapped: Value<'js>,
    alg: Object<'js>,
    unwrapping: Value<'js>,
    import_alg: Object<'js>,
    flags: u32,
) -> rquickjs::Result<Value<'js>> {
    // `flags`: the usage bits, plus 256 when extractable.
    let (usages, extractable) = (flags as u8, flags & 256 != 0);
    let format = js_format(&format).map_err(|e| e.throw(&ctx))?;
    let wrapped = bytes_of(&wrapped)?;
    let alg = Normalized::from_js(&ctx, alg)?;
    let unwrapping = key_of(&ctx, unwrapping)?;
    let import_alg = Normalized::from_js(&ctx, import_alg)?;
    let heavy = heavy_key(&unwrapping, true) || import_alg.name.starts_with("RSA");
    run(&ctx, heavy, move || {
        let bytes = Zeroizing::new(if alg.name == "AES-KW" {
            aes::kw_unwrap(unwrapping.secret_bytes(), &wrapped)?
        } else {
            cipher_op(&alg, &unwrapping, &wrapped, true)?
        });
        let data = if format == Format::Jwk {
            KeyData::Jwk(Box::new(Jwk::from_json(&bytes)?))
        } else {
            KeyData::Bytes(bytes)
        };
        import_key(&ImportArgs {
            format,
            data,
            extractable,
            usages,
            alg: &import_alg,
        })
        .map(Out::Key)
    })
}

fn encrypt<'js>(
    ctx: Ctx<'js>,
    alg: Object<'js>,
    handle: Value<'js>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    cipher(ctx, alg, handle, data, false)
}

fn decrypt<'js>(
    ctx: Ctx<'js>,
    alg: Object<'js>,
    handle: Value<'js>,
    data: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    cipher(ctx, alg, handle, data, true)
}

// --- module ---------------------------------------------------------------------------

native_ops! {
    "digest" => digest,
    "generateKey" => generate,
    "importKey" => import,
    "exportKey" => export,
    "sign" => sign,
    "verify" => verify,
    "encrypt" => encrypt,
    "decrypt" => decrypt,
    "deriveBits" => derive_bits,
    "deriveKey" => derive_key,
    "wrapKey" => wrap,
    "unwrapKey" => unwrap,
}
