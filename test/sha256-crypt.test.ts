/**
 * SHA-256-crypt against vectors made with `openssl passwd -5 -salt SALT SECRET` (OpenSSL 3.0.19).
 * The length cases (31, 32, 33, 64, 100 bytes) cover the block arithmetic that the npm package
 * unixcrypt gets wrong for lengths that are a multiple of 32.
 */
import { parseSha256CryptHash, randomSalt, sha256Crypt, verifySha256Crypt } from '../src/crypto/sha256-crypt.js';

const OPENSSL_VECTORS: [secret: string, salt: string, rounds: number | undefined, hash: string][] = [
  // The hashes in the Curity MCP example's configuration (both of "Password1").
  ['Password1', '7zfl3Bsen5f/vJsr', undefined, '$5$7zfl3Bsen5f/vJsr$fBiHnGCiDh8dh.E7XHzVgRRlSnD18dqBtHxtKAn6Q45'],
  ['Password1', '4VcWtNqulwJgD7Zw', undefined, '$5$4VcWtNqulwJgD7Zw$419nONvuY5nMFnyA7nYmrdhYE5wp1dP/ZPeeE1U3WAA'],
  ['Hello world!', 'saltstring', undefined, '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
  ['Hello world!', 'saltstringsaltst', 10000, '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA'],
  ['Hello world!', 'toolongsaltstrin', 5000, '$5$rounds=5000$toolongsaltstrin$0vuwUia3Nx9V/DqToMS8YLcfXpEXmSaC8wgguLIbus2'],
  ['a', 'x', undefined, '$5$x$85aGabM7xSEYcp0wkefjwtqWAYi1Rrq3b01Gtllmmh7'],
  ['c'.repeat(31), 'len31', undefined, '$5$len31$I/X5SjubiTyIIlhLuLlVGKkE41tUFstkYMO36N.o3bC'],
  ['a'.repeat(32), 'len32', undefined, '$5$len32$NH9BzSSZLs3V1yRSXO04GZD9aAjjThRwjlUaNvUtGa/'],
  ['d'.repeat(33), 'len33', undefined, '$5$len33$1MwBBZ1rMthngYfUCFLdeExobf3Tr4tyugUpJFJBAD4'],
  ['b'.repeat(64), 'len64', undefined, '$5$len64$uuNaEbwd1qr/i5UzmiXIr9pJBAbXsmk9EtOfipYyBb8'],
  ['e'.repeat(100), 'len100', undefined, '$5$len100$p8Byd.IWtV46Wn34y1PSvQxoeFGKkNsrDGxDLMnPAn9'],
  ['pässwörd €', 'unicode', undefined, '$5$unicode$uWoxS9XTgIj9LGh4TpD8HCrYhQFgyX3cUPTASnmcgn1'],
  ['we have a short salt string but not a short password', 'short', 77777, '$5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/'],
  ['a short string', 'asaltof16chars..', 123456, '$5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD'],
  ['secret', 'abc', 1000, '$5$rounds=1000$abc$Mz4DiYKTnNKbZLo/mIp3d8Y4aQBhv3uhSwxLDy55/Y8'],
  ['Zxcv-1234_abcdABCDefgh5678ijklMNOPqrst9012', 'ABCDEFGHabcdefgh', undefined, '$5$ABCDEFGHabcdefgh$UnYF1Jp1jXyicTTA2y9BI3CQCCbvCxJR7sYI4LkMTa7'],
];

test.each(OPENSSL_VECTORS)('%j with salt %s and rounds %s gives the openssl hash', (secret, salt, rounds, hash) => {
  expect(sha256Crypt(secret, salt, rounds)).toBe(hash);
  expect(verifySha256Crypt(secret, hash)).toBe(true);
  expect(verifySha256Crypt(`${secret}x`, hash)).toBe(false);
});

test('rounds below the minimum are raised to 1000, as glibc and openssl do', () => {
  expect(sha256Crypt('the minimum number is still observed', 'roundstoolow', 10)).toBe('$5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC');
});

test('explicit default rounds are written out, as openssl does', () => {
  expect(sha256Crypt('x', 'five', 5000)).toBe('$5$rounds=5000$five$vcg8Siaj54OgV3yKjxOknIQ1Bg6qezXiuC.ot20BnT1');
});

test('bad salts are refused rather than silently changed', () => {
  expect(() => sha256Crypt('x', '')).toThrow(/salt/);
  expect(() => sha256Crypt('x', 'has space')).toThrow(/salt/);
  expect(() => sha256Crypt('x', 'seventeen-chars-x')).toThrow(/salt/);
  expect(() => sha256Crypt('x', 'a$b')).toThrow(/salt/);
});

test('random salts are 16 characters of the crypt alphabet and differ', () => {
  const salts = new Set(Array.from({ length: 50 }, () => randomSalt()));
  expect(salts.size).toBe(50);
  for (const salt of salts) expect(salt).toMatch(/^[./0-9A-Za-z]{16}$/);
});

test('only $5$ hashes in the tail-f pattern parse', () => {
  expect(parseSha256CryptHash('$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA')).toEqual({ salt: 'saltstringsaltst', rounds: 10000 });
  expect(parseSha256CryptHash('$6$abc$def')).toBeUndefined();
  expect(parseSha256CryptHash('§5§abc§def')).toBeUndefined();
  expect(parseSha256CryptHash('my-client-secret')).toBeUndefined();
  expect(verifySha256Crypt('my-client-secret', 'my-client-secret')).toBe(false);
});
