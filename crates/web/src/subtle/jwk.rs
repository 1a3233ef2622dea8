//! JSON Web Keys (RFC 7517/7518): the dictionary importKey and exportKey
//! use, its JSON form for wrapKey/unwrapKey, and the checks every key type
//! shares (kty, use, key_ops, ext).

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use rquickjs::{Array, Ctx, Object, Value};
use zeroize::Zeroizing;

use super::error::{data, Res};
use super::keys::{usage_list, USAGE_NAMES};

/// base64url without padding, as JWK members are written; decoding also
/// accepts padding, as browsers do.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub fn b64u(bytes: &[u8]) -> String {
    B64URL.encode(bytes)
}

pub fn b64u_decode(s: &str) -> Res<Zeroizing<Vec<u8>>> {
    B64URL
        .decode(s)
        .map(Zeroizing::new)
        .map_err(|_| data("Invalid base64url in JSON Web Key."))
}

/// A JsonWebKey dictionary. Members that can hold private key material are
/// zeroized on drop.
#[derive(Default)]
pub struct Jwk {
    pub kty: Option<String>,
    pub use_: Option<String>,
    pub key_ops: Option<Vec<String>>,
    pub alg: Option<String>,
    pub ext: Option<bool>,
    pub crv: Option<String>,
    pub x: Option<String>,
    pub y: Option<String>,
    pub n: Option<String>,
    pub e: Option<String>,
    pub d: Option<Zeroizing<String>>,
    pub p: Option<Zeroizing<String>>,
    pub q: Option<Zeroizing<String>>,
    pub dp: Option<Zeroizing<String>>,
    pub dq: Option<Zeroizing<String>>,
    pub qi: Option<Zeroizing<String>>,
    pub k: Option<Zeroizing<String>>,
    /// Whether `oth` (other RSA primes) was present.
    pub oth: bool,
}

fn secret(s: String) -> Option<Zeroizing<String>> {
    Some(Zeroizing::new(s))
}

impl Jwk {
    /// Reads a dictionary the JS glue already converted (every member a
    /// string, boolean or list of strings, absent members left out).
    pub fn from_js(obj: &Object<'_>) -> rquickjs::Result<Jwk> {
        let s = |k: &str| obj.get::<_, Option<String>>(k);
        Ok(Jwk {
            kty: s("kty")?,
            use_: s("use")?,
            key_ops: obj.get::<_, Option<Vec<String>>>("key_ops")?,
            alg: s("alg")?,
            ext: obj.get::<_, Option<bool>>("ext")?,
            crv: s("crv")?,
            x: s("x")?,
            y: s("y")?,
            n: s("n")?,
            e: s("e")?,
            d: s("d")?.and_then(secret),
            p: s("p")?.and_then(secret),
            q: s("q")?.and_then(secret),
            dp: s("dp")?.and_then(secret),
            dq: s("dq")?.and_then(secret),
            qi: s("qi")?.and_then(secret),
            k: s("k")?.and_then(secret),
            oth: obj.contains_key("oth")?,
        })
    }

