// hono: routing, params and query, JSON bodies, and the cors, etag, jwt,
// basic-auth and SSE streaming helpers, imported as hono's README shows.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { jwt, sign } from 'hono/jwt';
import { basicAuth } from 'hono/basic-auth';
import { streamSSE } from 'hono/streaming';
import { HTTPException } from 'hono/http-exception';

const SECRET = 'hono-test-secret';

const app = new Hono();

app.get('/', (c) => c.text('hono root'));
app.get('/users/:id', (c) =>
  c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null, ua: c.req.header('x-test') ?? null }),
);
app.get('/files/*', (c) => c.text(`file ${c.req.path}`));
app.post('/echo', async (c) => {
  const body = await c.req.json();
  return c.json({ received: body, type: c.req.header('content-type') }, 201);
});

const api = new Hono();
api.use('*', cors({ origin: 'https://example.com', allowMethods: ['GET', 'POST'], maxAge: 600 }));
api.get('/data', (c) => c.json({ ok: true }));
app.route('/api', api);

app.use('/etag/*', etag());
app.get('/etag/doc', (c) => c.text('a stable document body'));

// A token with fixed claims, so its bytes are a known answer.
app.get('/token', async (c) =>
  c.text(await sign({ sub: 'alice', role: 'admin', iat: 1700000000, exp: 4102444800 }, SECRET, 'HS256')),
);
app.use('/private/*', jwt({ secret: SECRET, alg: 'HS256' }));
app.get('/private/me', (c) => c.json(c.get('jwtPayload')));

app.use('/admin/*', basicAuth({ username: 'admin', password: 's3cret' }));
app.get('/admin/panel', (c) => c.text('welcome, admin'));

app.get('/sse', (c) =>
  streamSSE(c, async (stream) => {
    for (let i = 0; i < 3; i++) {
      await stream.writeSSE({ event: 'tick', id: String(i), data: `tick ${i}` });
    }
  }),
);

app.onError((err, c) =>
  err instanceof HTTPException ? err.getResponse() : c.text(`error: ${err.message}`, 500),
);
app.notFound((c) => c.text('no such route', 404));

export default {
  async fetch(request, env, ctx) {
    return app.fetch(request, env, ctx);
  },
};
