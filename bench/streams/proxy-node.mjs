// node: node:http + fetch (undici), streaming the upstream body to the
// client; one cluster worker per core (PROCS).
import cluster from 'node:cluster';
import http from 'node:http';
import { Readable } from 'node:stream';

const procs = Number(process.env.PROCS ?? 1);
if (cluster.isPrimary && procs > 1) {
  for (let i = 0; i < procs; i++) cluster.fork();
} else {
  const upstream = process.env.UPSTREAM;
  http.createServer(async (req, res) => {
    try {
      const r = await fetch(upstream);
      const headers = {};
      r.headers.forEach((v, k) => {
        if (k !== 'content-encoding' && k !== 'transfer-encoding') headers[k] = v;
      });
      res.writeHead(r.status, headers);
      Readable.fromWeb(r.body).pipe(res);
    } catch (e) {
      res.writeHead(502);
      res.end(String(e));
    }
  }).listen(Number(process.env.PORT), '127.0.0.1');
}
