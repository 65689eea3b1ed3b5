/**
 * The JSON that `--static-oauth-client-metadata` / `--static-oauth-client-info` carry: inline, or
 * `@<path>` to a file that mcp-remote reads with readFile (no ~ or variable expansion, relative to
 * an unknown folder: §1.5). Used by mcp-remote/metadata-json and by the engine, which checks the
 * metadata it finds as a `client-metadata` document.
 */
import type { DiskAccess } from '../validate/disk.js';
import { parseJsonDocument, type JsonDocument } from '../validate/parse/json.js';
import type { Arg, DesktopEntry } from './desktop-entries.js';
import { isObject } from './desktop-entries.js';
import { mcpRemoteCall, parseRemoteArgs } from './mcp-remote-args.js';
import { targetPathProblem } from './paths.js';
import type { RuleOptions } from './rule.js';

export const STATIC_JSON_FLAGS = ['--static-oauth-client-metadata', '--static-oauth-client-info'] as const;
export type StaticJsonFlag = (typeof STATIC_JSON_FLAGS)[number];

export interface StaticJsonArg {
  entry: DesktopEntry;
  flag: StaticJsonFlag;
  arg: Arg;
  /** Only the first occurrence of a flag is read by mcp-remote. */
  first: boolean;
}

export type StaticJson =
  | { status: 'ok'; form: 'inline' | 'file'; doc: JsonDocument; path?: string }
  | { status: 'problem'; problem: string; fix?: string }
  /** An @file on another computer, or --offline: only its path could be judged, and it was fine. */
  | { status: 'unchecked'; path: string };

export function staticJsonArgs(entry: DesktopEntry): StaticJsonArg[] {
  const call = mcpRemoteCall(entry);
  if (!call) return [];
  const out: StaticJsonArg[] = [];
  const seen = new Set<string>();
  for (const use of parseRemoteArgs(call.after).flags) {
    if (!(STATIC_JSON_FLAGS as readonly string[]).includes(use.name) || !use.value) continue;
    out.push({ entry, flag: use.name as StaticJsonFlag, arg: use.value, first: !seen.has(use.name) });
    seen.add(use.name);
  }
  return out;
}

export async function readStaticJson(value: string, options: RuleOptions, disk: DiskAccess): Promise<StaticJson> {
  if (value.startsWith('@')) return readFileForm(value.slice(1), options, disk);
  const parsed = parseJsonDocument(value);
  if (!parsed.ok) {
    return { status: 'problem', problem: `is not valid JSON (at character ${parsed.offset + 1}: ${parsed.message})`, fix: 'Build the value with JSON.stringify, or put the JSON in a file and pass @/absolute/path.' };
  }
  if (!isObject(parsed.doc.value)) return { status: 'problem', problem: 'is JSON but not an object ({…})' };
  return { status: 'ok', form: 'inline', doc: parsed.doc };
}

async function readFileForm(path: string, options: RuleOptions, disk: DiskAccess): Promise<StaticJson> {
  const problem = targetPathProblem(path, options.platform);
  if (problem) {
    return {
      status: 'problem',
      problem: `names "${path}", which ${problem}`,
      fix: options.platform === 'win32' ? 'Use an absolute path such as @C:\\ProgramData\\mcpauth\\client-metadata.json.' : 'Use an absolute path such as @/etc/mcpauth/client-metadata.json.',
    };
  }
  if (!options.checkFiles) return { status: 'unchecked', path };
  const read = await disk.readJson(path);
  if (!read.ok) return { status: 'problem', problem: `names ${path}, which ${read.problem}` };
  if (!isObject(read.value)) return { status: 'problem', problem: `names ${path}, which holds JSON that is not an object ({…})` };
  const parsed = parseJsonDocument(read.text);
  if (!parsed.ok) return { status: 'problem', problem: `names ${path}, which is not valid JSON` };
  return { status: 'ok', form: 'file', doc: parsed.doc, path };
}
