/**
 * SHA-256-crypt (`$5$`), as glibc crypt(3) and `openssl passwd -5` compute it (Ulrich Drepper's
 * "Unix crypt using SHA-256 and SHA-512"). Curity's `sha-256-digest-string` stores client secrets in
 * this form (reference/curity.md §4).
 *
 * Written here rather than taken from npm: the one SHA-256 candidate there (unixcrypt 3.0.4)
 * hashes any secret whose length is a multiple of 32 bytes wrongly (its "remaining bytes" steps
 * skip a full last block), which test/sha256-crypt.test.ts pins against openssl.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEFAULT_ROUNDS = 5000;
export const MIN_ROUNDS = 1000;
export const MAX_ROUNDS = 999_999_999;
export const MAX_SALT_LENGTH = 16;

/** The crypt alphabet: salts and the encoded digest use only these characters. */
const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SALT_PATTERN = /^[./0-9A-Za-z]{1,16}$/;

/** `$5$salt$digest` or `$5$rounds=N$salt$digest`, as the tail-f type pattern allows it. */
const HASH_PATTERN = /^\$5\$(?:rounds=(\d+)\$)?([./0-9A-Za-z]{1,16})\$([./0-9A-Za-z]{43})$/;

export function isValidSalt(salt: string): boolean {
  return SALT_PATTERN.test(salt);
}

/**
 * Hashes `secret` (UTF-8) with `salt` (1–16 characters of the crypt alphabet). With `rounds`
 * the result carries `rounds=N$` (as openssl does whenever rounds are given); glibc clamps the
 * count to 1000…999999999 and so does this function.
 */
export function sha256Crypt(secret: string, salt: string, rounds?: number): string {
  if (!isValidSalt(salt)) throw new RangeError('salt must be 1 to 16 characters from [./0-9A-Za-z]');
  if (rounds !== undefined && !Number.isInteger(rounds)) throw new RangeError('rounds must be an integer');
  const count = rounds === undefined ? DEFAULT_ROUNDS : Math.min(MAX_ROUNDS, Math.max(MIN_ROUNDS, rounds));
  const digest = sha256CryptDigest(Buffer.from(secret, 'utf8'), Buffer.from(salt, 'ascii'), count);
  return `$5$${rounds === undefined ? '' : `rounds=${count}$`}${salt}$${digest}`;
}

export interface ParsedSha256CryptHash {
  salt: string;
  rounds?: number;
}

export function parseSha256CryptHash(hash: string): ParsedSha256CryptHash | undefined {
  const m = HASH_PATTERN.exec(hash);
  if (!m) return undefined;
  return m[1] === undefined ? { salt: m[2] } : { salt: m[2], rounds: Number(m[1]) };
}

/** True when `hash` is a `$5$` hash of `secret`; compares in constant time. */
export function verifySha256Crypt(secret: string, hash: string): boolean {
  const parsed = parseSha256CryptHash(hash);
  if (!parsed) return false;
  const expected = Buffer.from(sha256Crypt(secret, parsed.salt, parsed.rounds));
  const given = Buffer.from(hash);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A random 16-character salt; 64 divides 256, so masking a random byte is unbiased. */
export function randomSalt(length = MAX_SALT_LENGTH): string {
  return [...randomBytes(length)].map((byte) => ALPHABET[byte & 63]).join('');
}

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `length` bytes made of whole copies of `block` followed by the start of one more. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += block.length) block.copy(out, offset, 0, Math.min(block.length, length - offset));
  return out;
}

function sha256CryptDigest(key: Buffer, salt: Buffer, rounds: number): string {
  // Steps 4–8: digest B = H(key salt key).
  const b = sha256(key, salt, key);
  // Steps 1–3, 9–12: digest A = H(key salt B-bytes-for-each-key-byte, then one B or key per bit of the length).
  const a = createHash('sha256').update(key).update(salt).update(repeatTo(b, key.length));
  for (let n = key.length; n > 0; n >>= 1) a.update(n & 1 ? b : key);
  const digestA = a.digest();
  // Steps 13–16: P from H(key repeated key-length times).
  const p = repeatTo(sha256(...Array<Buffer>(key.length).fill(key)), key.length);
  // Steps 17–20: S from H(salt repeated 16 + A[0] times).
  const s = repeatTo(sha256(...Array<Buffer>(16 + digestA[0]).fill(salt)), salt.length);
  // Step 21: the rounds.
  let c = digestA;
  for (let i = 0; i < rounds; i++) {
    const h = createHash('sha256');
    h.update(i & 1 ? p : c);
    if (i % 3 !== 0) h.update(s);
    if (i % 7 !== 0) h.update(p);
    h.update(i & 1 ? c : p);
    c = h.digest();
  }
  return encodeDigest(c);
}

/** Step 22: the digest's bytes, permuted in groups of three, in the crypt alphabet (little end first). */
const BYTE_ORDER: readonly (readonly [number, number, number])[] = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14],
  [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29],
];

function encodeDigest(digest: Buffer): string {
  let out = '';
  const emit = (word: number, chars: number) => {
    for (let i = 0; i < chars; i++, word >>= 6) out += ALPHABET[word & 63];
  };
  for (const [hi, mid, lo] of BYTE_ORDER) emit((digest[hi] << 16) | (digest[mid] << 8) | digest[lo], 4);
  emit((digest[31] << 8) | digest[30], 3);
  return out;
}
