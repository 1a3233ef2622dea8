//! ECDSA and ECDH on the NIST curves P-256, P-384 and P-521 (RustCrypto's
//! `p256`/`p384`/`p521`): keys in raw, spki, pkcs8 and jwk form, signatures
//! in the IEEE P1363 `r || s` form WebCrypto uses.

use der::asn1::ObjectIdentifier;
use ecdsa::hazmat::SignPrimitive;
use ecdsa::signature::hazmat::PrehashVerifier;
use elliptic_curve::sec1::ToEncodedPoint;
use pkcs8::{EncodePrivateKey, EncodePublicKey};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use super::digest::Hash;
use super::error::{data, invalid_access, not_supported, operation, Res};
use super::jwk::{b64u, member, Jwk};
use super::keys::{
    check_usages, require_usages, AlgName, Exported, Format, ImportArgs, Key, Material,
    DERIVE_BITS, DERIVE_KEY, SIGN, VERIFY,
};
use super::Normalized;

const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "P-256" => Curve::P256,
            "P-384" => Curve::P384,
            "P-521" => Curve::P521,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    fn from_oid(oid: ObjectIdentifier) -> Option<Self> {
        match oid {
            o if o == SECP256R1 => Some(Curve::P256),
            o if o == SECP384R1 => Some(Curve::P384),
            o if o == SECP521R1 => Some(Curve::P521),
            _ => None,
        }
    }

    /// Bytes of a field element (and of r and s in a signature).
    pub fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The JWK `alg` of ECDSA with this curve's matching hash.
    fn jwk_alg(self) -> &'static str {
        match self {
            Curve::P256 => "ES256",
            Curve::P384 => "ES384",
            Curve::P521 => "ES512",
        }
    }
}

pub enum EcSecret {
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    P521(p521::SecretKey),
}

pub enum EcPublic {
    P256(p256::PublicKey),
    P384(p384::PublicKey),
    P521(p521::PublicKey),
}

macro_rules! impl_from {
    ($($v:ident: $m:ident),*) => {$(
        impl From<$m::SecretKey> for EcSecret {
            fn from(k: $m::SecretKey) -> Self { EcSecret::$v(k) }
        }
        impl From<$m::PublicKey> for EcPublic {
            fn from(k: $m::PublicKey) -> Self { EcPublic::$v(k) }
        }
    )*};
}
impl_from!(P256: p256, P384: p384, P521: p521);

/// Runs `$body` with `$m` bound to the curve's crate.
macro_rules! on_curve {
    ($curve:expr, $m:ident => $body:expr) => {
        match $curve {
            Curve::P256 => {
                use p256 as $m;
                $body
            }
            Curve::P384 => {
                use p384 as $m;
                $body
            }
            Curve::P521 => {
                use p521 as $m;
                $body
            }
        }
    };
}

/// Matches a key enum, binding the inner key and the curve's crate.
macro_rules! on_key {
    ($key:expr, $enum:ident, $k:ident, $m:ident => $body:expr) => {
        match $key {
            $enum::P256($k) => {
                #[allow(unused_imports)]
                use p256 as $m;
                $body
            }
            $enum::P384($k) => {
                #[allow(unused_imports)]
                use p384 as $m;
                $body
            }
            $enum::P521($k) => {
                #[allow(unused_imports)]
                use p521 as $m;
                $body
            }
        }
    };
}

impl EcSecret {
    pub fn curve(&self) -> Curve {
        match self {
            EcSecret::P256(_) => Curve::P256,
            EcSecret::P384(_) => Curve::P384,
            EcSecret::P521(_) => Curve::P521,
        }
    }

    fn public(&self) -> EcPublic {
        on_key!(self, EcSecret, k, m => EcPublic::from(k.public_key()))
    }
}

impl EcPublic {
    pub fn curve(&self) -> Curve {
        match self {
            EcPublic::P256(_) => Curve::P256,
            EcPublic::P384(_) => Curve::P384,
            EcPublic::P521(_) => Curve::P521,
        }
    }

    fn uncompressed(&self) -> Vec<u8> {
        on_key!(self, EcPublic, k, m => k.to_encoded_point(false).as_bytes().to_vec())
    }

    fn same(&self, other: &EcPublic) -> bool {
        self.curve() == other.curve() && self.uncompressed() == other.uncompressed()
    }
}

/// The curve of an EC key.
pub fn key_curve(key: &Key) -> Option<Curve> {
    match &key.material {
        Material::EcPrivate(k) => Some(k.curve()),
        Material::EcPublic(k) => Some(k.curve()),
        _ => None,
    }
}

