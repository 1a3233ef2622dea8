// node:url — a port of Node 20's lib/url.js: the legacy API (url.parse,
// format, resolve, resolveObject, Url) as pure string algorithms, plus the
// WHATWG helpers of lib/internal/url.js (fileURLToPath, pathToFileURL,
// urlToHttpOptions, domainToASCII, domainToUnicode) on the URL global.
// Node's native IDNA (ada) is replaced by the URL parser (to ASCII) and
// node:punycode (to Unicode). Platform behaviour is POSIX, as on Linux.
// Copyright Joyent, Inc. and other Node contributors (MIT license).

import { codes } from 'node:internal/errors';
import { validateString, validateObject } from 'node:internal/validators';
import { kEmptyObject } from 'node:internal/util';
import querystring from 'node:querystring';
import punycode from 'node:punycode';
import path from 'node:path';

const URL = globalThis.URL;
const URLSearchParams = globalThis.URLSearchParams;
const StringPrototypeCharCodeAt = (s, i) => s.charCodeAt(i);
const GlobalDecodeURIComponent = globalThis.decodeURIComponent;
// decodeURIComponent, with V8's message when it fails.
function decodeURIComponent(s) {
  try {
    return GlobalDecodeURIComponent(s);
  } catch (e) {
    if (e instanceof URIError) throw new URIError('URI malformed');
    throw e;
  }
}

const CHAR_SPACE = 32, CHAR_TAB = 9, CHAR_CARRIAGE_RETURN = 13, CHAR_LINE_FEED = 10, CHAR_NO_BREAK_SPACE = 160,
  CHAR_ZERO_WIDTH_NOBREAK_SPACE = 65279, CHAR_HASH = 35, CHAR_FORWARD_SLASH = 47, CHAR_LEFT_SQUARE_BRACKET = 91,
  CHAR_RIGHT_SQUARE_BRACKET = 93, CHAR_LEFT_ANGLE_BRACKET = 60, CHAR_RIGHT_ANGLE_BRACKET = 62,
  CHAR_LEFT_CURLY_BRACKET = 123, CHAR_RIGHT_CURLY_BRACKET = 125, CHAR_QUESTION_MARK = 63, CHAR_DOUBLE_QUOTE = 34,
  CHAR_SINGLE_QUOTE = 39, CHAR_PERCENT = 37, CHAR_SEMICOLON = 59, CHAR_BACKWARD_SLASH = 92,
  CHAR_CIRCUMFLEX_ACCENT = 94, CHAR_GRAVE_ACCENT = 96, CHAR_VERTICAL_LINE = 124, CHAR_AT = 64, CHAR_COLON = 58,
  CHAR_LOWERCASE_A = 97, CHAR_LOWERCASE_Z = 122;

// Protocols that can allow "unsafe" and "unwise" chars.
const unsafeProtocol = new Set(['javascript', 'javascript:']);
// Protocols that never have a hostname.
const hostlessProtocol = new Set(['javascript', 'javascript:']);
// Protocols that always contain a // bit.
const slashedProtocol = new Set([
  'http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:',
  'file', 'file:', 'ws', 'ws:', 'wss', 'wss:',
]);

function spliceOne(list, index) {
  for (; index + 1 < list.length; index++) list[index] = list[index + 1];
  list.pop();
}

function emitWarning(...args) {
  const p = globalThis.process;
  if (p !== undefined && p !== null && typeof p.emitWarning === 'function') p.emitWarning(...args);
}

// lib/internal/querystring.js's hexTable and encodeStr.
const hexTable = new Array(256);
for (let i = 0; i < 256; ++i) hexTable[i] = '%' + ((i < 16 ? '0' : '') + i.toString(16)).toUpperCase();

function encodeStr(str, noEscapeTable, hexTable) {
  const len = str.length;
  if (len === 0) return '';
  let out = '';
  let lastPos = 0;
  let i = 0;
  outer: for (; i < len; i++) {
    let c = str.charCodeAt(i);
    // ASCII
    while (c < 0x80) {
      if (noEscapeTable[c] !== 1) {
        if (lastPos < i) out += str.slice(lastPos, i);
        lastPos = i + 1;
        out += hexTable[c];
      }
      if (++i === len) break outer;
      c = str.charCodeAt(i);
    }
    if (lastPos < i) out += str.slice(lastPos, i);
    // Multi-byte characters ...
    if (c < 0x800) {
      lastPos = i + 1;
      out += hexTable[0xc0 | (c >> 6)] + hexTable[0x80 | (c & 0x3f)];
      continue;
    }
    if (c < 0xd800 || c >= 0xe000) {
      lastPos = i + 1;
      out += hexTable[0xe0 | (c >> 12)] + hexTable[0x80 | ((c >> 6) & 0x3f)] + hexTable[0x80 | (c & 0x3f)];
      continue;
    }
    // Surrogate pair
    ++i;
    if (i >= len) throw new codes.ERR_INVALID_URI();
    const c2 = str.charCodeAt(i) & 0x3ff;
    lastPos = i + 1;
    c = 0x10000 + (((c & 0x3ff) << 10) | c2);
    out += hexTable[0xf0 | (c >> 18)] + hexTable[0x80 | ((c >> 12) & 0x3f)] + hexTable[0x80 | ((c >> 6) & 0x3f)] +
      hexTable[0x80 | (c & 0x3f)];
  }
  if (lastPos === 0) return str;
  if (lastPos < len) return out + str.slice(lastPos);
  return out;
}

