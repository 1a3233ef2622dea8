//! RSA (RFC 8017) with RustCrypto's `rsa`: RSASSA-PKCS1-v1_5 and RSA-PSS
//! signatures, RSA-OAEP encryption, and keys in spki, pkcs8 and jwk form.
//!
//! OAEP is implemented here over the crate's raw RSA primitive: the crate's
//! own OAEP takes the label as a UTF-8 string, while WebCrypto labels are
//! arbitrary bytes. Private-key operations use blinding.
//!
//! Known limitation: `rsa` 0.9 is not fully constant-time (RUSTSEC-2023-0071,
//! the "Marvin" timing side channel on decryption).

use der::asn1::ObjectIdentifier;
use rand_core::{OsRng, RngCore};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

use super::digest::{with_hash, Hash};
use super::error::{data, invalid_access, not_supported, operation, type_error, Res};
use super::jwk::{b64u, b64u_decode, member, Jwk};
use super::keys::{
    check_usages, require_usages, AlgName, Exported, Format, ImportArgs, Key, Material, DECRYPT,
    ENCRYPT, SIGN, UNWRAP_KEY, VERIFY, WRAP_KEY,
};
use super::Normalized;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// The largest modulus accepted, as in browsers.
const MAX_BITS: usize = 16384;

/// (usages a public key may have, usages a private key may have)
fn allowed(alg: AlgName) -> (u8, u8) {
    match alg {
        AlgName::RsaOaep => (ENCRYPT | WRAP_KEY, DECRYPT | UNWRAP_KEY),
        _ => (VERIFY, SIGN),
    }
}

fn hash_of(alg: &Normalized) -> Res<Hash> {
    alg.hash
        .ok_or_else(|| type_error("RSA needs a hash algorithm."))
}

fn name_of(alg: &Normalized) -> AlgName {
    AlgName::from_name(&alg.name).unwrap_or(AlgName::RsassaPkcs1)
}

fn jwk_alg(alg: AlgName, hash: Hash) -> String {
    match alg {
        AlgName::RsaOaep if hash == Hash::Sha1 => "RSA-OAEP".into(),
        AlgName::RsaOaep => format!("RSA-OAEP-{}", hash.jwk_suffix()),
        AlgName::RsaPss => format!("PS{}", hash.jwk_suffix()),
        _ => format!("RS{}", hash.jwk_suffix()),
    }
}

fn with_hash(mut key: Key, hash: Hash) -> Key {
    key.hash = Some(hash);
    key
}

pub fn generate(alg: &Normalized, usages: u8) -> Res<(Key, Key)> {
    let name = name_of(alg);
    let (public_allowed, private_allowed) = allowed(name);
    check_usages(usages, public_allowed | private_allowed)?;
    let hash = hash_of(alg)?;
    let bits = alg.modulus_length.unwrap_or(0) as usize;
    let exponent = alg.public_exponent.as_deref().unwrap_or_default();
    let e = BigUint::from_bytes_be(exponent);
    // Like browsers: the usual exponents only, and sizes that make sense.
    if e != BigUint::from(3u32) && e != BigUint::from(65537u32) {
        return Err(operation("The RSA public exponent must be 3 or 65537."));
    }
    if !(256..=MAX_BITS).contains(&bits) || !bits.is_multiple_of(8) {
        return Err(operation("Unsupported RSA modulus length."));
    }
    require_usages(usages & private_allowed)?;
    let private = RsaPrivateKey::new_with_exp(&mut OsRng, bits, &e)
        .map_err(|_| operation("RSA key generation failed."))?;
    let public = private.to_public_key();
    Ok((
        with_hash(Key::new(name, Material::RsaPublic(public)), hash),
        with_hash(
            Key::new(name, Material::RsaPrivate(Box::new(private))),
            hash,
        ),
    ))
}

fn uint(bytes: &[u8]) -> BigUint {
    BigUint::from_bytes_be(bytes)
}

fn public_key(n: BigUint, e: BigUint) -> Res<RsaPublicKey> {
    RsaPublicKey::new_with_max_size(n, e, MAX_BITS).map_err(|_| data("Invalid RSA public key."))
}

fn private_key(n: BigUint, e: BigUint, d: BigUint, primes: Vec<BigUint>) -> Res<RsaPrivateKey> {
    if n.bits() > MAX_BITS {
        return Err(data("The RSA modulus is too large."));
    }
    RsaPrivateKey::from_components(n, e, d, primes).map_err(|_| data("Invalid RSA private key."))
}

