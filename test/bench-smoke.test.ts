/** The benchmark code runs end to end on a few files (no timing is judged here: see `npm run bench`). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';

test('npm run bench works in its smoke mode', () => {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bench', 'run.js'), '--smoke'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/mcpauth --version .* ratio/);
  expect(r.stdout).toMatch(/ajv validate/);
  expect(r.stdout).toMatch(/peak RSS/);
}, 120_000);
