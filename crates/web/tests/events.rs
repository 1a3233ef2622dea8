//! Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent, the
//! global object as an EventTarget, error reporting and rejection events, and
//! queueMicrotask.

mod common;

/// Runs `src` (which logs strings) and checks what it printed.
fn check(src: &str, expected: &str) {
    assert_eq!(common::stdout(src), expected);
}

#[test]
fn dispatch_runs_capture_listeners_first_at_target() {
    check(
        r#"
        const et = new EventTarget();
        const log = [];
        et.addEventListener('x', (e) => log.push('bubble1:' + e.eventPhase));
        et.addEventListener('x', (e) => log.push('capture:' + e.eventPhase), true);
        et.addEventListener('x', (e) => log.push('bubble2:' + e.eventPhase), { capture: false });
        const e = new Event('x');
        et.dispatchEvent(e);
        console.log(log.join(' '));
        console.log(`${e.eventPhase} ${e.currentTarget} ${e.target === et}`);
        "#,
        "capture:2 bubble1:2 bubble2:2\n0 null true\n",
    );
}

#[test]
fn listener_sees_event_state() {
    check(
        r#"
        const et = new EventTarget();
        let seen;
        et.addEventListener('x', function (e) {
          seen = [this === et, e.target === et, e.currentTarget === et, e.srcElement === et,
                  e.composedPath().length === 1 && e.composedPath()[0] === et, e.isTrusted];
        });
        const e = new Event('x');
        et.dispatchEvent(e);
        console.log(seen.join(' '));
        console.log(String(e.composedPath().length));
        "#,
        "true true true true true false\n0\n",
    );
}

#[test]
fn once_listeners_run_once_even_when_nested() {
    check(
        r#"
        const et = new EventTarget();
        let n = 0;
        et.addEventListener('x', () => { n++; et.dispatchEvent(new Event('x')); }, { once: true });
        et.dispatchEvent(new Event('x'));
        et.dispatchEvent(new Event('x'));
        console.log(String(n));
        "#,
        "1\n",
    );
}

#[test]
fn duplicate_listeners_are_ignored_and_removal_matches_capture() {
    check(
        r#"
        const et = new EventTarget();
        let n = 0;
        const f = () => n++;
        et.addEventListener('x', f);
        et.addEventListener('x', f, false);
        et.addEventListener('x', f, { passive: true, once: true });
        et.addEventListener('x', f, true);
        et.dispatchEvent(new Event('x'));
        console.log(String(n));
        et.removeEventListener('x', f, true);
        et.dispatchEvent(new Event('x'));
        console.log(String(n));
        et.removeEventListener('x', f);
        et.dispatchEvent(new Event('x'));
        console.log(String(n));
        "#,
        "2\n3\n3\n",
    );
}

#[test]
fn handle_event_objects_are_called_with_the_object_as_this() {
    check(
        r#"
        const et = new EventTarget();
        const obj = { handleEvent(e) { console.log(`${this === obj} ${e.type}`); } };
        et.addEventListener('x', obj);
        et.dispatchEvent(new Event('x'));
        // handleEvent is looked up at each dispatch.
        obj.handleEvent = function () { console.log('replaced'); };
        et.dispatchEvent(new Event('x'));
        "#,
        "true x\nreplaced\n",
    );
}

#[test]
fn listeners_added_during_dispatch_do_not_run_removed_ones_do_not_run() {
    check(
        r#"
        const et = new EventTarget();
        const log = [];
        const b = () => log.push('b');
        et.addEventListener('x', () => {
          log.push('a');
          et.removeEventListener('x', b);
          et.addEventListener('x', () => log.push('c'));
        });
        et.addEventListener('x', b);
        et.dispatchEvent(new Event('x'));
        console.log(log.join(''));
        "#,
        "a\n",
    );
}

#[test]
fn abort_signal_removes_the_listener() {
    check(
        r#"
        const et = new EventTarget();
        const c = new AbortController();
        let n = 0;
        et.addEventListener('x', () => n++, { signal: c.signal });
        et.dispatchEvent(new Event('x'));
        c.abort();
        et.dispatchEvent(new Event('x'));
        et.addEventListener('x', () => n++, { signal: c.signal });
        et.dispatchEvent(new Event('x'));
        let msg;
        try { et.addEventListener('x', () => {}, { signal: null }); } catch (e) { msg = e.name; }
        console.log(`${n} ${msg}`);
        "#,
        "1 TypeError\n",
    );
}

