/**
 * The metadata's `issuer` is the issuer the client looked up (RFC 8414 §3.3; MCP requires clients
 * to refuse metadata otherwise). mcp-remote's SDK also accepts the looked-up value without its
 * trailing slash.
 */
import { fail, pass, skip, type Check } from '../check.js';

export const issuerCheck: Check = {
  id: 'issuer',
  title: 'issuer matches',
  async run(ctx) {
    const metadata = ctx.found.authorizationServer;
    const expected = ctx.found.issuer;
    if (!metadata || expected === undefined) return skip('needs the authorization-server metadata');
    const issuer = metadata.json.issuer;
    if (typeof issuer !== 'string') return fail(`${metadata.url} has no "issuer"`);
    if (issuer === expected) return pass(`issuer ${issuer} is the one the metadata was looked up for`);
    if (expected.endsWith('/') && issuer === expected.slice(0, -1)) {
      return pass(`issuer ${issuer} is ${expected} without its trailing slash, which mcp-remote accepts`);
    }
    return fail(`${metadata.url} says issuer ${issuer}, but it was looked up for ${expected}; clients must not use it (RFC 8414 §3.3) and mcp-remote stops with "Issuer mismatch"`);
  },
};
