//! Host header routing.

use std::path::PathBuf;

use nanojs_config::{AppConfig, Limits, Router};

fn app(name: &str, hostname: &str, aliases: &[&str]) -> AppConfig {
    AppConfig {
        name: name.into(),
        hostname: hostname.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        path: PathBuf::from("/srv"),
        entry: PathBuf::from("/srv/index.js"),
        env: Default::default(),
        limits: Limits::default(),
        outbound_allow: Vec::new(),
    }
}

fn apps() -> Vec<AppConfig> {
    vec![
        app(
            "blog",
            "blog.example.com",
            &["www.blog.example.com", "*.blog.example.com"],
        ),
        app("wild", "*.example.com", &[]),
        app("deep", "*.a.example.com", &["exact.a.example.com"]),
        app("v6", "[::1]", &["127.0.0.1", "localhost"]),
        app("shop", "shop.test", &[]),
    ]
}

#[test]
fn exact_names_and_aliases() {
    let r = Router::new(&apps(), None);
    assert_eq!(r.route("blog.example.com"), Some(0));
    assert_eq!(r.route("www.blog.example.com"), Some(0));
    assert_eq!(r.route("shop.test"), Some(4));
    assert_eq!(r.route("127.0.0.1"), Some(3));
    assert_eq!(r.route("localhost"), Some(3));
    assert_eq!(r.route("nothing.test"), None);
}

#[test]
fn case_port_and_trailing_dot_are_ignored() {
    let r = Router::new(&apps(), None);
    for h in [
        "Blog.Example.COM",
        "blog.example.com:8080",
        "blog.example.com.",
        "BLOG.example.com.:443",
        " blog.example.com ",
    ] {
        assert_eq!(r.route(h), Some(0), "for {h:?}");
    }
    assert_eq!(r.route("127.0.0.1:8080"), Some(3));
    assert_eq!(r.route("LocalHost:3000"), Some(3));
}

#[test]
fn ipv6_hosts() {
    let r = Router::new(&apps(), None);
    assert_eq!(r.route("[::1]"), Some(3));
    assert_eq!(r.route("[::1]:8080"), Some(3));
    assert_eq!(r.route("[0:0:0:0:0:0:0:1]:80"), Some(3));
    assert_eq!(r.route("[::2]:8080"), None);
    assert_eq!(r.route("[::1"), None);
    assert_eq!(r.route("::1"), None);
}

#[test]
fn wildcards() {
    let r = Router::new(&apps(), None);
    assert_eq!(r.route("x.example.com"), Some(1));
    assert_eq!(r.route("x.y.example.com"), Some(1));
    // Not the bare suffix.
    assert_eq!(r.route("example.com"), None);
    // Longest suffix wins over shorter wildcards.
    assert_eq!(r.route("x.blog.example.com"), Some(0));
    assert_eq!(r.route("x.y.blog.example.com"), Some(0));
    assert_eq!(r.route("x.a.example.com"), Some(2));
    assert_eq!(r.route("a.example.com"), Some(1));
    // Exact wins over a matching wildcard.
    assert_eq!(r.route("exact.a.example.com"), Some(2));
    assert_eq!(r.route("blog.example.com"), Some(0));
    assert_eq!(r.route("X.Blog.Example.Com:80"), Some(0));
    // A literal "*" in a Host is not a wildcard.
    assert_eq!(r.route("*.example.com"), None);
}

#[test]
fn exact_beats_wildcard_regardless_of_order() {
    let apps = vec![app("w", "*.t.test", &[]), app("e", "x.t.test", &[])];
    let r = Router::new(&apps, None);
    assert_eq!(r.route("x.t.test"), Some(1));
    assert_eq!(r.route("y.t.test"), Some(0));
}

#[test]
fn default_app_catches_the_rest() {
    let r = Router::new(&apps(), Some("shop"));
    assert_eq!(r.default_app(), Some(4));
    assert_eq!(r.route("nothing.test"), Some(4));
    assert_eq!(r.route("example.com"), Some(4));
    assert_eq!(r.route("blog.example.com"), Some(0));
    for garbage in [
        "", ":", ":80", "a b", "a..b", ".", "..", "[x]", "héllo", "a:b:c", "\u{0}",
    ] {
        assert_eq!(r.route(garbage), Some(4), "for {garbage:?}");
    }
    let long = "a".repeat(300);
    assert_eq!(r.route(&long), Some(4));
}

#[test]
fn garbage_without_default_is_none() {
    let r = Router::new(&apps(), None);
    for garbage in ["", ":", "a b", "[x]", "a:b:c"] {
        assert_eq!(r.route(garbage), None, "for {garbage:?}");
    }
    // A default_app naming no app is ignored.
    assert_eq!(Router::new(&apps(), Some("nope")).route("x.test"), None);
}

#[test]
fn empty_router() {
    let r = Router::new(&[], None);
    assert_eq!(r.route("anything"), None);
    assert_eq!(r.default_app(), None);
}

#[test]
fn first_app_wins_a_clash() {
    let apps = vec![app("a", "x.test", &[]), app("b", "X.test.", &[])];
    assert_eq!(Router::new(&apps, None).route("x.test"), Some(0));
}
