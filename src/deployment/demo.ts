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
} as const;

/** Where the Curity example keeps its private CA, relative to the example's root folder. */
export const DEMO_CA_CERT_RELATIVE = 'apigateway/certs/example.ca.crt';
