// uuid: random v4 ids and name-based v5 ids (known answers), plus validate
// and version.
import { v4 as uuidv4, v5 as uuidv5, validate, version, parse, stringify, NIL } from 'uuid';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/v4') {
      const n = Number(url.searchParams.get('n') ?? 1);
      const ids = Array.from({ length: n }, () => uuidv4());
      return Response.json({ ids, valid: ids.every(validate), versions: ids.map(version) });
    }
    if (url.pathname === '/v5') {
      const name = url.searchParams.get('name') ?? '';
      const ns = { url: uuidv5.URL, dns: uuidv5.DNS }[url.searchParams.get('ns') ?? 'dns'];
      const id = uuidv5(name, ns);
      return Response.json({ id, version: version(id), roundtrip: stringify(parse(id)) === id });
    }
    if (url.pathname === '/validate') {
      const id = url.searchParams.get('id') ?? '';
      return Response.json({ valid: validate(id), nil: id === NIL });
    }
    return new Response('not found', { status: 404 });
  },
};
