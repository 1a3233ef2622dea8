//! Walking the parsed JSON by hand rather than through serde derive: it lets
//! us report every problem at once, each with its field path and the value
//! we got, instead of serde's first error without a path.

use std::path::Path;

use serde_json::{Map, Value};

use crate::host::{normalize_bind_host, normalize_hostname};
use crate::json::{quote, show};
use crate::{
    AdminConfig, AppConfig, Config, ConfigError, Issue, Limits, DEFAULT_ADMIN_PORT, DEFAULT_HOST,
    DEFAULT_PORT, LIMIT_BOUNDS,
};

const TOP_FIELDS: &[&str] = &[
    "port",
    "host",
    "workers",
    "defaults",
    "apps",
    "default_app",
    "admin",
];
const LIMIT_FIELDS: &[&str] = &[
    "timeout_ms",
    "cpu_ms",
    "memory_mb",
    "max_body_mb",
    "max_buffer_size_mb",
    "max_subrequests",
    "max_response_mb",
];
const APP_FIELDS: &[&str] = &[
    "name",
    "hostname",
    "aliases",
    "path",
    "entry",
    "env",
    "outbound_allow",
    "timeout_ms",
    "cpu_ms",
    "memory_mb",
    "max_body_mb",
    "max_buffer_size_mb",
    "max_subrequests",
    "max_response_mb",
];
const ADMIN_FIELDS: &[&str] = &["port", "host", "token", "token_env"];
const MAX_WORKERS: u64 = 1024;
pub(crate) const MAX_NAME_LEN: usize = 64;
const NAME_CHARS: &str = "letters, digits, \".\", \"_\" and \"-\"";

pub(crate) struct Ctx<'e> {
    issues: Vec<Issue>,
    env: &'e dyn Fn(&str) -> Option<String>,
}

/// `parent.key`, or `key` at the top.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl<'e> Ctx<'e> {
    pub(crate) fn new(env: &'e dyn Fn(&str) -> Option<String>) -> Ctx<'e> {
        Ctx {
            issues: Vec::new(),
            env,
        }
    }

    pub(crate) fn err(&mut self, field: &str, message: impl Into<String>) {
        self.issues.push(Issue::new(field, message));
    }

    pub(crate) fn finish<T>(self, file: Option<&Path>, value: T) -> Result<T, ConfigError> {
        if self.issues.is_empty() {
            Ok(value)
        } else {
            Err(self.into_error(file))
        }
    }

    pub(crate) fn into_error(self, file: Option<&Path>) -> ConfigError {
        ConfigError::Invalid {
            file: file.map(Path::to_path_buf),
            issues: self.issues,
        }
    }

    /// `v` as an object whose keys are all in `allowed`.
    fn object<'v>(
        &mut self,
        field: &str,
        v: &'v Value,
        expected: &str,
        allowed: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Value::Object(map) = v else {
            self.err(field, format!("expected {expected}, got {}", show(v)));
            return None;
        };
        for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
            let at = if field.is_empty() {
                " at top level"
            } else {
                ""
            };
            let mut msg = format!(
                "unknown field {}{at}; expected one of {}",
                quote(key),
                allowed.join(", ")
            );
            if let Some(s) = suggest(key, allowed) {
                msg.push_str(&format!(" (did you mean \"{s}\"?)"));
            }
            self.err(field, msg);
        }
        Some(map)
    }

    fn int(&mut self, field: &str, v: &Value, min: u64, max: u64) -> Option<u64> {
        match v.as_u64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.err(
                    field,
                    format!("expected an integer from {min} to {max}, got {}", show(v)),
                );
                None
            }
        }
    }

    fn string<'v>(&mut self, field: &str, v: &'v Value, expected: &str) -> Option<&'v str> {
        match v {
            Value::String(s) => Some(s),
            _ => {
                self.err(field, format!("expected {expected}, got {}", show(v)));
                None
            }
        }
    }

    /// Limit fields present in `map` override `limits`.
    fn limits(&mut self, prefix: &str, map: &Map<String, Value>, limits: &mut Limits) {
        for (name, min, max) in LIMIT_BOUNDS {
            if let Some(v) = map.get(name) {
                if let Some(n) = self.int(&join(prefix, name), v, min, max) {
                    *limits.field_mut(name) = n;
                }
            }
        }
    }

    fn bind_host(&mut self, field: &str, v: &Value) -> Option<String> {
        let s = self.string(field, v, "an IP address or host name to listen on")?;
        normalize_bind_host(s).map_err(|m| self.err(field, m)).ok()
    }
}

