/**
 * Folders shipped with the package, found from this module's own location: src/ under ts-jest,
 * dist/ once compiled, dist/bundle/ in the bundle bin/mcpauth.js runs. The package root is the
 * first folder upwards with a package.json.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export const PACKAGE_ROOT = packageRoot(path.dirname(fileURLToPath(import.meta.url)));
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
