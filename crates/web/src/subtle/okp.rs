//! The RFC 8410 curves: Ed25519 and Ed448 signatures (RFC 8032), X25519 and
//! X448 key agreement (RFC 7748); keys in raw, spki, pkcs8 and jwk (RFC 8037,
//! kty "OKP") form.

use der::asn1::{ObjectIdentifier, OctetStringRef};
use der::Decode;
use ed25519_dalek::{Signer, Verifier};
use ed448_goldilocks_plus as ed448;
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use super::error::{data, invalid_access, operation, Res};
use super::jwk::{b64u, b64u_decode, member, Jwk};
use super::keys::{
    check_usages, require_usages, AlgName, Exported, Format, ImportArgs, Key, KeyType, Material,
    DERIVE_BITS, DERIVE_KEY, SIGN, VERIFY,
};

/// What differs between the curves.
struct Curve {
    oid: ObjectIdentifier,
    crv: &'static str,
    signs: bool,
    public_len: usize,
    private_len: usize,
    /// DER of the fixed-size SubjectPublicKeyInfo, before the key bytes.
    spki_prefix: &'static [u8],
    /// DER of the fixed-size PrivateKeyInfo, before the key bytes.
    pkcs8_prefix: &'static [u8],
}

const ED25519: Curve = Curve {
    oid: ObjectIdentifier::new_unwrap("1.3.101.112"),
    crv: "Ed25519",
    signs: true,
    public_len: 32,
    private_len: 32,
    spki_prefix: &[
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ],
    pkcs8_prefix: &[
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ],
};

const X25519: Curve = Curve {
    oid: ObjectIdentifier::new_unwrap("1.3.101.110"),
    crv: "X25519",
    signs: false,
    public_len: 32,
    private_len: 32,
    spki_prefix: &[
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00,
    ],
    pkcs8_prefix: &[
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04,
        0x20,
    ],
};

const ED448: Curve = Curve {
    oid: ObjectIdentifier::new_unwrap("1.3.101.113"),
    crv: "Ed448",
    signs: true,
    public_len: 57,
    private_len: 57,
    spki_prefix: &[
        0x30, 0x43, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x03, 0x3a, 0x00,
    ],
    pkcs8_prefix: &[
        0x30, 0x47, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x04, 0x3b, 0x04,
        0x39,
    ],
};

const X448: Curve = Curve {
    oid: ObjectIdentifier::new_unwrap("1.3.101.111"),
    crv: "X448",
    signs: false,
    public_len: 56,
    private_len: 56,
    spki_prefix: &[
        0x30, 0x42, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f, 0x03, 0x39, 0x00,
    ],
    pkcs8_prefix: &[
        0x30, 0x46, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f, 0x04, 0x3a, 0x04,
        0x38,
    ],
};

fn curve(alg: AlgName) -> &'static Curve {
    match alg {
        AlgName::Ed25519 => &ED25519,
        AlgName::X25519 => &X25519,
        AlgName::Ed448 => &ED448,
        _ => &X448,
    }
}

/// (usages a public key may have, usages a private key may have)
fn allowed(c: &Curve) -> (u8, u8) {
    if c.signs {
        (VERIFY, SIGN)
    } else {
        (0, DERIVE_KEY | DERIVE_BITS)
    }
}

/// X448 (RFC 7748 §5): the scalar is clamped and used whole, not reduced.
fn x448(k: &[u8; 56], u: &[u8; 56]) -> [u8; 56] {
    let mut k = Zeroizing::new(*k);
    k[0] &= 252;
    k[55] |= 128;
    let scalar = Zeroizing::new(ed448::Scalar::from_bytes(&k));
    (&ed448::MontgomeryPoint(*u) * &*scalar).0
}

fn ed448_signing(seed: &[u8]) -> Box<ed448::SigningKey> {
    let mut secret = Zeroizing::new(ed448::SecretKey::default());
    secret.copy_from_slice(seed);
    Box::new(ed448::SigningKey::from(&*secret))
}

pub fn generate(alg: AlgName, usages: u8) -> Res<(Key, Key)> {
    let (public_allowed, private_allowed) = allowed(curve(alg));
    check_usages(usages, public_allowed | private_allowed)?;
    require_usages(usages & private_allowed)?;
    let private = match alg {
        AlgName::Ed25519 => {
            Material::Ed25519Private(Box::new(ed25519_dalek::SigningKey::generate(&mut OsRng)))
        }
        AlgName::X25519 => {
            Material::X25519Private(Box::new(x25519_dalek::StaticSecret::random_from_rng(OsRng)))
        }
        AlgName::Ed448 => {
            let mut seed = Zeroizing::new([0u8; 57]);
            OsRng.fill_bytes(&mut seed[..]);
            Material::Ed448Private(ed448_signing(&seed[..]))
        }
        _ => {
            let mut k = Zeroizing::new([0u8; 56]);
            OsRng.fill_bytes(&mut k[..]);
            Material::X448Private(k)
        }
    };
    let public = public_from(alg, &public_bytes(&private).expect("a private key"))?;
    Ok((Key::new(alg, public), Key::new(alg, private)))
}

