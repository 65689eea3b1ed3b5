/**
 * The policy's meaning, in TypeScript: what `mcpauth dcr simulate` runs. The compiled Curity
 * procedure (templates/dcr-procedure.js) implements the same steps in ES5, in the same order; tests
 * run both on the same requests and require the same answer. Total: any JSON value gets a decision.
 */
import type { DcrPolicy } from './model.js';
import {
  ALLOWED_RESPONSE_TYPES,
  CLIENT_NAME_FORBIDDEN_PATTERN,
  CLIENT_NAME_MAX_LENGTH,
  DEFAULT_AUTH_METHOD,
  DEFAULT_GRANT_TYPE,
  LOOPBACK_REDIRECT_HOSTS,
  REDIRECT_URI_PATTERN,
  descriptions,
  type Descriptions,
  type RejectCode,
} from './semantics.js';
import { OPENID_SCOPES } from './choices.js';

/** The attribute map the procedure returns; Curity merges it over the request (its values win). */
export interface Attributes {
  require_proof_key: boolean;
  access_token_ttl: number;
  refresh_token_ttl: number;
  audiences: string[];
  template_area?: string;
  client_type?: string;
  client_assurance_level?: number;
  name?: string;
  requires_consent: boolean;
  scope?: string;
}

export type Decision =
  | { decision: 'accept'; attributes: Attributes }
  | { decision: 'reject'; error: { code: RejectCode; description: string } };

/** Thrown inside evaluate only, to leave from any depth exactly as the procedure's `throw` does. */
class Rejection {
  constructor(
    readonly code: RejectCode,
    readonly description: string,
  ) {}
}

const REDIRECT_URI = new RegExp(REDIRECT_URI_PATTERN);
const CLIENT_NAME_FORBIDDEN = new RegExp(CLIENT_NAME_FORBIDDEN_PATTERN);

export function evaluate(policy: DcrPolicy, body: unknown): Decision {
  const text = descriptions(policy);
  try {
    return { decision: 'accept', attributes: accept(policy, text, body) };
  } catch (error) {
    if (error instanceof Rejection) return { decision: 'reject', error: { code: error.code, description: error.description } };
    throw error;
  }
}

function reject(code: RejectCode, description: string): never {
  throw new Rejection(code, description);
}

/** JSON null counts as absent: Curity may hand a procedure null for a missing member. */
function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function accept(policy: DcrPolicy, text: Descriptions, body: unknown): Attributes {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) reject('invalid_client_metadata', text.notObject);
  const request = body as Record<string, unknown>;
  checkRedirectUris(policy, text, request.redirect_uris);
  checkGrantTypes(policy, text, request.grant_types);
  checkResponseTypes(text, request.response_types);
  checkAuthMethod(policy, text, request.token_endpoint_auth_method);
  checkClientName(text, request.client_name);
  const scope = grantedScope(policy, text, request.scope);
  return attributesFor(policy, request.client_name, scope);
}

/** A non-empty list of strings, or a rejection naming the field. */
function stringList(value: unknown, field: string, notList: string, text: Descriptions, code: RejectCode): string[] {
  if (!Array.isArray(value) || value.length === 0) reject(code, notList);
  value.forEach((item, i) => {
    if (typeof item !== 'string') reject(code, `${field}[${i}] ${text.notStringItem}`);
  });
  return value as string[];
}

function checkRedirectUris(policy: DcrPolicy, text: Descriptions, value: unknown): void {
  if (!present(value)) reject('invalid_redirect_uri', text.redirectUrisMissing);
  const uris = stringList(value, 'redirect_uris', text.redirectUrisNotList, text, 'invalid_redirect_uri');
  const httpsHosts = policy.redirectUris.httpsHosts.map((host) => host.toLowerCase());
  uris.forEach((uri, i) => {
    const problem = redirectProblem(policy, text, httpsHosts, uri);
    if (problem) reject('invalid_redirect_uri', `redirect_uris[${i}] ${problem}`);
  });
}

function redirectProblem(policy: DcrPolicy, text: Descriptions, httpsHosts: string[], uri: string): string | undefined {
  const match = REDIRECT_URI.exec(uri);
  if (!match) return text.redirectMalformedItem;
  const scheme = match[1].toLowerCase();
  const host = match[2].toLowerCase();
  const port = match[3];
  if (port) {
    const number = parseInt(port, 10);
    if (number < 1 || number > 65535) return text.redirectMalformedItem;
  }
  if (scheme === 'http') {
    if (!policy.redirectUris.allowLoopbackHttp || !(LOOPBACK_REDIRECT_HOSTS as readonly string[]).includes(host)) return text.redirectHttpItem;
    return undefined;
  }
  if (scheme === 'https') return httpsHosts.includes(host) ? undefined : text.redirectHttpsHostItem;
  return text.redirectSchemeItem;
}

