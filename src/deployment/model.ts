/**
 * The deployment model: everything mcpauth needs to know about one MCP deployment.
 * `deployment.json` is this model; schemas/deployment.schema.json is generated from it
 * (`npm run schemas`) and a test fails when the two drift apart.
 */
import { z } from 'zod';
import { PLATFORMS } from './platform.js';
import { OPENID_SCOPE_CHOICES } from '../policy/choices.js';
import { REGISTRATION_MODES } from './registration.js';

export const DEPLOYMENT_KIND = 'mcpauth/deployment';
export { REGISTRATION_MODES, type RegistrationMode } from './registration.js';

const absoluteUrl = z.url({ message: 'must be an absolute URL' });
const scopeToken = z
  .string()
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { message: 'must be one scope token (printable ASCII, no space, quote or backslash)' });
const port = z.number().int().min(1).max(65535);
const uint32 = z.number().int().min(0).max(4294967295);
/** Curity client ids: printable ASCII without whitespace (reference/curity.md §3). */
const clientIdText = z.string().regex(/^[\x21-\x7E]+$/, { message: 'must be printable ASCII without spaces (a Curity client id)' });
/** Names and descriptions go into XML text: any characters but control characters (XML 1.0 forbids most). */
const oneLineText = z
  .string()
  .min(1)
  .regex(/^[^\x00-\x1F\x7F]*$/, { message: 'must be one line of text without control characters' });
/** Ids, audiences: one token, no whitespace. */
const idToken = z.string().regex(/^[^\s\x00-\x1F\x7F]+$/, { message: 'must be one value without spaces or control characters' });
const redirectUri = absoluteUrl
  .regex(/^[^\s#]+$/, { message: 'must be an absolute URI without spaces or a #fragment' });

export const serverSchema = z
  .object({
    url: absoluteUrl.describe('The MCP server URL that mcp-remote connects to (https, or http on loopback).'),
    resource: absoluteUrl
      .describe('The resource identifier (RFC 8707/9728) of the MCP server, exactly as its protected-resource metadata spells it, trailing slash included. Default: the URL normalised by the WHATWG URL parser.')
      .optional(),
    scopes: z.array(scopeToken).min(1).describe('The scopes a client needs for the MCP server.'),
  })
  .strict();

export const authorizationServerSchema = z
  .object({
    issuer: absoluteUrl.describe('The issuer of the Curity token service profile.'),
    profileId: z.string().min(1).describe('The id of the Curity token service profile (as:oauth-service).'),
  })
  .strict();

export const desktopSchema = z
  .object({
    serverName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'must be letters, digits, ".", "_" or "-" (it also names the log file)' })
      .describe('The key of the entry under mcpServers (Claude Desktop names its log file after it).'),
    clientName: z.string().min(1).describe('client_name sent in the registration request.'),
    platform: z.enum(PLATFORMS).describe('The operating system of the computer running Claude Desktop.'),
    caCert: z
      .string()
      .min(1)
      .describe('Absolute path of the PEM CA certificate on the target computer (NODE_EXTRA_CA_CERTS). Absent: the entry trusts only the public CAs.')
      .optional(),
    mcpRemoteVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, { message: 'must be an exact version such as 0.15.1' })
      .describe('The exact mcp-remote version that npx runs.'),
    registration: z
      .enum(REGISTRATION_MODES)
      .describe('dcr: dynamic client registration; static: one pre-registered client; cimd: a Client ID Metadata Document.'),
    metadataFile: z
      .string()
      .min(1)
      .describe('Absolute path on the target computer of the client-metadata JSON file passed as @file (required form on Windows).')
      .optional(),
    clientInfoFile: z
      .string()
      .min(1)
      .describe('Absolute path on the target computer of the static client-info JSON passed as @file (static registration; required form on Windows).')
      .optional(),
    callbackPort: port
      .describe('The OAuth callback port mcp-remote listens on, passed right after the URL. static and cimd registration pin it (default 3334); dcr pins it only when given.')
      .optional(),
    clientMetadataUrl: absoluteUrl
      .describe('The https URL (with a path other than "/") where the Client ID Metadata Document is published (cimd registration). Used byte for byte as the client_id.')
      .optional(),
  })
  .strict();

/**
 * The Curity config-backed client (curity-static-client.xml). The defaults reproduce the Curity
 * guide's client for the Claude web connector; with static registration the client becomes the
 * public loopback client of the Claude Desktop entry. Settings whose default follows other answers
 * (redirect URIs, audiences, scopes, public, PKCE) are stored only when given, so that changing the
 * port, URL or registration mode later keeps them in agreement.
 */
