//! `navigator`: userAgent and hardwareConcurrency.

mod common;

fn js(expr: &str) -> String {
    common::stdout(&format!("console.log(JSON.stringify({expr}));"))
        .trim_end()
        .to_string()
}

#[test]
fn user_agent_names_the_runtime_and_its_version() {
    assert_eq!(
        js("navigator.userAgent"),
        format!("\"nanojs/{}\"", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn hardware_concurrency_is_the_available_parallelism() {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(js("navigator.hardwareConcurrency"), n.to_string());
}

#[test]
fn navigator_interface_is_not_constructible_and_brand_checks() {
    let out = js(r#"(() => {
        const thrown = (f) => { try { f(); return 'no throw'; } catch (e) { return e.name; } };
        const ua = Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent');
        return [
          thrown(() => new Navigator()),
          Object.getPrototypeOf(navigator) === Navigator.prototype,
          Object.prototype.toString.call(navigator),
          thrown(() => ua.get.call({})),
          ua.enumerable,
          Object.keys(navigator).length,
        ];
      })()"#);
    assert_eq!(
        out,
        r#"["TypeError",true,"[object Navigator]","TypeError",true,0]"#
    );
}
