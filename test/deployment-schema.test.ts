/** schemas/deployment.schema.json stays equal to the zod model it is generated from. */
import { readFileSync } from 'node:fs';
import { deploymentJsonSchema } from '../src/deployment/json-schema.js';

test('the published deployment schema matches the zod model (run `npm run schemas` after changing the model)', () => {
  const published = JSON.parse(readFileSync(new URL('../schemas/deployment.schema.json', import.meta.url), 'utf8'));
  expect(published).toEqual(deploymentJsonSchema());
  expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(published.$id).toBeDefined();
});
