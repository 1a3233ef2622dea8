// fetch() (Fetch Standard §5.6 "Fetch method" and the parts of "main fetch"
// a server runtime has): http(s) goes to Rust (src/fetch/: connection pool,
// TLS, the app's outbound policy, redirects, content decoding), data: and
// blob: URLs are answered here, and every other scheme is a TypeError.
//
// There is no CORS: a server has no origin to protect, so `mode` does not
// filter responses (as in Deno and Workers), and `redirect: 'manual'` gives
// the 3xx response itself rather than a browser's opaque-redirect response.

import { Request, takeRequestForFetch } from 'nanojs:request';
import { newNetworkResponse } from 'nanojs:response';
import { addAbortAlgorithm, abortReason } from 'nanojs:abort';
import { readableFromSource, pumpToSink } from 'nanojs:body_stream';

// One chunk of read-ahead on response bodies: overlaps the socket with JS,
// and a network error after the headers errors the body without a read.
const READ_AHEAD = 64 * 1024;
import { send, abort as abortSend, dataUrl } from 'nanojs:internal/fetch';
import { sourceCancel } from 'nanojs:internal/body_stream';
import {
  isReadableStream, readableStreamState, readableStreamCancel, readableStreamController,
} from 'nanojs:streams_readable';
import { readableByteStreamControllerError, readableStreamFromBytes } from 'nanojs:streams_byte';
import { lazy } from 'nanojs:fetch_util';

const PromiseCtor = Promise;
const TypeErrorCtor = TypeError;
const StringPrototypeSlice = String.prototype.slice;
const StringPrototypeIndexOf = String.prototype.indexOf;
const ReflectApply = Reflect.apply;
const PromisePrototypeThen = Promise.prototype.then;
const ArrayBufferIsView = ArrayBuffer.isView;

const bodies = lazy('nanojs:body');
const urls = lazy('nanojs:url');
const blobModule = lazy('nanojs:blob');
const TypedArraySubarray = Object.getPrototypeOf(Uint8Array.prototype).subarray;

function schemeOf(url) {
  return ReflectApply(StringPrototypeSlice, url, [0, ReflectApply(StringPrototypeIndexOf, url, [':'])]);
}

/** Fetch's "abort the fetch() call". */
function abortFetchCall(reject, requestBody, responseBody, error) {
  reject(error);
  if (isReadableStream(requestBody) && readableStreamState(requestBody) === 'readable') {
    const cancelled = readableStreamCancel(requestBody, error);
    // Nobody waits on it; a failing cancel must not be an unhandled rejection.
    ReflectApply(PromisePrototypeThen, cancelled, [undefined, () => {}]);
  }
  if (responseBody !== null && readableStreamState(responseBody) === 'readable') {
    // "Error a ReadableStream": the body is a byte stream (readableFromSource).
    readableByteStreamControllerError(readableStreamController(responseBody), error);
  }
}

/** The response to a data: URL (Fetch's scheme fetch), or a TypeError. */
function fetchDataUrl(method, url) {
  const result = dataUrl(url);
  if (result === null) throw new TypeErrorCtor(`fetch to ${url} failed: not a valid data: URL`);
  // Indexed, not destructured: a patched Array iterator must not matter.
  const mimeType = result[0];
  const bytes = result[1];
  // Main fetch: a HEAD response has a null body.
  const body = method === 'HEAD' ? null : readableStreamFromBytes(bytes);
  return newNetworkResponse(200, 'OK', ['content-type', mimeType], body, url, false);
}

const isHttpTabOrSpace = (c) => c === ' ' || c === '\t';
const isDigit = (c) => c >= '0' && c <= '9';

/** Fetch's "parse a single range header value": [start, end] (either may
 * be null) or null on failure. */
function parseSingleRange(data, allowWhitespace) {
  if (ReflectApply(StringPrototypeSlice, data, [0, 5]) !== 'bytes') return null;
  let i = 5;
  const skip = () => {
    if (allowWhitespace) while (i < data.length && isHttpTabOrSpace(data[i])) i++;
  };
  const digits = () => {
    const start = i;
    while (i < data.length && isDigit(data[i])) i++;
    return i === start ? null : Number(ReflectApply(StringPrototypeSlice, data, [start, i]));
  };
  skip();
  if (data[i] !== '=') return null;
  i++;
  skip();
  const start = digits();
  skip();
  if (data[i] !== '-') return null;
  i++;
  skip();
  const end = digits();
  if (i < data.length) return null;
  if (start === null && end === null) return null;
  if (start !== null && end !== null && start > end) return null;
  return [start, end];
}

