//! Isolate density: time and RSS per isolate with every web global installed
//! (lazily), for N isolates held alive at once.
//!
//! Usage: isolates <count> [--touch] | isolates --per-global
//!   --touch       also use console, URL, TextEncoder, EventTarget and
//!                 structuredClone once in each isolate (loads those builtins).
//!   --per-global  the heap and time each lazy global costs on first use.

use std::time::Instant;

use nanojs_engine::{Isolate, IsolateOptions};

fn rss_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

const TOUCH: &str =
    "new URL('https://example.com/a?b=c').searchParams.get('b'); new TextEncoder().encode('x'); \
new EventTarget(); structuredClone({ a: [1] }); typeof console.log;";

/// First-use cost of each lazy global, each in a fresh isolate.
fn per_global() {
    let builtins = nanojs_web::builtins();
    println!("{:<24} {:>10} {:>10}", "global", "heap_kb", "load_ms");
    for g in builtins.globals() {
        let iso = Isolate::new(IsolateOptions::default(), builtins).unwrap();
        iso.run_gc();
        let before = iso.memory_used();
        let t = Instant::now();
        iso.eval_script("touch", &format!("void globalThis.{}", g.name), |_, _| ())
            .unwrap();
        let took = t.elapsed();
        iso.run_gc();
        let after = iso.memory_used();
        println!(
            "{:<24} {:>10.1} {:>10.3}",
            g.name,
            (after.saturating_sub(before)) as f64 / 1024.0,
            took.as_secs_f64() * 1000.0
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "--per-global") {
        return per_global();
    }
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let touch = args.any(|a| a == "--touch");
    let builtins = nanojs_web::builtins();
    // Warm up process-wide state (the registry, allocator arenas).
    drop(Isolate::new(IsolateOptions::default(), builtins).unwrap());

    let rss_before = rss_bytes();
    let mut isolates = Vec::with_capacity(count);
    let mut create_ns: Vec<u128> = Vec::with_capacity(count);
    let start = Instant::now();
    for _ in 0..count {
        let t = Instant::now();
        let iso = Isolate::new(IsolateOptions::default(), builtins).unwrap();
        create_ns.push(t.elapsed().as_nanos());
        if touch {
            iso.eval_script("touch", TOUCH, |_, _| ()).unwrap();
        }
        isolates.push(iso);
    }
    let total = start.elapsed();
    let rss_after = rss_bytes();
    create_ns.sort_unstable();
    let p50 = create_ns[count / 2] as f64 / 1e6;
    let p99 = create_ns[(count * 99 / 100).min(count - 1)] as f64 / 1e6;
    let per_rss = (rss_after.saturating_sub(rss_before)) as f64 / count as f64 / 1024.0;
    let heap: usize = isolates.iter().map(|i| i.memory_used()).sum::<usize>() / count;
    println!(
        "nanojs isolates={count} touch={touch} create_p50_ms={p50:.3} create_p99_ms={p99:.3} \
         total_ms={:.1} rss_per_isolate_kb={per_rss:.1} quickjs_heap_per_isolate_kb={:.1}",
        total.as_secs_f64() * 1000.0,
        heap as f64 / 1024.0
    );
}