#[test]
fn passive_listeners_cannot_cancel() {
    check(
        r#"
        const et = new EventTarget();
        let prevented;
        et.addEventListener('x', (e) => { e.preventDefault(); prevented = e.defaultPrevented; },
                            { passive: true });
        const r1 = et.dispatchEvent(new Event('x', { cancelable: true }));
        const et2 = new EventTarget();
        et2.addEventListener('x', (e) => { e.returnValue = false; });
        const e2 = new Event('x', { cancelable: true });
        const r2 = et2.dispatchEvent(e2);
        // Not cancelable: preventDefault does nothing.
        const e3 = new Event('x');
        e3.preventDefault();
        console.log(`${prevented} ${r1} ${r2} ${e2.defaultPrevented} ${e2.returnValue} ${e3.defaultPrevented}`);
        "#,
        "false true false true false false\n",
    );
}

#[test]
fn stop_immediate_propagation_skips_later_listeners() {
    check(
        r#"
        const et = new EventTarget();
        const log = [];
        et.addEventListener('x', (e) => { log.push(1); e.stopPropagation(); });
        et.addEventListener('x', (e) => { log.push(2); e.stopImmediatePropagation(); });
        et.addEventListener('x', () => log.push(3));
        const e = new Event('x');
        et.dispatchEvent(e);
        // The flags are cleared after dispatch, so it can be dispatched again.
        et.dispatchEvent(e);
        console.log(`${log.join('')} ${e.cancelBubble}`);
        const e2 = new Event('x');
        e2.cancelBubble = true;
        const log2 = log.length;
        et.dispatchEvent(e2);
        console.log(String(log.length - log2));
        "#,
        "1212 false\n0\n",
    );
}

#[test]
fn redispatching_an_event_being_dispatched_is_an_invalid_state_error() {
    check(
        r#"
        const et = new EventTarget();
        let err;
        et.addEventListener('x', (e) => {
          try { et.dispatchEvent(e); } catch (x) { err = x; }
        });
        et.dispatchEvent(new Event('x'));
        console.log(`${err instanceof DOMException} ${err.name} ${err.code}`);
        let te;
        try { et.dispatchEvent({ type: 'x' }); } catch (x) { te = x.name; }
        console.log(te);
        "#,
        "true InvalidStateError 11\nTypeError\n",
    );
}

#[test]
fn listener_exceptions_are_reported_not_thrown() {
    let out = common::run(
        r#"
        const et = new EventTarget();
        et.addEventListener('x', () => { throw new Error('from listener'); });
        et.addEventListener('x', () => console.log('second listener ran'));
        console.log('returned ' + et.dispatchEvent(new Event('x')));
        "#,
    );
    assert_eq!(out.stdout, "second listener ran\nreturned true\n");
    let err = out.result.expect_err("the listener's error is uncaught");
    assert_eq!(err.summary, "Error: from listener");
    assert_eq!(err.location.as_ref().map(|l| l.line), Some(3));
}

#[test]
fn listener_exceptions_fire_error_events_on_the_global() {
    check(
        r#"
        addEventListener('error', (e) => {
          console.log([e instanceof ErrorEvent, e.isTrusted, e.cancelable, e.message,
                       e.filename, e.lineno, e.colno, e.error.message].join('|'));
          e.preventDefault();
        });
        const et = new EventTarget();
        et.addEventListener('x', () => { throw new RangeError('bad'); });
        et.dispatchEvent(new Event('x'));
        console.log('done');
        "#,
        "true|true|true|Uncaught RangeError: bad|file:///test/main.js|8|52|bad\ndone\n",
    );
}

