//! App folders and scripts: resolution, entry discovery, single_app, the
//! admin API helpers.

mod common;

use common::{strip_file, Fixture};
use nanojs_config::{AppConfig, Config, ConfigError, Limits};
use serde_json::json;

fn one_app(path: &str, extra: &str) -> String {
    format!(r#"{{"apps": [{{"name": "a", "hostname": "a.test", "path": "{path}"{extra}}}]}}"#)
}

#[test]
fn relative_paths_resolve_against_the_config_folder() {
    let f = Fixture::new();
    let app = f.app("conf/apps/blog", &["index.js"]);
    // The config lives in conf/, not in the current folder.
    let file = f.dir.path().join("conf/nano.json");
    for p in [
        "./apps/blog",
        "apps/blog",
        "apps/../apps/blog/",
        "./apps/./blog",
    ] {
        let c = Config::parse(&one_app(p, ""), &file).unwrap();
        assert_eq!(c.apps[0].path, app, "for {p}");
        assert!(c.apps[0].path.is_absolute());
    }
    let abs = app.display().to_string();
    let c = Config::parse(&one_app(&abs, ""), &file).unwrap();
    assert_eq!(c.apps[0].path, app);
}

#[cfg(unix)]
#[test]
fn paths_are_canonical() {
    let f = Fixture::new();
    let real = f.app("real", &["index.js"]);
    std::os::unix::fs::symlink(&real, f.dir.path().join("link")).unwrap();
    let c = f.ok(&one_app("link", ""));
    assert_eq!(c.apps[0].path, real);
    assert_eq!(c.apps[0].entry, real.join("index.js"));
}

#[test]
fn missing_folder() {
    let f = Fixture::new();
    assert_eq!(
        f.error(&one_app("./apps/x", "")),
        format!(
            r#"apps[0].path: folder "./apps/x" (resolved to {}) does not exist"#,
            f.root().join("apps/x").display()
        )
    );
    assert_eq!(
        f.error(&one_app("", "")),
        r#"apps[0].path: is empty; expected the app folder or script, e.g. "./apps/blog""#
    );
}

#[test]
fn entry_discovery_order() {
    let f = Fixture::new();
    let cases: [(&[&str], &str); 8] = [
        (&["worker.js", "index.mjs", "index.js"], "index.js"),
        (&["worker.js", "index.mjs"], "index.mjs"),
        (&["worker.js", "index.ts"], "index.ts"),
        (&["worker.js", "main.js"], "worker.js"),
        (&["worker.ts", "src/index.ts"], "worker.ts"),
        (&["src/index.ts", "src/index.js"], "src/index.js"),
        (&["src/index.ts"], "src/index.ts"),
        (&["main.ts", "src/worker.ts"], ""),
    ];
    for (i, (files, want)) in cases.into_iter().enumerate() {
        let dir = f.app(&format!("app{i}"), files);
        let json = one_app(&format!("app{i}"), "");
        if want.is_empty() {
            assert_eq!(
                f.error(&json),
                format!(
                    r#"apps[0].path: folder "app{i}" (resolved to {}) has none of index.js, index.mjs, index.ts, worker.js, worker.ts, src/index.js, src/index.ts; add one or set "entry""#,
                    dir.display()
                )
            );
        } else {
            assert_eq!(f.ok(&json).apps[0].entry, dir.join(want));
        }
    }
    // A folder named index.js does not count.
    let dir = f.app("odd", &["worker.js"]);
    std::fs::create_dir(dir.join("index.js")).unwrap();
    assert_eq!(
        f.ok(&one_app("odd", "")).apps[0].entry,
        dir.join("worker.js")
    );
}

#[test]
fn explicit_entry() {
    let f = Fixture::new();
    let dir = f.app("a", &["index.js", "src/main.js"]);
    std::fs::create_dir(dir.join("lib")).unwrap();
    let c = f.ok(&one_app("a", r#", "entry": "src/main.js""#));
    assert_eq!(c.apps[0].entry, dir.join("src/main.js"));
    assert_eq!(c.apps[0].path, dir);
    assert_eq!(
        f.error(&one_app("a", r#", "entry": "nope.js""#)),
        format!(
            r#"apps[0].entry: file "nope.js" (resolved to {}) does not exist"#,
            dir.join("nope.js").display()
        )
    );
    assert_eq!(
        f.error(&one_app("a", r#", "entry": "lib""#)),
        format!(
            r#"apps[0].entry: "lib" (resolved to {}) is a folder; expected a script file"#,
            dir.join("lib").display()
        )
    );
    for bad in ["../index.js", "/etc/passwd", "src/../../x.js", ""] {
        assert_eq!(
            f.error(&one_app("a", &format!(r#", "entry": "{bad}""#))),
            format!(
                r#"apps[0].entry: "{bad}" must be a relative path inside the app folder, without ".." (e.g. "src/index.js")"#
            ),
            "for {bad}"
        );
    }
}

#[test]
fn path_naming_a_script() {
    let f = Fixture::new();
    let dir = f.app("a", &["server.js"]);
    let c = f.ok(&one_app("a/server.js", ""));
    assert_eq!(c.apps[0].path, dir);
    assert_eq!(c.apps[0].entry, dir.join("server.js"));
    assert_eq!(
        f.error(&one_app("a/server.js", r#", "entry": "server.js""#)),
        r#"apps[0].entry: must not be set when "path" names a script ("a/server.js"); point "path" at the folder instead"#
    );
}

#[test]
fn single_app_from_a_folder() {
    let f = Fixture::new();
    let dir = f.app("my app!", &["index.mjs"]);
    let c = Config::single_app(&dir).unwrap();
    assert_eq!(c.file, None);
    assert_eq!(c.apps.len(), 1);
    let app = &c.apps[0];
    assert_eq!(app.name, "my-app-");
    assert_eq!(app.hostname, "localhost");
    assert_eq!(app.path, dir);
    assert_eq!(app.entry, dir.join("index.mjs"));
    assert_eq!(app.limits, Limits::default());
    assert_eq!(c.default_app.as_deref(), Some("my-app-"));
    assert_eq!(
        (c.port, c.host.as_str(), c.admin.is_none()),
        (8080, "127.0.0.1", true)
    );
    // Any Host reaches it.
    let router = c.router();
    assert_eq!(router.route("anything.example"), Some(0));
    assert_eq!(router.route(""), Some(0));
    c.validate_apps().unwrap();
}

#[test]
fn single_app_from_a_script() {
    let f = Fixture::new();
    let dir = f.app("apps", &["hello.world.js"]);
    let c = Config::single_app(&dir.join("hello.world.js")).unwrap();
    assert_eq!(c.apps[0].name, "hello.world");
    assert_eq!(c.apps[0].path, dir);
    assert_eq!(c.apps[0].entry, dir.join("hello.world.js"));
}

#[test]
fn single_app_errors_have_no_file_or_field() {
    let f = Fixture::new();
    let missing = f.dir.path().join("nope");
    let e = Config::single_app(&missing).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            r#"folder "{}" (resolved to {}) does not exist"#,
            missing.display(),
            missing.display()
        )
    );
    let empty = f.app("empty", &[]);
    let e = Config::single_app(&empty).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("has none of index.js, index.mjs, index.ts, worker.js, worker.ts, src/index.js, src/index.ts; add one or set \"entry\""),
        "{e}"
    );
}

#[test]
fn from_json_for_the_admin_api() {
    let f = Fixture::new();
    let dir = f.app("apps/new", &["index.js"]);
    let defaults = Limits {
        cpu_ms: 10,
        ..Limits::default()
    };
    let v = json!({"name": "new", "hostname": "New.test", "path": "apps/new", "memory_mb": 2});
    let app = AppConfig::from_json(&v, f.dir.path(), &defaults).unwrap();
    assert_eq!(app.hostname, "new.test");
    assert_eq!(app.path, dir);
    assert_eq!((app.limits.cpu_ms, app.limits.memory_mb), (10, 2));

    // Fields are named without a prefix and without a file.
    let v = json!({"name": "new", "hostname": "new.test:80", "path": "apps/new", "extra": 1});
    let e = AppConfig::from_json(&v, f.dir.path(), &defaults).unwrap_err();
    assert!(matches!(e, ConfigError::Invalid { file: None, .. }));
    assert_eq!(
        e.to_string(),
        "unknown field \"extra\" at top level; expected one of name, hostname, aliases, path, entry, env, \
         outbound_allow, timeout_ms, cpu_ms, memory_mb, max_body_mb, max_buffer_size_mb, \
         max_subrequests, max_response_mb\n\
         hostname: \"new.test:80\" must be a host name without a port (e.g. \"new.test\")"
    );
    let e = AppConfig::from_json(&json!([]), f.dir.path(), &defaults).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"expected an app object with "name", "hostname" and "path", got an array"#
    );
    let e = AppConfig::from_json(&json!({}), f.dir.path(), &defaults).unwrap_err();
    assert_eq!(e.issues().len(), 3);
}

fn two_apps(f: &Fixture) -> Config {
    f.app("a", &["index.js"]);
    f.ok(r#"{"default_app": "one", "apps": [
        {"name": "one", "hostname": "one.test", "aliases": ["*.one.test"], "path": "a"},
        {"name": "two", "hostname": "two.test", "path": "a"}]}"#)
}

#[test]
fn validate_apps_after_changes() {
    let f = Fixture::new();
    let mut c = two_apps(&f);
    c.validate_apps().unwrap();
    let mut dup = c.apps[1].clone();
    dup.name = "three".into();
    dup.aliases = vec!["*.one.test".into()];
    c.apps.push(dup);
    let e = c.validate_apps().unwrap_err();
    assert_eq!(
        strip_file(&e, &f.file()),
        [
            r#"apps[2].hostname: "two.test" is already the hostname of app "two"; expected each host name to route to one app"#,
            r#"apps[2].aliases[0]: "*.one.test" is already an alias of app "one"; expected each host name to route to one app"#,
        ]
    );
    // Hand-built values are re-checked too.
    c.apps.pop();
    c.apps[1].hostname = "Two.test".into();
    c.apps[1].name = "t w o".into();
    c.default_app = Some("zero".into());
    let lines = strip_file(&c.validate_apps().unwrap_err(), &f.file());
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].starts_with(r#"apps[1].name: "t w o" is not a valid app name"#));
    assert_eq!(
        lines[1],
        r#"apps[1].hostname: "Two.test" must be written as "two.test""#
    );
    assert_eq!(
        lines[2],
        r#"default_app: "zero" is not the name of an app; expected one of one, t w o"#
    );
}

#[test]
fn add_app_checks_against_existing_apps() {
    let f = Fixture::new();
    let mut c = two_apps(&f);
    let mut app = c.apps[1].clone();
    app.name = "ONE".into();
    app.hostname = "x.one.test".into();
    app.aliases = vec!["two.test".into()];
    let e = c.add_app(app.clone()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "name: \"ONE\" is already used by app \"one\"; expected a unique name (ignoring case)\n\
         aliases[0]: \"two.test\" is already the hostname of app \"two\"; expected each host name to route to one app"
    );
    assert_eq!(c.apps.len(), 2);
    app.name = "three".into();
    app.aliases.clear();
    // x.one.test is also matched by *.one.test, but an exact name wins, so it
    // is allowed.
    assert_eq!(c.add_app(app).unwrap(), 2);
    assert_eq!(c.router().route("x.one.test"), Some(2));
    assert_eq!(c.router().route("y.one.test"), Some(0));
}
