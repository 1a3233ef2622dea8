//! Key material as Rust holds it. A CryptoKey in JS carries only an opaque
//! handle to a [`Key`]; the bytes never become JS-visible unless exported.

use zeroize::Zeroizing;

use super::digest::Hash;
use super::ec::{EcPublic, EcSecret};
use super::error::{not_supported, syntax, Res};
use super::jwk::Jwk;

/// KeyUsage bits, in the order of the KeyUsage enumeration (which is also the
/// order of a key's `usages` list).
pub const ENCRYPT: u8 = 1;
pub const DECRYPT: u8 = 2;
pub const SIGN: u8 = 4;
pub const VERIFY: u8 = 8;
pub const DERIVE_KEY: u8 = 16;
pub const DERIVE_BITS: u8 = 32;
pub const WRAP_KEY: u8 = 64;
pub const UNWRAP_KEY: u8 = 128;

pub const USAGE_NAMES: [&str; 8] = [
    "encrypt",
    "decrypt",
    "sign",
    "verify",
    "deriveKey",
    "deriveBits",
    "wrapKey",
    "unwrapKey",
];

/// The usage names in `mask`, in enumeration order.
pub fn usage_list(mask: u8) -> Vec<&'static str> {
    (0..8)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| USAGE_NAMES[i])
        .collect()
}

/// SyntaxError unless every usage in `usages` is in `allowed`.
pub fn check_usages(usages: u8, allowed: u8) -> Res<()> {
    if usages & !allowed != 0 {
        return Err(syntax(
            "Cannot create a key using the specified key usages.",
        ));
    }
    Ok(())
}

/// SyntaxError for a secret or private key without usages.
pub fn require_usages(usages: u8) -> Res<()> {
    if usages == 0 {
        return Err(syntax("Usages cannot be empty when creating a key."));
    }
    Ok(())
}

/// Registered algorithms that keys can belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlgName {
    RsassaPkcs1,
    RsaPss,
    RsaOaep,
    Ecdsa,
    Ecdh,
    Ed25519,
    X25519,
    Ed448,
    X448,
    AesCtr,
    AesCbc,
    AesGcm,
    AesKw,
    Hmac,
    Pbkdf2,
    Hkdf,
}

impl AlgName {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "RSASSA-PKCS1-v1_5" => AlgName::RsassaPkcs1,
            "RSA-PSS" => AlgName::RsaPss,
            "RSA-OAEP" => AlgName::RsaOaep,
            "ECDSA" => AlgName::Ecdsa,
            "ECDH" => AlgName::Ecdh,
            "Ed25519" => AlgName::Ed25519,
            "X25519" => AlgName::X25519,
            "Ed448" => AlgName::Ed448,
            "X448" => AlgName::X448,
            "AES-CTR" => AlgName::AesCtr,
            "AES-CBC" => AlgName::AesCbc,
            "AES-GCM" => AlgName::AesGcm,
            "AES-KW" => AlgName::AesKw,
            "HMAC" => AlgName::Hmac,
            "PBKDF2" => AlgName::Pbkdf2,
            "HKDF" => AlgName::Hkdf,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            AlgName::RsassaPkcs1 => "RSASSA-PKCS1-v1_5",
            AlgName::RsaPss => "RSA-PSS",
            AlgName::RsaOaep => "RSA-OAEP",
            AlgName::Ecdsa => "ECDSA",
            AlgName::Ecdh => "ECDH",
            AlgName::Ed25519 => "Ed25519",
            AlgName::X25519 => "X25519",
            AlgName::Ed448 => "Ed448",
            AlgName::X448 => "X448",
            AlgName::AesCtr => "AES-CTR",
            AlgName::AesCbc => "AES-CBC",
            AlgName::AesGcm => "AES-GCM",
            AlgName::AesKw => "AES-KW",
            AlgName::Hmac => "HMAC",
            AlgName::Pbkdf2 => "PBKDF2",
            AlgName::Hkdf => "HKDF",
        }
    }

    pub fn is_aes(self) -> bool {
        matches!(
            self,
            AlgName::AesCtr | AlgName::AesCbc | AlgName::AesGcm | AlgName::AesKw
        )
    }

    /// The RFC 8410 curves (kty "OKP").
    pub fn is_okp(self) -> bool {
        matches!(
            self,
            AlgName::Ed25519 | AlgName::X25519 | AlgName::Ed448 | AlgName::X448
        )
    }

    pub fn is_rsa(self) -> bool {
        matches!(
            self,
            AlgName::RsassaPkcs1 | AlgName::RsaPss | AlgName::RsaOaep
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Public,
    Private,
    Secret,
}

impl KeyType {
    pub fn name(self) -> &'static str {
        match self {
            KeyType::Public => "public",
            KeyType::Private => "private",
            KeyType::Secret => "secret",
        }
    }
}