#[test]
fn report_error_without_a_canceling_listener_is_uncaught() {
    let out = common::run(
        r#"
        addEventListener('error', (e) => console.log('saw ' + e.error.message));
        reportError(new TypeError('reported'));
        console.log('after');
        "#,
    );
    assert_eq!(out.stdout, "saw reported\nafter\n");
    let err = out.result.expect_err("not canceled, so uncaught");
    assert_eq!(err.summary, "TypeError: reported");
}

#[test]
fn report_error_with_a_canceling_listener_is_handled() {
    check(
        r#"
        let n = 0;
        addEventListener('error', (e) => { n++; e.preventDefault(); });
        reportError(new Error('one'));
        reportError('two');
        let te;
        try { reportError(); } catch (e) { te = e.name; }
        console.log(`${n} ${te}`);
        "#,
        "2 TypeError\n",
    );
}

#[test]
fn onerror_handler_gets_five_arguments_and_returns_true_to_cancel() {
    check(
        r#"
        globalThis.onerror = (message, filename, lineno, colno, error) => {
          console.log(`${message} ${filename} ${lineno} ${error.message}`);
          return true;
        };
        reportError(new Error('handled'));
        console.log(typeof onerror);
        onerror = null;
        console.log(String(onerror));
        "#,
        "Uncaught Error: handled file:///test/main.js 6 handled\nfunction\nnull\n",
    );
}

#[test]
fn errors_thrown_by_error_listeners_are_uncaught() {
    let out = common::run(
        r#"
        addEventListener('error', (e) => { e.preventDefault(); throw new Error('inner'); });
        reportError(new Error('outer'));
        "#,
    );
    let err = out.result.expect_err("inner error");
    assert_eq!(err.summary, "Error: inner");
}

#[test]
fn unhandled_rejection_listener_can_prevent_the_uncaught_error() {
    check(
        r#"
        const p = Promise.reject(new Error('nope'));
        addEventListener('unhandledrejection', (e) => {
          console.log([e instanceof PromiseRejectionEvent, e.promise === p, e.reason.message,
                       e.cancelable, e.isTrusted].join(' '));
          e.preventDefault();
        });
        "#,
        "true true nope true true\n",
    );
}

#[test]
fn rejection_events_carry_the_promise_itself() {
    // Even a subclass instance, which Promise.resolve would wrap.
    check(
        r#"
        class MyPromise extends Promise {}
        const p = MyPromise.reject(3);
        addEventListener('unhandledrejection', (e) => {
          console.log(`${e.promise === p} ${e.reason}`);
          e.preventDefault();
        });
        "#,
        "true 3\n",
    );
}

#[test]
fn unhandled_rejection_without_prevent_default_is_uncaught() {
    let out = common::run(
        r#"
        addEventListener('unhandledrejection', (e) => console.log('saw ' + e.reason));
        Promise.reject(new Error('nope'));
        "#,
    );
    assert_eq!(out.stdout, "saw Error: nope\n");
    let err = out.result.expect_err("uncaught rejection");
    assert!(err.summary.ends_with("Error: nope"), "{}", err.summary);
}

#[test]
fn onunhandledrejection_returning_false_cancels() {
    // The engine reports rejections as events only once the events builtin is
    // loaded: touch it first (an assignment to a global does not load it).
    check(
        r#"
        EventTarget;
        globalThis.onunhandledrejection = (e) => { console.log('handler ' + e.reason); return false; };
        Promise.reject(7);
        "#,
        "handler 7\n",
    );
}

#[test]
fn rejection_handled_fires_when_a_late_handler_is_attached() {
    check(
        r#"
        addEventListener('unhandledrejection', (e) => { console.log('unhandled'); e.preventDefault(); });
        const p = Promise.reject(1);
        addEventListener('rejectionhandled', (e) => {
          console.log(`rejectionhandled ${e.promise === p} ${e.reason} ${e.cancelable}`);
        });
        setTimeout(() => {
          p.catch(() => {});
          console.log('attached');
        }, 5);
        "#,
        "unhandled\nattached\nrejectionhandled true 1 false\n",
    );
}

