/**
 * How the client gets a client id, against what the authorization server offers: a
 * `registration_endpoint` for dynamic client registration, `client_id_metadata_document_supported`
 * for a Client ID Metadata Document, nothing for a pre-registered client.
 */
import { fail, pass, skip, type Check } from '../check.js';

export const registrationCheck: Check = {
  id: 'registration',
  title: 'client registration',
  async run(ctx) {
    const metadata = ctx.found.authorizationServer;
    const { registration, clientId } = ctx.target;
    if (registration === 'static') return skip(`the entry brings a pre-registered client${clientId ? ` (${clientId})` : ''}, so nothing is registered`);
    if (!metadata) return skip('needs the authorization-server metadata');
    if (registration === 'cimd') {
      if (metadata.json.client_id_metadata_document_supported === true) return pass('the authorization server accepts Client ID Metadata Documents');
      return fail('the authorization server does not set client_id_metadata_document_supported: true, so it will not fetch the client\'s metadata document');
    }
    const endpoint = metadata.json.registration_endpoint;
    if (typeof endpoint !== 'string' || endpoint === '') {
      return fail('no registration_endpoint: mcp-remote stops with "Incompatible auth server: does not support dynamic client registration"; enable DCR or use a pre-registered client');
    }
    if (!URL.canParse(endpoint) || new URL(endpoint).protocol !== 'https:') return fail(`registration_endpoint ${endpoint} is not an https URL (RFC 7591 §3)`);
    return pass(`registration_endpoint ${endpoint} (dynamic client registration; doctor does not register)`);
  },
};
