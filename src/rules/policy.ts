/**
 * policy/: mcpauth's declarative DCR policy, dcr-policy.json (its shape: src/policy/model.ts and
 * schemas/dcr-policy.schema.json; evidence: reference/oauth-dcr.md POL-003, 006, 008, 014).
 */
import { isLoopbackHost } from '../deployment/url.js';
import { isObject } from './desktop-entries.js';
import type { Rule } from './rule.js';

const ALLOWED_GRANTS = new Set(['authorization_code', 'refresh_token']);
const GRANT_REASONS: Record<string, string> = {
  implicit: 'the implicit grant is removed in OAuth 2.1',
  password: 'the password grant is removed in OAuth 2.1',
  client_credentials: 'client_credentials has no user, so no consent: not for MCP clients acting for a person',
};

/** Why an httpsHosts entry is not a plain host name: `E` problems, or a `W` note. */
function hostProblem(host: string): { message: string; warning?: boolean } | undefined {
  if (host.trim() === '') return { message: 'is empty' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return { message: 'has a scheme; list host names only (https is implied)' };
  if (host.includes('*')) return { message: 'has a wildcard; list each host name' };
  if (/[/?#]/.test(host)) return { message: 'has a path, query or fragment; list host names only' };
  if (/\s/.test(host) || host.includes('@')) return { message: 'is not a host name' };
  if (/:\d*$/.test(host) && !/^\[[0-9a-f:.]+\]$/i.test(host)) return { message: 'has a port; list host names only' };
  if (isLoopbackHost(host)) return { message: 'is a loopback host: desktop clients use http there, which allowLoopbackHttp covers', warning: true };
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || /^\[[0-9a-f:.]+\]$/i.test(host)) return { message: 'is an IP address: https redirect URIs on an IP literal rarely have a valid certificate', warning: true };
  return undefined;
}

export const policyRules: Rule[] = [
  {
    id: 'policy/schema',
    severity: 'error',
    appliesTo: ['dcr-policy'],
    source: 'schema',
    description: 'dcr-policy.json matches its schema (schemas/dcr-policy.schema.json).',
  },
  {
    id: 'policy/redirect-rule',
    severity: 'error',
    appliesTo: ['dcr-policy'],
    description: 'The policy admits only https redirect URIs on listed plain host names and loopback http: no scheme, port, path or wildcard in httpsHosts.',
    check(ctx) {
      const policy = ctx.doc.value;
      if (!isObject(policy) || !isObject(policy.redirectUris)) return;
      const hosts = policy.redirectUris.httpsHosts;
      if (Array.isArray(hosts)) {
        hosts.forEach((host, i) => {
          if (typeof host !== 'string') return;
          const problem = hostProblem(host);
          if (problem) {
            ctx.report(`/redirectUris/httpsHosts/${i}`, `httpsHosts entry "${host}" ${problem.message}`, {
              severity: problem.warning ? 'warning' : undefined,
              fix: 'Write the bare host name, such as "claude.ai".',
            });
          }
        });
      }
      if (policy.redirectUris.allowLoopbackHttp === false && Array.isArray(hosts) && hosts.length === 0) {
        ctx.report('/redirectUris', 'the policy admits no redirect URI at all (allowLoopbackHttp is false and httpsHosts is empty): every registration is rejected', {
          severity: 'warning',
          fix: 'Set allowLoopbackHttp to true for desktop clients (mcp-remote), or list the https hosts of web clients.',
        });
      }
    },
  },
  {
    id: 'policy/grant-types',
    severity: 'error',
    appliesTo: ['dcr-policy'],
    description: 'grantTypes holds only authorization_code and refresh_token.',
    check(ctx) {
      const policy = ctx.doc.value;
      if (!isObject(policy) || !Array.isArray(policy.grantTypes)) return;
      policy.grantTypes.forEach((grant, i) => {
        if (typeof grant === 'string' && ALLOWED_GRANTS.has(grant)) return;
        const reason = typeof grant === 'string' ? GRANT_REASONS[grant] : undefined;
        ctx.report(`/grantTypes/${i}`, `grant type ${JSON.stringify(grant)} is not allowed for MCP clients${reason ? `: ${reason}` : ''}`, {
          fix: 'Keep only "authorization_code" and "refresh_token".',
        });
      });
    },
  },
  {
    id: 'policy/pkce',
    severity: 'error',
    appliesTo: ['dcr-policy'],
    description: 'client.requireProofKey is true: every registered client must use PKCE.',
    check(ctx) {
      const policy = ctx.doc.value;
      if (!isObject(policy) || !isObject(policy.client)) return;
      if (policy.client.requireProofKey === true) return;
      const present = 'requireProofKey' in policy.client;
      ctx.report(present ? '/client/requireProofKey' : '/client', present ? `requireProofKey is ${JSON.stringify(policy.client.requireProofKey)}: clients could skip PKCE, which MCP requires` : 'client.requireProofKey is not set: clients could skip PKCE, which MCP requires', {
        anchor: present ? 'value' : 'key',
        fix: 'Set "requireProofKey": true.',
      });
    },
  },
  {
    id: 'policy/every-request-branch',
    severity: 'warning',
    appliesTo: ['dcr-policy'],
    description: 'scopes.onUnknown and scopes.onMissing are set, so every request gets an explicit decision instead of the server defaults.',
    check(ctx) {
      const policy = ctx.doc.value;
      if (!isObject(policy) || !isObject(policy.scopes)) return;
      if (policy.scopes.onMissing === undefined) {
        ctx.report('/scopes', 'scopes.onMissing is not set: a request without scope falls through to the server\'s default scopes', {
          anchor: 'key',
          fix: 'Add "onMissing": "reject" (or "default" with a "default" list).',
        });
      }
      if (policy.scopes.onUnknown === undefined) {
        ctx.report('/scopes', 'scopes.onUnknown is not set: requested scopes outside "allowed" are neither dropped nor rejected by the policy', {
          anchor: 'key',
          fix: 'Add "onUnknown": "drop" (or "reject").',
        });
      }
    },
  },
];
