//! nano.json structure, types, bounds and messages.

mod common;

use std::path::Path;

use common::Fixture;
use nanojs_config::{Config, ConfigError, Limits};
use serde_json::json;

#[test]
fn empty_object_gives_defaults() {
    let f = Fixture::new();
    let c = f.ok("{}");
    assert_eq!(c.file.as_deref(), Some(f.file().as_path()));
    assert_eq!(c.port, 8080);
    assert_eq!(c.host, "127.0.0.1");
    assert_eq!(c.workers, None);
    assert_eq!(
        c.defaults,
        Limits {
            timeout_ms: 30_000,
            cpu_ms: 50,
            memory_mb: 128,
            max_body_mb: 100,
            max_buffer_size_mb: 64,
            max_subrequests: 50,
            max_response_mb: 128,
        }
    );
    assert_eq!(c.defaults, Limits::default());
    assert!(c.apps.is_empty());
    assert_eq!(c.default_app, None);
    assert!(c.admin.is_none());
    assert_eq!(c.listen_addr(), "127.0.0.1:8080");
}

#[test]
fn full_example() {
    let f = Fixture::new();
    let blog = f.app("apps/blog", &["index.js"]);
    let c = f.ok(r#"{
        "port": 8081, "host": "0.0.0.0", "workers": 2,
        "defaults": { "timeout_ms": 20000, "cpu_ms": 40, "memory_mb": 256, "max_body_mb": 10, "max_buffer_size_mb": 32 },
        "apps": [
          { "name": "blog", "hostname": "Blog.Example.com.", "aliases": ["www.blog.example.com", "*.Blog.example.com"],
            "path": "./apps/blog", "entry": "index.js", "env": { "Z": "z", "API_KEY": "x", "FLAGS": {"a": 1} },
            "timeout_ms": 1000, "cpu_ms": 20, "memory_mb": 64, "max_body_mb": 1, "max_buffer_size_mb": 8 }
        ],
        "default_app": "blog",
        "admin": { "port": 9091, "host": "127.0.0.1", "token": "secret" }
    }"#);
    assert_eq!(
        (c.port, c.host.as_str(), c.workers),
        (8081, "0.0.0.0", Some(2))
    );
    assert_eq!(c.defaults.memory_mb, 256);
    let app = &c.apps[0];
    assert_eq!(app.name, "blog");
    assert_eq!(app.hostname, "blog.example.com");
    assert_eq!(app.aliases, ["www.blog.example.com", "*.blog.example.com"]);
    assert_eq!(app.path, blog);
    assert_eq!(app.entry, blog.join("index.js"));
    // Order as written, values of any JSON type.
    assert_eq!(
        app.env.keys().collect::<Vec<_>>(),
        ["Z", "API_KEY", "FLAGS"]
    );
    assert_eq!(app.env["FLAGS"], json!({"a": 1}));
    assert_eq!(
        app.limits,
        Limits {
            timeout_ms: 1000,
            cpu_ms: 20,
            memory_mb: 64,
            max_body_mb: 1,
            max_buffer_size_mb: 8,
            max_subrequests: 50,
            max_response_mb: 128,
        }
    );
    assert_eq!(app.limits.max_body_bytes(), 1024 * 1024);
    assert_eq!(app.limits.timeout().as_millis(), 1000);
    assert_eq!(c.default_app.as_deref(), Some("blog"));
    let admin = c.admin.unwrap();
    assert_eq!((admin.port, admin.host.as_str()), (9091, "127.0.0.1"));
    assert_eq!(admin.token.as_deref(), Some("secret"));
    assert!(!format!("{admin:?}").contains("secret"), "token in Debug");
}

