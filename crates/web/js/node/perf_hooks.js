// node:perf_hooks: the global `performance` (nanojs:performance) under
// Node's module name. Node's PerformanceObserver, histograms and event-loop
// monitoring are absent: they measure libuv, which nanojs does not have.

import { performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure }
  from 'nanojs:performance';

export { performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure };
export default { performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure };
