/**
 * Client ID Metadata Document mode (desktop.registration "cimd"): the document to publish at the
 * --client-metadata-url, and the Curity ephemeral-client fragment that accepts such clients.
 * Document rules: reference/oauth-dcr.md CIM-001…018; its members are those of the Curity MCP
 * example's own documents.
 */
import type { Deployment } from '../deployment/model.js';
import { loopbackCallbackUri } from '../deployment/registration.js';
import type { Artifact } from './artifact.js';
import { authorizationServerFragment } from './curity-xml.js';

import { CIMD_DOCUMENT_FILE, EPHEMERAL_CLIENT_FILE } from './file-names.js';

/** Token lifetimes for ephemeral clients, as in the Curity MCP example (15-minute access tokens). */
export const EPHEMERAL_ACCESS_TOKEN_TTL = 900;
export const EPHEMERAL_REFRESH_TOKEN_TTL = 3600;

export function clientIdMetadataDocument(deployment: Deployment): Record<string, unknown> {
  const { desktop, server } = deployment;
  return {
    // Byte for byte the URL mcp-remote sends as client_id (CIM-003).
    client_id: desktop.clientMetadataUrl,
    client_name: desktop.clientName,
    // Exactly the callback mcp-remote listens on: the port is pinned in the desktop entry.
    redirect_uris: [loopbackCallbackUri(desktop)],
    grant_types: ['authorization_code'],
    // A public client: a document must never name a shared-secret method (CIM-008, CIM-009).
    token_endpoint_auth_method: 'none',
    scope: server.scopes.join(' '),
  };
}

export function generateCimd(deployment: Deployment): Artifact[] {
  if (deployment.desktop.registration !== 'cimd') return [];
  const xml = authorizationServerFragment(deployment.authorizationServer.profileId, {
    'ephemeral-client': {
      capabilities: { code: '' },
      'client-authentication-method': { 'no-authentication': '' },
      'redirect-uri-validation': { 'allow-loopback-redirect-uris': 'true' },
      'access-token-ttl': String(EPHEMERAL_ACCESS_TOKEN_TTL),
      'refresh-token-ttl': String(EPHEMERAL_REFRESH_TOKEN_TTL),
      scopes: { scope: [...deployment.server.scopes] },
      authenticators: { authenticator: [...deployment.staticClient.authenticators] },
      cache: '',
      'user-consent': '',
    },
  });
  return [
    {
      name: CIMD_DOCUMENT_FILE,
      title: `Client ID Metadata Document (publish at ${deployment.desktop.clientMetadataUrl})`,
      content: `${JSON.stringify(clientIdMetadataDocument(deployment), null, 2)}\n`,
    },
    { name: EPHEMERAL_CLIENT_FILE, title: 'Curity ephemeral-client settings for CIMD clients (merge fragment)', content: xml },
  ];
}
