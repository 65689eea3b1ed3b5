/**
 * The built-in demo deployment: the Curity example "mcp-authorization-secured-api"
 * (reference/curity-claude-desktop-guide.md). `init --yes` generates for it with no answers.
 */
export const DEMO = {
  server: {
    url: 'https://mcp.demo.example',
    resource: 'https://mcp.demo.example/',
    scopes: ['stocks/read'],
  },
  authorizationServer: {
    issuer: 'https://login.demo.example/oauth/v2/oauth-anonymous',
    profileId: 'token-service',
  },
  desktop: {
    serverName: 'curity-demo',
    clientName: 'Claude (curity-demo)',
    mcpRemoteVersion: '0.15.1',
    registration: 'dcr',
  },
  /** The static client of the Curity guide (curity-claude-desktop-guide.md, "Static Clients"). */
  staticClient: {
    clientId: 'claude-client',
    authenticators: ['email'],
    consent: false,
    validatePortOnLoopbackInterfaces: true,
    plaintextSecret: false,
  },
  // The Curity example's DCR policy (reference/curity.md §6), minus what it let through.
  dcrPolicy: {
    openidScopes: 'drop',
    httpsHosts: ['claude.ai', 'claude.com'],
    accessTokenTtl: 900,
    refreshTokens: false,
    refreshTokenTtl: 3600,
    stripClientUri: true,
    registrationPath: '/oauth/v2/oauth-registration',
    clientDataSource: 'default-datasource',
    gatewayUpstream: 'http://idsvr:8443',
  },
} as const;

/** The rest of the guide's client: defaults that other answers may change (see static-client.ts). */
export const GUIDE_CLIENT_SCOPES = ['address', 'openid', 'email', 'phone', 'stocks/read', 'profile'] as const;
export const CLAUDE_WEB_CALLBACK = 'https://claude.ai/api/mcp/auth_callback';

/** Where the Curity example keeps its private CA, relative to the example's root folder. */
export const DEMO_CA_CERT_RELATIVE = 'apigateway/certs/example.ca.crt';
