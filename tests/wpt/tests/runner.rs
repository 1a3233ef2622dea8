//! The runner itself, on small test files in a scratch WPT tree (with the
//! real testharness.js). Skips when the WPT checkout is not there.

use std::path::PathBuf;
use std::time::Duration;

use nanojs_wpt::{find_wpt_dir, run_files, FileResult, Outcome, RunConfig, Status};

struct Tree(PathBuf);

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tree(name: &str, files: &[(&str, &str)]) -> Option<(Tree, RunConfig)> {
    let wpt = match find_wpt_dir() {
        Ok(d) => d,
        Err(msg) => {
            eprintln!("{msg}; skipping");
            return None;
        }
    };
    let root =
        std::env::temp_dir().join(format!("nanojs-wpt-runner-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("resources")).unwrap();
    std::fs::copy(
        wpt.join("resources/testharness.js"),
        root.join("resources/testharness.js"),
    )
    .unwrap();
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let root = root.canonicalize().unwrap();
    let mut config = RunConfig::new(root.clone());
    config.timeout = Duration::from_secs(2);
    config.long_timeout = Duration::from_secs(2);
    Some((Tree(root), config))
}

fn ran(o: &Outcome) -> &FileResult {
    match o {
        Outcome::Ran(r) => r,
        Outcome::Skipped(why) => panic!("skipped: {why}"),
    }
}

fn statuses(r: &FileResult) -> Vec<(&str, Status)> {
    r.subtests
        .iter()
        .map(|s| (s.name.as_str(), s.status))
        .collect()
}

fn run(config: &RunConfig, files: &[&str]) -> Vec<Outcome> {
    let files: Vec<String> = files.iter().map(|s| s.to_string()).collect();
    run_files(config, &files, |_, _| {})
}

#[test]
fn results_errors_and_time_limits() {
    let files = [
        (
            "t/results.any.js",
            "// META: script=/common/helper.js\n\
             // META: script=resources/local.js\n\
             test(() => assert_equals(helper() + local(), 3), 'helpers loaded');\n\
             test(() => assert_true(false, 'nope'), 'fails');\n\
             promise_test(async () => { await new Promise(r => setTimeout(r, 5)); }, 'async');\n\
             test(() => assert_equals(location.pathname, '/t/results.any.js'), 'location');\n",
        ),
        ("common/helper.js", "function helper() { return 1; }\n"),
        ("t/resources/local.js", "function local() { return 2; }\n"),
        (
            "t/throws.any.js",
            "test(() => {}, 'ok');\nthrow new Error('top-level boom');\n",
        ),
        (
            "t/rejects.any.js",
            "test(() => {}, 'ok');\nPromise.reject(new Error('unhandled boom'));\n",
        ),
        (
            "t/idle.any.js",
            "test(() => {}, 'ok');\nasync_test(() => {}, 'never done');\n",
        ),
        (
            "t/interval.any.js",
            "test(() => {}, 'ok');\nasync_test(() => { setInterval(() => {}, 5); }, 'never done');\n",
        ),
        ("t/busy.any.js", "test(() => {}, 'ok');\nwhile (true) {}\n"),
        ("t/sw.any.js", "// META: global=serviceworker\ntest(() => {});\n"),
        (
            "t/fetch.any.js",
            "promise_test(() => fetch('data.json').then(r => r.json()).then(d => assert_equals(d.a, 1)), 'fetch');\n",
        ),
        ("t/data.json", "{\"a\": 1}"),
        (
            "t/interval-after-done.any.js",
            "setInterval(() => {}, 1);\ntest(() => {}, 'ok');\n",
        ),
    ];
    let Some((_tree, config)) = tree("limits", &files) else {
        return;
    };
    let out = run(
        &config,
        &[
            "t/results.any.js",
            "t/throws.any.js",
            "t/rejects.any.js",
            "t/idle.any.js",
            "t/interval.any.js",
            "t/busy.any.js",
            "t/sw.any.js",
            "t/fetch.any.js",
            "t/interval-after-done.any.js",
        ],
    );

    let r = ran(&out[0]);
    assert_eq!(r.harness_error, None, "{r:?}");
    assert_eq!(
        statuses(r),
        vec![
            ("helpers loaded", Status::Pass),
            ("fails", Status::Fail),
            ("async", Status::Pass),
            ("location", Status::Pass),
        ],
        "{r:?}"
    );
    assert!(r.subtests[1].message.contains("nope"));

    let r = ran(&out[1]);
    assert!(
        r.harness_error
            .as_deref()
            .unwrap_or("")
            .contains("top-level boom"),
        "{r:?}"
    );

    let r = ran(&out[2]);
    assert!(
        r.harness_error
            .as_deref()
            .unwrap_or("")
            .contains("unhandled boom"),
        "{r:?}"
    );

    let r = ran(&out[3]);
    assert!(
        r.harness_error
            .as_deref()
            .unwrap_or("")
            .starts_with("TIMEOUT"),
        "{r:?}"
    );
    assert_eq!(
        statuses(r),
        vec![("ok", Status::Pass), ("never done", Status::Timeout)]
    );
    assert!(
        r.elapsed < Duration::from_secs(1),
        "idle is noticed at once"
    );

    let r = ran(&out[4]);
    assert!(
        r.harness_error
            .as_deref()
            .unwrap_or("")
            .starts_with("TIMEOUT"),
        "{r:?}"
    );
    assert_eq!(
        statuses(r),
        vec![("ok", Status::Pass), ("never done", Status::Timeout)]
    );

    let r = ran(&out[5]);
    assert!(
        r.harness_error.as_deref().unwrap_or("").contains("CPU"),
        "{r:?}"
    );

    assert!(matches!(&out[6], Outcome::Skipped(why) if why.contains("serviceworker")));

    let r = ran(&out[7]);
    assert_eq!(r.harness_error, None, "{r:?}");
    assert_eq!(statuses(r), vec![("fetch", Status::Pass)]);

    let r = ran(&out[8]);
    assert_eq!(r.harness_error, None, "{r:?}");
    assert!(
        r.elapsed < Duration::from_secs(1),
        "pending timers do not hold up a completed harness"
    );
}

#[test]
fn missing_meta_script_is_a_harness_error() {
    let files = [("u/x.any.js", "// META: script=/nope.js\ntest(() => {});\n")];
    let Some((_tree, config)) = tree("meta", &files) else {
        return;
    };
    let out = run(&config, &["u/x.any.js"]);
    let r = ran(&out[0]);
    assert!(
        r.harness_error
            .as_deref()
            .unwrap_or("")
            .contains("/nope.js"),
        "{r:?}"
    );
}

#[test]
fn location_is_the_local_server() {
    let files = [
        (
            "s/where.any.js",
            "// META: script=/common/host.sub.js\n\
             test(() => assert_equals(HOST, location.host), 'sub scripts see the server');\n\
             test(() => assert_equals(location.origin, self.origin), 'origin');\n\
             test(() => assert_equals(location.hostname, 'localhost'), 'hostname');\n\
             test(() => assert_equals(REMOTE, '127.0.0.1'), 'other hosts');\n",
        ),
        (
            "common/host.sub.js",
            "var HOST = '{{host}}:{{ports[http][0]}}', REMOTE = '{{domains[www1]}}';\n",
        ),
    ];
    let Some((_tree, config)) = tree("location", &files) else {
        return;
    };
    let server = nanojs_wpt::server::Server::for_root(&config.root).unwrap();
    let out = run(&config, &["s/where.any.js"]);
    let r = ran(&out[0]);
    assert_eq!(r.harness_error, None, "{r:?}");
    assert!(r.subtests.iter().all(|s| s.status == Status::Pass), "{r:?}");
    assert_eq!(
        server.origin(),
        format!("http://localhost:{}", server.port())
    );
}