/** The response to a blob: URL (Fetch's scheme fetch), or a TypeError. */
function fetchBlobUrl(method, url, headers) {
  const blob = urls().resolveObjectURL(url);
  if (method !== 'GET' || blob === null) {
    throw new TypeErrorCtor(`fetch to ${url} failed: ${blob === null
      ? 'no Blob behind this blob: URL' : 'a blob: URL can only be fetched with GET'}`);
  }
  const blobs = blobModule();
  const fullLength = blobs.blobSize(blob);
  const type = blobs.blobType(blob);
  let range = null;
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] === 'range') range = range === null ? headers[i + 1] : `${range}, ${headers[i + 1]}`;
  }
  if (range === null) {
    return newNetworkResponse(200, 'OK', ['content-length', `${fullLength}`, 'content-type', type],
      blobs.blobStream(blob), url, false);
  }
  const parsed = parseSingleRange(range, true);
  if (parsed === null) throw new TypeErrorCtor(`fetch to ${url} failed: invalid Range header ${range}`);
  let start = parsed[0];
  let end = parsed[1];
  if (start === null) {
    // A suffix: the last `end` bytes (all of them when there are fewer).
    start = end > fullLength ? 0 : fullLength - end;
    end = fullLength - 1;
  } else {
    if (start >= fullLength) throw new TypeErrorCtor(`fetch to ${url} failed: the Range starts past the end of the Blob`);
    if (end === null || end >= fullLength) end = fullLength - 1;
  }
  const bytes = ReflectApply(TypedArraySubarray, blobs.blobBytes(blob), [start, end + 1]);
  return newNetworkResponse(206, 'Partial Content', [
    'content-length', `${end + 1 - start}`,
    'content-type', type,
    'content-range', `bytes ${start}-${end}/${fullLength}`,
  ], readableStreamFromBytes(bytes), url, false);
}

/** `fetch(input, init)`. */
export function fetch(input, init = undefined) {
  let resolve;
  let reject;
  const p = new PromiseCtor((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let request;
  try {
    // A missing `input` is undefined, as WebIDL's conversion of it.
    request = takeRequestForFetch(new Request(input, init));
  } catch (e) {
    reject(e);
    return p;
  }
  const { method, url, headers, signal, redirect } = request;
  let body = request.body;
  const reason = abortReason(signal);
  if (reason !== undefined) {
    abortFetchCall(reject, body, null, reason);
    return p;
  }
  const scheme = schemeOf(url);
  if (scheme === 'data' || scheme === 'blob') {
    try {
      resolve(scheme === 'data' ? fetchDataUrl(method, url) : fetchBlobUrl(method, url, headers));
    } catch (e) {
      reject(e);
    }
    return p;
  }
  if (scheme !== 'http' && scheme !== 'https') {
    reject(new TypeErrorCtor(`fetch to ${url} failed: the URL scheme "${scheme}" is not supported`));
    return p;
  }

  const stream = isReadableStream(body) ? body : null;
  if (stream !== null) {
    body = true;
  } else if (body !== null && typeof body !== 'string' && !ArrayBufferIsView(body)) {
    // A Blob: its bytes.
    body = bodies().sourceBytes(body);
  }

  let id = null;
  let responseBody = null;
  let source = null;
  let locallyAborted = false;
  // Stays registered after the response: an abort then errors its body.
  addAbortAlgorithm(signal, () => {
    locallyAborted = true;
    if (id !== null) abortSend(id);
    if (source !== null) sourceCancel(source);
    abortFetchCall(reject, stream, responseBody, abortReason(signal));
  });

  const done = (error, parts) => {
    if (locallyAborted) return;
    if (error !== undefined) {
      reject(new TypeErrorCtor(error));
      return;
    }
    source = parts[3];
    responseBody = source === null ? null : readableFromSource(source, READ_AHEAD);
    // [status, statusText, headers, source, url, redirected]
    resolve(newNetworkResponse(parts[0], parts[1], parts[2], responseBody, parts[4], parts[5]));
  };
  let sink;
  try {
    const started = send(method, url, headers, body, redirect, done);
    id = started[0];
    sink = started[1];
  } catch (e) {
    reject(e);
    return p;
  }
  if (stream !== null) pumpToSink(stream, sink);
  return p;
}