fn public_from(alg: AlgName, bytes: &[u8]) -> Res<Material> {
    let c = curve(alg);
    if bytes.len() != c.public_len {
        return Err(data(format!(
            "An {} public key is {} bytes.",
            c.crv, c.public_len
        )));
    }
    let invalid = || data(format!("Invalid {} public key.", c.crv));
    Ok(match alg {
        AlgName::Ed25519 => Material::Ed25519Public(
            ed25519_dalek::VerifyingKey::from_bytes(bytes.try_into().expect("length checked"))
                .map_err(|_| invalid())?,
        ),
        AlgName::X25519 => Material::X25519Public(x25519_dalek::PublicKey::from(
            <[u8; 32]>::try_from(bytes).expect("length checked"),
        )),
        AlgName::Ed448 => Material::Ed448Public(Box::new(
            ed448::VerifyingKey::from_bytes(bytes.try_into().expect("length checked"))
                .map_err(|_| invalid())?,
        )),
        _ => Material::X448Public(bytes.try_into().expect("length checked")),
    })
}

fn private_from(alg: AlgName, bytes: &[u8]) -> Res<Material> {
    let c = curve(alg);
    if bytes.len() != c.private_len {
        return Err(data(format!(
            "An {} private key is {} bytes.",
            c.crv, c.private_len
        )));
    }
    Ok(match alg {
        AlgName::Ed25519 => {
            let seed = Zeroizing::new(<[u8; 32]>::try_from(bytes).expect("length checked"));
            Material::Ed25519Private(Box::new(ed25519_dalek::SigningKey::from_bytes(&seed)))
        }
        AlgName::X25519 => {
            let k = Zeroizing::new(<[u8; 32]>::try_from(bytes).expect("length checked"));
            Material::X25519Private(Box::new(x25519_dalek::StaticSecret::from(*k)))
        }
        AlgName::Ed448 => Material::Ed448Private(ed448_signing(bytes)),
        _ => Material::X448Private(Zeroizing::new(bytes.try_into().expect("length checked"))),
    })
}

fn public_bytes(m: &Material) -> Option<Vec<u8>> {
    Some(match m {
        Material::Ed25519Public(k) => k.to_bytes().to_vec(),
        Material::Ed25519Private(k) => k.verifying_key().to_bytes().to_vec(),
        Material::X25519Public(k) => k.to_bytes().to_vec(),
        Material::X25519Private(k) => x25519_dalek::PublicKey::from(k.as_ref())
            .to_bytes()
            .to_vec(),
        Material::Ed448Public(k) => k.as_bytes().to_vec(),
        Material::Ed448Private(k) => k.verifying_key().as_bytes().to_vec(),
        Material::X448Public(k) => k.to_vec(),
        Material::X448Private(k) => x448(k, &ed448::MontgomeryPoint::GENERATOR.0).to_vec(),
        _ => return None,
    })
}

fn private_bytes(m: &Material) -> Option<Zeroizing<Vec<u8>>> {
    Some(Zeroizing::new(match m {
        Material::Ed25519Private(k) => k.to_bytes().to_vec(),
        Material::X25519Private(k) => k.to_bytes().to_vec(),
        Material::Ed448Private(k) => k.to_bytes().to_vec(),
        Material::X448Private(k) => k.to_vec(),
        _ => return None,
    }))
}

pub fn import(args: &ImportArgs<'_>) -> Res<Key> {
    let alg = AlgName::from_name(&args.alg.name).unwrap_or(AlgName::Ed25519);
    let c = curve(alg);
    let (public_allowed, private_allowed) = allowed(c);
    let material = match args.format {
        Format::Spki => {
            check_usages(args.usages, public_allowed)?;
            let spki = spki::SubjectPublicKeyInfoRef::try_from(args.data.bytes()?)
                .map_err(|_| data("Invalid SubjectPublicKeyInfo."))?;
            if spki.algorithm.oid != c.oid || spki.algorithm.parameters.is_some() {
                return Err(data(format!(
                    "The SubjectPublicKeyInfo is not an {} key.",
                    c.crv
                )));
            }
            let bits = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| data("Invalid public key."))?;
            public_from(alg, bits)?
        }
        Format::Pkcs8 => {
            check_usages(args.usages, private_allowed)?;
            let info = pkcs8::PrivateKeyInfo::try_from(args.data.bytes()?)
                .map_err(|_| data("Invalid PrivateKeyInfo."))?;
            if info.algorithm.oid != c.oid || info.algorithm.parameters.is_some() {
                return Err(data(format!("The PrivateKeyInfo is not an {} key.", c.crv)));
            }
            let inner = OctetStringRef::from_der(info.private_key)
                .map_err(|_| data("Invalid CurvePrivateKey."))?;
            let m = private_from(alg, inner.as_bytes())?;
            if let Some(pk) = info.public_key {
                if Some(pk) != public_bytes(&m).as_deref() {
                    return Err(data("The PrivateKeyInfo's public key does not match."));
                }
            }
            m
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
            jwk.check_kty("OKP")?;
            if jwk.crv.as_deref() != Some(c.crv) {
                return Err(data(format!(
                    "The JSON Web Key's 'crv' must be \"{}\".",
                    c.crv
                )));
            }
            if c.signs {
                if let Some(a) = jwk.alg.as_deref() {
                    if a != c.crv && a != "EdDSA" {
                        return Err(data(format!(
                            "The JSON Web Key's 'alg' must be \"{}\".",
                            c.crv
                        )));
                    }
                }
            }
            let use_ = if c.signs { "sig" } else { "enc" };
            jwk.check_common(use_, args.usages, args.extractable)?;
            let x = member(jwk.x.as_deref(), "x")?;
            if let Some(d) = &jwk.d {
                let m = private_from(alg, &b64u_decode(d)?)?;
                if public_bytes(&m).as_deref() != Some(&x[..]) {
                    return Err(data("The JSON Web Key's 'x' does not match 'd'."));
                }
                m
            } else {
                public_from(alg, &x)?
            }
        }
        Format::Raw => {
            check_usages(args.usages, public_allowed)?;
            public_from(alg, args.data.bytes()?)?
        }
    };
    Ok(Key::new(alg, material))
}