// IDNA: the hostname through the URL parser's domain-to-ASCII (the WHATWG
// host setter on two different URLs: a host it rejects leaves each URL's own
// host, so the two differ). '' when the domain is not valid, as ada gives.
function domainToASCIIImpl(domain) {
  if (domain === '') return '';
  const a = new URL('ws://x');
  const b = new URL('ws://y');
  a.hostname = domain;
  b.hostname = domain;
  return a.hostname === b.hostname ? a.hostname : '';
}

// url.parse()'s toASCII. An ASCII hostname (already lowercased) is kept
// when its `xn--` labels are valid Punycode; as Node's native call takes a C
// string, the hostname ends at a NUL.
function hostToASCII(hostname) {
  const nul = hostname.indexOf('\0');
  if (nul !== -1) hostname = hostname.slice(0, nul);
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(hostname)) return domainToASCIIImpl(hostname);
  if (!hostname.includes('xn--')) return hostname;
  const labels = hostname.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.slice(0, 4) !== 'xn--') continue;
    let decoded;
    try {
      decoded = punycode.decode(label.slice(4));
    } catch {
      return '';
    }
    // eslint-disable-next-line no-control-regex
    if (!/[^\x00-\x7f]/.test(decoded) || punycode.encode(decoded) !== label.slice(4)) return '';
  }
  return hostname;
}

// ada::idna::to_unicode: each `xn--` label decoded, when it decodes.
function hostToUnicode(host) {
  const labels = host.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.length > 4 && label.slice(0, 4).toLowerCase() === 'xn--') {
      try {
        labels[i] = punycode.decode(label.slice(4).toLowerCase());
      } catch {
        // Keep the label as it is.
      }
    }
  }
  return labels.join('.');
}

// Node's native url.format(href, fragment, unicode, search, auth).
function formatWhatwg(href, fragment, unicode, search, auth) {
  const u = new URL(href);
  if (!fragment) u.hash = '';
  if (!search) u.search = '';
  if (!auth) {
    u.username = '';
    u.password = '';
  }
  let out = u.href;
  const hostname = u.hostname;
  if (unicode && hostname !== '') {
    let start = u.protocol.length + 2;
    if (u.username !== '' || u.password !== '') start = out.indexOf('@', start) + 1;
    out = out.slice(0, start) + hostToUnicode(hostname) + out.slice(start + hostname.length);
  }
  return out;
}

// Original url.parse() API

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

// Reference: RFC 3986, RFC 1808, RFC 2396
const protocolPattern = /^[a-z0-9.+-]+:/i;
const portPattern = /:[0-9]*$/;
const hostPattern = /^\/\/[^@/]+@[^@/]+/;

// Special case for a simple path URL
const simplePathPattern = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;

const hostnameMaxLen = 255;

function urlParse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const urlObject = new Url();
  urlObject.parse(url, parseQueryString, slashesDenoteHost);
  return urlObject;
}

function isIpv6Hostname(hostname) {
  return (StringPrototypeCharCodeAt(hostname, 0) === CHAR_LEFT_SQUARE_BRACKET &&
    StringPrototypeCharCodeAt(hostname, hostname.length - 1) === CHAR_RIGHT_SQUARE_BRACKET
  );
}

