// Ported from Node.js v20.20.2 lib/internal/streams/state.js (MIT license,
// Copyright Node.js contributors and Joyent, Inc.; see the LICENSE of Node.js).
// Changes: CommonJS turned into an ES module; primordials and internal
// helpers come from node:internal/streams/*.

import {
  MathFloor,
  NumberIsInteger,
} from 'node:internal/streams/primordials';
import { validateInteger } from 'node:internal/validators';

import { codes } from 'node:internal/errors';
const { ERR_INVALID_ARG_VALUE } = codes;

let defaultHighWaterMarkBytes = 16 * 1024;
let defaultHighWaterMarkObjectMode = 16;

function highWaterMarkFrom(options, isDuplex, duplexKey) {
  return options.highWaterMark != null ? options.highWaterMark :
    isDuplex ? options[duplexKey] : null;
}

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultHighWaterMarkObjectMode : defaultHighWaterMarkBytes;
}

function setDefaultHighWaterMark(objectMode, value) {
  validateInteger(value, 'value', 0);
  if (objectMode) {
    defaultHighWaterMarkObjectMode = value;
  } else {
    defaultHighWaterMarkBytes = value;
  }
}

function getHighWaterMark(state, options, duplexKey, isDuplex) {
  const hwm = highWaterMarkFrom(options, isDuplex, duplexKey);
  if (hwm != null) {
    if (!NumberIsInteger(hwm) || hwm < 0) {
      const name = isDuplex ? `options.${duplexKey}` : 'options.highWaterMark';
      throw new ERR_INVALID_ARG_VALUE(name, hwm);
    }
    return MathFloor(hwm);
  }

  // Default value
  return getDefaultHighWaterMark(state.objectMode);
}

export { getHighWaterMark, getDefaultHighWaterMark, setDefaultHighWaterMark };
