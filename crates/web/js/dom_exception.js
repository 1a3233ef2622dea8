// DOMException (WebIDL §3.14.1). Instances are real Error objects (their
// prototype chain is DOMException.prototype -> Error.prototype), so they get a
// `stack` and the host reports them like any other error. `name`, `message`
// and `code` are brand-checked getters on the prototype, as WebIDL requires.

const ReflectConstruct = Reflect.construct;
const ErrorCtor = Error;
const captureStackTrace = typeof Error.captureStackTrace === 'function'
  ? Error.captureStackTrace : null;

// The legacy code of each error name in WebIDL's error names table (names
// without one have code 0). Constants are [name, constant].
const CODES = [
  ['IndexSizeError', 'INDEX_SIZE_ERR'],
  [null, 'DOMSTRING_SIZE_ERR'],
  ['HierarchyRequestError', 'HIERARCHY_REQUEST_ERR'],
  ['WrongDocumentError', 'WRONG_DOCUMENT_ERR'],
  ['InvalidCharacterError', 'INVALID_CHARACTER_ERR'],
  [null, 'NO_DATA_ALLOWED_ERR'],
  ['NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR'],
  ['NotFoundError', 'NOT_FOUND_ERR'],
  ['NotSupportedError', 'NOT_SUPPORTED_ERR'],
  ['InUseAttributeError', 'INUSE_ATTRIBUTE_ERR'],
  ['InvalidStateError', 'INVALID_STATE_ERR'],
  ['SyntaxError', 'SYNTAX_ERR'],
  ['InvalidModificationError', 'INVALID_MODIFICATION_ERR'],
  ['NamespaceError', 'NAMESPACE_ERR'],
  ['InvalidAccessError', 'INVALID_ACCESS_ERR'],
  [null, 'VALIDATION_ERR'],
  ['TypeMismatchError', 'TYPE_MISMATCH_ERR'],
  ['SecurityError', 'SECURITY_ERR'],
  ['NetworkError', 'NETWORK_ERR'],
  ['AbortError', 'ABORT_ERR'],
  ['URLMismatchError', 'URL_MISMATCH_ERR'],
  ['QuotaExceededError', 'QUOTA_EXCEEDED_ERR'],
  ['TimeoutError', 'TIMEOUT_ERR'],
  ['InvalidNodeTypeError', 'INVALID_NODE_TYPE_ERR'],
  ['DataCloneError', 'DATA_CLONE_ERR'],
];
const codeOf = new Map();
for (let i = 0; i < CODES.length; i++) {
  if (CODES[i][0] !== null) codeOf.set(CODES[i][0], i + 1);
}

// Internal slots: instance -> { name, message, code }.
const slots = new WeakMap();

function slotsOf(self, what) {
  const s = slots.get(self);
  if (s === undefined) {
    throw new TypeError(`'${what}' called on an object that is not a DOMException`);
  }
  return s;
}

// WebIDL DOMString conversion: ToString, which throws on symbols.
const str = (v) => `${v}`;

export class DOMException extends Error {
  // constructor(optional DOMString message = "",
  //             optional (DOMExceptionOptions or DOMString) options = "Error")
  // where DOMExceptionOptions is { any cause; DOMString name = "Error"; }.
  constructor(message = undefined, options = undefined) {
    const msg = message === undefined ? '' : str(message);
    let name = 'Error';
    let errorArgs = [];
    if (options !== null && (typeof options === 'object' || typeof options === 'function')) {
      // Dictionary members are read in lexicographic order: cause, name.
      const hasCause = 'cause' in options;
      const cause = hasCause ? options.cause : undefined;
      const n = options.name;
      if (n !== undefined) name = str(n);
      if (hasCause) errorArgs = [undefined, { cause }];
    } else if (options !== undefined) {
      name = str(options);
    }
    // A real Error object (so it has a stack), without own `message`.
    const self = ReflectConstruct(ErrorCtor, errorArgs, new.target);
    if (captureStackTrace !== null) captureStackTrace(self, new.target);
    slots.set(self, { name, message: msg, code: codeOf.get(name) ?? 0 });
    return self;
  }

  get name() {
    return slotsOf(this, 'name').name;
  }

  get message() {
    return slotsOf(this, 'message').message;
  }

  get code() {
    return slotsOf(this, 'code').code;
  }
}

// Class side inherits from Function.prototype, not Error (WebIDL); `super()`
// is never called, so this is safe.
Object.setPrototypeOf(DOMException, Function.prototype);

for (const key of ['name', 'message', 'code']) {
  const d = Object.getOwnPropertyDescriptor(DOMException.prototype, key);
  d.enumerable = true;
  Object.defineProperty(DOMException.prototype, key, d);
}
for (let i = 0; i < CODES.length; i++) {
  const desc = { value: i + 1, writable: false, enumerable: true, configurable: false };
  Object.defineProperty(DOMException, CODES[i][1], desc);
  Object.defineProperty(DOMException.prototype, CODES[i][1], desc);
}
Object.defineProperty(DOMException.prototype, Symbol.toStringTag, {
  value: 'DOMException', writable: false, enumerable: false, configurable: true,
});

/// Whether `v` is a DOMException (has its internal slots).
export function isDOMException(v) {
  return slots.has(v);
}
