// The hello-world handler every runtime serves (nanojs, deno, bun, workerd).
export default { fetch() { return new Response('Hello World') } }
