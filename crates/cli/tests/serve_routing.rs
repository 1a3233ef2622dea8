//! `nanojs serve --config`: Host header → app routing.

mod serve_support;

use serde_json::json;
use serve_support::{Project, Serve};

/// Apps answering with their own name, and (for `b`) the Host they saw.
fn routing_project(name: &str, default_app: Option<&str>) -> Project {
    let p = Project::new(name);
    for app in ["a", "b", "c"] {
        p.write(
            &format!("apps/{app}/index.js"),
            format!(
                "export default {{ fetch: (req) => new Response('{app} ' + new URL(req.url).host) }};\n"
            ),
        );
    }
    let mut config = json!({
        "apps": [
            {"name": "a", "hostname": "a.test", "path": "./apps/a"},
            {"name": "b", "hostname": "b.test", "aliases": ["*.example.com", "B-Alias.Test"], "path": "./apps/b"},
            {"name": "c", "hostname": "exact.example.com", "path": "./apps/c"}
        ]
    });
    if let Some(d) = default_app {
        config["default_app"] = json!(d);
    }
    p.config(&config);
    p
}

/// The app that answered (first word of the body), or the status if not 200.
fn who(s: &serve_support::Server, host: &str) -> String {
    let r = s.get(host, "/");
    if r.status != 200 {
        return r.status.to_string();
    }
    r.text().split(' ').next().unwrap().to_string()
}

#[test]
fn routes_by_host_with_wildcards_and_normalisation() {
    let p = routing_project("routing", None);
    let s = Serve::config(&p).start();
    for (host, want) in [
        ("a.test", "a"),
        ("b.test", "b"),
        ("b-alias.test", "b"),
        // Wildcard alias.
        ("www.example.com", "b"),
        ("deep.sub.example.com", "b"),
        // Exact beats wildcard.
        ("exact.example.com", "c"),
        // Case-insensitive, port and trailing dot ignored.
        ("A.TEST", "a"),
        ("a.test:8080", "a"),
        ("a.test.", "a"),
        ("A.Test.:1234", "a"),
        ("EXACT.Example.COM:99", "c"),
        ("WWW.EXAMPLE.COM.", "b"),
        // A wildcard does not match the bare domain.
        ("example.com", "404"),
        ("unknown.test", "404"),
        ("a.test.evil", "404"),
        ("xa.test", "404"),
    ] {
        assert_eq!(who(&s, host), want, "Host: {host}");
    }
    // The app sees the Host as sent (lower-cased by URL parsing), port kept.
    assert_eq!(
        s.get("Www.Example.com:8080", "/").text(),
        "b www.example.com:8080"
    );
}

#[test]
fn unknown_host_without_default_app_is_404_json() {
    let p = routing_project("routing404", None);
    let s = Serve::config(&p).start();
    let r = s.get("nobody.test", "/x");
    assert_eq!(r.status, 404);
    assert!(
        r.header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{:?}",
        r.headers
    );
    let v = r.json();
    assert_eq!(v["status"], 404, "{v}");
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|e| e.contains("nobody.test")),
        "{v}"
    );
    // Keep-alive survives a 404.
    let mut c = s.conn();
    assert_eq!(c.get("nobody.test", "/").status, 404);
    assert_eq!(c.get("a.test", "/").status, 200);
}

#[test]
fn unknown_host_goes_to_default_app() {
    let p = routing_project("routingdefault", Some("c"));
    let s = Serve::config(&p).start();
    assert_eq!(who(&s, "nobody.test"), "c");
    assert_eq!(who(&s, "example.com"), "c");
    assert_eq!(who(&s, "a.test"), "a");
    assert_eq!(who(&s, "x.example.com"), "b");
}

/// The Host header is client input: whatever it holds, `request.url` must be
/// a valid URL for the path that was asked for (or the server refuses with
/// 400), and like any Request's url it is the serialised URL (host lower-cased).
/// An empty Host is valid HTTP/1.1 (RFC 9112 §3.2).
#[test]
fn odd_host_headers_give_a_valid_request_url() {
    let p = Project::new("oddhost");
    p.write(
        "app/index.js",
        r#"
export default {
  fetch(req) {
    let parsed = null;
    try {
      const u = new URL(req.url);
      parsed = { host: u.host, pathname: u.pathname, search: u.search, canonical: u.href === req.url };
    } catch {}
    return Response.json({ url: req.url, parsed });
  },
};
"#,
    );
    p.config(&json!({
        "apps": [{"name": "app", "hostname": "app.test", "path": "./app"}],
        "default_app": "app"
    }));
    let s = Serve::config(&p).start();
    let mut problems = Vec::new();
    for host in [
        "MiXeD.Test:8080",
        "",
        "a/b",
        "a@b",
        "a?b",
        "a#b",
        "a b",
        "[::1]:80",
        "a\\b",
    ] {
        let mut c = s.conn();
        let raw = format!("GET /p?q=1 HTTP/1.1\r\nHost: {host}\r\n\r\n");
        c.send(raw.as_bytes()).unwrap();
        let r = c.read_response(false).unwrap();
        if r.status == 400 {
            continue;
        }
        let ok = r.status == 200 && {
            let v = r.json();
            v["parsed"]["pathname"] == "/p"
                && v["parsed"]["search"] == "?q=1"
                && v["parsed"]["canonical"] == true
        };
        if !ok {
            problems.push(format!("Host {host:?}: {} {}", r.status, r.text()));
        }
    }
    assert!(
        problems.is_empty(),
        "request.url is not the URL asked for:\n{}",
        problems.join("\n")
    );
}
