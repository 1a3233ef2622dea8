//! `performance`: High Resolution Time and User Timing.

mod common;

const PRELUDE: &str = r#"
// The error name of what f throws, or "no throw".
function thrown(f) {
  try { f(); } catch (e) { return e.name; }
  return 'no throw';
}
"#;

/// Runs `body` after the shared asserts and this file's prelude.
fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn now_is_positive_monotonic_and_fine_grained() {
    check(
        r#"
        const first = performance.now();
        is(typeof first, 'number', 'a number');
        is(first > 0, true, 'positive from the first call');
        let last = first;
        const seen = new Set();
        for (let i = 0; i < 20000; i++) {
          const t = performance.now();
          if (t < last) throw new Error(`went back: ${last} -> ${t}`);
          last = t;
          seen.add(t);
        }
        is(seen.size > 1, true, 'advances');
        // 5 microsecond steps.
        for (const t of seen) is(Math.abs(t * 200 - Math.round(t * 200)) < 1e-6, true, `coarsened ${t}`);
        "#,
    );
}

#[test]
fn now_keeps_pace_with_date_now() {
    check(
        r#"
        const hr0 = performance.now();
        const d0 = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 60));
        const hr = performance.now() - hr0;
        const d = Date.now() - d0;
        is(Math.abs(hr - d) < 15, true, `elapsed ${hr} vs ${d}`);
        is(hr >= 55, true, 'timer waited');
        "#,
    );
}

#[test]
fn time_origin_is_fixed_and_near_the_epoch_now() {
    check(
        r#"
        const origin = performance.timeOrigin;
        is(typeof origin, 'number', 'a number');
        is(Math.abs(origin + performance.now() - Date.now()) < 20, true, 'origin + now ~ Date.now()');
        await new Promise((resolve) => setTimeout(resolve, 5));
        is(performance.timeOrigin, origin, 'fixed');
        eq(performance.toJSON(), { timeOrigin: origin }, 'toJSON');
        eq(JSON.parse(JSON.stringify(performance)), { timeOrigin: origin }, 'JSON.stringify');
        "#,
    );
}

#[test]
fn performance_interface_is_not_constructible_and_brand_checks() {
    check(
        r#"
        is(thrown(() => new Performance()), 'TypeError', 'new Performance');
        is(thrown(() => Performance()), 'TypeError', 'call Performance');
        is(Object.getPrototypeOf(performance), Performance.prototype, 'prototype');
        is(Object.prototype.toString.call(performance), '[object Performance]', 'class string');
        is(thrown(() => Performance.prototype.now.call({})), 'TypeError', 'now brand check');
        const timeOrigin = Object.getOwnPropertyDescriptor(Performance.prototype, 'timeOrigin');
        is(thrown(() => timeOrigin.get.call({})), 'TypeError', 'timeOrigin brand check');
        is(timeOrigin.enumerable && timeOrigin.configurable, true, 'attribute shape');
        is(Object.getOwnPropertyDescriptor(Performance.prototype, 'now').enumerable, true, 'operation enumerable');
        is(Performance.prototype.now.length, 0, 'now.length');
        is(Performance.prototype.mark.length, 1, 'mark.length');
        is(Performance.prototype.measure.length, 1, 'measure.length');
        is(thrown(() => new performance.now()), 'TypeError', 'operations are not constructors');
        "#,
    );
}

#[test]
fn performance_is_an_event_target() {
    check(
        r#"
        is(performance instanceof EventTarget, true, 'instanceof EventTarget');
        is(Object.getPrototypeOf(Performance.prototype), EventTarget.prototype, 'inherits');
        let calls = 0;
        performance.addEventListener('custom', (e) => { calls++; is(e.target, performance, 'target'); }, { once: true });
        performance.dispatchEvent(new Event('custom'));
        performance.dispatchEvent(new Event('custom'));
        is(calls, 1, 'listener ran once');
        "#,
    );
}

#[test]
fn marks_record_time_and_cloned_detail() {
    check(
        r#"
        // Not globals (yet): the entry interfaces come from the module.
        import { PerformanceEntry, PerformanceMark, PerformanceMeasure } from 'nanojs:performance';
        const before = performance.now();
        const detail = { n: 1, list: [1, 2] };
        const m = performance.mark('start', { detail });
        is(m.name, 'start', 'name');
        is(m.entryType, 'mark', 'entryType');
        is(m.duration, 0, 'duration');
        is(m.startTime >= before && m.startTime <= performance.now(), true, 'startTime is now');
        eq(m.detail, detail, 'detail');
        is(m.detail !== detail, true, 'detail is a structured clone');
        is(m.detail, m.detail, 'same detail object every time');
        is(performance.mark('plain').detail, null, 'no detail');
        is(performance.mark('at', { startTime: 12.5 }).startTime, 12.5, 'explicit startTime');
        is(thrown(() => performance.mark('neg', { startTime: -1 })), 'TypeError', 'negative startTime');
        is(thrown(() => performance.mark('bad', { detail: () => {} })), 'DataCloneError', 'uncloneable detail');
        is(thrown(() => performance.mark()), 'TypeError', 'no name');
        eq(m.toJSON(), { name: 'start', entryType: 'mark', startTime: m.startTime, duration: 0 }, 'toJSON');
        is(Object.prototype.toString.call(m), '[object PerformanceMark]', 'class string');
        // PerformanceMark is constructible; the entry is not queued.
        const own = new PerformanceMark('own', { startTime: 1 });
        is(own.startTime, 1, 'constructed mark');
        is(performance.getEntriesByName('own').length, 0, 'not queued');
        is(thrown(() => new PerformanceEntry()), 'TypeError', 'PerformanceEntry');
        is(thrown(() => new PerformanceMeasure()), 'TypeError', 'PerformanceMeasure');
        "#,
    );
}

