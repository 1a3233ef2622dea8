//! Native ops of `node:crypto` (`nanojs:internal/node_crypto`): hashing,
//! HMAC, PBKDF2, HKDF and constant-time comparison on RustCrypto. The JS
//! side validates arguments and throws Node's errors; bytes come in as typed
//! arrays (JS turns strings and ArrayBuffers into `Uint8Array`s first) and
//! go out as `ArrayBuffer`s.
//!
//! - `digestSize(name)`: the output size of a digest, -1 when unknown.
//! - `hashNew(name, key?)`: an opaque hash (or, with a key, HMAC) state; null
//!   when the digest is unknown. `hashUpdate(state, view)`,
//!   `hashDigest(state)` (null once finalized), `hashCopy(state)` (null once
//!   finalized).
//! - `pbkdf2(name, password, salt, iterations, keylen)`,
//!   `hkdf(name, ikm, salt, info, length)`: the derived bytes, or null when
//!   the digest is unknown or (hkdf) the length too long.
//! - `scrypt(password, salt, n, r, p, keylen)`: the derived bytes; the JS
//!   side has checked the parameters as OpenSSL does (N a power of 2, the
//!   memory bound), so null here means the scrypt crate refused them.
//! - `timingSafeEqual(a, b)`: constant-time equality of same-length views.
//!
//! Digest names are OpenSSL's, case-insensitive, with its aliases.

use hmac::digest::{Digest, FixedOutput, KeyInit, Update};
use hmac::SimpleHmac;
use rquickjs::{ArrayBuffer, Class, Ctx, Exception, Value};
use subtle::ConstantTimeEq;

use crate::encoding::typed_array_bytes;
use crate::native::{native_ops, opaque_class};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Algo {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha512_224,
    Sha512_256,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
    Ripemd160,
}

/// Runs `$body` with the type alias `$d` naming the digest of `$algo`.
macro_rules! with_digest {
    ($algo:expr, $d:ident => $body:expr) => {
        match $algo {
            Algo::Md5 => {
                type $d = md5::Md5;
                $body
            }
            Algo::Sha1 => {
                type $d = sha1::Sha1;
                $body
            }
            Algo::Sha224 => {
                type $d = sha2::Sha224;
                $body
            }
            Algo::Sha256 => {
                type $d = sha2::Sha256;
                $body
            }
            Algo::Sha384 => {
                type $d = sha2::Sha384;
                $body
            }
            Algo::Sha512 => {
                type $d = sha2::Sha512;
                $body
            }
            Algo::Sha512_224 => {
                type $d = sha2::Sha512_224;
                $body
            }
            Algo::Sha512_256 => {
                type $d = sha2::Sha512_256;
                $body
            }
            Algo::Sha3_224 => {
                type $d = sha3::Sha3_224;
                $body
            }
            Algo::Sha3_256 => {
                type $d = sha3::Sha3_256;
                $body
            }
            Algo::Sha3_384 => {
                type $d = sha3::Sha3_384;
                $body
            }
            Algo::Sha3_512 => {
                type $d = sha3::Sha3_512;
                $body
            }
            Algo::Ripemd160 => {
                type $d = ripemd::Ripemd160;
                $body
            }
        }
    };
}