pub fn export(key: &Key, format: Format, extractable: bool, usages: u8) -> Res<Exported> {
    let c = curve(key.alg);
    let public = key.key_type() == KeyType::Public;
    let not_okp = || operation("Not an OKP key.");
    let out = |prefix: &[u8], body: &[u8]| {
        let mut v = Zeroizing::new(Vec::with_capacity(prefix.len() + body.len()));
        v.extend_from_slice(prefix);
        v.extend_from_slice(body);
        Ok(Exported::Bytes(v))
    };
    match format {
        Format::Spki | Format::Raw if !public => {
            Err(invalid_access("The key is not a public key."))
        }
        Format::Pkcs8 if public => Err(invalid_access("The key is not a private key.")),
        Format::Spki => out(
            c.spki_prefix,
            &public_bytes(&key.material).ok_or_else(not_okp)?,
        ),
        Format::Raw => out(&[], &public_bytes(&key.material).ok_or_else(not_okp)?),
        Format::Pkcs8 => out(
            c.pkcs8_prefix,
            &private_bytes(&key.material).ok_or_else(not_okp)?,
        ),
        Format::Jwk => {
            let pk = public_bytes(&key.material).ok_or_else(not_okp)?;
            let mut jwk = Jwk {
                kty: Some("OKP".into()),
                crv: Some(c.crv.into()),
                x: Some(b64u(&pk)),
                d: private_bytes(&key.material).map(|d| Zeroizing::new(b64u(&d))),
                alg: c.signs.then(|| c.crv.to_owned()),
                ..Default::default()
            };
            jwk.set_export_common(usages, extractable);
            Ok(Exported::Jwk(Box::new(jwk)))
        }
    }
}

/// EdDSA; `context` is Ed448's (at most 255 bytes).
pub fn sign(key: &Key, context: &[u8], msg: &[u8]) -> Res<Vec<u8>> {
    match &key.material {
        Material::Ed25519Private(k) => Ok(k.sign(msg).to_bytes().to_vec()),
        Material::Ed448Private(k) => k
            .sign_ctx(context, msg)
            .map(|s| s.to_bytes().to_vec())
            .map_err(|_| operation("Ed448 signing failed (is the context over 255 bytes?).")),
        _ => Err(invalid_access("EdDSA signing needs a private key.")),
    }
}

pub fn verify(key: &Key, context: &[u8], signature: &[u8], msg: &[u8]) -> Res<bool> {
    match &key.material {
        Material::Ed25519Public(k) => {
            let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
                return Ok(false);
            };
            Ok(k.verify(msg, &sig).is_ok())
        }
        Material::Ed448Public(k) => {
            if context.len() > 255 {
                return Err(operation("The Ed448 context is over 255 bytes."));
            }
            let Ok(bytes) = <[u8; 114]>::try_from(signature) else {
                return Ok(false);
            };
            let Ok(sig) = ed448::Signature::from_bytes(&bytes) else {
                return Ok(false);
            };
            Ok(k.verify_ctx(&sig, context, msg).is_ok())
        }
        _ => Err(invalid_access("EdDSA verification needs a public key.")),
    }
}

/// X25519 or X448: the shared secret. An all-zero result (a small-order
/// public key) is an OperationError, as RFC 7748 §6 allows.
pub fn derive(key: &Key, public: &Key) -> Res<Zeroizing<Vec<u8>>> {
    let secret = match (&key.material, &public.material) {
        (Material::X25519Private(k), Material::X25519Public(p)) => {
            Zeroizing::new(k.diffie_hellman(p).as_bytes().to_vec())
        }
        (Material::X448Private(k), Material::X448Public(p)) => Zeroizing::new(x448(k, p).to_vec()),
        (Material::X25519Private(_) | Material::X448Private(_), _) => {
            return Err(invalid_access(
                "The public member is not a matching public key.",
            ))
        }
        _ => return Err(invalid_access("Key agreement needs a private base key.")),
    };
    if secret.iter().all(|b| *b == 0) {
        return Err(operation("The shared secret is all zeros."));
    }
    Ok(secret)
}
