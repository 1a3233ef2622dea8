// cookie (CommonJS): parse the Cookie header, serialize Set-Cookie.
import * as cookie from 'cookie';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/parse') {
      return Response.json(cookie.parse(request.headers.get('cookie') ?? ''));
    }
    if (url.pathname === '/set') {
      const headers = new Headers();
      headers.append(
        'set-cookie',
        cookie.serialize('session', 'a b;c', {
          httpOnly: true,
          secure: true,
          sameSite: 'lax',
          path: '/',
          maxAge: 3600,
        }),
      );
      headers.append(
        'set-cookie',
        cookie.serialize('theme', 'dark', { expires: new Date(Date.UTC(2030, 0, 1)), domain: 'example.com' }),
      );
      return new Response('set', { headers });
    }
    return new Response('not found', { status: 404 });
  },
};
