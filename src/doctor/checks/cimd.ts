/**
 * The Client ID Metadata Document (CIMD mode only): fetchable over https without a redirect, a
 * JSON object whose `client_id` is its URL exactly (draft-ietf-oauth-client-id-metadata-document
 * §4.1; MCP authorization, "Client ID Metadata Documents").
 */
import { getJson } from '../http.js';
import { fail, pass, skip, type Check } from '../check.js';

export const cimdCheck: Check = {
  id: 'cimd',
  title: 'Client ID Metadata Document',
  async run(ctx) {
    const url = ctx.target.clientMetadataUrl;
    if (ctx.target.registration !== 'cimd' || url === undefined) return skip('the entry does not use a Client ID Metadata Document');
    if (!URL.canParse(url) || new URL(url).protocol !== 'https:' || new URL(url).pathname === '/') {
      return fail(`--client-metadata-url ${url} must be an https URL with a path`);
    }
    const res = await getJson(url, ctx.trust);
    if (!res.ok) return fail(`${url} cannot be fetched: ${res.reason}`);
    const clientId = res.json.client_id;
    if (clientId !== url) return fail(`${url} has client_id ${JSON.stringify(clientId ?? null)}; it must be the document's URL exactly`);
    for (const field of ['client_name', 'redirect_uris']) {
      if (res.json[field] === undefined) return fail(`${url} has no "${field}", which MCP requires in the document`);
    }
    return pass(`${url} is served with a matching client_id`);
  },
};
