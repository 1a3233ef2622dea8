//! HTML timers: `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`.
//!
//! Timers fire in deadline order; equal deadlines fire in creation order.
//! Nesting deeper than 5 clamps the delay to 4 ms, as HTML specifies.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::Duration;

use rquickjs::function::{Opt, Rest};
use rquickjs::{Array, Ctx, Function, Object, Persistent, Value};
use tokio::time::Instant;

use crate::host::state;

pub(crate) struct TimerEntry {
    pub callback: Persistent<Value<'static>>,
    pub args: Option<Persistent<Array<'static>>>,
    pub interval: Option<Duration>,
    pub nesting: u32,
    /// Sequence number of the scheduled firing; stale heap entries are skipped.
    pub seq: u64,
}

/// A timer whose callback is to run now.
pub(crate) struct DueTimer {
    pub callback: Persistent<Value<'static>>,
    pub args: Option<Persistent<Array<'static>>>,
    pub nesting: u32,
}

#[derive(Default)]
pub(crate) struct Timers {
    next_id: i32,
    next_seq: u64,
    heap: BinaryHeap<Reverse<(Instant, u64, i32)>>,
    entries: HashMap<i32, TimerEntry>,
    /// Nesting level of the timer whose callback is running (0 outside timers).
    pub current_nesting: u32,
}

impl Timers {
    fn schedule(&mut self, id: i32, at: Instant) -> u64 {
        self.next_seq += 1;
        self.heap.push(Reverse((at, self.next_seq, id)));
        self.next_seq
    }

    pub fn add(&mut self, entry: TimerEntry, delay: Duration, now: Instant) -> i32 {
        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
        let id = self.next_id;
        let seq = self.schedule(id, now + delay);
        self.entries.insert(id, TimerEntry { seq, ..entry });
        id
    }

    pub fn cancel(&mut self, id: i32) {
        self.entries.remove(&id);
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.heap.clear();
        self.entries.clear();
    }

    /// The earliest live deadline, dropping stale heap entries.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(Reverse((at, seq, id))) = self.heap.peek().copied() {
            match self.entries.get(&id) {
                Some(e) if e.seq == seq => return Some(at),
                _ => {
                    self.heap.pop();
                }
            }
        }
        None
    }

    /// Takes the next due timer. Intervals are rescheduled before they run so
    /// that `clearInterval` inside the callback cancels the next firing.
    pub fn pop_due(&mut self, now: Instant) -> Option<DueTimer> {
        let at = self.next_deadline()?;
        if at > now {
            return None;
        }
        let Reverse((_, _, id)) = self.heap.pop()?;
        let entry = self.entries.get(&id)?;
        let (callback, args, nesting) = (entry.callback.clone(), entry.args.clone(), entry.nesting);
        match entry.interval {
            Some(every) => {
                let nesting = nesting + 1;
                let every = clamp(every, nesting);
                let seq = self.schedule(id, now + every);
                let entry = self.entries.get_mut(&id).expect("entry present");
                entry.seq = seq;
                entry.nesting = nesting;
            }
            None => {
                self.entries.remove(&id);
            }
        }
        Some(DueTimer {
            callback,
            args,
            nesting,
        })
    }
}

fn clamp(delay: Duration, nesting: u32) -> Duration {
    if nesting > 5 && delay < Duration::from_millis(4) {
        Duration::from_millis(4)
    } else {
        delay
    }
}

/// The delay as HTML converts it: WebIDL `long` (ToNumber, then wrapped to
/// 32 bits), negative values meaning 0.
fn to_delay<'js>(ctx: &Ctx<'js>, ms: Option<Value<'js>>) -> rquickjs::Result<Duration> {
    let Some(ms) = ms else {
        return Ok(Duration::ZERO);
    };
    let n = rquickjs::Coerced::<f64>::from_js(ctx, ms)?.0;
    if !n.is_finite() {
        return Ok(Duration::ZERO);
    }
    let wrapped = (n.trunc().rem_euclid(4_294_967_296.0)) as u32 as i32;
    Ok(Duration::from_millis(wrapped.max(0) as u64))
}

fn set_timer<'js>(
    ctx: Ctx<'js>,
    handler: Value<'js>,
    ms: Opt<Value<'js>>,
    args: Rest<Value<'js>>,
    repeat: bool,
) -> rquickjs::Result<i32> {
    // A non-function handler is source text, compiled when the timer fires.
    let handler = if handler.is_function() {
        handler
    } else {
        let src = rquickjs::Coerced::<String>::from_js(&ctx, handler)?.0;
        rquickjs::String::from_str(ctx.clone(), &src)?.into_value()
    };
    let st = state(&ctx);
    let nesting = st.timers.borrow().current_nesting + 1;
    let delay = clamp(to_delay(&ctx, ms.0)?, nesting);
    let args = if args.0.is_empty() {
        None
    } else {
        let arr = Array::new(ctx.clone())?;
        for (i, v) in args.0.into_iter().enumerate() {
            arr.set(i, v)?;
        }
        Some(Persistent::save(&ctx, arr))
    };
    let entry = TimerEntry {
        callback: Persistent::save(&ctx, handler),
        args,
        interval: repeat.then_some(delay),
        nesting,
        seq: 0,
    };
    let id = st.timers.borrow_mut().add(entry, delay, Instant::now());
    Ok(id)
}

use rquickjs::FromJs;

fn clear_timer(ctx: Ctx<'_>, id: Opt<Value<'_>>) {
    if let Some(id) = id.0.and_then(|v| v.as_number()) {
        if id.fract() == 0.0 && id >= i32::MIN as f64 && id <= i32::MAX as f64 {
            state(&ctx).timers.borrow_mut().cancel(id as i32);
        }
    }
}

/// Installs the timer functions on the global object.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, global: &Object<'js>) -> rquickjs::Result<()> {
    let f = Function::new(ctx.clone(), |ctx, h, ms, args| {
        set_timer(ctx, h, ms, args, false)
    })?
    .with_name("setTimeout")?;
    global.set("setTimeout", f)?;
    let f = Function::new(ctx.clone(), |ctx, h, ms, args| {
        set_timer(ctx, h, ms, args, true)
    })?
    .with_name("setInterval")?;
    global.set("setInterval", f)?;
    let f = Function::new(ctx.clone(), clear_timer)?.with_name("clearTimeout")?;
    global.set("clearTimeout", f)?;
    let f = Function::new(ctx.clone(), clear_timer)?.with_name("clearInterval")?;
    global.set("clearInterval", f)?;
    Ok(())
}
