/**
 * The MCP server asks for OAuth: an unauthenticated MCP `initialize` gets `401` with a Bearer
 * challenge that names the protected-resource metadata (RFC 9728 §5.1) — what mcp-remote sends
 * before anything else. Sending it neither registers a client nor signs anyone in.
 */
import { httpRequest } from '../http.js';
import { parseBearerChallenge } from '../www-authenticate.js';
import { fail, pass, type Check } from '../check.js';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcpauth-doctor', version: '1' } },
});

export const challengeCheck: Check = {
  id: 'challenge',
  title: '401 challenge from the MCP server',
  async run(ctx) {
    const url = ctx.target.serverUrl;
    const res = await httpRequest(url, ctx.trust, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: INITIALIZE,
    });
    if (!res.ok) return fail(`POST ${url} failed: ${res.reason}`);
    if (res.status >= 200 && res.status < 300) {
      return fail(`POST ${url} without a token answered HTTP ${res.status}: the server does not ask for OAuth, so mcp-remote never signs in`);
    }
    if (res.status !== 401) return fail(`POST ${url} without a token answered HTTP ${res.status}; an OAuth-protected MCP server answers 401 with a Bearer challenge`);
    const challenge = parseBearerChallenge(res.headers['www-authenticate']);
    if (!challenge) {
      return fail(`POST ${url} answered 401 without a "WWW-Authenticate: Bearer …" header, so a client cannot tell how to authorize`);
    }
    const resourceMetadataUrl = challenge.get('resource_metadata');
    const scope = challenge.get('scope');
    ctx.found.challenge = { resourceMetadataUrl, scope };
    const scopeNote = scope ? `, scope="${scope}"` : '';
    if (resourceMetadataUrl === undefined) {
      return pass(`401 with a Bearer challenge${scopeNote} that names no resource_metadata; clients fall back to the well-known URL`);
    }
    return pass(`401 with WWW-Authenticate: Bearer resource_metadata="${resourceMetadataUrl}"${scopeNote}`);
  },
};
