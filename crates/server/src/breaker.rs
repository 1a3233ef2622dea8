//! Back-off for apps that keep hitting their CPU or memory limit. A worker
//! runs one isolate at a time, so an app that burns its whole `cpu_ms` on
//! every request delays every other app on that worker by that much. After
//! a few limit failures in a row, the worker answers the app's requests with
//! 503 for a while (doubling, capped) without running its JS; one request
//! that completes normally closes the breaker again.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// Limit failures in a row that are still served normally.
const FREE_STRIKES: u32 = 3;
const FIRST_PAUSE: Duration = Duration::from_millis(100);
const MAX_PAUSE: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct Breaker {
    strikes: Cell<u32>,
    open_until: Cell<Option<Instant>>,
    /// The isolate of the last strike: its other in-flight requests fail
    /// with it and must not count again.
    last_isolate: Cell<u64>,
}

impl Breaker {
    /// How long the app is still paused, if it is.
    pub fn paused(&self, now: Instant) -> Option<Duration> {
        let until = self.open_until.get()?;
        if now >= until {
            // Half-open: let this request through as a probe.
            self.open_until.set(None);
            return None;
        }
        Some(until - now)
    }

    /// A request failed on a CPU or memory limit in isolate `isolate` (its
    /// serial number).
    pub fn strike(&self, now: Instant, isolate: u64) {
        if self.last_isolate.replace(isolate) == isolate {
            return;
        }
        let strikes = self.strikes.get() + 1;
        self.strikes.set(strikes);
        if strikes > FREE_STRIKES {
            let doublings = (strikes - FREE_STRIKES - 1).min(16);
            let pause = (FIRST_PAUSE * 2u32.pow(doublings)).min(MAX_PAUSE);
            self.open_until.set(Some(now + pause));
        }
    }

    /// A request completed without hitting a limit.
    pub fn reset(&self) {
        self.strikes.set(0);
        self.open_until.set(None);
        self.last_isolate.set(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_after_repeated_strikes_and_doubles() {
        let b = Breaker::default();
        let t = Instant::now();
        let mut isolate = 1;
        let mut strike = |at| {
            isolate += 1;
            b.strike(at, isolate);
        };
        for _ in 0..FREE_STRIKES {
            strike(t);
            assert_eq!(b.paused(t), None);
        }
        strike(t);
        assert_eq!(b.paused(t), Some(FIRST_PAUSE));
        // The probe after the pause fails too: twice as long.
        let later = t + FIRST_PAUSE;
        assert_eq!(b.paused(later), None);
        strike(later);
        assert_eq!(b.paused(later), Some(FIRST_PAUSE * 2));
        for _ in 0..40 {
            strike(later);
        }
        assert_eq!(b.paused(later), Some(MAX_PAUSE));
        // Requests that failed with one isolate count once.
        let c = Breaker::default();
        for _ in 0..10 {
            c.strike(t, 7);
        }
        assert_eq!(c.paused(t), None);
        b.reset();
        assert_eq!(b.paused(later), None);
    }
}
