/**
 * The authorization server of the local deployment: oidc-provider (v8, which runs on Node 20
 * without an unsupported-runtime warning) behind a loopback HTTPS server, shaped like the Curity
 * token service the generated files are meant for:
 *
 * - an issuer with a path (`/oauth/v2/oauth-anonymous`), its OpenID discovery document appended to
 *   that path and its RFC 8414 document at the path-inserted URL (both on the list MCP clients try);
 * - open dynamic client registration, every request of which goes through the registration policy
 *   hook, where a DCR policy decides (see `RegistrationPolicy`);
 * - PKCE (S256) required, resource indicators, access tokens as JWTs for the one MCP resource,
 *   refresh tokens only for clients whose policy attributes allow them;
 * - a tiny sign-in and consent UI (`/interaction/<uid>`) that the test's browser fills in.
 *
 * Faults for `mcpauth doctor` are real configuration changes (another PKCE method, a scope not
 * advertised, a second host name), never rewritten responses.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Decision } from '../../../src/policy/evaluate.js';
import { memoryAdapterFactory } from './memory-adapter.js';
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export const ISSUER_PATH = '/oauth/v2/oauth-anonymous';
export const TEST_USER = { username: 'janedoe', password: 'Password1' } as const;

/** Decides one registration request: in the tests, src/policy/evaluate.ts on a generated dcr-policy.json. */
export type RegistrationPolicy = (request: Record<string, unknown>) => Decision;

export interface AuthorizationServerOptions {
  tls: { certPem: string; keyPem: string };
  /** The MCP server's resource identifier: the only audience tokens are issued for. */
  resource: string;
  /** The scope the MCP server needs. */
  scope: string;
  /** Fault: the PKCE methods advertised and accepted (default ["S256"]). */
  pkceMethods?: ('S256' | 'plain')[];
  /** Fault: leave the MCP scope out of `scopes_supported`. */
  hideScope?: boolean;
  /** Host name in the issuer (default "localhost"); the certificate also covers 127.0.0.1. */
  issuerHost?: string;
}

export interface AuthorizationServer {
  issuer: string;
  origin: string;
  /** The JWKS that signs access tokens, for the MCP server to verify them. */
  jwks: { keys: JWK[] };
  /** Every registration request body, as received, and the response status. */
  registrations: Record<string, unknown>[];
  /** Loads a pre-registered (config-backed) client, as an operator would. */
  addClient(metadata: ClientMetadata): Promise<void>;
  /** The metadata of every client the registration endpoint created. */
  clients: Record<string, unknown>[];
  /** From now on every registration request is decided by `policy` (none: open and unfiltered). */
  setRegistrationPolicy(policy: RegistrationPolicy | undefined): void;
  /** Every token request (grant type, client, resource), as received. */
  tokenRequests: Record<string, string>[];
  close(): Promise<void>;
}

/** Client metadata that carries the policy's attributes, so that they take effect on tokens. */
const POLICY_ATTRIBUTES = [
  'audiences',
  'access_token_ttl',
  'refresh_token_ttl',
  'require_proof_key',
  'requires_consent',
  'template_area',
  'client_type',
  'client_assurance_level',
] as const;

