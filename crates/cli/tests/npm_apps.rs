//! Real npm packages (`tests/npm`, installed by `npm ci`) served by the real
//! `nanojs serve`, in two variants (and, at the end, used from a script
//! whose output must be Node's):
//!
//! - **unbundled**: the app folder is `tests/npm` itself and each app's
//!   entry is `apps/<name>/index.js` (or `index.tsx`), so nanojs resolves the packages from
//!   `tests/npm/node_modules` (package.json `exports`, CommonJS, ...);
//! - **bundled**: esbuild (a dev dependency of the corpus) bundles each app
//!   into one ES module first.
//!
//! One server per variant hosts every app, routed by Host (`<name>.test`).
//! Each app is checked against known answers over HTTP; a failing app does
//! not hide the others: the test reports every failing app at the end.
//!
//! Without `tests/npm/node_modules` the tests skip with a message; `.ci/run`
//! installs it and sets `NANOJS_REQUIRE_NPM_CORPUS`, so CI never skips.

mod serve_support;

use serde_json::{json, Value};
use serve_support::{Conn, Project, Resp, Serve, Server};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;

/// An app's checks against a running server.
type Check = fn(&App);

/// The apps under `tests/npm/apps/`, each with its checks.
const APPS: &[(&str, Check)] = &[
    ("hono", hono),
    ("itty-router", itty_router),
    ("zod", zod),
    ("jose", jose),
    ("uuid", uuid),
    ("nanoid", nanoid),
    ("date-fns", date_fns),
    ("lodash-es", lodash_es),
    ("cookie", cookie),
    ("superjson", superjson),
    ("marked", marked),
    ("noble-hashes", noble_hashes),
    ("qs", qs),
    ("hono-jsx", hono_jsx),
];

/// An app's entry: `index.js`, or `index.tsx` for a TypeScript app.
fn entry(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/npm/apps")
        .join(name);
    let file = if dir.join("index.tsx").is_file() {
        "index.tsx"
    } else {
        "index.js"
    };
    format!("apps/{name}/{file}")
}

/// `tests/npm`, or `None` (with a message) when its packages are not installed.
fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/npm");
    let dir = std::fs::canonicalize(&dir).expect("tests/npm is missing");
    if !dir.join("node_modules").is_dir() {
        // CI installs the corpus and sets this, so there a missing corpus
        // fails instead of skipping.
        assert!(
            std::env::var_os("NANOJS_REQUIRE_NPM_CORPUS").is_none(),
            "tests/npm/node_modules is missing but NANOJS_REQUIRE_NPM_CORPUS is set"
        );
        eprintln!(
            "SKIPPED: {} is missing; run `(cd tests/npm && npm ci)` to install the npm corpus",
            dir.join("node_modules").display()
        );
        return None;
    }
    Some(dir)
}

/// A config hosting every app as `<name>.test`; `app(name)` gives its
/// `path` and `entry`.
fn config(app: impl Fn(&str) -> (String, String)) -> Value {
    let apps: Vec<Value> = APPS
        .iter()
        .map(|(name, _)| {
            let (path, entry) = app(name);
            json!({"name": name, "hostname": format!("{name}.test"), "path": path, "entry": entry})
        })
        .collect();
    // Debug builds compile the bigger packages slowly; CPU limits are not
    // what this test is about.
    json!({"defaults": {"cpu_ms": 5000}, "apps": apps})
}

/// Starts the server for `project` (TZ=UTC: date-fns formats local time)
/// and runs every app's checks; panics listing the apps that failed.
fn run_all(variant: &str, project: &Project) {
    let server = Serve::config(project).env("TZ", "UTC").start();
    let mut failed = Vec::new();
    for (name, check) in APPS {
        let app = App {
            server: &server,
            host: format!("{name}.test"),
        };
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&app))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{name}: {msg}"));
        }
    }
    if !failed.is_empty() {
        panic!(
            "{variant}: {} of {} apps failed:\n\n{}",
            failed.len(),
            APPS.len(),
            failed.join("\n\n")
        );
    }
}

#[test]
fn unbundled_apps_resolve_from_node_modules() {
    let Some(corpus) = corpus() else { return };
    let p = Project::new("npm-unbundled");
    let root = corpus.to_str().unwrap().to_string();
    p.config(&config(|name| (root.clone(), entry(name))));
    run_all("unbundled", &p);
}

