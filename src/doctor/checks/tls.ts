/**
 * TLS to the MCP server with the CA the entry trusts (NODE_EXTRA_CA_CERTS), and whether it would
 * pass without it. Node only warns when that file is missing or unreadable and fails later with
 * "self-signed certificate in certificate chain", so the file is checked first.
 */
import { promises as fs } from 'node:fs';
import { inspectPemFile } from '../../deployment/ca-cert.js';
import { tlsHandshake } from '../http.js';
import { fail, hostOf, pass, skip, type Check } from '../check.js';

export const tlsCheck: Check = {
  id: 'tls',
  title: 'TLS with the configured CA',
  async run(ctx) {
    const url = new URL(ctx.target.serverUrl);
    if (url.protocol !== 'https:') return skip(`${url.origin} uses ${url.protocol.replace(':', '')}, so there is no TLS to check`);
    const host = hostOf(ctx.target.serverUrl);
    const caFile = ctx.target.caFile;
    if (caFile === undefined) {
      const plain = await tlsHandshake(url, ctx.trust);
      if (plain.ok) return pass(`TLS to ${host} is verified with the public CAs; the entry needs no NODE_EXTRA_CA_CERTS`);
      if (!plain.certificate) return fail(`TLS to ${host} fails: ${plain.reason}`);
      return fail(`TLS to ${host} fails: ${plain.reason}; the entry has no NODE_EXTRA_CA_CERTS — set it to the CA certificate file (mcpauth generate desktop-config --ca-cert FILE)`);
    }
    const inspection = await inspectPemFile(caFile);
    if (!inspection.ok) {
      return fail(`NODE_EXTRA_CA_CERTS names ${caFile}, which ${inspection.problem}; Node only prints a warning about that, and TLS to ${host} then fails`);
    }
    ctx.trust = { ...ctx.trust, extraCaPem: await fs.readFile(caFile, 'latin1') };
    const withCa = await tlsHandshake(url, ctx.trust);
    const withoutCa = await tlsHandshake(url, { ...ctx.trust, extraCaPem: undefined });
    if (!withCa.ok) {
      if (!withCa.certificate) return fail(`TLS to ${host} fails: ${withCa.reason}`);
      return fail(`TLS to ${host} fails with the CA in NODE_EXTRA_CA_CERTS (${caFile}): ${withCa.reason}; is that the CA that signed the server's certificate?`);
    }
    const without = withoutCa.ok
      ? 'it also passes without it (the certificate chains to a public CA)'
      : `without it the handshake fails (${withoutCa.reason}), so the entry needs it`;
    return pass(`TLS to ${host} is verified with the CA in NODE_EXTRA_CA_CERTS (${caFile}); ${without}`);
  },
};
