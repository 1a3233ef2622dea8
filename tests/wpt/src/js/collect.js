// Evaluated right after testharness.js: forwards results to the runner.
(function (onResult, onComplete) {
  "use strict";
  var g = globalThis;
  // Tests run as in a dedicated worker (GLOBAL.isWorker()); give the global
  // that interface chain so idlharness can tell which [Exposed] interfaces
  // apply. Done after testharness.js has chosen its (shell) environment,
  // which it would otherwise take for a real worker's. The runtime itself
  // does not define these names.
  (function () {
    function illegal() { throw new TypeError("Illegal constructor"); }
    var WorkerGlobalScope = function WorkerGlobalScope() { illegal(); };
    WorkerGlobalScope.prototype = Object.create(Object.getPrototypeOf(g));
    var DedicatedWorkerGlobalScope = function DedicatedWorkerGlobalScope() { illegal(); };
    DedicatedWorkerGlobalScope.prototype = Object.create(WorkerGlobalScope.prototype);
    [WorkerGlobalScope, DedicatedWorkerGlobalScope].forEach(function (C) {
      Object.defineProperty(C.prototype, "constructor", { value: C, writable: true, configurable: true });
      Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
      Object.defineProperty(g, C.name, { value: C, writable: true, configurable: true });
    });
    Object.setPrototypeOf(g, DedicatedWorkerGlobalScope.prototype);
  })();

  function text(s) {
    s = s === undefined || s === null ? "" : String(s);
    return typeof s.toWellFormed === "function" ? s.toWellFormed() : s;
  }
  function status(t) {
    return typeof t.status === "number" ? t.status : 3;
  }
  add_result_callback(function (t) {
    onResult(text(t.name), status(t), text(t.message));
  });
  add_completion_callback(function (tests, harness) {
    var names = [], statuses = [], messages = [];
    for (var i = 0; i < tests.length; i++) {
      names.push(text(tests[i].name));
      statuses.push(status(tests[i]));
      messages.push(text(tests[i].message));
    }
    var hs = typeof harness.status === "number" ? harness.status : 0;
    onComplete(hs, text(harness.message), names, statuses, messages);
  });
  var harnessTimeout = timeout;
  return function () { harnessTimeout(); };
})
