// node: the equivalent minimal handler on node:http. One process per core,
// all listening on the same port with SO_REUSEPORT (reusePort, node >= 22.12),
// like nanojs's workers; NODE_PROCS=1 runs a single process.
const http = require('node:http');
const port = Number(process.env.PORT);
http
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' });
    res.end('Hello World');
  })
  .listen({ port, host: '127.0.0.1', reusePort: true });
