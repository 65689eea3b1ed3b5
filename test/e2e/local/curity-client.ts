/**
 * A Curity config-backed client, as `mcpauth generate` wrote it in curity-static-client.xml, turned
 * into the same client for oidc-provider: what the enterprise (static) mode's test loads into the
 * local authorization server, so the generated XML and the generated entry must agree.
 */
import type { ClientMetadata } from 'oidc-provider';
import { CLIENT_PATH, at, parseXml, text } from '../../helpers/xml.js';

export function clientFromCurityXml(xml: string): ClientMetadata {
  const [client] = at(parseXml(xml), CLIENT_PATH);
  if (!client) throw new Error('no config-backed client in the XML');
  const values = (path: string) => at(client, path).map((n) => text(n));
  const isPublic = values('no-authentication')[0] === 'true';
  if (!isPublic) throw new Error('the enterprise client must be public (no-authentication)');
  if (at(client, 'capabilities/code').length === 0) throw new Error('the client lacks the code capability');
  return {
    client_id: values('id')[0],
    token_endpoint_auth_method: 'none',
    redirect_uris: values('redirect-uris'),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    application_type: 'native',
    scope: values('scope').join(' '),
    audiences: values('audience'),
    require_proof_key: values('proof-key/require-proof-key')[0] === 'true',
  };
}