/// Checks the CRT values a key file carries against the ones computed from
/// its primes.
fn check_crt(key: &RsaPrivateKey, dp: &[u8], dq: &[u8], qi: &[u8]) -> Res<()> {
    let ok = key.dp().is_some_and(|v| *v == uint(dp))
        && key.dq().is_some_and(|v| *v == uint(dq))
        && key.crt_coefficient().is_some_and(|v| v == uint(qi));
    if !ok {
        return Err(data(
            "The RSA private key's CRT parameters are inconsistent.",
        ));
    }
    Ok(())
}

pub fn import(args: &ImportArgs<'_>) -> Res<Key> {
    let name = name_of(args.alg);
    let (public_allowed, private_allowed) = allowed(name);
    let hash = hash_of(args.alg)?;
    let material = match args.format {
        Format::Spki => {
            check_usages(args.usages, public_allowed)?;
            let spki = spki::SubjectPublicKeyInfoRef::try_from(args.data.bytes()?)
                .map_err(|_| data("Invalid SubjectPublicKeyInfo."))?;
            if spki.algorithm.oid != RSA_ENCRYPTION {
                return Err(data("The SubjectPublicKeyInfo is not an RSA key."));
            }
            let bits = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| data("Invalid RSA public key."))?;
            let k = rsa::pkcs1::RsaPublicKey::try_from(bits)
                .map_err(|_| data("Invalid RSAPublicKey."))?;
            Material::RsaPublic(public_key(
                uint(k.modulus.as_bytes()),
                uint(k.public_exponent.as_bytes()),
            )?)
        }
        Format::Pkcs8 => {
            check_usages(args.usages, private_allowed)?;
            let info = pkcs8::PrivateKeyInfo::try_from(args.data.bytes()?)
                .map_err(|_| data("Invalid PrivateKeyInfo."))?;
            if info.algorithm.oid != RSA_ENCRYPTION {
                return Err(data("The PrivateKeyInfo is not an RSA key."));
            }
            let k = rsa::pkcs1::RsaPrivateKey::try_from(info.private_key)
                .map_err(|_| data("Invalid RSAPrivateKey."))?;
            if k.other_prime_infos.is_some() {
                return Err(data("Multi-prime RSA keys are not supported."));
            }
            let key = private_key(
                uint(k.modulus.as_bytes()),
                uint(k.public_exponent.as_bytes()),
                uint(k.private_exponent.as_bytes()),
                vec![uint(k.prime1.as_bytes()), uint(k.prime2.as_bytes())],
            )?;
            check_crt(
                &key,
                k.exponent1.as_bytes(),
                k.exponent2.as_bytes(),
                k.coefficient.as_bytes(),
            )?;
            Material::RsaPrivate(Box::new(key))
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
            jwk.check_kty("RSA")?;
            let use_ = if name == AlgName::RsaOaep {
                "enc"
            } else {
                "sig"
            };
            jwk.check_common(use_, args.usages, args.extractable)?;
            if let Some(a) = &jwk.alg {
                let known = [Hash::Sha1, Hash::Sha256, Hash::Sha384, Hash::Sha512]
                    .into_iter()
                    .find(|h| jwk_alg(name, *h) == *a);
                match known {
                    Some(h) if h == hash => {}
                    _ => return Err(data("The JSON Web Key's 'alg' does not match.")),
                }
            }
            let n = uint(&member(jwk.n.as_deref(), "n")?);
            let e = uint(&member(jwk.e.as_deref(), "e")?);
            match &jwk.d {
                None => Material::RsaPublic(public_key(n, e)?),
                Some(d) => {
                    if jwk.oth {
                        return Err(not_supported("Multi-prime RSA keys are not supported."));
                    }
                    let d = uint(&b64u_decode(d)?);
                    let crt = [&jwk.p, &jwk.q, &jwk.dp, &jwk.dq, &jwk.qi];
                    let present = crt.iter().filter(|v| v.is_some()).count();
                    let key = match present {
                        0 => private_key(n, e, d, vec![])?,
                        5 => {
                            let get = |v: &Option<Zeroizing<String>>| {
                                b64u_decode(v.as_deref().map(String::as_str).unwrap_or_default())
                            };
                            let key = private_key(
                                n,
                                e,
                                d,
                                vec![uint(&get(&jwk.p)?), uint(&get(&jwk.q)?)],
                            )?;
                            check_crt(&key, &get(&jwk.dp)?, &get(&jwk.dq)?, &get(&jwk.qi)?)?;
                            key
                        }
                        _ => {
                            return Err(data(
                                "An RSA JSON Web Key needs all of p, q, dp, dq and qi, or none.",
                            ))
                        }
                    };
                    Material::RsaPrivate(Box::new(key))
                }
            }
        }
        Format::Raw => return Err(not_supported("RSA keys cannot be imported as raw.")),
    };
    Ok(with_hash(Key::new(name, material), hash))
}

