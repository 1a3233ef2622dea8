//! AbortController and AbortSignal: abort(), reasons, abort algorithms and
//! the abort event, AbortSignal.abort/timeout/any.

mod common;

fn check(src: &str, expected: &str) {
    assert_eq!(common::stdout(src), expected);
}

#[test]
fn abort_fires_the_event_synchronously_once() {
    check(
        r#"
        const c = new AbortController();
        const s = c.signal;
        let n = 0;
        s.addEventListener('abort', (e) => {
          n++;
          console.log([e.type, e.target === s, e.isTrusted, e.bubbles, e.cancelable,
                       s.aborted].join(' '));
        });
        console.log(`${s.aborted} ${s.reason}`);
        c.abort();
        c.abort();
        console.log([n, c.signal === s, s.reason instanceof DOMException, s.reason.name,
                     s.reason === s.reason].join(' '));
        "#,
        "false undefined\nabort true true false false true\n1 true true AbortError true\n",
    );
}

#[test]
fn abort_reasons() {
    check(
        r#"
        const r = [];
        for (const reason of [undefined, null, 0, 'why']) {
          const c = new AbortController();
          c.abort(reason);
          r.push(reason === undefined ? c.signal.reason.name : String(c.signal.reason));
        }
        const err = new Error('custom');
        r.push(AbortSignal.abort(err).reason === err);
        r.push(AbortSignal.abort().reason.name);
        try { AbortSignal.abort('thrown').throwIfAborted(); } catch (e) { r.push(e); }
        new AbortController().signal.throwIfAborted();
        console.log(r.join(' '));
        "#,
        "AbortError null 0 why true AbortError thrown\n",
    );
}

#[test]
fn onabort_handler_and_algorithm_order() {
    check(
        r#"
        const c = new AbortController();
        const log = [];
        const et = new EventTarget();
        // Its abort algorithm (removing the listener) runs before the abort event.
        et.addEventListener('x', () => log.push('x'), { signal: c.signal });
        c.signal.onabort = (e) => {
          et.dispatchEvent(new Event('x'));
          log.push('onabort:' + e.type);
        };
        c.signal.addEventListener('abort', () => log.push('listener'));
        console.log(typeof c.signal.onabort);
        c.abort();
        console.log(log.join(' '));
        const s = AbortSignal.abort();
        s.onabort = () => console.log('never');
        "#,
        "function\nonabort:abort listener\n",
    );
}

#[test]
fn abort_signal_is_not_constructible_and_brand_checked() {
    check(
        r#"
        const errs = [];
        for (const f of [
          () => new AbortSignal(),
          () => AbortSignal(),
          () => Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get.call({}),
          () => AbortController.prototype.abort.call({}),
          () => AbortSignal.prototype.onabort,
          () => AbortSignal.any(),
          () => AbortSignal.any([{}]),
          () => AbortSignal.any(5),
          () => AbortSignal.timeout(),
          () => AbortSignal.timeout(-1),
          () => AbortSignal.timeout(NaN),
          () => AbortSignal.timeout(2 ** 53),
        ]) {
          try { f(); errs.push('ok'); } catch (x) { errs.push(x.name); }
        }
        console.log(errs.join(' '));
        console.log([Object.prototype.toString.call(new AbortController().signal),
                     Object.prototype.toString.call(new AbortController()),
                     AbortSignal.length, AbortSignal.timeout.length, AbortSignal.any.length,
                     AbortSignal.abort.length, AbortController.prototype.abort.length,
                     Object.getPrototypeOf(AbortSignal.prototype) === EventTarget.prototype,
                     Object.getOwnPropertyDescriptor(AbortSignal, 'any').enumerable].join(' '));
        "#,
        "TypeError TypeError TypeError TypeError TypeError TypeError TypeError TypeError \
         TypeError TypeError TypeError TypeError\n\
         [object AbortSignal] [object AbortController] 0 1 1 0 0 true true\n",
    );
}

#[test]
fn timeout_aborts_with_a_timeout_error_in_order() {
    check(
        r#"
        const log = [];
        const s = AbortSignal.timeout(5);
        console.log(String(s.aborted));
        for (const v of ['1', '2', '3']) AbortSignal.timeout(5).onabort = () => log.push(v);
        s.onabort = () => {
          console.log(`${s.aborted} ${s.reason instanceof DOMException} ${s.reason.name} ${s.reason.code}`);
        };
        AbortSignal.timeout(6).onabort = () => console.log(log.join(''));
        "#,
        "false\ntrue true TimeoutError 23\n123\n",
    );
}

