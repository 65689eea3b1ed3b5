/**
 * The one Claude Desktop entry doctor checks, and what it says about the deployment: the server
 * URL, how the client registers, the scope it asks for, the CA it trusts. Reads the config file
 * (and the @files the entry names) and nothing else; it never contacts a server.
 */
import path from 'node:path';
import { FailureError, IoError, UsageError } from '../errors.js';
import { readFileBounded } from '../fsx/bounded-read.js';
import { readBytesIfExists } from '../fsx/write-plan.js';
import { parseStrictJson } from '../json/strict.js';
import { desktopEntries, type DesktopEntry } from '../rules/desktop-entries.js';
import { flagValue, mcpRemoteCall, parseRemoteArgs } from '../rules/mcp-remote-args.js';

export type RegistrationKind = 'dcr' | 'static' | 'cimd';

export interface DoctorTarget {
  configFile: string;
  serverName: string;
  serverUrl: string;
  registration: RegistrationKind;
  /** The `scope` of --static-oauth-client-metadata; absent: mcp-remote picks one from discovery. */
  scope?: string;
  /** The client id of --static-oauth-client-info (its secret is never kept). */
  clientId?: string;
  clientMetadataUrl?: string;
  /** The value of --resource, when the entry overrides the resource indicator. */
  resource?: string;
  /** NODE_EXTRA_CA_CERTS from the entry's env. */
  caFile?: string;
  /** Things wrong with the entry itself, reported by the first check. */
  problems: string[];
}

export interface TargetOptions {
  configFile: string;
  /** Why this file, when doctor chose it (shown in errors). */
  configReason?: string;
  serverName?: string;
  env: NodeJS.ProcessEnv;
}

export async function loadDoctorTarget(options: TargetOptions): Promise<DoctorTarget> {
  const file = options.configFile;
  // Within mcpauth's limits: a regular file of at most 5 MiB (a FIFO would block the read for ever).
  const bytes = await readBytesIfExists(file);
  if (bytes === undefined) {
    const where = options.configReason ? ` (${options.configReason})` : '';
    throw new IoError(`${file}${where} does not exist; name the config with --config FILE`);
  }
  const text = bytes.toString('utf8');
  const parsed = parseStrictJson(text);
  if (!parsed.ok && parsed.limit) throw new UsageError(`${file}:${parsed.line}:${parsed.column}: ${parsed.message}`);
  if (!parsed.ok) throw new FailureError(`${file}:${parsed.line}:${parsed.column}: ${parsed.message}; Claude Desktop cannot read it either`);
  const servers = (parsed.value as { mcpServers?: unknown } | null)?.mcpServers;
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) throw new FailureError(`${file} has no "mcpServers" object`);
  // The entries and mcp-remote's reading of their arguments, exactly as `mcpauth validate` sees them.
  const entries = desktopEntries({ kind: 'json', text, tree: parsed.tree, value: parsed.value });

  const entry = chooseEntry(file, entries, options.serverName);
  const name = entry.name;
  const call = mcpRemoteCall(entry)!;
  const args = parseRemoteArgs(call.after);
  const env = Object.fromEntries(Object.entries(entry.env).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
  const serverUrl = args.url?.value;
  if (serverUrl === undefined) throw new FailureError(`${file}: entry "${name}" names no server URL right after mcp-remote in "args"`);
  if (!URL.canParse(serverUrl)) throw new FailureError(`${file}: entry "${name}" has the server URL "${serverUrl}", which is not an absolute URL`);

  const problems: string[] = [];
  const target: DoctorTarget = { configFile: file, serverName: name, serverUrl, registration: 'dcr', problems };
  if (entry.value.env !== undefined && !isStringRecord(entry.value.env)) problems.push('"env" is not an object of strings');
  if (env.NODE_EXTRA_CA_CERTS !== undefined) target.caFile = env.NODE_EXTRA_CA_CERTS;
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') problems.push('env sets NODE_TLS_REJECT_UNAUTHORIZED=0, which turns TLS verification off; use NODE_EXTRA_CA_CERTS');

  const option = (flag: string) => flagValue(args, flag)?.value;
  const metadata = option('--static-oauth-client-metadata');
  if (metadata !== undefined) {
    const value = await jsonArgument('--static-oauth-client-metadata', metadata, problems, {});
    if (value && typeof value.scope === 'string' && value.scope.trim() !== '') target.scope = value.scope.trim();
    else if (value && value.scope !== undefined) problems.push('--static-oauth-client-metadata has a "scope" that is not a non-empty string');
  }
  const info = option('--static-oauth-client-info');
  if (info !== undefined) {
    target.registration = 'static';
    const value = await jsonArgument('--static-oauth-client-info', info, problems, { ...options.env, ...env });
    if (value && typeof value.client_id === 'string') target.clientId = value.client_id;
    else if (value) problems.push('--static-oauth-client-info has no "client_id"');
  } else if (option('--client-metadata-url') !== undefined) {
    target.registration = 'cimd';
    target.clientMetadataUrl = option('--client-metadata-url');
  }
  const resource = option('--resource');
  if (resource !== undefined && resource !== '') target.resource = resource;
  return target;
}

function chooseEntry(file: string, entries: readonly DesktopEntry[], wanted: string | undefined): DesktopEntry {
  const names = entries.map((e) => e.name);
  if (wanted !== undefined) {
    const entry = entries.find((e) => e.name === wanted);
    if (!entry) throw new UsageError(`--server "${wanted}": ${file} has no such entry (entries: ${names.join(', ') || 'none'})`);
    if (!mcpRemoteCall(entry)) throw new UsageError(`--server "${wanted}": that entry does not run mcp-remote, so there is nothing for doctor to check`);
    return entry;
  }
  const remote = entries.filter((e) => mcpRemoteCall(e) !== undefined);
  if (remote.length === 1) return remote[0];
  if (remote.length === 0) throw new FailureError(`${file} has no entry that runs mcp-remote`);
  throw new UsageError(`${file} has several mcp-remote entries (${remote.map((e) => e.name).join(', ')}); choose one with --server NAME`);
}

/** A JSON option value, inline or `@file`, as mcp-remote reads it; `${VAR}` expanded where mcp-remote expands it. */
async function jsonArgument(flag: string, raw: string, problems: string[], vars: NodeJS.ProcessEnv): Promise<Record<string, unknown> | undefined> {
  let text = raw;
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    if (!path.isAbsolute(file)) {
      problems.push(`${flag} @${file} is a relative path, which mcp-remote resolves against Claude Desktop's unknown working folder`);
    }
    try {
      const read = await readFileBounded(file, MAX_ARGUMENT_FILE_BYTES);
      if (!read.ok) {
        problems.push(`${flag} names ${file}, which ${read.tooLarge ? 'is larger than 1 MiB' : 'is not a regular file'}`);
        return undefined;
      }
      text = read.bytes.toString('utf8');
    } catch (error) {
      problems.push(`${flag} names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  }
  if (flag === '--static-oauth-client-info') text = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => vars[name] ?? '');
  // Parsed as mcpauth parses JSON: its messages give a place, never a piece of the text, which may hold a client secret.
  const parsed = parseStrictJson(text);
  if (!parsed.ok) {
    problems.push(`${flag} is not valid JSON (line ${parsed.line}, column ${parsed.column}: ${parsed.message})`);
    return undefined;
  }
  const value = parsed.value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  problems.push(`${flag} is not a JSON object`);
  return undefined;
}

/** The @file of a JSON argument: mcpauth validate reads at most as much. */
const MAX_ARGUMENT_FILE_BYTES = 1024 * 1024;

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}
