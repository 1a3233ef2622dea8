//! `nanojs serve`: streaming bodies. Request bodies read from the socket as
//! JS pulls them, response streams sent as they are produced, backpressure
//! both ways, client disconnects, errors and limits while streaming.

mod serve_support;

use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::json;
use serve_support::{chunked, eventually, request_bytes, Project, Serve, Server};

/// The app of most tests; `stats` is module state, so the tests run one
/// worker (one isolate) to read it from another connection.
const APP: &str = r#"
const stats = { pulls: 0, cancels: 0, aborted: 0, reason: null };
const enc = new TextEncoder();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const q = (k, d) => Number(url.searchParams.get(k) ?? d);
    const watchSignal = () => request.signal.addEventListener('abort', () => {
      stats.aborted++;
      stats.reason = `${request.signal.reason.name}: ${request.signal.reason.message}`;
    });
    switch (url.pathname) {
      case '/stats': return Response.json(stats);
      case '/echo': {
        // Through a transform that copies each chunk.
        const copy = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.slice()); } });
        return new Response(request.body.pipeThrough(copy));
      }
      case '/length': {
        const body = await request.arrayBuffer();
        return new Response(String(body.byteLength));
      }
      case '/read-error': {
        // Reads the stream itself and reports how it failed.
        const reader = request.body.getReader();
        try {
          for (;;) { const { done } = await reader.read(); if (done) return new Response('done'); }
        } catch (e) {
          return new Response(`${e.name}: ${e.message}`);
        }
      }
      case '/slow-reader': {
        // Takes one chunk, then nothing for a while: the upload must wait.
        const reader = request.body.getReader();
        let total = (await reader.read()).value.byteLength;
        await sleep(q('wait', 1500));
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return new Response(String(total));
          total += value.byteLength;
        }
      }
      case '/gen': {
        // q('n') chunks of q('size') bytes, chunk i filled with i & 255.
        const n = q('n', 10), size = q('size', 65536);
        let i = 0;
        watchSignal();
        return new Response(new ReadableStream({
          pull(c) {
            stats.pulls++;
            if (i === n) { c.close(); return; }
            c.enqueue(new Uint8Array(size).fill(i++ & 255));
          },
          cancel() { stats.cancels++; },
        }, { highWaterMark: 0 }));
      }
      case '/ticks': {
        // A chunk every 20 ms, forever.
        watchSignal();
        let i = 0;
        return new Response(new ReadableStream({
          async pull(c) { await sleep(20); c.enqueue(enc.encode(`tick ${i++}\n`)); },
          cancel() { stats.cancels++; },
        }));
      }
      case '/hang': {
        // Never responds, unless the client leaves.
        watchSignal();
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
        return new Response('gone');
      }
      case '/fail': {
        let i = 0;
        return new Response(new ReadableStream({
          async pull(c) {
            await sleep(30);
            if (i === 3) throw new Error('boom in the stream');
            c.enqueue(enc.encode(`part ${i++}\n`));
          },
        }));
      }
      case '/stall': {
        return new Response(new ReadableStream({
          start(c) { c.enqueue(enc.encode('first\n')); },
          pull() { return new Promise(() => {}); },
        }));
      }
      case '/sized': {
        const parts = ['0123', '4567', '89'];
        return new Response(new ReadableStream({
          pull(c) { const p = parts.shift(); if (p === undefined) c.close(); else c.enqueue(enc.encode(p)); },
        }), { headers: { 'content-length': url.searchParams.get('length') ?? '10' } });
      }
      case '/spin-stream': {
        return new Response(new ReadableStream({
          pull(c) { const end = Date.now() + 20; while (Date.now() < end) {} c.enqueue(enc.encode('x')); },
        }));
      }
    }
    return new Response('ok');
  },
};
"#;

fn project(name: &str, limits: serde_json::Value) -> Project {
    let p = Project::new(name);
    p.write("app/index.js", APP);
    let mut app = json!({"name": "s", "hostname": "s.test", "path": "./app"});
    for (k, v) in limits.as_object().unwrap() {
        app[k] = v.clone();
    }
    p.config(&json!({ "apps": [app] }));
    p
}

/// One worker, so that every connection reaches the same isolate.
fn start(name: &str, limits: serde_json::Value) -> (Project, Server) {
    let p = project(name, limits);
    let s = Serve::config(&p).workers(1).start();
    (p, s)
}

fn stats(s: &Server) -> serde_json::Value {
    s.get("s.test", "/stats").json()
}

/// Bytes 0..len of a recognisable pattern.
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3])
        .collect()
}

