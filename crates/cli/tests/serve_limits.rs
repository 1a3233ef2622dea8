//! `nanojs serve`: per-app limits (CPU, memory, time, body size) and that an
//! app hitting them does not disturb its neighbours.

mod serve_support;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use serve_support::{chunked, request_bytes, Conn, Project, Serve, Server};

/// Every app counts its requests (module state), so a fresh isolate shows
/// as the count starting again at 1.
const LIMITS_APP: &str = r#"
let count = 0;
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === '/count') return new Response(String(++count));
    if (path === '/spin') { while (true) {} }
    if (path === '/hog') {
      const keep = [];
      for (let i = 0; ; i++) keep.push(new Array(100000).fill(i));
    }
    if (path === '/hog-small') {
      const keep = [];
      for (let i = 0; ; i++) keep.push({ i, s: 'x' + i });
    }
    if (path === '/hog-strings') {
      const keep = [];
      for (let i = 0; ; i++) keep.push('y'.repeat(1000) + i);
    }
    if (path === '/hang') { await new Promise(() => {}); }
    if (path === '/body') {
      const body = new Uint8Array(await request.arrayBuffer());
      return new Response(String(body.length));
    }
    return new Response('ok');
  },
};
"#;

fn limits_project(name: &str) -> Project {
    let p = Project::new(name);
    for app in ["spin", "hog", "slow", "small", "calm"] {
        p.write(&format!("{app}/index.js"), LIMITS_APP);
    }
    p.config(&json!({
        "apps": [
            {"name": "spin", "hostname": "spin.test", "path": "./spin", "cpu_ms": 50},
            {"name": "hog", "hostname": "hog.test", "path": "./hog", "memory_mb": 32, "cpu_ms": 10000},
            {"name": "slow", "hostname": "slow.test", "path": "./slow", "timeout_ms": 300},
            {"name": "small", "hostname": "small.test", "path": "./small", "max_body_mb": 1},
            {"name": "calm", "hostname": "calm.test", "path": "./calm"}
        ]
    }));
    p
}

fn start(name: &str) -> (Project, Server) {
    let p = limits_project(name);
    let s = Serve::config(&p).start();
    (p, s)
}

#[test]
fn cpu_limit_gives_503_fast_and_a_fresh_isolate() {
    let (_p, s) = start("cpu");
    // One connection, so one worker and one isolate of the app.
    let mut c = s.conn();
    assert_eq!(c.get("spin.test", "/count").text(), "1");
    assert_eq!(c.get("spin.test", "/count").text(), "2");
    let t = Instant::now();
    let r = c.get("spin.test", "/spin");
    let took = t.elapsed();
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("CPU time limit exceeded"), "{}", r.text());
    assert!(
        took < Duration::from_secs(2),
        "a 50 ms CPU limit took {took:?} to stop the loop"
    );
    // The next request on the same connection works, on a new isolate.
    let r = c.get("spin.test", "/count");
    assert_eq!(
        (r.status, r.text().as_str()),
        (200, "1"),
        "expected a fresh isolate"
    );
    // And again after a second runaway.
    assert_eq!(c.get("spin.test", "/spin").status, 503);
    assert_eq!(c.get("spin.test", "/count").text(), "1");
    s.wait_for_log("CPU time limit", Duration::from_secs(10));
}

#[test]
fn memory_limit_gives_503_and_a_fresh_isolate() {
    let (_p, s) = start("mem");
    let mut c = s.conn();
    assert_eq!(c.get("hog.test", "/count").text(), "1");
    assert_eq!(c.get("hog.test", "/count").text(), "2");
    let r = c.get("hog.test", "/hog");
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("memory limit exceeded"), "{}", r.text());
    let r = c.get("hog.test", "/count");
    assert_eq!(
        (r.status, r.text().as_str()),
        (200, "1"),
        "expected a fresh isolate"
    );
    assert_eq!(c.get("hog.test", "/hog").status, 503);
    // Again in a row: each runs on an isolate its own request created (more
    // strikes in a row would pause the app; see the breaker test).
    for i in 0..2 {
        let r = c.get("hog.test", "/hog");
        assert_eq!(
            r.status,
            503,
            "runaway allocation #{i} right after a replacement: {}",
            r.text()
        );
    }
    assert_eq!(c.get("hog.test", "/count").text(), "1");
    // Other apps on the same worker are fine.
    assert_eq!(c.get("calm.test", "/").text(), "ok");
}

