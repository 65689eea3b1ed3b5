/**
 * The shape of one doctor check, and what the checks learn along the way: later checks build on
 * what earlier ones discovered (the challenge names the resource metadata, which names the
 * authorization server, whose metadata the PKCE and scope checks read).
 */
import type { Trust } from './http.js';
import type { DoctorTarget } from './target.js';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckOutcome {
  status: CheckStatus;
  /** One sentence a user can act on: what was seen, and why it matters when it fails. */
  reason: string;
}

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
}

export interface Discovered {
  challenge?: { resourceMetadataUrl?: string; scope?: string };
  resourceMetadata?: { url: string; json: Record<string, unknown> };
  /** The issuer the client looks up: authorization_servers[0], or the server's origin without metadata. */
  issuer?: string;
  authorizationServer?: { url: string; json: Record<string, unknown> };
}

export interface DoctorContext {
  target: DoctorTarget;
  /** What mcp-remote trusts: the public roots plus the entry's CA file (filled in by the TLS check). */
  trust: Trust;
  found: Discovered;
}

export interface Check {
  id: string;
  title: string;
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

export const pass = (reason: string): CheckOutcome => ({ status: 'pass', reason });
export const fail = (reason: string): CheckOutcome => ({ status: 'fail', reason });
export const skip = (reason: string): CheckOutcome => ({ status: 'skip', reason });

/** "localhost:8443" for messages. */
export function hostOf(url: string): string {
  return new URL(url).host;
}
