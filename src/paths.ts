/** Folders shipped with the package, found from this module's own location (src/ or dist/). */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
