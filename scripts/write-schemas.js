// Regenerates the JSON Schemas that are derived from zod models. Run after `npm run build`.
import { writeFileSync } from 'node:fs';
import { deploymentJsonSchema } from '../dist/deployment/json-schema.js';
import { dcrPolicyJsonSchema } from '../dist/policy/json-schema.js';

const schemas = { deployment: deploymentJsonSchema(), 'dcr-policy': dcrPolicyJsonSchema() };
for (const [type, schema] of Object.entries(schemas)) {
  writeFileSync(new URL(`../schemas/${type}.schema.json`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${type}.schema.json`);
}