#[test]
fn bundled_apps_built_by_esbuild() {
    let Some(corpus) = corpus() else { return };
    let p = Project::new("npm-bundled");
    let out = p.path("bundle");
    // One esbuild run for all apps: bundle/<name>.js each.
    let status = Command::new(corpus.join("node_modules/.bin/esbuild"))
        .current_dir(&corpus)
        .args(APPS.iter().map(|(name, _)| entry(name)))
        .args([
            "--bundle",
            "--format=esm",
            "--platform=browser",
            "--conditions=workerd,worker,browser",
            "--log-level=warning",
            "--outbase=apps",
            "--entry-names=[dir]",
        ])
        .arg(format!("--outdir={}", out.display()))
        .status()
        .expect("cannot run tests/npm/node_modules/.bin/esbuild");
    assert!(status.success(), "esbuild failed: {status}");
    p.config(&config(|name| ("./bundle".into(), format!("{name}.js"))));
    run_all("bundled", &p);
}

/// Libraries used from a plain script (`tests/npm/scripts/libraries.mjs`:
/// jsonwebtoken, bcryptjs, yaml, ajv, dayjs, lru-cache, fast-xml-parser,
/// mime, semver, uuid, ms, debug, readable-stream, safe-buffer, iconv-lite):
/// `nanojs run` must print what Node 20 printed (`libraries.out`, recorded
/// with `node scripts/libraries.mjs > scripts/libraries.out`).
#[test]
fn libraries_run_as_under_node() {
    let Some(corpus) = corpus() else { return };
    let scripts = corpus.join("scripts");
    let want = std::fs::read_to_string(scripts.join("libraries.out")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nanojs"))
        .arg("run")
        .arg(scripts.join("libraries.mjs"))
        .current_dir(&corpus)
        .output()
        .unwrap();
    let got = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && got == want,
        "exit {:?}\n--- nanojs:\n{got}\n--- node:\n{want}\n--- stderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------- helpers

/// One app of a running server.
struct App<'a> {
    server: &'a Server,
    host: String,
}

impl App<'_> {
    fn req(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Resp {
        let mut c = Conn::open(self.server.port);
        c.try_request(method, &self.host, path, headers, body)
            .unwrap_or_else(|e| panic!("{method} {path} failed: {e}"))
    }

    fn get(&self, path: &str) -> Resp {
        self.req("GET", path, &[], None)
    }

    fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        self.req("GET", path, headers, None)
    }

    fn post(&self, path: &str, content_type: &str, body: &str) -> Resp {
        self.req(
            "POST",
            path,
            &[("content-type", content_type)],
            Some(body.as_bytes()),
        )
    }
}

/// Asserts the status (showing the body when it differs) and returns `r`.
#[track_caller]
fn status(r: Resp, want: u16, what: &str) -> Resp {
    assert_eq!(
        r.status,
        want,
        "{what}: status {} (want {want}); body: {:?}",
        r.status,
        r.text()
    );
    r
}

#[track_caller]
fn ok(r: Resp, what: &str) -> Resp {
    status(r, 200, what)
}

#[track_caller]
fn json_of(r: Resp, want_status: u16, what: &str) -> Value {
    let r = status(r, want_status, what);
    serde_json::from_slice(&r.body)
        .unwrap_or_else(|e| panic!("{what}: body is not JSON ({e}): {:?}", r.text()))
}

#[track_caller]
fn header<'r>(r: &'r Resp, name: &str, what: &str) -> &'r str {
    r.header(name)
        .unwrap_or_else(|| panic!("{what}: no {name} header; headers: {:?}", r.headers))
}

// ---------------------------------------------------------------- the apps

const HONO_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.6dgiagL-_-CnR62GmpjlQkZfLJ4FCuCFDjeo3Zw6KTE";

