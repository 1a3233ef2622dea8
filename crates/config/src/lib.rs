//! nanojs server configuration: strict `nano.json` parsing and validation,
//! and routing a Host header to an app. The format is documented in
//! docs/config.md.
//!
//! Everything is checked up front, so a server that starts has a config that
//! makes sense: unknown fields, wrong types, out-of-range limits, clashing
//! host names and missing folders or scripts are all errors, and every error
//! names the file, the field and what was expected.

mod error;
mod host;
mod json;
mod paths;
mod router;
mod unique;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value};

pub use error::{ConfigError, Issue};
pub use host::{normalize_bind_host, normalize_hostname};
pub use router::Router;

/// The default `port`.
pub const DEFAULT_PORT: u16 = 8080;
/// The default `host` and `admin.host`.
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// The default `admin.port`.
pub const DEFAULT_ADMIN_PORT: u16 = 9090;
/// Script names tried, in order, when an app sets no `entry`.
pub const ENTRY_CANDIDATES: [&str; 7] = [
    "index.js",
    "index.mjs",
    "index.ts",
    "worker.js",
    "worker.ts",
    // Where `npm create cloudflare` puts a Worker.
    "src/index.js",
    "src/index.ts",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The file it was read from, as given; `None` for `single_app`.
    pub file: Option<PathBuf>,
    pub port: u16,
    /// Address to listen on: an IP (IPv6 without brackets) or a host name.
    pub host: String,
    /// `None`: one per core.
    pub workers: Option<usize>,
    pub defaults: Limits,
    pub apps: Vec<AppConfig>,
    pub default_app: Option<String>,
    /// `None`: no admin listener.
    pub admin: Option<AdminConfig>,
}

/// Per-app resource limits. `max_body_mb: 0` means requests may not carry a
/// body at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub timeout_ms: u64,
    pub cpu_ms: u64,
    pub memory_mb: u64,
    pub max_body_mb: u64,
    pub max_buffer_size_mb: u64,
    /// `fetch()` calls (redirect hops included) allowed per incoming request.
    pub max_subrequests: u64,
    /// Largest response body a `fetch()` may receive (decoded bytes).
    pub max_response_mb: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    /// Unique (ignoring case); letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// Canonical: lower case, no trailing dot; may be `*.suffix`.
    pub hostname: String,
    pub aliases: Vec<String>,
    /// Canonical absolute app folder. When `path` named a script, its folder.
    pub path: PathBuf,
    /// Canonical absolute script path.
    pub entry: PathBuf,
    pub env: Map<String, Value>,
    pub limits: Limits,
    /// Hosts `fetch()` may reach even when they resolve to loopback, private,
    /// link-local or unique-local addresses: canonical host names,
    /// `*.suffix` patterns, or IP addresses.
    pub outbound_allow: Vec<String>,
}

#[derive(Clone, PartialEq)]
pub struct AdminConfig {
    pub port: u16,
    pub host: String,
    /// `None`: every admin route except `/health` is off.
    pub token: Option<String>,
}

/// (name, min, max) of each limit, in the order they are documented.
pub(crate) const LIMIT_BOUNDS: [(&str, u64, u64); 7] = [
    ("timeout_ms", 1, 3_600_000),
    ("cpu_ms", 1, 600_000),
    ("memory_mb", 1, 65_536),
    ("max_body_mb", 0, 4_096),
    ("max_buffer_size_mb", 1, 4_096),
    ("max_subrequests", 0, 100_000),
    ("max_response_mb", 1, 65_536),
];

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout_ms: 30_000,
            cpu_ms: 50,
            memory_mb: 128,
            max_body_mb: 100,
            max_buffer_size_mb: 64,
            max_subrequests: 50,
            max_response_mb: 128,
        }
    }
}

const MIB: u64 = 1024 * 1024;

impl Limits {
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
    pub fn cpu(&self) -> Duration {
        Duration::from_millis(self.cpu_ms)
    }
    pub fn memory_bytes(&self) -> u64 {
        self.memory_mb * MIB
    }
    pub fn max_body_bytes(&self) -> u64 {
        self.max_body_mb * MIB
    }
    pub fn max_buffer_bytes(&self) -> u64 {
        self.max_buffer_size_mb * MIB
    }
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_mb * MIB
    }

    pub(crate) fn field_mut(&mut self, name: &str) -> &mut u64 {
        match name {
            "timeout_ms" => &mut self.timeout_ms,
            "cpu_ms" => &mut self.cpu_ms,
            "memory_mb" => &mut self.memory_mb,
            "max_body_mb" => &mut self.max_body_mb,
            "max_buffer_size_mb" => &mut self.max_buffer_size_mb,
            "max_subrequests" => &mut self.max_subrequests,
            "max_response_mb" => &mut self.max_response_mb,
            _ => unreachable!("not a limit: {name}"),
        }
    }
}

