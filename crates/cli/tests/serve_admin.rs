//! `nanojs serve`: the admin listener (health, auth, metrics, app API).

mod serve_support;

use std::time::Duration;

use serde_json::json;
use serve_support::{eventually, Project, Serve, Server};

const TOKEN: &str = "t0p-s3cret";

const APP: &str = r#"
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/throw') throw new Error('metrics-boom');
    if (path === '/spin') { while (true) {} }
    return new Response('app ' + env.NAME);
  },
};
"#;

fn admin_project(name: &str, admin: serde_json::Value) -> Project {
    let p = Project::new(name);
    for app in ["a", "b", "c"] {
        p.write(&format!("{app}/index.js"), APP);
    }
    p.config(&json!({
        "apps": [
            {"name": "a", "hostname": "a.test", "path": "./a", "env": {"NAME": "a"}},
            {"name": "b", "hostname": "b.test", "path": "./b", "env": {"NAME": "b"}}
        ],
        "admin": admin
    }));
    p
}

fn start(name: &str) -> (Project, Server) {
    let p = admin_project(name, json!({"port": 0, "token": TOKEN}));
    let s = Serve::config(&p).admin().start();
    (p, s)
}

#[test]
fn health_is_open_and_everything_else_needs_the_token() {
    let (_p, s) = start("auth");
    let r = s.admin("GET", "/health", None, None);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["apps"], 2);
    assert_eq!(v["workers"], 2);

    let app = r#"{"name": "c", "hostname": "c.test", "path": "./c"}"#;
    let routes: [(&str, &str, Option<&str>); 5] = [
        ("GET", "/metrics", None),
        ("GET", "/admin/apps", None),
        ("POST", "/admin/reload", None),
        ("POST", "/admin/apps", Some(app)),
        ("DELETE", "/admin/apps/a", None),
    ];
    for (method, path, body) in routes {
        for token in [
            None,
            Some("wrong"),
            Some("t0p-s3cre"),
            Some("t0p-s3cret-and-more"),
        ] {
            let r = s.admin(method, path, token, body);
            assert_eq!(
                r.status,
                401,
                "{method} {path} with {token:?}: {}",
                r.text()
            );
        }
        // Not Bearer.
        let mut c = serve_support::Conn::open(s.admin_port());
        let r = c.request(
            method,
            "127.0.0.1",
            path,
            &[("authorization", &format!("Basic {TOKEN}"))],
            body.map(str::as_bytes),
        );
        assert_eq!(r.status, 401, "{method} {path} with Basic");
    }
    // Nothing changed: both apps still serve, c was not added.
    assert_eq!(s.get("a.test", "/").text(), "app a");
    assert_eq!(s.get("c.test", "/").status, 404);
    // The admin listener is not the app listener: app traffic does not
    // reach it and admin routes are not on the app port.
    assert_eq!(s.get("a.test", "/health").text(), "app a");
    assert_eq!(s.get("nobody.test", "/metrics").status, 404);

    // With the token.
    assert_eq!(s.admin("GET", "/metrics", Some(TOKEN), None).status, 200);
    let r = s.admin("GET", "/admin/apps", Some(TOKEN), None);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let names: Vec<&str> = v["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b"], "{v}");
    assert_eq!(v["apps"][0]["hostname"], "a.test");
    // Env names only, never values.
    assert_eq!(v["apps"][0]["env"], json!(["NAME"]), "{v}");
    let r = s.admin("POST", "/admin/reload", Some(TOKEN), None);
    assert_eq!(r.status, 200, "{}", r.text());
}

/// The value of the sample `name{labels}` in Prometheus text.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l[series.len() + 1..].trim().parse().ok())
}