#[test]
fn measures_between_marks_times_and_now() {
    check(
        r#"
        performance.mark('a', { startTime: 10 });
        performance.mark('b', { startTime: 25 });
        performance.mark('a', { startTime: 15 });
        const between = performance.measure('ab', 'a', 'b');
        eq([between.entryType, between.startTime, between.duration], ['measure', 15, 10], 'most recent mark a');
        is(between.detail, null, 'no detail');
        const toNow = performance.measure('a-now', 'a');
        is(toNow.startTime, 15, 'start mark');
        is(Math.abs(toNow.duration - (performance.now() - 15)) < 5, true, 'until now');
        const origin = performance.measure('origin');
        is(origin.startTime, 0, 'from the time origin');
        const opts = performance.measure('opts', { start: 'a', end: 30, detail: [1] });
        eq([opts.startTime, opts.duration, opts.detail], [15, 15, [1]], 'options start/end/detail');
        const dur = performance.measure('dur', { start: 5, duration: 3 });
        eq([dur.startTime, dur.duration], [5, 3], 'start + duration');
        const back = performance.measure('back', { end: 'b', duration: 5 });
        eq([back.startTime, back.duration], [20, 5], 'end - duration');
        is(thrown(() => performance.measure('x', 'missing')), 'SyntaxError', 'unknown mark');
        is(thrown(() => performance.measure('x', { start: 1 }, 'b')), 'TypeError', 'options and end mark');
        is(thrown(() => performance.measure('x', { duration: 1 })), 'TypeError', 'duration alone');
        is(thrown(() => performance.measure('x', { start: 1, end: 2, duration: 1 })), 'TypeError', 'all three');
        is(thrown(() => performance.measure('x', { start: -1 })), 'TypeError', 'negative time');
        is(Object.prototype.toString.call(between), '[object PerformanceMeasure]', 'class string');
        "#,
    );
}

#[test]
fn entries_are_listed_filtered_sorted_and_cleared() {
    check(
        r#"
        performance.mark('late', { startTime: 50 });
        performance.mark('early', { startTime: 5 });
        performance.measure('m', { start: 'early', end: 'late' });
        performance.mark('early', { startTime: 7 });
        const names = (list) => list.map((e) => `${e.entryType}:${e.name}@${e.startTime}`);
        eq(names(performance.getEntries()), ['mark:early@5', 'measure:m@5', 'mark:early@7', 'mark:late@50'], 'by start time, stable');
        eq(names(performance.getEntriesByType('mark')), ['mark:early@5', 'mark:early@7', 'mark:late@50'], 'by type');
        eq(names(performance.getEntriesByName('early')), ['mark:early@5', 'mark:early@7'], 'by name');
        eq(names(performance.getEntriesByName('m', 'mark')), [], 'by name and type');
        is(performance.getEntries() !== performance.getEntries(), true, 'new list each time');
        performance.clearMarks('early');
        eq(names(performance.getEntries()), ['measure:m@5', 'mark:late@50'], 'cleared by name');
        performance.clearMeasures();
        eq(names(performance.getEntries()), ['mark:late@50'], 'measures cleared');
        performance.clearMarks();
        eq(performance.getEntries(), [], 'all cleared');
        "#,
    );
}

#[test]
fn time_origin_is_isolate_creation_not_first_use() {
    // `performance` is first touched 30 ms after the isolate was created.
    let out = common::stdout(
        "await new Promise((r) => setTimeout(r, 30));\n\
         console.log(String(performance.now() >= 30));\n\
         console.log(String(typeof PerformanceMark === 'function' && new PerformanceMark('m') instanceof PerformanceEntry));",
    );
    assert_eq!(out, "true\ntrue\n");
}

/// Heap the isolate grew by running `src`, after a GC on both sides.
fn heap_growth(isolate: &nanojs_engine::Isolate, src: &str) -> usize {
    isolate.run_gc();
    let before = isolate.memory_used();
    isolate.eval_script("probe.js", src, |_, _| ()).unwrap();
    isolate.run_gc();
    isolate.memory_used().saturating_sub(before)
}

fn isolate() -> nanojs_engine::Isolate {
    nanojs_engine::Isolate::new(Default::default(), nanojs_web::builtins()).unwrap()
}

#[test]
fn structured_clone_is_loaded_only_for_a_detail() {
    // Without a detail, the structured clone module stays unloaded: the
    // structuredClone global then costs its whole module on first use.
    let plain = isolate();
    heap_growth(
        &plain,
        "performance.mark('a', { startTime: 1 }); performance.measure('m', 'a'); \
         performance.measure('n', { start: 0, detail: null }); performance.getEntries();",
    );
    let unloaded = heap_growth(&plain, "void structuredClone;");
    assert!(
        unloaded > 30 * 1024,
        "structuredClone cost only {unloaded} bytes"
    );

    // A detail loads it.
    let detailed = isolate();
    heap_growth(
        &detailed,
        "if (performance.mark('a', { detail: { x: [1] } }).detail.x[0] !== 1) throw new Error('detail');",
    );
    let loaded = heap_growth(&detailed, "void structuredClone;");
    assert!(
        loaded < 8 * 1024,
        "structuredClone cost {loaded} bytes after a detail"
    );
}
