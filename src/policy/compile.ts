/**
 * The compiler: dcr-policy.json → mcp-client-registration-policy.js, a Curity DCR pre-processing
 * procedure. The skeleton (templates/dcr-procedure.js) holds all the code; the compiler decides
 * which of its branches this policy needs and fills in the policy's values as JavaScript literals.
 */
import { OPENID_SCOPES, type DcrPolicy } from './model.js';
import { jsLiteral, type LiteralValue } from './js-literal.js';
import {
  ALLOWED_RESPONSE_TYPES,
  CLIENT_NAME_FORBIDDEN_PATTERN,
  CLIENT_NAME_MAX_LENGTH,
  LOOPBACK_REDIRECT_HOSTS,
  REDIRECT_URI_PATTERN,
  descriptions,
} from './semantics.js';
import { procedureTemplate, renderTemplate } from './template.js';

/** The procedure id: the file name Curity loads it from and the name the DCR endpoint refers to. */
export const PROCEDURE_ID = 'mcp-client-registration-policy';

export function compilePolicy(policy: DcrPolicy, template: string = procedureTemplate()): string {
  const { scopes, redirectUris, client } = policy;
  const conditions: Record<string, boolean> = {
    onMissingReject: scopes.onMissing === 'reject',
    onMissingDefault: scopes.onMissing === 'default',
    onMissingAbsent: scopes.onMissing === undefined,
    onUnknownReject: scopes.onUnknown === 'reject',
    onUnknownDrop: scopes.onUnknown === 'drop',
    onUnknownAbsent: scopes.onUnknown === undefined,
    dropOpenidScopes: scopes.openidScopes === 'drop',
    allowLoopbackHttp: redirectUris.allowLoopbackHttp,
    hasTemplateArea: client.templateArea !== undefined,
    hasClientType: client.clientType !== undefined,
    hasClientAssuranceLevel: client.clientAssuranceLevel !== undefined,
    nameFromClientName: client.nameFromClientName,
  };
  const values: Record<string, LiteralValue | undefined> = {
    allowedScopes: scopes.allowed,
    defaultScopes: scopes.default,
    openidScopes: OPENID_SCOPES,
    httpsHosts: redirectUris.httpsHosts.map((host) => host.toLowerCase()),
    loopbackHosts: LOOPBACK_REDIRECT_HOSTS,
    grantTypes: policy.grantTypes,
    responseTypes: ALLOWED_RESPONSE_TYPES,
    authMethods: policy.tokenEndpointAuthMethods,
    redirectUriPattern: REDIRECT_URI_PATTERN,
    clientNameForbiddenPattern: CLIENT_NAME_FORBIDDEN_PATTERN,
    clientNameMaxLength: CLIENT_NAME_MAX_LENGTH,
    requireProofKey: client.requireProofKey,
    accessTokenTtl: client.accessTokenTtl,
    refreshTokenTtl: client.refreshTokenTtl,
    audiences: client.audiences,
    templateArea: client.templateArea,
    clientType: client.clientType,
    clientAssuranceLevel: client.clientAssuranceLevel,
    requiresConsent: client.requiresConsent,
  };
  for (const [key, text] of Object.entries(descriptions(policy))) values[`text.${key}`] = text;
  const literals: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) literals[key] = jsLiteral(value);
  return `${renderTemplate(template, conditions, literals).trimEnd()}\n`;
}
