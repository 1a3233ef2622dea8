//! wptserve's stash: a write-once, read-once store shared by all requests,
//! keyed by (path, UUID). Handlers use it to pass state between requests
//! (e.g. "has the connection of that other request closed?").

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;

#[derive(Default)]
pub struct Stash(Mutex<HashMap<(String, String), Value>>);

/// Why a stash operation failed (a handler answers 500, as wptserve does).
#[derive(Debug, PartialEq, Eq)]
pub struct StashError(pub String);

/// wptserve keys are UUIDs, stored in their canonical form.
fn wrap_key(key: &str, path: &str) -> Result<(String, String), StashError> {
    let uuid = uuid::Uuid::parse_str(key.trim())
        .map_err(|_| StashError(format!("stash key {key:?} is not a UUID")))?;
    Ok((path.to_string(), uuid.hyphenated().to_string()))
}

impl Stash {
    /// `stash.put(key, value, path)`; a key is written once.
    pub fn put(&self, key: &str, value: Value, path: &str) -> Result<(), StashError> {
        if value.is_null() {
            return Err(StashError("stash values may not be None".into()));
        }
        let k = wrap_key(key, path)?;
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.contains_key(&k) {
            return Err(StashError(format!(
                "tried to overwrite the stash value for {key} at {path}"
            )));
        }
        map.insert(k, value);
        Ok(())
    }

    /// `stash.take(key, path)`: removes and returns the value (None if absent).
    pub fn take(&self, key: &str, path: &str) -> Result<Option<Value>, StashError> {
        let k = wrap_key(key, path)?;
        Ok(self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(&k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_once_read_once() {
        let s = Stash::default();
        let key = "0F8D7A5C-1F1E-4C83-9C43-5A1A2B3C4D5E";
        assert_eq!(s.take(key, "/a/"), Ok(None));
        s.put(key, "open".into(), "/a/").unwrap();
        assert!(s.put(key, "x".into(), "/a/").is_err());
        assert_eq!(s.take(key, "/b/"), Ok(None));
        // The same UUID in another spelling.
        assert_eq!(
            s.take("0f8d7a5c1f1e4c839c435a1a2b3c4d5e", "/a/"),
            Ok(Some("open".into()))
        );
        assert_eq!(s.take(key, "/a/"), Ok(None));
        assert!(s.put("not-a-uuid", "x".into(), "/a/").is_err());
    }
}