function checkGrantTypes(policy: DcrPolicy, text: Descriptions, value: unknown): void {
  const allowed = policy.grantTypes as readonly string[];
  if (!present(value)) {
    if (!allowed.includes(DEFAULT_GRANT_TYPE)) reject('invalid_client_metadata', text.grantTypesDefault);
    return;
  }
  const grants = stringList(value, 'grant_types', text.grantTypesNotList, text, 'invalid_client_metadata');
  grants.forEach((grant, i) => {
    if (!allowed.includes(grant)) reject('invalid_client_metadata', `grant_types[${i}] ${text.grantTypeItem}`);
  });
}

function checkResponseTypes(text: Descriptions, value: unknown): void {
  if (!present(value)) return;
  const types = stringList(value, 'response_types', text.responseTypesNotList, text, 'invalid_client_metadata');
  types.forEach((type, i) => {
    if (!(ALLOWED_RESPONSE_TYPES as readonly string[]).includes(type)) reject('invalid_client_metadata', `response_types[${i}] ${text.responseTypeItem}`);
  });
}

function checkAuthMethod(policy: DcrPolicy, text: Descriptions, value: unknown): void {
  const allowed = policy.tokenEndpointAuthMethods as readonly string[];
  if (!present(value)) {
    if (!allowed.includes(DEFAULT_AUTH_METHOD)) reject('invalid_client_metadata', text.authMethodDefault);
    return;
  }
  if (typeof value !== 'string') reject('invalid_client_metadata', text.authMethodNotString);
  if (!allowed.includes(value)) reject('invalid_client_metadata', text.authMethodNotAllowed);
}

function checkClientName(text: Descriptions, value: unknown): void {
  if (!present(value)) return;
  if (typeof value !== 'string') reject('invalid_client_metadata', text.clientNameNotString);
  if (value.length < 1 || value.length > CLIENT_NAME_MAX_LENGTH) reject('invalid_client_metadata', text.clientNameLength);
  if (CLIENT_NAME_FORBIDDEN.test(value)) reject('invalid_client_metadata', text.clientNameCharacters);
}

/**
 * The scope to register, space-separated, or undefined to leave the request's scope to the server
 * (only when the policy states no onMissing / onUnknown action).
 */
function grantedScope(policy: DcrPolicy, text: Descriptions, value: unknown): string | undefined {
  const { scopes } = policy;
  if (present(value) && typeof value !== 'string') reject('invalid_client_metadata', text.scopeNotString);
  let requested = typeof value === 'string' ? value.split(' ').filter((token) => token !== '') : [];
  if (requested.length === 0) {
    if (scopes.onMissing === 'reject') reject('invalid_client_metadata', text.scopeMissing);
    if (scopes.onMissing !== 'default') return undefined;
    requested = scopes.default ?? [];
  }
  const granted: string[] = [];
  const seen: string[] = [];
  let passThrough = false;
  for (const token of requested) {
    if (seen.includes(token)) continue;
    seen.push(token);
    if (scopes.allowed.includes(token)) granted.push(token);
    else if (scopes.openidScopes === 'drop' && (OPENID_SCOPES as readonly string[]).includes(token)) continue;
    else if (scopes.onUnknown === 'reject') reject('invalid_client_metadata', text.scopeNotAllowed);
    else if (scopes.onUnknown !== 'drop') passThrough = true;
  }
  if (passThrough) return undefined;
  if (granted.length === 0) reject('invalid_client_metadata', text.scopeNoneAllowed);
  return granted.join(' ');
}

/** Fixed key order, so that simulate output and the procedure's map read the same way. */
function attributesFor(policy: DcrPolicy, clientName: unknown, scope: string | undefined): Attributes {
  const { client } = policy;
  const attributes = {
    require_proof_key: client.requireProofKey,
    access_token_ttl: client.accessTokenTtl,
    refresh_token_ttl: client.refreshTokenTtl,
    audiences: [...client.audiences],
  } as Attributes;
  if (client.templateArea !== undefined) attributes.template_area = client.templateArea;
  if (client.clientType !== undefined) attributes.client_type = client.clientType;
  if (client.clientAssuranceLevel !== undefined) attributes.client_assurance_level = client.clientAssuranceLevel;
  if (client.nameFromClientName && typeof clientName === 'string') attributes.name = clientName;
  attributes.requires_consent = client.requiresConsent;
  if (scope !== undefined) attributes.scope = scope;
  return attributes;
}
