//! SHA-1 and SHA-2: the `digest` operation, and the hash that HMAC, the KDFs,
//! ECDSA and RSA are parameterised with.

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// Runs `$body` with `$h` bound to the RustCrypto type of `$hash`.
macro_rules! with_hash {
    ($hash:expr, $h:ident => $body:expr) => {
        match $hash {
            $crate::subtle::digest::Hash::Sha1 => {
                type $h = ::sha1::Sha1;
                $body
            }
            $crate::subtle::digest::Hash::Sha256 => {
                type $h = ::sha2::Sha256;
                $body
            }
            $crate::subtle::digest::Hash::Sha384 => {
                type $h = ::sha2::Sha384;
                $body
            }
            $crate::subtle::digest::Hash::Sha512 => {
                type $h = ::sha2::Sha512;
                $body
            }
        }
    };
}
pub(crate) use with_hash;

impl Hash {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "SHA-1" => Hash::Sha1,
            "SHA-256" => Hash::Sha256,
            "SHA-384" => Hash::Sha384,
            "SHA-512" => Hash::Sha512,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    /// Output size in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// Block size in bits: HMAC's default key length.
    pub fn block_bits(self) -> u32 {
        match self {
            Hash::Sha1 | Hash::Sha256 => 512,
            Hash::Sha384 | Hash::Sha512 => 1024,
        }
    }

    /// The suffix of JWK `alg` names ("HS256", "RS1", "RSA-OAEP-384"...).
    pub fn jwk_suffix(self) -> &'static str {
        match self {
            Hash::Sha1 => "1",
            Hash::Sha256 => "256",
            Hash::Sha384 => "384",
            Hash::Sha512 => "512",
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => Sha1::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}