#[test]
fn any_follows_its_sources() {
    check(
        r#"
        const a = new AbortController();
        const b = new AbortController();
        const any = AbortSignal.any([a.signal, b.signal, a.signal]);
        let target;
        any.onabort = (e) => { target = e.target; };
        console.log(`${any.aborted} ${any.reason} ${any !== a.signal}`);
        b.abort('because');
        console.log(`${any.aborted} ${any.reason} ${target === any}`);
        a.abort('late');
        console.log(String(any.reason));
        const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort('r1'),
                                     AbortSignal.abort('r2')]);
        console.log(`${pre.aborted} ${pre.reason}`);
        console.log(String(AbortSignal.any([]).aborted));
        const it = AbortSignal.any(new Set([a.signal]));
        console.log(it.reason);
        "#,
        "false undefined true\ntrue because true\nbecause\ntrue r1\nfalse\nlate\n",
    );
}

#[test]
fn any_flattens_dependent_sources_and_fires_in_order() {
    check(
        r#"
        const c = new AbortController();
        const signals = [c.signal];
        signals.push(AbortSignal.any([c.signal]));
        signals.push(AbortSignal.any([c.signal]));
        signals.push(AbortSignal.any([signals[0]]));
        signals.push(AbortSignal.any([signals[1]]));
        let result = '';
        signals.forEach((s, i) => s.addEventListener('abort', () => {
          // Every dependent is aborted before any abort event fires.
          result += i + (signals.every((x) => x.aborted) ? '' : '!');
        }));
        // A chain of any() signals still follows the controller directly.
        let chained = AbortSignal.any([c.signal]);
        for (let i = 0; i < 3; i++) chained = AbortSignal.any([chained]);
        let fired = false;
        chained.onabort = () => { fired = true; };
        c.abort('the reason');
        console.log(`${result} ${fired} ${chained.reason}`);
        "#,
        "01234 true the reason\n",
    );
}

#[test]
fn any_works_with_timeout_signals() {
    check(
        r#"
        const c = new AbortController();
        const s = AbortSignal.any([c.signal, AbortSignal.timeout(5)]);
        s.onabort = () => console.log(s.reason.name);
        "#,
        "TimeoutError\n",
    );
}

#[test]
fn dependent_signals_with_listeners_stay_alive() {
    // Dependents are held weakly by their sources unless they have abort
    // listeners or algorithms; those must still fire after GC pressure.
    check(
        r#"
        const c = new AbortController();
        const fired = [];
        const et = new EventTarget();
        let viaSignal = 0;
        for (let i = 0; i < 3; i++) AbortSignal.any([c.signal]).onabort = () => fired.push(i);
        et.addEventListener('x', () => viaSignal++, { signal: AbortSignal.any([c.signal]) });
        for (let i = 0; i < 1000; i++) AbortSignal.any([c.signal]);
        // Garbage that lives long enough to grow the heap, so that the
        // cycle collector runs (short-lived objects are freed by refcount
        // without ever triggering it).
        let garbage = [];
        for (let i = 0; i < 200000; i++) garbage.push({ a: [i] });
        garbage = null;
        await new Promise((r) => setTimeout(r, 1));
        et.dispatchEvent(new Event('x'));
        c.abort();
        et.dispatchEvent(new Event('x'));
        console.log(`${fired.join(',')} ${viaSignal}`);
        "#,
        "0,1,2 1\n",
    );
}

#[test]
fn abort_algorithm_exceptions_are_reported() {
    // A throwing abort listener does not stop the other listeners.
    let out = common::run(
        r#"
        const c = new AbortController();
        c.signal.addEventListener('abort', () => { throw new Error('listener failed'); });
        c.signal.addEventListener('abort', () => console.log('second'));
        c.abort();
        console.log('after abort');
        "#,
    );
    assert_eq!(out.stdout, "second\nafter abort\n");
    assert_eq!(out.result.unwrap_err().summary, "Error: listener failed");
}

#[test]
fn long_lived_signals_do_not_keep_targets_or_dependents_alive() {
    // A source signal holds dependents without listeners, and targets whose
    // listeners it would remove, only weakly.
    check(
        r#"
        const c = new AbortController();
        let targets = 0;
        let dependents = 0;
        const t = new FinalizationRegistry(() => targets++);
        const d = new FinalizationRegistry(() => dependents++);
        for (let i = 0; i < 1000; i++) {
          const et = new EventTarget();
          et.addEventListener('x', () => {}, { signal: c.signal });
          t.register(et, i);
          d.register(AbortSignal.any([c.signal]), i);
        }
        // Garbage that lives long enough to grow the heap, so that the
        // cycle collector runs (short-lived objects are freed by refcount
        // without ever triggering it).
        let garbage = [];
        for (let i = 0; i < 200000; i++) garbage.push({ a: [i] });
        garbage = null;
        await new Promise((r) => setTimeout(r, 1));
        console.log(`${targets > 900} ${dependents > 900}`);
        "#,
        "true true\n",
    );
}
