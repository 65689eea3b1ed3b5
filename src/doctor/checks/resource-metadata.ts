/**
 * Protected-resource metadata (RFC 9728): from the URL the 401 challenge names and from the
 * well-known URLs a client falls back to — first the one with the server's path inserted (§3.1),
 * then the root one (MCP authorization, "Protected Resource Metadata Discovery").
 */
import { getJson } from '../http.js';
import { fail, pass, type Check } from '../check.js';

/** The well-known URLs, in the order MCP clients try them. */
export function wellKnownResourceMetadataUrls(serverUrl: string): string[] {
  const url = new URL(serverUrl);
  const path = url.pathname.replace(/\/$/, '');
  const root = new URL('/.well-known/oauth-protected-resource', url.origin).href;
  return path === '' ? [root] : [new URL(`/.well-known/oauth-protected-resource${path}`, url.origin).href, root];
}

export const resourceMetadataCheck: Check = {
  id: 'resource-metadata',
  title: 'Protected-resource metadata',
  async run(ctx) {
    const fromChallenge = ctx.found.challenge?.resourceMetadataUrl;
    const tried: string[] = [];
    let found: { url: string; json: Record<string, unknown> } | undefined;
    let wellKnown: string | undefined;
    for (const url of wellKnownResourceMetadataUrls(ctx.target.serverUrl)) {
      const res = await getJson(url, ctx.trust);
      if (res.ok) {
        wellKnown = url;
        found = { url, json: res.json };
        break;
      }
      tried.push(`${url} (${res.reason})`);
    }
    if (fromChallenge !== undefined) {
      // A client uses the URL from the challenge when there is one, and only that URL.
      const res = URL.canParse(fromChallenge) ? await getJson(fromChallenge, ctx.trust) : { ok: false as const, reason: 'not an absolute URL' };
      if (!res.ok) return fail(`the 401 challenge names ${fromChallenge}, which does not serve the metadata: ${res.reason}`);
      found = { url: fromChallenge, json: res.json };
    }
    if (!found) {
      const challenge = ctx.found.challenge ? 'the 401 challenge names no resource_metadata and ' : '';
      return fail(`no protected-resource metadata: ${challenge}${tried.join(', ')} did not answer with it, so a client cannot find the authorization server`);
    }
    ctx.found.resourceMetadata = found;
    const { resource, authorization_servers: servers } = found.json;
    if (typeof resource !== 'string' || resource === '') return fail(`${found.url} has no "resource" (RFC 9728 §2 requires it)`);
    if (!Array.isArray(servers) || servers.length === 0 || typeof servers[0] !== 'string') {
      return fail(`${found.url} lists no "authorization_servers", so a client cannot find where to sign in`);
    }
    ctx.found.issuer = servers[0];
    const alsoWellKnown = wellKnown === found.url ? ', which is also the well-known URL' : wellKnown ? `; also at ${wellKnown}` : '; no well-known URL answers';
    const where = fromChallenge !== undefined ? `${found.url} (named by the 401 challenge${alsoWellKnown})` : `${found.url} (well-known URL)`;
    return pass(`found at ${where}: resource ${resource}, authorization server ${servers[0]}`);
  },
};
