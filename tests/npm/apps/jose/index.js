// jose: signing and verifying an HS256 JWT (WebCrypto HMAC underneath).
import { SignJWT, jwtVerify, decodeProtectedHeader, errors } from 'jose';

const secret = new TextEncoder().encode('jose-test-secret-of-32-bytes!!!!');

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/sign') {
      // Fixed claims so the token is a known answer.
      const token = await new SignJWT({ role: 'admin', scope: ['read', 'write'] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(url.searchParams.get('sub') ?? 'alice')
        .setIssuer('urn:nanojs:test')
        .setIssuedAt(1700000000)
        .setExpirationTime(4102444800)
        .sign(secret);
      return new Response(token);
    }
    if (url.pathname === '/verify') {
      const token = url.searchParams.get('token') ?? '';
      try {
        const { payload, protectedHeader } = await jwtVerify(token, secret, {
          issuer: 'urn:nanojs:test',
          algorithms: ['HS256'],
        });
        return Response.json({ valid: true, payload, protectedHeader });
      } catch (e) {
        return Response.json(
          { valid: false, code: e.code, jose: e instanceof errors.JOSEError, header: safeHeader(token) },
          { status: 401 },
        );
      }
    }
    return new Response('not found', { status: 404 });
  },
};

function safeHeader(token) {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return null;
  }
}
