/** What `validate` checks: files, folders, globs and standard input. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { collectInputs } from '../../src/validate/inputs.js';
import { tempDir } from '../helpers/cli.js';

function tree(): string {
  const dir = tempDir();
  for (const file of ['a.json', 'sub/b.json', 'sub/deeper/c.JSON', 'node_modules/pkg/d.json', '.git/e.json', 'sub/.hidden/f.json', '.mcp.json', 'notes.txt']) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '{}');
  }
  return dir;
}

const displays = (inputs: Awaited<ReturnType<typeof collectInputs>>) => inputs.map((i) => i.display.split(path.sep).join('/'));

test('a folder is walked for .json files, without node_modules and dot-folders or dot-files', async () => {
  const dir = tree();
  const inputs = await collectInputs(['.'], dir);
  expect(displays(inputs)).toEqual(['a.json', 'sub/b.json', 'sub/deeper/c.JSON']);
  expect(inputs.every((i) => i.kind === 'file' && !i.explicit)).toBe(true);
});

test('a file named on the command line is explicit, even a dot-file, and is checked once', async () => {
  const dir = tree();
  const inputs = await collectInputs(['.mcp.json', 'a.json', '.'], dir);
  expect(displays(inputs)).toEqual(['.mcp.json', 'a.json', 'sub/b.json', 'sub/deeper/c.JSON']);
  expect(inputs.slice(0, 2).every((i) => i.kind === 'file' && i.explicit)).toBe(true);
});

test('globs match files (never in node_modules)', async () => {
  const dir = tree();
  expect(displays(await collectInputs(['**/*.json'], dir))).toEqual(['a.json', 'sub/b.json']);
});

test('"-" is standard input; a missing path is reported, not thrown', async () => {
  const dir = tree();
  const inputs = await collectInputs(['-', 'missing.json'], dir);
  expect(inputs.map((i) => i.kind)).toEqual(['stdin', 'unreadable']);
});

test.each([
  [[], /at least one/],
  [['-', '-'], /only once/],
  [['nothing-*.json'], /no files match/],
  [['empty'], /no \.json or \.xml files/],
])('usage errors: %j', async (args, message) => {
  const dir = tree();
  mkdirSync(path.join(dir, 'empty'));
  await expect(collectInputs(args, dir)).rejects.toThrow(UsageError);
  await expect(collectInputs(args, dir)).rejects.toThrow(message);
});
