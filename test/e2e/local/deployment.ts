/**
 * A complete deployment on loopback, made and torn down by a test: a private CA and a server
 * certificate for localhost/127.0.0.1 (written to a temporary folder, as a user's CA file would
 * be), the MCP server and the authorization server. Options inject the faults doctor must name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCa, makeServerCert } from '../../helpers/pki.js';
import { evaluate } from '../../../src/policy/evaluate.js';
import { loadPolicyFile } from '../../../src/policy/load.js';
import { startAuthorizationServer, type AuthorizationServer } from './authorization-server.js';
import { startMcpServer, type McpResourceServer } from './mcp-server.js';

export const E2E_SCOPE = 'stocks/read';

export interface DeploymentOptions {
  withoutResourceMetadata?: boolean;
  pkceMethods?: ('S256' | 'plain')[];
  hideScope?: boolean;
  /** The issuer says 127.0.0.1 while the protected-resource metadata names localhost. */
  issuerMismatch?: boolean;
}

export interface LocalDeployment {
  dir: string;
  /** PEM file of the private CA that signed both servers' certificate. */
  caFile: string;
  /** PEM file of another CA, which signed nothing here. */
  otherCaFile: string;
  /** The server certificate for localhost/127.0.0.1 that the CA signed, for more loopback servers. */
  tls: { certPem: string; keyPem: string };
  mcp: McpResourceServer;
  as: AuthorizationServer;
  scope: string;
  /**
   * Plugs a dcr-policy.json (as `mcpauth generate` wrote it) into the authorization server's
   * registration policy hook, decided by the same evaluator as `mcpauth dcr simulate`.
   */
  enforcePolicyFile(file: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalDeployment(options: DeploymentOptions = {}): Promise<LocalDeployment> {
  const ca = await makeCa({ name: 'mcpauth e2e CA' });
  const other = await makeCa({ name: 'some other CA' });
  const tls = await makeServerCert(ca);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpauth-e2e-'));
  const caFile = path.join(dir, 'example.ca.crt');
  const otherCaFile = path.join(dir, 'other.ca.crt');
  writeFileSync(caFile, ca.certPem);
  writeFileSync(otherCaFile, other.certPem);

  const mcp = await startMcpServer({ tls, scope: E2E_SCOPE, withoutResourceMetadata: options.withoutResourceMetadata });
  const as = await startAuthorizationServer({
    tls,
    resource: mcp.url,
    scope: E2E_SCOPE,
    pkceMethods: options.pkceMethods,
    hideScope: options.hideScope,
    issuerHost: options.issuerMismatch ? '127.0.0.1' : undefined,
  });
  mcp.trust(as, options.issuerMismatch ? as.issuer.replace('//127.0.0.1:', '//localhost:') : undefined);

  return {
    dir,
    caFile,
    otherCaFile,
    tls,
    mcp,
    as,
    scope: E2E_SCOPE,
    enforcePolicyFile: async (file) => {
      const policy = await loadPolicyFile(file);
      as.setRegistrationPolicy((request) => evaluate(policy, request));
    },
    stop: async () => {
      await Promise.all([mcp.close(), as.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
