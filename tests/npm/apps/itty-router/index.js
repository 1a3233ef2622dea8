// itty-router: AutoRouter with route params, query, wildcards, a JSON body
// and its json/error/status helpers.
import { AutoRouter, error, json, status } from 'itty-router';

const items = new Map([['1', { id: '1', name: 'first' }]]);

const router = AutoRouter();
router
  .get('/', () => 'itty root')
  .get('/hello/:name', ({ name }) => `Hello, ${name}!`)
  .get('/items/:id/tags/:tag', ({ params, query }) => ({ params, query }))
  .get('/items/:id', ({ id }) => items.get(id) ?? error(404, `no item ${id}`))
  .post('/items', async (request) => {
    const body = await request.json();
    return json({ created: body, count: items.size + 1 }, { status: 201 });
  })
  .delete('/items/:id', () => status(204))
  .get('/files/*', ({ url }) => ({ path: new URL(url).pathname }));

export default {
  async fetch(request, env, ctx) {
    return router.fetch(request, env, ctx);
  },
};