impl Algo {
    /// OpenSSL's digest name lookup: case-insensitive, with its aliases.
    fn from_name(name: &str) -> Option<Algo> {
        let lower = name.to_ascii_lowercase();
        Some(match lower.as_str() {
            "md5" | "rsa-md5" | "md5withrsaencryption" | "ssl3-md5" => Algo::Md5,
            "sha1"
            | "sha-1"
            | "rsa-sha1"
            | "rsa-sha1-2"
            | "sha1withrsaencryption"
            | "ssl3-sha1" => Algo::Sha1,
            "sha224" | "sha-224" | "sha2-224" | "rsa-sha224" | "sha224withrsaencryption" => {
                Algo::Sha224
            }
            "sha256" | "sha-256" | "sha2-256" | "rsa-sha256" | "sha256withrsaencryption" => {
                Algo::Sha256
            }
            "sha384" | "sha-384" | "sha2-384" | "rsa-sha384" | "sha384withrsaencryption" => {
                Algo::Sha384
            }
            "sha512" | "sha-512" | "sha2-512" | "rsa-sha512" | "sha512withrsaencryption" => {
                Algo::Sha512
            }
            "sha512-224"
            | "sha-512/224"
            | "sha2-512/224"
            | "rsa-sha512/224"
            | "sha512-224withrsaencryption" => Algo::Sha512_224,
            "sha512-256"
            | "sha-512/256"
            | "sha2-512/256"
            | "rsa-sha512/256"
            | "sha512-256withrsaencryption" => Algo::Sha512_256,
            "sha3-224" | "rsa-sha3-224" | "id-rsassa-pkcs1-v1_5-with-sha3-224" => Algo::Sha3_224,
            "sha3-256" | "rsa-sha3-256" | "id-rsassa-pkcs1-v1_5-with-sha3-256" => Algo::Sha3_256,
            "sha3-384" | "rsa-sha3-384" | "id-rsassa-pkcs1-v1_5-with-sha3-384" => Algo::Sha3_384,
            "sha3-512" | "rsa-sha3-512" | "id-rsassa-pkcs1-v1_5-with-sha3-512" => Algo::Sha3_512,
            "ripemd160" | "ripemd" | "rmd160" | "ripemd-160" | "rsa-ripemd160"
            | "ripemd160withrsa" => Algo::Ripemd160,
            _ => return None,
        })
    }

    fn output_size(self) -> usize {
        with_digest!(self, D => <D as Digest>::output_size())
    }
}

/// An incremental hash or HMAC, behind one object-safe interface.
trait Hasher {
    fn update(&mut self, data: &[u8]);
    fn finish(self: Box<Self>) -> Vec<u8>;
    fn clone_box(&self) -> Box<dyn Hasher>;
}

impl<T: Update + FixedOutput + Clone + 'static> Hasher for T {
    fn update(&mut self, data: &[u8]) {
        Update::update(self, data);
    }

    fn finish(self: Box<Self>) -> Vec<u8> {
        (*self).finalize_fixed().to_vec()
    }

    fn clone_box(&self) -> Box<dyn Hasher> {
        Box::new(self.clone())
    }
}

fn new_hasher(algo: Algo, key: Option<&[u8]>) -> Box<dyn Hasher> {
    with_digest!(algo, D => match key {
        None => Box::new(D::new()) as Box<dyn Hasher>,
        // SimpleHmac takes keys of any length.
        Some(key) => Box::new(
            <SimpleHmac<D> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length"),
        ),
    })
}

fn pbkdf2_bytes(algo: Algo, password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
    with_digest!(algo, D => pbkdf2::pbkdf2::<SimpleHmac<D>>(password, salt, rounds, out)
        .expect("HMAC takes any key length"));
}

/// HKDF (RFC 5869); false when `out` is longer than 255 digests.
fn hkdf_bytes(algo: Algo, ikm: &[u8], salt: &[u8], info: &[u8], out: &mut [u8]) -> bool {
    with_digest!(algo, D => hkdf::SimpleHkdf::<D>::new(Some(salt), ikm)
        .expand(info, out)
        .is_ok())
}

/// The state of one `Hash` or `Hmac` object; `None` once digested.
pub(crate) struct HashState {
    inner: Option<Box<dyn Hasher>>,
}

opaque_class!(HashState, "HashState");

/// A copy of the bytes a typed array views (a TypeError for anything else).
fn bytes_of<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Vec<u8>> {
    let (ptr, len) = typed_array_bytes(ctx, value)
        .ok_or_else(|| Exception::throw_type(ctx, "expected a typed array"))?;
    // SAFETY: `value` keeps its buffer alive and no JS runs while copying.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec())
}

fn algo_of(name: &str) -> Option<Algo> {
    Algo::from_name(name)
}

