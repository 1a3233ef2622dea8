//! Per-app counters for Prometheus. Workers update them with relaxed atomic
//! adds (no locks on the request path); `/metrics` renders a snapshot.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use crate::registry::Registry;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Why a request failed, as the `reason` label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorReason {
    Exception,
    NotResponse,
    Load,
    Cpu,
    Memory,
    Timeout,
    BodyTooLarge,
    Throttled,
}

impl ErrorReason {
    const ALL: [ErrorReason; 8] = [
        ErrorReason::Exception,
        ErrorReason::NotResponse,
        ErrorReason::Load,
        ErrorReason::Cpu,
        ErrorReason::Memory,
        ErrorReason::Timeout,
        ErrorReason::BodyTooLarge,
        ErrorReason::Throttled,
    ];

    fn label(self) -> &'static str {
        match self {
            ErrorReason::Exception => "exception",
            ErrorReason::NotResponse => "not_response",
            ErrorReason::Load => "load",
            ErrorReason::Cpu => "cpu_limit",
            ErrorReason::Memory => "memory_limit",
            ErrorReason::Timeout => "timeout",
            ErrorReason::BodyTooLarge => "body_too_large",
            ErrorReason::Throttled => "throttled",
        }
    }
}

pub struct AppMetrics {
    /// By status class: 1xx..5xx.
    responses: [AtomicU64; 5],
    errors: [AtomicU64; ErrorReason::ALL.len()],
    buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_us: AtomicU64,
    cpu_us: AtomicU64,
    isolate_starts: AtomicU64,
    /// Per worker, so that each worker writes only its own slot.
    isolates: Vec<AtomicU64>,
    memory: Vec<AtomicU64>,
}

impl AppMetrics {
    pub fn new(workers: usize) -> AppMetrics {
        AppMetrics {
            responses: Default::default(),
            errors: Default::default(),
            buckets: Default::default(),
            latency_count: AtomicU64::new(0),
            latency_sum_us: AtomicU64::new(0),
            cpu_us: AtomicU64::new(0),
            isolate_starts: AtomicU64::new(0),
            isolates: (0..workers).map(|_| AtomicU64::new(0)).collect(),
            memory: (0..workers).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    pub fn record(&self, status: u16, latency: Duration) {
        let class = (status / 100).clamp(1, 5) as usize - 1;
        self.responses[class].fetch_add(1, Relaxed);
        let secs = latency.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            self.buckets[i].fetch_add(1, Relaxed);
        }
        self.latency_count.fetch_add(1, Relaxed);
        self.latency_sum_us
            .fetch_add(latency.as_micros() as u64, Relaxed);
    }

    pub fn error(&self, reason: ErrorReason) {
        let i = ErrorReason::ALL
            .iter()
            .position(|r| *r == reason)
            .unwrap_or(0);
        self.errors[i].fetch_add(1, Relaxed);
    }

    pub fn cpu(&self, used: Duration) {
        self.cpu_us.fetch_add(used.as_micros() as u64, Relaxed);
    }

    pub fn isolate_started(&self) {
        self.isolate_starts.fetch_add(1, Relaxed);
    }

    /// A worker's current isolate count and heap bytes for this app.
    pub fn set_worker_gauges(&self, worker: usize, isolates: u64, memory: u64) {
        if let (Some(i), Some(m)) = (self.isolates.get(worker), self.memory.get(worker)) {
            i.store(isolates, Relaxed);
            m.store(memory, Relaxed);
        }
    }

    pub fn requests(&self) -> u64 {
        self.responses.iter().map(|c| c.load(Relaxed)).sum()
    }

    pub fn isolates(&self) -> u64 {
        self.isolates.iter().map(|c| c.load(Relaxed)).sum()
    }

    pub fn memory(&self) -> u64 {
        self.memory.iter().map(|c| c.load(Relaxed)).sum()
    }
}

/// Prometheus label values escape `\`, `"` and newlines.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// A per-app series: name, type, help, and how to read it.
type Series = (
    &'static str,
    &'static str,
    &'static str,
    fn(&AppMetrics) -> f64,
);

/// The Prometheus text exposition of every app's metrics.
pub fn render(registry: &Registry) -> String {
    let mut out = String::new();
    let apps: Vec<(String, &AppMetrics)> = registry
        .apps
        .iter()
        .map(|a| (label(&a.config.name), &*a.metrics))
        .collect();
    let _ = writeln!(
        out,
        "# HELP nanojs_requests_total HTTP responses sent, by status class."
    );
    let _ = writeln!(out, "# TYPE nanojs_requests_total counter");
    for (app, m) in &apps {
        for (i, c) in m.responses.iter().enumerate() {
            let _ = writeln!(
                out,
                "nanojs_requests_total{{app=\"{app}\",status=\"{}xx\"}} {}",
                i + 1,
                c.load(Relaxed)
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP nanojs_request_errors_total Requests the app failed, by reason."
    );
    let _ = writeln!(out, "# TYPE nanojs_request_errors_total counter");
    for (app, m) in &apps {
        for (r, c) in ErrorReason::ALL.iter().zip(&m.errors) {
            let _ = writeln!(
                out,
                "nanojs_request_errors_total{{app=\"{app}\",reason=\"{}\"}} {}",
                r.label(),
                c.load(Relaxed)
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP nanojs_request_duration_seconds Time from request to response head."
    );
    let _ = writeln!(out, "# TYPE nanojs_request_duration_seconds histogram");
    for (app, m) in &apps {
        let mut cumulative = 0;
        for (b, c) in BUCKETS.iter().zip(&m.buckets) {
            cumulative += c.load(Relaxed);
            let _ = writeln!(
                out,
                "nanojs_request_duration_seconds_bucket{{app=\"{app}\",le=\"{b}\"}} {cumulative}"
            );
        }
        let count = m.latency_count.load(Relaxed);
        let _ = writeln!(
            out,
            "nanojs_request_duration_seconds_bucket{{app=\"{app}\",le=\"+Inf\"}} {count}"
        );
        let sum = m.latency_sum_us.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(
            out,
            "nanojs_request_duration_seconds_sum{{app=\"{app}\"}} {sum}"
        );
        let _ = writeln!(
            out,
            "nanojs_request_duration_seconds_count{{app=\"{app}\"}} {count}"
        );
    }
    let gauges: [Series; 4] = [
        (
            "nanojs_cpu_seconds_total",
            "counter",
            "JS CPU time spent serving requests.",
            |m| m.cpu_us.load(Relaxed) as f64 / 1e6,
        ),
        (
            "nanojs_isolate_starts_total",
            "counter",
            "Isolates created (first requests, replacements).",
            |m| m.isolate_starts.load(Relaxed) as f64,
        ),
        (
            "nanojs_isolates",
            "gauge",
            "Live isolates across workers.",
            |m| m.isolates() as f64,
        ),
        (
            "nanojs_isolate_memory_bytes",
            "gauge",
            "QuickJS heap bytes across the app's isolates.",
            |m| m.memory() as f64,
        ),
    ];
    for (name, kind, help, get) in gauges {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for (app, m) in &apps {
            let _ = writeln!(out, "{name}{{app=\"{app}\"}} {}", get(m));
        }
    }
    out
}