impl fmt::Debug for AdminConfig {
    // The token is a secret; keep it out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminConfig")
            .field("port", &self.port)
            .field("host", &self.host)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl AdminConfig {
    /// `host:port` to listen on (IPv6 in brackets).
    pub fn listen_addr(&self) -> String {
        host::join_host_port(&self.host, self.port)
    }
}

impl Config {
    /// Reads, parses and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            file: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses and validates config text. `file` names the file in messages
    /// and relative paths resolve against its folder. `admin.token_env` is
    /// read from the process environment.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
        Config::parse_with_env(text, file, &|name| std::env::var(name).ok())
    }

    /// `parse` with the environment given as a lookup function (for tests, or
    /// an embedder with its own notion of environment).
    pub fn parse_with_env(
        text: &str,
        file: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let root = json::parse(text, file)?;
        let base = folder_of(file);
        let mut ctx = validate::Ctx::new(env);
        let mut config = validate::config(&root, &base, &mut ctx);
        config.file = Some(file.to_path_buf());
        ctx.finish(Some(file), config)
    }

    /// A config serving one app (`nanojs serve ./my-app`): `path` is an app
    /// folder or a script, relative to the current folder. The app is named
    /// after the folder or the script's stem (characters outside the name
    /// charset become `-`), has host name `localhost`, and is the
    /// `default_app` so every Host reaches it.
    pub fn single_app(path: &Path) -> Result<Config, ConfigError> {
        let mut ctx = validate::Ctx::new(&|_| None);
        let base = folder_of(Path::new(""));
        let app = paths::single_app(path, &base, &mut ctx);
        let config = Config {
            file: None,
            port: DEFAULT_PORT,
            host: DEFAULT_HOST.to_string(),
            workers: None,
            defaults: Limits::default(),
            default_app: app.as_ref().map(|a| a.name.clone()),
            apps: app.into_iter().collect(),
            admin: None,
        };
        ctx.finish(None, config)
    }

    /// Re-checks what spans apps (valid, unique names and host names;
    /// `default_app` exists), e.g. after the admin API pushed an app.
    pub fn validate_apps(&self) -> Result<(), ConfigError> {
        let mut ctx = validate::Ctx::new(&|_| None);
        unique::apps_together(&self.apps, self.default_app.as_deref(), &mut ctx);
        ctx.finish(self.file.as_deref(), ())
    }

    /// Adds an app if its name and host names are free. Errors name the new
    /// app's fields (`hostname`, `aliases[0]`) without the file, as they come
    /// from a request rather than the config file.
    pub fn add_app(&mut self, app: AppConfig) -> Result<usize, ConfigError> {
        let mut ctx = validate::Ctx::new(&|_| None);
        unique::app_against(&self.apps, &app, &mut ctx);
        ctx.finish(None, ())?;
        self.apps.push(app);
        Ok(self.apps.len() - 1)
    }

    /// `host:port` to listen on (IPv6 in brackets).
    pub fn listen_addr(&self) -> String {
        host::join_host_port(&self.host, self.port)
    }

    /// A router for the current apps.
    pub fn router(&self) -> Router {
        Router::new(&self.apps, self.default_app.as_deref())
    }
}

impl AppConfig {
    /// One app from JSON (the admin API's `POST /admin/apps`): the same
    /// fields and rules as an entry of `apps`, relative paths against `base`,
    /// missing limits from `defaults`. Messages name fields without a prefix
    /// (`hostname`, `aliases[1]`). Uniqueness against other apps is checked by
    /// `Config::add_app` / `Config::validate_apps`.
    pub fn from_json(
        value: &Value,
        base: &Path,
        defaults: &Limits,
    ) -> Result<AppConfig, ConfigError> {
        let mut ctx = validate::Ctx::new(&|_| None);
        let base = folder_of_dir(base);
        let app = validate::app(value, "", &base, defaults, &mut ctx);
        match app {
            Some(app) => ctx.finish(None, app),
            None => Err(ctx.into_error(None)),
        }
    }
}

/// The absolute folder holding `file` (relative paths in it resolve there).
fn folder_of(file: &Path) -> PathBuf {
    folder_of_dir(file.parent().unwrap_or(Path::new("")))
}

fn folder_of_dir(dir: &Path) -> PathBuf {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}