// Against spoofing through IDNA toASCII: the WHATWG forbidden host code
// points that the host parsing loop lets through, plus ':', '@', '[' and ']'.
const forbiddenHostChars = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
// For IPv6, permit '[', ']', and ':'.
const forbiddenHostCharsIpv6 = /[\0\t\n\r #%/<>?@\\^|]/;

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  validateString(url, 'url');
  // As browsers do, back slashes before the query string become forward
  // slashes (https://code.google.com/p/chromium/issues/detail?id=25916).
  let hasHash = false;
  let hasAt = false;
  let start = -1;
  let end = -1;
  let rest = '';
  let lastPos = 0;
  for (let i = 0, inWs = false, split = false; i < url.length; ++i) {
    const code = url.charCodeAt(i);
    // Find first and last non-whitespace characters for trimming
    const isWs = code < 33 || code === CHAR_NO_BREAK_SPACE || code === CHAR_ZERO_WIDTH_NOBREAK_SPACE;
    if (start === -1) {
      if (isWs) continue;
      lastPos = start = i;
    } else if (inWs) {
      if (!isWs) {
        end = -1;
        inWs = false;
      }
    } else if (isWs) {
      end = i;
      inWs = true;
    }
    // Only convert backslashes while we haven't seen a split character
    if (!split) {
      switch (code) {
        case CHAR_AT:
          hasAt = true;
          break;
        case CHAR_HASH:
          hasHash = true;
        // Fall through
        case CHAR_QUESTION_MARK:
          split = true;
          break;
        case CHAR_BACKWARD_SLASH:
          if (i - lastPos > 0) rest += url.slice(lastPos, i);
          rest += '/';
          lastPos = i + 1;
          break;
      }
    } else if (!hasHash && code === CHAR_HASH) {
      hasHash = true;
    }
  }
  // Check if string was non-empty (including strings with only whitespace)
  if (start !== -1) {
    if (lastPos === start) {
      // We didn't convert any backslashes
      if (end === -1) {
        if (start === 0) rest = url;
        else rest = url.slice(start);
      } else {
        rest = url.slice(start, end);
      }
    } else if (end === -1 && lastPos < url.length) {
      // We converted some backslashes and have only part of the entire string
      rest += url.slice(lastPos);
    } else if (end !== -1 && lastPos < end) {
      // We converted some backslashes and have only part of the entire string
      rest += url.slice(lastPos, end);
    }
  }
  if (!slashesDenoteHost && !hasHash && !hasAt) {
    // Try fast path regexp
    const simplePath = simplePathPattern.exec(rest);
    if (simplePath) {
      this.path = rest;
      this.href = rest;
      this.pathname = simplePath[1];
      if (simplePath[2]) {
        this.search = simplePath[2];
        if (parseQueryString) this.query = querystring.parse(this.search.slice(1));
        else this.query = this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = { __proto__: null };
      }
      return this;
    }
  }
  let proto = protocolPattern.exec(rest);
  let lowerProto;
  if (proto) {
    proto = proto[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }
  // Figure out if it's got a host: user@server is *always* a hostname, and
  // //foo/bar is host=foo,path=bar, as browsers resolve relative URLs.
  let slashes;
  if (slashesDenoteHost || proto || hostPattern.test(rest)) {
    slashes = rest.charCodeAt(0) === CHAR_FORWARD_SLASH && rest.charCodeAt(1) === CHAR_FORWARD_SLASH;
    if (slashes && !(proto && hostlessProtocol.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }
  if (!hostlessProtocol.has(lowerProto) && (slashes || (proto && !slashedProtocol.has(proto)))) {
    // There's a hostname: the first /, ?, ;, or # ends it. Left of the last
    // @, non-host chars are allowed, unless a host-ending one comes before
    // it: http://a@b@c/ => user:a@b host:c; http://a@b?@c => user:a host:b.
    let hostEnd = -1;
    let atSign = -1;
    let nonHost = -1;
    for (let i = 0; i < rest.length; ++i) {
      switch (rest.charCodeAt(i)) {
        case CHAR_TAB:
        case CHAR_LINE_FEED:
        case CHAR_CARRIAGE_RETURN:
          // WHATWG URL removes tabs, newlines, and carriage returns. Let's do that too.
          rest = rest.slice(0, i) + rest.slice(i + 1);
          i -= 1;
          break;
        case CHAR_SPACE:
        case CHAR_DOUBLE_QUOTE:
        case CHAR_PERCENT:
        case CHAR_SINGLE_QUOTE:
        case CHAR_SEMICOLON:
        case CHAR_LEFT_ANGLE_BRACKET:
        case CHAR_RIGHT_ANGLE_BRACKET:
        case CHAR_BACKWARD_SLASH:
        case CHAR_CIRCUMFLEX_ACCENT:
        case CHAR_GRAVE_ACCENT:
        case CHAR_LEFT_CURLY_BRACKET:
        case CHAR_VERTICAL_LINE:
        case CHAR_RIGHT_CURLY_BRACKET:
          // Characters that are never ever allowed in a hostname from RFC 2396
          if (nonHost === -1) nonHost = i;
          break;
        case CHAR_HASH:
        case CHAR_FORWARD_SLASH:
        case CHAR_QUESTION_MARK:
          // Find the first instance of any host-ending characters
          if (nonHost === -1) nonHost = i;
          hostEnd = i;
          break;
        case CHAR_AT:
          // At this point, either we have an explicit point where the
          // auth portion cannot go past, or the last @ char is the decider.
          atSign = i;
          nonHost = -1;
          break;
      }
      if (hostEnd !== -1) break;
    }
    start = 0;
    if (atSign !== -1) {
      this.auth = decodeURIComponent(rest.slice(0, atSign));
      start = atSign + 1;
    }
    if (nonHost === -1) {
      this.host = rest.slice(start);
      rest = '';
    } else {
      this.host = rest.slice(start, nonHost);
      rest = rest.slice(nonHost);
    }
    // pull out port.
    this.parseHost();
    // There is a hostname, so even if it's empty, it has to be present.
    if (typeof this.hostname !== 'string') this.hostname = '';
    const hostname = this.hostname;
    // [...] is an IPv6 address.
    const ipv6Hostname = isIpv6Hostname(hostname);
    // validate a little.
    if (!ipv6Hostname) rest = getHostname(this, rest, hostname, url);
    if (this.hostname.length > hostnameMaxLen) {
      this.hostname = '';
    } else {
      // Hostnames are always lower case.
      this.hostname = this.hostname.toLowerCase();
    }
    if (this.hostname !== '') {
      if (ipv6Hostname) {
        if (forbiddenHostCharsIpv6.test(this.hostname)) throw new codes.ERR_INVALID_URL(url);
      } else {
        // IDNA: the punycoded form of the domain's non-ASCII labels.
        this.hostname = hostToASCII(this.hostname);
        // Empty, or forbidden characters, can only come from toASCII: throw.
        if (this.hostname === '' || forbiddenHostChars.test(this.hostname)) throw new codes.ERR_INVALID_URL(url);
      }
    }
    const p = this.port ? ':' + this.port : '';
    const h = this.hostname || '';
    this.host = h + p;
    // Strip [ and ] from the hostname (the host field retains them).
    if (ipv6Hostname) {
      this.hostname = this.hostname.slice(1, -1);
      if (rest[0] !== '/') rest = '/' + rest;
    }
  }
  // Now rest is the post-host stuff: escape the "autoEscape" chars.
  if (!unsafeProtocol.has(lowerProto)) rest = autoEscapeStr(rest);
  let questionIdx = -1;
  let hashIdx = -1;
  for (let i = 0; i < rest.length; ++i) {
    const code = rest.charCodeAt(i);
    if (code === CHAR_HASH) {
      this.hash = rest.slice(i);
      hashIdx = i;
      break;
    } else if (code === CHAR_QUESTION_MARK && questionIdx === -1) {
      questionIdx = i;
    }
  }
  if (questionIdx !== -1) {
    if (hashIdx === -1) {
      this.search = rest.slice(questionIdx);
      this.query = rest.slice(questionIdx + 1);
    } else {
      this.search = rest.slice(questionIdx, hashIdx);
      this.query = rest.slice(questionIdx + 1, hashIdx);
    }
    if (parseQueryString) this.query = querystring.parse(this.query);
  } else if (parseQueryString) {
    // No query string, but parseQueryString still requested
    this.search = null;
    this.query = { __proto__: null };
  }
  const useQuestionIdx = questionIdx !== -1 && (hashIdx === -1 || questionIdx < hashIdx);
  const firstIdx = useQuestionIdx ? questionIdx : hashIdx;
  if (firstIdx === -1) {
    if (rest.length > 0) this.pathname = rest;
  } else if (firstIdx > 0) {
    this.pathname = rest.slice(0, firstIdx);
  }
  if (slashedProtocol.has(lowerProto) && this.hostname && !this.pathname) this.pathname = '/';
  // To support http.request
  if (this.pathname || this.search) {
    const p = this.pathname || '';
    const s = this.search || '';
    this.path = p + s;
  }
  // Finally, reconstruct the href based on what has been validated.
  this.href = this.format();
  return this;
};

let warnInvalidPort = true;
function getHostname(self, rest, hostname, url) {
  for (let i = 0; i < hostname.length; ++i) {
    const code = hostname.charCodeAt(i);
    const isValid = (code !== CHAR_FORWARD_SLASH && code !== CHAR_BACKWARD_SLASH && code !== CHAR_HASH &&
                     code !== CHAR_QUESTION_MARK && code !== CHAR_COLON);
    if (!isValid) {
      // A leftover starting with : is an invalid port: warn and continue.
      if (warnInvalidPort && code === CHAR_COLON) {
        const detail = `The URL ${url} is invalid. Future versions of Node.js will throw an error.`;
        emitWarning(detail, 'DeprecationWarning', 'DEP0170');
        warnInvalidPort = false;
      }
      self.hostname = hostname.slice(0, i);
      return `/${hostname.slice(i)}${rest}`;
    }
  }
  return rest;
}

// Escaped characters, by char code (undefined for the others).
const escapedCodes = [];
for (const c of '\t\n\r "\'<>\\^`{|}') escapedCodes[c.charCodeAt(0)] = hexTable[c.charCodeAt(0)];

// Escapes all delimiters and unwise characters of RFC 2396, and single
// quotes (against XSS).
function autoEscapeStr(rest) {
  let escaped = '';
  let lastEscapedPos = 0;
  for (let i = 0; i < rest.length; ++i) {
    // `escaped` contains substring up to the last escaped character.
    const escapedChar = escapedCodes[rest.charCodeAt(i)];
    if (escapedChar) {
      // Concat if there are ordinary characters in the middle.
      if (i > lastEscapedPos) escaped += rest.slice(lastEscapedPos, i);
      escaped += escapedChar;
      lastEscapedPos = i + 1;
    }
  }
  if (lastEscapedPos === 0)  // Nothing has been escaped.
    return rest;
  // There are ordinary characters at the end.
  if (lastEscapedPos < rest.length) escaped += rest.slice(lastEscapedPos);
  return escaped;
}

// Format a parsed object into a url string
function urlFormat(urlObject, options) {
  // A string is parsed first (which cleans up wonky urls).
  if (typeof urlObject === 'string') {
    urlObject = urlParse(urlObject);
  } else if (typeof urlObject !== 'object' || urlObject === null) {
    throw new codes.ERR_INVALID_ARG_TYPE('urlObject', ['Object', 'string'], urlObject);
  } else if (urlObject instanceof URL) {
    let fragment = true;
    let unicode = false;
    let search = true;
    let auth = true;
    if (options) {
      validateObject(options, 'options');
      if (options.fragment != null) fragment = Boolean(options.fragment);
      if (options.unicode != null) unicode = Boolean(options.unicode);
      if (options.search != null) search = Boolean(options.search);
      if (options.auth != null) auth = Boolean(options.auth);
    }
    return formatWhatwg(urlObject.href, fragment, unicode, search, auth);
  }
  return Url.prototype.format.call(urlObject);
}

// These characters do not need escaping in auth: ! - . _ ~ ' ( ) * : digits
// and ASCII letters.
const noEscapeAuth = new Int8Array(128);
for (let c = 0; c < 128; c++) {
  noEscapeAuth[c] = /[!\-._~'()*:0-9A-Za-z]/.test(String.fromCharCode(c)) ? 1 : 0;
}

Url.prototype.format = function format() {
  let auth = this.auth || '';
  if (auth) {
    auth = encodeStr(auth, noEscapeAuth, hexTable);
    auth += '@';
  }
  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  let query = '';
  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    host = auth + (this.hostname.includes(':') && !isIpv6Hostname(this.hostname) ? '[' + this.hostname + ']' :
        this.hostname
    );
    if (this.port) host += ':' + this.port;
  }
  if (this.query !== null && typeof this.query === 'object') query = querystring.stringify(this.query);
  let search = this.search || (query && ('?' + query)) || '';
  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58/* : */) protocol += ':';
  let newPathname = '';
  let lastPos = 0;
  for (let i = 0; i < pathname.length; ++i) {
    switch (pathname.charCodeAt(i)) {
      case CHAR_HASH:
        if (i - lastPos > 0) newPathname += pathname.slice(lastPos, i);
        newPathname += '%23';
        lastPos = i + 1;
        break;
      case CHAR_QUESTION_MARK:
        if (i - lastPos > 0) newPathname += pathname.slice(lastPos, i);
        newPathname += '%3F';
        lastPos = i + 1;
        break;
    }
  }
  if (lastPos > 0) {
    if (lastPos !== pathname.length) pathname = newPathname + pathname.slice(lastPos);
    else pathname = newPathname;
  }
  // Only the slashedProtocols get the //, not mailto:, xmpp:, etc. (unless
  // they had them to begin with).
  if (this.slashes || slashedProtocol.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname.charCodeAt(0) !== CHAR_FORWARD_SLASH) pathname = '/' + pathname;
      host = '//' + host;
    } else if (protocol.length >= 4 && protocol.charCodeAt(0) === 102/* f */ && protocol.charCodeAt(1) === 105/* i */ &&
               protocol.charCodeAt(2) === 108/* l */ && protocol.charCodeAt(3) === 101/* e */) {
      host = '//';
    }
  }
  search = search.replace(/#/g, '%23');
  if (hash && hash.charCodeAt(0) !== CHAR_HASH) hash = '#' + hash;
  if (search && search.charCodeAt(0) !== CHAR_QUESTION_MARK) search = '?' + search;
  return protocol + host + pathname + search + hash;
};

function urlResolve(source, relative) {
  return urlParse(source, false, true).resolve(relative);
}

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(urlParse(relative, false, true)).format();
};