pub fn export(key: &Key, format: Format, extractable: bool, usages: u8) -> Res<Exported> {
    let bytes = |v: Vec<u8>| Ok(Exported::Bytes(Zeroizing::new(v)));
    match (format, &key.material) {
        (Format::Spki, Material::RsaPublic(k)) => bytes(
            k.to_public_key_der()
                .map_err(|_| operation("Cannot encode the key."))?
                .as_bytes()
                .to_vec(),
        ),
        (Format::Pkcs8, Material::RsaPrivate(k)) => bytes(
            k.to_pkcs8_der()
                .map_err(|_| operation("Cannot encode the key."))?
                .as_bytes()
                .to_vec(),
        ),
        (Format::Spki, _) => Err(invalid_access("The key is not a public key.")),
        (Format::Pkcs8, _) => Err(invalid_access("The key is not a private key.")),
        (Format::Jwk, m) => {
            let secret = |v: &BigUint| Some(Zeroizing::new(b64u(&Zeroizing::new(v.to_bytes_be()))));
            let mut jwk = Jwk {
                kty: Some("RSA".into()),
                alg: key.hash.map(|h| jwk_alg(key.alg, h)),
                ..Default::default()
            };
            match m {
                Material::RsaPublic(k) => {
                    jwk.n = Some(b64u(&k.n().to_bytes_be()));
                    jwk.e = Some(b64u(&k.e().to_bytes_be()));
                }
                Material::RsaPrivate(k) => {
                    jwk.n = Some(b64u(&k.n().to_bytes_be()));
                    jwk.e = Some(b64u(&k.e().to_bytes_be()));
                    jwk.d = secret(k.d());
                    let primes = k.primes();
                    jwk.p = secret(&primes[0]);
                    jwk.q = secret(&primes[1]);
                    jwk.dp = k.dp().and_then(secret);
                    jwk.dq = k.dq().and_then(secret);
                    jwk.qi = k.crt_coefficient().as_ref().and_then(secret);
                }
                _ => return Err(operation("Not an RSA key.")),
            }
            jwk.set_export_common(usages, extractable);
            Ok(Exported::Jwk(Box::new(jwk)))
        }
        (Format::Raw, _) => Err(not_supported("RSA keys cannot be exported as raw.")),
    }
}

/// modulusLength and publicExponent of the key's algorithm dictionary.
pub fn params(key: &Key) -> Option<(usize, Vec<u8>)> {
    match &key.material {
        Material::RsaPublic(k) => Some((k.n().bits(), k.e().to_bytes_be())),
        Material::RsaPrivate(k) => Some((k.n().bits(), k.e().to_bytes_be())),
        _ => None,
    }
}

/// Signature schemes: PKCS#1 v1.5 when `salt` is None, else PSS.
pub fn sign(key: &Key, salt: Option<u32>, msg: &[u8]) -> Res<Vec<u8>> {
    let Material::RsaPrivate(k) = &key.material else {
        return Err(invalid_access("RSA signing needs a private key."));
    };
    let hash = key.hash.unwrap_or(Hash::Sha256);
    let hashed = hash.digest(msg);
    let result = with_hash!(hash, H => match salt {
        None => k.sign_with_rng(&mut OsRng, Pkcs1v15Sign::new::<H>(), &hashed),
        Some(s) => k.sign_with_rng(&mut OsRng, Pss::new_blinded_with_salt::<H>(s as usize), &hashed),
    });
    result.map_err(|_| operation("RSA signing failed (is saltLength too large?)."))
}

pub fn verify(key: &Key, salt: Option<u32>, signature: &[u8], msg: &[u8]) -> Res<bool> {
    let Material::RsaPublic(k) = &key.material else {
        return Err(invalid_access("RSA verification needs a public key."));
    };
    if signature.len() != k.size() || uint(signature) >= *k.n() {
        return Ok(false);
    }
    let hash = key.hash.unwrap_or(Hash::Sha256);
    let hashed = hash.digest(msg);
    Ok(with_hash!(hash, H => match salt {
        None => k.verify(Pkcs1v15Sign::new::<H>(), &hashed, signature),
        Some(s) => k.verify(Pss::new_with_salt::<H>(s as usize), &hashed, signature),
    })
    .is_ok())
}

