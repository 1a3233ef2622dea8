//! PBKDF2 (RFC 8018) and HKDF (RFC 5869): import of the base key material
//! and deriveBits.

use zeroize::Zeroizing;

use super::digest::{with_hash, Hash};
use super::error::{not_supported, operation, syntax, type_error, Res};
use super::keys::{check_usages, AlgName, Format, ImportArgs, Key, DERIVE_BITS, DERIVE_KEY};
use super::Normalized;

pub fn import(args: &ImportArgs<'_>) -> Res<Key> {
    let name = AlgName::from_name(&args.alg.name).unwrap_or(AlgName::Pbkdf2);
    if args.format != Format::Raw {
        return Err(not_supported(format!(
            "{} keys can only be imported as raw.",
            name.name()
        )));
    }
    check_usages(args.usages, DERIVE_KEY | DERIVE_BITS)?;
    if args.extractable {
        return Err(syntax(format!(
            "{} keys cannot be extractable.",
            name.name()
        )));
    }
    Ok(Key::secret(
        name,
        Zeroizing::new(args.data.bytes()?.to_vec()),
    ))
}

fn hash_of(alg: &Normalized) -> Res<Hash> {
    alg.hash
        .ok_or_else(|| type_error("A hash algorithm is required."))
}

/// The work PBKDF2 will do, in hash-block units: for deciding whether to run
/// it off the event loop.
pub fn pbkdf2_cost(alg: &Normalized, length: Option<u32>) -> u64 {
    let blocks = u64::from(length.unwrap_or(0)).div_ceil(160).max(1);
    u64::from(alg.iterations.unwrap_or(0)) * blocks
}

pub fn pbkdf2(key: &Key, alg: &Normalized, length: Option<u32>) -> Res<Zeroizing<Vec<u8>>> {
    let length = match length {
        Some(l) if l != 0 && l % 8 == 0 => l as usize / 8,
        _ => return Err(operation("PBKDF2 length must be a non-zero multiple of 8.")),
    };
    let iterations = alg.iterations.unwrap_or(0);
    if iterations == 0 {
        return Err(operation("PBKDF2 iterations must not be zero."));
    }
    let hash = hash_of(alg)?;
    let salt = alg.salt.as_deref().unwrap_or_default();
    let mut out = Zeroizing::new(vec![0u8; length]);
    with_hash!(hash, H => pbkdf2::pbkdf2_hmac::<H>(key.secret_bytes(), salt, iterations, &mut out));
    Ok(out)
}

pub fn hkdf(key: &Key, alg: &Normalized, length: Option<u32>) -> Res<Zeroizing<Vec<u8>>> {
    let length = match length {
        Some(l) if l % 8 == 0 => l as usize / 8,
        _ => return Err(operation("HKDF length must be a multiple of 8.")),
    };
    let hash = hash_of(alg)?;
    if length > 255 * hash.output_len() {
        return Err(operation("HKDF length is too large for the hash."));
    }
    let salt = alg.salt.as_deref().unwrap_or_default();
    let info = alg.info.as_deref().unwrap_or_default();
    let mut out = Zeroizing::new(vec![0u8; length]);
    with_hash!(hash, H => hkdf::Hkdf::<H>::new(Some(salt), key.secret_bytes())
        .expand(info, &mut out)
        .map_err(|_| operation("HKDF length is too large for the hash.")))?;
    Ok(out)
}