#[test]
fn metrics_are_prometheus_text_labelled_by_app() {
    let (_p, s) = start("metrics");
    for _ in 0..5 {
        assert_eq!(s.get("a.test", "/").status, 200);
    }
    assert_eq!(s.get("a.test", "/throw").status, 500);
    assert_eq!(s.get("b.test", "/").status, 200);

    let metrics = || {
        let r = s.admin("GET", "/metrics", Some(TOKEN), None);
        assert_eq!(r.status, 200);
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with("text/plain")),
            "{:?}",
            r.headers
        );
        r.text()
    };
    let text = metrics();
    // Well-formed exposition: every line a comment or `name{labels} value`.
    for line in text.lines().filter(|l| !l.is_empty()) {
        if line.starts_with('#') {
            assert!(
                line.starts_with("# HELP ") || line.starts_with("# TYPE "),
                "{line}"
            );
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap();
        assert!(
            series.starts_with("nanojs_") && series.contains("{app=\""),
            "{line}"
        );
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
    for ty in [
        "# TYPE nanojs_requests_total counter",
        "# TYPE nanojs_request_errors_total counter",
        "# TYPE nanojs_request_duration_seconds histogram",
        "# TYPE nanojs_cpu_seconds_total counter",
        "# TYPE nanojs_isolates gauge",
        "# TYPE nanojs_isolate_memory_bytes gauge",
    ] {
        assert!(text.contains(ty), "missing {ty:?} in:\n{text}");
    }
    let get = |text: &str, series: &str| {
        sample(text, series).unwrap_or_else(|| panic!("no sample {series} in:\n{text}"))
    };
    assert_eq!(
        get(&text, r#"nanojs_requests_total{app="a",status="2xx"}"#),
        5.0
    );
    assert_eq!(
        get(&text, r#"nanojs_requests_total{app="a",status="5xx"}"#),
        1.0
    );
    assert_eq!(
        get(&text, r#"nanojs_requests_total{app="b",status="2xx"}"#),
        1.0
    );
    assert_eq!(
        get(
            &text,
            r#"nanojs_request_errors_total{app="a",reason="exception"}"#
        ),
        1.0
    );
    assert_eq!(
        get(
            &text,
            r#"nanojs_request_errors_total{app="b",reason="exception"}"#
        ),
        0.0
    );
    assert_eq!(
        get(&text, r#"nanojs_request_duration_seconds_count{app="a"}"#),
        6.0
    );
    assert_eq!(
        get(
            &text,
            r#"nanojs_request_duration_seconds_bucket{app="a",le="+Inf"}"#
        ),
        6.0
    );
    assert!(get(&text, r#"nanojs_request_duration_seconds_sum{app="a"}"#) > 0.0);
    assert!(get(&text, r#"nanojs_cpu_seconds_total{app="a"}"#) > 0.0);
    // Buckets are cumulative.
    let buckets: Vec<f64> = text
        .lines()
        .filter(|l| l.starts_with(r#"nanojs_request_duration_seconds_bucket{app="a","#))
        .map(|l| l.rsplit_once(' ').unwrap().1.parse().unwrap())
        .collect();
    assert!(
        buckets.len() > 3 && buckets.windows(2).all(|w| w[0] <= w[1]),
        "{buckets:?}"
    );

    // A CPU-limit error is counted under its reason.
    assert_eq!(s.get("b.test", "/spin").status, 503);
    let text = metrics();
    assert_eq!(
        get(
            &text,
            r#"nanojs_request_errors_total{app="b",reason="cpu_limit"}"#
        ),
        1.0
    );

    // The gauges are refreshed every 2 s: isolates and heap bytes appear.
    let seen = eventually(Duration::from_secs(20), || {
        let text = metrics();
        let isolates = sample(&text, r#"nanojs_isolates{app="a"}"#)?;
        let memory = sample(&text, r#"nanojs_isolate_memory_bytes{app="a"}"#)?;
        (isolates >= 1.0 && memory > 0.0).then_some((isolates, memory))
    });
    assert!(
        seen.is_some(),
        "isolate gauges never showed app a:\n{}",
        metrics()
    );
    let (isolates, _) = seen.unwrap();
    assert!(
        isolates <= 2.0,
        "at most one isolate per worker: {isolates}"
    );
}

#[test]
fn apps_can_be_added_and_removed_through_the_api() {
    let (p, s) = start("api");
    p.write("c/index.js", APP);
    assert_eq!(s.get("c.test", "/").status, 404);

    let app = json!({"name": "c", "hostname": "c.test", "aliases": ["*.c.test"], "path": "./c", "env": {"NAME": "c"}});
    let r = s.admin("POST", "/admin/apps", Some(TOKEN), Some(&app.to_string()));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(s.get("c.test", "/").text(), "app c");
    assert_eq!(s.get("www.c.test", "/").text(), "app c");
    let r = s.admin("GET", "/admin/apps", Some(TOKEN), None);
    assert_eq!(r.json()["apps"].as_array().unwrap().len(), 3);
    assert_eq!(s.admin("GET", "/health", None, None).json()["apps"], 3);

    // Adding it again, or an app on a taken host name, is refused.
    let r = s.admin("POST", "/admin/apps", Some(TOKEN), Some(&app.to_string()));
    assert_eq!(r.status, 409, "{}", r.text());
    let clash = json!({"name": "d", "hostname": "a.test", "path": "./c"});
    let r = s.admin("POST", "/admin/apps", Some(TOKEN), Some(&clash.to_string()));
    assert!(
        r.status == 409 || r.status == 400,
        "{} {}",
        r.status,
        r.text()
    );
    assert!(r.text().contains("a.test"), "{}", r.text());
    assert_eq!(s.get("a.test", "/").text(), "app a");
    // Bad bodies: 400 with the reason.
    let r = s.admin("POST", "/admin/apps", Some(TOKEN), Some("{not json"));
    assert_eq!(r.status, 400);
    let r = s.admin(
        "POST",
        "/admin/apps",
        Some(TOKEN),
        Some(r#"{"name": "e", "hostname": "e.test", "path": "./c", "colour": "red"}"#),
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("colour"), "{}", r.text());
    let r = s.admin(
        "POST",
        "/admin/apps",
        Some(TOKEN),
        Some(r#"{"name": "e", "hostname": "e.test", "path": "./missing"}"#),
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("path"), "{}", r.text());
    assert_eq!(s.get("e.test", "/").status, 404);

    // Delete.
    let r = s.admin("DELETE", "/admin/apps/c", Some(TOKEN), None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.get("c.test", "/").status, 404);
    assert_eq!(s.get("www.c.test", "/").status, 404);
    let r = s.admin("DELETE", "/admin/apps/c", Some(TOKEN), None);
    assert_eq!(r.status, 404);
    // Deleting a configured app works too, and survives a reload of the file.
    assert_eq!(
        s.admin("DELETE", "/admin/apps/b", Some(TOKEN), None).status,
        200
    );
    assert_eq!(s.get("b.test", "/").status, 404);
    assert_eq!(
        s.admin("POST", "/admin/reload", Some(TOKEN), None).status,
        200
    );
    assert_eq!(s.get("b.test", "/").status, 404);
    assert_eq!(s.get("a.test", "/").text(), "app a");
}

#[test]
fn without_a_token_only_health_is_served() {
    let p = admin_project("notoken", json!({"port": 0}));
    let s = Serve::config(&p).admin().start();
    let r = s.admin("GET", "/health", None, None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ok");
    for (method, path) in [
        ("GET", "/metrics"),
        ("GET", "/admin/apps"),
        ("POST", "/admin/reload"),
        ("POST", "/admin/apps"),
        ("DELETE", "/admin/apps/a"),
    ] {
        for token in [None, Some("anything")] {
            let r = s.admin(method, path, token, None);
            assert_eq!(
                r.status,
                404,
                "{method} {path} with {token:?}: {}",
                r.text()
            );
        }
    }
    assert_eq!(s.get("a.test", "/").text(), "app a");
}

#[test]
fn token_env_reads_the_token_from_the_environment() {
    let p = admin_project(
        "tokenenv",
        json!({"port": 0, "token_env": "NANOJS_TEST_ADMIN_TOKEN"}),
    );
    let s = Serve::config(&p)
        .env("NANOJS_TEST_ADMIN_TOKEN", "from-the-env")
        .admin()
        .start();
    assert_eq!(
        s.admin("GET", "/metrics", Some("from-the-env"), None)
            .status,
        200
    );
    assert_eq!(s.admin("GET", "/metrics", Some(TOKEN), None).status, 401);
    assert_eq!(
        s.admin("GET", "/metrics", Some("NANOJS_TEST_ADMIN_TOKEN"), None)
            .status,
        401
    );
    assert_eq!(s.admin("GET", "/metrics", None, None).status, 401);
    // The token is not in the log.
    assert!(!s.log_text().contains("from-the-env"), "{}", s.log_text());

    // Unset: the server refuses to start and says which variable.
    let (status, log) = Serve::config(&p).run_to_exit();
    assert!(!status.success(), "{log}");
    assert!(
        log.contains("NANOJS_TEST_ADMIN_TOKEN") && log.contains("admin.token_env"),
        "{log}"
    );
}
