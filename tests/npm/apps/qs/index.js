// qs (CommonJS, with a deep require graph: side-channel, get-intrinsic,
// object-inspect, ...): nested query strings both ways.
import qs from 'qs';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/parse') {
      const parsed = qs.parse(url.search.slice(1), { allowDots: true });
      return Response.json(parsed);
    }
    if (url.pathname === '/stringify') {
      const body = await request.json();
      return new Response(qs.stringify(body, { encodeValuesOnly: true, arrayFormat: 'brackets' }));
    }
    return new Response('not found', { status: 404 });
  },
};
