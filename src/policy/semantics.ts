/**
 * The pieces of the policy's meaning that the TypeScript evaluator and the compiled Curity procedure
 * share as data: the redirect-URI grammar, the client_name limits and every error description.
 * The logic itself is written twice (evaluate.ts, templates/dcr-procedure.js) and proven equal by
 * tests; keeping these strings and patterns in one place keeps them from drifting.
 * Everything here must stay valid in an ECMAScript 5 regular expression.
 */
import type { DcrPolicy } from './model.js';

/**
 * An absolute URI with an http-like authority and no user info or fragment, in plain ASCII:
 * 1 scheme, 2 host (a name or a bracketed IPv6 literal), 3 port. Anything else is malformed.
 */
export const REDIRECT_URI_PATTERN =
  "^([A-Za-z][A-Za-z0-9+.\\-]*)://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9\\-._~%!$&'()*+,;=]+)(?::([0-9]{1,5}))?(?:[/?][A-Za-z0-9\\-._~%!$&'()*+,;=:@/?]*)?$";
/** Hosts on which a native client's http redirect is allowed (RFC 8252 §7.3, plus localhost as MCP clients use it). */
export const LOOPBACK_REDIRECT_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;
/** Characters that would let a client name spoof the consent screen: C0/C1 controls, line separators, bidi formatting. */
export const CLIENT_NAME_FORBIDDEN_PATTERN = '[\\u0000-\\u001F\\u007F-\\u009F\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]';
export const CLIENT_NAME_MAX_LENGTH = 100;
/** RFC 7591 §2 defaults for fields a request leaves out. */
export const DEFAULT_GRANT_TYPE = 'authorization_code';
export const DEFAULT_AUTH_METHOD = 'client_secret_basic';
/** Only the authorization-code flow has a response type among the grants a policy may allow. */
export const ALLOWED_RESPONSE_TYPES = ['code'] as const;

export type RejectCode = 'invalid_redirect_uri' | 'invalid_client_metadata';

/**
 * Every error description, ASCII only (RFC 7591 §3.2.2). They name the field and, for list items,
 * the index, but never echo request values: those are untrusted and may not be ASCII.
 * Keys ending in "Item" follow `<field>[<index>] `.
 */
export function descriptions(policy: DcrPolicy) {
  const allowedScopes = policy.scopes.allowed.join(' ');
  const grantTypes = policy.grantTypes.join(', ');
  const authMethods = policy.tokenEndpointAuthMethods.join(', ');
  const loopback = policy.redirectUris.allowLoopbackHttp;
  return {
    notObject: 'The registration request must be a JSON object.',
    redirectUrisMissing: 'redirect_uris is required.',
    redirectUrisNotList: 'redirect_uris must be a non-empty array of strings.',
    notStringItem: 'must be a string.',
    redirectMalformedItem: 'is not an absolute URI with a host and without user info or fragment.',
    redirectSchemeItem: loopback ? 'must use https, or http on a loopback host.' : 'must use https.',
    redirectHttpItem: loopback ? 'uses http on a host that is not loopback (localhost, 127.0.0.1 or [::1]).' : 'uses http, which the policy does not allow.',
    redirectHttpsHostItem: 'uses https on a host that the policy does not allow.',
    grantTypesNotList: 'grant_types must be a non-empty array of strings.',
    grantTypesDefault: 'grant_types is absent, which means authorization_code, and the policy does not allow it.',
    grantTypeItem: `is not an allowed grant type (allowed: ${grantTypes}).`,
    responseTypesNotList: 'response_types must be a non-empty array of strings.',
    responseTypeItem: 'is not an allowed response type (allowed: code).',
    authMethodNotString: 'token_endpoint_auth_method must be a string.',
    authMethodDefault: `token_endpoint_auth_method is absent, which means client_secret_basic, and the policy does not allow it (allowed: ${authMethods}).`,
    authMethodNotAllowed: `token_endpoint_auth_method is not allowed (allowed: ${authMethods}).`,
    clientNameNotString: 'client_name must be a string.',
    clientNameLength: `client_name must be 1 to ${CLIENT_NAME_MAX_LENGTH} characters long.`,
    clientNameCharacters: 'client_name must not contain control or bidirectional-formatting characters.',
    scopeNotString: 'scope must be a string of space-separated scope values.',
    scopeMissing: `scope is required; ask for one or more of: ${allowedScopes}.`,
    scopeNotAllowed: `scope holds a value that the policy does not allow (allowed: ${allowedScopes}).`,
    scopeNoneAllowed: `none of the requested scopes is allowed (allowed: ${allowedScopes}).`,
  };
}

export type Descriptions = ReturnType<typeof descriptions>;
