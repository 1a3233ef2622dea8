//! `nanojs serve`: reloads (file watch, SIGHUP, bad configs), graceful
//! shutdown and startup errors.

mod serve_support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use serve_support::{eventually, Conn, Project, Serve, Server};

const RELOAD_WAIT: Duration = Duration::from_secs(20);

const APP: &str = r#"
let count = 0;
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/count') return new Response(String(++count));
    if (path === '/slow') {
      console.log('slow request started');
      await new Promise((r) => setTimeout(r, 1000));
      return new Response('slow done');
    }
    return new Response(String(env.V));
  },
};
"#;

fn config(v: &str, with_b: bool) -> Value {
    let mut apps = vec![json!({"name": "a", "hostname": "a.test", "path": "./a", "env": {"V": v}})];
    if with_b {
        apps.push(json!({"name": "b", "hostname": "b.test", "path": "./b", "env": {"V": "b"}}));
    }
    json!({ "apps": apps })
}

fn project(name: &str) -> Project {
    let p = Project::new(name);
    p.write("a/index.js", APP).write("b/index.js", APP);
    p.config(&config("1", false));
    p
}

/// Waits until app `host` answers `want`.
fn wait_for_body(s: &Server, host: &str, want: &str) {
    let seen = eventually(RELOAD_WAIT, || {
        let r = s.try_get(host, "/").ok()?;
        (r.status == 200 && r.text() == want).then_some(())
    });
    assert!(
        seen.is_some(),
        "{host} never answered {want:?} (last: {:?})",
        s.try_get(host, "/").map(|r| (r.status, r.text()))
    );
}

#[test]
fn config_edit_under_load_drops_nothing_and_takes_effect() {
    let p = project("reloadload");
    let s = Serve::config(&p).start();
    assert_eq!(s.get("a.test", "/").text(), "1");
    assert_eq!(s.get("b.test", "/").status, 404);

    let port = s.port;
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = Arc::clone(&stop);
    let done = Arc::new(AtomicUsize::new(0));
    let done2 = Arc::clone(&done);
    // A steady 20 requests/s, alternating new and kept-alive connections.
    let client = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut failures = Vec::new();
        let mut kept: Option<Conn> = None;
        let start = Instant::now();
        let mut i = 0u32;
        while !stop2.load(Ordering::Relaxed) || start.elapsed() < Duration::from_secs(3) || i < 40 {
            let result = if i.is_multiple_of(2) {
                Conn::try_open(port)
                    .and_then(|mut c| c.try_request("GET", "a.test", "/", &[], None))
            } else {
                let c = match kept.take() {
                    Some(c) => Ok(c),
                    None => Conn::try_open(port),
                };
                c.and_then(|mut c| {
                    let r = c.try_request("GET", "a.test", "/", &[], None);
                    kept = Some(c);
                    r
                })
            };
            match result {
                Ok(r) if r.status == 200 => seen.push(r.text()),
                Ok(r) => failures.push(format!("#{i}: {} {}", r.status, r.text())),
                Err(e) => {
                    kept = None;
                    failures.push(format!("#{i}: {e}"));
                }
            }
            i += 1;
            done2.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(50));
        }
        (seen, failures)
    });

    // Some requests before the edit, some after the change is visible.
    let wait_requests = |n: usize| {
        let target = done.load(Ordering::Relaxed) + n;
        let ok = eventually(Duration::from_secs(60), || {
            (done.load(Ordering::Relaxed) >= target).then_some(())
        });
        assert!(ok.is_some(), "the client thread stalled");
    };
    wait_requests(5);
    p.config(&config("2", true));
    wait_for_body(&s, "a.test", "2");
    wait_for_body(&s, "b.test", "b");
    wait_requests(10);
    stop.store(true, Ordering::Relaxed);
    let (seen, failures) = client.join().unwrap();

    eprintln!(
        "{} requests during the reload: {seen:?}",
        seen.len() + failures.len()
    );
    assert!(
        failures.is_empty(),
        "requests failed during the reload: {failures:?}"
    );
    assert!(seen.len() >= 20, "too few requests: {}", seen.len());
    assert!(seen.iter().all(|v| v == "1" || v == "2"), "{seen:?}");
    let first_new = seen
        .iter()
        .position(|v| v == "2")
        .expect("never saw the change");
    assert!(
        seen[first_new..].iter().all(|v| v == "2"),
        "old config answered after the new one: {seen:?}"
    );
    assert_eq!(seen.first().map(String::as_str), Some("1"));
    s.wait_for_log("registry updated", Duration::from_secs(5));
}

