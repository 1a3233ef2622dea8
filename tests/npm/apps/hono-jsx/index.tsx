// A Hono app in TypeScript with JSX, as `npm create hono` makes one for
// Workers: tsconfig's jsxImportSource is hono/jsx, `@/` is a paths alias.
import { Hono } from 'hono';
import { Layout, List } from '@/components';

type Bindings = { GREETING?: string };

const app = new Hono<{ Bindings: Bindings }>();

enum Fruit {
  Apple = 'apple',
  Pear = 'pear',
}

app.get('/', (c) =>
  c.html(
    <Layout title="Fruits">
      <h1>{c.req.query('name') ?? 'fruits'} &amp; more</h1>
      <List items={[Fruit.Apple, Fruit.Pear, '<script>']} />
    </Layout>,
  ),
);

app.get('/api/:id', (c) => {
  const id: number = Number(c.req.param('id'));
  return c.json({ id, double: id * 2 });
});

export default app;