fn digest_size(name: String) -> i32 {
    algo_of(&name).map_or(-1, |a| a.output_size() as i32)
}

fn hash_new<'js>(ctx: Ctx<'js>, name: String, key: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let Some(algo) = algo_of(&name) else {
        return Ok(Value::new_null(ctx));
    };
    let key = if key.is_undefined() {
        None
    } else {
        Some(bytes_of(&ctx, &key)?)
    };
    let inner = Some(new_hasher(algo, key.as_deref()));
    Ok(Class::instance(ctx, HashState { inner })?.into_value())
}

fn hash_update<'js>(
    ctx: Ctx<'js>,
    state: Class<'js, HashState>,
    data: Value<'js>,
) -> rquickjs::Result<bool> {
    let (ptr, len) = typed_array_bytes(&ctx, &data)
        .ok_or_else(|| Exception::throw_type(&ctx, "expected a typed array"))?;
    let mut state = state.borrow_mut();
    let Some(inner) = state.inner.as_mut() else {
        return Ok(false);
    };
    // SAFETY: `data` keeps its buffer alive and no JS runs while hashing.
    inner.update(unsafe { std::slice::from_raw_parts(ptr, len) });
    Ok(true)
}

fn hash_digest<'js>(ctx: Ctx<'js>, state: Class<'js, HashState>) -> rquickjs::Result<Value<'js>> {
    let Some(inner) = state.borrow_mut().inner.take() else {
        return Ok(Value::new_null(ctx));
    };
    Ok(ArrayBuffer::new(ctx, inner.finish())?.into_value())
}

fn hash_copy<'js>(ctx: Ctx<'js>, state: Class<'js, HashState>) -> rquickjs::Result<Value<'js>> {
    let Some(inner) = state.borrow().inner.as_ref().map(|h| h.clone_box()) else {
        return Ok(Value::new_null(ctx));
    };
    Ok(Class::instance(ctx, HashState { inner: Some(inner) })?.into_value())
}

fn pbkdf2_op<'js>(
    ctx: Ctx<'js>,
    name: String,
    password: Value<'js>,
    salt: Value<'js>,
    iterations: u32,
    keylen: u32,
) -> rquickjs::Result<Value<'js>> {
    let Some(algo) = algo_of(&name) else {
        return Ok(Value::new_null(ctx));
    };
    let (password, salt) = (bytes_of(&ctx, &password)?, bytes_of(&ctx, &salt)?);
    let mut out = vec![0u8; keylen as usize];
    pbkdf2_bytes(algo, &password, &salt, iterations, &mut out);
    Ok(ArrayBuffer::new(ctx, out)?.into_value())
}

fn hkdf_op<'js>(
    ctx: Ctx<'js>,
    name: String,
    ikm: Value<'js>,
    salt: Value<'js>,
    info: Value<'js>,
    length: u32,
) -> rquickjs::Result<Value<'js>> {
    let Some(algo) = algo_of(&name) else {
        return Ok(Value::new_null(ctx));
    };
    let (ikm, salt, info) = (
        bytes_of(&ctx, &ikm)?,
        bytes_of(&ctx, &salt)?,
        bytes_of(&ctx, &info)?,
    );
    let mut out = vec![0u8; length as usize];
    if !hkdf_bytes(algo, &ikm, &salt, &info, &mut out) {
        return Ok(Value::new_null(ctx));
    }
    Ok(ArrayBuffer::new(ctx, out)?.into_value())
}

fn scrypt_op<'js>(
    ctx: Ctx<'js>,
    password: Value<'js>,
    salt: Value<'js>,
    n: u32,
    r: u32,
    p: u32,
    keylen: u32,
) -> rquickjs::Result<Value<'js>> {
    let (password, salt) = (bytes_of(&ctx, &password)?, bytes_of(&ctx, &salt)?);
    let mut out = vec![0u8; keylen as usize];
    if !scrypt_bytes(&password, &salt, n, r, p, &mut out) {
        return Ok(Value::new_null(ctx));
    }
    Ok(ArrayBuffer::new(ctx, out)?.into_value())
}

