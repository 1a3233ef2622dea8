// Evaluated right after testharness.js: forwards results to the runner.
(function (onResult, onComplete) {
  "use strict";
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