export async function startAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const registrations: Record<string, unknown>[] = [];
  const clients: Record<string, unknown>[] = [];
  let registrationPolicy: RegistrationPolicy | undefined;
  const tokenRequests: Record<string, string>[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `https://${options.issuerHost ?? 'localhost'}:${port}`;
  const issuer = `${origin}${ISSUER_PATH}`;

  const adapter = memoryAdapterFactory();
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'e2e-es256', alg: 'ES256', use: 'sig' };
  const verificationKey = { ...(await exportJWK(publicKey)), kid: 'e2e-es256', alg: 'ES256', use: 'sig' };

  const configuration: Configuration = {
    adapter,
    jwks: { keys: [signingKey] },
    // The only signing key is an EC key, so ID tokens (if a client ever asks for one) use it too.
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    cookies: { keys: ['mcpauth-e2e-cookie-key'] },
    scopes: options.hideScope ? ['openid'] : ['openid', options.scope],
    claims: { openid: ['sub'] },
    pkce: { methods: options.pkceMethods ?? ['S256'], required: () => true },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    extraClientMetadata: { properties: [...POLICY_ATTRIBUTES] },
    // Refresh tokens only where the policy gave the client a refresh-token lifetime.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token') && Number(client.metadata().refresh_token_ttl ?? 0) > 0,
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: (_ctx, token, client) => Number(client?.metadata().access_token_ttl ?? 900) || 900,
      RefreshToken: (_ctx, _token, client) => Number(client?.metadata().refresh_token_ttl ?? 0) || 1,
    },
    features: {
      devInteractions: { enabled: false },
      registration: {
        enabled: true,
        // oidc-provider runs registration policies for requests that carry an initial access token;
        // a middleware below gives every anonymous registration request one that names the policy,
        // so registration stays open (as MCP clients need) and every request meets the policy.
        initialAccessToken: true,
        policies: { 'mcpauth-dcr-policy': (ctx, properties) => applyPolicy(ctx, properties) },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          const audiences = client.metadata().audiences as string[] | undefined;
          if (indicator !== options.resource || (audiences && !audiences.includes(indicator))) {
            throw new errors.InvalidTarget(`${indicator} is not an audience of this client`);
          }
          return {
            scope: options.scope,
            audience: indicator,
            accessTokenTTL: Number(client.metadata().access_token_ttl ?? 900) || 900,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
  };

  async function applyPolicy(ctx: KoaContextWithOIDC, properties: ClientMetadata): Promise<void> {
    const request = { ...(ctx.oidc.body as Record<string, unknown>) };
    registrations.push(request);
    if (!registrationPolicy) return;
    const decision = registrationPolicy(request);
    if (decision.decision === 'reject') {
      const { code, description } = decision.error;
      if (code === 'invalid_redirect_uri') throw new errors.InvalidRedirectUri(description);
      if (code === 'invalid_client_metadata') throw new errors.InvalidClientMetadata(description);
      throw new errors.InvalidRequest(`${code}: ${description}`);
    }
    // Like Curity, the attributes are merged over the request and win.
    const { scope, name, ...attributes } = decision.attributes as unknown as Record<string, unknown>;
    if (typeof scope === 'string') properties.scope = scope;
    if (typeof name === 'string') properties.client_name = name;
    for (const key of POLICY_ATTRIBUTES) if (key in attributes) properties[key] = attributes[key];
  }

  const provider = new Provider(issuer, configuration);
  provider.on('registration_create.success', (_ctx, client) => clients.push(client.metadata()));
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error:', error));
  const policyToken = await new provider.InitialAccessToken({ policies: ['mcpauth-dcr-policy'] }).save();
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/reg' && !ctx.get('authorization')) ctx.headers.authorization = `Bearer ${policyToken}`;
    if (ctx.method === 'POST' && ctx.path === '/token') {
      // Recorded after the body parser has run: the grant type, the client and the resource.
      await next();
      const body = (ctx as unknown as KoaContextWithOIDC).oidc?.body as Record<string, string> | undefined;
      if (body) tokenRequests.push({ grant_type: body.grant_type, client_id: body.client_id, resource: body.resource, status: String(ctx.status) });
      return;
    }
    await next();
  });
  const callback = provider.callback();
  const interactions = interactionHandler(provider, options.scope);

  handler = (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/interaction/')) return void interactions(req, res, url).catch((e) => fail(res, e));
    // RFC 8414 path-inserted form of the metadata URL, served from the same document.
    if (url.pathname === `/.well-known/oauth-authorization-server${ISSUER_PATH}`) {
      return mount(req, res, `/.well-known/openid-configuration${url.search}`);
    }
    if (url.pathname === ISSUER_PATH || url.pathname.startsWith(`${ISSUER_PATH}/`)) {
      return mount(req, res, (req.url ?? '/').slice(ISSUER_PATH.length) || '/');
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
  };
  // What express' app.use(path, …) does: oidc-provider reads its mount path from originalUrl.
  function mount(req: IncomingMessage, res: ServerResponse, innerUrl: string): void {
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = `${ISSUER_PATH}${innerUrl}`;
    req.url = innerUrl;
    callback(req, res);
  }

  return {
    issuer,
    origin,
    jwks: { keys: [verificationKey] },
    registrations,
    // oidc-provider looks clients up in its adapter when they are not in its static list.
    addClient: (metadata) => adapter('Client').upsert(metadata.client_id, metadata, 0),
    clients,
    setRegistrationPolicy: (policy) => (registrationPolicy = policy),
    tokenRequests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function fail(res: ServerResponse, error: unknown): void {
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
  res.end(`interaction failed: ${(error as Error).message}`);
}

/** Sign-in with a user name and password, then consent to the client's scopes for the resource. */
function interactionHandler(provider: Provider, scope: string) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const [, , uid, action] = url.pathname.split('/');
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction does not match its cookie');
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.metadata().client_name ?? String(details.params.client_id);

    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      if (details.prompt.name === 'login') {
        return void res.end(page('Sign in', `<form method="post" action="/interaction/${uid}/login">
<input name="username"> <input name="password" type="password"> <button type="submit">Sign in</button></form>`));
      }
      const redirectHost = new URL(String(details.params.redirect_uri)).host;
      return void res.end(page('Consent', `<p>${escapeHtml(clientName)} (redirects to ${escapeHtml(redirectHost)}) asks for ${escapeHtml(scope)}.</p>
<form method="post" action="/interaction/${uid}/consent"><button type="submit">Allow</button></form>`));
    }

    const form = new URLSearchParams(await readBody(req));
    if (action === 'login') {
      if (form.get('username') !== TEST_USER.username || form.get('password') !== TEST_USER.password) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        return void res.end('wrong user name or password');
      }
      return provider.interactionFinished(req, res, { login: { accountId: TEST_USER.username } }, { mergeWithLastSubmission: false });
    }
    if (action === 'consent' && details.prompt.name === 'consent') {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error('grant not found');
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    }
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`unexpected ${action} for prompt ${details.prompt.name}`);
  };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
