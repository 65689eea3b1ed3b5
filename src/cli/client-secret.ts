/**
 * Where the static client's secret comes from, settled before generation (generators never read
 * the disk): --secret-stdin, --secret-file, the <client-id>.secret already beside the XML, or a
 * new one. An existing XML hash that verifies against the secret is kept, so that running the
 * same command twice gives byte-identical files instead of a new random salt each time.
 * The plain secret is never printed; messages name only the file that holds it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MAX_SECRET_INPUT_BYTES, newClientSecret, secretFileName, secretFromText } from '../crypto/client-secret.js';
import { DEFAULT_ROUNDS, parseSha256CryptHash, randomSalt, sha256Crypt, verifySha256Crypt } from '../crypto/sha256-crypt.js';
import { describeFieldPath } from '../deployment/fields.js';
import type { Deployment } from '../deployment/model.js';
import { staticClientSettings } from '../deployment/static-client.js';
import { IoError, UsageError } from '../errors.js';
import { readFileBounded } from '../fsx/bounded-read.js';
import { describeIoError } from '../fsx/write-plan.js';
import { DEFAULT_MAX_FILE_BYTES, formatSize } from '../json/limits.js';
import type { ClientSecret } from '../generators/static-client.js';

export type SecretOrigin = 'new' | 'reused' | 'file' | 'stdin';

export interface SettledSecret extends ClientSecret {
  origin: SecretOrigin;
  /** Where <client-id>.secret is (or would be) written. */
  secretTarget: string;
  /** Where the supplied secret came from (--secret-file), for messages. */
  sourceFile?: string;
  /** The hash was taken over from the existing XML. */
  hashKept: boolean;
  notes: string[];
}

export interface SecretRequest {
  /** The XML file the hash goes into, when it is written to disk (read for a hash to keep). */
  xmlTarget?: string;
  /** The folder <client-id>.secret belongs in. */
  secretDir: string;
  /** --secret-stdin */
  fromStdin: boolean;
  readStdin: () => Promise<string>;
  cwd: string;
}