/// scrypt into `out`; false for parameters the crate refuses.
fn scrypt_bytes(password: &[u8], salt: &[u8], n: u32, r: u32, p: u32, out: &mut [u8]) -> bool {
    if !n.is_power_of_two() || n < 2 {
        return false;
    }
    if out.is_empty() {
        return true;
    }
    // `len` is only used for PHC strings; any valid value will do.
    let Ok(params) = scrypt::Params::new(n.trailing_zeros() as u8, r, p, 32) else {
        return false;
    };
    scrypt::scrypt(password, salt, &params, out).is_ok()
}

fn timing_safe_equal<'js>(ctx: Ctx<'js>, a: Value<'js>, b: Value<'js>) -> rquickjs::Result<bool> {
    let (a, b) = (bytes_of(&ctx, &a)?, bytes_of(&ctx, &b)?);
    Ok(a.len() == b.len() && bool::from(a.ct_eq(&b)))
}

native_ops! {
    "digestSize" => digest_size,
    "hashNew" => hash_new,
    "hashUpdate" => hash_update,
    "hashDigest" => hash_digest,
    "hashCopy" => hash_copy,
    "pbkdf2" => pbkdf2_op,
    "hkdf" => hkdf_op,
    "scrypt" => scrypt_op,
    "timingSafeEqual" => timing_safe_equal,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn digest(name: &str, key: Option<&[u8]>, data: &[u8]) -> String {
        let mut h = new_hasher(Algo::from_name(name).unwrap(), key);
        h.update(data);
        hex(&h.finish())
    }

    #[test]
    fn names() {
        assert_eq!(Algo::from_name("RSA-SHA256"), Some(Algo::Sha256));
        assert_eq!(Algo::from_name("SHA-512/256"), Some(Algo::Sha512_256));
        assert_eq!(Algo::from_name("rmd160"), Some(Algo::Ripemd160));
        assert_eq!(Algo::from_name("sha"), None);
        assert_eq!(Algo::Sha384.output_size(), 48);
        assert_eq!(Algo::Md5.output_size(), 16);
    }

    #[test]
    fn known_answers() {
        assert_eq!(digest("md5", None, b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            digest("sha1", None, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            digest("sha256", None, b"a"),
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
        );
        // RFC 4231 test case 2.
        assert_eq!(
            digest("sha256", Some(b"Jefe"), b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn copy_is_independent() {
        let mut a = new_hasher(Algo::Sha1, None);
        a.update(b"ab");
        let mut b = a.clone_box();
        b.update(b"c");
        assert_eq!(hex(&b.finish()), "a9993e364706816aba3e25717850c26c9cd0d89d");
        a.update(b"c");
        assert_eq!(hex(&a.finish()), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn kdfs() {
        // RFC 6070 test case 2.
        let mut out = [0u8; 20];
        pbkdf2_bytes(Algo::Sha1, b"password", b"salt", 2, &mut out);
        assert_eq!(hex(&out), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        // RFC 5869 test case 3 (no salt, no info).
        let mut okm = [0u8; 42];
        assert!(hkdf_bytes(Algo::Sha256, &[0x0b; 22], b"", b"", &mut okm));
        assert_eq!(
            hex(&okm),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        );
        let mut too_long = vec![0u8; 255 * 32 + 1];
        assert!(!hkdf_bytes(Algo::Sha256, b"k", b"", b"", &mut too_long));
        // RFC 7914 section 12, first vector.
        let mut dk = [0u8; 64];
        assert!(scrypt_bytes(b"", b"", 16, 1, 1, &mut dk));
        assert_eq!(dk[..8], [0x77, 0xd6, 0x57, 0x62, 0x38, 0x65, 0x7b, 0x20]);
        assert!(!scrypt_bytes(b"", b"", 3, 1, 1, &mut dk));
    }
}