    /// WebCrypto's "parse a JWK" for unwrapKey: JSON text to a JsonWebKey;
    /// anything malformed is a DataError.
    pub fn from_json(bytes: &[u8]) -> Res<Jwk> {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|_| data("The unwrapped key is not valid JSON."))?;
        let serde_json::Value::Object(mut map) = value else {
            return Err(data("The unwrapped key is not a JSON object."));
        };
        let s = |k: &str| -> Res<Option<String>> {
            match map.get(k) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(data(format!("JSON Web Key member '{k}' is not a string."))),
            }
        };
        let key_ops = match map.get("key_ops") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        data("JSON Web Key member 'key_ops' is not a list of strings.")
                    })?,
            ),
            Some(_) => return Err(data("JSON Web Key member 'key_ops' is not a list.")),
        };
        let ext = match map.get("ext") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Bool(b)) => Some(*b),
            Some(_) => return Err(data("JSON Web Key member 'ext' is not a boolean.")),
        };
        let jwk = Jwk {
            kty: s("kty")?,
            use_: s("use")?,
            key_ops,
            alg: s("alg")?,
            ext,
            crv: s("crv")?,
            x: s("x")?,
            y: s("y")?,
            n: s("n")?,
            e: s("e")?,
            d: s("d")?.and_then(secret),
            p: s("p")?.and_then(secret),
            q: s("q")?.and_then(secret),
            dp: s("dp")?.and_then(secret),
            dq: s("dq")?.and_then(secret),
            qi: s("qi")?.and_then(secret),
            k: s("k")?.and_then(secret),
            oth: map.contains_key("oth"),
        };
        // The parsed strings copy key material; scrub them.
        for (_, v) in map.iter_mut() {
            if let serde_json::Value::String(s) = v {
                zeroize::Zeroize::zeroize(s);
            }
        }
        if jwk.kty.is_none() {
            return Err(data("The JSON Web Key has no 'kty' member."));
        }
        Ok(jwk)
    }

    /// The members that are present, in a fixed order.
    fn members(&self) -> Vec<(&'static str, &str)> {
        fn secret(v: &Option<Zeroizing<String>>) -> Option<&str> {
            v.as_deref().map(String::as_str)
        }
        let all: [(&'static str, Option<&str>); 15] = [
            ("kty", self.kty.as_deref()),
            ("use", self.use_.as_deref()),
            ("alg", self.alg.as_deref()),
            ("crv", self.crv.as_deref()),
            ("x", self.x.as_deref()),
            ("y", self.y.as_deref()),
            ("n", self.n.as_deref()),
            ("e", self.e.as_deref()),
            ("d", secret(&self.d)),
            ("p", secret(&self.p)),
            ("q", secret(&self.q)),
            ("dp", secret(&self.dp)),
            ("dq", secret(&self.dq)),
            ("qi", secret(&self.qi)),
            ("k", secret(&self.k)),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    }

    pub fn to_js<'js>(&self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let obj = Object::new(ctx.clone())?;
        for (k, v) in self.members() {
            obj.set(k, v)?;
        }
        if let Some(ops) = &self.key_ops {
            let arr = Array::new(ctx.clone())?;
            for (i, op) in ops.iter().enumerate() {
                arr.set(i, op.as_str())?;
            }
            obj.set("key_ops", arr)?;
        }
        if let Some(ext) = self.ext {
            obj.set("ext", ext)?;
        }
        Ok(obj.into_value())
    }

    /// The JSON form wrapKey encrypts.
    pub fn to_json(&self) -> Zeroizing<Vec<u8>> {
        let mut map = serde_json::Map::new();
        for (k, v) in self.members() {
            map.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
        }
        if let Some(ops) = &self.key_ops {
            map.insert(
                "key_ops".to_owned(),
                serde_json::Value::Array(
                    ops.iter()
                        .map(|s| serde_json::Value::String(s.clone()))
                        .collect(),
                ),
            );
        }
        if let Some(ext) = self.ext {
            map.insert("ext".to_owned(), serde_json::Value::Bool(ext));
        }
        let json = serde_json::Value::Object(map);
        let bytes = Zeroizing::new(json.to_string().into_bytes());
        // The map's strings copy key material; scrub them.
        if let serde_json::Value::Object(mut map) = json {
            for (_, v) in map.iter_mut() {
                if let serde_json::Value::String(s) = v {
                    zeroize::Zeroize::zeroize(s);
                }
            }
        }
        bytes
    }

    /// The `key_ops` and `ext` members of an exported key.
    pub fn set_export_common(&mut self, usages: u8, extractable: bool) {
        self.key_ops = Some(usage_list(usages).into_iter().map(str::to_owned).collect());
        self.ext = Some(extractable);
    }

    pub fn check_kty(&self, kty: &str) -> Res<()> {
        if self.kty.as_deref() != Some(kty) {
            return Err(data(format!("The JSON Web Key's 'kty' must be \"{kty}\".")));
        }
        Ok(())
    }

    /// The `use`, `key_ops` and `ext` checks of every JWK import.
    pub fn check_common(&self, use_: &str, usages: u8, extractable: bool) -> Res<()> {
        if usages != 0 {
            if let Some(u) = &self.use_ {
                if u != use_ {
                    return Err(data(format!(
                        "The JSON Web Key's 'use' must be \"{use_}\"."
                    )));
                }
            }
        }
        if let Some(ops) = &self.key_ops {
            // Duplicates make key_ops invalid (RFC 7517 §4.3).
            for (i, op) in ops.iter().enumerate() {
                if ops[..i].contains(op) {
                    return Err(data("The JSON Web Key's 'key_ops' has duplicates."));
                }
            }
            for (i, name) in USAGE_NAMES.iter().enumerate() {
                if usages & (1 << i) != 0 && !ops.iter().any(|o| o == name) {
                    return Err(data(
                        "The JSON Web Key's 'key_ops' does not allow the requested usages.",
                    ));
                }
            }
        }
        if self.ext == Some(false) && extractable {
            return Err(data(
                "The JSON Web Key is not extractable ('ext' is false) but extractable was requested.",
            ));
        }
        Ok(())
    }
}

/// A required base64url member, decoded.
pub fn member(value: Option<&str>, name: &str) -> Res<Zeroizing<Vec<u8>>> {
    match value {
        Some(v) => b64u_decode(v),
        None => Err(data(format!("The JSON Web Key has no '{name}' member."))),
    }
}
