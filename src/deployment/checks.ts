/**
 * Checks of single answers, shared by resolveDeployment (flags and deployment files) and the
 * wizard (one question at a time), so that a typed answer and a flag are judged by the same code.
 * Each returns a reason that reads after the value ("does not exist"), or undefined when it is fine.
 */
import type { z } from 'zod';
import { caCertificateProblem, inspectPemFile, realAbsolutePath } from './ca-cert.js';
import type { Section } from './fields.js';
import { deploymentSchema } from './model.js';
import { isAbsoluteFor, isThisComputer, pathProblem, windowsUnsafeCharacter, type Platform } from './platform.js';
import { OPENID_SCOPES, type OPENID_SCOPE_CHOICES } from '../policy/choices.js';
import { CLIENT_NAME_FORBIDDEN_PATTERN, CLIENT_NAME_MAX_LENGTH } from '../policy/semantics.js';

/** What the zod model says about one field's value (the first issue), or undefined. */
export function fieldSchemaProblem(section: Section, key: string, value: unknown): string | undefined {
  const sectionSchema = deploymentSchema.shape[section] as unknown as z.ZodObject;
  const schema = sectionSchema.shape[key] as z.ZodType | undefined;
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0].message;
}

/** The desktop client's name is sent as client_name, which the DCR policy refuses when it could spoof the consent screen. */
export function clientNameProblem(name: string): string | undefined {
  if (name.length > CLIENT_NAME_MAX_LENGTH) return `is longer than ${CLIENT_NAME_MAX_LENGTH} characters; the DCR policy refuses such a client_name`;
  if (new RegExp(CLIENT_NAME_FORBIDDEN_PATTERN).test(name)) return 'holds a control or bidirectional-formatting character; the DCR policy refuses such a client_name';
  return undefined;
}

/**
 * Server scopes the DCR policy would not grant. Clients ask for exactly those, so a policy that
 * misses one refuses every registration (reference/oauth-dcr.md XAR-006).
 */
export function missingDcrScopes(serverScopes: readonly string[], allowedScopes: readonly string[], openidScopes: (typeof OPENID_SCOPE_CHOICES)[number]): string[] {
  const allowed = new Set(allowedScopes);
  if (openidScopes === 'allow') OPENID_SCOPES.forEach((scope) => allowed.add(scope));
  return serverScopes.filter((scope) => !allowed.has(scope));
}

export type CaCertJudgement = { path: string; problem?: undefined } | { problem: string };

/**
 * A CA certificate path for NODE_EXTRA_CA_CERTS. On this computer the file is read at once (it
 * exists, holds PEM, the first certificate is a CA and has not expired) and the answer becomes
 * its absolute real path; for another computer it must be an absolute path for that system.
 * The problem names the value, so it reads on its own: `/x/ca.crt does not exist`.
 */
export async function judgeCaCert(value: string, platform: Platform, cwd: string, now = new Date()): Promise<CaCertJudgement> {
  const problem = pathProblem(value);
  if (problem) return { problem: `"${value}" ${problem}` };
  if (isThisComputer(platform)) {
    const absolute = await realAbsolutePath(value, cwd);
    const certificateProblem = caCertificateProblem(await inspectPemFile(absolute), now);
    return certificateProblem ? { problem: `${absolute} ${certificateProblem}` } : { path: absolute };
  }
  if (!isAbsoluteFor(platform, value)) {
    const example = platform === 'win32' ? '(such as C:\\Users\\me\\certs\\example.ca.crt)' : '(starting with /)';
    return { problem: `"${value}" must be an absolute path on the ${platform} target ${example}` };
  }
  return { path: value };
}

/** An @file that mcp-remote reads on the target computer (metadataFile, clientInfoFile). */
export function targetFileProblem(file: string, platform: Platform): string | undefined {
  const problem = pathProblem(file);
  if (problem) return `"${file}" ${problem}`;
  if (!isAbsoluteFor(platform, file)) return `"${file}" must be an absolute path on the ${platform} target (mcp-remote reads it relative to an unknown folder otherwise)`;
  return windowsArgProblem(`@${file}`, platform);
}

/** Claude Desktop runs npx through cmd.exe on Windows: see platform.ts. */
export function windowsArgProblem(arg: string, platform: Platform): string | undefined {
  if (platform !== 'win32') return undefined;
  const bad = windowsUnsafeCharacter(arg);
  if (!bad) return undefined;
  return `becomes the argument "${arg}", which holds ${bad}; on a Windows target Claude Desktop runs npx through cmd.exe, which breaks its command line on it`;
}

/** With static registration mcp-remote sends exactly the loopback callback: the static client must list it. */
export function staticRedirectProblem(redirectUris: readonly string[], callback: string): string | undefined {
  if (redirectUris.includes(callback)) return undefined;
  return `does not list ${callback}, the redirect URI mcp-remote sends with static registration`;
}
