/** schemas/dcr-policy.schema.json, generated from the zod model (`npm run schemas`; a test checks drift). */
import { z } from 'zod';
import { dcrPolicySchema } from './model.js';

export const DCR_POLICY_SCHEMA_ID = 'urn:mcpauth:schema:dcr-policy:1';

export function dcrPolicyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(dcrPolicySchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: DCR_POLICY_SCHEMA_ID, title: 'mcpauth DCR policy (dcr-policy.json)', ...rest };
}