#[test]
fn fifty_megabyte_chunked_upload_echoes_through_a_transform() {
    let (_p, s) = start("echo", json!({"cpu_ms": 60000}));
    let body = pattern(50 * 1024 * 1024);
    let mut c = s.conn();
    let head = request_bytes(
        "POST",
        "s.test",
        "/echo",
        &[("transfer-encoding", "chunked")],
        None,
    );
    c.send(&head).unwrap();
    // Upload from another thread while reading: the app streams the
    // response while the request is still arriving.
    let mut writer = c.stream.try_clone().unwrap();
    let upload = chunked(&body, 256 * 1024);
    let sender = std::thread::spawn(move || writer.write_all(&upload));
    let t = Instant::now();
    let r = c.read_head().unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    let mut back = Vec::with_capacity(body.len());
    c.read_chunked(|d| back.extend_from_slice(d))
        .expect("echo ended early");
    sender.join().unwrap().unwrap();
    eprintln!("50 MB echo in {:?}", t.elapsed());
    assert!(
        back == body,
        "50 MB changed on the way ({} bytes back)",
        back.len()
    );
    // The connection is still good for the next request.
    assert_eq!(c.get("s.test", "/").text(), "ok");
    assert!(
        !s.log_text().contains("ERROR"),
        "errors logged:\n{}",
        s.log_text()
    );
}

/// Streams `mb` MiB from /gen in 64 KiB chunks; checks the bytes and
/// returns (seconds, peak server RSS in kB seen while streaming).
fn stream_and_sample(s: &Server, mb: usize) -> (f64, u64) {
    let n = mb * 16;
    let mut c = s.conn();
    let t = Instant::now();
    c.send(&request_bytes(
        "GET",
        "s.test",
        &format!("/gen?n={n}&size=65536"),
        &[],
        None,
    ))
    .unwrap();
    let r = c.read_head().unwrap();
    assert_eq!(r.status, 200);
    let mut offset = 0usize;
    let mut peak = 0u64;
    let mut last_sample = Instant::now();
    c.read_chunked(|d| {
        for (k, &b) in d.iter().enumerate().step_by(4096) {
            let at = offset + k;
            assert_eq!(b, ((at / 65536) & 255) as u8, "wrong byte at offset {at}");
        }
        offset += d.len();
        if last_sample.elapsed() >= Duration::from_millis(50) {
            peak = peak.max(s.status_kb("VmRSS"));
            last_sample = Instant::now();
        }
    })
    .expect("stream ended early");
    assert_eq!(offset, mb * 1024 * 1024);
    (t.elapsed().as_secs_f64(), peak.max(s.status_kb("VmRSS")))
}

#[test]
fn gigabyte_response_streams_in_flat_memory() {
    let (_p, s) = start("gigabyte", json!({"cpu_ms": 120000, "timeout_ms": 120000}));
    // Warm up (isolate, stream modules), then take the baseline.
    stream_and_sample(&s, 16);
    let base = s.status_kb("VmRSS");
    let (secs, peak) = stream_and_sample(&s, 1024);
    let hwm = s.status_kb("VmHWM");
    eprintln!(
        "1 GiB streamed in {secs:.2} s ({:.0} MiB/s); server RSS {base} kB before, peak {peak} kB while streaming, VmHWM {hwm} kB",
        1024.0 / secs
    );
    assert!(
        peak < base + 64 * 1024,
        "RSS grew from {base} kB to {peak} kB while streaming 1 GiB"
    );
    assert!(hwm < base + 64 * 1024, "VmHWM {hwm} kB (base {base} kB)");
}

#[test]
fn a_client_that_stops_reading_stops_the_producer() {
    let (_p, s) = start("backpressure", json!({"cpu_ms": 60000}));
    let mut c = s.conn();
    // 256 MiB in 256 KiB chunks, of which the client reads only the head.
    c.send(&request_bytes(
        "GET",
        "s.test",
        "/gen?n=1024&size=262144",
        &[],
        None,
    ))
    .unwrap();
    assert_eq!(c.read_head().unwrap().status, 200);
    // The producer fills what the sink, hyper and the socket buffers hold,
    // then waits.
    let settled = eventually(Duration::from_secs(10), || {
        let a = stats(&s)["pulls"].as_u64().unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let b = stats(&s)["pulls"].as_u64().unwrap();
        (a == b && a > 0).then_some(b)
    })
    .expect("the producer never paused");
    assert!(
        settled < 100,
        "{settled} pulls of 256 KiB for a client that reads nothing"
    );
    assert_eq!(stats(&s)["cancels"], 0);
    // Reading resumes the stream, to the end.
    let mut total = 0usize;
    c.read_chunked(|d| total += d.len()).unwrap();
    assert_eq!(total, 256 * 1024 * 1024);
    assert_eq!(stats(&s)["pulls"], 1025);
}

