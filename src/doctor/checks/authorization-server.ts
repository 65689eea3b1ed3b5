/**
 * Authorization-server metadata at the URLs MCP clients try, in their order: for an issuer with a
 * path, the RFC 8414 path-inserted URL, the OpenID path-inserted URL, then the OpenID URL appended
 * to the path; without a path, the RFC 8414 and OpenID URLs at the root (MCP authorization,
 * "Authorization Server Metadata Discovery"). The first that answers is the one a client uses.
 */
import { getJson } from '../http.js';
import { fail, pass, type Check } from '../check.js';

export function authorizationServerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  if (path === '') {
    return [new URL('/.well-known/oauth-authorization-server', url.origin).href, new URL('/.well-known/openid-configuration', url.origin).href];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, url.origin).href,
    new URL(`/.well-known/openid-configuration${path}`, url.origin).href,
    new URL(`${path}/.well-known/openid-configuration`, url.origin).href,
  ];
}

export const authorizationServerCheck: Check = {
  id: 'authorization-server',
  title: 'Authorization-server metadata',
  async run(ctx) {
    let issuer = ctx.found.issuer;
    let fallback = '';
    if (issuer === undefined) {
      // What the client does without protected-resource metadata: look at the server's own origin.
      issuer = new URL('/', ctx.target.serverUrl).href;
      ctx.found.issuer = issuer;
      fallback = ' (no protected-resource metadata, so a client looks at the MCP server\'s origin)';
    }
    if (!URL.canParse(issuer)) return fail(`the authorization server "${issuer}" is not an absolute URL`);
    const tried: string[] = [];
    for (const url of authorizationServerMetadataUrls(issuer)) {
      const res = await getJson(url, ctx.trust);
      if (res.ok) {
        ctx.found.authorizationServer = { url, json: res.json };
        const before = tried.length > 0 ? ` after ${tried.join(', ')}` : '';
        return pass(`metadata for ${issuer} found at ${url}${before}`);
      }
      tried.push(`${url} (${res.reason})`);
      // The SDK gives up on a server error other than 502 instead of trying the next URL.
      if (res.status !== undefined && res.status >= 500 && res.status !== 502) break;
    }
    return fail(`no authorization-server metadata for ${issuer}${fallback}: ${tried.join(', ')}`);
  },
};
