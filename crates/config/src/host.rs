//! Host names: checking configured ones, and turning a Host header into the
//! key the router looks up.

use std::io::Write as _;
use std::net::{IpAddr, Ipv6Addr};

use crate::json::quote;

const MAX_NAME: usize = 253;
const MAX_LABEL: usize = 63;
const EXAMPLE: &str = "blog.example.com";

/// Checks a configured app host name (or alias) and returns its canonical
/// form: lower case, no trailing dot, IPv6 literals as `[canonical]`. The
/// error message starts with the quoted input and says what is expected.
pub fn normalize_hostname(raw: &str) -> Result<String, String> {
    let q = quote(raw);
    if raw.is_empty() {
        return Err(format!(
            "{q} is empty; expected a host name such as \"{EXAMPLE}\""
        ));
    }
    // Scheme, path and port are the common copy-paste mistakes: name them and
    // suggest the fix.
    let (rest, problem) = match raw.find("://") {
        Some(i) => (&raw[i + 3..], Some("a scheme")),
        None => (raw, None),
    };
    let (rest, problem) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], problem.or(Some("a path"))),
        None => (rest, problem),
    };
    let (rest, problem) = match split_port(rest) {
        Some((h, _)) => (h, problem.or(Some("a port"))),
        None => (rest, problem),
    };
    if let Some(problem) = problem {
        let hint = match canonical(rest) {
            Ok(h) => h,
            Err(_) => EXAMPLE.to_string(),
        };
        return Err(format!(
            "{q} must be a host name without {problem} (e.g. {})",
            quote(&hint)
        ));
    }
    canonical(raw).map_err(|why| format!("{q} {why}"))
}

/// `host:port` → (`host`, `port`); `[v6]:port` → (`[v6]`, `port`). `None` when
/// there is no numeric port (a bare IPv6 address has colons but no port).
fn split_port(s: &str) -> Option<(&str, &str)> {
    if s.starts_with('[') {
        let end = s.find(']')?;
        let after = &s[end + 1..];
        return after
            .strip_prefix(':')
            .filter(|p| all_digits(p))
            .map(|p| (&s[..=end], p));
    }
    let (h, p) = s.rsplit_once(':')?;
    if h.contains(':') || !all_digits(p) {
        return None;
    }
    Some((h, p))
}

/// The canonical form of a host name with no scheme, path or port, or why it
/// is not one (a message fragment to follow the quoted value).
fn canonical(raw: &str) -> Result<String, String> {
    if let Some(inner) = raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return match inner.parse::<Ipv6Addr>() {
            Ok(ip) => Ok(format!("[{ip}]")),
            Err(_) => Err("is not a valid IPv6 address in brackets (e.g. \"[::1]\")".into()),
        };
    }
    if raw.parse::<Ipv6Addr>().is_ok() {
        return Err(format!(
            "is an IPv6 address; write it in brackets: \"[{}]\"",
            raw.to_ascii_lowercase()
        ));
    }
    let lower = raw.to_ascii_lowercase();
    let name = lower.strip_suffix('.').unwrap_or(&lower);
    if name == "*" {
        return Err(
            "would match every host; leave it out and set \"default_app\" to send unmatched hosts to an app"
                .into(),
        );
    }
    let body = name.strip_prefix("*.").unwrap_or(name);
    if body.contains('*') {
        return Err(
            "is not a valid host name: a wildcard is only allowed as the whole first label (e.g. \"*.example.com\")"
                .into(),
        );
    }
    if let Some(c) = body
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        let shown = if c.is_ascii_graphic() {
            format!("'{c}'")
        } else {
            format!("{:?}", c)
        };
        return Err(format!(
            "is not a valid host name: {shown} is not allowed; expected letters, digits, \"-\", \"_\" and \".\" (e.g. \"{EXAMPLE}\")"
        ));
    }
    if body.starts_with('.') && !name.starts_with('*') {
        return Err(format!(
            "is not a valid host name: it starts with \".\"; to match every subdomain write \"*{body}\""
        ));
    }
    if body.is_empty() || body.split('.').any(str::is_empty) {
        return Err(
            "is not a valid host name: it has an empty label (\"..\" or a leading \".\")".into(),
        );
    }
    if let Some(l) = body.split('.').find(|l| l.len() > MAX_LABEL) {
        return Err(format!(
            "is not a valid host name: the label {} is longer than {MAX_LABEL} characters",
            quote(l)
        ));
    }
    if name.len() > MAX_NAME {
        return Err(format!(
            "is not a valid host name: it is longer than {MAX_NAME} characters"
        ));
    }
    Ok(name.to_string())
}

/// Checks an address to listen on: an IP address (IPv6 with or without
/// brackets) or a host name. Returns it as `SocketAddr`/`ToSocketAddrs`
/// expect after `host:port` formatting is done by `listen_addr`: IPv6 without
/// brackets, names lower-cased.
pub fn normalize_bind_host(raw: &str) -> Result<String, String> {
    let bare = raw
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(raw);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(ip.to_string());
    }
    let expected = "expected an IP address or host name to listen on (e.g. \"127.0.0.1\", \"0.0.0.0\" or \"::\")";
    if split_port(raw).is_some() {
        return Err(format!(
            "{} must not include a port (set \"port\" instead); {expected}",
            quote(raw)
        ));
    }
    match canonical(raw) {
        Ok(h) if !h.starts_with('*') => Ok(h),
        _ => Err(format!("{} is not valid; {expected}", quote(raw))),
    }
}

/// `host:port` with IPv6 in brackets.
pub(crate) fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Bytes a canonical, port-free, dot-free-at-the-end host may hold.
fn plain(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.'
}

