/** Client secrets: how a new one is made and how one read from a file or stdin is accepted. */
import { randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits) as URL-safe base64: 43 characters, safe in forms, headers and XML. */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export type SecretText = { ok: true; value: string } | { ok: false; problem: string };

/**
 * The longest secret accepted (a generated one has 43 characters). SHA-256-crypt hashes the secret
 * thousands of times, so its cost grows with the length: a megabyte "secret" would hang the hash.
 */
export const MAX_SECRET_LENGTH = 4096;
/** The most read from a secret file or standard input before giving up on it. */
export const MAX_SECRET_INPUT_BYTES = 64 * 1024;

/**
 * A secret as read from a file or standard input: one trailing line break is dropped (editors and
 * `echo` add one); anything else that cannot be part of a client secret is refused.
 */
export function secretFromText(text: string): SecretText {
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { ok: false, problem: 'is empty' };
  if (value.length > MAX_SECRET_LENGTH) return { ok: false, problem: `is longer than ${MAX_SECRET_LENGTH} characters, more than a client secret can be` };
  if (/[\r\n]/.test(value)) return { ok: false, problem: 'holds more than one line' };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) return { ok: false, problem: 'holds a control character' };
  return { ok: true, value };
}

/** `<client-id>.secret`, with characters that do not belong in a file name replaced by "_". */
export function secretFileName(clientId: string): string {
  return `${clientId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_')}.secret`;
}
