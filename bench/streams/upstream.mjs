// The proxy benchmark's upstream (node:http): answers every request with
// SIZE_KB KiB of bytes from one preallocated buffer, with Content-Length.
import http from 'node:http';

const size = Number(process.env.SIZE_KB ?? 1024) * 1024;
const body = Buffer.alloc(size, 'x');
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