/// The router key for a Host header value: lower case, no port, no trailing
/// dot, IPv6 as `[canonical]`. Borrows `host` when it is already canonical
/// (the common case) and otherwise writes into `buf`; never allocates.
/// `None` for an empty or malformed value.
pub(crate) fn host_key<'b>(host: &'b str, buf: &'b mut [u8; 256]) -> Option<&'b str> {
    let bytes = host.as_bytes();
    if is_key(bytes) {
        return Some(host);
    }
    let host = host.trim_matches([' ', '\t']);
    if host.starts_with('[') {
        let end = host.find(']')?;
        let after = &host[end + 1..];
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(all_digits)) {
            return None;
        }
        let ip: Ipv6Addr = host[1..end].parse().ok()?;
        let mut w = &mut buf[..];
        write!(w, "[{ip}]").ok()?;
        let n = 256 - w.len();
        return std::str::from_utf8(&buf[..n]).ok();
    }
    let name = match host.split_once(':') {
        Some((h, p)) if all_digits(p) => h,
        Some(_) => return None,
        None => host,
    };
    let name = name.strip_suffix('.').unwrap_or(name).as_bytes();
    if name.len() > MAX_NAME {
        return None;
    }
    let out = &mut buf[..name.len()];
    for (o, &b) in out.iter_mut().zip(name) {
        *o = b.to_ascii_lowercase();
    }
    if !is_key(out) {
        return None;
    }
    // Only ASCII bytes passed `is_key`.
    std::str::from_utf8(out).ok()
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Already a lookup key: non-empty, canonical bytes, no empty label.
fn is_key(b: &[u8]) -> bool {
    if b.is_empty() || b.len() > MAX_NAME || b[0] == b'.' || b[b.len() - 1] == b'.' {
        return false;
    }
    let mut prev = 0u8;
    for &c in b {
        if !plain(c) || (c == b'.' && prev == b'.') {
            return false;
        }
        prev = c;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(h: &str) -> Option<String> {
        let mut buf = [0u8; 256];
        host_key(h, &mut buf).map(str::to_string)
    }

    #[test]
    fn keys() {
        assert_eq!(key("a.example.com").as_deref(), Some("a.example.com"));
        assert_eq!(key("A.Example.COM:8080").as_deref(), Some("a.example.com"));
        assert_eq!(key("example.com.").as_deref(), Some("example.com"));
        assert_eq!(key("example.com.:80").as_deref(), Some("example.com"));
        assert_eq!(key("[::1]:8080").as_deref(), Some("[::1]"));
        assert_eq!(key("[0:0::1]").as_deref(), Some("[::1]"));
        assert_eq!(key("[::1"), None);
        assert_eq!(key("[::1]x"), None);
        assert_eq!(key("::1"), None);
        assert_eq!(key(""), None);
        assert_eq!(key(":80"), None);
        assert_eq!(key("a..b"), None);
        assert_eq!(key(".a"), None);
        assert_eq!(key("a b"), None);
        assert_eq!(key("*.example.com"), None);
        assert_eq!(key("host:port"), None);
        assert_eq!(key(&"a".repeat(300)), None);
        assert_eq!(key("héllo.com"), None);
    }

    #[test]
    fn hostnames() {
        let ok = |s: &str| normalize_hostname(s).unwrap();
        assert_eq!(ok("Blog.Example.com."), "blog.example.com");
        assert_eq!(ok("*.Example.com"), "*.example.com");
        assert_eq!(ok("[::1]"), "[::1]");
        assert_eq!(ok("127.0.0.1"), "127.0.0.1");
        assert_eq!(ok("localhost"), "localhost");
        let err = |s: &str| normalize_hostname(s).unwrap_err();
        assert_eq!(
            err("Blog.example.com:80"),
            r#""Blog.example.com:80" must be a host name without a port (e.g. "blog.example.com")"#
        );
        assert_eq!(
            err("https://x.com/a"),
            r#""https://x.com/a" must be a host name without a scheme (e.g. "x.com")"#
        );
        assert_eq!(
            err("x.com/a"),
            r#""x.com/a" must be a host name without a path (e.g. "x.com")"#
        );
        assert!(err("[::1]:80").contains("without a port (e.g. \"[::1]\")"));
        assert!(err("::1").contains("write it in brackets: \"[::1]\""));
        assert!(err("a.*.com").contains("wildcard is only allowed as the whole first label"));
        assert!(err("*").contains("default_app"));
        assert!(err("*..com").contains("empty label"));
        assert!(err("a..b").contains("empty label"));
        assert!(err(".example.com").contains("\"*.example.com\""));
        assert!(err("a b").contains("' ' is not allowed"));
        assert!(err("").contains("is empty"));
        assert!(err(&format!("{}.com", "a".repeat(64))).contains("longer than 63"));
        assert!(err(&"a.".repeat(130)).contains("longer than 253"));
    }

    #[test]
    fn bind_hosts() {
        assert_eq!(normalize_bind_host("0.0.0.0").unwrap(), "0.0.0.0");
        assert_eq!(normalize_bind_host("[::1]").unwrap(), "::1");
        assert_eq!(normalize_bind_host("::").unwrap(), "::");
        assert_eq!(normalize_bind_host("LocalHost").unwrap(), "localhost");
        assert!(normalize_bind_host("127.0.0.1:80")
            .unwrap_err()
            .contains("must not include a port"));
        assert!(normalize_bind_host("*.x")
            .unwrap_err()
            .contains("expected an IP address or host name"));
        assert_eq!(join_host_port("::1", 80), "[::1]:80");
        assert_eq!(join_host_port("127.0.0.1", 80), "127.0.0.1:80");
    }
}
