//! `nanojs serve`: what an app sees and returns (module and service-worker
//! forms, request/response mapping, errors, env and isolation, waitUntil,
//! JSON logs).

mod serve_support;

use std::time::Duration;

use serde_json::{json, Value};
use serve_support::{eventually, Project, Serve, Server};

const LOG_WAIT: Duration = Duration::from_secs(15);

/// Echoes what the handler sees, per path.
const ECHO_APP: &str = r#"
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/info':
        return Response.json({
          url: request.url,
          method: request.method,
          foo: request.headers.get('x-foo'),
          // Forbidden request-headers in browsers; a server must see them.
          cookie: request.headers.get('cookie'),
          host: request.headers.get('host'),
          referer: request.headers.get('referer'),
          origin: request.headers.get('origin'),
          query: url.searchParams.get('q'),
        });
      case '/text':
        return new Response('got: ' + (await request.text()), {
          status: 201,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'x-reply': 'yes' },
        });
      case '/json': {
        const body = await request.json();
        return Response.json({ got: body, type: request.headers.get('content-type') }, { status: 202 });
      }
      case '/bytes': {
        const bytes = new Uint8Array(await request.arrayBuffer());
        let sum = 0;
        for (const b of bytes) sum = (sum * 31 + b) % 1000000007;
        return new Response(bytes, {
          headers: { 'x-len': String(bytes.length), 'x-sum': String(sum), 'content-type': 'application/octet-stream' },
        });
      }
      case '/cookies': {
        const headers = new Headers({ 'content-type': 'text/plain' });
        headers.append('set-cookie', 'a=1; Path=/');
        headers.append('set-cookie', 'b=2; HttpOnly');
        return new Response('cookies', { headers });
      }
      case '/teapot':
        return new Response('short and stout', { status: 418, headers: { 'x-kind': 'teapot' } });
      default:
        return new Response('echo app', { status: 200 });
    }
  },
};
"#;

/// The same polynomial hash as the echo app.
fn js_sum(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0u64, |s, &b| (s * 31 + b as u64) % 1_000_000_007)
}

#[test]
fn single_app_folder_maps_request_and_response() {
    let p = Project::new("echo");
    p.write("echo/index.js", ECHO_APP);
    let s = Serve::app(&p, "./echo").start();
    let host = format!("example.test:{}", s.port);

    // URL, method, headers.
    let mut c = s.conn();
    let r = c.request(
        "GET",
        &host,
        "/info?q=a%20b&x=1",
        &[
            ("X-Foo", "bar baz"),
            ("Cookie", "sid=123; theme=dark"),
            ("Referer", "http://ref.test/"),
            ("Origin", "http://origin.test"),
        ],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json"),
        "{:?}",
        r.headers
    );
    let info = r.json();
    assert_eq!(
        info["url"],
        format!("http://example.test:{}/info?q=a%20b&x=1", s.port),
        "{info}"
    );
    assert_eq!(info["method"], "GET");
    assert_eq!(info["foo"], "bar baz");
    assert_eq!(info["query"], "a b");
    assert_eq!(info["cookie"], "sid=123; theme=dark", "{info}");
    assert_eq!(info["host"], host, "{info}");
    assert_eq!(info["referer"], "http://ref.test/", "{info}");
    assert_eq!(info["origin"], "http://origin.test", "{info}");
    let r = c.request("DELETE", &host, "/info", &[], None);
    assert_eq!(r.json()["method"], "DELETE");
    let r = c.request("PATCH", &host, "/info", &[], Some(b"x"));
    assert_eq!(r.json()["method"], "PATCH");

    // Text body, status and headers.
    let r = c.request("POST", &host, "/text", &[], Some("héllo wörld".as_bytes()));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.text(), "got: héllo wörld");
    assert_eq!(r.header("x-reply"), Some("yes"));
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));

    // JSON body, Response.json with a status.
    let doc = json!({"a": [1, 2, {"b": null}], "s": "ü\u{1F600}", "n": 1.5});
    let r = c.request(
        "POST",
        &host,
        "/json",
        &[("content-type", "application/json")],
        Some(doc.to_string().as_bytes()),
    );
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json(), json!({"got": doc, "type": "application/json"}));

    // Binary body: every byte value, intact in JS and back.
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i % 256) as u8).rev().collect();
    let r = c.request("PUT", &host, "/bytes", &[], Some(&bytes));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("x-len"), Some("4096"));
    assert_eq!(r.header("x-sum"), Some(js_sum(&bytes).to_string().as_str()));
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    assert!(r.body == bytes, "binary body changed on the way");

    // Any status.
    let r = c.get(&host, "/teapot");
    assert_eq!(r.status, 418);
    assert_eq!(r.header("x-kind"), Some("teapot"));
    assert_eq!(r.text(), "short and stout");
}

