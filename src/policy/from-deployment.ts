/**
 * The policy mcpauth writes for a deployment. It keeps the Curity example's attributes for MCP
 * clients (PKCE, 900 s access tokens, no refresh tokens, the MCP server as audience, template area
 * mcp-client, client_type mcp, assurance level 1) and, unlike the example's procedure, gives every
 * request an explicit decision: no scope, foreign redirect hosts, plain http off loopback and
 * grants beyond the authorization code are refused instead of falling through to server defaults.
 */
import type { Deployment } from '../deployment/model.js';
import { DCR_POLICY_KIND, OPENID_SCOPES, type DcrPolicy } from './model.js';

export function policyFromDeployment(deployment: Deployment): DcrPolicy {
  const settings = deployment.dcrPolicy;
  const allowed = [...settings.allowedScopes];
  if (settings.openidScopes === 'allow') for (const scope of OPENID_SCOPES) if (!allowed.includes(scope)) allowed.push(scope);
  return {
    kind: DCR_POLICY_KIND,
    version: 1,
    scopes: { allowed, onUnknown: 'drop', onMissing: 'reject', openidScopes: settings.openidScopes },
    redirectUris: { allowLoopbackHttp: true, httpsHosts: [...settings.httpsHosts] },
    // refresh_token stays allowed even without refresh tokens: mcp-remote always asks for it.
    grantTypes: ['authorization_code', 'refresh_token'],
    // none: mcp-remote (a native public client); client_secret_post: the Claude web backend.
    tokenEndpointAuthMethods: ['none', 'client_secret_post'],
    client: {
      requireProofKey: true,
      accessTokenTtl: settings.accessTokenTtl,
      refreshTokenTtl: settings.refreshTokens ? settings.refreshTokenTtl : 0,
      audiences: [deployment.server.resource],
      templateArea: 'mcp-client',
      clientType: 'mcp',
      clientAssuranceLevel: 1,
      nameFromClientName: true,
      requiresConsent: true,
    },
    gateway: { stripClientUri: settings.stripClientUri },
  };
}
