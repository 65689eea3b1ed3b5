/**
 * Compares two output folders file by file. The one difference allowed is the salt of the
 * static client's $5$ hash, which is random by design: both hashes must verify the same secret.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { verifySha256Crypt } from '../../src/crypto/sha256-crypt.js';

const SECRET_ELEMENT = /<secret>([^<]*)<\/secret>/;

export interface Comparison {
  onlyLeft: string[];
  onlyRight: string[];
  differing: string[];
}

export function compareOutDirs(left: string, right: string): Comparison {
  const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => !f.includes('.bak')).sort() : []);
  const l = files(left);
  const r = files(right);
  const differing: string[] = [];
  for (const file of l.filter((f) => r.includes(f))) {
    const a = readFileSync(path.join(left, file));
    const b = readFileSync(path.join(right, file));
    if (a.equals(b)) continue;
    if (file.endsWith('.xml') && sameApartFromSalt(left, right, file)) continue;
    differing.push(file);
  }
  return { onlyLeft: l.filter((f) => !r.includes(f)), onlyRight: r.filter((f) => !l.includes(f)), differing };
}

function sameApartFromSalt(left: string, right: string, file: string): boolean {
  const a = readFileSync(path.join(left, file), 'utf8');
  const b = readFileSync(path.join(right, file), 'utf8');
  const ha = SECRET_ELEMENT.exec(a)?.[1];
  const hb = SECRET_ELEMENT.exec(b)?.[1];
  if (!ha || !hb || a.replace(SECRET_ELEMENT, '') !== b.replace(SECRET_ELEMENT, '')) return false;
  const secretFile = readdirSync(left).find((f) => f.endsWith('.secret'));
  if (!secretFile) return false;
  const secret = readFileSync(path.join(left, secretFile), 'utf8').replace(/\n$/, '');
  return secret === readFileSync(path.join(right, secretFile), 'utf8').replace(/\n$/, '') && verifySha256Crypt(secret, ha) && verifySha256Crypt(secret, hb);
}