fn alg_name(alg: &Normalized) -> AlgName {
    if alg.name == "ECDH" {
        AlgName::Ecdh
    } else {
        AlgName::Ecdsa
    }
}

pub fn generate(alg: &Normalized, usages: u8) -> Res<(Key, Key)> {
    let name = alg_name(alg);
    let (private_usages, allowed) = match name {
        AlgName::Ecdsa => (SIGN, SIGN | VERIFY),
        _ => (DERIVE_KEY | DERIVE_BITS, DERIVE_KEY | DERIVE_BITS),
    };
    check_usages(usages, allowed)?;
    let curve = alg
        .named_curve
        .as_deref()
        .and_then(Curve::from_name)
        .ok_or_else(|| not_supported("Unsupported namedCurve."))?;
    require_usages(usages & private_usages)?;
    let secret: EcSecret = on_curve!(curve, m => m::SecretKey::random(&mut OsRng).into());
    let public = secret.public();
    Ok((
        Key::new(name, Material::EcPublic(public)),
        Key::new(name, Material::EcPrivate(secret)),
    ))
}

fn public_from_sec1(curve: Curve, bytes: &[u8]) -> Res<EcPublic> {
    on_curve!(curve, m => m::PublicKey::from_sec1_bytes(bytes)
        .map(EcPublic::from)
        .map_err(|_| data("Invalid EC public key.")))
}

fn secret_from_bytes(curve: Curve, bytes: &[u8]) -> Res<EcSecret> {
    if bytes.len() != curve.field_len() {
        return Err(data("Invalid EC private key length."));
    }
    on_curve!(curve, m => m::SecretKey::from_slice(bytes)
        .map(EcSecret::from)
        .map_err(|_| data("Invalid EC private key.")))
}

fn curve_of_params(params: Option<ObjectIdentifier>) -> Res<Option<Curve>> {
    let oid = params.ok_or_else(|| data("EC key parameters must name a curve."))?;
    Ok(Curve::from_oid(oid))
}

fn expect_curve(found: Option<Curve>, alg: &Normalized) -> Res<Curve> {
    let Some(found) = found else {
        return Err(data("Unsupported EC curve."));
    };
    if alg.named_curve.as_deref() != Some(found.name()) {
        return Err(data("The key's curve does not match namedCurve."));
    }
    Ok(found)
}

pub fn import(args: &ImportArgs<'_>) -> Res<Key> {
    let name = alg_name(args.alg);
    let ecdsa = name == AlgName::Ecdsa;
    let (public_allowed, private_allowed) = if ecdsa {
        (VERIFY, SIGN)
    } else {
        (0, DERIVE_KEY | DERIVE_BITS)
    };
    let material = match args.format {
        Format::Spki => {
            check_usages(args.usages, public_allowed)?;
            let spki = spki::SubjectPublicKeyInfoRef::try_from(args.data.bytes()?)
                .map_err(|_| data("Invalid SubjectPublicKeyInfo."))?;
            if spki.algorithm.oid != EC_PUBLIC_KEY {
                return Err(data("The SubjectPublicKeyInfo is not an EC key."));
            }
            let params = spki.algorithm.parameters_oid().ok();
            let curve = expect_curve(curve_of_params(params)?, args.alg)?;
            let bits = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| data("Invalid EC public key."))?;
            Material::EcPublic(public_from_sec1(curve, bits)?)
        }
        Format::Pkcs8 => {
            check_usages(args.usages, private_allowed)?;
            let info = pkcs8::PrivateKeyInfo::try_from(args.data.bytes()?)
                .map_err(|_| data("Invalid PrivateKeyInfo."))?;
            if info.algorithm.oid != EC_PUBLIC_KEY {
                return Err(data("The PrivateKeyInfo is not an EC key."));
            }
            let params = info.algorithm.parameters_oid().ok();
            let found = curve_of_params(params)?;
            let ec = sec1::EcPrivateKey::try_from(info.private_key)
                .map_err(|_| data("Invalid ECPrivateKey."))?;
            if let Some(p) = &ec.parameters {
                if p.named_curve() != params {
                    return Err(data("The ECPrivateKey's curve does not match."));
                }
            }
            let curve = expect_curve(found, args.alg)?;
            let secret = secret_from_bytes(curve, ec.private_key)?;
            if let Some(pk) = ec.public_key {
                if !public_from_sec1(curve, pk)?.same(&secret.public()) {
                    return Err(data("The ECPrivateKey's public key does not match."));
                }
            }
            Material::EcPrivate(secret)
        }
        Format::Jwk => {
            let jwk = args.data.jwk()?;
            let private = jwk.d.is_some();
            check_usages(
                args.usages,
                if private {
                    private_allowed
                } else {
                    public_allowed
                },
            )?;
            jwk.check_kty("EC")?;
            jwk.check_common(
                if ecdsa { "sig" } else { "enc" },
                args.usages,
                args.extractable,
            )?;
            let crv = jwk.crv.as_deref().unwrap_or_default();
            if args.alg.named_curve.as_deref() != Some(crv) {
                return Err(data("The JSON Web Key's 'crv' does not match namedCurve."));
            }
            let curve = Curve::from_name(crv).ok_or_else(|| data("Unsupported EC curve."))?;
            if ecdsa {
                if let Some(a) = &jwk.alg {
                    if a != curve.jwk_alg() {
                        return Err(data("The JSON Web Key's 'alg' does not match the curve."));
                    }
                }
            }
            let x = member(jwk.x.as_deref(), "x")?;
            let y = member(jwk.y.as_deref(), "y")?;
            let n = curve.field_len();
            if x.len() != n || y.len() != n {
                return Err(data("Invalid EC public key coordinates."));
            }
            let mut point = Vec::with_capacity(1 + 2 * n);
            point.push(4);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            let public = public_from_sec1(curve, &point)?;
            if let Some(d) = &jwk.d {
                let d = super::jwk::b64u_decode(d)?;
                let secret = secret_from_bytes(curve, &d)?;
                if !secret.public().same(&public) {
                    return Err(data("The JSON Web Key's 'd' does not match 'x' and 'y'."));
                }
                Material::EcPrivate(secret)
            } else {
                Material::EcPublic(public)
            }
        }
        Format::Raw => {
            check_usages(args.usages, public_allowed)?;
            let curve = args
                .alg
                .named_curve
                .as_deref()
                .and_then(Curve::from_name)
                .ok_or_else(|| data("Unsupported namedCurve."))?;
            Material::EcPublic(public_from_sec1(curve, args.data.bytes()?)?)
        }
    };
    Ok(Key::new(name, material))
}

