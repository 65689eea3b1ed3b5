/**
 * dcr-policy.json: the declarative policy for dynamic client registration (DCR). Its shape is the
 * contract shared with the validate rules (`policy/…`); schemas/dcr-policy.schema.json is generated
 * from this model (`npm run schemas`) and a test fails when the two drift apart.
 */
import { z } from 'zod';
import { OPENID_SCOPE_CHOICES } from './choices.js';

export const DCR_POLICY_KIND = 'mcpauth/dcr-policy';
/** At most these: OAuth 2.1 has no implicit or password grant, and MCP clients need no others. */
export const POLICY_GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;
export const POLICY_AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic', 'private_key_jwt'] as const;
export { OPENID_SCOPES, OPENID_SCOPE_CHOICES } from './choices.js';
export const SCOPE_ACTIONS_UNKNOWN = ['drop', 'reject'] as const;
export const SCOPE_ACTIONS_MISSING = ['reject', 'default'] as const;

/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` or `\`. */
export const policyScopeToken = z
  .string()
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { message: 'must be one scope token (printable ASCII, no space, quote or backslash)' });
const uint32 = z.number().int().min(0).max(4294967295);

export const policyScopesSchema = z
  .object({
    allowed: z.array(policyScopeToken).min(1).describe('Scope tokens an accepted client may hold.'),
    onUnknown: z
      .enum(SCOPE_ACTIONS_UNKNOWN)
      .describe('A requested scope outside `allowed`: "drop" removes it, "reject" refuses the request (invalid_client_metadata). Absent: such requests keep their scope and the server decides.')
      .optional(),
    onMissing: z
      .enum(SCOPE_ACTIONS_MISSING)
      .describe('A request without a scope (or an empty one): "reject" refuses it, "default" gives it `default`. Absent: the server\'s default scopes apply.')
      .optional(),
    default: z.array(policyScopeToken).min(1).describe('The scopes given to a request without one when onMissing is "default".').optional(),
    openidScopes: z
      .enum(OPENID_SCOPE_CHOICES)
      .describe('The stated choice for the OpenID Connect scopes (openid, profile, email, address, phone) that the Claude web backend asks for: "drop" removes those not in `allowed` even when onUnknown is "reject"; "allow" means they are granted, and are listed in `allowed`.')
      .optional(),
  })
  .strict();

export const policyRedirectUrisSchema = z
  .object({
    allowLoopbackHttp: z.boolean().describe('Accept http redirect URIs on localhost, 127.0.0.1 and [::1] (native clients such as mcp-remote).'),
    httpsHosts: z
      .array(z.string().min(1))
      .describe('Hosts on which https redirect URIs are accepted: plain host names compared without case (no scheme, path, port or wildcard).'),
  })
  .strict();

export const policyClientSchema = z
  .object({
    requireProofKey: z.boolean().describe('require_proof_key: PKCE is required (MCP requires it).'),
    accessTokenTtl: uint32.min(1).describe('access_token_ttl in seconds.'),
    refreshTokenTtl: uint32.describe('refresh_token_ttl in seconds; 0 = no refresh tokens.'),
    audiences: z.array(z.string().min(1)).min(1).describe('audiences: the resource identifier of the MCP server, exactly as its protected-resource metadata spells it.'),
    templateArea: z.string().min(1).describe('template_area: the Curity template area of the login and consent screens.').optional(),
    clientType: z.string().min(1).describe('client_type: a custom client property.').optional(),
    clientAssuranceLevel: z.number().int().min(0).describe('client_assurance_level: a custom client property.').optional(),
    nameFromClientName: z.boolean().describe('name: copied from the request\'s client_name.'),
    requiresConsent: z.boolean().describe('requires_consent: the user must consent to every registered client.'),
  })
  .strict();

export const dcrPolicySchema = z
  .object({
    $schema: z.string().describe('Optional link to this schema, for editors.').optional(),
    kind: z.literal(DCR_POLICY_KIND).describe('Always "mcpauth/dcr-policy".'),
    version: z.literal(1).describe('Version of this file format.'),
    scopes: policyScopesSchema.describe('Which scopes a registered client gets.'),
    redirectUris: policyRedirectUrisSchema.describe('Which redirect URIs a client may register (every one must pass).'),
    grantTypes: z.array(z.enum(POLICY_GRANT_TYPES)).min(1).describe('Grant types a client may request.'),
    tokenEndpointAuthMethods: z.array(z.enum(POLICY_AUTH_METHODS)).min(1).describe('token_endpoint_auth_method values a client may request (absent in a request means client_secret_basic).'),
    client: policyClientSchema.describe('The attributes the compiled procedure returns for an accepted client.'),
    gateway: z
      .object({ stripClientUri: z.boolean().describe('The API gateway removes client_uri from registration requests (Curity refuses mcp-remote\'s client_uri, which is on another origin than its loopback redirect).') })
      .strict()
      .describe('What the API gateway in front of the registration endpoint does.'),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const { scopes } = policy;
    if (scopes.onMissing === 'default' && scopes.default === undefined) {
      ctx.addIssue({ code: 'custom', path: ['scopes', 'default'], message: 'is required when scopes.onMissing is "default"' });
    }
    for (const scope of scopes.default ?? []) {
      if (!scopes.allowed.includes(scope)) {
        ctx.addIssue({ code: 'custom', path: ['scopes', 'default'], message: `holds "${scope}", which scopes.allowed does not list` });
      }
    }
  })
  .describe('An mcpauth DCR policy: what a dynamic client registration request must satisfy and what an accepted client gets.');

export type DcrPolicy = z.infer<typeof dcrPolicySchema>;
