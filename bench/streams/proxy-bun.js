// bun: the same proxy handler under Bun.serve (one process per core, reusePort).
import app from './proxy-app/index.js';

Bun.serve({ port: Number(process.env.PORT), hostname: '127.0.0.1', reusePort: true, fetch: (req) => app.fetch(req) });
