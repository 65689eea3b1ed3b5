/** In-process validation for rule tests, and the PEM files that CA fixtures point at. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { thisPlatform } from '../../src/deployment/platform.js';
import { runValidation } from '../../src/validate/engine.js';
import type { Finding, ValidateOptions, ValidationResult } from '../../src/validate/types.js';
import { tempDir } from '../helpers/cli.js';
import { makeCa, makeServerCert } from '../helpers/pki.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'validate');

export function options(overrides: Partial<ValidateOptions> = {}): ValidateOptions {
  return { platform: thisPlatform(), offline: false, cwd: FIXTURES, ...overrides };
}

/** Checks text as if it were a file with this name (named on the command line). */
export async function validateText(text: string, name = 'input.json', overrides: Partial<ValidateOptions> = {}): Promise<ValidationResult> {
  return runValidation([{ kind: 'stdin', display: name }], options({ ...overrides, readStdin: async () => text }));
}

export function ids(findings: Finding[]): string[] {
  return findings.map((f) => f.ruleId);
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

/**
 * A folder with the files the `__TMP__` placeholders of fixtures name: a CA, a server certificate
 * (not a CA), an expired CA, a CA that expires in ten days, and a client-metadata file.
 */
export async function makeReferencedFiles(): Promise<string> {
  const dir = tempDir('mcpauth-validate-');
  mkdirSync(dir, { recursive: true });
  const day = 86_400_000;
  const ca = await makeCa();
  writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
  writeFileSync(path.join(dir, 'leaf.pem'), (await makeServerCert(ca)).certPem);
  writeFileSync(path.join(dir, 'expired.pem'), (await makeCa({ notBefore: new Date(Date.now() - 400 * day), notAfter: new Date(Date.now() - 2 * day) })).certPem);
  writeFileSync(path.join(dir, 'soon.pem'), (await makeCa({ notAfter: new Date(Date.now() + 10 * day) })).certPem);
  writeFileSync(path.join(dir, 'garbage.pem'), 'not a certificate\n');
  writeFileSync(path.join(dir, 'client-metadata.json'), `${JSON.stringify({ client_name: 'Claude (demo)', scope: 'stocks/read' }, null, 2)}\n`);
  return dir;
}

/** Replaces __TMP__ in a fixture by a folder, JSON-escaped. */
export function withTmp(text: string, dir: string): string {
  return text.replace(/__TMP__/g, JSON.stringify(dir).slice(1, -1));
}
