//! CPU budget: time spent on this thread's CPU while JS runs, enforced by the
//! QuickJS interrupt handler (called every few thousand bytecode ops).

use std::cell::Cell;
use std::time::Duration;

/// CPU time consumed by the calling thread.
pub(crate) fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[derive(Default)]
pub(crate) struct CpuBudget {
    /// Budget for the current accounting period (None: unlimited).
    limit: Cell<Option<Duration>>,
    /// CPU time used in finished JS turns of this period.
    used: Cell<Duration>,
    /// Thread CPU time at the start of the JS turn in progress.
    turn_start: Cell<Option<Duration>>,
    /// Set when the interrupt handler cut JS off; cleared by `take_exceeded`.
    exceeded: Cell<bool>,
}

impl CpuBudget {
    pub fn set_limit(&self, limit: Option<Duration>) {
        self.limit.set(limit);
        self.used.set(Duration::ZERO);
        self.exceeded.set(false);
    }

    pub fn extend_limit(&self, extra: Duration) {
        if let Some(limit) = self.limit.get() {
            self.limit.set(Some(limit + extra));
        }
    }

    pub fn used(&self) -> Duration {
        let running = self
            .turn_start
            .get()
            .map(|s| thread_cpu_time().saturating_sub(s))
            .unwrap_or_default();
        self.used.get() + running
    }

    /// Marks the start of a JS turn; nested calls keep the outer start.
    pub fn enter(&self) -> bool {
        if self.turn_start.get().is_some() {
            return false;
        }
        self.turn_start.set(Some(thread_cpu_time()));
        true
    }

    pub fn leave(&self) {
        if let Some(start) = self.turn_start.take() {
            self.used
                .set(self.used.get() + thread_cpu_time().saturating_sub(start));
        }
    }

    /// Called by the interrupt handler: true stops JS with an uncatchable error.
    pub fn should_interrupt(&self) -> bool {
        if self.exceeded.get() {
            return true;
        }
        let Some(limit) = self.limit.get() else {
            return false;
        };
        if self.turn_start.get().is_none() {
            return false;
        }
        if self.used() > limit {
            self.exceeded.set(true);
            return true;
        }
        false
    }

    pub fn is_exceeded(&self) -> bool {
        self.exceeded.get()
    }
}