#[test]
fn reload_replaces_changed_apps_and_keeps_unchanged_ones() {
    let p = project("reloadkeep");
    p.config(&config("1", true));
    let s = Serve::config(&p).start();
    // One connection: one worker, so the counts show which isolate answers.
    let mut c = s.conn();
    assert_eq!(c.get("a.test", "/count").text(), "1");
    assert_eq!(c.get("b.test", "/count").text(), "1");
    assert_eq!(c.get("b.test", "/count").text(), "2");
    p.config(&config("2", true));
    wait_for_body(&s, "a.test", "2");
    // a changed (env): a new isolate; b did not: it keeps its state.
    assert_eq!(c.get("a.test", "/count").text(), "1");
    assert_eq!(c.get("b.test", "/count").text(), "3");
    // Removing b from the file removes it.
    p.config(&config("2", false));
    let gone = eventually(RELOAD_WAIT, || {
        (s.try_get("b.test", "/").ok()?.status == 404).then_some(())
    });
    assert!(gone.is_some(), "b still served after it left the config");
    assert_eq!(c.get("a.test", "/count").text(), "2");
}

#[test]
fn editing_app_code_reloads_the_app() {
    let p = project("codeedit");
    let s = Serve::config(&p).start();
    assert_eq!(s.get("a.test", "/").text(), "1");
    // Same length as before on purpose: a content edit, not a size change.
    p.write("a/lib.js", "export const tag = 'v1';\n");
    p.write(
        "a/index.js",
        "import { tag } from './lib.js';\nexport default { fetch: () => new Response('code ' + tag) };\n",
    );
    wait_for_body(&s, "a.test", "code v1");
    // A change to an imported module only.
    p.write("a/lib.js", "export const tag = 'v2';\n");
    wait_for_body(&s, "a.test", "code v2");
}

#[test]
fn sighup_reloads_and_no_watch_ignores_edits() {
    let p = project("sighup");
    let s = Serve::config(&p).arg("--no-watch").start();
    assert_eq!(s.get("a.test", "/").text(), "1");
    p.config(&config("2", true));
    // Not watched: after well over the debounce, still the old config.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(s.get("a.test", "/").text(), "1");
    assert_eq!(s.get("b.test", "/").status, 404);
    let mark = s.log_mark();
    s.sighup();
    s.wait_for_log_after(mark, "SIGHUP", RELOAD_WAIT);
    wait_for_body(&s, "a.test", "2");
    wait_for_body(&s, "b.test", "b");
}

#[test]
fn bad_config_on_reload_keeps_the_old_apps() {
    let p = project("badreload");
    let s = Serve::config(&p).start();
    assert_eq!(s.get("a.test", "/").text(), "1");

    let mut mark = s.log_mark();
    for (what, text, needles) in [
        ("invalid JSON", "{\"apps\": [ {\"name\": \"a\", ".to_string(), vec!["nano.json", "invalid JSON"]),
        (
            "an unknown field",
            json!({"apps": [{"name": "a", "hostname": "a.test", "path": "./a", "env": {"V": "3"}, "colour": "red"}]})
                .to_string(),
            vec!["nano.json", "apps[0]", "colour"],
        ),
        (
            "a duplicate hostname",
            json!({"apps": [
                {"name": "a", "hostname": "a.test", "path": "./a", "env": {"V": "3"}},
                {"name": "b", "hostname": "A.test", "path": "./b"}
            ]})
            .to_string(),
            vec!["nano.json", "apps[1].hostname", "a.test"],
        ),
    ] {
        p.write("nano.json", &text);
        s.wait_for_log_after(mark, "reload failed", RELOAD_WAIT);
        // The reason may span lines (one per problem).
        let said = eventually(RELOAD_WAIT, || {
            let after = s.log()[mark..].join("\n");
            needles.iter().all(|n| after.contains(n)).then_some(())
        });
        assert!(
            said.is_some(),
            "{what}: the log should say {needles:?}:\n{}",
            s.log()[mark..].join("\n")
        );
        mark = s.log_mark();
        for _ in 0..3 {
            let r = s.get("a.test", "/");
            assert_eq!((r.status, r.text().as_str()), (200, "1"), "{what}: old app must keep serving");
        }
        assert_eq!(s.get("b.test", "/").status, 404);
    }
    // A good config again is picked up.
    p.config(&config("4", true));
    wait_for_body(&s, "a.test", "4");
    wait_for_body(&s, "b.test", "b");
}