pub fn export(key: &Key, format: Format, extractable: bool, usages: u8) -> Res<Exported> {
    let bytes = |v: Vec<u8>| Ok(Exported::Bytes(Zeroizing::new(v)));
    match (format, &key.material) {
        (Format::Spki, Material::EcPublic(k)) => {
            let der = on_key!(k, EcPublic, k, m => k.to_public_key_der())
                .map_err(|_| operation("Cannot encode the key."))?;
            bytes(der.as_bytes().to_vec())
        }
        (Format::Pkcs8, Material::EcPrivate(k)) => {
            let der = on_key!(k, EcSecret, k, m => k.to_pkcs8_der())
                .map_err(|_| operation("Cannot encode the key."))?;
            bytes(der.as_bytes().to_vec())
        }
        (Format::Raw, Material::EcPublic(k)) => bytes(k.uncompressed()),
        (Format::Jwk, m) => {
            let (public, d) = match m {
                Material::EcPublic(k) => (on_key!(k, EcPublic, k, m => EcPublic::from(*k)), None),
                Material::EcPrivate(k) => (
                    k.public(),
                    Some(on_key!(k, EcSecret, k, m => Zeroizing::new(b64u(&k.to_bytes())))),
                ),
                _ => return Err(operation("Not an EC key.")),
            };
            let point = public.uncompressed();
            let n = public.curve().field_len();
            let mut jwk = Jwk {
                kty: Some("EC".into()),
                crv: Some(public.curve().name().into()),
                x: Some(b64u(&point[1..1 + n])),
                y: Some(b64u(&point[1 + n..])),
                d,
                ..Default::default()
            };
            jwk.set_export_common(usages, extractable);
            Ok(Exported::Jwk(Box::new(jwk)))
        }
        (Format::Raw | Format::Spki, _) => Err(invalid_access("The key is not a public key.")),
        (Format::Pkcs8, _) => Err(invalid_access("The key is not a private key.")),
    }
}

/// The message hash as ECDSA's input: left-padded with zeros when shorter
/// than the field, which is what bits2int does and what the crate requires.
fn prehash(hash: Hash, msg: &[u8], curve: Curve) -> Vec<u8> {
    let h = hash.digest(msg);
    let n = curve.field_len();
    if h.len() >= n {
        return h;
    }
    let mut out = vec![0u8; n - h.len()];
    out.extend_from_slice(&h);
    out
}