#[test]
fn app_limits_override_defaults_field_by_field() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let c = f.ok(r#"{ "defaults": { "cpu_ms": 70, "max_body_mb": 0 },
        "apps": [{ "name": "a", "hostname": "a.test", "path": "a", "memory_mb": 1 }] }"#);
    assert_eq!(
        c.apps[0].limits,
        Limits {
            cpu_ms: 70,
            max_body_mb: 0,
            memory_mb: 1,
            ..Limits::default()
        }
    );
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let e = Config::parse("{\n  \"port\": 80,\n}", Path::new("nano.json")).unwrap_err();
    assert!(matches!(
        e,
        ConfigError::Syntax {
            line: 3,
            column: 1,
            ..
        }
    ));
    assert_eq!(e.to_string(), "nano.json:3:1: invalid JSON: trailing comma");
    let e = Config::parse("", Path::new("conf/nano.json")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("conf/nano.json:1:0: invalid JSON: EOF"),
        "{e}"
    );
    let e = Config::parse("{} x", Path::new("nano.json")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "nano.json:1:4: invalid JSON: trailing characters"
    );
    // Comments are not JSON.
    let e = Config::parse("{ // c\n}", Path::new("nano.json")).unwrap_err();
    assert!(
        e.to_string().starts_with("nano.json:1:3: invalid JSON:"),
        "{e}"
    );
}