#[test]
fn unrelated_files_next_to_the_config_do_not_reload() {
    // E.g. `nanojs serve -c nano.json 2>server.log` in the config's folder.
    let p = project("unrelated");
    let s = Serve::config(&p).start();
    assert_eq!(s.get("a.test", "/").text(), "1");
    let mark = s.log_mark();
    for i in 0..5 {
        p.write("server.log", format!("line {i}\n"));
        p.write("notes.txt", format!("note {i}\n"));
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let reloads: Vec<String> = s.log()[mark..]
        .iter()
        .filter(|l| l.contains("reloading"))
        .cloned()
        .collect();
    assert!(
        reloads.is_empty(),
        "files outside every app folder caused reloads: {reloads:?}"
    );
}

#[test]
fn sigterm_finishes_in_flight_requests_then_exits_0() {
    let p = project("sigterm");
    let mut s = Serve::config(&p).start();
    let port = s.port;
    // An idle keep-alive connection must not hold up the exit (grace is 30 s).
    let mut idle = s.conn();
    assert_eq!(idle.get("a.test", "/").status, 200);
    let in_flight = std::thread::spawn(move || {
        let mut c = Conn::open(port);
        c.try_request("GET", "a.test", "/slow", &[], None)
    });
    s.wait_for_log("slow request started", Duration::from_secs(20));
    let t = Instant::now();
    s.sigterm();
    let r = in_flight.join().unwrap().expect("in-flight request failed");
    assert_eq!((r.status, r.text().as_str()), (200, "slow done"));
    let status = s.wait_exit(Duration::from_secs(20));
    assert!(
        idle.closed_within(Duration::from_secs(1)),
        "idle connection left open"
    );
    assert!(
        status.success(),
        "exit status {status:?}; log:\n{}",
        s.log_text()
    );
    assert_eq!(status.code(), Some(0));
    eprintln!("exited {:?} after SIGTERM", t.elapsed());
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "port still accepts after shutdown"
    );
    let log = s.log_text();
    assert!(log.contains("shutting down"), "{log}");
}

#[test]
fn reload_lets_in_flight_requests_finish_on_the_old_app() {
    let p = project("reloadinflight");
    let s = Serve::config(&p).start();
    let port = s.port;
    let slow = std::thread::spawn(move || {
        let mut c = Conn::open(port);
        let r = c.try_request("GET", "a.test", "/slow", &[], None);
        // The connection stays usable and sees the new config.
        let next = c.try_request("GET", "a.test", "/", &[], None);
        (r, next)
    });
    s.wait_for_log("slow request started", Duration::from_secs(20));
    // Change app a (new env: new isolates) while its request is in flight.
    p.config(&config("2", false));
    wait_for_body(&s, "a.test", "2");
    let (r, next) = slow.join().unwrap();
    let r = r.expect("in-flight request failed across the reload");
    assert_eq!((r.status, r.text().as_str()), (200, "slow done"));
    let next = next.expect("kept-alive connection broke across the reload");
    assert_eq!((next.status, next.text().as_str()), (200, "2"));
}

#[test]
fn grace_period_bounds_shutdown() {
    let p = Project::new("grace");
    p.write(
        "a/index.js",
        "export default { async fetch() { console.log('hanging'); await new Promise(() => {}); } };\n",
    );
    p.config(&json!({"apps": [{"name": "a", "hostname": "a.test", "path": "./a"}]}));
    let mut s = Serve::config(&p).arg("--grace").arg("1").start();
    let port = s.port;
    let hanging = std::thread::spawn(move || {
        let mut c = Conn::open(port);
        c.try_request("GET", "a.test", "/", &[], None)
    });
    s.wait_for_log("hanging", Duration::from_secs(20));
    let t = Instant::now();
    s.sigterm();
    // The app's timeout is 30 s; the 1 s grace ends the wait long before.
    let status = s.wait_exit(Duration::from_secs(20));
    eprintln!("exited {status:?} {:?} after SIGTERM", t.elapsed());
    assert!(status.success(), "exit status {status:?}");
    assert!(
        hanging.join().unwrap().is_err(),
        "the hanging request got a response"
    );
    s.wait_for_log("grace period over", Duration::from_secs(5));
}