#[test]
fn a_slow_reader_slows_the_upload() {
    let (_p, s) = start("upload-backpressure", json!({"cpu_ms": 60000}));
    let mut c = s.conn();
    let body = vec![7u8; 64 * 1024 * 1024];
    let head = request_bytes(
        "POST",
        "s.test",
        "/slow-reader?wait=2000",
        &[("content-length", &body.len().to_string())],
        None,
    );
    c.send(&head).unwrap();
    let mut writer = c.stream.try_clone().unwrap();
    let written = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let w = written.clone();
    let sender = std::thread::spawn(move || {
        for part in body.chunks(64 * 1024) {
            writer.write_all(part).unwrap();
            w.fetch_add(part.len(), std::sync::atomic::Ordering::Relaxed);
        }
    });
    std::thread::sleep(Duration::from_millis(1000));
    let so_far = written.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        so_far < 24 * 1024 * 1024,
        "{so_far} bytes accepted while the app read one chunk"
    );
    let r = c.read_response(false).unwrap();
    sender.join().unwrap();
    assert_eq!((r.status, r.text()), (200, (64 * 1024 * 1024).to_string()));
}

#[test]
fn client_disconnect_cancels_the_stream_and_aborts_the_signal() {
    let (_p, s) = start("disconnect", json!({}));
    let mut c = s.conn();
    c.send(&request_bytes("GET", "s.test", "/ticks", &[], None))
        .unwrap();
    assert_eq!(c.read_head().unwrap().status, 200);
    // A few ticks arrive, then the client leaves.
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("tick 2\n") {
        let mut buf = [0u8; 256];
        let n = std::io::Read::read(&mut c.stream, &mut buf).unwrap();
        assert!(n > 0, "stream ended early");
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(stats(&s)["cancels"], 0);
    drop(c);
    let st = eventually(Duration::from_secs(10), || {
        let st = stats(&s);
        (st["cancels"] == 1 && st["aborted"] == 1).then_some(st)
    })
    .unwrap_or_else(|| panic!("no cancel/abort seen: {}", stats(&s)));
    assert_eq!(
        st["reason"],
        "AbortError: The client closed the connection before the response was complete"
    );

    // A handler still waiting when the client leaves sees its signal abort.
    let mut c = s.conn();
    c.send(&request_bytes("GET", "s.test", "/hang", &[], None))
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(c);
    eventually(Duration::from_secs(10), || {
        (stats(&s)["aborted"] == 2).then_some(())
    })
    .unwrap_or_else(|| panic!("the waiting handler's signal did not abort: {}", stats(&s)));
    // Nothing was logged as an error: leaving is the client's right.
    assert!(!s.log_text().contains("ERROR"), "{}", s.log_text());
}

#[test]
fn a_stream_that_errors_truncates_the_response() {
    let (_p, s) = start("error", json!({}));
    let mut c = s.conn();
    c.send(&request_bytes("GET", "s.test", "/fail", &[], None))
        .unwrap();
    let r = c.read_head().unwrap();
    assert_eq!(r.status, 200);
    let mut got = Vec::new();
    let end = c.read_chunked(|d| got.extend_from_slice(d));
    let err = end.expect_err("a failed stream must not look complete");
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof, "{err}");
    assert_eq!(String::from_utf8_lossy(&got), "part 0\npart 1\npart 2\n");
    s.wait_for_log(
        "app s: the response stream failed: Error: boom in the stream",
        Duration::from_secs(10),
    );
    // The isolate is fine.
    assert_eq!(s.get("s.test", "/").text(), "ok");
}

#[test]
fn a_stalled_stream_is_cut_off_after_timeout_ms() {
    let (_p, s) = start("stall", json!({"timeout_ms": 500}));
    let mut c = s.conn();
    c.send(&request_bytes("GET", "s.test", "/stall", &[], None))
        .unwrap();
    let t = Instant::now();
    assert_eq!(c.read_head().unwrap().status, 200);
    let mut got = Vec::new();
    let end = c.read_chunked(|d| got.extend_from_slice(d));
    assert!(end.is_err(), "a stalled stream must end truncated");
    assert_eq!(got, b"first\n");
    let took = t.elapsed();
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(10),
        "{took:?}"
    );
    s.wait_for_log("produced nothing for 500 ms", Duration::from_secs(5));
}

