// The JS half of `nanojs serve`: turns an app's module into a dispatch
// function the server calls once per HTTP request, in either of the two
// Workers forms:
//
// - module form: `export default { fetch(request, env, ctx) { ... } }`
// - service-worker form: `addEventListener('fetch', (e) => e.respondWith(...))`
//
// The server (Rust) loads this module before the app's own code, so the
// intrinsics captured below are the real ones whatever the app later does
// to Promise or Reflect. Results go back through `host.done(id, parts, error,
// message)`: `parts` is what `takeResponseParts` returns; on failure `error`
// is the thrown value and `message`, when set, is safe to show the client.
//
// Streams: a large request body arrives as a Rust byte source that becomes
// `request.body`; a ReadableStream response body is pumped into the sink
// that `host.done` returns. The server calls `end(id, cutShort)` when a
// streamed response ends, and when a client goes away before its response
// is complete (then `request.signal` aborts).

import { Request, newIncomingRequest } from 'nanojs:request';
import { Response, takeResponseParts } from 'nanojs:response';
import { DOMException } from 'nanojs:dom_exception';
import { lazy } from 'nanojs:fetch_util';

// Loaded on first use: a server whose bodies are all small needs none.
const bodyStreams = lazy('nanojs:body_stream');
const readables = lazy('nanojs:streams_readable');
const aborts = lazy('nanojs:abort');

// call(f, thisArg, ...args) without an arguments array.
const call = Function.prototype.call.bind(Function.prototype.call);
const PromiseCtor = Promise;
const PromiseResolve = Promise.resolve;
const PromiseThen = Promise.prototype.then;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectHasOwn = Object.hasOwn;
const ArrayBufferIsView = ArrayBuffer.isView;
const MapCtor = Map;
const MapGet = Map.prototype.get;
const MapSet = Map.prototype.set;
const MapDelete = Map.prototype.delete;
const requestSignal = ObjectGetOwnPropertyDescriptor(Request.prototype, 'signal').get;
const resolve = (v) => call(PromiseResolve, PromiseCtor, v);
const then = (p, ok, err) => call(PromiseThen, p, ok, err);
const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

const INTERNAL = Symbol('internal');

function describe(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return 'a string';
  if (typeof v !== 'object') return `a ${typeof v}`;
  const name = v.constructor?.name;
  if (typeof name !== 'string' || name === '') return 'an object';
  return /^[AEIOU]/i.test(name) ? `an ${name}` : `a ${name}`;
}

function requireArgs(n, given, what) {
  if (given < n) {
    throw new TypeError(`${what}: ${n} argument required, but only ${given} present`);
  }
}

/** The `ctx` argument of a module-form handler (Workers' ExecutionContext). */
export class ExecutionContext {
  #host;

  constructor(key = undefined, host = undefined) {
    if (key !== INTERNAL) throw new TypeError('Illegal constructor');
    this.#host = host;
  }

