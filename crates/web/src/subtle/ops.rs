//! The operations behind each SubtleCrypto method, dispatched by algorithm,
//! free of JS: they run on the JS thread or on a blocking thread alike.

use zeroize::Zeroizing;

use super::digest::Hash;
use super::error::{invalid_access, not_supported, operation, syntax, type_error, Res};
use super::keys::{AlgName, Exported, Format, ImportArgs, Key, KeyType};
use super::{aes, ec, hmac, kdf, okp, rsa, Normalized, Out};

/// PBKDF2 work (iterations × output blocks) above which it runs off the loop.
const HEAVY_PBKDF2: u64 = 1000;

/// Whether an op with `key` is slow enough to move off the event loop.
pub(super) fn heavy_key(key: &Key, private_op: bool) -> bool {
    match key.alg {
        a if a.is_rsa() => private_op,
        AlgName::Ecdsa | AlgName::Ecdh => ec::key_curve(key) != Some(ec::Curve::P256),
        // The 448-bit curves take milliseconds per operation.
        AlgName::Ed448 | AlgName::X448 => true,
        _ => false,
    }
}

pub(super) fn import_key(args: &ImportArgs<'_>) -> Res<Key> {
    let key = match args.alg.alg()? {
        a if a.is_aes() => aes::import(args)?,
        AlgName::Hmac => hmac::import(args)?,
        AlgName::Ecdsa | AlgName::Ecdh => ec::import(args)?,
        a if a.is_okp() => okp::import(args)?,
        a if a.is_rsa() => rsa::import(args)?,
        _ => kdf::import(args)?,
    };
    if key.key_type() != KeyType::Public && args.usages == 0 {
        return Err(syntax("Usages cannot be empty when creating a key."));
    }
    Ok(key)
}

pub(super) fn export_key(
    key: &Key,
    format: Format,
    extractable: bool,
    usages: u8,
) -> Res<Exported> {
    if matches!(key.alg, AlgName::Pbkdf2 | AlgName::Hkdf) {
        return Err(not_supported("This key cannot be exported."));
    }
    if !extractable {
        return Err(invalid_access("The key is not extractable."));
    }
    match key.alg {
        a if a.is_aes() => aes::export(key, format, extractable, usages),
        AlgName::Hmac => hmac::export(key, format, extractable, usages),
        AlgName::Ecdsa | AlgName::Ecdh => ec::export(key, format, extractable, usages),
        a if a.is_okp() => okp::export(key, format, extractable, usages),
        _ => rsa::export(key, format, extractable, usages),
    }
}

pub(super) fn generate_key(alg: &Normalized, usages: u8) -> Res<Out> {
    Ok(match alg.alg()? {
        a if a.is_aes() => Out::Key(aes::generate(alg, usages)?),
        AlgName::Hmac => Out::Key(hmac::generate(alg, usages)?),
        AlgName::Ecdsa | AlgName::Ecdh => {
            let (public, private) = ec::generate(alg, usages)?;
            Out::Pair(Box::new((public, private)))
        }
        a if a.is_okp() => {
            let (public, private) = okp::generate(a, usages)?;
            Out::Pair(Box::new((public, private)))
        }
        a if a.is_rsa() => {
            let (public, private) = rsa::generate(alg, usages)?;
            Out::Pair(Box::new((public, private)))
        }
        _ => return Err(not_supported("This algorithm cannot generate keys.")),
    })
}

pub(super) fn sign_op(alg: &Normalized, key: &Key, data: &[u8]) -> Res<Vec<u8>> {
    match alg.alg()? {
        AlgName::Hmac => Ok(hmac::sign(key, data)),
        AlgName::Ecdsa => ec::sign(key, alg.hash.unwrap_or(Hash::Sha256), data),
        AlgName::Ed25519 | AlgName::Ed448 => {
            okp::sign(key, alg.context.as_deref().unwrap_or_default(), data)
        }
        AlgName::RsassaPkcs1 => rsa::sign(key, None, data),
        AlgName::RsaPss => rsa::sign(key, Some(alg.salt_length.unwrap_or(0)), data),
        _ => Err(not_supported("This algorithm cannot sign.")),
    }
}

pub(super) fn verify_op(alg: &Normalized, key: &Key, signature: &[u8], data: &[u8]) -> Res<bool> {
    match alg.alg()? {
        AlgName::Hmac => Ok(hmac::verify(key, signature, data)),
        AlgName::Ecdsa => ec::verify(key, alg.hash.unwrap_or(Hash::Sha256), signature, data),
        AlgName::Ed25519 | AlgName::Ed448 => okp::verify(
            key,
            alg.context.as_deref().unwrap_or_default(),
            signature,
            data,
        ),
        AlgName::RsassaPkcs1 => rsa::verify(key, None, signature, data),
        AlgName::RsaPss => rsa::verify(key, Some(alg.salt_length.unwrap_or(0)), signature, data),
        _ => Err(not_supported("This algorithm cannot verify.")),
    }
}

pub(super) fn cipher_op(alg: &Normalized, key: &Key, data: &[u8], decrypt: bool) -> Res<Vec<u8>> {
    let empty: &[u8] = &[];
    let k = key.secret_bytes();
    match alg.alg()? {
        AlgName::AesCtr => aes::ctr(
            k,
            alg.counter.as_deref().unwrap_or(empty),
            alg.length.unwrap_or(0),
            data,
        ),
        AlgName::AesCbc => {
            let iv = alg.iv.as_deref().unwrap_or(empty);
            if decrypt {
                aes::cbc_decrypt(k, iv, data)
            } else {
                aes::cbc_encrypt(k, iv, data)
            }
        }
        AlgName::AesGcm => {
            let iv = alg.iv.as_deref().unwrap_or(empty);
            let aad = alg.additional_data.as_deref().unwrap_or(empty);
            if decrypt {
                aes::gcm_decrypt(k, iv, aad, alg.tag_length, data)
            } else {
                aes::gcm_encrypt(k, iv, aad, alg.tag_length, data)
            }
        }
        AlgName::RsaOaep => {
            let label = alg.label.as_deref().unwrap_or(empty);
            if decrypt {
                rsa::oaep_decrypt(key, label, data)
            } else {
                rsa::oaep_encrypt(key, label, data)
            }
        }
        _ => Err(not_supported("This algorithm cannot encrypt.")),
    }
}

pub(super) fn derive_bits_op(
    alg: &Normalized,
    key: &Key,
    length: Option<u32>,
) -> Res<Zeroizing<Vec<u8>>> {
    match alg.alg()? {
        a @ (AlgName::Ecdh | AlgName::X25519 | AlgName::X448) => {
            let public = alg
                .public
                .as_ref()
                .ok_or_else(|| type_error("The public member is required."))?;
            if public.key_type() != KeyType::Public {
                return Err(invalid_access("The public member must be a public key."));
            }
            if public.alg != key.alg {
                return Err(invalid_access(
                    "The public key is for a different algorithm.",
                ));
            }
            let mut secret = if a == AlgName::Ecdh {
                if ec::key_curve(public) != ec::key_curve(key) {
                    return Err(invalid_access("The public key is on a different curve."));
                }
                ec::derive(key, public)?
            } else {
                okp::derive(key, public)?
            };
            if let Some(bits) = length {
                let bits = bits as usize;
                if bits > secret.len() * 8 {
                    return Err(operation("The requested length exceeds the shared secret."));
                }
                secret.truncate(bits.div_ceil(8));
                if !bits.is_multiple_of(8) {
                    if let Some(last) = secret.last_mut() {
                        *last &= 0xffu8 << (8 - bits % 8);
                    }
                }
            }
            Ok(secret)
        }
        AlgName::Pbkdf2 => kdf::pbkdf2(key, alg, length),
        AlgName::Hkdf => kdf::hkdf(key, alg, length),
        _ => Err(not_supported("This algorithm cannot derive bits.")),
    }
}

pub(super) fn derive_heavy(alg: &Normalized, key: &Key, length: Option<u32>) -> bool {
    match alg.name.as_str() {
        "PBKDF2" => kdf::pbkdf2_cost(alg, length) > HEAVY_PBKDF2,
        "ECDH" | "X448" => heavy_key(key, true),
        _ => false,
    }
}

/// "get key length" for deriveKey's derived key type.
pub(super) fn key_length(alg: &Normalized) -> Res<Option<u32>> {
    match alg.alg()? {
        a if a.is_aes() => aes::key_length(alg).map(Some),
        AlgName::Hmac => hmac::key_length(alg).map(Some),
        AlgName::Pbkdf2 | AlgName::Hkdf => Ok(None),
        _ => Err(not_supported("This algorithm has no key length.")),
    }
}
