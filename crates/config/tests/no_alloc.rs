//! `Router::route` runs on every request: it must not allocate, even for
//! hosts that need normalising. Its own binary so the counting allocator sees
//! only this test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::PathBuf;

use nanojs_config::{AppConfig, Limits, Router};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            COUNT.with(|c| c.set(c.get() + 1));
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn app(name: &str, hostname: &str) -> AppConfig {
    AppConfig {
        name: name.into(),
        hostname: hostname.into(),
        aliases: vec![],
        path: PathBuf::from("/srv"),
        entry: PathBuf::from("/srv/index.js"),
        env: Default::default(),
        limits: Limits::default(),
        outbound_allow: Vec::new(),
    }
}

#[test]
fn route_does_not_allocate() {
    let apps = vec![app("a", "a.test"), app("w", "*.w.test"), app("v6", "[::1]")];
    let router = Router::new(&apps, Some("a"));
    let hosts = [
        "a.test",
        "x.y.w.test",
        "A.TEST:8080",
        "a.test.",
        "[::1]:80",
        "[0::1]",
        "nothing.test",
        "",
        "garbage host",
    ];
    let want = [
        Some(0),
        Some(1),
        Some(0),
        Some(0),
        Some(2),
        Some(2),
        Some(0),
        Some(0),
        Some(0),
    ];
    let mut got = [None; 9];
    // The counter works.
    COUNTING.with(|c| c.set(true));
    drop(std::hint::black_box(Box::new(1u8)));
    COUNTING.with(|c| c.set(false));
    assert_eq!(COUNT.with(|c| c.replace(0)), 1);
    COUNTING.with(|c| c.set(true));
    for (g, h) in got.iter_mut().zip(hosts) {
        *g = router.route(h);
    }
    COUNTING.with(|c| c.set(false));
    assert_eq!(got, want);
    assert_eq!(COUNT.with(Cell::get), 0, "route allocated");
}
