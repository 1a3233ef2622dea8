// bun: the shared handler on Bun.serve with reusePort, so several bun
// processes can share the port (one per core), like nanojs's workers.
import handler from './app/index.js';
Bun.serve({ port: Number(process.env.PORT), hostname: '127.0.0.1', reusePort: true, fetch: handler.fetch });
