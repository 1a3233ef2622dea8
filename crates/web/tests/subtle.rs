//! `crypto.subtle`: known-answer tests per algorithm (RFC and NIST vectors,
//! plus vectors made with Node's WebCrypto for RSA), round trips across key
//! formats, the errors the spec requires, and the interfaces themselves.

mod common;

const PRELUDE: &str = r#"
const subtle = crypto.subtle;
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
const utf8 = (s) => new TextEncoder().encode(s);
const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
// The name of the error `p` rejects with, or 'resolved'.
async function rejects(p) {
  try { await p; } catch (e) { return e.name; }
  return 'resolved';
}
"#;

/// Runs `body` after the shared asserts and this file's prelude.
fn check(body: &str) {
    common::check_with(PRELUDE, body);
}

#[test]
fn interfaces() {
    check(
        r#"
        is(crypto.subtle, crypto.subtle, 'one SubtleCrypto');
        is(crypto.subtle instanceof SubtleCrypto, true, 'instanceof');
        is(Object.prototype.toString.call(subtle), '[object SubtleCrypto]', 'class string');
        let threw = false;
        try { new SubtleCrypto(); } catch (e) { threw = e instanceof TypeError; }
        is(threw, true, 'SubtleCrypto: illegal constructor');
        threw = false;
        try { new CryptoKey(); } catch (e) { threw = e instanceof TypeError; }
        is(threw, true, 'CryptoKey: illegal constructor');
        const d = Object.getOwnPropertyDescriptor(Crypto.prototype, 'subtle');
        is(typeof d.get, 'function', 'subtle is a getter');
        is(d.enumerable, true, 'subtle is enumerable');
        const ops = ['encrypt', 'decrypt', 'sign', 'verify', 'digest', 'generateKey', 'deriveKey',
          'deriveBits', 'importKey', 'exportKey', 'wrapKey', 'unwrapKey'];
        const lengths = [3, 3, 3, 4, 2, 3, 5, 3, 5, 2, 4, 7];
        ops.forEach((op, i) => {
          const pd = Object.getOwnPropertyDescriptor(SubtleCrypto.prototype, op);
          is(pd.enumerable, true, `${op} enumerable`);
          is(pd.value.length, lengths[i], `${op}.length`);
        });
        for (const a of ['type', 'extractable', 'algorithm', 'usages']) {
          is(Object.getOwnPropertyDescriptor(CryptoKey.prototype, a).enumerable, true, `${a} enumerable`);
        }
        // Brand checks: a promise-returning method rejects; a getter throws.
        is(await rejects(SubtleCrypto.prototype.digest.call({}, 'SHA-256', new Uint8Array())),
          'TypeError', 'digest on a non-SubtleCrypto');
        threw = false;
        try { Object.getOwnPropertyDescriptor(CryptoKey.prototype, 'type').get.call({}); }
        catch (e) { threw = e instanceof TypeError; }
        is(threw, true, 'type getter brand check');
        // Too few arguments reject with a TypeError rather than throwing.
        is(await rejects(subtle.digest('SHA-256')), 'TypeError', 'missing argument');
        const key = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        is(key instanceof CryptoKey, true, 'key instanceof CryptoKey');
        is(key[Symbol.toStringTag], 'CryptoKey', 'key class string');
        is(key.algorithm, key.algorithm, 'algorithm is cached');
        is(key.usages, key.usages, 'usages is cached');
        // Nothing on the object reveals the key material.
        eq(Reflect.ownKeys(key), [], 'no own properties');
        "#,
    );
}

