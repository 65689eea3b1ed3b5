/**
 * The files of one run as the cross/ rules see them: the mcp-remote entries of desktop configs
 * (with the static metadata and client info they pass), DCR policies, deployment files, Client ID
 * Metadata Documents and the clients of Curity files. Nothing here reports; cross.ts judges.
 */
import { callbackHost, CALLBACK_PATH } from '../deployment/registration.js';
import type { Platform } from '../deployment/platform.js';
import type { JsonDocument } from '../validate/parse/json.js';
import { childrenNamed, valueOf, type XmlElement } from '../validate/parse/xml-tree.js';
import { curityViews } from './curity-references.js';
import type { CurityClient } from './curity-config.js';
import { isObject, type Arg } from './desktop-entries.js';
import type { RunContext, RunDocument } from './rule.js';
import { remoteEntryFacts, type RemoteEntryFacts } from './run-facts.js';
import { readStaticJson } from './static-metadata.js';

export type JsonRunDocument = RunDocument & { doc: JsonDocument };

export interface StaticJsonValue {
  arg: Arg;
  value: Record<string, unknown>;
}

export interface RemoteEntry extends Omit<RemoteEntryFacts, 'metadataArg'> {
  document: JsonRunDocument;
  metadata?: StaticJsonValue;
  /** The JSON of --static-oauth-client-info (`clientInfoArg`) when it could be read. */
  clientInfo?: Record<string, unknown>;
  /** How the entry gets its client: pre-registered (client info), a metadata document URL, or DCR. */
  mode: 'static' | 'cimd' | 'dcr';
}

export interface RunFiles {
  entries: RemoteEntry[];
  policies: JsonRunDocument[];
  deployments: JsonRunDocument[];
  cimds: JsonRunDocument[];
  clients: Array<{ document: RunDocument; client: CurityClient }>;
  /** The DCR (`non-templatized`) and ephemeral-client sections of the Curity files. */
  registrations: Array<{ document: RunDocument; element: XmlElement; kind: 'dcr' | 'ephemeral' }>;
}

function jsonDocuments(ctx: RunContext, type: RunDocument['type']): JsonRunDocument[] {
  return ctx.documents.filter((d): d is JsonRunDocument => d.type === type && d.doc.kind === 'json');
}

const cache = new WeakMap<readonly RunDocument[], Promise<RunFiles>>();

export function runFiles(ctx: RunContext): Promise<RunFiles> {
  let files = cache.get(ctx.documents);
  if (!files) {
    files = collect(ctx);
    cache.set(ctx.documents, files);
  }
  return files;
}

async function collect(ctx: RunContext): Promise<RunFiles> {
  const metadataFiles = jsonDocuments(ctx, 'client-metadata');
  /** Inline JSON, an @file on this computer, or (for another computer) the run's file of that name. */
  const readJson = async (arg: Arg): Promise<Record<string, unknown> | undefined> => {
    const read = await readStaticJson(arg.value, ctx.options, ctx.disk);
    if (read.status === 'ok') return isObject(read.doc.value) ? read.doc.value : undefined;
    if (!arg.value.startsWith('@')) return undefined;
    const base = baseName(arg.value.slice(1));
    const twin = metadataFiles.find((d) => baseName(d.file) === base);
    return twin && isObject(twin.doc.value) ? twin.doc.value : undefined;
  };

  const entries: RemoteEntry[] = [];
  for (const document of jsonDocuments(ctx, 'desktop-config')) {
    for (const { metadataArg, ...facts } of document.remoteEntries ?? remoteEntryFacts(document.doc)) {
      const metadata = metadataArg ? await readJson(metadataArg) : undefined;
      entries.push({
        ...facts,
        document,
        metadata: metadataArg && metadata ? { arg: metadataArg, value: metadata } : undefined,
        clientInfo: facts.clientInfoArg ? await readJson(facts.clientInfoArg) : undefined,
        mode: facts.clientInfoArg ? 'static' : facts.cimdUrl ? 'cimd' : 'dcr',
      });
    }
  }
  const views = curityViews(ctx.documents);
  return {
    entries,
    policies: jsonDocuments(ctx, 'dcr-policy'),
    deployments: jsonDocuments(ctx, 'deployment'),
    cimds: jsonDocuments(ctx, 'cimd'),
    clients: views.flatMap(({ document, view }) => view.clients.map((client) => ({ document, client }))),
    registrations: views.flatMap(({ document, view }) =>
      view.profiles.flatMap((profile) => [
        ...childrenNamed(childrenNamed(profile.authorizationServer, 'dynamic-client-registration')[0], 'non-templatized').map((element) => ({ document, element, kind: 'dcr' as const })),
        ...childrenNamed(profile.authorizationServer, 'ephemeral-client').map((element) => ({ document, element, kind: 'ephemeral' as const })),
      ]),
    ),
  };
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The value at a path of keys, if every step is an object. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The scope tokens of a space-separated `scope` value. */
export function scopeTokens(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter((s) => s !== '') : [];
}

/** The redirect URI mcp-remote registers and sends for this entry, or undefined while the port is not pinned. */
export function callbackOf(entry: RemoteEntry, platform: Platform): { uri?: string; host: string; path: string; port?: number } {
  const host = entry.host?.value ?? callbackHost(platform);
  const rawPath = entry.callbackPath?.value ?? CALLBACK_PATH;
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const port = entry.port && /^\d+$/.test(entry.port.value) && Number(entry.port.value) > 0 ? Number(entry.port.value) : undefined;
  return { uri: port === undefined ? undefined : `http://${host}:${port}${path}`, host, path, port };
}

/** A Curity client's redirect URIs, scopes and audiences as strings. */
export function clientValues(client: CurityClient): { redirectUris: string[]; scopes: string[]; audiences: string[] } {
  return {
    redirectUris: childrenNamed(client.element, 'redirect-uris').map(valueOf),
    scopes: childrenNamed(client.element, 'scope').map(valueOf),
    audiences: childrenNamed(client.element, 'audience').map(valueOf),
  };
}
