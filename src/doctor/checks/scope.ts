/**
 * The scopes the client will ask for are ones the servers offer, and the sign-in asks for no more
 * than the registration got. mcp-remote 0.15.1 picks them in two different orders (read from its
 * dist/, and seen against the local deployment):
 * - the registration body: the 401 challenge's `scope`, else the resource metadata's
 *   `scopes_supported`, else the `scope` of --static-oauth-client-metadata;
 * - the authorization request: the `scope` of --static-oauth-client-metadata, else the
 *   challenge's, else `scopes_supported`.
 */
import { fail, pass, skip, type Check, type DoctorContext } from '../check.js';

interface Scope {
  scope: string;
  source: string;
}

function tokens(scope: string): string[] {
  return scope.split(/\s+/).filter(Boolean);
}

function scopeSources(ctx: DoctorContext): { entry?: Scope; challenge?: Scope; resource?: Scope } {
  const supported = ctx.found.resourceMetadata?.json.scopes_supported;
  return {
    entry: ctx.target.scope ? { scope: ctx.target.scope, source: 'the entry\'s --static-oauth-client-metadata' } : undefined,
    challenge: ctx.found.challenge?.scope ? { scope: ctx.found.challenge.scope, source: 'the 401 challenge' } : undefined,
    resource: Array.isArray(supported) && supported.length > 0 ? { scope: supported.join(' '), source: 'the resource metadata\'s scopes_supported' } : undefined,
  };
}

export const scopeCheck: Check = {
  id: 'scope',
  title: 'scope is supported',
  async run(ctx) {
    const metadata = ctx.found.authorizationServer;
    if (!metadata) return skip('needs the authorization-server metadata');
    const { entry, challenge, resource } = scopeSources(ctx);
    const signIn = entry ?? challenge ?? resource;
    if (!signIn) return fail('the entry sets no scope and the server suggests none, so mcp-remote would ask for "openid email profile"');
    const registration = ctx.target.registration === 'dcr' ? (challenge ?? resource ?? entry) : undefined;

    const supported = metadata.json.scopes_supported;
    if (!Array.isArray(supported)) return fail(`the authorization-server metadata has no scopes_supported, so "${signIn.scope}" (from ${signIn.source}) cannot be confirmed`);
    for (const wanted of registration && registration !== signIn ? [signIn, registration] : [signIn]) {
      const missing = tokens(wanted.scope).filter((t) => !supported.includes(t));
      if (missing.length > 0) return fail(`"${missing.join(' ')}" (from ${wanted.source}) is not in the authorization server's scopes_supported ${JSON.stringify(supported)}`);
    }
    if (registration) {
      const unregistered = tokens(signIn.scope).filter((t) => !tokens(registration.scope).includes(t));
      if (unregistered.length > 0) {
        return fail(
          `mcp-remote registers the client with "${registration.scope}" (from ${registration.source}) but signs in asking for "${signIn.scope}" (from ${signIn.source}); ` +
            `an authorization server that holds clients to their registered scopes refuses "${unregistered.join(' ')}" (invalid_scope): give the entry the server's scope`,
        );
      }
    }
    const resourceScopes = ctx.found.resourceMetadata?.json.scopes_supported;
    if (Array.isArray(resourceScopes)) {
      const notForResource = tokens(signIn.scope).filter((t) => !resourceScopes.includes(t));
      if (notForResource.length > 0) {
        return fail(`"${notForResource.join(' ')}" (from ${signIn.source}) is not in the MCP server's scopes_supported ${JSON.stringify(resourceScopes)}`);
      }
    }
    return pass(`"${signIn.scope}" (from ${signIn.source}) is in scopes_supported`);
  },
};
