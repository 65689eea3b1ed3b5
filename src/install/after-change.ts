/**
 * What the user must do after the Claude Desktop config changed (reference §6 item 16, P9, P13):
 * quit and restart the app, where its logs are, and how to reset mcp-remote's stored registration.
 * Pure: returns sentences, the CLI prints them.
 */
import path from 'node:path';
import { isThisComputer, type Platform } from '../deployment/platform.js';
import type { ConfigLocation } from '../fsx/claude-paths.js';
import { joinLike } from '../fsx/claude-paths.js';
import type { ChangeAction } from './plan.js';

export interface AfterChange {
  action: ChangeAction;
  configFile: string;
  platform: Platform;
  /** The app's own location for this platform, when known: it tells where the logs are. */
  location?: ConfigLocation;
  name?: string;
  entry?: unknown;
  backup?: string;
  metadataChanged: boolean;
  env: NodeJS.ProcessEnv;
}

export function afterChangeSteps(input: AfterChange): string[] {
  const { action, name, platform } = input;
  const steps = [
    `Quit Claude Desktop fully (${platform === 'darwin' ? 'menu bar → Quit, or Cmd-Q' : 'system tray → Quit'}; closing its window is not enough) and start it again: it reads ${input.configFile} only when it starts.`,
  ];
  if ((action === 'add' || action === 'replace') && name) {
    steps.push(`If "${name}" does not connect, read ${logsHint(input, name)}.`);
    const state = stateDir(input);
    steps.push(
      input.metadataChanged
        ? `The client metadata of "${name}" changed, but mcp-remote keeps using the registration it stored before: delete ${state} (or the files of this server in it) before starting Claude Desktop, so that it registers again.`
        : `If you change the client name or scope later, delete ${state} so that mcp-remote registers again.`,
    );
  }
  if (input.backup) steps.push(`To undo: mcpauth restore ${quote(input.backup, platform)}`);
  else if (action === 'add' && name) steps.push(`To undo: mcpauth uninstall ${name}${input.location?.file === input.configFile ? '' : ` --config ${quote(input.configFile, platform)}`}`);
  return steps;
}

function logsHint(input: AfterChange, name: string): string {
  const { platform, location } = input;
  const dir = location?.logsDir ?? { darwin: '~/Library/Logs/Claude', win32: '%APPDATA%\\Claude\\logs', linux: '~/.config/Claude/logs' }[platform];
  const join = platform === 'win32' && !location ? path.win32.join : (d: string, f: string) => joinLike(d, f);
  return `its logs: ${join(dir, `mcp-server-${name}.log`)} and ${join(dir, 'mcp.log')}`;
}

/** mcp-remote keeps registrations and tokens in $MCP_REMOTE_CONFIG_DIR or ~/.mcp-auth (§1.7, §7). */
function stateDir(input: AfterChange): string {
  const fromEntry = (input.entry as { env?: Record<string, unknown> } | undefined)?.env?.MCP_REMOTE_CONFIG_DIR;
  if (typeof fromEntry === 'string' && fromEntry !== '') return fromEntry;
  const here = isThisComputer(input.platform);
  if (input.platform === 'win32') return here && input.env.USERPROFILE ? joinLike(input.env.USERPROFILE, '.mcp-auth') : '%USERPROFILE%\\.mcp-auth';
  return here && input.env.HOME ? joinLike(input.env.HOME, '.mcp-auth') : '~/.mcp-auth';
}

/** A path as it can be pasted into the user's shell. */
export function quote(p: string, platform: Platform): string {
  if (/^[\w@%+=:,./\\-]+$/.test(p)) return p;
  return platform === 'win32' ? `"${p}"` : `'${p.replace(/'/g, `'\\''`)}'`;
}