/// A close match among `allowed` for a misspelt key.
fn suggest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    allowed
        .iter()
        .map(|a| (distance(&key, a), *a))
        .filter(|&(d, a)| d <= if a.len() <= 5 { 1 } else { 2 })
        .min_by_key(|&(d, _)| d)
        .map(|(_, a)| a)
}

/// Edit distance counting a swap of neighbours as one edit ("prot" → "port").
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

pub(crate) fn config(root: &Value, base: &Path, ctx: &mut Ctx) -> Config {
    let mut c = Config {
        file: None,
        port: DEFAULT_PORT,
        host: DEFAULT_HOST.to_string(),
        workers: None,
        defaults: Limits::default(),
        apps: Vec::new(),
        default_app: None,
        admin: None,
    };
    let Some(top) = ctx.object("", root, "a JSON object at top level", TOP_FIELDS) else {
        return c;
    };
    if let Some(v) = top.get("port") {
        c.port = ctx.int("port", v, 0, 65535).map_or(c.port, |p| p as u16);
    }
    if let Some(v) = top.get("host") {
        c.host = ctx.bind_host("host", v).unwrap_or(c.host);
    }
    if let Some(v) = top.get("workers") {
        c.workers = ctx.int("workers", v, 1, MAX_WORKERS).map(|n| n as usize);
    }
    if let Some(v) = top.get("defaults") {
        let expected = "an object of limits";
        if let Some(map) = ctx.object("defaults", v, expected, LIMIT_FIELDS) {
            ctx.limits("defaults", map, &mut c.defaults);
        }
    }
    let mut parsed: Vec<(usize, AppConfig)> = Vec::new();
    // Names as written, so a broken app does not also make `default_app`
    // look wrong.
    let mut names: Vec<&str> = Vec::new();
    match top.get("apps") {
        None => {}
        Some(Value::Array(list)) => {
            for (i, v) in list.iter().enumerate() {
                names.extend(v.get("name").and_then(Value::as_str));
                if let Some(app) = app(v, &format!("apps[{i}]"), base, &c.defaults, ctx) {
                    parsed.push((i, app));
                }
            }
        }
        Some(v) => ctx.err(
            "apps",
            format!("expected an array of apps, got {}", show(v)),
        ),
    }
    let refs: Vec<(usize, &AppConfig)> = parsed.iter().map(|(i, a)| (*i, a)).collect();
    crate::unique::apps_unique(&refs, false, ctx);
    if let Some(v) = top.get("default_app") {
        if let Some(d) = ctx.string("default_app", v, "the name of an app") {
            check_default(d, &names, ctx);
            c.default_app = Some(d.to_string());
        }
    }
    if let Some(v) = top.get("admin") {
        c.admin = admin(v, ctx);
        if let Some(a) = &c.admin {
            if a.port != 0 && a.port == c.port {
                ctx.err(
                    "admin.port",
                    format!(
                        "{} is also the main \"port\"; expected a different port",
                        a.port
                    ),
                );
            }
        }
    }
    c.apps = parsed.into_iter().map(|(_, a)| a).collect();
    c
}

pub(crate) fn check_default(name: &str, names: &[&str], ctx: &mut Ctx) {
    if names.contains(&name) {
        return;
    }
    let expected = if names.is_empty() {
        "there are no apps".to_string()
    } else {
        format!("expected one of {}", names.join(", "))
    };
    ctx.err(
        "default_app",
        format!("{} is not the name of an app; {expected}", quote(name)),
    );
}