/** Undefined for a public client, which has no secret. */
export async function settleClientSecret(deployment: Deployment, request: SecretRequest): Promise<SettledSecret | undefined> {
  const client = staticClientSettings(deployment);
  if (client.public) {
    if (request.fromStdin) throw new UsageError(`--secret-stdin gives a secret, but the static client "${client.clientId}" is public and has none`);
    return undefined;
  }
  const secretTarget = path.join(request.secretDir, secretFileName(client.clientId));
  const notes: string[] = [];
  let value: string;
  let origin: SecretOrigin;
  let sourceFile: string | undefined;
  if (request.fromStdin) {
    if (client.secretFile !== undefined) throw new UsageError(`--secret-stdin and ${describeFieldPath(['staticClient', 'secretFile'])} both give the secret; use one`);
    value = accept(await request.readStdin(), 'the secret on standard input');
    origin = 'stdin';
  } else if (client.secretFile !== undefined) {
    sourceFile = path.resolve(request.cwd, client.secretFile);
    const text = await readSmallFile(sourceFile, MAX_SECRET_INPUT_BYTES, client.secretFile);
    if (text === undefined) throw new UsageError(`${describeFieldPath(['staticClient', 'secretFile'])} ${client.secretFile}: no such file`);
    value = accept(text, `the secret in ${client.secretFile}`);
    origin = 'file';
  } else {
    const existing = await readSmallFile(secretTarget, MAX_SECRET_INPUT_BYTES, secretTarget);
    if (existing !== undefined) {
      value = accept(existing, `${secretTarget} (delete it to get a new secret)`);
      origin = 'reused';
      notes.push(...(await permissionNotes(secretTarget)));
    } else {
      value = newClientSecret();
      origin = 'new';
    }
  }
  if (client.plaintextSecret && /^(\$|#\{)/.test(value)) {
    throw new UsageError(
      `${describeFieldPath(['staticClient', 'plaintextSecret'])}: a secret starting with "$" or "#{" would be read by Curity as a hash or a parameter; leave the secret hashed`,
    );
  }
  const kept = request.xmlTarget ? await existingHash(request.xmlTarget, client.clientId) : undefined;
  const hashKept = kept !== undefined && verifySha256Crypt(value, kept);
  const hash = hashKept ? (kept as string) : sha256Crypt(value, randomSalt());
  return { value, hash, writeFile: origin === 'new' || origin === 'reused', origin, secretTarget, sourceFile, hashKept, notes };
}

function accept(text: string, what: string): string {
  const checked = secretFromText(text);
  if (!checked.ok) throw new UsageError(`${what} ${checked.problem}`);
  return checked.value;
}

async function permissionNotes(file: string): Promise<string[]> {
  if (process.platform === 'win32') return [];
  try {
    const mode = (await fs.stat(file)).mode & 0o777;
    if (mode & 0o077) return [`${file} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${file}`];
  } catch (error) {
    throw new IoError(`Could not read ${file}: ${describeIoError(error)}`);
  }
  return [];
}

/** A file's text, undefined when it does not exist; a file over `maxBytes` (or not a file) is refused with exit 2. */
async function readSmallFile(file: string, maxBytes: number, shown: string): Promise<string | undefined> {
  let read;
  try {
    read = await readFileBounded(file, maxBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IoError(`Could not read ${file}: ${describeIoError(error)}`);
  }
  if (read.ok) return read.bytes.toString('utf8');
  if (read.tooLarge) throw new UsageError(`${shown} has more than ${formatSize(maxBytes)}, more than a file holding a client secret can have; it was not read`);
  throw new UsageError(`${shown} is not a regular file; a client secret is read from a file`);
}

/**
 * A hash with more rounds than mcpauth ever writes is not verified: an XML file crafted with
 * rounds=999999999 would otherwise keep the command busy for hours.
 */
const MAX_VERIFIED_ROUNDS = 10 * DEFAULT_ROUNDS;

/** The <secret> of `clientId` in an XML file written before, if it holds one. Never throws on bad XML. */
async function existingHash(xmlFile: string, clientId: string): Promise<string | undefined> {
  let text: string | undefined;
  try {
    text = await readSmallFile(xmlFile, DEFAULT_MAX_FILE_BYTES, xmlFile);
  } catch {
    return undefined; // not a file we wrote: nothing to keep
  }
  if (text === undefined) return undefined;
  const { XMLParser } = await import('fast-xml-parser');
  let tree: unknown;
  try {
    // A hash never holds an entity: with entities off, no DTD can make the parse expand anything.
    tree = new XMLParser({ parseTagValue: false, processEntities: false, isArray: () => true }).parse(text);
  } catch {
    return undefined;
  }
  const steps = ['config', 'profiles', 'profile', 'settings', 'authorization-server', 'client-store', 'config-backed', 'client'];
  let nodes: unknown[] = [tree];
  for (const step of steps) nodes = nodes.flatMap((node) => (node && typeof node === 'object' ? ((node as Record<string, unknown[]>)[step] ?? []) : []));
  for (const client of nodes as Record<string, unknown[]>[]) {
    const secret = client.secret?.[0];
    if (client.id?.[0] !== clientId || typeof secret !== 'string') continue;
    const rounds = parseSha256CryptHash(secret)?.rounds ?? DEFAULT_ROUNDS;
    return rounds <= MAX_VERIFIED_ROUNDS ? secret : undefined;
  }
  return undefined;
}

/** What to tell the user about the secret once the files are written (paths only, never the value). */
export function secretMessages(secret: SettledSecret | undefined, deployment: Deployment, shown: (file: string) => string, xmlFile: string): string[] {
  if (!secret) return [];
  const client = staticClientSettings(deployment);
  const messages = [...secret.notes];
  const where = {
    new: `a new client secret for "${client.clientId}" is in ${shown(secret.secretTarget)} (mode 0600); it is not printed anywhere`,
    reused: `the client secret for "${client.clientId}" in ${shown(secret.secretTarget)} was kept`,
    file: `the client secret for "${client.clientId}" was read from ${shown(secret.sourceFile ?? '')}`,
    stdin: `the client secret for "${client.clientId}" was read from standard input; mcpauth kept no copy of it`,
  }[secret.origin];
  messages.push(`${where[0].toUpperCase()}${where.slice(1)}.`);
  if (client.plaintextSecret) {
    messages.push(`warning: ${xmlFile} holds the secret itself (${describeFieldPath(['staticClient', 'plaintextSecret'])}), not its hash: keep that file private and out of version control.`);
  } else {
    messages.push(`${xmlFile} holds only its $5$ SHA-256-crypt hash.`);
  }
  return messages;
}
