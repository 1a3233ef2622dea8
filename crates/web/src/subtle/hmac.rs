//! HMAC (FIPS 198-1) keys: generateKey, importKey/exportKey (raw, jwk),
//! sign and verify.

use hmac::{Mac, SimpleHmac};
use zeroize::Zeroizing;

use super::digest::{with_hash, Hash};
use super::error::{data, not_supported, operation, type_error, Res};
use super::jwk::{b64u, member, Jwk};
use super::keys::{
    check_usages, require_usages, AlgName, Exported, Format, ImportArgs, Key, SIGN, VERIFY,
};
use super::{random_bytes, Normalized};

fn hash_of(alg: &Normalized) -> Res<Hash> {
    alg.hash
        .ok_or_else(|| type_error("HMAC needs a hash algorithm."))
}

fn jwk_alg(hash: Hash) -> String {
    format!("HS{}", hash.jwk_suffix())
}

pub fn generate(alg: &Normalized, usages: u8) -> Res<Key> {
    check_usages(usages, SIGN | VERIFY)?;
    let hash = hash_of(alg)?;
    let length = match alg.length {
        None => hash.block_bits(),
        Some(0) => return Err(operation("HMAC key length must not be zero.")),
        Some(l) => l,
    };
    require_usages(usages)?;
    let mut bytes = random_bytes(length.div_ceil(8) as usize)?;
    // Bits past the length are zero, so the key is exactly `length` bits.
    if length % 8 != 0 {
        if let Some(last) = bytes.last_mut() {
            *last &= 0xffu8 << (8 - length % 8);
        }
    }
    Ok(Key {
        alg: AlgName::Hmac,
        hash: Some(hash),
        length,
        material: super::keys::Material::Secret(bytes),
    })
}

pub fn import(args: &ImportArgs<'_>) -> Res<Key> {
    check_usages(args.usages, SIGN | VERIFY)?;
    let hash = hash_of(args.alg)?;
    let bytes: Zeroizing<Vec<u8>> = match args.format {
        Format::Raw => Zeroizing::new(args.data.bytes()?.to_vec()),
        Format::Jwk => {
            let jwk = args.data.jwk()?;
            jwk.check_kty("oct")?;
            let k = member(jwk.k.as_deref().map(String::as_str), "k")?;
            if let Some(a) = &jwk.alg {
                if *a != jwk_alg(hash) {
                    return Err(data("The JSON Web Key's 'alg' does not match the hash."));
                }
            }
            jwk.check_common("sig", args.usages, args.extractable)?;
            k
        }
        _ => {
            return Err(not_supported(
                "HMAC keys can only be imported as raw or jwk.",
            ))
        }
    };
    let bits = (bytes.len() as u64) * 8;
    if bits == 0 {
        return Err(data("HMAC key data must not be empty."));
    }
    let length = match args.alg.length {
        None => bits,
        Some(l) => {
            let l = u64::from(l);
            if l > bits || l + 8 <= bits {
                return Err(data("HMAC key length does not match the key data."));
            }
            l
        }
    };
    let length = u32::try_from(length).map_err(|_| data("HMAC key data is too long."))?;
    Ok(Key {
        alg: AlgName::Hmac,
        hash: Some(hash),
        length,
        material: super::keys::Material::Secret(bytes),
    })
}

pub fn export(key: &Key, format: Format, extractable: bool, usages: u8) -> Res<Exported> {
    let bytes = key.secret_bytes();
    match format {
        Format::Raw => Ok(Exported::Bytes(Zeroizing::new(bytes.to_vec()))),
        Format::Jwk => {
            let mut jwk = Jwk {
                kty: Some("oct".into()),
                k: Some(Zeroizing::new(b64u(bytes))),
                alg: key.hash.map(jwk_alg),
                ..Default::default()
            };
            jwk.set_export_common(usages, extractable);
            Ok(Exported::Jwk(Box::new(jwk)))
        }
        _ => Err(not_supported(
            "HMAC keys can only be exported as raw or jwk.",
        )),
    }
}

fn mac(key: &Key, data: &[u8]) -> Zeroizing<Vec<u8>> {
    let hash = key.hash.unwrap_or(Hash::Sha256);
    // SimpleHmac accepts keys of any length, and is as fast as `Hmac` for the
    // one-shot use here.
    with_hash!(hash, H => {
        let mut m = <SimpleHmac<H> as Mac>::new_from_slice(key.secret_bytes())
            .expect("HMAC takes keys of any length");
        m.update(data);
        Zeroizing::new(m.finalize().into_bytes().to_vec())
    })
}

pub fn sign(key: &Key, data: &[u8]) -> Vec<u8> {
    mac(key, data).to_vec()
}

pub fn verify(key: &Key, signature: &[u8], data: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    let expected = mac(key, data);
    expected.len() == signature.len() && bool::from(expected.as_slice().ct_eq(signature))
}

/// "get key length" for deriveKey.
pub fn key_length(alg: &Normalized) -> Res<u32> {
    let hash = hash_of(alg)?;
    match alg.length {
        None => Ok(hash.block_bits()),
        Some(0) => Err(type_error("HMAC key length must not be zero.")),
        Some(l) => Ok(l),
    }
}
