import jwt from 'jsonwebtoken';
import bcrypt from 'bcryptjs';
import YAML from 'yaml';
import Ajv from 'ajv';
import dayjs from 'dayjs';
import { LRUCache } from 'lru-cache';
import { XMLParser, XMLBuilder } from 'fast-xml-parser';
import mime from 'mime';
import semver from 'semver';
import { v5 as uuidv5 } from 'uuid';
import ms from 'ms';
import createDebug from 'debug';
import { Readable, Transform } from 'readable-stream';
import { Buffer as SafeBuffer } from 'safe-buffer';
import iconv from 'iconv-lite';

const out = [];
const log = (...a) => out.push(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));

const token = jwt.sign({ sub: 'u1', iat: 1700000000 }, 'secret', { algorithm: 'HS256', expiresIn: '1h' });
log('jwt', token);
log('jwt verify', jwt.verify(token, 'secret', { clockTimestamp: 1700000100 }));
try { jwt.verify(token, 'wrong'); } catch (e) { log('jwt bad', e.name, e.message); }
log('jwt decode', jwt.decode(token, { complete: true }).header);

const salt = bcrypt.genSaltSync(4);
const hash = bcrypt.hashSync('pw', salt);
log('bcrypt', bcrypt.compareSync('pw', hash), bcrypt.compareSync('no', hash), hash.length);
log('bcrypt fixed', bcrypt.hashSync('pw', '$2a$04$abcdefghijklmnopqrstuu'));

log('yaml', YAML.parse('a: 1\nb:\n  - x\n  - y\nc: {d: true}\n'), YAML.stringify({ k: [1, { z: 'q' }] }));
const ajv = new Ajv();
const validate = ajv.compile({ type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, required: ['n'] });
log('ajv', validate({ n: 2 }), validate({ n: 0 }), validate.errors?.[0]?.message);
log('dayjs', dayjs('2024-02-29T12:00:00Z').add(1, 'year').toISOString(), dayjs('2024-01-01').format('YYYY/MM/DD'));
const cache = new LRUCache({ max: 2 });
cache.set('a', 1); cache.set('b', 2); cache.get('a'); cache.set('c', 3);
log('lru', [...cache.keys()]);
const xml = new XMLParser({ ignoreAttributes: false }).parse('<r a="1"><i>x</i><i>y</i></r>');
log('xml', xml, new XMLBuilder({}).build({ r: { i: ['x', 'y'] } }));
log('mime', mime.getType('a.json'), mime.getExtension('text/html'));
log('semver', semver.satisfies('1.2.3', '^1.0.0'), semver.inc('1.2.3', 'minor'), semver.compare('2.0.0', '10.0.0'));
log('uuid5', uuidv5('hello', uuidv5.URL));
log('ms', ms('2h'), ms(90000), ms(60000, { long: true }));
const d = createDebug('x');
log('debug', typeof d, d.enabled);
const chunks = [];
await new Promise((resolve, reject) => {
  Readable.from(['a', 'b', 'c'])
    .pipe(new Transform({ transform(c, e, cb) { cb(null, String(c).toUpperCase()); } }))
    .on('data', (c) => chunks.push(String(c)))
    .on('end', resolve).on('error', reject);
});
log('readable-stream', chunks.join(''));
log('safe-buffer', SafeBuffer.from('hi').toString('base64'), SafeBuffer.alloc(2).length);
log('iconv', iconv.decode(Buffer.from([0xe9, 0x74, 0xe9]), 'latin1'), iconv.encode('é', 'utf16le').toString('hex'), iconv.decode(Buffer.from([0x82, 0xa0]), 'Shift_JIS'));
console.log(out.join('\n'));