/// Key bytes or parsed keys. The crates' private key types zeroize
/// themselves on drop; secret bytes are wrapped in `Zeroizing`.
pub enum Material {
    Secret(Zeroizing<Vec<u8>>),
    RsaPrivate(Box<rsa::RsaPrivateKey>),
    RsaPublic(rsa::RsaPublicKey),
    EcPrivate(EcSecret),
    EcPublic(EcPublic),
    Ed25519Private(Box<ed25519_dalek::SigningKey>),
    Ed25519Public(ed25519_dalek::VerifyingKey),
    X25519Private(Box<x25519_dalek::StaticSecret>),
    X25519Public(x25519_dalek::PublicKey),
    Ed448Private(Box<ed448_goldilocks_plus::SigningKey>),
    Ed448Public(Box<ed448_goldilocks_plus::VerifyingKey>),
    X448Private(Zeroizing<[u8; 56]>),
    X448Public([u8; 56]),
}

pub struct Key {
    pub alg: AlgName,
    /// The hash of an HMAC or RSA key.
    pub hash: Option<Hash>,
    /// The length in bits of an HMAC key (which need not be whole bytes).
    pub length: u32,
    pub material: Material,
}

impl Key {
    pub fn new(alg: AlgName, material: Material) -> Self {
        Key {
            alg,
            hash: None,
            length: 0,
            material,
        }
    }

    pub fn secret(alg: AlgName, bytes: Zeroizing<Vec<u8>>) -> Self {
        let length = (bytes.len() * 8) as u32;
        Key {
            alg,
            hash: None,
            length,
            material: Material::Secret(bytes),
        }
    }

    pub fn key_type(&self) -> KeyType {
        match self.material {
            Material::Secret(_) => KeyType::Secret,
            Material::RsaPrivate(_)
            | Material::EcPrivate(_)
            | Material::Ed25519Private(_)
            | Material::X25519Private(_)
            | Material::Ed448Private(_)
            | Material::X448Private(_) => KeyType::Private,
            Material::RsaPublic(_)
            | Material::EcPublic(_)
            | Material::Ed25519Public(_)
            | Material::X25519Public(_)
            | Material::Ed448Public(_)
            | Material::X448Public(_) => KeyType::Public,
        }
    }

    pub fn secret_bytes(&self) -> &[u8] {
        match &self.material {
            Material::Secret(b) => b,
            _ => &[],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Raw,
    Spki,
    Pkcs8,
    Jwk,
}

impl Format {
    pub fn from_name(name: &str) -> Res<Self> {
        Ok(match name {
            "raw" => Format::Raw,
            "spki" => Format::Spki,
            "pkcs8" => Format::Pkcs8,
            "jwk" => Format::Jwk,
            _ => return Err(not_supported("Unsupported key format.")),
        })
    }
}

/// What importKey reads: bytes for raw/spki/pkcs8, a JWK for jwk.
pub enum KeyData {
    Bytes(Zeroizing<Vec<u8>>),
    Jwk(Box<Jwk>),
}

impl KeyData {
    pub fn bytes(&self) -> Res<&[u8]> {
        match self {
            KeyData::Bytes(b) => Ok(b),
            KeyData::Jwk(_) => Err(super::error::data("Expected key bytes.")),
        }
    }

    pub fn jwk(&self) -> Res<&Jwk> {
        match self {
            KeyData::Jwk(j) => Ok(j),
            KeyData::Bytes(_) => Err(super::error::data("Expected a JSON Web Key.")),
        }
    }
}

/// What exportKey produces.
pub enum Exported {
    Bytes(Zeroizing<Vec<u8>>),
    Jwk(Box<Jwk>),
}

/// Parameters for importing a key: what importKey, deriveKey and unwrapKey
/// share.
pub struct ImportArgs<'a> {
    pub format: Format,
    pub data: KeyData,
    pub extractable: bool,
    pub usages: u8,
    pub alg: &'a super::Normalized,
}
