/**
 * Runs every check in order against one entry. Checks only read: an unauthenticated MCP
 * `initialize`, metadata documents and TLS handshakes. Nothing is registered, nobody signs in.
 */
import type { Check, CheckResult, DoctorContext } from './check.js';
import { authorizationServerCheck } from './checks/authorization-server.js';
import { challengeCheck } from './checks/challenge.js';
import { cimdCheck } from './checks/cimd.js';
import { entryCheck } from './checks/entry.js';
import { issuerCheck } from './checks/issuer.js';
import { pkceCheck } from './checks/pkce.js';
import { registrationCheck } from './checks/registration.js';
import { resourceCheck } from './checks/resource.js';
import { resourceMetadataCheck } from './checks/resource-metadata.js';
import { scopeCheck } from './checks/scope.js';
import { tlsCheck } from './checks/tls.js';
import type { DoctorTarget } from './target.js';

export const CHECKS: readonly Check[] = [
  entryCheck,
  tlsCheck,
  challengeCheck,
  resourceMetadataCheck,
  resourceCheck,
  authorizationServerCheck,
  issuerCheck,
  registrationCheck,
  pkceCheck,
  scopeCheck,
  cimdCheck,
];

export interface DoctorReport {
  target: DoctorTarget;
  checks: CheckResult[];
  ok: boolean;
}

export async function runDoctor(target: DoctorTarget, options: { timeoutMs: number }): Promise<DoctorReport> {
  const ctx: DoctorContext = { target, trust: { timeoutMs: options.timeoutMs, unreachable: new Map() }, found: {} };
  const checks: CheckResult[] = [];
  for (const check of CHECKS) {
    let outcome;
    try {
      outcome = await check.run(ctx);
    } catch (error) {
      outcome = { status: 'fail' as const, reason: `the check itself failed: ${(error as Error).message}` };
    }
    checks.push({ id: check.id, title: check.title, ...outcome });
  }
  return { target, checks, ok: checks.every((c) => c.status !== 'fail') };
}
