/**
 * One table that names every answer of the deployment model once: its place in deployment.json,
 * its command-line flag, and how to describe it. The CLI builds its options from it and error
 * messages name both the flag and the field, so a user of either finds the culprit.
 */
import { PLATFORMS } from './platform.js';
import { REGISTRATION_MODES } from './model.js';
import { OPENID_SCOPE_CHOICES } from '../policy/model.js';

export type Section = 'server' | 'authorizationServer' | 'desktop' | 'dcrPolicy';
export const SECTIONS: readonly Section[] = ['server', 'authorizationServer', 'desktop', 'dcrPolicy'];

export interface Field {
  section: Section;
  key: string;
  flag: string;
  type: 'string' | 'number' | 'boolean' | 'array';
  choices?: readonly string[];
  describe: string;
}

export const FIELDS: readonly Field[] = [
  { section: 'server', key: 'url', flag: 'server-url', type: 'string', describe: 'MCP server URL (https, or http on localhost)' },
  { section: 'server', key: 'resource', flag: 'resource', type: 'string', describe: 'Resource identifier of the MCP server (default: the URL, normalised)' },
  { section: 'server', key: 'scopes', flag: 'scope', type: 'array', describe: 'Scope the client asks for (repeatable)' },
  { section: 'authorizationServer', key: 'issuer', flag: 'issuer', type: 'string', describe: 'Issuer of the Curity token service' },
  { section: 'authorizationServer', key: 'profileId', flag: 'profile-id', type: 'string', describe: 'Curity token service profile id' },
  { section: 'desktop', key: 'serverName', flag: 'server-name', type: 'string', describe: 'Name of the entry under mcpServers' },
  { section: 'desktop', key: 'clientName', flag: 'client-name', type: 'string', describe: 'client_name the desktop client registers with' },
  { section: 'desktop', key: 'platform', flag: 'platform', type: 'string', choices: PLATFORMS, describe: 'Operating system of the computer running Claude Desktop (default: this one)' },
  { section: 'desktop', key: 'caCert', flag: 'ca-cert', type: 'string', describe: 'CA certificate (PEM) for NODE_EXTRA_CA_CERTS, as a path on the target computer' },
  { section: 'desktop', key: 'mcpRemoteVersion', flag: 'mcp-remote-version', type: 'string', describe: 'Exact mcp-remote version to pin' },
  { section: 'desktop', key: 'registration', flag: 'registration', type: 'string', choices: REGISTRATION_MODES, describe: 'How the desktop client gets a client id: dcr, static or cimd' },
  { section: 'desktop', key: 'metadataFile', flag: 'metadata-file', type: 'string', describe: 'Absolute path on the target of the client-metadata JSON passed as @file (Windows)' },
  { section: 'desktop', key: 'callbackPort', flag: 'callback-port', type: 'number', describe: 'OAuth callback port for mcp-remote (static and cimd registration)' },
  { section: 'desktop', key: 'clientMetadataUrl', flag: 'client-metadata-url', type: 'string', describe: 'https URL of the Client ID Metadata Document (cimd registration)' },
  { section: 'dcrPolicy', key: 'allowedScopes', flag: 'dcr-scope', type: 'array', describe: 'Scope a dynamically registered client may hold (repeatable; default: the server scopes)' },
  { section: 'dcrPolicy', key: 'openidScopes', flag: 'openid-scopes', type: 'string', choices: OPENID_SCOPE_CHOICES, describe: 'The OpenID Connect scopes Claude web asks for: drop them or allow them' },
  { section: 'dcrPolicy', key: 'httpsHosts', flag: 'https-redirect-host', type: 'array', describe: 'Host on which an https redirect URI may be registered (repeatable)' },
  { section: 'dcrPolicy', key: 'accessTokenTtl', flag: 'access-token-ttl', type: 'number', describe: 'Access token lifetime of registered clients, in seconds' },
  { section: 'dcrPolicy', key: 'refreshTokens', flag: 'refresh-tokens', type: 'boolean', describe: 'Issue refresh tokens to registered clients (--no-refresh-tokens: none)' },
  { section: 'dcrPolicy', key: 'refreshTokenTtl', flag: 'refresh-token-ttl', type: 'number', describe: 'Refresh token lifetime in seconds, with --refresh-tokens' },
  { section: 'dcrPolicy', key: 'stripClientUri', flag: 'strip-client-uri', type: 'boolean', describe: 'The API gateway removes client_uri from registrations (writes the Kong route)' },
  { section: 'dcrPolicy', key: 'registrationPath', flag: 'registration-path', type: 'string', describe: 'Path of the Curity DCR endpoint' },
  { section: 'dcrPolicy', key: 'clientDataSource', flag: 'client-data-source', type: 'string', describe: 'Curity data source for registered clients' },
  { section: 'dcrPolicy', key: 'gatewayUpstream', flag: 'gateway-upstream', type: 'string', describe: 'URL through which the API gateway reaches Curity' },
];

/** `desktop.caCert` → `--ca-cert (desktop.caCert)`; unknown paths are returned as they are. */
export function describeFieldPath(path: readonly (string | number)[]): string {
  const [section, key] = path;
  const field = FIELDS.find((f) => f.section === section && f.key === key);
  const dotted = path.join('.');
  return field ? `--${field.flag} (${dotted})` : dotted || 'deployment';
}
