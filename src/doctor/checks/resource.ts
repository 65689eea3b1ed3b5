/**
 * The metadata's `resource` against the URL in the entry. RFC 9728 §3.3 asks for the identical
 * URL; mcp-remote (its SDK) accepts a resource on the same origin whose path is a prefix of the
 * server URL's, and refuses anything else. The resource is also the audience of every token.
 */
import { fail, pass, skip, type Check } from '../check.js';

/** The MCP SDK's rule: same origin, and the resource's path is a prefix of the server URL's path. */
export function resourceCovers(resource: string, serverUrl: string): boolean {
  if (!URL.canParse(resource)) return false;
  const r = new URL(resource);
  const s = new URL(serverUrl);
  if (r.origin !== s.origin) return false;
  const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);
  return withSlash(s.pathname).startsWith(withSlash(r.pathname));
}

export const resourceCheck: Check = {
  id: 'resource',
  title: 'resource matches the server URL',
  async run(ctx) {
    const metadata = ctx.found.resourceMetadata;
    if (!metadata || typeof metadata.json.resource !== 'string') return skip('needs the protected-resource metadata');
    const resource = metadata.json.resource;
    const url = ctx.target.serverUrl;
    // What the client compares: the server URL as the URL parser writes it, without a fragment.
    const expected = new URL(url);
    expected.hash = '';
    if (ctx.target.resource !== undefined && ctx.target.resource !== resource) {
      return fail(`the entry passes --resource ${ctx.target.resource}, but the server's resource is ${resource}; tokens would be issued for the wrong audience`);
    }
    if (resource === url || resource === expected.href) return pass(`resource ${resource} is the server URL`);
    if (resourceCovers(resource, url)) {
      return pass(`resource ${resource} covers ${url} (same origin, path prefix), which mcp-remote accepts; tokens are issued for ${resource}`);
    }
    return fail(`resource ${resource} does not match the server URL ${url}; mcp-remote stops with "Protected resource ${resource} does not match expected ${expected.href} (or origin)"`);
  },
};
