// Evaluated just before testharness.js. In its shell environment
// testharness.js marks the page loaded from a microtask
// (`Promise.resolve().then(...)` in ShellTestEnvironment), which would run
// in the checkpoint right after the scripts, before unhandled rejections of
// that checkpoint are reported. A page's `load` event comes in a later task,
// so the runner holds that callback back and runs it as its own task. Returns
// `restore()`, to call right after testharness.js; it returns `fireLoaded()`,
// which runs the held callbacks and returns how many there were.
(function () {
  "use strict";
  var realResolve = Promise.resolve;
  var held = [];
  Promise.resolve = function resolve() {
    if (arguments.length === 0 && this === Promise) {
      return { then: function (f) { held.push(f); } };
    }
    return realResolve.apply(this, arguments);
  };
  return function restore() {
    Promise.resolve = realResolve;
    return function fireLoaded() {
      var callbacks = held;
      held = [];
      for (var i = 0; i < callbacks.length; i++) callbacks[i]();
      return callbacks.length;
    };
  };
})
