//! HTML timers: `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`.
//!
//! Timers fire in deadline order; equal deadlines fire in creation order.
//! Nesting deeper than 5 clamps the delay to 4 ms, as HTML specifies.
//!
//! `node:timers` builds on the same queue through [`node_ops`]: timers
//! without clamping that can be rescheduled under their id (`refresh()`),
//! unref'd timers (they do not keep `nanojs run` alive) and immediates, which
//! the event loop runs once no timer is due (Node's check phase).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::time::Duration;

use rquickjs::function::{Opt, Rest};
use rquickjs::{Array, Ctx, Function, Object, Persistent, Value};
use tokio::time::Instant;

use crate::async_context::Captured;
use crate::host::state;

pub(crate) struct TimerEntry {
    pub callback: Persistent<Value<'static>>,
    pub args: Option<Persistent<Array<'static>>>,
    pub interval: Option<Duration>,
    pub nesting: u32,
    /// Sequence number of the scheduled firing; stale heap entries are skipped.
    pub seq: u64,
    /// Whether it keeps the event loop alive (Node's `ref()`/`unref()`).
    pub refed: bool,
    /// The async context it was scheduled in, current again when it fires.
    pub context: Captured,
}

/// A timer whose callback is to run now.
pub(crate) struct DueTimer {
    pub callback: Persistent<Value<'static>>,
    pub args: Option<Persistent<Array<'static>>>,
    pub nesting: u32,
    pub context: Captured,
}

#[derive(Default)]
pub(crate) struct Timers {
    next_id: i32,
    next_seq: u64,
    heap: BinaryHeap<Reverse<(Instant, u64, i32)>>,
    entries: HashMap<i32, TimerEntry>,
    /// Immediates in FIFO order; ids no longer in `entries` were cleared.
    immediates: VecDeque<i32>,
    /// How many entries are refed.
    refed: usize,
    /// Nesting level of the timer whose callback is running (0 outside timers).
    pub current_nesting: u32,
}

impl Timers {
    fn schedule(&mut self, id: i32, at: Instant) -> u64 {
        self.next_seq += 1;
        self.heap.push(Reverse((at, self.next_seq, id)));
        self.next_seq
    }

    fn new_id(&mut self) -> i32 {
        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
        self.next_id
    }

    fn insert(&mut self, id: i32, entry: TimerEntry) {
        if entry.refed {
            self.refed += 1;
        }
        if let Some(old) = self.entries.insert(id, entry) {
            if old.refed {
                self.refed -= 1;
            }
        }
    }

    fn remove(&mut self, id: i32) {
        if let Some(old) = self.entries.remove(&id) {
            if old.refed {
                self.refed -= 1;
            }
        }
    }

    pub fn add(&mut self, entry: TimerEntry, delay: Duration, now: Instant) -> i32 {
        let id = self.new_id();
        self.add_with_id(id, entry, delay, now);
        id
    }

    /// Schedules `entry` under `id`, replacing the timer of that id if any.
    fn add_with_id(&mut self, id: i32, entry: TimerEntry, delay: Duration, now: Instant) {
        let seq = self.schedule(id, now + delay);
        self.insert(id, TimerEntry { seq, ..entry });
    }

    fn add_immediate(&mut self, entry: TimerEntry) -> i32 {
        let id = self.new_id();
        self.immediates.push_back(id);
        self.insert(id, entry);
        id
    }

    pub fn cancel(&mut self, id: i32) {
        self.remove(id);
    }

    fn set_ref(&mut self, id: i32, refed: bool) {
        if let Some(e) = self.entries.get_mut(&id) {
            if e.refed != refed {
                e.refed = refed;
                if refed {
                    self.refed += 1;
                } else {
                    self.refed -= 1;
                }
            }
        }
    }

    /// Whether a timer or immediate keeps the event loop alive.
    pub fn has_refed(&self) -> bool {
        self.refed > 0
    }

    pub fn has_immediates(&self) -> bool {
        !self.immediates.is_empty()
    }

    /// Takes the first immediate that was not cleared.
    pub fn pop_immediate(&mut self) -> Option<DueTimer> {
        while let Some(id) = self.immediates.pop_front() {
            if let Some(entry) = self.entries.get(&id) {
                let due = DueTimer {
                    callback: entry.callback.clone(),
                    args: entry.args.clone(),
                    nesting: 0,
                    context: entry.context.clone(),
                };
                self.remove(id);
                return Some(due);
            }
        }
        None
    }

