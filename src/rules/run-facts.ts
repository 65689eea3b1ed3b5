/**
 * What a run keeps of each desktop config for the cross/ rules, which compare files only once all
 * are checked: per mcp-remote entry, its name and the arguments they read (values and pointers).
 * Not the parsed config: with thousands of configs, keeping each one's objects until the end made
 * memory and garbage collection grow with the number of files.
 */
import type { JsonDocument } from '../validate/parse/json.js';
import type { Arg } from './desktop-entries.js';
import { flagValue, remoteCalls } from './mcp-remote-args.js';

export interface RemoteEntryFacts {
  name: string;
  url?: Arg;
  /** The callback port pinned after the URL. */
  port?: Arg;
  metadataArg?: Arg;
  clientInfoArg?: Arg;
  cimdUrl?: Arg;
  resource?: Arg;
  host?: Arg;
  callbackPath?: Arg;
}

export function remoteEntryFacts(doc: JsonDocument): RemoteEntryFacts[] {
  // map, not push: an array grown by push keeps spare room, and this one lives as long as the run.
  return remoteCalls(doc).map(({ entry, parsed }) => ({
    name: entry.name,
    url: parsed.url,
    port: parsed.port,
    metadataArg: flagValue(parsed, '--static-oauth-client-metadata'),
    clientInfoArg: flagValue(parsed, '--static-oauth-client-info'),
    cimdUrl: flagValue(parsed, '--client-metadata-url'),
    resource: flagValue(parsed, '--resource'),
    host: flagValue(parsed, '--host'),
    callbackPath: flagValue(parsed, '--callback-path'),
  }));
}
