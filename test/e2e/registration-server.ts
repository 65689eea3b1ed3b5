/**
 * A loopback HTTPS server that plays the MCP server and the authorization server just far enough
 * for mcp-remote to discover them and send its registration request, which it records.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RegistrationServer {
  url: string;
  registrations: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startRegistrationServer(tls: { certPem: string; keyPem: string }): Promise<RegistrationServer> {
  const registrations: Record<string, unknown>[] = [];
  let origin = '';
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/.well-known/oauth-protected-resource')) {
      return json(200, { resource: `${origin}/`, authorization_servers: [origin], scopes_supported: ['stocks/read'] });
    }
    if (path.startsWith('/.well-known/oauth-authorization-server') || path.startsWith('/.well-known/openid-configuration')) {
      return json(200, {
        issuer: origin,
        authorization_endpoint: `${origin}/authorize`,
        token_endpoint: `${origin}/token`,
        registration_endpoint: `${origin}/register`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        scopes_supported: ['stocks/read'],
      });
    }
    if (path === '/register' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const request = JSON.parse(body) as Record<string, unknown>;
        registrations.push(request);
        json(201, { ...request, client_id: `client-${registrations.length}`, client_id_issued_at: Math.floor(Date.now() / 1000) });
      });
      return;
    }
    // The MCP endpoint itself: every unauthenticated request is challenged.
    return json(401, { error: 'invalid_token' }, { 'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource"` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    registrations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
