/**
 * One table that names every answer of the deployment model once: its place in deployment.json,
 * its command-line flag, and how to describe it. The CLI builds its options from it and error
 * messages name both the flag and the field, so a user of either finds the culprit.
 */
import { PLATFORMS } from './platform.js';
import { REGISTRATION_MODES } from './registration.js';
import { OPENID_SCOPE_CHOICES } from '../policy/choices.js';

export type Section = 'server' | 'authorizationServer' | 'desktop' | 'staticClient' | 'dcrPolicy';
export const SECTIONS: readonly Section[] = ['server', 'authorizationServer', 'desktop', 'staticClient', 'dcrPolicy'];

export interface Field {
  section: Section;
  key: string;
  flag: string;
  /** `ttl`: seconds or the word "disabled". */
  type: 'string' | 'number' | 'array' | 'boolean' | 'ttl';
  choices?: readonly string[];
  describe: string;
}

export const FIELDS: readonly Field[] = [
  { section: 'server', key: 'url', flag: 'server-url', type: 'string', describe: 'MCP server URL (https, or http on localhost)' },
  { section: 'server', key: 'resource', flag: 'resource', type: 'string', describe: 'Resource identifier of the MCP server (default: the URL, normalised)' },
  {
    section: 'server',
    key: 'scopes',
    flag: 'scope',
    type: 'array',
    describe: 'Scope mcp-remote asks for (repeatable). In "generate static-client" only: the static client\'s scopes, as --static-client-scope',
  },
  { section: 'authorizationServer', key: 'issuer', flag: 'issuer', type: 'string', describe: 'Issuer of the Curity token service' },
  { section: 'authorizationServer', key: 'profileId', flag: 'profile-id', type: 'string', describe: 'Curity token service profile id' },
  { section: 'desktop', key: 'serverName', flag: 'server-name', type: 'string', describe: 'Name of the entry under mcpServers' },
  {
    section: 'desktop',
    key: 'clientName',
    flag: 'client-name',
    type: 'string',
    describe: 'client_name of the desktop client (registration request, CIMD document). In "generate static-client" only: the static client\'s name, as --static-client-name',
  },
  { section: 'desktop', key: 'platform', flag: 'platform', type: 'string', choices: PLATFORMS, describe: 'Operating system of the computer running Claude Desktop (default: this one)' },
  { section: 'desktop', key: 'caCert', flag: 'ca-cert', type: 'string', describe: 'CA certificate (PEM) for NODE_EXTRA_CA_CERTS, as a path on the target computer' },
  { section: 'desktop', key: 'mcpRemoteVersion', flag: 'mcp-remote-version', type: 'string', describe: 'Exact mcp-remote version to pin' },
  { section: 'desktop', key: 'registration', flag: 'registration', type: 'string', choices: REGISTRATION_MODES, describe: 'How the desktop client gets a client id: dcr, static or cimd' },
  { section: 'desktop', key: 'metadataFile', flag: 'metadata-file', type: 'string', describe: 'Absolute path on the target of the client-metadata JSON passed as @file (Windows)' },
  { section: 'desktop', key: 'clientInfoFile', flag: 'client-info-file', type: 'string', describe: 'Absolute path on the target of the static client-info JSON passed as @file (static registration; Windows)' },
  { section: 'desktop', key: 'callbackPort', flag: 'callback-port', type: 'number', describe: 'OAuth callback port mcp-remote listens on (static and cimd registration pin it; default 3334)' },
  { section: 'desktop', key: 'clientMetadataUrl', flag: 'client-metadata-url', type: 'string', describe: 'https URL (with a path) where the Client ID Metadata Document is published (cimd registration)' },
  { section: 'staticClient', key: 'clientId', flag: 'client-id', type: 'string', describe: 'Static client id (default claude-client)' },
  { section: 'staticClient', key: 'clientName', flag: 'static-client-name', type: 'string', describe: 'Static client <client-name> ("generate static-client": --client-name)' },
  { section: 'staticClient', key: 'description', flag: 'description', type: 'string', describe: 'Static client <description>' },
  { section: 'staticClient', key: 'redirectUris', flag: 'redirect-uri', type: 'array', describe: 'Static client redirect URI (repeatable; default the Claude web callback, or the loopback callback with --registration static)' },
  { section: 'staticClient', key: 'audiences', flag: 'audience', type: 'array', describe: 'Static client audience (repeatable; default the client id and the MCP resource)' },
  { section: 'staticClient', key: 'scopes', flag: 'static-client-scope', type: 'array', describe: 'Static client scope (repeatable; default address openid email phone, the server scopes, profile; "generate static-client": --scope)' },
  { section: 'staticClient', key: 'authenticators', flag: 'authenticator', type: 'array', describe: 'Authenticator users log in with (repeatable; default email)' },
  { section: 'staticClient', key: 'accessTokenTtl', flag: 'access-token-ttl', type: 'number', describe: 'Static client access token lifetime, seconds' },
  { section: 'staticClient', key: 'refreshTokenTtl', flag: 'refresh-token-ttl', type: 'ttl', describe: 'Static client refresh token lifetime, seconds or "disabled"' },
  { section: 'staticClient', key: 'requirePkce', flag: 'require-pkce', type: 'boolean', describe: 'Static client requires PKCE (default: when public)' },
  { section: 'staticClient', key: 'consent', flag: 'consent', type: 'boolean', describe: 'Static client asks for user consent' },
  { section: 'staticClient', key: 'validatePortOnLoopbackInterfaces', flag: 'validate-port-on-loopback-interfaces', type: 'boolean', describe: 'true|false: loopback redirect URIs must match the port too (default true)' },
  { section: 'staticClient', key: 'public', flag: 'public', type: 'boolean', describe: 'Public static client: no secret, <no-authentication>true</no-authentication>' },
  { section: 'staticClient', key: 'plaintextSecret', flag: 'plaintext-secret', type: 'boolean', describe: 'Put the plain secret into the XML instead of its $5$ hash (not recommended)' },
  { section: 'staticClient', key: 'secretFile', flag: 'secret-file', type: 'string', describe: 'Read the static client secret from this file instead of generating one' },
  { section: 'dcrPolicy', key: 'allowedScopes', flag: 'dcr-scope', type: 'array', describe: 'Scope a dynamically registered client may hold (repeatable; default: the server scopes)' },
  { section: 'dcrPolicy', key: 'openidScopes', flag: 'openid-scopes', type: 'string', choices: OPENID_SCOPE_CHOICES, describe: 'The OpenID Connect scopes Claude web asks for: drop them or allow them' },
  { section: 'dcrPolicy', key: 'httpsHosts', flag: 'https-redirect-host', type: 'array', describe: 'Host on which an https redirect URI may be registered (repeatable)' },
  { section: 'dcrPolicy', key: 'accessTokenTtl', flag: 'dcr-access-token-ttl', type: 'number', describe: 'Access token lifetime of registered clients, in seconds' },
  { section: 'dcrPolicy', key: 'refreshTokens', flag: 'refresh-tokens', type: 'boolean', describe: 'Issue refresh tokens to registered clients (--no-refresh-tokens: none)' },
  { section: 'dcrPolicy', key: 'refreshTokenTtl', flag: 'dcr-refresh-token-ttl', type: 'number', describe: 'Refresh token lifetime in seconds, with --refresh-tokens' },
  { section: 'dcrPolicy', key: 'stripClientUri', flag: 'strip-client-uri', type: 'boolean', describe: 'The API gateway removes client_uri from registrations (writes the Kong route)' },
  { section: 'dcrPolicy', key: 'registrationPath', flag: 'registration-path', type: 'string', describe: 'Path of the Curity DCR endpoint' },
  { section: 'dcrPolicy', key: 'clientDataSource', flag: 'client-data-source', type: 'string', describe: 'Curity data source for registered clients' },
  { section: 'dcrPolicy', key: 'gatewayUpstream', flag: 'gateway-upstream', type: 'string', describe: 'URL through which the API gateway reaches Curity' },
];

/**
 * Flags that name another field in one command only: in "generate static-client" the static client
 * is the subject, so --scope and --client-name mean its scopes and name.
 */
export const STATIC_CLIENT_COMMAND_FLAGS: Readonly<Record<string, string>> = {
  scope: 'static-client-scope',
  'client-name': 'static-client-name',
};

/** `desktop.caCert` → `--ca-cert (desktop.caCert)`; unknown paths are returned as they are. */
export function describeFieldPath(path: readonly (string | number)[]): string {
  const [section, key] = path;
  const field = FIELDS.find((f) => f.section === section && f.key === key);
  const dotted = path.join('.');
  return field ? `--${field.flag} (${dotted})` : dotted || 'deployment';
}
