// marked: renders a fixed markdown document (GFM) to HTML.
import { marked } from 'marked';

const doc = `# Title

Some *emphasis*, **strong** and \`code\`, with a [link](https://example.com "Ex").

- one
- two
  - nested

1. first
2. second

> quoted
> text

\`\`\`js
const x = 1 < 2;
\`\`\`

| a | b |
|---|:-:|
| 1 | 2 |

~~gone~~ and a line  
break.
`;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/inline') {
      return new Response(marked.parseInline(url.searchParams.get('md') ?? ''));
    }
    if (request.method === 'POST') {
      return new Response(marked.parse(await request.text()), { headers: { 'content-type': 'text/html' } });
    }
    return new Response(marked.parse(doc), { headers: { 'content-type': 'text/html' } });
  },
};
