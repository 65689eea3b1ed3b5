/**
 * dcr/: RFC 7591 registration requests and responses (reference/oauth-dcr.md DCQ-xxx, DCS-xxx).
 * Field types come from the schemas; these rules check what types cannot say.
 */
import type { FileType } from '../validate/types.js';
import { isObject } from './desktop-entries.js';
import { isLoopbackHost, originOf, parseUrl, redirectUriProblem, SECRET_AUTH_METHODS } from './oauth-uris.js';
import type { Rule, RuleContext } from './rule.js';

const REGISTRATION_TYPES: readonly FileType[] = ['dcr-request', 'dcr-response'];
const WITH_REDIRECTS: readonly FileType[] = ['dcr-request', 'dcr-response', 'cimd'];

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/**
 * Grant and response types with their defaults: RFC 7591's for registration documents, and
 * mcp-remote's own for static metadata (which is spread over its registration request).
 */
function grantAndResponseTypes(ctx: RuleContext, value: Record<string, unknown>): { grants?: string[]; responses?: string[] } {
  const mcpRemote = ctx.type === 'client-metadata';
  const grants = value.grant_types === undefined ? (mcpRemote ? ['authorization_code', 'refresh_token'] : ['authorization_code']) : strings(value.grant_types);
  const responses = value.response_types === undefined ? ['code'] : strings(value.response_types);
  return { grants, responses };
}

