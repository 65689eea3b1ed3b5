/**
 * What a Claude Desktop entry asks mcp-remote to do, read from its `command` and `args` the way
 * mcp-remote 0.15.1 reads them (reference/claude-desktop-and-mcp-remote.md §1.2, §7): the server
 * URL is the first argument after the package that is not an option, an optional callback port
 * follows it, and options take their value from the next argument.
 */

/** mcp-remote 0.15.1 options that take a value; every other `--x` is a switch. */
const OPTIONS_WITH_VALUE = new Set([
  '--header',
  '--header-file',
  '--connect-timeout',
  '--body-timeout',
  '--headers-timeout',
  '--ping-interval',
  '--transport',
  '--protocol',
  '--host',
  '--callback-path',
  '--auth-success-url',
  '--static-oauth-client-metadata',
  '--static-oauth-client-info',
  '--client-metadata-url',
  '--token-endpoint',
  '--resource',
  '--authorize-param',
  '--ignore-tool',
  '--auth-timeout',
]);

export interface McpRemoteInvocation {
  /** Index in `args` of the mcp-remote package or script. */
  packageIndex: number;
  serverUrl?: string;
  callbackPort?: number;
  /** Last value of each option (repeatable ones keep every value in `all`). */
  options: Map<string, string>;
  all: Map<string, string[]>;
  switches: Set<string>;
}

/** `mcp-remote`, `mcp-remote@0.15.1`, or a path to its installed proxy script. */
export function isMcpRemotePackage(arg: string): boolean {
  return /^mcp-remote(@[^\s/]+)?$/.test(arg) || /(^|[\\/])mcp-remote[\\/]dist[\\/]proxy\.js$/.test(arg);
}

/** True when the entry runs mcp-remote (through npx, node, or its own bin). */
export function runsMcpRemote(entry: { command?: unknown; args?: unknown }): boolean {
  if (typeof entry.command === 'string' && /(^|[\\/])mcp-remote(\.cmd)?$/i.test(entry.command)) return true;
  return Array.isArray(entry.args) && entry.args.some((a) => typeof a === 'string' && isMcpRemotePackage(a));
}

export function parseMcpRemoteArgs(command: string, args: readonly string[]): McpRemoteInvocation {
  const direct = /(^|[\\/])mcp-remote(\.cmd)?$/i.test(command);
  const packageIndex = direct ? -1 : args.findIndex(isMcpRemotePackage);
  const invocation: McpRemoteInvocation = { packageIndex, options: new Map(), all: new Map(), switches: new Set() };
  for (let i = packageIndex + 1; i < args.length; i++) {
    const arg = args[i];
    if (OPTIONS_WITH_VALUE.has(arg)) {
      const value = args[i + 1];
      if (value === undefined) break;
      invocation.options.set(arg, value);
      invocation.all.set(arg, [...(invocation.all.get(arg) ?? []), value]);
      i++;
    } else if (arg.startsWith('--')) {
      invocation.switches.add(arg);
    } else if (invocation.serverUrl === undefined) {
      invocation.serverUrl = arg;
    } else if (invocation.callbackPort === undefined && /^\d+$/.test(arg)) {
      invocation.callbackPort = Number(arg);
    }
  }
  return invocation;
}