#[test]
fn digest_known_answers() {
    check(
        r#"
        const abc = utf8('abc');
        is(hex(await subtle.digest('SHA-1', abc)), 'a9993e364706816aba3e25717850c26c9cd0d89d', 'SHA-1');
        is(hex(await subtle.digest('sha-256', abc)),
          'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'SHA-256');
        is(hex(await subtle.digest({ name: 'SHA-384' }, abc)),
          'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
          'SHA-384');
        is(hex(await subtle.digest('SHA-512', abc.buffer)),
          'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
          'SHA-512');
        is(hex(await subtle.digest('SHA-256', new Uint8Array())),
          'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'empty');
        // One million 'a' (FIPS 180-2): large inputs run off the event loop.
        const million = new Uint8Array(1000000).fill(0x61);
        is(hex(await subtle.digest('SHA-256', million)),
          'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0', 'SHA-256 million a');
        is(hex(await subtle.digest('SHA-1', new DataView(million.buffer))),
          '34aa973cd4c4daa4f61eeb2bdbad27316534016f', 'SHA-1 million a');
        // Only the bytes a view covers are hashed.
        const padded = new Uint8Array([0, 0x61, 0x62, 0x63, 0]);
        is(hex(await subtle.digest('SHA-1', padded.subarray(1, 4))), 'a9993e364706816aba3e25717850c26c9cd0d89d', 'view');
        is(await rejects(subtle.digest('SHA-3', abc)), 'NotSupportedError', 'unknown hash');
        is(await rejects(subtle.digest('SHA-256', 'abc')), 'TypeError', 'not a BufferSource');
        "#,
    );
}

#[test]
fn hmac_rfc4231() {
    check(
        r#"
        const cases = [
          // RFC 4231 test cases 1 and 2.
          ['0b'.repeat(20), utf8('Hi There'), {
            'SHA-256': 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
            'SHA-512': '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
          }],
          [hex(utf8('Jefe')), utf8('what do ya want for nothing?'), {
            'SHA-256': '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
            'SHA-384': 'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
          }],
        ];
        for (const [key, data, macs] of cases) {
          for (const [hash, mac] of Object.entries(macs)) {
            const k = await subtle.importKey('raw', unhex(key), { name: 'HMAC', hash }, false, ['sign', 'verify']);
            is(hex(await subtle.sign('HMAC', k, data)), mac, `${hash} sign`);
            is(await subtle.verify('HMAC', k, unhex(mac), data), true, `${hash} verify`);
            const bad = unhex(mac); bad[0] ^= 1;
            is(await subtle.verify('HMAC', k, bad, data), false, `${hash} verify altered`);
            is(await subtle.verify('HMAC', k, unhex(mac).subarray(1), data), false, `${hash} verify short`);
          }
        }
        // Defaults and JWK.
        const g = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-384' }, true, ['sign']);
        is(g.algorithm.length, 1024, 'default length is the block size');
        eq(g.algorithm.hash, { name: 'SHA-384' }, 'hash');
        const jwk = await subtle.exportKey('jwk', g);
        eq([jwk.kty, jwk.alg, jwk.ext, jwk.key_ops], ['oct', 'HS384', true, ['sign']], 'jwk');
        const again = await subtle.importKey('jwk', jwk, { name: 'HMAC', hash: 'SHA-384' }, true, ['sign']);
        is(hex(await subtle.exportKey('raw', again)), hex(await subtle.exportKey('raw', g)), 'jwk round trip');
        is(await rejects(subtle.importKey('jwk', jwk, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign'])),
          'DataError', 'alg does not match the hash');
        const short = await subtle.importKey('raw', new Uint8Array(4), { name: 'HMAC', hash: 'SHA-1', length: 27 }, true, ['sign']);
        is(short.algorithm.length, 27, 'length within the last byte');
        is(await rejects(subtle.importKey('raw', new Uint8Array(4), { name: 'HMAC', hash: 'SHA-1', length: 24 }, true, ['sign'])),
          'DataError', 'length too short for the data');
        is(await rejects(subtle.importKey('raw', new Uint8Array(), { name: 'HMAC', hash: 'SHA-1' }, true, ['sign'])),
          'DataError', 'empty key');
        "#,
    );
}

#[test]
fn aes_ctr_and_cbc_sp800_38a() {
    check(
        r#"
        const key = unhex('2b7e151628aed2a6abf7158809cf4f3c');
        const plain = unhex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51'
          + '30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
        // F.5.1 CTR-AES128.Encrypt
        const ctr = await subtle.importKey('raw', key, 'AES-CTR', true, ['encrypt', 'decrypt']);
        const counter = unhex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
        const c = await subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, ctr, plain);
        is(hex(c), '874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff'
          + '5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee', 'CTR ciphertext');
        is(hex(await subtle.decrypt({ name: 'AES-CTR', counter, length: 64 }, ctr, c)), hex(plain), 'CTR decrypt');
        // A 4-bit counter wraps within the message (vector from Node's WebCrypto).
        is(hex(await subtle.encrypt({ name: 'AES-CTR', counter, length: 4 }, ctr, new Uint8Array(64))),
          'ec8cdf7398607cb0f2d21675ea9ea1e4e0c71f2e3ccaec91a85af9d25cb9030a'
          + 'b4daefd160a1b7c945d2812b976fea735cdd3f17b4af5a5c7fb99972af230051', 'CTR counter wrap');
        is(await rejects(subtle.encrypt({ name: 'AES-CTR', counter, length: 1 }, ctr, new Uint8Array(48))),
          'OperationError', 'counter would repeat');
        is(await rejects(subtle.encrypt({ name: 'AES-CTR', counter, length: 0 }, ctr, plain)),
          'OperationError', 'length 0');
        is(await rejects(subtle.encrypt({ name: 'AES-CTR', counter: new Uint8Array(8), length: 64 }, ctr, plain)),
          'OperationError', 'short counter');
        is(await rejects(subtle.encrypt({ name: 'AES-CTR', counter, length: 256 }, ctr, plain)),
          'TypeError', 'length is an octet');
        // F.2.1 CBC-AES128.Encrypt: WebCrypto adds a PKCS#7 block.
        const cbc = await subtle.importKey('raw', key, 'AES-CBC', false, ['encrypt', 'decrypt']);
        const iv = unhex('000102030405060708090a0b0c0d0e0f');
        const e = await subtle.encrypt({ name: 'AES-CBC', iv }, cbc, plain);
        is(e.byteLength, 80, 'padded length');
        is(hex(e.slice(0, 64)), '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2'
          + '73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7', 'CBC ciphertext');
        is(hex(await subtle.decrypt({ name: 'AES-CBC', iv }, cbc, e)), hex(plain), 'CBC decrypt');
        is(await rejects(subtle.decrypt({ name: 'AES-CBC', iv }, cbc, e.slice(0, 64))),
          'OperationError', 'bad padding');
        is(await rejects(subtle.decrypt({ name: 'AES-CBC', iv }, cbc, e.slice(0, 70))),
          'OperationError', 'not whole blocks');
        is(await rejects(subtle.encrypt({ name: 'AES-CBC' }, cbc, plain)), 'TypeError', 'missing iv');
        "#,
    );
}

#[test]
fn aes_gcm_vectors() {
    check(
        r#"
        // The GCM specification's test cases 2, 3, 4 and 6.
        const zero = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt', 'decrypt']);
        is(hex(await subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, zero, new Uint8Array(16))),
          '0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf', 'case 2');
        const key = await subtle.importKey('raw', unhex('feffe9928665731c6d6a8f9467308308'), 'AES-GCM', false, ['encrypt', 'decrypt']);
        const iv = unhex('cafebabefacedbaddecaf888');
        const p64 = unhex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72'
          + '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255');
        is(hex(await subtle.encrypt({ name: 'AES-GCM', iv }, key, p64)),
          '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e'
          + '21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985'
          + '4d5c2af327cd64a62cf35abd2ba6fab4', 'case 3');
        const p60 = p64.subarray(0, 60);
        const aad = unhex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
        const c4 = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, p60);
        is(hex(c4), '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e'
          + '21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091'
          + '5bc94fbc3221a5db94fae95ae7121a47', 'case 4');
        is(hex(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, c4)), hex(p60), 'case 4 decrypt');
        // A 96-bit tag is the first 12 bytes of the full one.
        is(hex(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 96 }, key, p60)),
          hex(c4).slice(0, -8), 'tagLength 96');
        const iv60 = unhex('9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728'
          + 'c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b');
        is(hex(await subtle.encrypt({ name: 'AES-GCM', iv: iv60, additionalData: aad }, key, p60)),
          '8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7'
          + '01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5'
          + '619cc5aefffe0bfa462af43c1699d050', 'case 6 (60-byte IV)');
        // Authentication failures.
        const bad = new Uint8Array(c4); bad[0] ^= 1;
        is(await rejects(subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, bad)), 'OperationError', 'altered ciphertext');
        is(await rejects(subtle.decrypt({ name: 'AES-GCM', iv }, key, c4)), 'OperationError', 'missing additional data');
        is(await rejects(subtle.decrypt({ name: 'AES-GCM', iv }, key, new Uint8Array(8))), 'OperationError', 'shorter than the tag');
        is(await rejects(subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 100 }, key, p60)), 'OperationError', 'bad tagLength');
        // Large inputs run off the event loop and round-trip.
        const big = crypto.getRandomValues(new Uint8Array(65536)).slice();
        const large = new Uint8Array(1 << 20);
        for (let i = 0; i < 16; i++) large.set(big, i * 65536);
        const c = await subtle.encrypt({ name: 'AES-GCM', iv }, key, large);
        is(c.byteLength, large.length + 16, 'large ciphertext length');
        is(hex(await subtle.digest('SHA-256', await subtle.decrypt({ name: 'AES-GCM', iv }, key, c))),
          hex(await subtle.digest('SHA-256', large)), 'large round trip');
        "#,
    );
}

