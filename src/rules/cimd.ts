/** cimd/: Client ID Metadata Documents (reference/oauth-dcr.md §1.4, CIM-xxx). */
import { isObject } from './desktop-entries.js';
import { clientIdUrlProblem, parseUrl } from './oauth-uris.js';
import type { Rule } from './rule.js';

const SHARED_SECRET_METHOD = /^client_secret_|secret/i;

export const cimdRules: Rule[] = [
  {
    id: 'cimd/client-id-url',
    severity: 'error',
    appliesTo: ['cimd'],
    description: 'client_id is an https URL with a path, and no fragment, user name, password or dot segments (a query string is a warning).',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value) || typeof value.client_id !== 'string') return;
      const problem = clientIdUrlProblem(value.client_id);
      if (problem) {
        ctx.report('/client_id', `client_id "${value.client_id}" ${problem}`, { fix: 'Use the https URL the document is served from, such as https://app.example.com/client.json.' });
      } else if (parseUrl(value.client_id)?.search) {
        ctx.report('/client_id', `client_id "${value.client_id}" has a query string, which client ID URLs should not have`, { severity: 'warning', fix: 'Serve the document at a URL without a query.' });
      }
    },
  },
  {
    id: 'cimd/required-fields',
    severity: 'error',
    appliesTo: ['cimd'],
    source: 'schema',
    description: 'client_id, client_name and redirect_uris are present (MCP requires them in a metadata document).',
  },
  {
    id: 'cimd/no-shared-secret',
    severity: 'error',
    appliesTo: ['cimd'],
    description: 'No shared secret: token_endpoint_auth_method is not a client_secret method, and there is no client_secret or client_secret_expires_at.',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value)) return;
      const method = value.token_endpoint_auth_method;
      if (typeof method === 'string' && SHARED_SECRET_METHOD.test(method)) {
        ctx.report('/token_endpoint_auth_method', `token_endpoint_auth_method "${method}" needs a shared secret, which a metadata document cannot have`, {
          fix: 'Use "none" (public client with PKCE) or "private_key_jwt" with jwks_uri.',
        });
      }
      for (const key of ['client_secret', 'client_secret_expires_at']) {
        if (key in value) ctx.report(`/${key}`, `${key} must not be in a metadata document: it is public`, { anchor: 'key', fix: `Remove ${key}.` });
      }
    },
  },
];
