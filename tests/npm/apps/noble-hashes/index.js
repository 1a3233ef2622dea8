// @noble/hashes: SHA-256 (one shot and incremental), SHA-512, SHA3-256 and
// HMAC-SHA256 known answers.
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { hmac } from '@noble/hashes/hmac.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const input = url.searchParams.get('s') ?? 'abc';
    const inc = sha256.create();
    for (const part of input.split('')) inc.update(utf8ToBytes(part));
    return Response.json({
      sha256: bytesToHex(sha256(utf8ToBytes(input))),
      sha256Incremental: bytesToHex(inc.digest()),
      sha512: bytesToHex(sha512(utf8ToBytes(input))),
      sha3_256: bytesToHex(sha3_256(utf8ToBytes(input))),
      hmac: bytesToHex(hmac(sha256, utf8ToBytes('key'), utf8ToBytes(input))),
    });
  },
};
