// queueMicrotask (HTML §8.7): runs the callback in a promise job; an
// exception it throws is reported (an `error` event on the global, then the
// host), never turned into an unhandled rejection.

import { reportException } from 'nanojs:host';

const ReflectApply = Reflect.apply;
const PromiseThen = Promise.prototype.then;
const resolved = Promise.resolve();

export function queueMicrotask(callback) {
  if (arguments.length < 1) {
    throw new TypeError("Failed to execute 'queueMicrotask': 1 argument required, but only 0 present");
  }
  if (typeof callback !== 'function') {
    throw new TypeError("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'");
  }
  ReflectApply(PromiseThen, resolved, [() => {
    try {
      ReflectApply(callback, undefined, []);
    } catch (e) {
      reportException(e);
    }
  }]);
}