#[test]
fn repeated_keys_are_errors() {
    let e = Config::parse("{\"port\": 1,\n \"port\": 2}", Path::new("nano.json")).unwrap_err();
    assert!(matches!(e, ConfigError::Syntax { line: 2, .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("invalid JSON: key \"port\" appears twice in the same object"),
        "{e}"
    );
    let f = Fixture::new();
    let e = f
        .parse(r#"{"apps": [{"name": "a", "name": "b"}]}"#)
        .unwrap_err();
    assert!(e.to_string().contains("key \"name\" appears twice"), "{e}");
}

#[test]
fn top_level_must_be_an_object() {
    let e = Config::parse("[]", Path::new("nano.json")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "nano.json: expected a JSON object at top level, got an array"
    );
    let f = Fixture::new();
    assert_eq!(
        f.error("null"),
        "expected a JSON object at top level, got null"
    );
}

#[test]
fn unknown_fields_everywhere() {
    let e = Config::parse(r#"{"prot": 1}"#, Path::new("nano.json")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "nano.json: unknown field \"prot\" at top level; expected one of port, host, workers, \
         defaults, apps, default_app, admin (did you mean \"port\"?)"
    );
    let f = Fixture::new();
    assert_eq!(
        f.error(r#"{"zzz": 1}"#),
        "unknown field \"zzz\" at top level; expected one of port, host, workers, defaults, apps, default_app, admin"
    );
    assert_eq!(
        f.error(r#"{"defaults": {"memory": 1}}"#),
        "defaults: unknown field \"memory\"; expected one of timeout_ms, cpu_ms, memory_mb, \
         max_body_mb, max_buffer_size_mb, max_subrequests, max_response_mb"
    );
    assert_eq!(
        f.error(r#"{"admin": {"tokn": "x"}}"#),
        "admin: unknown field \"tokn\"; expected one of port, host, token, token_env (did you mean \"token\"?)"
    );
    f.app("a", &["index.js"]);
    assert_eq!(
        f.error(r#"{"apps": [{"name": "a", "hostname": "a.test", "path": "a", "Hostname": "b"}]}"#),
        "apps[0]: unknown field \"Hostname\"; expected one of name, hostname, aliases, path, entry, \
         env, outbound_allow, timeout_ms, cpu_ms, memory_mb, max_body_mb, max_buffer_size_mb, \
         max_subrequests, max_response_mb (did you mean \"hostname\"?)"
    );
}

#[test]
fn wrong_types() {
    let f = Fixture::new();
    let cases = [
        (
            r#"{"port": "8080"}"#,
            r#"port: expected an integer from 0 to 65535, got "8080""#,
        ),
        (
            r#"{"port": 65536}"#,
            "port: expected an integer from 0 to 65535, got 65536",
        ),
        (
            r#"{"port": 80.0}"#,
            "port: expected an integer from 0 to 65535, got 80.0",
        ),
        (
            r#"{"host": 1}"#,
            "host: expected an IP address or host name to listen on, got 1",
        ),
        (
            r#"{"workers": 0}"#,
            "workers: expected an integer from 1 to 1024, got 0",
        ),
        (
            r#"{"workers": null}"#,
            "workers: expected an integer from 1 to 1024, got null",
        ),
        (
            r#"{"defaults": []}"#,
            "defaults: expected an object of limits, got an array",
        ),
        (
            r#"{"apps": {}}"#,
            "apps: expected an array of apps, got an object",
        ),
        (
            r#"{"apps": ["blog"]}"#,
            r#"apps[0]: expected an app object with "name", "hostname" and "path", got "blog""#,
        ),
        (
            r#"{"default_app": 1}"#,
            "default_app: expected the name of an app, got 1",
        ),
        (r#"{"admin": true}"#, "admin: expected an object, got true"),
        (
            r#"{"admin": {"port": -1}}"#,
            "admin.port: expected an integer from 0 to 65535, got -1",
        ),
        (
            r#"{"admin": {"token": 5}}"#,
            "admin.token: expected a string",
        ),
        (
            r#"{"admin": {"token_env": []}}"#,
            "admin.token_env: expected the name of an environment variable, got an array",
        ),
    ];
    for (json, want) in cases {
        assert_eq!(f.error(json), want, "for {json}");
    }
}

#[test]
fn wrong_types_inside_apps() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let app = |extra: &str| {
        format!(r#"{{"apps": [{{"name": "a", "hostname": "a.test", "path": "a", {extra}}}]}}"#)
    };
    let cases = [
        (
            r#""aliases": "b.test""#,
            "apps[0].aliases: expected an array of host names, got \"b.test\"",
        ),
        (
            r#""aliases": [1]"#,
            "apps[0].aliases[0]: expected a host name such as \"blog.example.com\", got 1",
        ),
        (
            r#""env": ["A"]"#,
            "apps[0].env: expected an object of variables, got an array",
        ),
        (
            r#""env": {"": 1}"#,
            "apps[0].env: the key \"\" is empty; expected a variable name",
        ),
        (
            r#""entry": 5"#,
            "apps[0].entry: expected a script path inside the app folder, got 5",
        ),
        (
            r#""memory_mb": "64""#,
            "apps[0].memory_mb: expected an integer from 1 to 65536, got \"64\"",
        ),
    ];
    for (extra, want) in cases {
        assert_eq!(f.error(&app(extra)), want, "for {extra}");
    }
    let e = f.error(r#"{"apps": [{"name": 1, "hostname": "a.test", "path": "a"}]}"#);
    assert_eq!(
        e,
        r#"apps[0].name: expected an app name (letters, digits, ".", "_" and "-"), got 1"#
    );
}

#[test]
fn limit_bounds() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let bounds = [
        ("timeout_ms", 1, 3_600_000),
        ("cpu_ms", 1, 600_000),
        ("memory_mb", 1, 65_536),
        ("max_body_mb", 0, 4_096),
        ("max_buffer_size_mb", 1, 4_096),
        ("max_subrequests", 0, 100_000),
        ("max_response_mb", 1, 65_536),
    ];
    for (name, min, max) in bounds {
        let expect = |got: &str| format!("expected an integer from {min} to {max}, got {got}");
        for ok in [min, max] {
            let c = f.ok(&format!(
                r#"{{"defaults": {{"{name}": {ok}}}, "apps": [{{"name": "a", "hostname": "a.test", "path": "a", "{name}": {ok}}}]}}"#
            ));
            assert_eq!(c.apps.len(), 1);
        }
        for bad in [
            format!("{}", max + 1),
            "-5".into(),
            "1.5".into(),
            "true".into(),
        ] {
            if bad == "-5" && min == 0 {
                continue;
            }
            assert_eq!(
                f.error(&format!(r#"{{"defaults": {{"{name}": {bad}}}}}"#)),
                format!("defaults.{name}: {}", expect(&bad))
            );
            assert_eq!(
                f.error(&format!(
                    r#"{{"apps": [{{"name": "a", "hostname": "a.test", "path": "a", "{name}": {bad}}}]}}"#
                )),
                format!("apps[0].{name}: {}", expect(&bad))
            );
        }
        if min == 1 {
            assert_eq!(
                f.error(&format!(r#"{{"defaults": {{"{name}": 0}}}}"#)),
                format!("defaults.{name}: {}", expect("0"))
            );
        }
    }
    // The brief's example, with the file name as given.
    let json = r#"{"apps": [{"name": "a", "hostname": "a.test", "path": "a", "memory_mb": -5}]}"#;
    let e = Config::parse(json, &f.file()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: apps[0].memory_mb: expected an integer from 1 to 65536, got -5",
            f.file().display()
        )
    );
}

#[test]
fn missing_required_fields() {
    let f = Fixture::new();
    assert_eq!(
        f.errors(r#"{"apps": [{}]}"#),
        [
            r#"apps[0]: missing field "name"; expected an app name (letters, digits, ".", "_" and "-")"#,
            r#"apps[0]: missing field "hostname"; expected a host name such as "blog.example.com""#,
            r#"apps[0]: missing field "path"; expected the app folder or script, e.g. "./apps/blog""#,
        ]
    );
}

#[test]
fn app_names() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let named = |name: &str| {
        format!(r#"{{"apps": [{{"name": {name}, "hostname": "a.test", "path": "a"}}]}}"#)
    };
    assert_eq!(f.ok(&named(r#""My.app_1-x""#)).apps[0].name, "My.app_1-x");
    let cases = [
        (
            r#""""#,
            r#"apps[0].name: "" is empty; expected letters, digits, ".", "_" and "-""#,
        ),
        (
            r#""my app""#,
            r#"apps[0].name: "my app" is not a valid app name: ' ' is not allowed; expected letters, digits, ".", "_" and "-""#,
        ),
        (
            r#""a/b""#,
            r#"apps[0].name: "a/b" is not a valid app name: '/' is not allowed; expected letters, digits, ".", "_" and "-""#,
        ),
        (
            r#""..""#,
            r#"apps[0].name: ".." is not a valid app name; expected letters, digits, ".", "_" and "-", not only dots"#,
        ),
    ];
    for (name, want) in cases {
        assert_eq!(f.error(&named(name)), want, "for {name}");
    }
    let long = format!("\"{}\"", "a".repeat(65));
    assert!(f
        .error(&named(&long))
        .ends_with("is longer than 64 characters"));
}

#[test]
fn app_names_are_unique_ignoring_case() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let e = f.error(
        r#"{"apps": [
            {"name": "blog", "hostname": "a.test", "path": "a"},
            {"name": "Blog", "hostname": "b.test", "path": "a"}]}"#,
    );
    assert_eq!(
        e,
        r#"apps[1].name: "Blog" is already used by app "blog"; expected a unique name (ignoring case)"#
    );
}

#[test]
fn hostname_rules() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let host = |h: &str| format!(r#"{{"apps": [{{"name": "a", "hostname": {h}, "path": "a"}}]}}"#);
    assert_eq!(f.ok(&host(r#""A.Test.""#)).apps[0].hostname, "a.test");
    assert_eq!(f.ok(&host(r#""*.Test""#)).apps[0].hostname, "*.test");
    assert_eq!(f.ok(&host(r#""[0::1]""#)).apps[0].hostname, "[::1]");
    let cases = [
        (
            r#""Blog.example.com:80""#,
            r#""Blog.example.com:80" must be a host name without a port (e.g. "blog.example.com")"#,
        ),
        (
            r#""https://blog.example.com/""#,
            r#""https://blog.example.com/" must be a host name without a scheme (e.g. "blog.example.com")"#,
        ),
        (
            r#""blog.example.com/x""#,
            r#""blog.example.com/x" must be a host name without a path (e.g. "blog.example.com")"#,
        ),
        (
            r#""a.*.test""#,
            r#""a.*.test" is not a valid host name: a wildcard is only allowed as the whole first label (e.g. "*.example.com")"#,
        ),
        (
            r#""*a.test""#,
            r#""*a.test" is not a valid host name: a wildcard is only allowed as the whole first label (e.g. "*.example.com")"#,
        ),
        (
            r#""*""#,
            r#""*" would match every host; leave it out and set "default_app" to send unmatched hosts to an app"#,
        ),
        (
            r#""""#,
            r#""" is empty; expected a host name such as "blog.example.com""#,
        ),
        (
            r#""a_b c""#,
            r#""a_b c" is not a valid host name: ' ' is not allowed; expected letters, digits, "-", "_" and "." (e.g. "blog.example.com")"#,
        ),
    ];
    for (h, want) in cases {
        assert_eq!(
            f.error(&host(h)),
            format!("apps[0].hostname: {want}"),
            "for {h}"
        );
    }
    let alias = r#"{"apps": [{"name": "a", "hostname": "a.test", "aliases": ["b.test", "b.test:8080"], "path": "a"}]}"#;
    assert_eq!(
        f.error(alias),
        r#"apps[0].aliases[1]: "b.test:8080" must be a host name without a port (e.g. "b.test")"#
    );
}

#[test]
fn hostnames_are_unique_across_apps() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let lines = f.errors(
        r#"{"apps": [
            {"name": "a", "hostname": "a.test", "aliases": ["*.a.test", "www.a.test"], "path": "a"},
            {"name": "b", "hostname": "A.TEST.", "aliases": ["*.A.test", "b.test", "b.test."], "path": "a"},
            {"name": "c", "hostname": "c.test", "aliases": ["c.test"], "path": "a"}]}"#,
    );
    assert_eq!(
        lines,
        [
            r#"apps[1].hostname: "a.test" is already the hostname of app "a"; expected each host name to route to one app"#,
            r#"apps[1].aliases[0]: "*.a.test" is already an alias of app "a"; expected each host name to route to one app"#,
            r#"apps[1].aliases[2]: "b.test" is already an alias of this app; expected each host name to route to one app"#,
            r#"apps[2].aliases[0]: "c.test" is already the hostname of this app; expected each host name to route to one app"#,
        ]
    );
}

#[test]
fn default_app_must_exist() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    assert_eq!(
        f.error(r#"{"default_app": "x"}"#),
        r#"default_app: "x" is not the name of an app; there are no apps"#
    );
    assert_eq!(
        f.error(
            r#"{"default_app": "blgo", "apps": [
                {"name": "blog", "hostname": "a.test", "path": "a"},
                {"name": "api", "hostname": "b.test", "path": "a"}]}"#
        ),
        r#"default_app: "blgo" is not the name of an app; expected one of blog, api"#
    );
    // A broken app still counts as named: only its own problem is reported.
    assert_eq!(
        f.error(r#"{"default_app": "blog", "apps": [{"name": "blog", "hostname": "a.test", "path": "nope"}]}"#),
        format!(
            r#"apps[0].path: folder "nope" (resolved to {}) does not exist"#,
            f.root().join("nope").display()
        )
    );
}

#[test]
fn listen_hosts_and_ports() {
    let f = Fixture::new();
    let c = f.ok(r#"{"host": "::", "port": 0, "admin": {"host": "[::1]", "port": 0}}"#);
    assert_eq!(c.listen_addr(), "[::]:0");
    assert_eq!(c.admin.unwrap().listen_addr(), "[::1]:0");
    assert_eq!(f.ok(r#"{"host": "LocalHost"}"#).host, "localhost");
    assert_eq!(
        f.error(r#"{"host": "127.0.0.1:80"}"#),
        r#"host: "127.0.0.1:80" must not include a port (set "port" instead); expected an IP address or host name to listen on (e.g. "127.0.0.1", "0.0.0.0" or "::")"#
    );
    assert_eq!(
        f.error(r#"{"admin": {"host": "http://x"}}"#),
        r#"admin.host: "http://x" is not valid; expected an IP address or host name to listen on (e.g. "127.0.0.1", "0.0.0.0" or "::")"#
    );
}

#[test]
fn admin_section() {
    let f = Fixture::new();
    let a = f.ok(r#"{"admin": {}}"#).admin.unwrap();
    assert_eq!(
        (a.port, a.host.as_str(), a.token),
        (9090, "127.0.0.1", None)
    );
    let a = f.ok(r#"{"admin": {"token_env": "TOKEN"}}"#).admin.unwrap();
    assert_eq!(a.token.as_deref(), Some("s3cret-token"));
    let cases = [
        (
            r#"{"admin": {"token": "a", "token_env": "TOKEN"}}"#,
            r#"admin: "token" and "token_env" cannot both be set; expected one of them"#,
        ),
        (
            r#"{"admin": {"token_env": "UNSET_VAR"}}"#,
            r#"admin.token_env: environment variable "UNSET_VAR" is not set; expected it to hold the admin token"#,
        ),
        (
            r#"{"admin": {"token_env": "EMPTY"}}"#,
            r#"admin.token_env: environment variable "EMPTY" is empty; expected it to hold the admin token"#,
        ),
        (
            r#"{"admin": {"token_env": "SPACES"}}"#,
            r#"admin.token_env: environment variable "SPACES": expected visible ASCII characters without spaces (it is sent in an Authorization header)"#,
        ),
        (
            r#"{"admin": {"token_env": ""}}"#,
            r#"admin.token_env: "" is not a valid environment variable name"#,
        ),
        (
            r#"{"admin": {"token": ""}}"#,
            r#"admin.token: is empty; expected a secret string, or leave "token" out to turn the admin routes off"#,
        ),
        (
            r#"{"admin": {"token": "my secret"}}"#,
            r#"admin.token: expected visible ASCII characters without spaces (it is sent in an Authorization header)"#,
        ),
        (
            r#"{"admin": {"port": 8080}}"#,
            r#"admin.port: 8080 is also the main "port"; expected a different port"#,
        ),
    ];
    for (json, want) in cases {
        assert_eq!(f.error(json), want, "for {json}");
    }
    // Both on port 0 is fine: each gets its own free port.
    f.ok(r#"{"port": 0, "admin": {"port": 0}}"#);
}

#[test]
fn every_problem_is_reported_one_per_line() {
    let f = Fixture::new();
    let lines = f.errors(
        r#"{"prot": 1, "port": -1, "workers": 0,
            "apps": [{"name": "a b", "hostname": "x:1", "path": "a", "memory_mb": 0}],
            "admin": {"token_env": "UNSET_VAR"}}"#,
    );
    assert_eq!(lines.len(), 8, "{lines:#?}");
    assert!(lines[0].starts_with("unknown field \"prot\""));
    assert!(lines[1].starts_with("port: "));
    assert!(lines[2].starts_with("workers: "));
    assert!(lines[3].starts_with("apps[0].name: "));
    assert!(lines[4].starts_with("apps[0].hostname: "));
    // The folder is missing too (apps are checked in field order).
    assert!(lines[5].starts_with("apps[0].path: "));
    assert!(lines[6].starts_with("apps[0].memory_mb: "));
    assert!(lines[7].starts_with("admin.token_env: "));
}

#[test]
fn load_reads_the_file() {
    let f = Fixture::new();
    f.app("apps/blog", &["worker.js"]);
    std::fs::write(
        f.file(),
        r#"{"apps": [{"name": "blog", "hostname": "blog.test", "path": "apps/blog"}]}"#,
    )
    .unwrap();
    let c = Config::load(&f.file()).unwrap();
    assert_eq!(c.apps[0].entry, f.root().join("apps/blog/worker.js"));

    let missing = f.dir.path().join("missing.json");
    let e = Config::load(&missing).unwrap_err();
    assert!(matches!(e, ConfigError::Read { .. }));
    assert!(
        e.to_string()
            .starts_with(&format!("{}: cannot read the file: ", missing.display())),
        "{e}"
    );
}

#[test]
fn outbound_allow() {
    let f = Fixture::new();
    f.app("a", &["index.js"]);
    let c = f.ok(
        r#"{"apps": [{"name": "a", "hostname": "a.test", "path": "a",
            "outbound_allow": ["DB.Internal.", "*.svc.local", "10.0.0.5", "[::1]", "fe80::1"]}]}"#,
    );
    assert_eq!(
        c.apps[0].outbound_allow,
        ["db.internal", "*.svc.local", "10.0.0.5", "::1", "fe80::1"]
    );
    assert_eq!(
        f.error(
            r#"{"apps": [{"name": "a", "hostname": "a.test", "path": "a", "outbound_allow": "x"}]}"#
        ),
        "apps[0].outbound_allow: expected an array of host names or IP addresses \
         (e.g. [\"db.internal\", \"10.0.0.5\"]), got \"x\""
    );
    let e = f.error(
        r#"{"apps": [{"name": "a", "hostname": "a.test", "path": "a", "outbound_allow": ["a b"]}]}"#,
    );
    assert!(e.starts_with("apps[0].outbound_allow[0]: "), "{e}");
}
