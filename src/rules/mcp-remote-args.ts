/**
 * How an entry starts mcp-remote and what mcp-remote 0.15.1 makes of its arguments
 * (reference/claude-desktop-and-mcp-remote.md §1.2, §1.4, §7): `--header` pairs are taken out
 * first, the first remaining argument is the server URL, the second an optional callback port,
 * and every other flag is looked up by name (first occurrence wins; unknown flags are ignored).
 */
import type { JsonDocument } from '../validate/parse/json.js';
import { derived } from '../validate/parse/derived.js';
import { commandBaseName, desktopEntries, type Arg, type DesktopEntry } from './desktop-entries.js';

export const MCP_REMOTE = 'mcp-remote';

/** Names people use for mcp-remote that are not its npm name. */
const MCP_REMOTE_ALIASES = new Set(['@anthropic-ai/mcp-remote', '@modelcontextprotocol/mcp-remote', 'mcp_remote', 'mcpremote', '@geelen/mcp-remote']);

/** Packages used as if they were a stdio-to-remote bridge, which they are not. */
export const NOT_A_BRIDGE: Record<string, string> = {
  '@modelcontextprotocol/server-fetch': 'is an MCP server that fetches web pages, not a bridge to a remote MCP server',
};

export interface PackageSpec {
  name: string;
  version?: string;
}

