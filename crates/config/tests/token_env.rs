//! `admin.token_env` against the real process environment. Its own test
//! binary with one test, so setting a variable races with no other thread.

use std::path::Path;

use nanojs_config::Config;

#[test]
fn token_env_reads_the_process_environment() {
    let var = "NANOJS_CONFIG_TEST_ADMIN_TOKEN";
    let json = format!(r#"{{"admin": {{"token_env": "{var}"}}}}"#);
    let file = Path::new("nano.json");

    std::env::remove_var(var);
    let e = Config::parse(&json, file).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            r#"nano.json: admin.token_env: environment variable "{var}" is not set; expected it to hold the admin token"#
        )
    );

    std::env::set_var(var, "");
    let e = Config::parse(&json, file).unwrap_err();
    assert!(e.to_string().contains("is empty"), "{e}");

    std::env::set_var(var, "abc123");
    let c = Config::parse(&json, file).unwrap();
    assert_eq!(c.admin.unwrap().token.as_deref(), Some("abc123"));
    std::env::remove_var(var);
}
