/**
 * The validators `npm run build` compiles (dist/schemas/*.cjs, loaded by validate) give the same
 * verdict and the same errors as ajv compiling the schema at run time, on every JSON fixture.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { compiledValidatorPath, createAjv, schemaPath } from '../../src/validate/schemas.js';
import { JSON_FILE_TYPES } from '../../src/validate/types.js';
import { REPO_ROOT } from '../helpers/cli.js';

const require = createRequire(import.meta.url);

function jsonFixtures(dir: string): unknown[] {
  const out: unknown[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...jsonFixtures(file));
    else if (name.endsWith('.json')) {
      try {
        out.push(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        // not JSON (a syntax-error fixture): nothing for a schema to check
      }
    }
  }
  return out;
}

const documents = jsonFixtures(path.join(REPO_ROOT, 'test', 'fixtures'));
const summary = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params, parentSchema: e.parentSchema }));

test.each(JSON_FILE_TYPES)('the compiled %s validator agrees with ajv on every fixture', (type) => {
  expect(existsSync(compiledValidatorPath(type))).toBe(true);
  const compiled = require(compiledValidatorPath(type)) as ValidateFunction;
  const runtime = createAjv().compile(JSON.parse(readFileSync(schemaPath(type), 'utf8')));
  expect(documents.length).toBeGreaterThan(50);
  let invalid = 0;
  for (const doc of documents) {
    const ok = runtime(doc);
    expect(compiled(doc)).toBe(ok);
    expect(summary(compiled.errors)).toEqual(summary(runtime.errors));
    if (!ok) invalid++;
  }
  expect(invalid).toBeGreaterThan(0);
});