// --- OAEP (RFC 8017 §7.1) -----------------------------------------------------------

fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + hash.output_len()));
    let mut counter: u32 = 0;
    let mut input = Zeroizing::new(Vec::with_capacity(seed.len() + 4));
    while out.len() < len {
        input.clear();
        input.extend_from_slice(seed);
        input.extend_from_slice(&counter.to_be_bytes());
        out.extend_from_slice(&Zeroizing::new(hash.digest(&input)));
        counter += 1;
    }
    out.truncate(len);
    out
}

fn xor(into: &mut [u8], mask: &[u8]) {
    for (a, b) in into.iter_mut().zip(mask) {
        *a ^= b;
    }
}

fn be_padded(v: &BigUint, len: usize) -> Res<Zeroizing<Vec<u8>>> {
    let b = Zeroizing::new(v.to_bytes_be());
    if b.len() > len {
        return Err(operation("RSA operation failed."));
    }
    let mut out = Zeroizing::new(vec![0u8; len - b.len()]);
    out.extend_from_slice(&b);
    Ok(out)
}

pub fn oaep_encrypt(key: &Key, label: &[u8], msg: &[u8]) -> Res<Vec<u8>> {
    let Material::RsaPublic(pk) = &key.material else {
        return Err(invalid_access("RSA-OAEP encryption needs a public key."));
    };
    let hash = key.hash.unwrap_or(Hash::Sha1);
    let h_len = hash.output_len();
    let k = pk.size();
    if k < 2 * h_len + 2 || msg.len() > k - 2 * h_len - 2 {
        return Err(operation(
            "The message is too long for RSA-OAEP with this key.",
        ));
    }
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (seed, db) = em[1..].split_at_mut(h_len);
    db[..h_len].copy_from_slice(&hash.digest(label));
    let msg_start = db.len() - msg.len();
    db[msg_start - 1] = 1;
    db[msg_start..].copy_from_slice(msg);
    OsRng.fill_bytes(seed);
    let db_mask = mgf1(hash, seed, db.len());
    xor(db, &db_mask);
    let seed_mask = mgf1(hash, db, h_len);
    xor(seed, &seed_mask);
    let m = Zeroizing::new(uint(&em));
    let c = rsa::hazmat::rsa_encrypt(pk, &m).map_err(|_| operation("RSA encryption failed."))?;
    Ok(be_padded(&c, k)?.to_vec())
}

pub fn oaep_decrypt(key: &Key, label: &[u8], ciphertext: &[u8]) -> Res<Vec<u8>> {
    let Material::RsaPrivate(sk) = &key.material else {
        return Err(invalid_access("RSA-OAEP decryption needs a private key."));
    };
    let fail = || operation("RSA-OAEP decryption failed.");
    let hash = key.hash.unwrap_or(Hash::Sha1);
    let h_len = hash.output_len();
    let k = sk.size();
    if ciphertext.len() != k || k < 2 * h_len + 2 {
        return Err(fail());
    }
    let c = uint(ciphertext);
    if c >= *sk.n() {
        return Err(fail());
    }
    let m = rsa::hazmat::rsa_decrypt_and_check(sk.as_ref(), Some(&mut OsRng), &c)
        .map_err(|_| fail())?;
    let mut em = be_padded(&m, k)?;
    let y = em[0];
    let (seed, db) = em[1..].split_at_mut(h_len);
    let seed_mask = mgf1(hash, db, h_len);
    xor(seed, &seed_mask);
    let db_mask = mgf1(hash, seed, db.len());
    xor(db, &db_mask);
    // Constant time over the padding, so failures do not reveal where.
    let l_hash = hash.digest(label);
    let mut good = y.ct_eq(&0) & db[..h_len].ct_eq(&l_hash);
    let mut looking = Choice::from(1);
    let mut index: u32 = 0;
    let mut invalid = Choice::from(0);
    for (i, b) in db[h_len..].iter().enumerate() {
        let is_one = b.ct_eq(&1);
        let is_zero = b.ct_eq(&0);
        index = u32::conditional_select(&index, &(i as u32), looking & is_one);
        invalid |= looking & !is_zero & !is_one;
        looking &= !is_one;
    }
    good &= !invalid & !looking;
    if !bool::from(good) {
        return Err(fail());
    }
    Ok(db[h_len + index as usize + 1..].to_vec())
}
