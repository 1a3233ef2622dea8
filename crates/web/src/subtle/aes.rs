//! AES (FIPS 197) keys and the modes WebCrypto defines over them: CTR and CBC
//! (SP 800-38A), GCM (SP 800-38D) and key wrap (RFC 3394).
//!
//! GCM is assembled here from the `aes`, `ctr` and `ghash` crates rather than
//! taken from `aes-gcm`, which only offers fixed IV and tag sizes; WebCrypto
//! allows IVs of any length and tags of 32 to 128 bits.

use aes::cipher::consts::U16;
use aes::cipher::{BlockEncrypt, KeyInit, KeyIvInit, StreamCipher};
use aes::{Aes128, Aes192, Aes256};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut};
use ghash::universal_hash::UniversalHash;
use ghash::GHash;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::error::{data, not_supported, operation, Res};
use super::jwk::{b64u, member, Jwk};
use super::keys::{
    check_usages, require_usages, AlgName, Exported, Format, ImportArgs, Key, DECRYPT, ENCRYPT,
    UNWRAP_KEY, WRAP_KEY,
};
use super::{random_bytes, Normalized};

/// Runs `$body` with `$c` bound to the AES variant for `$key`'s length.
macro_rules! with_aes {
    ($key:expr, $c:ident => $body:expr) => {
        match $key.len() {
            16 => {
                type $c = Aes128;
                $body
            }
            24 => {
                type $c = Aes192;
                $body
            }
            32 => {
                type $c = Aes256;
                $body
            }
            _ => Err(operation("Invalid AES key length.")),
        }
    };
}

fn allowed_usages(alg: AlgName) -> u8 {
    if alg == AlgName::AesKw {
        WRAP_KEY | UNWRAP_KEY
    } else {
        ENCRYPT | DECRYPT | WRAP_KEY | UNWRAP_KEY
    }
}

/// The JWK `alg` for a key of `bits` bits: "A128GCM", "A256KW"...
fn jwk_alg(alg: AlgName, bits: usize) -> String {
    let mode = match alg {
        AlgName::AesCtr => "CTR",
        AlgName::AesCbc => "CBC",
        AlgName::AesGcm => "GCM",
        _ => "KW",
    };
    format!("A{bits}{mode}")
}

fn alg_name(alg: &Normalized) -> AlgName {
    AlgName::from_name(&alg.name).unwrap_or(AlgName::AesGcm)
}

pub fn generate(alg: &Normalized, usages: u8) -> Res<Key> {
    let name = alg_name(alg);
    check_usages(usages, allowed_usages(name))?;
    let length = key_length(alg)?;
    require_usages(usages)?;
    Ok(Key::secret(name, random_bytes(length as usize / 8)?))
}

pub fn import(args: &ImportArgs<'_>) -> Res<Key> {
    let name = alg_name(args.alg);
    check_usages(args.usages, allowed_usages(name))?;
    let bytes: Zeroizing<Vec<u8>> = match args.format {
        Format::Raw => {
            let b = args.data.bytes()?;
            if ![16, 24, 32].contains(&b.len()) {
                return Err(data("AES key data must be 128, 192 or 256 bits long."));
            }
            Zeroizing::new(b.to_vec())
        }
        Format::Jwk => {
            let jwk = args.data.jwk()?;
            jwk.check_kty("oct")?;
            let k = member(jwk.k.as_deref().map(String::as_str), "k")?;
            if ![16, 24, 32].contains(&k.len()) {
                return Err(data("AES key data must be 128, 192 or 256 bits long."));
            }
            if let Some(a) = &jwk.alg {
                if *a != jwk_alg(name, k.len() * 8) {
                    return Err(data("The JSON Web Key's 'alg' does not match the key."));
                }
            }
            jwk.check_common("enc", args.usages, args.extractable)?;
            k
        }
        _ => {
            return Err(not_supported(
                "AES keys can only be imported as raw or jwk.",
            ))
        }
    };
    Ok(Key::secret(name, bytes))
}

pub fn export(key: &Key, format: Format, extractable: bool, usages: u8) -> Res<Exported> {
    let bytes = key.secret_bytes();
    match format {
        Format::Raw => Ok(Exported::Bytes(Zeroizing::new(bytes.to_vec()))),
        Format::Jwk => {
            let mut jwk = Jwk {
                kty: Some("oct".into()),
                k: Some(Zeroizing::new(b64u(bytes))),
                alg: Some(jwk_alg(key.alg, bytes.len() * 8)),
                ..Default::default()
            };
            jwk.set_export_common(usages, extractable);
            Ok(Exported::Jwk(Box::new(jwk)))
        }
        _ => Err(not_supported(
            "AES keys can only be exported as raw or jwk.",
        )),
    }
}