/// However the app runs out of memory (a few big arrays, many small
/// objects, many strings), it is the memory limit: 503, and a new isolate.
#[test]
fn memory_limit_is_recognised_for_any_allocation_pattern() {
    let (_p, s) = start("mempatterns");
    let mut c = s.conn();
    let mut wrong = Vec::new();
    for path in ["/hog", "/hog-small", "/hog-strings"] {
        for _ in 0..2 {
            let r = c.get("hog.test", path);
            if r.status != 503 || !r.text().contains("memory limit exceeded") {
                wrong.push(format!("{path}: {} {}", r.status, r.text().trim()));
            }
            // Whatever the answer, the next request must get a fresh isolate
            // (the old one's state is suspect), so the count starts over.
            let r = c.get("hog.test", "/count");
            if r.text() != "1" {
                wrong.push(format!("{path}: isolate kept (count {})", r.text()));
            }
        }
    }
    assert!(wrong.is_empty(), "memory limit not recognised: {wrong:#?}");
}

#[test]
fn timeout_gives_504_and_the_app_keeps_serving() {
    let (_p, s) = start("timeout");
    let mut c = s.conn();
    assert_eq!(c.get("slow.test", "/count").text(), "1");
    let t = Instant::now();
    let r = c.get("slow.test", "/hang");
    assert_eq!(r.status, 504, "{}", r.text());
    assert!(r.text().contains("timed out"), "{}", r.text());
    assert!(
        t.elapsed() >= Duration::from_millis(290),
        "answered before the timeout"
    );
    // A timeout is not the isolate's fault: it stays (module state kept).
    assert_eq!(c.get("slow.test", "/count").text(), "2");
}

/// Sends `head` then `body` from another thread while reading the response,
/// so a server that answers early (and closes) does not make us fail on a
/// write.
fn send_and_read(port: u16, head: Vec<u8>, body: Vec<u8>) -> serve_support::Resp {
    let mut c = Conn::open(port);
    c.send(&head).unwrap();
    let mut writer = c.stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let r = c.read_response(false).expect("no response");
    drop(c);
    let _ = sender.join();
    r
}

#[test]
fn body_over_max_body_mb_gives_413() {
    let (_p, s) = start("body");
    let big = vec![b'x'; 2 * 1024 * 1024 + 1];

    // Content-Length over the limit: refused from the head alone.
    let head = request_bytes(
        "POST",
        "small.test",
        "/body",
        &[("content-length", &big.len().to_string())],
        None,
    );
    let r = send_and_read(s.port, head, big.clone());
    assert_eq!(r.status, 413, "{}", r.text());

    // Chunked: refused once the bytes read pass the limit.
    let head = request_bytes(
        "POST",
        "small.test",
        "/body",
        &[("transfer-encoding", "chunked")],
        None,
    );
    let r = send_and_read(s.port, head, chunked(&big, 64 * 1024));
    assert_eq!(r.status, 413, "{}", r.text());

    // Under the limit, both ways, reaches the app intact.
    let ok = vec![b'y'; 1024 * 1024 - 10];
    let mut c = s.conn();
    let r = c.request("POST", "small.test", "/body", &[], Some(&ok));
    assert_eq!((r.status, r.text()), (200, ok.len().to_string()));
    let r = c.request(
        "POST",
        "small.test",
        "/body",
        &[("transfer-encoding", "chunked")],
        Some(&chunked(&ok, 100_000)),
    );
    assert_eq!((r.status, r.text()), (200, ok.len().to_string()));
    // The default limit (100 MB) lets 2 MB through to another app.
    let r = c.request("POST", "calm.test", "/body", &[], Some(&big));
    assert_eq!((r.status, r.text()), (200, big.len().to_string()));
}