#[test]
fn cpu_spent_while_streaming_counts_against_the_request() {
    // Each pull spins 20 ms: the 100 ms budget runs out mid-stream.
    let (_p, s) = start("stream-cpu", json!({"cpu_ms": 100}));
    let mut c = s.conn();
    c.send(&request_bytes("GET", "s.test", "/spin-stream", &[], None))
        .unwrap();
    assert_eq!(c.read_head().unwrap().status, 200);
    let end = c.read_chunked(|_| {});
    assert!(
        end.is_err(),
        "a stream cut by the CPU limit must end truncated"
    );
    s.wait_for_log("CPU time limit of 100 ms exceeded", Duration::from_secs(10));
    // A fresh isolate serves the next request.
    assert_eq!(s.get("s.test", "/").text(), "ok");
}

#[test]
fn a_streamed_response_may_declare_its_length() {
    let (_p, s) = start("sized", json!({}));
    let r = s.get("s.test", "/sized");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("10"));
    assert_eq!(r.header("transfer-encoding"), None);
    assert_eq!(r.text(), "0123456789");
    // A stream shorter than it said is cut off, and the log says why.
    let mut c = s.conn();
    c.send(&request_bytes(
        "GET",
        "s.test",
        "/sized?length=12",
        &[],
        None,
    ))
    .unwrap();
    let r = c.read_head().unwrap();
    assert_eq!(r.header("content-length"), Some("12"));
    let mut got = vec![0u8; 12];
    let err = std::io::Read::read_exact(&mut c.stream, &mut got);
    assert!(err.is_err(), "a short stream must end the connection");
    s.wait_for_log(
        "the stream ended after 10 bytes, short of its Content-Length of 12",
        Duration::from_secs(10),
    );
}

#[test]
fn max_body_mb_applies_to_a_streamed_upload() {
    let (_p, s) = start("limit", json!({"max_body_mb": 1}));
    let big = pattern(3 * 1024 * 1024);
    let send = |path: &str| {
        let mut c = s.conn();
        let head = request_bytes(
            "POST",
            "s.test",
            path,
            &[("transfer-encoding", "chunked")],
            None,
        );
        c.send(&head).unwrap();
        let mut writer = c.stream.try_clone().unwrap();
        let upload = chunked(&big, 64 * 1024);
        // The server may answer and close before the upload is done.
        let sender = std::thread::spawn(move || {
            let _ = writer.write_all(&upload);
        });
        let r = c.read_response(false).unwrap();
        drop(c);
        let _ = sender.join();
        r
    };
    // The handler's read fails: 413.
    let r = send("/length");
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("max_body_mb"), "{}", r.text());
    // The stream errors with a message naming the limit.
    let r = send("/read-error");
    assert_eq!(
        (r.status, r.text().as_str()),
        (
            200,
            "TypeError: request body larger than the app's limit of 1 MB (max_body_mb)"
        )
    );
    // Under the limit, a chunked body streams through.
    let ok = pattern(1024 * 1024 - 100);
    let mut c = s.conn();
    let r = c.request(
        "POST",
        "s.test",
        "/length",
        &[("transfer-encoding", "chunked")],
        Some(&chunked(&ok, 10_000)),
    );
    assert_eq!((r.status, r.text()), (200, ok.len().to_string()));
}

#[test]
fn streams_over_h2c() {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;

    let (_p, s) = start("h2-streams", json!({"cpu_ms": 60000}));
    let port = s.port;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let upload = pattern(3 * 1024 * 1024);
    let expected = upload.clone();
    let (echoed, generated, failed) = rt.block_on(async move {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let io = hyper_util::rt::TokioIo::new(stream);
        let (mut sender, conn) =
            hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
                .await
                .expect("h2c handshake");
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let mut send = |path: &str, body: Vec<u8>| {
            let method = if body.is_empty() { "GET" } else { "POST" };
            let req = hyper::Request::builder()
                .method(method)
                .uri(format!("http://s.test:{port}{path}"))
                .body(Full::new(Bytes::from(body)))
                .unwrap();
            let f = sender.send_request(req);
            async move {
                let resp = tokio::time::timeout(Duration::from_secs(60), f)
                    .await
                    .expect("h2 request timed out")
                    .expect("h2 request failed");
                assert_eq!(resp.status(), 200);
                resp.into_body().collect().await.map(|b| b.to_bytes())
            }
        };
        let echoed = send("/echo", upload).await.expect("echo over h2");
        let generated = send("/gen?n=64&size=65536", Vec::new())
            .await
            .expect("stream over h2");
        let failed = send("/fail", Vec::new()).await;
        (echoed, generated, failed.is_err())
    });
    assert!(echoed == expected, "h2 echo changed the bytes");
    assert_eq!(generated.len(), 64 * 65536);
    assert!(failed, "an erroring stream must reset the h2 stream");
}
