/**
 * PKCE with S256 (MCP authorization, "Authorization Code Protection"): without
 * `code_challenge_methods_supported` the server does not support PKCE (RFC 8414 §2) and MCP
 * clients must refuse to go on; without S256, mcp-remote stops.
 */
import { fail, pass, skip, type Check } from '../check.js';

export const pkceCheck: Check = {
  id: 'pkce',
  title: 'PKCE S256',
  async run(ctx) {
    const metadata = ctx.found.authorizationServer;
    if (!metadata) return skip('needs the authorization-server metadata');
    const methods = metadata.json.code_challenge_methods_supported;
    if (!Array.isArray(methods)) {
      return fail('the metadata has no code_challenge_methods_supported, which means no PKCE (RFC 8414 §2); MCP clients must refuse such a server');
    }
    if (!methods.includes('S256')) {
      return fail(`code_challenge_methods_supported is ${JSON.stringify(methods)}, without S256; mcp-remote stops with "does not support code challenge method S256"`);
    }
    return pass(`code_challenge_methods_supported includes S256`);
  },
};