export const dcrRules: Rule[] = [
  {
    id: 'dcr/field-types',
    severity: 'error',
    appliesTo: WITH_REDIRECTS,
    source: 'schema',
    description: 'Fields have their RFC 7591 types: scope a space-separated string, redirect_uris, grant_types, response_types and contacts arrays of strings, jwks an object, URIs strings.',
  },
  {
    id: 'dcr/redirect-uris-required',
    severity: 'error',
    appliesTo: REGISTRATION_TYPES,
    description: 'redirect_uris is present and not empty when the client uses authorization_code (the default grant type).',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value)) return;
      const { grants } = grantAndResponseTypes(ctx, value);
      if (!grants?.includes('authorization_code')) return;
      if (value.redirect_uris === undefined) {
        ctx.report('', 'no redirect_uris, but the client uses the authorization_code grant, which needs them', { fix: 'Add "redirect_uris" with the callback URL(s) of the client.' });
      } else if (Array.isArray(value.redirect_uris) && value.redirect_uris.length === 0) {
        ctx.report('/redirect_uris', 'redirect_uris is empty, but the client uses the authorization_code grant, which needs at least one', { fix: 'List the callback URL(s) of the client.' });
      }
    },
  },
  {
    id: 'dcr/redirect-uri',
    severity: 'error',
    appliesTo: WITH_REDIRECTS,
    description: 'Each redirect URI is absolute, has no fragment or credentials, no dangerous scheme, and uses https or http on a loopback host.',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value) || !Array.isArray(value.redirect_uris)) return;
      value.redirect_uris.forEach((uri, i) => {
        if (typeof uri !== 'string') return;
        const problem = redirectUriProblem(uri);
        if (problem) {
          ctx.report(`/redirect_uris/${i}`, `redirect URI "${uri}" ${problem.message}`, {
            severity: problem.severity,
            fix: 'Use https, or http://127.0.0.1:<port>/<path> (or localhost) for a native client.',
          });
        }
      });
    },
  },
  {
    id: 'dcr/grant-response-consistency',
    severity: 'error',
    appliesTo: [...WITH_REDIRECTS, 'client-metadata'],
    description: 'grant_types and response_types agree (authorization_code with code), and neither uses the implicit or password flows that OAuth 2.1 removed.',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value)) return;
      const { grants, responses } = grantAndResponseTypes(ctx, value);
      if (!grants || !responses) return;
      grants.forEach((grant, i) => {
        if (grant === 'implicit' || grant === 'password') {
          ctx.report(`/grant_types/${i}`, `the ${grant} grant is removed in OAuth 2.1, which MCP requires`, { fix: 'Use authorization_code (with PKCE) and refresh_token.' });
        }
      });
      responses.forEach((response, i) => {
        if (response.split(' ').includes('token')) ctx.report(`/response_types/${i}`, `response type "${response}" is the implicit flow, removed in OAuth 2.1`, { fix: 'Use "code".' });
      });
      const hasCodeGrant = grants.includes('authorization_code');
      const hasCodeResponse = responses.some((r) => r.split(' ').includes('code'));
      if (hasCodeGrant && !hasCodeResponse) {
        ctx.report(value.response_types === undefined ? '' : '/response_types', 'grant_types has authorization_code but response_types has no "code"', { fix: 'Add "code" to response_types.' });
      } else if (hasCodeResponse && !hasCodeGrant) {
        ctx.report(value.grant_types === undefined ? '' : '/grant_types', 'response_types has "code" but grant_types has no authorization_code', { fix: 'Add "authorization_code" to grant_types.' });
      }
    },
  },
  {
    id: 'dcr/jwks-exclusive',
    severity: 'error',
    appliesTo: [...WITH_REDIRECTS, 'client-metadata'],
    description: 'jwks and jwks_uri are not both present (RFC 7591 §2).',
    check(ctx) {
      const value = ctx.doc.value;
      if (isObject(value) && value.jwks !== undefined && value.jwks_uri !== undefined) {
        ctx.report('/jwks', 'both jwks and jwks_uri are present; RFC 7591 allows only one', { anchor: 'key', fix: 'Keep jwks_uri (keys can then rotate) and remove jwks.' });
      }
    },
  },
  {
    id: 'dcr/auth-method-native',
    severity: 'warning',
    appliesTo: REGISTRATION_TYPES,
    description: 'A client whose redirect URIs are all loopback (a native app) authenticates with "none": a secret in a desktop app is not secret, and an omitted method means client_secret_basic.',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value)) return;
      const uris = strings(value.redirect_uris);
      if (!uris || uris.length === 0) return;
      const allLoopback = uris.every((u) => {
        const url = parseUrl(u);
        return url?.protocol === 'http:' && isLoopbackHost(url.hostname);
      });
      if (!allLoopback) return;
      const method = value.token_endpoint_auth_method;
      if (method === undefined) {
        ctx.report('', 'the redirect URIs are all loopback (a native client) but token_endpoint_auth_method is omitted, which means client_secret_basic', {
          fix: 'Add "token_endpoint_auth_method": "none".',
        });
      } else if (typeof method === 'string' && SECRET_AUTH_METHODS.has(method)) {
        ctx.report('/token_endpoint_auth_method', `the redirect URIs are all loopback (a native client) but it authenticates with ${method}; a secret shipped to a desktop is not secret`, {
          fix: 'Use "none" (a public client with PKCE).',
        });
      }
    },
  },
  {
    id: 'dcr/client-uri-origin',
    severity: 'warning',
    appliesTo: REGISTRATION_TYPES,
    description: 'client_uri has the scheme and host of a redirect URI; Curity rejects it otherwise, unless a gateway strips client_uri.',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value) || typeof value.client_uri !== 'string') return;
      const uris = strings(value.redirect_uris);
      if (!uris || uris.length === 0) return;
      const origin = originOf(value.client_uri);
      if (origin === undefined || uris.some((u) => originOf(u) === origin)) return;
      ctx.report('/client_uri', `client_uri (${origin}) is on another origin than every redirect URI; Curity rejects such a registration (RFC 7591 §5)`, {
        fix: 'Remove client_uri from the request (mcpauth\'s DCR policy can have the gateway strip it), or host it on the redirect origin.',
      });
    },
  },
  {
    id: 'dcr/response-secret-expiry',
    severity: 'error',
    appliesTo: ['dcr-response'],
    source: 'schema',
    description: 'A registration response with client_secret has client_secret_expires_at, an integer (seconds since 1970, 0 for never).',
  },
];
