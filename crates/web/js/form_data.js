// FormData (XMLHttpRequest Standard §5).
//
// There are no form elements, so the constructor only takes `undefined`.
// The entry list is a flat array [name0, value0, ...] of USVStrings and
// Files. Parsing and serializing bodies (multipart/form-data,
// application/x-www-form-urlencoded) is native (`nanojs:internal/form_data`).
//
// Internal API for the fetch body: `serializeFormData`,
// `formDataFromMultipart`, `formDataFromUrlencoded` (and the FormData brand
// check, registered with fetch_util.js when this module loads).

import * as op from 'nanojs:internal/form_data';
import { INSPECT, isObject, lazy, finishInterface, registerFormData } from 'nanojs:fetch_util';
import {
  requireArgs, usvString, pairIterator, forEachPair, iterableEntries, KEYS, VALUES, ENTRIES,
} from 'nanojs:fetch_webidl';

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const TypeErrorCtor = TypeError;
const blobs = lazy('nanojs:blob');
const inspector = lazy('nanojs:console');

let blobTypeGet = null;
let fileLastModifiedGet = null;

function blobType(b) {
  if (blobTypeGet === null) blobTypeGet = ObjectGetOwnPropertyDescriptor(blobs().Blob.prototype, 'type').get;
  return ReflectApply(blobTypeGet, b, []);
}

function lastModified(f) {
  if (fileLastModifiedGet === null) {
    fileLastModifiedGet = ObjectGetOwnPropertyDescriptor(blobs().File.prototype, 'lastModified').get;
  }
  return ReflectApply(fileLastModifiedGet, f, []);
}

/** Whether `v` is a Blob; loads the blob module only for objects. */
const isBlob = (v) => isObject(v) && blobs().isBlob(v);

/** "Create an entry" value: a Blob becomes a File named "blob" (or
 * `filename`); a File given a filename becomes a new File of that name. */
function entryValue(value, filename) {
  const b = blobs();
  const name = b.fileName(value);
  if (name !== undefined && filename === undefined) return value;
  const options = { type: blobType(value) };
  if (name !== undefined) options.lastModified = lastModified(value);
  return new b.File([value], filename === undefined ? 'blob' : filename, options);
}

let listOf; // (formData) => entry list
let newFormData; // (list) => FormData
let isFormDataFn; // (value) => boolean
let newIterator;

export class FormData {
  #list = [];

  constructor(form = undefined, submitter = undefined) {
    if (form !== undefined) {
      throw new TypeErrorCtor("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
  }

  append(name, value, filename = undefined) {
    const list = this.#list;
    const what = "Failed to execute 'append' on 'FormData'";
    const n = arguments.length;
    requireArgs(n, 2, what);
    add(list, what, n, name, value, filename, false);
  }

  delete(name) {
    const list = this.#list;
    requireArgs(arguments.length, 1, "Failed to execute 'delete' on 'FormData'");
    name = usvString(name);
    let j = 0;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name) continue;
      list[j++] = list[i];
      list[j++] = list[i + 1];
    }
    list.length = j;
  }

  get(name) {
    const list = this.#list;
    requireArgs(arguments.length, 1, "Failed to execute 'get' on 'FormData'");
    name = usvString(name);
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
    return null;
  }

  getAll(name) {
    const list = this.#list;
    requireArgs(arguments.length, 1, "Failed to execute 'getAll' on 'FormData'");
    name = usvString(name);
    const out = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) out.push(list[i + 1]);
    return out;
  }

  has(name) {
    const list = this.#list;
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'FormData'");
    name = usvString(name);
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return true;
    return false;
  }

  set(name, value, filename = undefined) {
    const list = this.#list;
    const what = "Failed to execute 'set' on 'FormData'";
    const n = arguments.length;
    requireArgs(n, 2, what);
    add(list, what, n, name, value, filename, true);
  }

  entries() {
    this.#list;
    return newIterator(this, ENTRIES);
  }

  keys() {
    this.#list;
    return newIterator(this, KEYS);
  }

  values() {
    this.#list;
    return newIterator(this, VALUES);
  }

  forEach(callback, thisArg = undefined) {
    this.#list;
    const what = "Failed to execute 'forEach' on 'FormData'";
    requireArgs(arguments.length, 1, what);
    forEachPair(this, listOf, callback, thisArg, what);
  }

  // Node's util.inspect protocol: `FormData { a: '1', b: [ '2', '3' ] }`.
  [INSPECT](depth, options, inspect) {
    const list = this.#list;
    const fields = {};
    for (let i = 0; i < list.length; i += 2) {
      const name = list[i];
      const value = list[i + 1];
      if (!Object.hasOwn(fields, name)) {
        Object.defineProperty(fields, name, {
          value, enumerable: true, writable: true, configurable: true,
        });
      } else if (Array.isArray(fields[name])) {
        fields[name].push(value);
      } else {
        fields[name] = [fields[name], value];
      }
    }
    return inspector().inspectAs('FormData', fields);
  }

  static {
    listOf = (v) => v.#list;
    newFormData = (list) => {
      const fd = new FormData();
      fd.#list = list;
      return fd;
    };
    isFormDataFn = (v) => isObject(v) && #list in v;
  }
}

// append/set after WebIDL overload resolution: with three arguments only
// the Blob overload applies; with two, a Blob picks it and anything else is
// a string.
function add(list, what, n, name, value, filename, replace) {
  name = usvString(name);
  let entry;
  if (isBlob(value)) {
    entry = entryValue(value, n > 2 ? usvString(filename) : undefined);
  } else if (n > 2) {
    throw new TypeErrorCtor(`${what}: parameter 2 is not of type 'Blob'.`);
  } else {
    entry = usvString(value);
  }
  if (!replace) {
    list.push(name, entry);
    return;
  }
  let found = false;
  let j = 0;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === name) {
      if (found) continue;
      found = true;
      list[j++] = name;
      list[j++] = entry;
    } else {
      list[j++] = list[i];
      list[j++] = list[i + 1];
    }
  }
  list.length = j;
  if (!found) list.push(name, entry);
}

newIterator = pairIterator('FormData', listOf);
finishInterface(FormData, 'FormData');
iterableEntries(FormData);
registerFormData(isFormDataFn);

// --- internal API for the fetch body -------------------------------------------

/** multipart/form-data encoding of a FormData's entries: [Content-Type,
 * Uint8Array]. */
export function serializeFormData(fd) {
  const list = listOf(fd);
  const quads = [];
  for (let i = 0; i < list.length; i += 2) {
    const value = list[i + 1];
    if (typeof value === 'string') {
      quads.push(list[i], value, undefined, undefined);
    } else {
      const b = blobs();
      quads.push(list[i], b.blobBytes(value), b.fileName(value), blobType(value));
    }
  }
  return op.serializeMultipart(quads);
}

/** A FormData of a multipart/form-data body (a TypeError if malformed). */
export function formDataFromMultipart(bytes, boundary) {
  const parts = op.parseMultipart(bytes, boundary);
  const list = [];
  for (let i = 0; i < parts.length; i += 4) {
    const filename = parts[i + 2];
    if (filename === undefined) {
      list.push(parts[i], parts[i + 1]);
    } else {
      list.push(parts[i], blobs().createFile(parts[i + 1], filename, parts[i + 3]));
    }
  }
  return newFormData(list);
}

/** A FormData of an application/x-www-form-urlencoded body. */
export function formDataFromUrlencoded(bytes) {
  return newFormData(op.parseUrlencoded(bytes));
}