export function parsePackageSpec(spec: string): PackageSpec {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? { name: spec } : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

export function isMcpRemoteName(name: string): boolean {
  return name === MCP_REMOTE || MCP_REMOTE_ALIASES.has(name.toLowerCase());
}

export interface McpRemoteCall {
  launcher: 'npx' | 'dlx' | 'node' | 'direct';
  /** The argument naming the package (`mcp-remote@0.15.1`); absent when mcp-remote is the command. */
  packageArg?: Arg;
  spec: PackageSpec;
  /** Arguments between the launcher and the package: only npx options belong there. */
  before: Arg[];
  /** Arguments mcp-remote receives. */
  after: Arg[];
}

const NPX_LIKE = new Set(['npx', 'bunx', 'pnpx']);
const DLX_LIKE = new Set(['pnpm', 'yarn']);

/**
 * Most rules of a desktop config ask how each entry runs mcp-remote: found once per entry (the
 * entries are shared per document), then read by every rule (none changes it).
 */
const CALL = Symbol('mcp-remote call');

/** How the entry runs mcp-remote, or undefined when it does not. */
export function mcpRemoteCall(entry: DesktopEntry): McpRemoteCall | undefined {
  return derived(entry, CALL, findMcpRemoteCall);
}

function findMcpRemoteCall(entry: DesktopEntry): McpRemoteCall | undefined {
  if (entry.command === undefined) return undefined;
  const base = commandBaseName(entry.command);
  const args = entry.args;
  if (base === MCP_REMOTE) return { launcher: 'direct', spec: { name: MCP_REMOTE }, before: [], after: args };
  if (base === 'node') {
    const at = args.findIndex((a) => /mcp-remote[\\/]dist[\\/]proxy\.js$/.test(a.value));
    return at === -1 ? undefined : { launcher: 'node', spec: { name: MCP_REMOTE }, before: args.slice(0, at), after: args.slice(at + 1) };
  }
  let start = 0;
  let launcher: McpRemoteCall['launcher'];
  if (NPX_LIKE.has(base)) launcher = 'npx';
  else if (DLX_LIKE.has(base) && args[0]?.value === 'dlx') {
    launcher = 'dlx';
    start = 1;
  } else return undefined;

  for (let i = start; i < args.length; i++) {
    const value = args[i].value;
    const inline = /^--package=(.+)$/.exec(value);
    const spec = parsePackageSpec(inline ? inline[1] : value);
    if (!isMcpRemoteName(spec.name)) continue;
    const previous = args[i - 1]?.value;
    if (!inline && (previous === '-p' || previous === '--package')) {
      // `npx -p mcp-remote@x mcp-remote <url>`: the package comes with -p, then the bin name.
      const bin = args[i + 1];
      const skip = bin && /^mcp-remote(-client)?$/.test(bin.value) ? 2 : 1;
      return { launcher, packageArg: args[i], spec, before: args.slice(start, i - 1), after: args.slice(i + skip) };
    }
    if (inline) {
      const bin = args[i + 1];
      const skip = bin && /^mcp-remote(-client)?$/.test(bin.value) ? 2 : 1;
      return { launcher, packageArg: args[i], spec, before: args.slice(start, i), after: args.slice(i + skip) };
    }
    return { launcher, packageArg: args[i], spec, before: args.slice(start, i), after: args.slice(i + 1) };
  }
  return undefined;
}

/** The package argument of an npx-like entry, whatever it is (for naming wrong bridges). */
export function npxPackageArg(entry: DesktopEntry): Arg | undefined {
  if (entry.command === undefined) return undefined;
  const base = commandBaseName(entry.command);
  const args = base === 'pnpm' || base === 'yarn' ? (entry.args[0]?.value === 'dlx' ? entry.args.slice(1) : []) : NPX_LIKE.has(base) ? entry.args : [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (NPX_VALUE_OPTIONS.has(value)) {
      i++;
      continue;
    }
    if (!value.startsWith('-')) return args[i];
  }
  return undefined;
}

// npm exec / npx options (npm docs), and the few of pnpm dlx / bunx that take the same place.
const NPX_FLAG_OPTIONS = new Set(['-y', '--yes', '--no', '--no-install', '--prefer-online', '--prefer-offline', '--offline', '-q', '--quiet', '-s', '--silent', '--ignore-existing', '--bun']);
const NPX_VALUE_OPTIONS = new Set(['-p', '--package', '--registry', '--cache', '--loglevel', '--userconfig']);
/** Options that belong to npx and are sometimes written after the package by mistake. */
export const NPX_OPTIONS_AFTER_PACKAGE = new Set(['-y', '--yes', '-p', '--package', '--prefer-online', '--prefer-offline']);

/** The arguments before the package that are not npx options (npx would take the first as the package). */
export function strayLauncherArgs(before: Arg[]): Arg[] {
  const stray: Arg[] = [];
  for (let i = 0; i < before.length; i++) {
    const value = before[i].value;
    if (NPX_FLAG_OPTIONS.has(value)) continue;
    if (/^--(registry|cache|loglevel|userconfig)=/.test(value)) continue;
    if (NPX_VALUE_OPTIONS.has(value)) {
      i++;
      continue;
    }
    stray.push(before[i]);
  }
  return stray;
}

export type ValueKind =
  | 'header'
  | 'path'
  | 'positive-int'
  | 'non-negative-int'
  | 'host'
  | 'callback-path'
  | 'success-url'
  | 'json-or-file'
  | 'cimd-url'
  | 'url'
  | 'resource'
  | 'key-value'
  | 'text'
  | readonly string[];

export interface FlagSpec {
  /** What the value must be; absent for switches. */
  value?: ValueKind;
  /** May be given several times (all are used). */
  repeatable?: boolean;
  /** Makes mcp-remote print something and exit: never right in a client config. */
  exits?: boolean;
}

/** Every flag mcp-remote 0.15.1 knows (§7). */
export const MCP_REMOTE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  '--header': { value: 'header', repeatable: true },
  '--header-file': { value: 'path' },
  '--allow-http': {},
  '--debug': {},
  '--silent': {},
  '--connect-timeout': { value: 'positive-int' },
  '--body-timeout': { value: 'non-negative-int' },
  '--headers-timeout': { value: 'non-negative-int' },
  '--ipv4': {},
  '--enable-proxy': {},
  '--keep-alive': {},
  '--ping-interval': { value: 'positive-int' },
  '--transport': { value: ['http-first', 'sse-first', 'http-only', 'sse-only'] },
  '--protocol': { value: ['legacy', 'auto'] },
  '--host': { value: 'host' },
  '--callback-path': { value: 'callback-path' },
  '--auth-success-url': { value: 'success-url' },
  '--static-oauth-client-metadata': { value: 'json-or-file' },
  '--static-oauth-client-info': { value: 'json-or-file' },
  '--client-metadata-url': { value: 'cimd-url' },
  '--disable-cookies': {},
  '--device-code': {},
  '--client-credentials': {},
  '--token-endpoint': { value: 'url' },
  '--use-id-token': {},
  '--resource': { value: 'resource' },
  '--disable-resource-parameter': {},
  '--authorize-param': { value: 'key-value', repeatable: true },
  '--ignore-tool': { value: 'text', repeatable: true },
  '--auth-timeout': { value: 'positive-int' },
  '--help': { exits: true },
  '-h': { exits: true },
  '--version': { exits: true },
};