    pub fn clear(&mut self) {
        self.heap.clear();
        self.entries.clear();
        self.immediates.clear();
        self.refed = 0;
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
        let context = entry.context.clone();
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
                self.remove(id);
            }
        }
        Some(DueTimer {
            callback,
            args,
            nesting,
            context,
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
        refed: true,
        context: Captured::now(&ctx),
    };
    let id = st.timers.borrow_mut().add(entry, delay, Instant::now());
    Ok(id)
}

use rquickjs::FromJs;

/// The id as WebIDL `long` converts it: ToNumber, so objects with a
/// `Symbol.toPrimitive` (node:timers' `Timeout`) clear their timer too.
fn clear_timer<'js>(ctx: Ctx<'js>, id: Opt<Value<'js>>) -> rquickjs::Result<()> {
    let Some(id) = id.0 else {
        return Ok(());
    };
    let id = match id.as_number() {
        Some(n) => n,
        None if id.is_object() => rquickjs::Coerced::<f64>::from_js(&ctx, id)?.0,
        None => return Ok(()),
    };
    if id.fract() == 0.0 && id >= i32::MIN as f64 && id <= i32::MAX as f64 {
        state(&ctx).timers.borrow_mut().cancel(id as i32);
    }
    Ok(())
}

/// Node's delay: milliseconds (fractions kept), never clamped by nesting.
fn node_delay(ms: f64) -> Duration {
    if ms.is_finite() && ms > 0.0 {
        Duration::from_secs_f64(ms / 1000.0)
    } else {
        Duration::ZERO
    }
}

fn node_entry<'js>(
    ctx: &Ctx<'js>,
    callback: Function<'js>,
    arg: Value<'js>,
    interval: Option<Duration>,
    refed: bool,
) -> rquickjs::Result<TimerEntry> {
    let args = Array::new(ctx.clone())?;
    args.set(0, arg)?;
    Ok(TimerEntry {
        callback: Persistent::save(ctx, callback.into_value()),
        args: Some(Persistent::save(ctx, args)),
        interval,
        nesting: 0,
        seq: 0,
        refed,
        context: Captured::now(ctx),
    })
}

/// The operations `node:timers` is built on, exported by `nanojs:host` as
/// `nodeTimers`. Callbacks are called with `globalThis` as `this` and `arg`
/// as their one argument.
/// - `set(id, callback, ms, repeat, refed, arg)`: schedules a timer; with a
///   nonzero `id`, (re)schedules it under that id (`refresh()`). Returns the id.
/// - `immediate(callback, refed, arg)`: queues an immediate; returns its id.
/// - `ref(id, refed)`: whether the timer or immediate keeps the loop alive.
/// - `clear(id)`: cancels a timer or immediate.
pub(crate) fn node_ops<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let ops = Object::new(ctx.clone())?;
    ops.set(
        "set",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             id: i32,
             callback: Function<'js>,
             ms: f64,
             repeat: bool,
             refed: bool,
             arg: Value<'js>| {
                let delay = node_delay(ms);
                let entry = node_entry(&ctx, callback, arg, repeat.then_some(delay), refed)?;
                let st = state(&ctx);
                let mut timers = st.timers.borrow_mut();
                let id = if id == 0 { timers.new_id() } else { id };
                timers.add_with_id(id, entry, delay, Instant::now());
                rquickjs::Result::Ok(id)
            },
        )?,
    )?;
    ops.set(
        "immediate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, callback: Function<'js>, refed: bool, arg: Value<'js>| {
                let entry = node_entry(&ctx, callback, arg, None, refed)?;
                rquickjs::Result::Ok(state(&ctx).timers.borrow_mut().add_immediate(entry))
            },
        )?,
    )?;
    ops.set(
        "ref",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, id: i32, refed: bool| {
            state(&ctx).timers.borrow_mut().set_ref(id, refed)
        })?,
    )?;
    ops.set(
        "clear",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, id: i32| {
            state(&ctx).timers.borrow_mut().cancel(id)
        })?,
    )?;
    Ok(ops)
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