#[test]
fn aes_kw_rfc3394() {
    check(
        r#"
        // RFC 3394 §4.1: 128-bit key data with a 128-bit KEK.
        const kek = await subtle.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
        const data = unhex('00112233445566778899aabbccddeeff');
        const key = await subtle.importKey('raw', data, 'AES-CBC', true, ['encrypt']);
        const wrapped = await subtle.wrapKey('raw', key, kek, 'AES-KW');
        is(hex(wrapped), '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5', 'wrapped');
        const back = await subtle.unwrapKey('raw', wrapped, kek, 'AES-KW', 'AES-CBC', true, ['decrypt']);
        is(hex(await subtle.exportKey('raw', back)), hex(data), 'unwrapped');
        eq(back.usages, ['decrypt'], 'usages');
        const bad = new Uint8Array(wrapped); bad[3] ^= 1;
        is(await rejects(subtle.unwrapKey('raw', bad, kek, 'AES-KW', 'AES-CBC', true, ['decrypt'])),
          'OperationError', 'integrity check');
        is(await rejects(subtle.encrypt('AES-KW', kek, data)), 'NotSupportedError', 'AES-KW cannot encrypt');
        // A JWK is not a multiple of 8 bytes long, in general.
        const hmac = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 200 }, true, ['sign']);
        is(await rejects(subtle.wrapKey('jwk', hmac, kek, 'AES-KW')), 'OperationError', 'unaligned data');
        "#,
    );
}

#[test]
fn ed25519_rfc8032() {
    check(
        r#"
        // RFC 8032 §7.1 TEST 1.
        const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
        const pub = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
        const sig = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
        const pkcs8 = unhex('302e020100300506032b657004220420' + seed);
        const priv = await subtle.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
        const pk = await subtle.importKey('raw', unhex(pub), { name: 'Ed25519' }, true, ['verify']);
        is(hex(await subtle.sign('Ed25519', priv, new Uint8Array())), sig, 'sign');
        is(await subtle.verify('Ed25519', pk, unhex(sig), new Uint8Array()), true, 'verify');
        is(await subtle.verify('Ed25519', pk, unhex(sig), new Uint8Array(1)), false, 'verify other data');
        is(await subtle.verify('Ed25519', pk, unhex(sig).subarray(1), new Uint8Array()), false, 'short signature');
        // Formats round-trip byte for byte.
        is(hex(await subtle.exportKey('pkcs8', priv)), hex(pkcs8), 'pkcs8');
        is(hex(await subtle.exportKey('spki', pk)), '302a300506032b6570032100' + pub, 'spki');
        const jwk = await subtle.exportKey('jwk', priv);
        eq([jwk.kty, jwk.crv, hex(b64(jwk.x.replace(/-/g, '+').replace(/_/g, '/')))], ['OKP', 'Ed25519', pub], 'jwk');
        const fromJwk = await subtle.importKey('jwk', jwk, 'Ed25519', false, ['sign']);
        is(hex(await subtle.sign('Ed25519', fromJwk, new Uint8Array())), sig, 'jwk round trip');
        is(await rejects(subtle.importKey('jwk', { ...jwk, x: jwk.x.replace(/^./, 'A') }, 'Ed25519', false, ['sign'])),
          'DataError', 'x does not match d');
        is(await rejects(subtle.importKey('raw', unhex(pub), 'Ed25519', true, ['sign'])), 'SyntaxError', 'public key cannot sign');
        is(await rejects(subtle.exportKey('raw', priv)), 'InvalidAccessError', 'raw export of a private key');
        "#,
    );
}

