// Evaluated before testharness.js: the global scope of a WPT test served as
// http://localhost:<port>/<path> by the runner's local server (wptserve's
// role), the way wptserve's .any.js worker wrappers set it up.
(function (info, readResource, onErrorEvent) {
  "use strict";
  var g = globalThis;
  var missing = [];

  // nanojs installs builtin globals lazily: the first access loads the
  // builtin's module. A global whose module fails to load throws on every
  // access, which would break feature detection such as testharness.js's
  // `if (global_scope.addEventListener)`; such globals are removed (and
  // reported), so tests see them as missing.
  Object.getOwnPropertyNames(g).forEach(function (name) {
    var d = Object.getOwnPropertyDescriptor(g, name);
    if (!d || typeof d.get !== "function") return;
    try {
      void g[name];
    } catch (e) {
      try {
        delete g[name];
      } catch (e2) {}
      missing.push(name + " (" + String((e && e.message) || e) + ")");
    }
  });

  // Counts error events so that the runner can tell errors testharness.js
  // saw (through its own listeners) from ones that never became events.
  if (typeof g.addEventListener === "function") {
    try {
      g.addEventListener("error", function () { onErrorEvent(); });
      g.addEventListener("unhandledrejection", function () { onErrorEvent(); });
    } catch (e) {
      missing.push("addEventListener (" + String((e && e.message) || e) + ")");
    }
  }

  g.GLOBAL = {
    isWindow: function () { return false; },
    isWorker: function () { return true; },
    isShadowRealm: function () { return false; },
  };
  if (info.title != null) g.META_TITLE = info.title;

  // subset-tests.js and get_title() read `location`, and relative URLs of
  // fetch() and Request resolve against it; a worker has one, and `origin`.
  if (!("location" in g)) {
    g.location = {
      href: info.href,
      origin: info.origin,
      protocol: "http:",
      host: info.host,
      hostname: info.hostname,
      port: info.port,
      pathname: info.pathname,
      search: "",
      hash: "",
      toString: function () { return this.href; },
    };
  }
  if (!("origin" in g)) g.origin = info.origin;

  // Test-only fetch of files in the WPT tree for tests that load their data
  // with fetch(); a fallback used only while the runtime has no fetch of its
  // own (then the local server answers), and never for tests of fetch itself.
  var fetchShim = false;
  if (info.fetchShim && typeof g.fetch !== "function") {
    fetchShim = true;
    g.fetch = function fetch(input) {
      var url = input !== null && typeof input === "object" && "url" in input ? input.url : input;
      return new Promise(function (resolve, reject) {
        var r = readResource(String(url));
        if (r === null) {
          reject(new TypeError("Failed to fetch " + url +
            " (the nanojs-wpt test-only fetch reads files of the WPT tree)"));
          return;
        }
        var body = r[1];
        var used = false;
        function consume() {
          if (used) return Promise.reject(new TypeError("Body has already been consumed"));
          used = true;
          return Promise.resolve(body);
        }
        resolve({
          ok: true,
          status: 200,
          statusText: "OK",
          url: r[0],
          redirected: false,
          type: "basic",
          get bodyUsed() { return used; },
          text: function () { return consume(); },
          json: function () { return consume().then(JSON.parse); },
        });
      });
    };
  }

  return {
    missing: missing,
    fetchShim: fetchShim,
    errorEvents: typeof g.addEventListener === "function",
  };
})
