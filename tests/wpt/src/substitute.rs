//! wptserve's `{{...}}` template substitution (its `sub` pipe), used for
//! `.sub.` files, `.sub.headers` files and `?pipe=sub`.
//!
//! The values describe the local server (see `server`): the primary host is
//! `localhost`; every other host name (`{{domains[www]}}`, `{{hosts[alt][]}}`,
//! ...) is `127.0.0.1`, which is cross-origin and cross-site to it and is
//! served by the same listener. This is wptserve's own "localhost" setup:
//! `/common/get-host-info.sub.js` then maps REMOTE_HOST and NOTSAMESITE_HOST
//! to `127.0.0.1` too. `{{ports[http][1]}}` is a second listener. There is
//! no TLS: the https, ws, wss and h2 ports are the http ones, so
//! `https://` URLs fail the way an unreachable server does.

use std::collections::HashMap;

/// The primary host of test pages.
pub const HOST: &str = "localhost";
/// Every other host name of wptserve's configuration.
pub const OTHER_HOST: &str = "127.0.0.1";

/// What the server looks like to a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hosts {
    /// `{{ports[http][0]}}` and `{{ports[http][1]}}`.
    pub http: [u16; 2],
}

/// The request a template is rendered for.
#[derive(Clone, Debug, Default)]
pub struct RequestInfo {
    /// `{{location[...]}}`: the URL of the served file.
    pub url: Option<url::Url>,
    /// `{{headers[name]}}`: request headers, names lower-case, values joined
    /// with ", " as wptserve's RequestHeaders does.
    pub headers: Vec<(String, String)>,
    /// `{{GET[name]}}`: the first value of each query parameter.
    pub get: Vec<(String, String)>,
}

/// How substituted values are escaped: "html" for markup files, "none"
/// otherwise (wptserve's `sub(escape_type)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    Html,
    None,
}

/// Renders `text`; unknown substitutions are left as they are.
pub fn substitute(text: &str, hosts: &Hosts, request: &RequestInfo, escape: Escape) -> String {
    let mut variables: HashMap<String, String> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        // wptserve's pattern is `{{([^}]*)}}`.
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        if !after[end..].starts_with("}}") {
            out.push_str(&rest[start..start + 2 + end + 1]);
            rest = &after[end + 1..];
            continue;
        }
        match render(after[..end].trim(), hosts, request, &mut variables) {
            Some(v) => out.push_str(&escaped(&v, escape)),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn escaped(v: &str, escape: Escape) -> String {
    match escape {
        Escape::None => v.to_string(),
        Escape::Html => v
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;"),
    }
}

/// One `{{...}}`: `[$var:]field[index]...`.
fn render(
    expr: &str,
    hosts: &Hosts,
    request: &RequestInfo,
    variables: &mut HashMap<String, String>,
) -> Option<String> {
    let (assign, expr) = match expr.strip_prefix('$').and_then(|e| e.split_once(':')) {
        Some((name, rest)) if is_word(name) => (Some(format!("${name}")), rest),
        _ => (None, expr),
    };
    let (field, mut rest) = match expr.find('[') {
        Some(i) => (&expr[..i], &expr[i..]),
        None => (expr, ""),
    };
    let mut index = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        index.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    let value = if let Some(v) = variables.get(field) {
        index.is_empty().then(|| v.clone())?
    } else {
        lookup(field, &index, hosts, request)?
    };
    if let Some(name) = assign {
        variables.insert(name, value.clone());
    }
    Some(value)
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn lookup(field: &str, index: &[&str], hosts: &Hosts, request: &RequestInfo) -> Option<String> {
    let host_of = |sub: &str| {
        if sub.is_empty() {
            HOST.to_string()
        } else {
            OTHER_HOST.to_string()
        }
    };
    match (field, index) {
        ("host", []) => Some(HOST.into()),
        ("domains", [sub]) => Some(host_of(sub)),
        ("hosts", ["", sub]) => Some(host_of(sub)),
        ("hosts", ["alt", _]) => Some(OTHER_HOST.into()),
        ("ports", [scheme, i]) => {
            let i: usize = i.parse().ok()?;
            match *scheme {
                "http" | "https" if i < 2 => Some(hosts.http[i].to_string()),
                "ws" | "wss" | "h2" | "webtransport-h3" if i == 0 => {
                    Some(hosts.http[0].to_string())
                }
                _ => None,
            }
        }
        ("location", [key]) => {
            let url = request.url.as_ref()?;
            let hostname = url.host_str().unwrap_or("").to_string();
            let port = url.port_or_known_default().unwrap_or(80).to_string();
            Some(match *key {
                "server" => format!("{}://{hostname}:{port}", url.scheme()),
                "scheme" => url.scheme().to_string(),
                "host" => format!("{hostname}:{port}"),
                "hostname" => hostname,
                "port" => port,
                "path" | "pathname" => url.path().to_string(),
                "query" => format!("?{}", url.query().unwrap_or("")),
                _ => return None,
            })
        }
        ("headers", [name]) => {
            let name = name.to_ascii_lowercase();
            Some(
                request
                    .headers
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
            )
        }
        ("GET", [name]) => Some(
            request
                .get
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        ),
        ("uuid()", []) => Some(uuid::Uuid::new_v4().to_string()),
        ("url_base", []) => Some("/".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTS: Hosts = Hosts { http: [8000, 8001] };

    fn sub(text: &str) -> String {
        substitute(text, &HOSTS, &RequestInfo::default(), Escape::None)
    }

    #[test]
    fn config_values() {
        assert_eq!(
            sub("//{{host}}:{{ports[http][0]}}/x {{ports[http][1]}} {{ports[https][0]}}"),
            "//localhost:8000/x 8001 8000"
        );
        assert_eq!(
            sub("{{domains[www2]}} {{hosts[alt][]}} {{hosts[][]}} {{domains[]}} {{"),
            "127.0.0.1 127.0.0.1 localhost localhost {{"
        );
        assert_eq!(
            sub("{{nope}} {{ports[ftp][0]}}"),
            "{{nope}} {{ports[ftp][0]}}"
        );
    }

    #[test]
    fn request_values_and_variables() {
        let request = RequestInfo {
            url: Some(url::Url::parse("http://localhost:8000/a/b.sub.js?x=1").unwrap()),
            headers: vec![("user-agent".into(), "ua".into())],
            get: vec![("x".into(), "<1>".into())],
        };
        let out = substitute(
            "{{location[host]}} {{location[path]}} {{location[query]}} {{headers[User-Agent]}} \
             {{GET[x]}} {{GET[y]}}|{{$id:uuid()}}={{$id}}",
            &HOSTS,
            &request,
            Escape::Html,
        );
        let (head, ids) = out.split_once('|').unwrap();
        assert_eq!(head, "localhost:8000 /a/b.sub.js ?x=1 ua &lt;1&gt; ");
        let (a, b) = ids.split_once('=').unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 36);
    }
}