#[test]
fn x25519_rfc7748() {
    check(
        r#"
        // RFC 7748 §6.1.
        const alice = await subtle.importKey('pkcs8',
          unhex('302e020100300506032b656e04220420' + '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'),
          'X25519', true, ['deriveBits']);
        const bobPub = await subtle.importKey('raw',
          unhex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'), 'X25519', true, []);
        const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
        is(hex(await subtle.deriveBits({ name: 'X25519', public: bobPub }, alice, 256)), shared, 'shared secret');
        is(hex(await subtle.deriveBits({ name: 'X25519', public: bobPub }, alice, null)), shared, 'null length');
        is(hex(await subtle.deriveBits({ name: 'X25519', public: bobPub }, alice, 12)), '4a50', 'truncated to 12 bits');
        const alicePub = (await subtle.exportKey('jwk', alice)).x;
        is(alicePub, btoa(String.fromCharCode(...unhex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a')))
          .replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, ''), 'public key from the private key');
        is(await rejects(subtle.deriveBits({ name: 'X25519', public: bobPub }, alice, 512)), 'OperationError', 'too long');
        is(await rejects(subtle.deriveBits({ name: 'X25519', public: alice }, alice, 256)), 'InvalidAccessError', 'public is private');
        // A small-order point gives an all-zero secret: an OperationError.
        const small = await subtle.importKey('raw', new Uint8Array(32), 'X25519', true, []);
        is(await rejects(subtle.deriveBits({ name: 'X25519', public: small }, alice, 256)), 'OperationError', 'small order');
        is(await rejects(subtle.importKey('raw', new Uint8Array(32), 'X25519', true, ['deriveBits'])), 'SyntaxError', 'public usages');
        "#,
    );
}

#[test]
fn ed448_and_x448_rfc_vectors() {
    check(
        r#"
        // RFC 8032 §7.4, "Blank".
        const seed = '6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b';
        const pub = '5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180';
        const sig = '533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600';
        const pkcs8 = unhex('3047020100300506032b6571043b0439' + seed);
        const priv = await subtle.importKey('pkcs8', pkcs8, 'Ed448', true, ['sign']);
        const pk = await subtle.importKey('raw', unhex(pub), 'Ed448', true, ['verify']);
        is(hex(await subtle.sign('Ed448', priv, new Uint8Array())), sig, 'sign');
        is(await subtle.verify('Ed448', pk, unhex(sig), new Uint8Array()), true, 'verify');
        is(await subtle.verify({ name: 'Ed448', context: utf8('ctx') }, pk, unhex(sig), new Uint8Array()), false, 'other context');
        const withCtx = await subtle.sign({ name: 'Ed448', context: utf8('ctx') }, priv, utf8('m'));
        is(await subtle.verify({ name: 'Ed448', context: utf8('ctx') }, pk, withCtx, utf8('m')), true, 'context round trip');
        is(await rejects(subtle.sign({ name: 'Ed448', context: new Uint8Array(256) }, priv, utf8('m'))), 'OperationError', 'long context');
        is(hex(await subtle.exportKey('pkcs8', priv)), hex(pkcs8), 'pkcs8 round trip');
        is(hex(await subtle.exportKey('spki', pk)), '3043300506032b6571033a00' + pub, 'spki');
        // RFC 7748 §6.2.
        const alice = await subtle.importKey('pkcs8', unhex('3046020100300506032b656f043a0438'
          + '9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b'),
          'X448', true, ['deriveBits']);
        const bob = await subtle.importKey('raw', unhex('3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609'),
          'X448', true, []);
        is(hex(await subtle.deriveBits({ name: 'X448', public: bob }, alice, 448)),
          '07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d', 'X448 shared secret');
        const jwk = await subtle.exportKey('jwk', alice);
        eq([jwk.kty, jwk.crv], ['OKP', 'X448'], 'X448 jwk');
        is(hex(b64(jwk.x.replace(/-/g, '+').replace(/_/g, '/'))),
          '9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0', 'X448 public key');
        const kp = await subtle.generateKey('Ed448', false, ['sign', 'verify']);
        const s = await subtle.sign('Ed448', kp.privateKey, utf8('x'));
        is(await subtle.verify('Ed448', kp.publicKey, s, utf8('x')), true, 'generated Ed448');
        const x1 = await subtle.generateKey('X448', false, ['deriveBits']);
        const x2 = await subtle.generateKey('X448', false, ['deriveBits']);
        is(hex(await subtle.deriveBits({ name: 'X448', public: x2.publicKey }, x1.privateKey, null)),
          hex(await subtle.deriveBits({ name: 'X448', public: x1.publicKey }, x2.privateKey, null)), 'generated X448');
        is(await rejects(subtle.deriveBits({ name: 'X448', public: bob }, await subtle.generateKey('X25519', false, ['deriveBits']).then((k) => k.privateKey), 256)),
          'InvalidAccessError', 'X25519 base key with X448');
        "#,
    );
}

#[test]
fn hkdf_and_pbkdf2() {
    check(
        r#"
        // RFC 5869 A.1.
        const ikm = await subtle.importKey('raw', unhex('0b'.repeat(22)), 'HKDF', false, ['deriveBits', 'deriveKey']);
        const hkdf = { name: 'HKDF', hash: 'SHA-256', salt: unhex('000102030405060708090a0b0c'), info: unhex('f0f1f2f3f4f5f6f7f8f9') };
        is(hex(await subtle.deriveBits(hkdf, ikm, 42 * 8)),
          '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865', 'HKDF');
        is(await rejects(subtle.deriveBits(hkdf, ikm, null)), 'OperationError', 'HKDF null length');
        is(await rejects(subtle.deriveBits(hkdf, ikm, 255 * 32 * 8 + 8)), 'OperationError', 'HKDF too long');
        is(await rejects(subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array() }, ikm, 128)), 'TypeError', 'HKDF info required');
        // RFC 6070.
        const pw = await subtle.importKey('raw', utf8('password'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
        const expect = { 1: '0c60c80f961f0e71f3a9b524af6012062fe037a6', 2: 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957',
          4096: '4b007901b765489abead49d926f721d065a429c1' };
        for (const [iterations, out] of Object.entries(expect)) {
          is(hex(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-1', salt: utf8('salt'), iterations: +iterations }, pw, 160)),
            out, `PBKDF2 ${iterations}`);
        }
        is(await rejects(subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-1', salt: utf8('salt'), iterations: 0 }, pw, 160)),
          'OperationError', 'zero iterations');
        is(await rejects(subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-1', salt: utf8('salt'), iterations: 1 }, pw, 0)),
          'OperationError', 'zero length');
        is(await rejects(subtle.importKey('raw', utf8('x'), 'PBKDF2', true, ['deriveBits'])), 'SyntaxError', 'extractable');
        is(await rejects(subtle.importKey('jwk', {}, 'PBKDF2', false, ['deriveBits'])), 'NotSupportedError', 'jwk');
        is(await rejects(subtle.exportKey('raw', pw)), 'NotSupportedError', 'export');
        // deriveKey: PBKDF2 into an AES-GCM key, which then works.
        const aes = await subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: utf8('salt'), iterations: 1000 },
          pw, { name: 'AES-GCM', length: 256 }, true, ['encrypt']);
        eq(aes.algorithm, { name: 'AES-GCM', length: 256 }, 'derived key algorithm');
        is(hex(await subtle.exportKey('raw', aes)),
          hex(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: utf8('salt'), iterations: 1000 }, pw, 256)),
          'derived key material');
        const mac = await subtle.deriveKey(hkdf, ikm, { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
        is(mac.algorithm.length, 1024, 'HMAC key length defaults to the block size');
        is(await rejects(subtle.deriveKey(hkdf, ikm, { name: 'AES-GCM', length: 100 }, true, ['encrypt'])),
          'OperationError', 'bad AES length');
        is(await rejects(subtle.deriveKey(hkdf, ikm, { name: 'HKDF' }, false, ['deriveBits'])),
          'OperationError', 'HKDF has no key length');
        "#,
    );
}

#[test]
fn ecdsa_rfc6979_and_formats() {
    check(
        r#"
        // RFC 6979 A.2.5: P-256, SHA-256, message "sample".
        const jwk = {
          kty: 'EC', crv: 'P-256',
          x: 'YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y', y: 'eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk',
          d: 'ya-p2EW6dRZrXCFXZ7HWk05Qw9s26JsSe4piKxIPZyE',
        };
        const priv = await subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
        const { d, ...pubJwk } = jwk;
        const pub = await subtle.importKey('jwk', pubJwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
        const sig = unhex('efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716'
          + 'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8');
        const sample = utf8('sample');
        is(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig, sample), true, 'RFC 6979 signature');
        is(await subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, pub, sig, sample), false, 'other hash');
        is(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig, utf8('samplf')), false, 'other message');
        is(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig.subarray(2), sample), false, 'short signature');
        const mine = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, priv, sample);
        is(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, mine, sample), true, 'own signature');
        // Every curve and hash: generate, export in each format, import, sign, verify.
        for (const [curve, size] of [['P-256', 64], ['P-384', 96], ['P-521', 132]]) {
          const kp = await subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, ['sign', 'verify']);
          const pkcs8 = await subtle.exportKey('pkcs8', kp.privateKey);
          const spki = await subtle.exportKey('spki', kp.publicKey);
          const raw = await subtle.exportKey('raw', kp.publicKey);
          const pj = await subtle.exportKey('jwk', kp.privateKey);
          const alg = { name: 'ECDSA', namedCurve: curve };
          const privs = [await subtle.importKey('pkcs8', pkcs8, alg, true, ['sign']),
            await subtle.importKey('jwk', pj, alg, true, ['sign'])];
          const pubs = [await subtle.importKey('spki', spki, alg, true, ['verify']),
            await subtle.importKey('raw', raw, alg, true, ['verify'])];
          is(hex(await subtle.exportKey('pkcs8', privs[1])), hex(pkcs8), `${curve} jwk -> pkcs8`);
          is(hex(await subtle.exportKey('spki', pubs[1])), hex(spki), `${curve} raw -> spki`);
          for (const hash of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']) {
            for (const k of privs) {
              const s = await subtle.sign({ name: 'ECDSA', hash }, k, sample);
              is(s.byteLength, size, `${curve} signature size`);
              for (const p of pubs) {
                is(await subtle.verify({ name: 'ECDSA', hash }, p, s, sample), true, `${curve} ${hash} verify`);
              }
            }
          }
          is(await rejects(subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: curve === 'P-256' ? 'P-384' : 'P-256' }, true, ['verify'])),
            'DataError', `${curve} curve mismatch`);
        }
        is(await rejects(subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-192' }, true, ['sign'])), 'NotSupportedError', 'unknown curve');
        is(await rejects(subtle.importKey('raw', new Uint8Array(65), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])),
          'DataError', 'not a point');
        is(await rejects(subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pub, sample)), 'InvalidAccessError', 'sign with a public key');
        is(await rejects(subtle.sign({ name: 'ECDSA' }, priv, sample)), 'TypeError', 'missing hash');
        "#,
    );
}