function urlResolveObject(source, relative) {
  if (!source) return relative;
  return urlParse(source, false, true).resolveObject(relative);
}

Url.prototype.resolveObject = function resolveObject(relative) {
  if (typeof relative === 'string') {
    const rel = new Url();
    rel.parse(relative, false, true);
    relative = rel;
  }
  const result = new Url();
  Object.assign(result, this);
  // Hash is always overridden, no matter what: even href="" removes it.
  result.hash = relative.hash;
  // If the relative url is empty, then there's nothing left to do here.
  if (relative.href === '') {
    result.href = result.format();
    return result;
  }
  // Hrefs like //foo/bar always cut to the protocol.
  if (relative.slashes && !relative.protocol) {
    // Take everything except the protocol from relative
    const relativeWithoutProtocol = Object.keys(relative).reduce((acc, key) => {
      if (key !== 'protocol') acc[key] = relative[key];
      return acc;
    }, {});
    Object.assign(result, relativeWithoutProtocol);
    // urlParse appends trailing / to urls like http://www.example.com
    if (slashedProtocol.has(result.protocol) && result.hostname && !result.pathname) {
      result.path = result.pathname = '/';
    }
    result.href = result.format();
    return result;
  }
  if (relative.protocol && relative.protocol !== result.protocol) {
    // Changing to a known url protocol does weird things: if it's not file:,
    // then we MUST have a host, and a path if there was one; for file:, the
    // host is dropped (hostless). Anything else is assumed to be absolute.
    if (!slashedProtocol.has(relative.protocol)) {
      Object.assign(result, relative);
      result.href = result.format();
      return result;
    }
    result.protocol = relative.protocol;
    if (!relative.host && !/^file:?$/.test(relative.protocol) && !hostlessProtocol.has(relative.protocol)) {
      const relPath = (relative.pathname || '').split('/');
      while (relPath.length && !(relative.host = relPath.shift()));
      if (!relative.host) relative.host = '';
      if (!relative.hostname) relative.hostname = '';
      if (relPath[0] !== '') relPath.unshift('');
      if (relPath.length < 2) relPath.unshift('');
      result.pathname = relPath.join('/');
    } else {
      result.pathname = relative.pathname;
    }
    result.search = relative.search;
    result.query = relative.query;
    result.host = relative.host || '';
    result.auth = relative.auth;
    result.hostname = relative.hostname || relative.host;
    result.port = relative.port;
    // To support http.request
    if (result.pathname || result.search) {
      const p = result.pathname || '';
      const s = result.search || '';
      result.path = p + s;
    }
    result.slashes = result.slashes || relative.slashes;
    result.href = result.format();
    return result;
  }
  const isSourceAbs = (result.pathname && result.pathname.charAt(0) === '/');
  const isRelAbs = (relative.host || (relative.pathname && relative.pathname.charAt(0) === '/'));
  let mustEndAbs = (isRelAbs || isSourceAbs || (result.host && relative.pathname));
  const removeAllDots = mustEndAbs;
  let srcPath = (result.pathname && result.pathname.split('/')) || [];
  const relPath = (relative.pathname && relative.pathname.split('/')) || [];
  const noLeadingSlashes = result.protocol && !slashedProtocol.has(result.protocol);
  // In a non-slashed url, relative links like ../.. can crawl up to the
  // hostname as well (strange); the first path part goes back into the host.
  if (noLeadingSlashes) {
    result.hostname = '';
    result.port = null;
    if (result.host) {
      if (srcPath[0] === '') srcPath[0] = result.host;
      else srcPath.unshift(result.host);
    }
    result.host = '';
    if (relative.protocol) {
      relative.hostname = null;
      relative.port = null;
      result.auth = null;
      if (relative.host) {
        if (relPath[0] === '') relPath[0] = relative.host;
        else relPath.unshift(relative.host);
      }
      relative.host = null;
    }
    mustEndAbs = mustEndAbs && (relPath[0] === '' || srcPath[0] === '');
  }
  if (isRelAbs) {
    // it's absolute.
    if (relative.host || relative.host === '') {
      if (result.host !== relative.host) result.auth = null;
      result.host = relative.host;
      result.port = relative.port;
    }
    if (relative.hostname || relative.hostname === '') {
      if (result.hostname !== relative.hostname) result.auth = null;
      result.hostname = relative.hostname;
    }
    result.search = relative.search;
    result.query = relative.query;
    srcPath = relPath;
    // Fall through to the dot-handling below.
  } else if (relPath.length) {
    // It's relative: throw away the existing file, take the new path instead.
    if (!srcPath) srcPath = [];
    srcPath.pop();
    srcPath = srcPath.concat(relPath);
    result.search = relative.search;
    result.query = relative.query;
  } else if (relative.search !== null && relative.search !== undefined) {
    // Just pull out the search, like href='?foo'.
    if (noLeadingSlashes) {
      result.hostname = result.host = srcPath.shift();
      // The auth can get stuck in host: resolveObject('mailto:a@b', 'c@d').
      const authInHost = result.host && result.host.indexOf('@') > 0 && result.host.split('@');
      if (authInHost) {
        result.auth = authInHost.shift();
        result.host = result.hostname = authInHost.shift();
      }
    }
    result.search = relative.search;
    result.query = relative.query;
    // To support http.request
    if (result.pathname !== null || result.search !== null) {
      result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
    }
    result.href = result.format();
    return result;
  }
  if (!srcPath.length) {
    // No path at all. All other things were already handled above.
    result.pathname = null;
    // To support http.request
    if (result.search) result.path = '/' + result.search;
    else result.path = null;
    result.href = result.format();
    return result;
  }
  // A url ending in . or .. gets a trailing slash; anything else non-slashy not.
  let last = srcPath.slice(-1)[0];
  const hasTrailingSlash = (((result.host || relative.host || srcPath.length > 1) &&
    (last === '.' || last === '..')) || last === '');
  // Strip single dots, resolve double dots to parent dir
  // if the path tries to go above the root, `up` ends up > 0
  let up = 0;
  for (let i = srcPath.length - 1; i >= 0; i--) {
    last = srcPath[i];
    if (last === '.') {
      spliceOne(srcPath, i);
    } else if (last === '..') {
      spliceOne(srcPath, i);
      up++;
    } else if (up) {
      spliceOne(srcPath, i);
      up--;
    }
  }
  // If the path is allowed to go above the root, restore leading ..s
  if (!mustEndAbs && !removeAllDots) {
    while (up--) {
      srcPath.unshift('..');
    }
  }
  if (mustEndAbs && srcPath[0] !== '' && (!srcPath[0] || srcPath[0].charAt(0) !== '/')) srcPath.unshift('');
  if (hasTrailingSlash && (srcPath.join('/').slice(-1) !== '/')) srcPath.push('');
  const isAbsolute = srcPath[0] === '' || (srcPath[0] && srcPath[0].charAt(0) === '/');
  // put the host back
  if (noLeadingSlashes) {
    result.hostname = result.host = isAbsolute ? '' : srcPath.length ? srcPath.shift() : '';
    // The auth can get stuck in host: resolveObject('mailto:a@b', 'c@d').
    const authInHost = result.host && result.host.indexOf('@') > 0 ? result.host.split('@') : false;
    if (authInHost) {
      result.auth = authInHost.shift();
      result.host = result.hostname = authInHost.shift();
    }
  }
  mustEndAbs = mustEndAbs || (result.host && srcPath.length);
  if (mustEndAbs && !isAbsolute) srcPath.unshift('');
  if (!srcPath.length) {
    result.pathname = null;
    result.path = null;
  } else {
    result.pathname = srcPath.join('/');
  }
  // To support request.http
  if (result.pathname !== null || result.search !== null) {
    result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
  }
  result.auth = relative.auth || result.auth;
  result.slashes = result.slashes || relative.slashes;
  result.href = result.format();
  return result;
};

Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  let port = portPattern.exec(host);
  if (port) {
    port = port[0];
    if (port !== ':') this.port = port.slice(1);
    host = host.slice(0, host.length - port.length);
  }
  if (host) this.hostname = host;
};

