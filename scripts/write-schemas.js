// Regenerates the JSON Schemas that are derived from zod models. Run after `npm run build`.
import { writeFileSync } from 'node:fs';
import { deploymentJsonSchema } from '../dist/deployment/json-schema.js';

writeFileSync(new URL('../schemas/deployment.schema.json', import.meta.url), `${JSON.stringify(deploymentJsonSchema(), null, 2)}\n`);
console.log('wrote schemas/deployment.schema.json');
