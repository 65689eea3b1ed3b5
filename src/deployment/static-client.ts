/**
 * The Curity static client as the generators see it: the answers in deployment.staticClient with
 * every default filled in. Defaults that follow other answers live here rather than in
 * deployment.json, so that a new port, URL or registration mode keeps the client in agreement.
 */
import { CLAUDE_WEB_CALLBACK, GUIDE_CLIENT_SCOPES } from './demo.js';
import type { Deployment } from './model.js';
import { loopbackCallbackUri } from './registration.js';

export interface StaticClient {
  clientId: string;
  clientName?: string;
  description?: string;
  redirectUris: string[];
  audiences: string[];
  scopes: string[];
  authenticators: string[];
  accessTokenTtl?: number;
  refreshTokenTtl?: number | 'disabled';
  requirePkce: boolean;
  consent: boolean;
  validatePortOnLoopbackInterfaces: boolean;
  public: boolean;
  plaintextSecret: boolean;
  secretFile?: string;
}

/**
 * What the Claude web connector asks for: the OpenID Connect scopes and the MCP server's scopes
 * (the guide's list, whose one API scope is the demo's stocks/read). Checked by cross/web-scopes.
 */
function webConnectorScopes(serverScopes: readonly string[]): string[] {
  const scopes = GUIDE_CLIENT_SCOPES.flatMap((scope) => (scope === 'stocks/read' ? serverScopes : [scope]));
  return [...new Set(scopes)];
}

export function staticClientSettings(deployment: Deployment): StaticClient {
  const answers = deployment.staticClient;
  // static registration: this is the Claude Desktop entry's own client (public, loopback, PKCE).
  const forDesktop = deployment.desktop.registration === 'static';
  const isPublic = answers.public ?? forDesktop;
  const loopback = loopbackCallbackUri(deployment.desktop);
  return {
    clientId: answers.clientId,
    clientName: answers.clientName,
    description: answers.description,
    redirectUris: answers.redirectUris ?? (forDesktop && loopback !== undefined ? [loopback] : [CLAUDE_WEB_CALLBACK]),
    audiences: answers.audiences ?? [answers.clientId, deployment.server.resource],
    scopes: answers.scopes ?? (forDesktop ? [...deployment.server.scopes] : webConnectorScopes(deployment.server.scopes)),
    authenticators: answers.authenticators,
    accessTokenTtl: answers.accessTokenTtl,
    refreshTokenTtl: answers.refreshTokenTtl,
    requirePkce: answers.requirePkce ?? isPublic,
    consent: answers.consent,
    validatePortOnLoopbackInterfaces: answers.validatePortOnLoopbackInterfaces,
    public: isPublic,
    plaintextSecret: answers.plaintextSecret,
    secretFile: answers.secretFile,
  };
}