// lib/internal/url.js's utilities.

function domainToASCII(domain) {
  if (arguments.length < 1) throw new codes.ERR_MISSING_ARGS('domain');
  return domainToASCIIImpl(`${domain}`);
}

function domainToUnicode(domain) {
  if (arguments.length < 1) throw new codes.ERR_MISSING_ARGS('domain');
  const ascii = domainToASCIIImpl(`${domain}`);
  return ascii === '' ? '' : hostToUnicode(ascii);
}

function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url, // In case the url object was extended by the user.
    protocol: url.protocol,
    hostname: hostname && hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search: search,
    pathname: pathname,
    path: `${pathname || ''}${search || ''}`,
    href: url.href,
  };
  if (port !== '') options.port = Number(port);
  if (username || password) options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  return options;
}

// new URL(input), failing with Node's ERR_INVALID_URL (and its `input`).
function newURL(input) {
  if (!URL.canParse(input)) throw new codes.ERR_INVALID_URL(`${input}`);
  return new URL(input);
}

function isURL(self) {
  return Boolean(self?.href && self.protocol && self.auth === undefined && self.path === undefined);
}

function getPathFromURLWin32(url) {
  const hostname = url.hostname;
  let pathname = url.pathname;
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === '%') {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if ((pathname[n + 1] === '2' && third === 102) || // 2f 2F /
          (pathname[n + 1] === '5' && third === 99)) { // 5c 5C \
        throw new codes.ERR_INVALID_FILE_URL_PATH('must not include encoded \\ or / characters');
      }
    }
  }
  pathname = pathname.replace(/\//g, '\\');
  pathname = decodeURIComponent(pathname);
  if (hostname !== '') {
    // If hostname is set, then we have a UNC path.
    return `\\\\${domainToUnicode(hostname)}${pathname}`;
  }
  // Otherwise, it's a local path that requires a drive letter
  const letter = pathname.codePointAt(1) | 0x20;
  const sep = pathname.charAt(2);
  if (letter < CHAR_LOWERCASE_A || letter > CHAR_LOWERCASE_Z || sep !== ':') {
    throw new codes.ERR_INVALID_FILE_URL_PATH('must be absolute');
  }
  return pathname.slice(1);
}

