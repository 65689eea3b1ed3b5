/** schemas/deployment.schema.json, generated from the zod model (`npm run schemas`; a test checks drift). */
import { z } from 'zod';
import { deploymentFileSchema } from './model.js';

export const DEPLOYMENT_SCHEMA_ID = 'urn:mcpauth:schema:deployment:1';

export function deploymentJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(deploymentFileSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: DEPLOYMENT_SCHEMA_ID, title: 'mcpauth deployment (deployment.json)', ...rest };
}
