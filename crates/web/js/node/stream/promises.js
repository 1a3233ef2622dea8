// node:stream/promises — ported from Node.js v20.20.2 lib/stream/promises.js
// (MIT license, Copyright Node.js contributors; see the LICENSE of Node.js).

import { ArrayPrototypePop } from 'node:internal/streams/primordials';
import { isIterable, isNodeStream, isWebStream } from 'node:internal/streams/utils';
import { pipelineImpl as pl } from 'node:internal/streams/pipeline';
import { finished } from 'node:internal/streams/end-of-stream';
// As in Node: loading stream/promises loads node:stream (its lazily used
// parts, such as Duplex.from for generators in a pipeline, register there).
import 'node:stream';

function pipeline(...streams) {
  return new Promise((resolve, reject) => {
    let signal;
    let end;
    const lastArg = streams[streams.length - 1];
    if (lastArg && typeof lastArg === 'object' &&
        !isNodeStream(lastArg) && !isIterable(lastArg) && !isWebStream(lastArg)) {
      const options = ArrayPrototypePop(streams);
      signal = options.signal;
      end = options.end;
    }

    pl(streams, (err, value) => {
      if (err) {
        reject(err);
      } else {
        resolve(value);
      }
    }, { signal, end });
  });
}

export { finished, pipeline };
export default { finished, pipeline };
