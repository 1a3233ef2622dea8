//! Shared fixtures: a temp folder holding nano.json and app folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use nanojs_config::{Config, ConfigError};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    /// The config file path (the file itself is not written).
    pub fn file(&self) -> PathBuf {
        self.dir.path().join("nano.json")
    }

    /// Creates `rel` (a folder) holding empty `files`.
    pub fn app(&self, rel: &str, files: &[&str]) -> PathBuf {
        let dir = self.dir.path().join(rel);
        std::fs::create_dir_all(&dir).unwrap();
        for f in files {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "export default {}").unwrap();
        }
        dir.canonicalize().unwrap()
    }

    pub fn parse(&self, json: &str) -> Result<Config, ConfigError> {
        Config::parse_with_env(json, &self.file(), &env)
    }

    pub fn ok(&self, json: &str) -> Config {
        match self.parse(json) {
            Ok(c) => c,
            Err(e) => panic!("expected success, got:\n{e}"),
        }
    }

    /// The error lines, each checked to start with the file name, which is
    /// then removed.
    pub fn errors(&self, json: &str) -> Vec<String> {
        let e = match self.parse(json) {
            Ok(c) => panic!("expected an error, got {c:?}"),
            Err(e) => e,
        };
        strip_file(&e, &self.file())
    }

    /// The only error line.
    pub fn error(&self, json: &str) -> String {
        let mut lines = self.errors(json);
        assert_eq!(lines.len(), 1, "expected one error, got {lines:#?}");
        lines.pop().unwrap()
    }
}

pub fn strip_file(e: &ConfigError, file: &Path) -> Vec<String> {
    let prefix = format!("{}: ", file.display());
    e.to_string()
        .lines()
        .map(|l| {
            l.strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{l:?} does not start with {prefix:?}"))
                .to_string()
        })
        .collect()
}

/// A fake environment for `token_env`.
pub fn env(name: &str) -> Option<String> {
    match name {
        "TOKEN" => Some("s3cret-token".into()),
        "EMPTY" => Some(String::new()),
        "SPACES" => Some("has spaces".into()),
        _ => None,
    }
}