fn hono(app: &App) {
    assert_eq!(ok(app.get("/"), "GET /").text(), "hono root");
    assert_eq!(
        json_of(
            app.get_with("/users/42?q=x", &[("x-test", "yes")]),
            200,
            "params"
        ),
        json!({"id": "42", "q": "x", "ua": "yes"})
    );
    assert_eq!(
        ok(app.get("/files/a/b.txt"), "wildcard").text(),
        "file /files/a/b.txt"
    );
    assert_eq!(
        json_of(
            app.post("/echo", "application/json", r#"{"a":[1,2],"b":"é"}"#),
            201,
            "POST /echo"
        ),
        json!({"received": {"a": [1, 2], "b": "é"}, "type": "application/json"})
    );
    let r = status(app.get("/nope"), 404, "notFound");
    assert_eq!(r.text(), "no such route");

    // hono/cors: simple request and preflight.
    let r = ok(
        app.get_with("/api/data", &[("origin", "https://example.com")]),
        "cors",
    );
    assert_eq!(
        header(&r, "access-control-allow-origin", "cors"),
        "https://example.com"
    );
    assert_eq!(r.text(), r#"{"ok":true}"#);
    let r = status(
        app.req(
            "OPTIONS",
            "/api/data",
            &[
                ("origin", "https://example.com"),
                ("access-control-request-method", "POST"),
            ],
            None,
        ),
        204,
        "cors preflight",
    );
    assert_eq!(
        header(&r, "access-control-allow-methods", "preflight"),
        "GET,POST"
    );
    assert_eq!(header(&r, "access-control-max-age", "preflight"), "600");

    // hono/etag: SHA-1 of the body; a matching If-None-Match gives 304.
    let etag = "\"be48739057e69c10e7f2eaa0fd88f6515d196204\"";
    let r = ok(app.get("/etag/doc"), "etag");
    assert_eq!(header(&r, "etag", "etag"), etag);
    assert_eq!(r.text(), "a stable document body");
    let r = status(
        app.get_with("/etag/doc", &[("if-none-match", etag)]),
        304,
        "etag 304",
    );
    assert_eq!(header(&r, "etag", "etag 304"), etag);

    // hono/jwt: sign (known answer), then the middleware verifies.
    assert_eq!(ok(app.get("/token"), "sign").text(), HONO_TOKEN);
    let bearer = format!("Bearer {HONO_TOKEN}");
    assert_eq!(
        json_of(
            app.get_with("/private/me", &[("authorization", &bearer)]),
            200,
            "jwt"
        ),
        json!({"sub": "alice", "role": "admin", "iat": 1700000000, "exp": 4102444800u64})
    );
    let r = status(app.get("/private/me"), 401, "jwt without token");
    assert!(header(&r, "www-authenticate", "jwt").contains("invalid_request"));
    let tampered = format!("Bearer {}", HONO_TOKEN.replace(".6dgi", ".7dgi"));
    let r = status(
        app.get_with("/private/me", &[("authorization", &tampered)]),
        401,
        "jwt tampered",
    );
    assert!(header(&r, "www-authenticate", "jwt").contains("invalid_token"));

    // hono/basic-auth.
    let r = status(
        app.get("/admin/panel"),
        401,
        "basic auth without credentials",
    );
    assert_eq!(
        header(&r, "www-authenticate", "basic"),
        "Basic realm=\"Secure Area\""
    );
    let r = app.get_with(
        "/admin/panel",
        &[("authorization", "Basic YWRtaW46czNjcmV0")], // admin:s3cret
    );
    assert_eq!(ok(r, "basic auth").text(), "welcome, admin");
    status(
        app.get_with("/admin/panel", &[("authorization", "Basic YWRtaW46eA==")]),
        401,
        "basic auth wrong password",
    );

    // hono/streaming streamSSE.
    let r = ok(app.get("/sse"), "sse");
    assert_eq!(header(&r, "content-type", "sse"), "text/event-stream");
    let want: String = (0..3)
        .map(|i| format!("event: tick\ndata: tick {i}\nid: {i}\n\n"))
        .collect();
    assert_eq!(r.text(), want);
}

fn itty_router(app: &App) {
    assert_eq!(
        json_of(app.get("/hello/World"), 200, "params"),
        json!("Hello, World!")
    );
    assert_eq!(
        json_of(
            app.get("/items/7/tags/red?x=1&x=2&y=z"),
            200,
            "params+query"
        ),
        json!({"params": {"id": "7", "tag": "red"}, "query": {"x": ["1", "2"], "y": "z"}})
    );
    assert_eq!(
        json_of(app.get("/items/1"), 200, "item"),
        json!({"id": "1", "name": "first"})
    );
    assert_eq!(
        json_of(app.get("/items/9"), 404, "missing item"),
        json!({"status": 404, "error": "no item 9"})
    );
    assert_eq!(
        json_of(
            app.post("/items", "application/json", r#"{"name":"n"}"#),
            201,
            "POST"
        ),
        json!({"created": {"name": "n"}, "count": 2})
    );
    status(app.req("DELETE", "/items/1", &[], None), 204, "DELETE");
    assert_eq!(
        json_of(app.get("/files/a/b"), 200, "wildcard"),
        json!({"path": "/files/a/b"})
    );
    assert_eq!(
        json_of(app.get("/nope"), 404, "no route"),
        json!({"status": 404, "error": "Not Found"})
    );
}

fn zod(app: &App) {
    let valid = r#"{"name":"Ann","age":31,"email":"ann@example.com","joined":"2024-02-28T00:00:00Z","extra":1}"#;
    assert_eq!(
        json_of(app.post("/users", "application/json", valid), 200, "valid"),
        json!({
            "user": {"name": "Ann", "age": 31, "email": "ann@example.com", "role": "user", "joined": "2024-02-28T00:00:00.000Z"},
            "joinedYear": 2024
        })
    );
    let invalid =
        r#"{"name":"A","age":-1.5,"email":"nope","role":"root","tags":["a","b","c","d"]}"#;
    assert_eq!(
        json_of(
            app.post("/users", "application/json", invalid),
            400,
            "invalid"
        ),
        json!({"issues": [
            {"code": "too_small", "path": ["name"], "message": "Too small: expected string to have >=2 characters"},
            {"code": "invalid_type", "path": ["age"], "message": "Invalid input: expected int, received number"},
            {"code": "invalid_format", "path": ["email"], "message": "Invalid email address"},
            {"code": "invalid_value", "path": ["role"], "message": "Invalid option: expected one of \"admin\"|\"user\""},
            {"code": "too_big", "path": ["tags"], "message": "Too big: expected array to have <=3 items"},
            {"code": "invalid_type", "path": ["joined"], "message": "Invalid input: expected date, received Date"}
        ]})
    );
    assert_eq!(
        json_of(
            app.post("/users", "application/json", "not json"),
            400,
            "bad JSON"
        ),
        json!({"error": "invalid JSON"})
    );
    status(app.get("/users"), 404, "GET");
}

const JOSE_ALICE: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYWRtaW4iLCJzY29wZSI6WyJyZWFkIiwid3JpdGUiXSwic3ViIjoiYWxpY2UiLCJpc3MiOiJ1cm46bmFub2pzOnRlc3QiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6NDEwMjQ0NDgwMH0.fL90b0x75zzXDZfXa9fCvnVni72sA3WyTvIZUCGWrSo";
const JOSE_BOB: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYWRtaW4iLCJzY29wZSI6WyJyZWFkIiwid3JpdGUiXSwic3ViIjoiYm9iIiwiaXNzIjoidXJuOm5hbm9qczp0ZXN0IiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjQxMDI0NDQ4MDB9.rzq5MafeVLNZKrU1dTyA7XvXQ5UwnlvlMqIDSOzsOAg";

fn jose(app: &App) {
    assert_eq!(ok(app.get("/sign"), "sign").text(), JOSE_ALICE);
    assert_eq!(ok(app.get("/sign?sub=bob"), "sign bob").text(), JOSE_BOB);
    let header = json!({"alg": "HS256", "typ": "JWT"});
    assert_eq!(
        json_of(app.get(&format!("/verify?token={JOSE_BOB}")), 200, "verify"),
        json!({
            "valid": true,
            "payload": {"role": "admin", "scope": ["read", "write"], "sub": "bob", "iss": "urn:nanojs:test", "iat": 1700000000, "exp": 4102444800u64},
            "protectedHeader": header
        })
    );
    let tampered = format!("{}A", &JOSE_ALICE[..JOSE_ALICE.len() - 1]);
    assert_eq!(
        json_of(
            app.get(&format!("/verify?token={tampered}")),
            401,
            "tampered"
        ),
        json!({"valid": false, "code": "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", "jose": true, "header": header})
    );
    assert_eq!(
        json_of(app.get("/verify?token=garbage"), 401, "garbage"),
        json!({"valid": false, "code": "ERR_JWS_INVALID", "jose": true, "header": null})
    );
}

/// A lower-case RFC 9562 UUID string of `version` (variant 10xx).
fn is_uuid(s: &str, version: char) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            14 => c == version,
            19 => matches!(c, '8' | '9' | 'a' | 'b'),
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

fn uuid(app: &App) {
    let v = json_of(app.get("/v4?n=20"), 200, "v4");
    let ids: Vec<&str> = v["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 20);
    for id in &ids {
        assert!(is_uuid(id, '4'), "not a v4 UUID: {id}");
    }
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 20, "repeated v4 ids: {ids:?}");
    assert_eq!(v["valid"], json!(true));
    assert_eq!(v["versions"], json!(vec![4; 20]));
    // Known answers (the DNS one is RFC 9562's / Python's uuid5 example).
    assert_eq!(
        json_of(app.get("/v5?name=www.example.com&ns=dns"), 200, "v5 dns"),
        json!({"id": "2ed6657d-e927-568b-95e1-2665a8aea6a2", "version": 5, "roundtrip": true})
    );
    assert_eq!(
        json_of(
            app.get("/v5?name=https://example.com/&ns=url"),
            200,
            "v5 url"
        ),
        json!({"id": "dd2c1780-811a-5296-81c5-178a0ef488bc", "version": 5, "roundtrip": true})
    );
    assert_eq!(
        json_of(
            app.get("/validate?id=00000000-0000-0000-0000-000000000000"),
            200,
            "nil"
        ),
        json!({"valid": true, "nil": true})
    );
    assert_eq!(
        json_of(app.get("/validate?id=xyz"), 200, "invalid"),
        json!({"valid": false, "nil": false})
    );
}

fn nanoid(app: &App) {
    let url_alphabet = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    for (path, len, alphabet) in [
        ("/", 21, &url_alphabet as &dyn Fn(char) -> bool),
        ("/?size=10", 10, &url_alphabet),
        ("/hex", 12, &|c: char| {
            c.is_ascii_digit() || ('a'..='f').contains(&c)
        }),
    ] {
        let v = json_of(app.get(path), 200, path);
        let ids = v["ids"].as_array().unwrap();
        assert_eq!(ids.len(), 8, "{path}: {v}");
        for id in ids {
            let id = id.as_str().unwrap();
            assert_eq!(id.chars().count(), len, "{path}: {id}");
            assert!(
                id.chars().all(alphabet),
                "{path}: {id} has foreign characters"
            );
        }
        assert_eq!(v["unique"], json!(8), "{path}: {v}");
        assert_eq!(v["alphabetLength"], json!(64));
    }
}

fn date_fns(app: &App) {
    assert_eq!(
        json_of(app.get("/"), 200, "date-fns"),
        json!({
            "long": "Wednesday, February 28th 2024 at 13:45:30",
            "short": "2024-02-28",
            "plus2": "2024-03-01 Fri",
            "plusMonth": "2024-03-28T13:45:30Z",
            "days": 301,
            "weekend": true,
            "weekStart": "2024-02-26",
            "distance": "11 days",
            "range": ["02/27", "02/28", "02/29", "03/01"]
        })
    );
}

fn lodash_es(app: &App) {
    assert_eq!(
        json_of(app.get("/"), 200, "lodash-es"),
        json!({
            "byTeam": {"red": ["Ann", "Cid"], "blue": ["Bob", "Eve"], "green": ["Dee"]},
            "sorted": ["Bob", "Cid", "Ann", "Eve", "Dee"],
            "chunks": [[1, 2], [3, 4], [5]],
            "uniqueAges": [31, 25, 42, 37],
            "merged": {"a": {"b": 1, "c": [1, 2], "d": 2}},
            "untouched": "Ann",
            "kebab": "hello-world-foo-bar",
            "totalAge": 160
        })
    );
}

fn cookie(app: &App) {
    assert_eq!(
        json_of(
            app.get_with(
                "/parse",
                &[("cookie", "a=1; b=hello%20world; c=\"quoted\"; bad")]
            ),
            200,
            "parse"
        ),
        json!({"a": "1", "b": "hello world", "c": "\"quoted\""})
    );
    let r = ok(app.get("/set"), "serialize");
    assert_eq!(
        r.header_all("set-cookie"),
        [
            "session=a%20b%3Bc; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax",
            "theme=dark; Domain=example.com; Expires=Tue, 01 Jan 2030 00:00:00 GMT"
        ]
    );
}

const SUPERJSON: &str = r#"{"json":{"when":"2024-01-02T03:04:05.000Z","counts":[["a",1],["b",2]],"tags":["x","y"],"big":"12345678901234567890","nothing":null,"re":"/ab+c/gi"},"meta":{"values":{"when":["Date"],"counts":["map"],"tags":["set"],"big":["bigint"],"nothing":["undefined"],"re":["regexp"]},"v":1}}"#;

fn superjson(app: &App) {
    assert_eq!(ok(app.get("/serialize"), "serialize").text(), SUPERJSON);
    assert_eq!(
        json_of(
            app.post("/parse", "application/json", SUPERJSON),
            200,
            "parse"
        ),
        json!({
            "whenIsDate": true, "whenIso": "2024-01-02T03:04:05.000Z",
            "countsIsMap": true, "countsB": 2,
            "tagsIsSet": true, "hasY": true,
            "bigType": "bigint", "bigPlusOne": "12345678901234567891",
            "hasNothing": true, "re": "/ab+c/gi"
        })
    );
}

const MARKED_HTML: &str = r#"<h1>Title</h1>
<p>Some <em>emphasis</em>, <strong>strong</strong> and <code>code</code>, with a <a href="https://example.com" title="Ex">link</a>.</p>
<ul>
<li>one</li>
<li>two<ul>
<li>nested</li>
</ul>
</li>
</ul>
<ol>
<li>first</li>
<li>second</li>
</ol>
<blockquote>
<p>quoted
text</p>
</blockquote>
<pre><code class="language-js">const x = 1 &lt; 2;
</code></pre>
<table>
<thead>
<tr>
<th>a</th>
<th align="center">b</th>
</tr>
</thead>
<tbody><tr>
<td>1</td>
<td align="center">2</td>
</tr>
</tbody></table>
<p><del>gone</del> and a line<br>break.</p>
"#;

fn marked(app: &App) {
    assert_eq!(ok(app.get("/"), "document").text(), MARKED_HTML);
    assert_eq!(
        ok(app.get("/inline?md=**b**%20_i_"), "inline").text(),
        "<strong>b</strong> <em>i</em>"
    );
    assert_eq!(
        ok(app.post("/", "text/markdown", "Hello *world*"), "POST").text(),
        "<p>Hello <em>world</em></p>\n"
    );
}

fn noble_hashes(app: &App) {
    // FIPS 180-2 / FIPS 202 test vectors for "abc" and "".
    assert_eq!(
        json_of(app.get("/"), 200, "abc"),
        json!({
            "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha256Incremental": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "sha3_256": "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
            "hmac": "9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab"
        })
    );
    assert_eq!(
        json_of(app.get("/?s="), 200, "empty"),
        json!({
            "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha256Incremental": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha512": "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
            "sha3_256": "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
            "hmac": "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0"
        })
    );
    // UTF-8 input ("€ café"), checked against Node's crypto.
    let v = json_of(app.get("/?s=%E2%82%AC%20caf%C3%A9"), 200, "utf-8");
    assert_eq!(
        v["sha256"],
        json!("ae15ab28425a78ebcc268ef90a5306fd1ec4907603ecf54cbb9bc3369020d5bc")
    );
    assert_eq!(v["sha256Incremental"], v["sha256"]);
    assert_eq!(
        v["hmac"],
        json!("669c8ddb35ac03270c08bfdc7b78f999006f7137f5ff648c847ef12675d2bbd7")
    );
}

fn qs(app: &App) {
    assert_eq!(
        json_of(
            app.get("/parse?a%5Bb%5D%5Bc%5D=1&a%5Bd%5D%5B%5D=x&a%5Bd%5D%5B%5D=y&e.f=2&g=%20h"),
            200,
            "parse"
        ),
        json!({"a": {"b": {"c": "1"}, "d": ["x", "y"]}, "e": {"f": "2"}, "g": " h"})
    );
    assert_eq!(
        ok(
            app.post(
                "/stringify",
                "application/json",
                r#"{"a":{"b":[1,2]},"c":"d e","f":null}"#
            ),
            "stringify"
        )
        .text(),
        "a[b][]=1&a[b][]=2&c=d%20e&f="
    );
}

// hono-jsx: a TypeScript app with JSX as `npm create hono` makes one, run
// from its .tsx source (tsconfig jsxImportSource `hono/jsx`, an `@/` paths
// alias, an enum). The answers are Node's, from the same app bundled by
// esbuild.
fn hono_jsx(app: &App) {
    let page = ok(app.get("/?name=Ann"), "GET / (JSX page)");
    assert_eq!(
        header(&page, "content-type", "JSX page"),
        "text/html; charset=UTF-8"
    );
    assert_eq!(
        page.text(),
        "<html><head><title>Fruits</title></head><body><h1>Ann &amp; more</h1><ul><li>apple</li><li>pear</li><li>&lt;script&gt;</li></ul></body></html>"
    );
    assert_eq!(
        json_of(app.get("/api/21"), 200, "GET /api/21"),
        json!({"id": 21, "double": 42})
    );
}
