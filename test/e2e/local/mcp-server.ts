/**
 * The MCP server of the local deployment: the MCP SDK's Streamable HTTP transport (stateless, a
 * fresh server per request) behind a loopback HTTPS server, with one tool, `fetch-stock-prices`.
 * It answers only to a bearer token that the authorization server issued for its resource, with
 * its scope; anything else gets a `401` whose `WWW-Authenticate` names the protected-resource
 * metadata (RFC 9728 §5.1), which it serves at the path-inserted well-known URL (§3.1).
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export const MCP_PATH = '/mcp';
export const STOCK_PRICES = [
  { symbol: 'CURI', name: 'Curity Corp', price: 123.45, currency: 'USD' },
  { symbol: 'MCPX', name: 'Model Context Inc', price: 67.89, currency: 'USD' },
] as const;

export interface McpServerOptions {
  tls: { certPem: string; keyPem: string };
  scope: string;
  /** Fault: no well-known document and a challenge without resource_metadata. */
  withoutResourceMetadata?: boolean;
}

export interface McpResourceServer {
  /** The URL mcp-remote connects to, which is also the resource identifier. */
  url: string;
  origin: string;
  metadataUrl: string;
  /**
   * Set once the authorization server is known (it needs this server's resource first).
   * `advertise` is the issuer the metadata names, when it differs (a fault).
   */
  trust(authorizationServer: { issuer: string; jwks: { keys: JWK[] } }, advertise?: string): void;
  /** Every tool call that was answered, with the token's subject and client. */
  toolCalls: { name: string; sub?: string; clientId?: string }[];
  close(): Promise<void>;
}

export async function startMcpServer(options: McpServerOptions): Promise<McpResourceServer> {
  let issuer = '';
  let advertisedIssuer = '';
  let jwks: ReturnType<typeof createLocalJWKSet> | undefined;
  const toolCalls: McpResourceServer['toolCalls'] = [];
  const server = https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'server_error', error_description: (error as Error).message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  const resource = `${origin}${MCP_PATH}`;
  const metadataUrl = `${origin}/.well-known/oauth-protected-resource${MCP_PATH}`;

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  function challenge(res: ServerResponse, status: 401 | 403, error?: string, description?: string): void {
    const params = [
      ...(error ? [`error="${error}"`] : []),
      ...(description ? [`error_description="${description.replace(/["\\]/g, '')}"`] : []),
      ...(options.withoutResourceMetadata ? [] : [`resource_metadata="${metadataUrl}"`]),
      `scope="${options.scope}"`,
    ];
    json(res, status, { error: error ?? 'unauthorized' }, { 'www-authenticate': `Bearer ${params.join(', ')}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === `/.well-known/oauth-protected-resource${MCP_PATH}` && !options.withoutResourceMetadata) {
      return json(res, 200, { resource, authorization_servers: [advertisedIssuer], scopes_supported: [options.scope], bearer_methods_supported: ['header'], resource_name: 'Stock prices (e2e)' });
    }
    if (url.pathname !== MCP_PATH) return json(res, 404, { error: 'not_found' });

    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return challenge(res, 401);
    if (!jwks) return challenge(res, 401, 'invalid_token', 'no authorization server is trusted yet');
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, jwks, { issuer, audience: resource, typ: 'at+jwt' }));
    } catch (error) {
      return challenge(res, 401, 'invalid_token', (error as Error).message);
    }
    if (!String(claims.scope ?? '').split(' ').includes(options.scope)) return challenge(res, 403, 'insufficient_scope');

    const mcp = new McpServer({ name: 'mcpauth-e2e-stocks', version: '1.0.0' });
    mcp.registerTool('fetch-stock-prices', { description: 'Current prices of the stocks in the portfolio' }, async () => {
      toolCalls.push({ name: 'fetch-stock-prices', sub: claims.sub as string | undefined, clientId: claims.client_id as string | undefined });
      return { content: [{ type: 'text', text: JSON.stringify(STOCK_PRICES) }] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  }

  return {
    url: resource,
    origin,
    metadataUrl,
    trust: (as, advertise) => {
      issuer = as.issuer;
      advertisedIssuer = advertise ?? as.issuer;
      jwks = createLocalJWKSet(as.jwks);
    },
    toolCalls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
