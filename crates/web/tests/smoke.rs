mod common;

#[test]
fn module_runs_and_prints() {
    assert_eq!(
        common::stdout("console.log('a'); await null; console.log('b');"),
        "a\nb\n"
    );
}

#[test]
fn uncaught_error_is_reported() {
    let out = common::run("throw new TypeError('nope')");
    let err = out.result.unwrap_err();
    assert_eq!(err.summary, "TypeError: nope");
}
