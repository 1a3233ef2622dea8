// zod: a schema parsing a JSON request body; valid input gives the parsed
// (coerced, defaulted, stripped) data, invalid input the issues.
import { z } from 'zod';

const User = z.object({
  name: z.string().min(2),
  age: z.number().int().nonnegative(),
  email: z.string().email(),
  role: z.enum(['admin', 'user']).default('user'),
  tags: z.array(z.string()).max(3).optional(),
  joined: z.coerce.date(),
});

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== '/users' || request.method !== 'POST') {
      return new Response('not found', { status: 404 });
    }
    let body;
    try {
      body = await request.json();
    } catch {
      return Response.json({ error: 'invalid JSON' }, { status: 400 });
    }
    const result = User.safeParse(body);
    if (!result.success) {
      const issues = result.error.issues.map(({ code, path, message }) => ({ code, path, message }));
      return Response.json({ issues }, { status: 400 });
    }
    return Response.json({ user: result.data, joinedYear: result.data.joined.getUTCFullYear() });
  },
};
