// A small tour: modules, top-level await, timers, web APIs.
import { greet } from './greet.js';

console.log(greet('nanojs'));

const url = new URL('https://example.com/search?q=edge&lang=en');
console.log('query:', url.searchParams.get('q'), '| path:', url.pathname);

const bytes = new TextEncoder().encode('héllo');
console.log('utf-8 bytes:', bytes);

const controller = new AbortController();
setTimeout(() => controller.abort(new Error('took too long')), 50);
await new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
console.log('aborted with:', controller.signal.reason.message);

console.log('clone:', structuredClone({ when: new Date(0), tags: new Set(['a', 'b']) }));