#[test]
fn runaway_neighbours_do_not_disturb_a_calm_app() {
    let (_p, s) = start("neighbours");
    let port = s.port;
    let stop = Arc::new(AtomicBool::new(false));
    let mut hammers = Vec::new();
    // The runaway apps' own answers are checked by the tests above; here
    // they only have to fail cleanly (a 5xx, no dropped connection).
    for (host, path) in [
        ("spin.test", "/spin"),
        ("spin.test", "/spin"),
        ("hog.test", "/hog"),
        ("hog.test", "/hog"),
    ] {
        let stop = Arc::clone(&stop);
        hammers.push(std::thread::spawn(move || {
            let mut n = 0;
            let mut wrong = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                match Conn::try_open(port)
                    .and_then(|mut c| c.try_request("GET", host, path, &[], None))
                {
                    Ok(r) if r.status >= 500 => {}
                    Ok(r) => wrong.push(format!("{host}{path}: {} {}", r.status, r.text())),
                    Err(e) => wrong.push(format!("{host}{path}: {e}")),
                }
                n += 1;
            }
            (n, wrong)
        }));
    }

    // The calm app, while they run: new connections and one kept alive.
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    let mut kept = s.conn();
    // At least 3 s and at least 20 requests, however slow a loaded machine is.
    let until = Instant::now() + Duration::from_secs(3);
    let mut i = 0;
    while Instant::now() < until || i < 20 {
        let t = Instant::now();
        let result = if i % 2 == 0 {
            kept.try_request("GET", "calm.test", "/", &[], None)
        } else {
            Conn::try_open(port).and_then(|mut c| c.try_request("GET", "calm.test", "/", &[], None))
        };
        latencies.push(t.elapsed());
        match result {
            Ok(r) if r.status == 200 && r.text() == "ok" => {}
            Ok(r) => failures.push(format!("{} {}", r.status, r.text())),
            Err(e) => failures.push(e.to_string()),
        }
        i += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, Ordering::Relaxed);
    let mut runaway = 0;
    for h in hammers {
        let (n, wrong) = h.join().unwrap();
        runaway += n;
        assert!(
            wrong.is_empty(),
            "runaway requests got unexpected answers: {wrong:?}"
        );
    }

    latencies.sort();
    let pct = |p: usize| latencies[(latencies.len() - 1) * p / 100];
    eprintln!(
        "calm app: {} requests alongside {runaway} runaway ones; latency p50 {:?} p90 {:?} p99 {:?} max {:?}",
        latencies.len(),
        pct(50),
        pct(90),
        pct(99),
        latencies.last().unwrap()
    );
    assert!(failures.is_empty(), "calm app failed: {failures:?}");
    assert!(runaway >= 4, "the runaway apps were barely exercised");
}

#[test]
fn an_app_that_keeps_hitting_its_cpu_limit_is_paused_then_recovers() {
    let (_p, s) = start("breaker");
    let mut c = s.conn();
    // The first failures in a row are served (and cut off) normally.
    for _ in 0..4 {
        let r = c.get("spin.test", "/spin");
        assert!(r.text().contains("CPU time limit exceeded"), "{}", r.text());
    }
    // Then the worker stops running the app's JS for a while.
    let t = Instant::now();
    let r = c.get("spin.test", "/spin");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("paused"), "{}", r.text());
    assert!(r.header("retry-after").is_some());
    assert!(
        t.elapsed() < Duration::from_millis(40),
        "a paused app still ran"
    );
    // Neighbours are served meanwhile.
    assert_eq!(c.get("calm.test", "/count").status, 200);
    // After the pause, a request that completes closes the breaker.
    std::thread::sleep(Duration::from_millis(150));
    assert_eq!(c.get("spin.test", "/count").status, 200);
    assert_eq!(c.get("spin.test", "/count").status, 200);
    s.wait_for_log("CPU time limit", Duration::from_secs(10));
}

/// An app whose timers are always due (background work that reschedules
/// itself at once) must not keep its worker from serving anyone else.
#[test]
fn always_due_timers_do_not_starve_the_worker() {
    let p = Project::new("starve");
    p.write(
        "busy/index.js",
        r#"
let started = false;
// The next timer is set first, so it is due (4 ms clamp) by the time the
// 5 ms of work is done.
function burn() {
  setTimeout(burn, 0);
  const t = Date.now();
  while (Date.now() - t < 5) {}
}
export default {
  fetch() {
    if (!started) { started = true; setTimeout(burn, 0); }
    return new Response('started');
  },
};
"#,
    );
    p.write("calm/index.js", LIMITS_APP);
    p.config(&json!({
        "apps": [
            {"name": "busy", "hostname": "busy.test", "path": "./busy"},
            {"name": "calm", "hostname": "calm.test", "path": "./calm"}
        ]
    }));
    let s = Serve::config(&p).start();
    // One connection: one worker runs both apps.
    let mut c = s.conn();
    assert_eq!(c.get("busy.test", "/").text(), "started");
    for _ in 0..5 {
        let t = Instant::now();
        let r = c.get("calm.test", "/");
        assert_eq!(r.text(), "ok");
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "a neighbour waited {:?}",
            t.elapsed()
        );
    }
    // And the busy app itself still answers.
    assert_eq!(c.get("busy.test", "/").text(), "started");
}
