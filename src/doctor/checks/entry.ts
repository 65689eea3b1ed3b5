/** The entry itself: what mcp-remote will be told, and anything in it that cannot work. */
import { fail, pass, type Check } from '../check.js';

export const entryCheck: Check = {
  id: 'entry',
  title: 'Claude Desktop entry',
  async run({ target }) {
    if (target.problems.length > 0) return fail(target.problems.join('; '));
    const how = { dcr: 'dynamic client registration', static: `the pre-registered client ${target.clientId ?? ''}`.trim(), cimd: `the Client ID Metadata Document ${target.clientMetadataUrl}` }[target.registration];
    const scope = target.scope ? `scope "${target.scope}"` : 'no scope of its own (mcp-remote takes one from discovery)';
    return pass(`runs mcp-remote for ${target.serverUrl} with ${how} and ${scope}`);
  },
};