function getPathFromURLPosix(url) {
  if (url.hostname !== '') throw new codes.ERR_INVALID_FILE_URL_HOST('linux');
  const pathname = url.pathname;
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === '%') {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if (pathname[n + 1] === '2' && third === 102) {
        throw new codes.ERR_INVALID_FILE_URL_PATH('must not include encoded / characters');
      }
    }
  }
  return decodeURIComponent(pathname);
}

function fileURLToPath(path, options = kEmptyObject) {
  const windows = options?.windows;
  if (typeof path === 'string') path = newURL(path);
  else if (!isURL(path)) throw new codes.ERR_INVALID_ARG_TYPE('path', ['string', 'URL'], path);
  if (path.protocol !== 'file:') throw new codes.ERR_INVALID_URL_SCHEME('file');
  return windows ? getPathFromURLWin32(path) : getPathFromURLPosix(path);
}

// RFC1738 defines these chars as "unsafe" for URLs (2.2. URL Character
// Encoding Issues); in Node's order of replacement.
const pathCharEscapes = [
  [/%/g, '%'], [/\t/g, '\t'], [/\n/g, '\n'], [/\r/g, '\r'], [/ /g, ' '], [/"/g, '"'],
  [/#/g, '#'], [/\?/g, '?'], [/\[/g, '['], [/\\/g, '\\'], [/]/g, ']'], [/\^/g, '^'],
  [/\|/g, '|'], [/~/g, '~'],
];

function encodePathChars(filepath, options = kEmptyObject) {
  for (let i = 0; i < pathCharEscapes.length; i++) {
    const [re, ch] = pathCharEscapes[i];
    // Back-slashes must be special-cased on Windows, where they are treated as path separator.
    if (ch === '\\' && options.windows) continue;
    if (filepath.includes(ch)) filepath = filepath.replace(re, hexTable[ch.charCodeAt(0)]);
  }
  return filepath;
}

function pathToFileURLImpl(filepath, options = kEmptyObject) {
  const windows = options?.windows ?? false;
  if (windows && filepath.startsWith('\\\\')) {
    const outURL = new URL('file://');
    // UNC path format: \\server\share\resource
    // "\\?\UNC\" path prefix should be ignored.
    const isExtendedUNC = filepath.startsWith('\\\\?\\UNC\\');
    const prefixLength = isExtendedUNC ? 8 : 2;
    const hostnameEndIndex = filepath.indexOf('\\', prefixLength);
    if (hostnameEndIndex === -1) throw new codes.ERR_INVALID_ARG_VALUE('path', filepath, 'Missing UNC resource path');
    if (hostnameEndIndex === 2) throw new codes.ERR_INVALID_ARG_VALUE('path', filepath, 'Empty UNC servername');
    const hostname = filepath.slice(prefixLength, hostnameEndIndex);
    outURL.hostname = domainToASCII(hostname);
    outURL.pathname = encodePathChars(filepath.slice(hostnameEndIndex).replace(/\\/g, '/'), { windows });
    return outURL;
  }
  let resolved = windows ? path.win32.resolve(filepath) : path.posix.resolve(filepath);
  // path.resolve strips trailing slashes so we must add them back
  const filePathLast = filepath.charCodeAt(filepath.length - 1);
  if ((filePathLast === CHAR_FORWARD_SLASH || (windows && filePathLast === CHAR_BACKWARD_SLASH)) &&
      resolved[resolved.length - 1] !== path.sep) {
    resolved += '/';
  }
  return new URL(`file://${encodePathChars(resolved, { windows })}`);
}

function pathToFileURL(path, options) {
  validateString(path, 'path');
  return pathToFileURLImpl(path, options);
}

const url = {
  // Original API
  Url,
  parse: urlParse,
  resolve: urlResolve,
  resolveObject: urlResolveObject,
  format: urlFormat,
  // WHATWG API
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  // Utilities
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};

export default url;
export {
  Url,
  urlParse as parse,
  urlResolve as resolve,
  urlResolveObject as resolveObject,
  urlFormat as format,
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