export const staticClientSchema = z
  .object({
    clientId: clientIdText.describe('The client id (<id>). Also names the secret file, <client-id>.secret.'),
    clientName: oneLineText.describe('Human-readable name (<client-name>).').optional(),
    description: oneLineText.describe('Human-readable description (<description>).').optional(),
    redirectUris: z
      .array(redirectUri)
      .min(1)
      .describe('Redirect URIs (<redirect-uris>). Default: https://claude.ai/api/mcp/auth_callback; with static registration the loopback callback of mcp-remote, http://localhost:<port>/oauth/callback (127.0.0.1 on Windows).')
      .optional(),
    audiences: z
      .array(idToken)
      .min(1)
      .describe('Audiences (<audience>), the first being the default. Default: the client id and the MCP server resource.')
      .optional(),
    scopes: z
      .array(scopeToken)
      .min(1)
      .describe('Scopes the client may use (one <scope> each). Default: address openid email phone, the MCP server scopes, profile (what the Claude web connector asks for); with static registration the MCP server scopes.')
      .optional(),
    authenticators: z.array(idToken).min(1).describe('Authenticators users may log in with (<allowed-authenticators>); also used for the ephemeral (CIMD) clients.'),
    accessTokenTtl: uint32.describe('Access token lifetime in seconds (<access-token-ttl>). Absent: the Curity default (300).').optional(),
    refreshTokenTtl: z
      .union([uint32, z.literal('disabled')], { error: 'must be a number of seconds or "disabled"' })
      .describe('Refresh token lifetime in seconds, or "disabled" for none (<refresh-token-ttl>). Absent: the Curity default (3600).')
      .optional(),
    requirePkce: z.boolean().describe('Require PKCE (<proof-key><require-proof-key>). Default: true for a public client, else false.').optional(),
    consent: z.boolean().describe('Ask the user for consent (<user-consent/>).'),
    validatePortOnLoopbackInterfaces: z.boolean().describe('Whether a loopback redirect URI must match the port too (<validate-port-on-loopback-interfaces>).'),
    public: z
      .boolean()
      .describe('A public client with no secret (<no-authentication>true</no-authentication>). Default: false; true with static registration.')
      .optional(),
    plaintextSecret: z.boolean().describe('Write the secret itself into the XML instead of its $5$ SHA-256-crypt hash (Curity accepts both; the hash is safer).'),
    secretFile: z
      .string()
      .min(1)
      .describe('File holding the client secret to use (one line). Absent: <client-id>.secret beside the XML is reused, or a new secret is generated into it.')
      .optional(),
  })
  .strict();

const hostName = z
  .string()
  .regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, {
    message: 'must be a plain host name such as claude.ai (no scheme, port, path or wildcard)',
  });

/** The answers from which dcr-policy.json, the Curity procedure, curity-dcr.xml and the Kong route are generated. */
export const dcrPolicySettingsSchema = z
  .object({
    allowedScopes: z.array(scopeToken).min(1).describe('Scopes a dynamically registered client may hold. Default: the server scopes.'),
    openidScopes: z
      .enum(OPENID_SCOPE_CHOICES)
      .describe('The OpenID Connect scopes (openid, profile, email, address, phone) that the Claude web backend asks for: "drop" registers the client without them; "allow" adds them to the allowed scopes.'),
    httpsHosts: z.array(hostName).describe('Hosts on which an https redirect URI is accepted (the Claude web backend\'s callbacks are on claude.ai and claude.com).'),
    accessTokenTtl: uint32.min(1).describe('Access token lifetime of registered clients, in seconds.'),
    refreshTokens: z.boolean().describe('Whether registered clients get refresh tokens.'),
    refreshTokenTtl: uint32.min(1).describe('Refresh token lifetime in seconds, when refreshTokens is true.'),
    stripClientUri: z
      .boolean()
      .describe('The API gateway removes client_uri from registration requests (Curity refuses mcp-remote\'s, which is on another origin than its loopback redirect); emits kong-registration-route.yml.'),
    registrationPath: z
      .string()
      .regex(/^\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*$/, { message: 'must be an absolute URL path such as /oauth/v2/oauth-registration' })
      .describe('Path of the Curity DCR endpoint on the authorization server\'s host.'),
    clientDataSource: z.string().min(1).describe('Curity data source that stores registered clients (dynamic-client-registration/client-data-source).'),
    gatewayUpstream: absoluteUrl.describe('The URL through which the API gateway reaches the Curity runtime (the Kong service URL).'),
  })
  .strict();

/** The resolved deployment: every default applied, every cross-field check passed. */
export const deploymentSchema = z
  .object({
    kind: z.literal(DEPLOYMENT_KIND),
    version: z.literal(1),
    server: serverSchema.required({ resource: true }),
    authorizationServer: authorizationServerSchema,
    desktop: desktopSchema,
    staticClient: staticClientSchema,
    dcrPolicy: dcrPolicySettingsSchema,
  })
  .strict();

/**
 * What `deployment.json` may hold: every field is optional and falls back to the built-in demo
 * deployment (or, for the platform, to this computer). `init` writes the complete, resolved form.
 */
export const deploymentFileSchema = z
  .object({
    $schema: z.string().describe('Optional link to this schema, for editors.').optional(),
    kind: z.literal(DEPLOYMENT_KIND).describe('Always "mcpauth/deployment".'),
    version: z.literal(1).describe('Version of this file format.'),
    server: serverSchema.partial().optional().describe('The MCP server whose API is protected by OAuth.'),
    authorizationServer: authorizationServerSchema.partial().optional().describe('The Curity Identity Server token service.'),
    desktop: desktopSchema.partial().optional().describe('The Claude Desktop entry that runs mcp-remote.'),
    staticClient: staticClientSchema.partial().optional().describe('The Curity config-backed client (curity-static-client.xml).'),
    dcrPolicy: dcrPolicySettingsSchema.partial().optional().describe('The DCR policy: who may register dynamically and what a registered client gets.'),
  })
  .strict()
  .describe('An mcpauth deployment: the answers from which every artifact is generated.');

export type Deployment = z.infer<typeof deploymentSchema>;
export type DeploymentFile = z.infer<typeof deploymentFileSchema>;
export type ServerSettings = Deployment['server'];
export type DesktopSettings = Deployment['desktop'];
export type StaticClientAnswers = Deployment['staticClient'];
export type DcrPolicySettings = Deployment['dcrPolicy'];