#[test]
fn multiple_set_cookie_headers_arrive_as_separate_lines() {
    let p = Project::new("cookies");
    p.write("echo/index.js", ECHO_APP);
    let s = Serve::app(&p, "./echo").start();
    let r = s.get("h.test", "/cookies");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header_all("set-cookie"),
        vec!["a=1; Path=/", "b=2; HttpOnly"],
        "{:?}",
        r.headers
    );
}

#[test]
fn single_app_from_file_path_and_entry_discovery() {
    let p = Project::new("discover");
    p.write(
        "file/app.js",
        "export default { fetch: () => new Response('from app.js') };\n",
    );
    p.write(
        "file/index.js",
        "export default { fetch: () => new Response('wrong: index.js') };\n",
    );
    p.write(
        "mjs/index.mjs",
        "export default { fetch: () => new Response('from index.mjs') };\n",
    );
    p.write(
        "wk/worker.js",
        "export default { fetch: () => new Response('from worker.js') };\n",
    );
    p.write(
        "both/index.js",
        "import { who } from './lib/who.js';\nexport default { fetch: () => new Response(who) };\n",
    );
    p.write("both/lib/who.js", "export const who = 'from index.js';\n");
    p.write(
        "both/worker.js",
        "export default { fetch: () => new Response('wrong: worker.js') };\n",
    );

    for (target, want) in [
        ("./file/app.js", "from app.js"),
        ("mjs", "from index.mjs"),
        ("./wk", "from worker.js"),
        ("./both/", "from index.js"),
    ] {
        let s = Serve::app(&p, target).start();
        let r = s.get("anything.test", "/");
        assert_eq!((r.status, r.text().as_str()), (200, want), "serve {target}");
    }
}

#[test]
fn service_worker_form() {
    let p = Project::new("sw");
    p.write(
        "sw/index.js",
        r#"
addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.pathname === '/none') return; // no respondWith
  if (url.pathname === '/async') {
    event.respondWith((async () => new Response('later ' + event.request.method))());
    return;
  }
  event.respondWith(new Response('sw ' + url.pathname, { headers: { 'x-form': 'service-worker' } }));
});
"#,
    );
    let s = Serve::app(&p, "sw").start();
    let r = s.get("h.test", "/hello");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.text(), "sw /hello");
    assert_eq!(r.header("x-form"), Some("service-worker"));
    let r = s.get("h.test", "/async");
    assert_eq!((r.status, r.text().as_str()), (200, "later GET"));
    let r = s.get("h.test", "/none");
    assert_eq!(r.status, 500);
    s.wait_for_log("respondWith", LOG_WAIT);
}