#[test]
fn global_object_is_an_event_target() {
    check(
        r#"
        const proto = EventTarget.prototype;
        const r = [Object.getPrototypeOf(globalThis) === proto,
                   addEventListener === EventTarget.prototype.addEventListener];
        let n = 0;
        const f = () => n++;
        addEventListener('ping', f);
        self.dispatchEvent(new Event('ping'));
        dispatchEvent(new Event('ping'));
        removeEventListener('ping', f);
        globalThis.dispatchEvent(new Event('ping'));
        r.push(n);
        console.log(r.join(' '));
        "#,
        "true true 2\n",
    );
}

#[test]
fn event_constructor_and_attributes() {
    check(
        r#"
        const e = new Event('t', { bubbles: true, cancelable: 1, composed: 'yes' });
        console.log([e.type, e.bubbles, e.cancelable, e.composed, e.defaultPrevented,
                     e.returnValue, e.isTrusted, e.eventPhase, String(e.target), typeof e.timeStamp,
                     e.timeStamp > 0].join(' '));
        const order = [];
        new Event('t', { get composed() { order.push('composed'); },
                         get cancelable() { order.push('cancelable'); },
                         get bubbles() { order.push('bubbles'); } });
        console.log(order.join(' '));
        const errs = [];
        for (const f of [() => Event('x'), () => new Event(), () => new Event('x', 5),
                         () => new Event(Symbol())]) {
          try { f(); } catch (x) { errs.push(x.name); }
        }
        console.log(errs.join(' '));
        e.initEvent('u', false, true);
        console.log(`${e.type} ${e.bubbles} ${e.cancelable}`);
        "#,
        "t true true true false true false 0 null number true\n\
         bubbles cancelable composed\n\
         TypeError TypeError TypeError TypeError\n\
         u false true\n",
    );
}

#[test]
fn webidl_shape() {
    check(
        r#"
        const d = Object.getOwnPropertyDescriptor(new Event('x'), 'isTrusted');
        const d2 = Object.getOwnPropertyDescriptor(new Event('y'), 'isTrusted');
        const typeDesc = Object.getOwnPropertyDescriptor(Event.prototype, 'type');
        const r = [
          typeof d.get, d.configurable, d.enumerable, d.get === d2.get,
          typeDesc.enumerable, typeDesc.configurable,
          Object.prototype.toString.call(new Event('x')),
          Object.prototype.toString.call(new EventTarget()),
          Object.prototype.toString.call(new CustomEvent('x')),
          Event.length, CustomEvent.length, PromiseRejectionEvent.length, EventTarget.length,
          EventTarget.prototype.addEventListener.length,
          EventTarget.prototype.dispatchEvent.length,
          Event.AT_TARGET, Event.prototype.BUBBLING_PHASE, Event.NONE, Event.CAPTURING_PHASE,
          Object.getPrototypeOf(CustomEvent) === Event,
        ];
        const errs = [];
        for (const f of [() => typeDesc.get.call({}),
                         () => EventTarget.prototype.addEventListener.call({}, 'x', null),
                         () => new EventTarget().addEventListener('x'),
                         () => new EventTarget().addEventListener('x', 5)]) {
          try { f(); } catch (x) { errs.push(x.name); }
        }
        console.log(r.join(' '));
        console.log(errs.join(' '));
        "#,
        "function false true true true true [object Event] [object EventTarget] \
         [object CustomEvent] 1 1 2 0 2 1 2 3 0 1 true\n\
         TypeError TypeError TypeError TypeError\n",
    );
}

