/**
 * The files a checked file refers to (the CA certificate, an @file of client metadata), read once
 * per run however many rules ask. Only used when the target is this computer and not --offline.
 */
import { promises as fs } from 'node:fs';
import { inspectPemFile, type PemInspection } from '../deployment/ca-cert.js';
import { parseStrictJson } from '../json/strict.js';

export type JsonFileRead =
  | { ok: true; text: string; value: unknown }
  | { ok: false; problem: string };

export interface DiskAccess {
  inspectPem(file: string): Promise<PemInspection>;
  /** Reads a JSON file as mcp-remote does (readFile + JSON.parse); never throws. */
  readJson(file: string): Promise<JsonFileRead>;
}

const MAX_REFERENCED_BYTES = 1024 * 1024;

export function createDiskAccess(): DiskAccess {
  const pems = new Map<string, Promise<PemInspection>>();
  const jsons = new Map<string, Promise<JsonFileRead>>();
  return {
    inspectPem(file) {
      if (!pems.has(file)) pems.set(file, inspectPemFile(file));
      return pems.get(file)!;
    },
    readJson(file) {
      if (!jsons.has(file)) jsons.set(file, readJson(file));
      return jsons.get(file)!;
    },
  };
}

async function readJson(file: string): Promise<JsonFileRead> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { ok: false, problem: 'is not a file' };
    if (stat.size > MAX_REFERENCED_BYTES) return { ok: false, problem: 'is larger than 1 MiB' };
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problem: 'does not exist' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, problem: 'cannot be read (permission denied)' };
    return { ok: false, problem: `cannot be read (${code ?? 'unknown error'})` };
  }
  let parsed: ReturnType<typeof parseStrictJson>;
  try {
    parsed = parseStrictJson(text);
  } catch {
    return { ok: false, problem: 'is not valid JSON (nesting too deep)' };
  }
  if (!parsed.ok) return { ok: false, problem: `is not valid JSON (line ${parsed.line}, column ${parsed.column}: ${parsed.message})` };
  return { ok: true, text, value: parsed.value };
}
