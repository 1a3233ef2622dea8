// nanoid: default ids, sized ids and a custom alphabet.
import { nanoid, customAlphabet, urlAlphabet } from 'nanoid';

const hexId = customAlphabet('0123456789abcdef', 12);

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const size = url.searchParams.has('size') ? Number(url.searchParams.get('size')) : undefined;
    const ids = Array.from({ length: 8 }, () => (url.pathname === '/hex' ? hexId() : nanoid(size)));
    return Response.json({ ids, unique: new Set(ids).size, alphabetLength: urlAlphabet.length });
  },
};
