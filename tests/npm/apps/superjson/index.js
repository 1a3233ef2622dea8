// superjson: round-trips Date, Map, Set, BigInt, undefined and RegExp.
import superjson from 'superjson';

const sample = () => ({
  when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
  counts: new Map([
    ['a', 1],
    ['b', 2],
  ]),
  tags: new Set(['x', 'y']),
  big: 12345678901234567890n,
  nothing: undefined,
  re: /ab+c/gi,
});

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/serialize') {
      return new Response(superjson.stringify(sample()), { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/parse' && request.method === 'POST') {
      const v = superjson.parse(await request.text());
      return Response.json({
        whenIsDate: v.when instanceof Date,
        whenIso: v.when.toISOString(),
        countsIsMap: v.counts instanceof Map,
        countsB: v.counts.get('b'),
        tagsIsSet: v.tags instanceof Set,
        hasY: v.tags.has('y'),
        bigType: typeof v.big,
        bigPlusOne: (v.big + 1n).toString(),
        hasNothing: 'nothing' in v && v.nothing === undefined,
        re: v.re instanceof RegExp ? v.re.toString() : null,
      });
    }
    return new Response('not found', { status: 404 });
  },
};
