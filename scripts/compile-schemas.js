// Build step (part of `npm run build`): compiles every JSON Schema in schemas/ into a standalone
// ajv validator under dist/schemas/, so `mcpauth validate` neither loads ajv nor compiles schemas
// at start, with the ajv validate itself would make (createAjv; a test checks they agree). Runs after tsc.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;
const { createAjv } = await import('../dist/validate/schemas.js');

const source = new URL('../schemas/', import.meta.url);
const target = new URL('../dist/schemas/', import.meta.url);
mkdirSync(target, { recursive: true });
for (const name of readdirSync(source).filter((n) => n.endsWith('.schema.json')).sort()) {
  const ajv = createAjv({ code: { source: true } });
  const validate = ajv.compile(JSON.parse(readFileSync(new URL(name, source), 'utf8')));
  // CommonJS: the runtime helpers it requires (ajv/dist/runtime/*, ajv-formats/dist/formats) are CommonJS too.
  writeFileSync(new URL(name.replace(/\.schema\.json$/, '.cjs'), target), standaloneCode(ajv, validate));
}