#[test]
fn custom_error_and_rejection_events() {
    check(
        r#"
        const c = new CustomEvent('c', { detail: { a: 1 } });
        const c2 = new CustomEvent('c');
        c2.initCustomEvent('d', true, false, 5);
        console.log(`${c.detail.a} ${new CustomEvent('c').detail} ${c2.type} ${c2.bubbles} ${c2.detail}`);
        const err = new Error('x');
        const e = new ErrorEvent('error', { message: 'm', filename: 'f', lineno: 3, colno: -1, error: err });
        console.log(`${e.message} ${e.filename} ${e.lineno} ${e.colno} ${e.error === err}`);
        const e2 = new ErrorEvent('error');
        console.log(`[${e2.message}] [${e2.filename}] ${e2.lineno} ${e2.colno} ${e2.error}`);
        const p = Promise.resolve();
        const r = new PromiseRejectionEvent('unhandledrejection', { promise: p, reason: 1 });
        // Promise<any>: other values are converted with Promise.resolve.
        const wrapped = new PromiseRejectionEvent('x', { promise: 1 }).promise;
        console.log(`${r.promise === p} ${r.reason} ${wrapped instanceof Promise}`);
        const errs = [];
        for (const f of [() => new PromiseRejectionEvent('x'),
                         () => new PromiseRejectionEvent('x', {})]) {
          try { f(); } catch (x) { errs.push(x.name); }
        }
        const getter = Object.getOwnPropertyDescriptor(PromiseRejectionEvent.prototype, 'promise').get;
        await getter.call({}).catch((e) => errs.push('rejected:' + e.name));
        console.log(errs.join(' '));
        "#,
        "1 null d true 5\n\
         m f 3 4294967295 true\n\
         [] [] 0 0 null\n\
         true 1 true\n\
         TypeError TypeError rejected:TypeError\n",
    );
}

#[test]
fn event_target_can_be_subclassed() {
    check(
        r#"
        class Emitter extends EventTarget {
          emit(type, detail) { return this.dispatchEvent(new CustomEvent(type, { detail })); }
        }
        const em = new Emitter();
        em.addEventListener('hi', (e) => console.log(`${e.detail} ${e.target === em}`));
        em.emit('hi', 'there');
        class MyEvent extends Event { constructor() { super('mine'); this.extra = 1; } }
        em.addEventListener('mine', (e) => console.log(`${e instanceof MyEvent} ${e.extra}`));
        em.dispatchEvent(new MyEvent());
        "#,
        "there true\ntrue 1\n",
    );
}

#[test]
fn queue_microtask_runs_in_order_with_promises() {
    check(
        r#"
        const log = [];
        Promise.resolve().then(() => log.push('a'));
        queueMicrotask(() => log.push('b'));
        Promise.reject().catch(() => log.push('c'));
        queueMicrotask(function () { log.push(arguments.length); });
        queueMicrotask(() => console.log(log.join(' ')));
        log.push('sync');
        const errs = [];
        for (const v of [undefined, null, 0, 'x', { handleEvent() {} }]) {
          try { queueMicrotask(v); } catch (x) { errs.push(x.name); }
        }
        try { queueMicrotask(); } catch (x) { errs.push(x.name); }
        console.log(errs.join(' '));
        "#,
        "TypeError TypeError TypeError TypeError TypeError TypeError\nsync a b c 0\n",
    );
}

#[test]
fn queue_microtask_exceptions_are_reported_not_rejections() {
    check(
        r#"
        const err = new Error('boo');
        addEventListener('unhandledrejection', () => console.log('wrong: unhandledrejection'));
        addEventListener('error', (e) => {
          console.log(`error event ${e.error === err}`);
          e.preventDefault();
        });
        queueMicrotask(() => { throw err; });
        queueMicrotask(() => console.log('next microtask'));
        "#,
        "error event true\nnext microtask\n",
    );
    let out = common::run("queueMicrotask(() => { throw new Error('uncaught in microtask'); });");
    let err = out.result.expect_err("reported as uncaught");
    assert_eq!(err.summary, "Error: uncaught in microtask");
}

// Jobs queued by rejection listeners run in the same checkpoint.
#[test]
fn microtasks_queued_by_rejection_listeners_run() {
    let out = common::run(
        r#"
        addEventListener('unhandledrejection', (e) => {
          if (e.reason !== 1) return;
          e.preventDefault();
          queueMicrotask(() => console.log('microtask'));
          Promise.reject(new Error('second'));
        });
        Promise.reject(1);
        "#,
    );
    assert_eq!(out.stdout, "microtask\n");
    let err = out.result.expect_err("the second rejection is uncaught");
    assert!(err.summary.ends_with("Error: second"), "{}", err.summary);
}

#[test]
fn event_handler_assigned_before_the_events_builtin_loads() {
    check(
        "globalThis.onunhandledrejection = (e) => { console.log('handler'); return false; };\n\
         Promise.reject(7);",
        "handler\n",
    );
}
