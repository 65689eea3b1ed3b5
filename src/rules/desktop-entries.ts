/** The server entries of a Claude Desktop config, as the desktop/ and mcp-remote/ rules see them. */
import type { JsonDocument } from '../validate/parse/json.js';
import { childPointer } from '../validate/parse/pointer.js';
import { derived } from '../validate/parse/derived.js';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One element of `args` (only the strings; the others are desktop/field-types' business). */
export interface Arg {
  index: number;
  value: string;
  pointer: string;
}

export interface DesktopEntry {
  name: string;
  pointer: string;
  value: Record<string, unknown>;
  command?: string;
  args: Arg[];
  env: Record<string, unknown>;
}

/** Every rule of a desktop config asks for its entries: they are found once per document. */
const ENTRIES = Symbol('desktop entries');

/** The entries of a config, shared by the rules (which only read them). */
export function desktopEntries(doc: JsonDocument): readonly DesktopEntry[] {
  return derived(doc, ENTRIES, findEntries);
}

function findEntries(doc: JsonDocument): DesktopEntry[] {
  const root = doc.value;
  if (!isObject(root) || !isObject(root.mcpServers)) return [];
  const entries: DesktopEntry[] = [];
  for (const [name, value] of Object.entries(root.mcpServers)) {
    if (!isObject(value)) continue;
    const pointer = childPointer('/mcpServers', name);
    const args: Arg[] = [];
    if (Array.isArray(value.args)) {
      value.args.forEach((arg, index) => {
        if (typeof arg === 'string') args.push({ index, value: arg, pointer: childPointer(childPointer(pointer, 'args'), index) });
      });
    }
    entries.push({
      name,
      pointer,
      value,
      command: typeof value.command === 'string' ? value.command : undefined,
      args,
      env: isObject(value.env) ? value.env : {},
    });
  }
  return entries;
}

/** `C:\\Program Files\\nodejs\\npx.cmd` → `npx`; `/usr/local/bin/node` → `node`. */
export function commandBaseName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base.replace(/\.(cmd|bat|exe)$/i, '').toLowerCase();
}

/**
 * Commands that are batch files on Windows (npm's shims), which Claude Desktop runs through
 * `cmd.exe /C`: every argument is then re-read by cmd.exe.
 */
export function runsThroughCmdOnWindows(command: string): boolean {
  if (/\.(cmd|bat)$/i.test(command)) return true;
  if (/\.exe$/i.test(command)) return false;
  return ['npx', 'npm', 'pnpm', 'pnpx', 'yarn', 'yarnpkg', 'corepack', 'mcp-remote'].includes(commandBaseName(command));
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'fish', 'ksh']);

/** The argument indexes that hold a shell script (`sh -c "…"`, `cmd /c …`): the shell expands those. */
export function shellScriptArgs(entry: DesktopEntry): Set<number> {
  const scripts = new Set<number>();
  if (entry.command === undefined) return scripts;
  const base = commandBaseName(entry.command);
  const flags = SHELLS.has(base) ? ['-c', '-lc', '-ic', '-l'] : base === 'cmd' ? ['/c', '/k'] : base === 'powershell' || base === 'pwsh' ? ['-command', '-c'] : [];
  if (flags.length === 0) return scripts;
  let after = false;
  for (const arg of entry.args) {
    if (after) scripts.add(arg.index);
    else if (flags.includes(arg.value.toLowerCase())) after = true;
  }
  return scripts;
}