/// "get key length": the `length` member, which must be a valid AES size.
pub fn key_length(alg: &Normalized) -> Res<u32> {
    match alg.length {
        Some(l @ (128 | 192 | 256)) => Ok(l),
        _ => Err(operation("AES key length must be 128, 192 or 256 bits.")),
    }
}

// --- CTR ---------------------------------------------------------------------------

/// AES-CTR with the rightmost `length` bits of `counter` as the counter; the
/// rest of the block stays fixed. Encryption and decryption are the same.
pub fn ctr(key: &[u8], counter: &[u8], length: u32, input: &[u8]) -> Res<Vec<u8>> {
    let counter: [u8; 16] = counter
        .try_into()
        .map_err(|_| operation("AES-CTR counter must be 16 bytes."))?;
    if length == 0 || length > 128 {
        return Err(operation("AES-CTR length must be between 1 and 128."));
    }
    let blocks = input.len().div_ceil(16) as u128;
    let mask = if length == 128 {
        u128::MAX
    } else {
        (1u128 << length) - 1
    };
    // Counter blocks must not repeat under one key.
    if length < 128 && blocks > mask + 1 {
        return Err(operation(
            "AES-CTR input is too long for the counter length.",
        ));
    }
    let start = u128::from_be_bytes(counter);
    // Blocks before the counter bits wrap: a plain 128-bit counter gives the
    // same blocks, since no carry leaves the counter bits.
    let before_wrap = if length == 128 {
        blocks
    } else {
        (mask - (start & mask) + 1).min(blocks)
    };
    let split = ((before_wrap * 16) as usize).min(input.len());
    let mut out = input.to_vec();
    with_aes!(key, C => {
        let (head, tail) = out.split_at_mut(split);
        ctr::Ctr128BE::<C>::new(key.into(), &counter.into()).apply_keystream(head);
        if !tail.is_empty() {
            let wrapped = (start & !mask).to_be_bytes();
            ctr::Ctr128BE::<C>::new(key.into(), &wrapped.into()).apply_keystream(tail);
        }
        Ok(())
    })?;
    Ok(out)
}

// --- CBC ---------------------------------------------------------------------------

fn cbc_iv(iv: &[u8]) -> Res<[u8; 16]> {
    iv.try_into()
        .map_err(|_| operation("AES-CBC iv must be 16 bytes."))
}

pub fn cbc_encrypt(key: &[u8], iv: &[u8], input: &[u8]) -> Res<Vec<u8>> {
    let iv = cbc_iv(iv)?;
    with_aes!(key, C => Ok(cbc::Encryptor::<C>::new(key.into(), &iv.into())
        .encrypt_padded_vec_mut::<Pkcs7>(input)))
}

pub fn cbc_decrypt(key: &[u8], iv: &[u8], input: &[u8]) -> Res<Vec<u8>> {
    let iv = cbc_iv(iv)?;
    with_aes!(key, C => cbc::Decryptor::<C>::new(key.into(), &iv.into())
        .decrypt_padded_vec_mut::<Pkcs7>(input)
        .map_err(|_| operation("AES-CBC decryption failed: bad padding or length.")))
}

// --- GCM ---------------------------------------------------------------------------

/// GCM's plaintext limit: 2^39 - 256 bits.
const GCM_MAX_BYTES: u64 = ((1u64 << 39) - 256) / 8;

fn tag_bytes(tag_length: Option<u32>) -> Res<usize> {
    match tag_length.unwrap_or(128) {
        t @ (32 | 64 | 96 | 104 | 112 | 120 | 128) => Ok(t as usize / 8),
        _ => Err(operation(
            "AES-GCM tagLength must be 32, 64, 96, 104, 112, 120 or 128.",
        )),
    }
}

/// E(K, J0) and the counter block the payload starts at, for one IV.
struct Gcm {
    h: [u8; 16],
    tag_mask: [u8; 16],
    first_counter: [u8; 16],
}

fn ghash(h: &[u8; 16], aad: &[u8], text: &[u8]) -> [u8; 16] {
    let mut g = GHash::new(h.into());
    g.update_padded(aad);
    g.update_padded(text);
    let mut lens = [0u8; 16];
    lens[..8].copy_from_slice(&((aad.len() as u64) * 8).to_be_bytes());
    lens[8..].copy_from_slice(&((text.len() as u64) * 8).to_be_bytes());
    g.update(&[lens.into()]);
    g.finalize().into()
}