#[test]
fn module_load_errors_are_500_and_logged_with_location() {
    let p = Project::new("loaderr");
    p.write(
        "top/index.js",
        "const x = 1;\nthrow new Error('top-level-failure');\nexport default { fetch: () => new Response('no') };\n",
    );
    p.write(
        "syntax/index.js",
        "export default {\n  fetch() { return new Response('x') ;\n};\n",
    );
    p.write(
        "imp/index.js",
        "import { nope } from './missing.js';\nexport default { fetch: () => new Response(nope) };\n",
    );
    p.write(
        "fine/index.js",
        "export default { fetch: () => new Response('fine') };\n",
    );
    p.config(&json!({"apps": [
        {"name": "top", "hostname": "top.test", "path": "./top"},
        {"name": "syntax", "hostname": "syntax.test", "path": "./syntax"},
        {"name": "imp", "hostname": "imp.test", "path": "./imp"},
        {"name": "fine", "hostname": "fine.test", "path": "./fine"}
    ]}));
    let s = Serve::config(&p).arg("--log-format").arg("json").start();
    for (app, needle) in [
        ("top", "top-level-failure"),
        ("syntax", "SyntaxError"),
        ("imp", "missing.js"),
    ] {
        let r = s.get(&format!("{app}.test"), "/");
        assert_eq!(r.status, 500, "{app}: {}", r.text());
        assert!(
            r.body.len() < 200 && !r.text().contains(needle),
            "{app}: {}",
            r.text()
        );
        let e = error_event(&s, app, needle);
        let m = e["message"].as_str().unwrap();
        let file = p.path(&format!("{app}/index.js"));
        if app != "imp" {
            assert!(
                m.contains(&format!("{}:", file.display())),
                "{app}: no file:line:col in {m}"
            );
        }
    }
    assert_eq!(s.get("top.test", "/").status, 500);
    assert_eq!(s.get("fine.test", "/").text(), "fine");
    let e = error_event(&s, "top", "top-level-failure");
    let m = e["message"].as_str().unwrap();
    assert!(
        m.contains(&format!("{}:2:", p.path("top/index.js").display())),
        "{m}"
    );
}

#[test]
fn module_without_fetch_handler_is_500_and_logged() {
    let p = Project::new("nofetch");
    p.write(
        "nofetch/index.js",
        "export const answer = 42;\nexport default { notFetch() {} };\n",
    );
    let s = Serve::app(&p, "nofetch")
        .arg("--log-format")
        .arg("json")
        .start();
    let r = s.get("h.test", "/");
    assert_eq!(r.status, 500, "{}", r.text());
    let e = error_event(&s, "nofetch", "no fetch handler");
    assert_eq!(e["level"], "ERROR", "{e}");
    // A second request still gets the same answer (no crash, no hang).
    assert_eq!(s.get("h.test", "/").status, 500);
}

const ERRORS_APP: &str = r#"function boom() {
  // line 2
  throw new Error('kaboom-sync');
}
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === '/throw') boom();
    if (path === '/reject') {
      await null;
      throw new TypeError('kaboom-async');
    }
    if (path === '/object') return { hello: 'world' };
    if (path === '/undefined') return;
    if (path === '/string') return 'just a string';
    return new Response('fine');
  },
};
"#;

/// The JSON log event at error level for `app` whose message has `needle`.
fn error_event(s: &Server, app: &str, needle: &str) -> Value {
    s.wait_for_event(&format!("app={app} message~{needle}"), LOG_WAIT, |e| {
        e["app"] == app && e["message"].as_str().is_some_and(|m| m.contains(needle))
    })
}