/// Signs the prehash `$h` with `$k`'s scalar: RFC 6979 nonces hedged with
/// fresh randomness. The scalar is used directly because building an
/// `ecdsa::SigningKey` computes the public key, a second scalar
/// multiplication per signature.
macro_rules! sign_with {
    ($k:expr, $h:expr, $c:ty, $d:ty) => {{
        let failed = |_| operation("ECDSA signing failed.");
        let z = ecdsa::hazmat::bits2field::<$c>($h).map_err(failed)?;
        let mut ad = elliptic_curve::FieldBytes::<$c>::default();
        OsRng.fill_bytes(&mut ad);
        let (sig, _) = $k
            .to_nonzero_scalar()
            .as_ref()
            .try_sign_prehashed_rfc6979::<$d>(&z, &ad)
            .map_err(failed)?;
        sig.to_bytes().to_vec()
    }};
}

pub fn sign(key: &Key, hash: Hash, msg: &[u8]) -> Res<Vec<u8>> {
    let Material::EcPrivate(k) = &key.material else {
        return Err(invalid_access("ECDSA signing needs a private key."));
    };
    let h = prehash(hash, msg, k.curve());
    Ok(match k {
        EcSecret::P256(k) => sign_with!(k, &h, p256::NistP256, sha2::Sha256),
        EcSecret::P384(k) => sign_with!(k, &h, p384::NistP384, sha2::Sha384),
        // RFC 6979 needs a hash as long as the field; P-521 takes a random
        // nonce, as the p521 crate itself does.
        EcSecret::P521(k) => {
            let failed = |_| operation("ECDSA signing failed.");
            let z = ecdsa::hazmat::bits2field::<p521::NistP521>(&h).map_err(failed)?;
            let nonce = <p521::Scalar as elliptic_curve::Field>::random(&mut OsRng);
            let (sig, _) = k
                .to_nonzero_scalar()
                .as_ref()
                .try_sign_prehashed(nonce, &z)
                .map_err(failed)?;
            sig.to_bytes().to_vec()
        }
    })
}

pub fn verify(key: &Key, hash: Hash, signature: &[u8], msg: &[u8]) -> Res<bool> {
    let Material::EcPublic(k) = &key.material else {
        return Err(invalid_access("ECDSA verification needs a public key."));
    };
    let curve = k.curve();
    if signature.len() != 2 * curve.field_len() {
        return Ok(false);
    }
    let h = prehash(hash, msg, curve);
    Ok(match k {
        EcPublic::P256(k) => p256::ecdsa::Signature::from_slice(signature).is_ok_and(|s| {
            p256::ecdsa::VerifyingKey::from(k)
                .verify_prehash(&h, &s)
                .is_ok()
        }),
        EcPublic::P384(k) => p384::ecdsa::Signature::from_slice(signature).is_ok_and(|s| {
            p384::ecdsa::VerifyingKey::from(k)
                .verify_prehash(&h, &s)
                .is_ok()
        }),
        // p521 wraps the generic key type, which lacks the prehash traits there.
        EcPublic::P521(k) => {
            let v = p521::ecdsa::VerifyingKey::from_affine(*k.as_affine())
                .map_err(|_| operation("Invalid EC public key."))?;
            p521::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| v.verify_prehash(&h, &s).is_ok())
        }
    })
}

/// ECDH: the x-coordinate of the shared point.
pub fn derive(key: &Key, public: &Key) -> Res<Zeroizing<Vec<u8>>> {
    let Material::EcPrivate(k) = &key.material else {
        return Err(invalid_access("ECDH needs a private base key."));
    };
    let Material::EcPublic(p) = &public.material else {
        return Err(invalid_access("The public member must be a public key."));
    };
    if public.alg != key.alg {
        return Err(invalid_access("The public key is not an ECDH key."));
    }
    match (k, p) {
        (EcSecret::P256(k), EcPublic::P256(p)) => Ok(Zeroizing::new(
            elliptic_curve::ecdh::diffie_hellman(k.to_nonzero_scalar(), p.as_affine())
                .raw_secret_bytes()
                .to_vec(),
        )),
        (EcSecret::P384(k), EcPublic::P384(p)) => Ok(Zeroizing::new(
            elliptic_curve::ecdh::diffie_hellman(k.to_nonzero_scalar(), p.as_affine())
                .raw_secret_bytes()
                .to_vec(),
        )),
        (EcSecret::P521(k), EcPublic::P521(p)) => Ok(Zeroizing::new(
            elliptic_curve::ecdh::diffie_hellman(k.to_nonzero_scalar(), p.as_affine())
                .raw_secret_bytes()
                .to_vec(),
        )),
        _ => Err(invalid_access("The public key is on a different curve.")),
    }
}
