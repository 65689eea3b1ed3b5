/**
 * Which files of the bundle bin/mcpauth.js runs (dist/bundle/, see scripts/bundle.js) hold which
 * compiled modules, from the build's metafile: tests that watch what a command loads look for
 * the bundle's files, since the modules themselves are no longer loaded one by one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './cli.js';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** The file URLs of the bundle files holding a module whose path (as dist/…) matches `module`. */
export function bundleFilesHolding(module: RegExp): string[] {
  const meta = JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist', 'bundle', 'meta.json'), 'utf8')) as Metafile;
  return Object.entries(meta.outputs)
    .filter(([output, { inputs }]) => output.endsWith('.js') && Object.keys(inputs).some((input) => module.test(input.split(path.sep).join('/'))))
    .map(([output]) => pathToFileURL(path.join(REPO_ROOT, output)).href);
}