#[test]
fn ecdh_agreement() {
    check(
        r#"
        for (const curve of ['P-256', 'P-384', 'P-521']) {
          const a = await subtle.generateKey({ name: 'ECDH', namedCurve: curve }, true, ['deriveBits', 'deriveKey']);
          const b = await subtle.generateKey({ name: 'ECDH', namedCurve: curve }, true, ['deriveBits']);
          eq(a.publicKey.usages, [], 'public ECDH keys have no usages');
          const ab = await subtle.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, null);
          const ba = await subtle.deriveBits({ name: 'ECDH', public: a.publicKey }, b.privateKey, null);
          is(hex(ab), hex(ba), `${curve} agreement`);
          is(ab.byteLength, { 'P-256': 32, 'P-384': 48, 'P-521': 66 }[curve], `${curve} secret size`);
          const key = await subtle.deriveKey({ name: 'ECDH', public: b.publicKey }, a.privateKey,
            { name: 'AES-KW', length: 128 }, true, ['wrapKey']);
          is(hex(await subtle.exportKey('raw', key)), hex(ab).slice(0, 32), `${curve} deriveKey`);
        }
        const p256 = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
        const p384 = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-384' }, true, ['deriveBits']);
        const ecdsa = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
        is(await rejects(subtle.deriveBits({ name: 'ECDH', public: p384.publicKey }, p256.privateKey, 128)),
          'InvalidAccessError', 'different curves');
        is(await rejects(subtle.deriveBits({ name: 'ECDH', public: ecdsa.publicKey }, p256.privateKey, 128)),
          'InvalidAccessError', 'ECDSA public key');
        is(await rejects(subtle.deriveBits({ name: 'ECDH', public: {} }, p256.privateKey, 128)), 'TypeError', 'not a CryptoKey');
        is(await rejects(subtle.deriveBits({ name: 'ECDH', public: p256.publicKey }, p256.privateKey, 264)),
          'OperationError', 'longer than the secret');
        "#,
    );
}