fn admin(v: &Value, ctx: &mut Ctx) -> Option<AdminConfig> {
    let map = ctx.object("admin", v, "an object", ADMIN_FIELDS)?;
    let mut a = AdminConfig {
        port: DEFAULT_ADMIN_PORT,
        host: DEFAULT_HOST.to_string(),
        token: None,
    };
    if let Some(v) = map.get("port") {
        a.port = ctx
            .int("admin.port", v, 0, 65535)
            .map_or(a.port, |p| p as u16);
    }
    if let Some(v) = map.get("host") {
        a.host = ctx.bind_host("admin.host", v).unwrap_or(a.host);
    }
    // Tokens are secrets: messages never echo them.
    let token_rule =
        "expected visible ASCII characters without spaces (it is sent in an Authorization header)";
    match (map.get("token"), map.get("token_env")) {
        (Some(_), Some(_)) => ctx.err(
            "admin",
            "\"token\" and \"token_env\" cannot both be set; expected one of them",
        ),
        (Some(Value::String(t)), None) => {
            if t.is_empty() {
                ctx.err("admin.token", "is empty; expected a secret string, or leave \"token\" out to turn the admin routes off");
            } else if !t.bytes().all(|b| b.is_ascii_graphic()) {
                ctx.err("admin.token", token_rule);
            } else {
                a.token = Some(t.clone());
            }
        }
        (Some(_), None) => ctx.err("admin.token", "expected a string"),
        (None, Some(v)) => a.token = token_from_env(v, token_rule, ctx),
        (None, None) => {}
    }
    Some(a)
}

fn token_from_env(v: &Value, rule: &str, ctx: &mut Ctx) -> Option<String> {
    let f = "admin.token_env";
    let var = ctx.string(f, v, "the name of an environment variable")?;
    if var.is_empty() || var.contains(['=', '\0']) {
        ctx.err(
            f,
            format!("{} is not a valid environment variable name", quote(var)),
        );
        return None;
    }
    let q = quote(var);
    match (ctx.env)(var) {
        None => ctx.err(
            f,
            format!("environment variable {q} is not set; expected it to hold the admin token"),
        ),
        Some(t) if t.is_empty() => ctx.err(
            f,
            format!("environment variable {q} is empty; expected it to hold the admin token"),
        ),
        Some(t) if !t.bytes().all(|b| b.is_ascii_graphic()) => {
            ctx.err(f, format!("environment variable {q}: {rule}"))
        }
        Some(t) => return Some(t),
    }
    None
}

