/**
 * The entry to install and the files it needs, from a resolved deployment or from a config file
 * that mcpauth wrote earlier (mcpauth-out/claude_desktop_config.json).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Deployment } from '../deployment/model.js';
import { isAbsoluteFor, pathApi, thisPlatform, type Platform } from '../deployment/platform.js';
import { UsageError } from '../errors.js';
import { readBytesIfExists } from '../fsx/write-plan.js';
import { readFileBoundedSync } from '../fsx/bounded-read.js';
import { DEFAULT_MAX_FILE_BYTES } from '../json/limits.js';
import { clientMetadata, desktopEntry, generateDesktopConfig } from '../generators/desktop-config.js';
import { strictJsonProblem } from '../json/strict.js';
import { metadataFileOf } from './client-metadata.js';
import { parseDesktopConfig } from './config-file.js';
import type { ExtraFile } from './plan.js';

export interface InstallSource {
  name: string;
  entry: Record<string, unknown>;
  /** Files to place on this computer with the entry (the client-metadata @file). */
  extras: ExtraFile[];
  /** The OS of the computer whose Claude Desktop gets the entry. */
  platform: Platform;
  /** Things the user must know: a file mcpauth could not place, and why. */
  notes: string[];
}

export function entryFromDeployment(deployment: Deployment): InstallSource {
  const { platform, metadataFile, serverName } = deployment.desktop;
  const [, metadata] = generateDesktopConfig(deployment);
  const extras: ExtraFile[] = [];
  const notes: string[] = [];
  if (metadata && metadataFile !== undefined) {
    if (platform === thisPlatform()) extras.push({ artifact: { ...metadata, title: 'client metadata (@file)' }, target: metadataFile });
    else notes.push(notPlacedNote(metadataFile, platform, JSON.stringify(clientMetadata(deployment))));
  }
  return { name: serverName, entry: desktopEntry(deployment) as unknown as Record<string, unknown>, extras, platform, notes };
}

/** `pick`: which entry, when the file holds several. */
export async function entryFromConfigFile(file: string, pick: string | undefined, platform: Platform): Promise<InstallSource> {
  const bytes = await readBytesIfExists(file);
  if (bytes === undefined) throw new UsageError(`${file}: no such file (it is where the entry to install is read from)`);
  const { servers } = parseDesktopConfig(bytes, file);
  const names = Object.keys(servers);
  let name: string;
  if (pick !== undefined) {
    if (!names.includes(pick)) throw new UsageError(`${file} has no "${pick}" entry under mcpServers (it has: ${names.join(', ') || 'none'})`);
    name = pick;
  } else {
    if (names.length !== 1) throw new UsageError(`${file} holds ${names.length} entries (${names.join(', ') || 'none'}); name the one to install with --server-name`);
    name = names[0];
  }
  const entry = servers[name] as Record<string, unknown>;
  const problem = entryProblem(entry);
  if (problem) throw new UsageError(`the "${name}" entry in ${file} ${problem}`);

  const extras: ExtraFile[] = [];
  const notes: string[] = [];
  const metadataFile = metadataFileOf(entry);
  if (metadataFile !== undefined) {
    // init and generate write the @file beside the config, under the last segment of its target path.
    const beside = path.join(path.dirname(file), pathApi(platform).basename(metadataFile));
    const content = path.resolve(beside) !== path.resolve(metadataFile) ? readMetadataBeside(beside) : undefined;
    if (platform !== thisPlatform() || !isAbsoluteFor(platform, metadataFile)) {
      notes.push(notPlacedNote(metadataFile, platform, content));
    } else if (content !== undefined) {
      extras.push({ artifact: { name: path.basename(beside), title: 'client metadata (@file)', content, validate: strictJsonProblem }, target: metadataFile });
    } else if (!existsSync(metadataFile)) {
      notes.push(`mcp-remote reads its client metadata from ${metadataFile}, which does not exist; create it before starting Claude Desktop.`);
    }
  }
  return { name, entry, extras, platform, notes };
}

/** The least a Claude Desktop entry needs (reference §3.1, §5 CD101–CD103). */
function entryProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'is not an object';
  const e = entry as Record<string, unknown>;
  if (typeof e.command !== 'string' || e.command === '') return 'has no "command", so Claude Desktop would skip it';
  for (const key of ['url', 'type', 'transport', 'serverUrl', 'headers']) {
    if (key in e) return `has "${key}", which Claude Desktop's config does not accept (remote servers go through mcp-remote)`;
  }
  if (e.args !== undefined && !(Array.isArray(e.args) && e.args.every((a) => typeof a === 'string'))) return 'has "args" that are not all strings';
  if (e.env !== undefined && (typeof e.env !== 'object' || e.env === null || Object.values(e.env).some((v) => typeof v !== 'string'))) return 'has "env" values that are not strings';
  return undefined;
}

function notPlacedNote(target: string, platform: Platform, content: string | undefined): string {
  const what = content === undefined ? 'the client-metadata JSON' : `this JSON: ${content.trim().replace(/\s*\n\s*/g, ' ')}`;
  return `The entry reads its client metadata from ${target} on the ${platform} computer. This computer is not that one, so mcpauth did not write it: put ${what} there.`;
}

/** The @file content mcpauth wrote beside the config, if it is there (a small regular file). */
function readMetadataBeside(file: string): string | undefined {
  const read = readFileBoundedSync(file, DEFAULT_MAX_FILE_BYTES);
  if (read === undefined) return undefined;
  if (read.ok) return read.bytes.toString('utf8');
  throw new UsageError(`${file} ${read.tooLarge ? 'is over the 5 MiB limit of what mcpauth reads' : 'is not a regular file'}; it cannot be the client metadata mcpauth wrote`);
}