#[test]
fn rsa_vectors_from_node() {
    check(
        r#"
        // A 1024-bit key and outputs from Node 22's WebCrypto (OpenSSL).
        const pkcs8 = b64('MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAOSaTEuVs4JZHeYVdSUY1rcvyp/a2wzFornak50Alq4mRrNWWm4n0FRdUfIzbyFFecyd1LpDKqm6vBzW1eUjNwGdCz085yePr8HbYfvq8StI5pQho11Zz30WLFxKGsJ5U0OeLTi2oaKxthIgea6ywGBRtmOgO8k4X0eBL3/vXjrzAgMBAAECgYEAyygc2adGinasTYeQPdGfL9k3F20l8mnJPaX0PTkCr+2wMzxwzShwyijM5JO1FTprDd7N6GI8je43suFx4Vq0S/prsUky6yoGsaVvErcayMPbOOIVB0WhcMjZaXFsuRAtXEmkMp1IzVCSlFFA0YGJNvET6Bmly4GCPkjgCeq1G1ECQQD8QaRDvoJUY2Rb8Zxa6W8YSY7idi3aIj4C4eR+TKpNVvDn6YDtV/CYFF9KPXxRvK1mXQq5sbgdSDezn4RMBbHfAkEA5/7K6RaNWfPr3bEgX2+wK39CkQCuFbwBJqOJQE0qMrD05BkiNhYyKPakJeJydE6sqK8P7d8UH8kYmQbMIPRhbQJABvKT4J3FnydhozqjUMmvGp8kBU618pUQ2il4jpXz9s9XMTv4JhFO+hFNkpDg9Ktap0AWxIiFhqDvj83r6eAaRwJAfp2YsM4WJ1nxCPV67ZtPUu4JronoeQQ6vJPUfLugpDnf7f2ppktG5QR3YhXM0Z1+rjGdR/3QRejC/AGxtuqpoQJAE5q4x6Nouf1SRX+YJVbiOa82ml4A8ofgKHplxjtG56JhL14JO7lcjW82TkHTy5tNn5MOJ5aG2fITcLJYGyvzxQ==');
        const spki = b64('MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkmkxLlbOCWR3mFXUlGNa3L8qf2tsMxaK52pOdAJauJkazVlpuJ9BUXVHyM28hRXnMndS6Qyqpurwc1tXlIzcBnQs9POcnj6/B22H76vErSOaUIaNdWc99FixcShrCeVNDni04tqGisbYSIHmussBgUbZjoDvJOF9HgS9/71468wIDAQAB');
        const msg = utf8('nanojs webcrypto');
        const pkcs1 = await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
        eq([pkcs1.algorithm.modulusLength, Array.from(pkcs1.algorithm.publicExponent)], [1024, [1, 0, 1]], 'algorithm');
        // PKCS#1 v1.5 signatures are deterministic.
        is(hex(await subtle.sign('RSASSA-PKCS1-v1_5', pkcs1, msg)),
          '34d394fb12a6e79ede676925ede5472889d9731bdbb731e7a8ac8fa526bbc5ceabc3680386212d9bd4b3e844133b0aba7165181cb589c4cd7986cea88db33d41c48025f69c9bf47315a694e815020b0bbb03c38c6759b2001935c64125bd29681c62df1218adf2fb4c18c47912ae36a3332350ba863725bf3d5837526c328ed7',
          'PKCS#1 v1.5 signature');
        is(hex(await subtle.exportKey('pkcs8', pkcs1)), hex(pkcs8), 'pkcs8 round trip');
        const pss = await subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify']);
        const pssSig = unhex('216785d1c8b4fd779760b81c9d2687dcae59566ca8a59847ed54ccd545cf024b845c49d81b1f0d751589ce9a0e28f1fcc4e3feae9483df59e51fc6356bfec57f910e2b01b186158c57bf5dedce552f7fd686d362aeefc4b6448b61a46b980ade53073876444c5eb18cf4fbd4f9831c4eff813c7c05bf115af96cc8406b6496d4');
        is(await subtle.verify({ name: 'RSA-PSS', saltLength: 20 }, pss, pssSig, msg), true, 'PSS verify');
        is(await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, pss, pssSig, msg), false, 'PSS wrong salt length');
        is(hex(await subtle.exportKey('spki', pss)), hex(spki), 'spki round trip');
        // OAEP with a label that is not UTF-8.
        const oaep = await subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
        const label = new Uint8Array([0, 255, 1, 254]);
        const ct = unhex('57ab86980ca0d680d5b6e84744db56678342fa1a487adce64c9df38d5a59639f7faa6e931d433f063f4f2f2a3a1e2b5c2575e7cecb81e798ed0f34523d72031ac2d2f6d28b8778787bc9e9a90ee71c640a5350afc8d0be8385f819daba7cc02a6d303bf300b5b77d30b9bdc57cbb33077de3a4127ab857655d21245ecf625a43');
        is(new TextDecoder().decode(await subtle.decrypt({ name: 'RSA-OAEP', label }, oaep, ct)), 'nanojs webcrypto', 'OAEP decrypt');
        is(await rejects(subtle.decrypt({ name: 'RSA-OAEP' }, oaep, ct)), 'OperationError', 'OAEP wrong label');
        const oaepPub = await subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
        const mine = await subtle.encrypt({ name: 'RSA-OAEP', label }, oaepPub, msg);
        is(new TextDecoder().decode(await subtle.decrypt({ name: 'RSA-OAEP', label }, oaep, mine)), 'nanojs webcrypto', 'OAEP round trip');
        is(await rejects(subtle.encrypt({ name: 'RSA-OAEP' }, oaepPub, new Uint8Array(63))), 'OperationError', 'OAEP message too long');
        // JWK round trip: every private member is exported, and re-imports.
        const jwk = await subtle.exportKey('jwk', pkcs1);
        eq(['kty', 'alg', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].map((k) => typeof jwk[k]),
          Array(10).fill('string'), 'jwk members');
        is(jwk.alg, 'RS256', 'jwk alg');
        const fromJwk = await subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
        is(hex(await subtle.exportKey('pkcs8', fromJwk)), hex(pkcs8), 'jwk -> pkcs8');
        is(await rejects(subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }, true, ['sign'])),
          'DataError', 'alg does not match');
        is(await rejects(subtle.importKey('jwk', { ...jwk, dp: jwk.dq }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign'])),
          'DataError', 'inconsistent CRT values');
        is(await rejects(subtle.importKey('raw', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify'])),
          'NotSupportedError', 'raw RSA');
        "#,
    );
}

#[test]
fn rsa_generate_round_trip() {
    check(
        r#"
        const alg = { name: 'RSA-PSS', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
        const kp = await subtle.generateKey(alg, true, ['sign', 'verify']);
        eq(kp.privateKey.usages, ['sign'], 'private usages');
        eq(kp.publicKey.usages, ['verify'], 'public usages');
        is(kp.publicKey.algorithm.modulusLength, 1024, 'modulusLength');
        const jwk = await subtle.exportKey('jwk', kp.privateKey);
        is(jwk.alg, 'PS256', 'alg');
        const priv = await subtle.importKey('jwk', jwk, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
        const pub = await subtle.importKey('spki', await subtle.exportKey('spki', kp.publicKey), { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
        const data = utf8('round trip');
        const sig = await subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, priv, data);
        is(await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, pub, sig, data), true, 'verify');
        is(await rejects(subtle.sign({ name: 'RSA-PSS', saltLength: 1000 }, priv, data)), 'OperationError', 'salt too long');
        is(await rejects(subtle.generateKey({ ...alg, publicExponent: new Uint8Array([1, 0, 0]) }, true, ['sign'])),
          'OperationError', 'bad exponent');
        is(await rejects(subtle.generateKey({ ...alg, publicExponent: [1, 0, 1] }, true, ['sign'])),
          'TypeError', 'publicExponent must be a Uint8Array');
        is(await rejects(subtle.generateKey(alg, true, ['verify'])), 'SyntaxError', 'no private usage');
        is(await rejects(subtle.generateKey(alg, true, ['encrypt'])), 'SyntaxError', 'bad usage');
        "#,
    );
}

#[test]
fn wrap_and_unwrap() {
    check(
        r#"
        const target = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
        const raw = hex(await subtle.exportKey('raw', target));
        const gcm = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['wrapKey', 'unwrapKey']);
        const iv = crypto.getRandomValues(new Uint8Array(12));
        for (const format of ['raw', 'jwk']) {
          const wrapped = await subtle.wrapKey(format, target, gcm, { name: 'AES-GCM', iv });
          const back = await subtle.unwrapKey(format, wrapped, gcm, { name: 'AES-GCM', iv },
            { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
          is(back.extractable, false, `${format}: extractable as asked`);
          eq(back.usages, ['verify'], `${format}: usages as asked`);
          const sig = await subtle.sign('HMAC', target, utf8('x'));
          is(await subtle.verify('HMAC', back, sig, utf8('x')), true, `${format}: same key`);
        }
        // What a JWK wraps to: its JSON text.
        const both = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['wrapKey', 'decrypt']);
        const json = JSON.parse(new TextDecoder().decode(await subtle.decrypt({ name: 'AES-GCM', iv }, both,
          await subtle.wrapKey('jwk', target, both, { name: 'AES-GCM', iv }))));
        eq([json.kty, json.alg, json.ext, json.key_ops], ['oct', 'HS256', true, ['sign', 'verify']], 'wrapped JSON');
        // RSA-OAEP wraps an AES key.
        const kp = await subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' },
          false, ['wrapKey', 'unwrapKey']);
        const aes = await subtle.generateKey({ name: 'AES-CTR', length: 256 }, true, ['encrypt']);
        const w = await subtle.wrapKey('raw', aes, kp.publicKey, { name: 'RSA-OAEP' });
        const u = await subtle.unwrapKey('raw', w, kp.privateKey, 'RSA-OAEP', 'AES-CTR', true, ['encrypt']);
        is(hex(await subtle.exportKey('raw', u)), hex(await subtle.exportKey('raw', aes)), 'RSA-OAEP wrap');
        // Errors, in the spec's order.
        const secret = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
        is(await rejects(subtle.wrapKey('raw', secret, gcm, { name: 'AES-GCM', iv })), 'InvalidAccessError', 'not extractable');
        is(await rejects(subtle.wrapKey('raw', target, secret, { name: 'AES-GCM', iv })), 'InvalidAccessError', 'no wrapKey usage');
        is(await rejects(subtle.wrapKey('raw', target, gcm, { name: 'AES-CBC', iv: new Uint8Array(16) })), 'InvalidAccessError', 'algorithm mismatch');
        is(await rejects(subtle.wrapKey('spki', target, gcm, { name: 'AES-GCM', iv })), 'NotSupportedError', 'format');
        is(await rejects(subtle.wrapKey('raw', target, gcm, { name: 'AES-XYZ' })), 'NotSupportedError', 'unknown algorithm');
        // Unwrapped bytes that are not a JWK are a DataError.
        const notJson = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt', 'unwrapKey']);
        const junk = await subtle.encrypt({ name: 'AES-GCM', iv }, notJson, utf8('{not json'));
        is(await rejects(subtle.unwrapKey('jwk', junk, notJson, { name: 'AES-GCM', iv }, 'AES-GCM', true, ['encrypt'])),
          'DataError', 'not JSON');
        "#,
    );
}

#[test]
fn generic_errors() {
    check(
        r#"
        is(await rejects(subtle.generateKey('AES', true, ['encrypt'])), 'NotSupportedError', 'unknown name');
        is(await rejects(subtle.generateKey({ name: 'HMAC', hash: 'MD5' }, true, ['sign'])), 'NotSupportedError', 'unknown hash');
        is(await rejects(subtle.generateKey({ name: 'HMAC' }, true, ['sign'])), 'TypeError', 'missing hash');
        is(await rejects(subtle.generateKey({}, true, ['sign'])), 'TypeError', 'missing name');
        is(await rejects(subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, ['sign'])), 'SyntaxError', 'bad usage');
        is(await rejects(subtle.generateKey({ name: 'AES-GCM', length: 100 }, true, ['encrypt'])), 'OperationError', 'bad length');
        is(await rejects(subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, [])), 'SyntaxError', 'empty usages');
        is(await rejects(subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, ['bogus'])), 'TypeError', 'not a KeyUsage');
        is(await rejects(subtle.generateKey({ name: 'AES-GCM', length: -1 }, true, ['encrypt'])), 'TypeError', 'EnforceRange');
        is(await rejects(subtle.importKey('bogus', new Uint8Array(16), 'AES-GCM', true, ['encrypt'])), 'TypeError', 'not a KeyFormat');
        is(await rejects(subtle.importKey('raw', {}, 'AES-GCM', true, ['encrypt'])), 'TypeError', 'JWK for raw');
        is(await rejects(subtle.importKey('jwk', new Uint8Array(16), 'AES-GCM', true, ['encrypt'])), 'TypeError', 'bytes for jwk');
        is(await rejects(subtle.importKey('raw', new Uint8Array(15), 'AES-GCM', true, ['encrypt'])), 'DataError', 'bad AES length');
        is(await rejects(subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'A128CBC' }, 'AES-GCM', true, ['encrypt'])),
          'DataError', 'alg mismatch');
        is(await rejects(subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', ext: false }, 'AES-GCM', true, ['encrypt'])),
          'DataError', 'ext false but extractable');
        is(await rejects(subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', key_ops: ['decrypt'] }, 'AES-GCM', true, ['encrypt'])),
          'DataError', 'key_ops');
        is(await rejects(subtle.importKey('jwk', { kty: 'oct', k: '!!!' }, 'AES-GCM', true, ['encrypt'])), 'DataError', 'bad base64url');
        is(await rejects(subtle.importKey('jwk', { kty: 'EC', k: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'AES-GCM', true, ['encrypt'])), 'DataError', 'kty');
        const hmac = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        is(await rejects(subtle.verify('HMAC', hmac, new Uint8Array(32), new Uint8Array())), 'InvalidAccessError', 'missing usage');
        is(await rejects(subtle.sign('Ed25519', hmac, new Uint8Array())), 'InvalidAccessError', 'algorithm mismatch');
        is(await rejects(subtle.sign('HMAC', {}, new Uint8Array())), 'TypeError', 'not a CryptoKey');
        is(await rejects(subtle.exportKey('raw', hmac)), 'InvalidAccessError', 'not extractable');
        const sab = new Uint8Array(new SharedArrayBuffer(8));
        is(await rejects(subtle.digest('SHA-256', sab)), 'TypeError', 'shared buffer');
        // Algorithm names are matched ASCII case-insensitively.
        const k = await subtle.generateKey({ name: 'aes-gcm', length: 128 }, true, ['encrypt']);
        is(k.algorithm.name, 'AES-GCM', 'canonical name');
        is(await rejects(subtle.generateKey({ name: 'aes-gcm\u0131', length: 128 }, true, ['encrypt'])), 'NotSupportedError', 'non-ASCII');
        "#,
    );
}

#[test]
fn structured_clone_and_inspect() {
    let out = common::stdout(&format!(
        "{PRELUDE}\n{}",
        r#"
        const key = await subtle.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        const clone = structuredClone(key);
        console.log(clone instanceof CryptoKey, clone !== key, clone.algorithm !== key.algorithm);
        console.log(hex(await subtle.sign('HMAC', clone, new Uint8Array())) === hex(await subtle.sign('HMAC', key, new Uint8Array())));
        console.log(key);
        const kp = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
        console.log(kp.publicKey);
        "#
    ));
    assert_eq!(
        out,
        "true true true\ntrue\n\
         CryptoKey {\n  type: 'secret',\n  extractable: false,\n  algorithm: { name: 'HMAC', length: 256, hash: { name: 'SHA-256' } },\n  usages: [ 'sign' ]\n}\n\
         CryptoKey {\n  type: 'public',\n  extractable: true,\n  algorithm: { name: 'ECDSA', namedCurve: 'P-256' },\n  usages: []\n}\n"
    );
}

/// Slow operations run off the event loop: timers keep firing meanwhile.
#[test]
fn slow_operations_do_not_block_the_event_loop() {
    check(
        r#"
        const pw = await subtle.importKey('raw', utf8('password'), 'PBKDF2', false, ['deriveBits']);
        let ticks = 0;
        const timer = setInterval(() => { ticks++; }, 5);
        let done = false;
        const start = performance.now();
        const work = subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: utf8('salt'), iterations: 2000000 }, pw, 256)
          .then((bits) => { done = true; return bits; });
        // The promise is pending and JS runs on while the work proceeds.
        is(done, false, 'pending after the call');
        const bits = await work;
        clearInterval(timer);
        const elapsed = performance.now() - start;
        is(bits.byteLength, 32, 'result');
        // At least a few intervals fit in the time the derivation took.
        if (ticks < Math.min(3, Math.floor(elapsed / 20))) {
          throw new Error(`timer fired ${ticks} times in ${elapsed} ms`);
        }
        is(ticks > 0, true, 'timer fired while deriving');
        "#,
    );
}