#[test]
fn sigterm_stops_accepting_new_connections_while_draining() {
    let p = project("drain");
    let mut s = Serve::config(&p).arg("--grace").arg("30").start();
    let port = s.port;
    let in_flight = std::thread::spawn(move || {
        let mut c = Conn::open(port);
        c.try_request("GET", "a.test", "/slow", &[], None)
    });
    s.wait_for_log("slow request started", Duration::from_secs(20));
    s.sigterm();
    s.wait_for_log("shutting down", Duration::from_secs(10));
    // Soon after the signal, new connections are refused (or, if one slips
    // into a closing backlog, get no response), whether or not the slow
    // request has finished.
    let refused = eventually(Duration::from_secs(10), || match Conn::try_open(port) {
        Err(_) => Some(()),
        Ok(mut c) => c
            .try_request("GET", "a.test", "/", &[], None)
            .is_err()
            .then_some(()),
    });
    assert!(
        refused.is_some(),
        "still serving new connections after SIGTERM"
    );
    let r = in_flight.join().unwrap().expect("in-flight request failed");
    assert_eq!(r.status, 200);
    assert!(s.wait_exit(Duration::from_secs(30)).success());
}

#[test]
fn bad_config_at_startup_exits_non_zero_and_names_file_and_field() {
    let p = Project::new("badstart");
    p.write("a/index.js", APP);
    for (what, config, needles) in [
        (
            "unknown field",
            json!({"apps": [{"name": "a", "hostname": "a.test", "path": "./a", "hostnme": "x"}]}),
            vec!["apps[0]", "hostnme", "did you mean \"hostname\""],
        ),
        (
            "unknown top-level field",
            json!({"prot": 8080, "apps": [{"name": "a", "hostname": "a.test", "path": "./a"}]}),
            vec!["prot", "port"],
        ),
        (
            "duplicate hostname",
            json!({"apps": [
                {"name": "a", "hostname": "a.test", "path": "./a"},
                {"name": "b", "hostname": "a.test", "path": "./a"}
            ]}),
            vec!["apps[1].hostname", "a.test"],
        ),
        (
            "missing folder",
            json!({"apps": [{"name": "a", "hostname": "a.test", "path": "./nope"}]}),
            vec!["apps[0].path", "nope", "does not exist"],
        ),
        (
            "bad limit",
            json!({"apps": [{"name": "a", "hostname": "a.test", "path": "./a", "cpu_ms": -5}]}),
            vec!["apps[0].cpu_ms"],
        ),
    ] {
        p.config(&config);
        let (status, log) = Serve::config(&p).run_to_exit();
        assert!(!status.success(), "{what}: started anyway:\n{log}");
        assert!(
            log.contains(&p.path("nano.json").display().to_string()) || log.contains("nano.json"),
            "{what}: no file name:\n{log}"
        );
        for n in needles {
            assert!(
                log.contains(n),
                "{what}: stderr should mention {n:?}:\n{log}"
            );
        }
        assert!(!log.contains("panicked"), "{what}:\n{log}");
        assert!(!log.contains("listening on"), "{what}:\n{log}");
    }
    // Not JSON at all, and a missing file.
    p.write("nano.json", "{ \"apps\": [ }");
    let (status, log) = Serve::config(&p).run_to_exit();
    assert!(!status.success());
    assert!(
        log.contains("nano.json") && log.contains("invalid JSON"),
        "{log}"
    );
    std::fs::remove_file(p.path("nano.json")).unwrap();
    let (status, log) = Serve::config(&p).run_to_exit();
    assert!(!status.success());
    assert!(log.contains("nano.json"), "{log}");
    // A single app folder without an entry point.
    p.write("empty/README", "nothing here");
    let (status, log) = Serve::app(&p, "./empty").run_to_exit();
    assert!(!status.success());
    assert!(log.contains("empty") && log.contains("index.js"), "{log}");
}

#[test]
fn a_port_in_use_is_an_error() {
    let p = project("portinuse");
    // A port another program holds.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = other.local_addr().unwrap().port();
    let (status, log) = Serve::config(&p).port(port).run_to_exit();
    assert!(!status.success(), "started on a port in use:\n{log}");
    assert!(log.contains(&port.to_string()), "{log}");
    // Another nanojs on the same port must not start either (and silently
    // take a share of the connections, as SO_REUSEPORT would let it).
    let s = Serve::config(&p).start();
    let (status, log) = Serve::config(&p).port(s.port).run_to_exit();
    assert!(
        !status.success(),
        "a second server started on port {}:\n{log}",
        s.port
    );
    assert!(log.contains(&s.port.to_string()), "{log}");
}