#[test]
fn handler_errors_give_500_and_log_app_and_stack() {
    let p = Project::new("errors");
    p.write("errs/index.js", ERRORS_APP);
    let s = Serve::app(&p, "errs")
        .arg("--log-format")
        .arg("json")
        .start();
    let entry = p.path("errs/index.js");
    let entry = entry.to_str().unwrap();

    // Sync throw.
    let r = s.get("h.test", "/throw");
    assert_eq!(r.status, 500);
    assert!(r.body.len() < 200, "short body: {}", r.text());
    assert!(
        !r.text().contains("kaboom"),
        "the error must not leak to the client: {}",
        r.text()
    );
    let e = error_event(&s, "errs", "kaboom-sync");
    assert_eq!(e["level"], "ERROR", "{e}");
    let m = e["message"].as_str().unwrap();
    assert!(
        m.contains(&format!("{entry}:3:")),
        "stack with file:line:col in {m}"
    );
    assert!(m.contains("boom"), "stack names the function: {m}");

    // Async rejection.
    let r = s.get("h.test", "/reject");
    assert_eq!(r.status, 500);
    assert!(
        r.body.len() < 200 && !r.text().contains("kaboom"),
        "{}",
        r.text()
    );
    let e = error_event(&s, "errs", "kaboom-async");
    let m = e["message"].as_str().unwrap();
    assert!(m.contains("TypeError: kaboom-async"), "{m}");
    assert!(
        m.contains(&format!("{entry}:11:")),
        "stack with file:line:col in {m}"
    );

    // Not a Response.
    for (path, what) in [
        ("/object", "Object"),
        ("/undefined", "undefined"),
        ("/string", "string"),
    ] {
        let r = s.get("h.test", path);
        assert_eq!(r.status, 500, "{path}");
        let body = r.text();
        assert!(
            body.contains("instead of a Response") && body.contains(what),
            "{path}: body should say it is not a Response: {body}"
        );
    }
    error_event(&s, "errs", "instead of a Response");

    // The app still works.
    let r = s.get("h.test", "/");
    assert_eq!((r.status, r.text().as_str()), (200, "fine"));
}

#[test]
fn env_globals_and_module_state_are_per_app() {
    let p = Project::new("env");
    let probe = r#"
let count = 0;
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/env') return Response.json(env);
    if (path === '/count') return new Response(String(++count));
    if (path === '/set-global') { globalThis.leaked = 'from ' + env.NAME; return new Response('set'); }
    if (path === '/get-global') return new Response(String(globalThis.leaked));
    if (path === '/process') {
      const secret = 'nanojs-secret-' + 'value-42';
      const found = [];
      const seen = new Set();
      const visit = (value, where, depth) => {
        if (depth > 3 || value === null || value === undefined) return;
        if (typeof value === 'string') { if (value.includes(secret)) found.push(where); return; }
        if (typeof value !== 'object' && typeof value !== 'function') return;
        if (seen.has(value)) return;
        seen.add(value);
        let keys = [];
        try { keys = Reflect.ownKeys(value); } catch { return; }
        for (const k of keys) {
          if (typeof k !== 'string') continue;
          let v;
          try { v = value[k]; } catch { continue; }
          visit(v, where + '.' + k, depth + 1);
        }
      };
      visit(globalThis, 'globalThis', 0);
      visit(env, 'env', 0);
      return Response.json({
        process: typeof process,
        processEnv: process.env,
        deno: typeof Deno,
        bun: typeof Bun,
        require: typeof require,
        found,
        envHasSecret: JSON.stringify(env).includes(secret),
      });
    }
    return new Response('?', { status: 404 });
  },
};
"#;
    p.write("a/index.js", probe).write("b/index.js", probe);
    p.config(&json!({
        "apps": [
            {"name": "a", "hostname": "a.test", "path": "./a", "cpu_ms": 2000,
             "env": {"NAME": "a", "NUM": 42, "OBJ": {"list": [1, "two", null]}, "FLAG": true}},
            {"name": "b", "hostname": "b.test", "path": "./b", "cpu_ms": 2000, "env": {"NAME": "b"}}
        ]
    }));
    let s = Serve::config(&p)
        .env("NANOJS_TEST_SECRET", "nanojs-secret-value-42")
        .start();

    let r = s.get("a.test", "/env");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"NAME": "a", "NUM": 42, "OBJ": {"list": [1, "two", null]}, "FLAG": true})
    );
    assert_eq!(s.get("b.test", "/env").json(), json!({"NAME": "b"}));

    // The process environment is not reachable from JS.
    for host in ["a.test", "b.test"] {
        let r = s.get(host, "/process");
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        // node:process is there, but its env holds the app's own string
        // values only, never the server's environment.
        assert_eq!(v["process"], "object", "{v}");
        assert_eq!(
            v["processEnv"],
            json!({"NAME": if host == "a.test" { "a" } else { "b" }}),
            "{v}"
        );
        assert_eq!(v["deno"], "undefined", "{v}");
        assert_eq!(v["bun"], "undefined", "{v}");
        assert_eq!(v["require"], "undefined", "{v}");
        assert_eq!(
            v["found"],
            json!([]),
            "the server's env var is visible at {v}"
        );
        assert_eq!(v["envHasSecret"], false);
    }

    // Globals: each worker has its own isolate per app, so set the global on
    // one connection (one worker) and look from app b on the same one.
    let mut c = s.conn();
    assert_eq!(c.get("a.test", "/set-global").text(), "set");
    assert_eq!(c.get("a.test", "/get-global").text(), "from a");
    assert_eq!(c.get("b.test", "/get-global").text(), "undefined");

    // Module state persists between requests of one app (on one worker),
    // and is per app.
    let counts: Vec<String> = (0..4).map(|_| c.get("a.test", "/count").text()).collect();
    assert_eq!(counts, ["1", "2", "3", "4"]);
    assert_eq!(c.get("b.test", "/count").text(), "1");
    assert_eq!(c.get("a.test", "/count").text(), "5");
}

#[test]
fn wait_until_runs_after_the_response_and_rejections_are_logged() {
    let p = Project::new("waituntil");
    p.write(
        "bg/index.js",
        r#"
let state = 'idle';
export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === '/start') {
      state = 'pending';
      ctx.waitUntil(new Promise((r) => setTimeout(r, 1000)).then(() => { state = 'done'; }));
      return new Response('started');
    }
    if (path === '/state') return new Response(state);
    if (path === '/reject') {
      ctx.waitUntil(new Promise((_, reject) => setTimeout(() => reject(new Error('background-failure')), 50)));
      ctx.passThroughOnException();
      return new Response('ok');
    }
    return new Response('?');
  },
};
"#,
    );
    let s = Serve::app(&p, "bg").arg("--log-format").arg("json").start();
    // One connection: one worker, so one isolate holds the state.
    let mut c = s.conn();
    let r = c.get("h.test", "/start");
    assert_eq!((r.status, r.text().as_str()), (200, "started"));
    // The response did not wait for the 1 s of background work...
    assert_eq!(c.get("h.test", "/state").text(), "pending");
    // ...which still completes.
    let done = eventually(Duration::from_secs(15), || {
        (c.get("h.test", "/state").text() == "done").then_some(())
    });
    assert!(done.is_some(), "waitUntil work never completed");

    let r = c.get("h.test", "/reject");
    assert_eq!((r.status, r.text().as_str()), (200, "ok"));
    let e = error_event(&s, "bg", "background-failure");
    assert!(e["message"].as_str().unwrap().contains("waitUntil"), "{e}");
}

#[test]
fn json_access_log() {
    let p = Project::new("jsonlog");
    p.write(
        "jl/index.js",
        "export default { fetch: () => new Response('hi', { status: 203 }) };\n",
    );
    let s = Serve::app(&p, "jl").arg("--log-format").arg("json").start();
    let r = s.get("h.test", "/some/path?secret=1");
    assert_eq!(r.status, 203);
    let mut c = s.conn();
    assert_eq!(
        c.request("POST", "h.test", "/post", &[], Some(b"x")).status,
        203
    );

    let access = |method: &'static str, path: &'static str| {
        s.wait_for_event(&format!("access {method} {path}"), LOG_WAIT, move |e| {
            e["target"] == "nanojs::access" && e["method"] == method && e["path"] == path
        })
    };
    for (method, path) in [("GET", "/some/path"), ("POST", "/post")] {
        let e = access(method, path);
        assert_eq!(e["app"], "jl", "{e}");
        assert_eq!(e["status"], 203, "{e}");
        assert!(
            e["ms"].as_f64().is_some_and(|ms| ms >= 0.0),
            "ms is a number: {e}"
        );
        assert!(e["level"].is_string() && e["timestamp"].is_string(), "{e}");
    }
    // Every line is JSON (no stray text lines).
    for line in s.log() {
        assert!(
            serde_json::from_str::<Value>(&line).is_ok_and(|v| v.is_object()),
            "not a JSON log line: {line}"
        );
    }
}
