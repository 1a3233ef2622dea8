//! DOMException: constructor forms, legacy codes and constants, the Error
//! prototype chain, brand-checked getters.

mod common;

fn check(src: &str, expected: &str) {
    assert_eq!(common::stdout(src), expected);
}

#[test]
fn constructor_forms() {
    check(
        r#"
        const show = (e) => `${e.name}|${e.message}|${e.code}`;
        console.log([
          show(new DOMException()),
          show(new DOMException('m')),
          show(new DOMException(null)),
          show(new DOMException(undefined, undefined)),
          show(new DOMException('m', 'NotFoundError')),
          show(new DOMException('m', 'Unknown')),
          show(new DOMException('m', 'ValidationError')),
          show(new DOMException('m', { name: 'AbortError' })),
          show(new DOMException('m', {})),
        ].join(' '));
        const cause = new Error('root');
        const withCause = new DOMException('m', { name: 'DataError', cause });
        const noCause = new DOMException('m', { name: 'DataError' });
        console.log(`${withCause.cause === cause} ${'cause' in noCause} ${withCause.name}`);
        let te;
        try { DOMException('x'); } catch (e) { te = e.name; }
        console.log(te);
        "#,
        "Error||0 Error|m|0 Error|null|0 Error||0 NotFoundError|m|8 Unknown|m|0 \
         ValidationError|m|0 AbortError|m|20 Error|m|0\n\
         true false DataError\n\
         TypeError\n",
    );
}

#[test]
fn is_an_error_with_a_stack() {
    check(
        r#"
        function thrower() { throw new DOMException('bad', 'SyntaxError'); }
        let e;
        try { thrower(); } catch (x) { e = x; }
        console.log([e instanceof DOMException, e instanceof Error,
                     Object.getPrototypeOf(DOMException.prototype) === Error.prototype,
                     Object.getPrototypeOf(DOMException) === Function.prototype,
                     typeof e.stack, e.stack.includes('thrower'),
                     e.hasOwnProperty('message'), e.hasOwnProperty('name'),
                     String(e), Object.prototype.toString.call(e)].join(' '));
        "#,
        "true true true true string true false false SyntaxError: bad [object DOMException]\n",
    );
}

#[test]
fn uncaught_dom_exceptions_are_reported_like_errors() {
    let out = common::run("throw new DOMException('no such thing', 'NotFoundError');");
    let err = out.result.unwrap_err();
    assert_eq!(err.summary, "NotFoundError: no such thing");
    assert_eq!(err.location.map(|l| l.line), Some(1));
}

#[test]
fn constants_and_property_shape() {
    check(
        r#"
        const d = Object.getOwnPropertyDescriptor(DOMException, 'ABORT_ERR');
        const n = Object.getOwnPropertyDescriptor(DOMException.prototype, 'name');
        console.log([DOMException.INDEX_SIZE_ERR, DOMException.prototype.DATA_CLONE_ERR,
                     DOMException.TIMEOUT_ERR, d.writable, d.enumerable, d.configurable,
                     typeof n.get, n.set, n.enumerable, n.configurable, DOMException.length,
                     DOMException.prototype.hasOwnProperty('toString')].join(' '));
        const errs = [];
        for (const k of ['name', 'message', 'code']) {
          try { Object.getOwnPropertyDescriptor(DOMException.prototype, k).get.call({}); }
          catch (x) { errs.push(x.name); }
        }
        try { DOMException.prototype.toString(); } catch (x) { errs.push(x.name); }
        console.log(errs.join(' '));
        "#,
        "1 25 23 false true false function  true true 0 false\n\
         TypeError TypeError TypeError TypeError\n",
    );
}

#[test]
fn can_be_subclassed() {
    check(
        r#"
        class MyError extends DOMException {
          constructor(m) { super(m, 'InvalidStateError'); this.extra = true; }
        }
        const e = new MyError('sub');
        console.log([e instanceof MyError, e instanceof DOMException, e.name, e.code,
                     e.extra].join(' '));
        "#,
        "true true InvalidStateError 11 true\n",
    );
}