  /** Keeps the isolate working on `promise` after the response is sent. */
  waitUntil(promise) {
    if (!isObject(this) || !(#host in this)) throw new TypeError('Illegal invocation');
    requireArgs(1, arguments.length, "Failed to execute 'waitUntil' on 'ExecutionContext'");
    const host = this.#host;
    host.waitStart();
    then(resolve(promise), () => host.waitEnd(), (e) => host.waitEnd(e));
  }

  /**
   * Accepted for compatibility. Workers use it to forward the request to
   * an origin when the handler throws; nanojs has no origin behind an app,
   * so an exception still gives a 500.
   */
  passThroughOnException() {
    if (!isObject(this) || !(#host in this)) throw new TypeError('Illegal invocation');
  }
}

let FetchEvent; // defined on first use: the events builtin is loaded only by apps that use it

function fetchEventClass(Event) {
  return class FetchEvent extends Event {
    #request;
    #ctx;
    #response = undefined;
    #responded = false;

    constructor(type, init = undefined) {
      requireArgs(2, arguments.length, "Failed to construct 'FetchEvent'");
      super(type, init);
      if (!isObject(init) || !isObject(init.request)) {
        throw new TypeError("Failed to construct 'FetchEvent': member request is required");
      }
      this.#request = init.request;
      this.#ctx = init[INTERNAL];
    }

    get request() {
      return this.#request;
    }

    respondWith(response) {
      requireArgs(1, arguments.length, "Failed to execute 'respondWith' on 'FetchEvent'");
      if (this.#responded) {
        throw new DOMException('respondWith() was already called', 'InvalidStateError');
      }
      this.#responded = true;
      this.#response = response;
      this.stopImmediatePropagation();
    }

    waitUntil(promise) {
      requireArgs(1, arguments.length, "Failed to execute 'waitUntil' on 'FetchEvent'");
      if (this.#ctx !== undefined) this.#ctx.waitUntil(promise);
    }

    passThroughOnException() {}

    static responseOf(event) {
      return event.#responded ? [event.#response] : undefined;
    }
  };
}

/**
 * Whether the app used the global `addEventListener`: the lazy global
 * accessor is replaced by the function on first use. Only then can the app
 * have registered fetch listeners, and only then is the events builtin
 * needed here.
 */
export function touchedGlobalEvents() {
  const d = ObjectGetOwnPropertyDescriptor(globalThis, 'addEventListener');
  return d !== undefined && ObjectHasOwn(d, 'value');
}

/**
 * Prepares the app: `ns` is its module namespace, `env` its configured
 * variables, `host` the server's natives. Returns
 * `[dispatch(id, method, url, headers, body, source), end(id, cutShort)]`, or throws
 * when the module has no fetch handler in either form. `events` is the
 * events builtin's namespace when the app loaded it (it may have registered
 * listeners). `body` is null or a Uint8Array; `source`, when given, is a
 * byte source for a streamed body.
 */
export function prepare(ns, env, host, events) {
  const handler = ns.default;
  let invoke;
  if (isObject(handler) && typeof handler.fetch === 'function') {
    const fetch = handler.fetch;
    invoke = (request, ctx) => call(fetch, handler, request, env, ctx);
  } else if (events !== undefined) {
    invoke = serviceWorkerCall(events);
  } else {
    throw new TypeError(
      "the app has no fetch handler: export one with `export default { async fetch(request, env, ctx) { ... } }` " +
        "or register one with `addEventListener('fetch', (event) => event.respondWith(...))`",
    );
  }
  const done = host.done;
  // The context carries no per-request state, so one serves every request.
  const ctx = new ExecutionContext(INTERNAL, host);
  // Requests whose response is not complete yet, for end(): those with an
  // asynchronous handler (until it settles) and those streaming a response
  // (until the server says the stream ended). A handler that returns a
  // buffered Response at once is complete before a client could be seen to
  // leave, and costs no entry.
  const live = new MapCtor();
  // Response streams being pumped to the server, by request id: a client
  // that leaves cancels its stream at once, even while the producer is
  // stalled (the pump would only notice on its next write).
  const pumping = new MapCtor();

  function finish(id, response, request, registered) {
    if (!(response instanceof Response)) {
      if (registered) call(MapDelete, live, id);
      const message = `The fetch handler returned ${describe(response)} instead of a Response`;
      done(id, undefined, new TypeError(message), message);
      return;
    }
    let parts;
    try {
      parts = takeResponseParts(response);
    } catch (e) {
      if (registered) call(MapDelete, live, id);
      done(id, undefined, e, undefined);
      return;
    }
    const sink = done(id, parts, undefined, undefined);
    if (sink === undefined) {
      if (registered) call(MapDelete, live, id);
      return;
    }
    const body = parts[3];
    if (!isObject(body) || ArrayBufferIsView(body)) {
      // A buffered body nobody waits for any more.
      if (registered) call(MapDelete, live, id);
      return;
    }
    if (sink === null) {
      // Nobody waits for this response (timed out, client gone).
      if (registered) call(MapDelete, live, id);
      const reason = new DOMException('The request ended before its response was sent', 'AbortError');
      then(readables().readableStreamCancel(body, reason), undefined, () => {});
      return;
    }
    if (!registered) call(MapSet, live, id, request);
    // A stream error reaches the server through the sink (which logs it
    // with the app's name and cuts the response off).
    call(MapSet, pumping, id, body);
    then(bodyStreams().pumpToSink(body, sink), undefined, () => {});
  }

  function dispatch(id, method, url, headers, body, source) {
    let request;
    let result;
    try {
      if (source !== undefined) body = bodyStreams().readableFromSource(source);
      request = newIncomingRequest(method, url, headers, body, undefined);
      result = invoke(request, ctx);
    } catch (e) {
      done(id, undefined, e, undefined);
      return;
    }
    if (result instanceof Response) {
      finish(id, result, request, false);
      return;
    }
    call(MapSet, live, id, request);
    then(
      resolve(result),
      (r) => finish(id, r, request, true),
      (e) => {
        call(MapDelete, live, id);
        done(id, undefined, e, undefined);
      },
    );
  }

  /**
   * Request `id` is over: its streamed response ended, or (`cutShort`) its
   * client went away before the response was complete.
   */
  function end(id, cutShort) {
    const request = call(MapGet, live, id);
    if (request === undefined) return;
    call(MapDelete, live, id);
    const body = call(MapGet, pumping, id);
    if (body !== undefined) call(MapDelete, pumping, id);
    if (!cutShort) return;
    const reason = new DOMException('The client closed the connection before the response was complete', 'AbortError');
    aborts().signalAbort(call(requestSignal, request), reason);
    if (body !== undefined) then(readables().readableStreamCancel(body, reason), undefined, () => {});
  }

  return [dispatch, end];
}

function serviceWorkerCall(events) {
  return (request, ctx) => {
    if (FetchEvent === undefined) {
      FetchEvent = fetchEventClass(events.Event);
      ObjectDefineProperty(globalThis, 'FetchEvent', {
        value: FetchEvent, writable: true, configurable: true, enumerable: false,
      });
    }
    const event = new FetchEvent('fetch', { request, cancelable: true, [INTERNAL]: ctx });
    events.dispatchTrusted(globalThis, event);
    const response = FetchEvent.responseOf(event);
    if (response === undefined) {
      throw new TypeError("no 'fetch' event listener called event.respondWith()");
    }
    return response[0];
  };
}