export interface FlagUse {
  flag: Arg;
  /** The name as written (`--transport`, or `--transport=x` for the unsupported inline form). */
  name: string;
  spec?: FlagSpec;
  value?: Arg;
  /** A value-taking flag that is last, or followed by another `--flag`. */
  missingValue: boolean;
}

export interface RemoteArgs {
  /** The first argument once `--header` pairs are out: the server URL (if it is not a flag). */
  first?: Arg;
  url?: Arg;
  /** The second such argument, when it is not a flag: the callback port. */
  port?: Arg;
  flags: FlagUse[];
}

/** Parsed once per argument list (a call's `after`, shared like the call itself); read-only for the rules. */
const PARSED = Symbol('mcp-remote arguments');

export function parseRemoteArgs(after: Arg[]): RemoteArgs {
  return derived(after, PARSED, parseArgs);
}

function parseArgs(after: Arg[]): RemoteArgs {
  const flags: FlagUse[] = [];
  const remaining: Arg[] = [];
  for (let i = 0; i < after.length; i++) {
    if (after[i].value === '--header') {
      const value = after[i + 1];
      flags.push({ flag: after[i], name: '--header', spec: MCP_REMOTE_FLAGS['--header'], value, missingValue: value === undefined });
      i++;
      continue;
    }
    remaining.push(after[i]);
  }
  const first = remaining[0];
  let j = 0;
  let url: Arg | undefined;
  let port: Arg | undefined;
  if (first && !first.value.startsWith('-')) {
    url = first;
    j = 1;
    if (remaining[1] && !remaining[1].value.startsWith('-')) {
      port = remaining[1];
      j = 2;
    }
  }
  for (; j < remaining.length; j++) {
    const arg = remaining[j];
    if (!arg.value.startsWith('-')) continue; // a stray value: mcp-remote ignores it
    const spec = MCP_REMOTE_FLAGS[arg.value];
    const use: FlagUse = { flag: arg, name: arg.value, spec, missingValue: false };
    if (spec?.value !== undefined) {
      const next = remaining[j + 1];
      if (next && !next.value.startsWith('--')) {
        use.value = next;
        j++;
      } else use.missingValue = true;
    }
    flags.push(use);
  }
  // Keep the flags in argument order (headers were collected first).
  flags.sort((a, b) => a.flag.index - b.flag.index);
  return { first, url, port, flags };
}

/** The value of the first occurrence of a flag (mcp-remote's indexOf). */
export function flagValue(parsed: RemoteArgs, name: string): Arg | undefined {
  return parsed.flags.find((f) => f.name === name)?.value;
}

export function hasFlag(parsed: RemoteArgs, name: string): boolean {
  return parsed.flags.some((f) => f.name === name);
}

/** An entry of a desktop config that runs mcp-remote, with how it does and its parsed arguments. */
export interface RemoteCall {
  entry: DesktopEntry;
  call: McpRemoteCall;
  parsed: RemoteArgs;
}

const CALLS = Symbol('mcp-remote calls');

/** The mcp-remote calls of a config, found once per document for every rule (and the run's facts) that reads them. */
export function remoteCalls(doc: JsonDocument): readonly RemoteCall[] {
  return derived(doc, CALLS, () =>
    desktopEntries(doc).flatMap((entry) => {
      const call = mcpRemoteCall(entry);
      return call ? [{ entry, call, parsed: parseRemoteArgs(call.after) }] : [];
    }),
  );
}