/// One app; `prefix` is its field path (`apps[2]`, or empty for the admin
/// API). `None` if anything in it is wrong (the problems are in `ctx`).
pub(crate) fn app(
    v: &Value,
    prefix: &str,
    base: &Path,
    defaults: &Limits,
    ctx: &mut Ctx,
) -> Option<AppConfig> {
    let before = ctx.issues.len();
    let expected = "an app object with \"name\", \"hostname\" and \"path\"";
    let map = ctx.object(prefix, v, expected, APP_FIELDS)?;
    let f = |k: &str| join(prefix, k);
    for (key, what) in [
        ("name", format!("an app name ({NAME_CHARS})")),
        (
            "hostname",
            "a host name such as \"blog.example.com\"".to_string(),
        ),
        (
            "path",
            "the app folder or script, e.g. \"./apps/blog\"".to_string(),
        ),
    ] {
        if !map.contains_key(key) {
            ctx.err(prefix, format!("missing field \"{key}\"; expected {what}"));
        }
    }
    let name = map.get("name").and_then(|v| {
        let s = ctx.string(&f("name"), v, &format!("an app name ({NAME_CHARS})"))?;
        check_name(s).map_err(|m| ctx.err(&f("name"), m)).ok()?;
        Some(s.to_string())
    });
    let hostname = map
        .get("hostname")
        .and_then(|v| host_field(&f("hostname"), v, ctx));
    let mut aliases = Vec::new();
    match map.get("aliases") {
        None => {}
        Some(Value::Array(list)) => {
            for (i, v) in list.iter().enumerate() {
                aliases.extend(host_field(&format!("{}[{i}]", f("aliases")), v, ctx));
            }
        }
        Some(v) => ctx.err(
            &f("aliases"),
            format!("expected an array of host names, got {}", show(v)),
        ),
    }
    let entry = map
        .get("entry")
        .map(|v| ctx.string(&f("entry"), v, "a script path inside the app folder"));
    let located = match (map.get("path"), entry) {
        (_, Some(None)) => None,
        (None, _) => None,
        (Some(p), entry) => ctx
            .string(
                &f("path"),
                p,
                "the app folder or script, e.g. \"./apps/blog\"",
            )
            .and_then(|p| {
                crate::paths::locate(p, entry.flatten(), base, &f("path"), &f("entry"), ctx)
            }),
    };
    let mut env = Map::new();
    if let Some(v) = map.get("env") {
        match v {
            Value::Object(m) => {
                for k in m.keys().filter(|k| k.is_empty()) {
                    ctx.err(
                        &f("env"),
                        format!("the key {} is empty; expected a variable name", quote(k)),
                    );
                }
                env = m.clone();
            }
            _ => ctx.err(
                &f("env"),
                format!("expected an object of variables, got {}", show(v)),
            ),
        }
    }
    let mut outbound_allow = Vec::new();
    match map.get("outbound_allow") {
        None => {}
        Some(Value::Array(list)) => {
            for (i, v) in list.iter().enumerate() {
                let field = format!("{}[{i}]", f("outbound_allow"));
                outbound_allow.extend(outbound_host(&field, v, ctx));
            }
        }
        Some(v) => ctx.err(
            &f("outbound_allow"),
            format!(
                "expected an array of host names or IP addresses (e.g. [\"db.internal\", \"10.0.0.5\"]), got {}",
                show(v)
            ),
        ),
    }
    let mut limits = *defaults;
    ctx.limits(prefix, map, &mut limits);
    if ctx.issues.len() != before {
        return None;
    }
    let (path, entry) = located?;
    Some(AppConfig {
        name: name?,
        hostname: hostname?,
        aliases,
        path,
        entry,
        env,
        limits,
        outbound_allow,
    })
}

/// An `outbound_allow` entry: an IP address (canonical form; IPv6 may be in
/// brackets) or a host name / `*.suffix` pattern.
fn outbound_host(field: &str, v: &Value, ctx: &mut Ctx) -> Option<String> {
    let s = ctx.string(field, v, "a host name or IP address such as \"10.0.0.5\"")?;
    let bare = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s);
    if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
        return Some(ip.to_string());
    }
    normalize_hostname(s).map_err(|m| ctx.err(field, m)).ok()
}

fn host_field(field: &str, v: &Value, ctx: &mut Ctx) -> Option<String> {
    let s = ctx.string(field, v, "a host name such as \"blog.example.com\"")?;
    normalize_hostname(s).map_err(|m| ctx.err(field, m)).ok()
}

/// An app name, or why it is not one (after the quoted name).
pub(crate) fn check_name(s: &str) -> Result<(), String> {
    let q = quote(s);
    if s.is_empty() {
        return Err(format!("{q} is empty; expected {NAME_CHARS}"));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "{q} is not a valid app name: {c:?} is not allowed; expected {NAME_CHARS}"
        ));
    }
    // Names may become path or URL segments.
    if s == "." || s == ".." {
        return Err(format!(
            "{q} is not a valid app name; expected {NAME_CHARS}, not only dots"
        ));
    }
    if s.len() > MAX_NAME_LEN {
        return Err(format!(
            "{q} is not a valid app name: it is longer than {MAX_NAME_LEN} characters"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let top = TOP_FIELDS;
        assert_eq!(suggest("prot", top), Some("port"));
        assert_eq!(suggest("Port", top), Some("port"));
        assert_eq!(suggest("worker", top), Some("workers"));
        assert_eq!(suggest("defualt_app", top), Some("default_app"));
        assert_eq!(suggest("zzz", top), None);
        assert_eq!(suggest("extra", APP_FIELDS), None);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", "abc"), 0);
    }
}
