/**
 * The scope the client will ask for is one the servers offer. mcp-remote asks for the `scope` of
 * its static client metadata, else the 401 challenge's, else the resource metadata's
 * `scopes_supported` (reference/claude-desktop-and-mcp-remote.md §1.6).
 */
import { fail, pass, skip, type Check, type DoctorContext } from '../check.js';

function effectiveScope(ctx: DoctorContext): { scope: string; source: string } | undefined {
  if (ctx.target.scope) return { scope: ctx.target.scope, source: 'the entry\'s --static-oauth-client-metadata' };
  if (ctx.found.challenge?.scope) return { scope: ctx.found.challenge.scope, source: 'the 401 challenge (the entry sets none)' };
  const supported = ctx.found.resourceMetadata?.json.scopes_supported;
  if (Array.isArray(supported) && supported.length > 0) return { scope: supported.join(' '), source: 'the resource metadata\'s scopes_supported (the entry sets none)' };
  return undefined;
}

export const scopeCheck: Check = {
  id: 'scope',
  title: 'scope is supported',
  async run(ctx) {
    const metadata = ctx.found.authorizationServer;
    if (!metadata) return skip('needs the authorization-server metadata');
    const wanted = effectiveScope(ctx);
    if (!wanted) return fail('the entry sets no scope and the server suggests none, so mcp-remote would ask for "openid email profile"');
    const tokens = wanted.scope.split(/\s+/).filter(Boolean);
    const supported = metadata.json.scopes_supported;
    if (!Array.isArray(supported)) return fail(`the authorization-server metadata has no scopes_supported, so "${wanted.scope}" (from ${wanted.source}) cannot be confirmed`);
    const missing = tokens.filter((t) => !supported.includes(t));
    if (missing.length > 0) {
      return fail(`"${missing.join(' ')}" (from ${wanted.source}) is not in the authorization server's scopes_supported ${JSON.stringify(supported)}`);
    }
    const resourceScopes = ctx.found.resourceMetadata?.json.scopes_supported;
    if (Array.isArray(resourceScopes)) {
      const notForResource = tokens.filter((t) => !resourceScopes.includes(t));
      if (notForResource.length > 0) {
        return fail(`"${notForResource.join(' ')}" (from ${wanted.source}) is not in the MCP server's scopes_supported ${JSON.stringify(resourceScopes)}`);
      }
    }
    return pass(`"${wanted.scope}" (from ${wanted.source}) is in scopes_supported`);
  },
};