fn gcm_setup<C: BlockEncrypt<BlockSize = U16> + KeyInit>(key: &[u8], iv: &[u8]) -> Res<(C, Gcm)> {
    let cipher = C::new_from_slice(key).map_err(|_| operation("Invalid AES key length."))?;
    let mut h = [0u8; 16];
    cipher.encrypt_block((&mut h).into());
    let j0: [u8; 16] = if iv.len() == 12 {
        let mut j = [0u8; 16];
        j[..12].copy_from_slice(iv);
        j[15] = 1;
        j
    } else {
        ghash(&h, &[], iv)
    };
    let mut tag_mask = j0;
    cipher.encrypt_block((&mut tag_mask).into());
    let mut first_counter = j0;
    let c = u32::from_be_bytes(j0[12..].try_into().expect("4 bytes")).wrapping_add(1);
    first_counter[12..].copy_from_slice(&c.to_be_bytes());
    Ok((
        cipher,
        Gcm {
            h,
            tag_mask,
            first_counter,
        },
    ))
}

fn gcm_checks(iv: &[u8], text_len: usize) -> Res<()> {
    if iv.is_empty() {
        return Err(operation("AES-GCM iv must not be empty."));
    }
    if text_len as u64 > GCM_MAX_BYTES {
        return Err(operation("AES-GCM input is too long."));
    }
    Ok(())
}

pub fn gcm_encrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    tag_length: Option<u32>,
    input: &[u8],
) -> Res<Vec<u8>> {
    let tag_len = tag_bytes(tag_length)?;
    gcm_checks(iv, input.len())?;
    with_aes!(key, C => {
        let (_, g) = gcm_setup::<C>(key, iv)?;
        let mut out = Vec::with_capacity(input.len() + tag_len);
        out.extend_from_slice(input);
        ctr::Ctr32BE::<C>::new(key.into(), &g.first_counter.into()).apply_keystream(&mut out);
        let s = ghash(&g.h, aad, &out);
        let tag: Vec<u8> = s.iter().zip(g.tag_mask.iter()).map(|(a, b)| a ^ b).collect();
        out.extend_from_slice(&tag[..tag_len]);
        Ok(out)
    })
}

pub fn gcm_decrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    tag_length: Option<u32>,
    input: &[u8],
) -> Res<Vec<u8>> {
    let tag_len = tag_bytes(tag_length)?;
    if input.len() < tag_len {
        return Err(operation("AES-GCM ciphertext is shorter than the tag."));
    }
    gcm_checks(iv, input.len() - tag_len)?;
    let (text, tag) = input.split_at(input.len() - tag_len);
    with_aes!(key, C => {
        let (_, g) = gcm_setup::<C>(key, iv)?;
        let s = ghash(&g.h, aad, text);
        let expected: Vec<u8> = s.iter().zip(g.tag_mask.iter()).map(|(a, b)| a ^ b).collect();
        if !bool::from(expected[..tag_len].ct_eq(tag)) {
            return Err(operation("AES-GCM authentication failed."));
        }
        let mut out = text.to_vec();
        ctr::Ctr32BE::<C>::new(key.into(), &g.first_counter.into()).apply_keystream(&mut out);
        Ok(out)
    })
}

// --- KW ----------------------------------------------------------------------------

pub fn kw_wrap(key: &[u8], input: &[u8]) -> Res<Vec<u8>> {
    if input.len() < 16 || !input.len().is_multiple_of(8) {
        return Err(operation(
            "AES-KW input must be a multiple of 8 bytes, at least 16.",
        ));
    }
    with_aes!(key, C => aes_kw::Kek::<C>::new(key.into())
        .wrap_vec(input)
        .map_err(|_| operation("AES-KW wrapping failed.")))
}

pub fn kw_unwrap(key: &[u8], input: &[u8]) -> Res<Vec<u8>> {
    if input.len() < 24 || !input.len().is_multiple_of(8) {
        return Err(operation(
            "AES-KW input must be a multiple of 8 bytes, at least 24.",
        ));
    }
    with_aes!(key, C => aes_kw::Kek::<C>::new(key.into())
        .unwrap_vec(input)
        .map_err(|_| operation("AES-KW unwrapping failed: integrity check failed.")))
}
