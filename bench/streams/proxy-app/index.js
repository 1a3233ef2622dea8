// A streaming proxy: fetch the upstream and stream its body to the client.
// Workers form for nanojs; deno serve and bun use the same handler.
export default {
  fetch(request, env) {
    const upstream = env?.UPSTREAM ?? globalThis.process?.env?.UPSTREAM ?? globalThis.Deno?.env.get('UPSTREAM');
    return fetch(upstream);
  },
};
