//! AsyncLocalStorage in a served app: concurrent requests on one isolate
//! each see their own store across awaits, timers and fetch-style waits, and
//! nothing of one request's context is left for the next.

mod serve_support;

use serve_support::{Conn, Project, Serve};

const APP: &str = r#"
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const requestId = new AsyncLocalStorage();

// Library code far from the handler reads the store, as loggers do.
function tag(msg) {
  return `${requestId.getStore() ?? 'none'}:${msg}`;
}

async function work(delays) {
  const seen = [];
  for (const d of delays) {
    await sleep(d);
    seen.push(tag('slept'));
    await new Promise((r) => setTimeout(r, 1));
    seen.push(tag('timer'));
    await Promise.resolve();
    seen.push(tag('then'));
  }
  return seen;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/outside') return new Response(tag('outside'));
    const id = url.searchParams.get('id');
    const delays = url.searchParams.get('d').split(',').map(Number);
    return requestId.run(id, async () => {
      const seen = await work(delays);
      return Response.json({ id, seen, after: tag('end') });
    });
  },
};
"#;

#[test]
fn concurrent_requests_each_see_their_own_store() {
    let p = Project::new("als");
    p.write("app/index.js", APP);
    let s = Serve::app(&p, p.path("app").to_str().unwrap())
        .workers(1)
        .start();
    let port = s.port;
    let cases = [
        ("a", "30,5,20"),
        ("b", "5,30,5"),
        ("c", "20,20,20"),
        ("d", "1,1,40"),
    ];
    let answers: Vec<serde_json::Value> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .iter()
            .map(|(id, d)| {
                scope.spawn(move || {
                    let r = Conn::open(port)
                        .try_request("GET", "a.test", &format!("/?id={id}&d={d}"), &[], None)
                        .unwrap();
                    assert_eq!(r.status, 200, "{:?}", r.text());
                    r.json()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for ((id, _), v) in cases.iter().zip(&answers) {
        assert_eq!(v["id"], *id, "{v}");
        let seen = v["seen"].as_array().unwrap();
        assert_eq!(seen.len(), 9, "{v}");
        for s in seen {
            assert!(
                s.as_str().unwrap().starts_with(&format!("{id}:")),
                "request {id} saw another store: {v}"
            );
        }
        assert_eq!(v["after"], format!("{id}:end"), "{v}");
    }
    // Nothing is left current once the requests are done.
    assert_eq!(s.get("a.test", "/outside").text(), "none:outside");
}
