// A Workers-style app: `nanojs serve examples/hello-app`, then
// `curl http://127.0.0.1:8080/hello?name=you`.
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/hello') {
      return Response.json({ hello: url.searchParams.get('name') ?? 'world' });
    }
    return new Response(`nanojs: try /hello?name=you (you asked for ${url.pathname})\n`, {
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  },
};
