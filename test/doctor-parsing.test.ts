/** The pure pieces of doctor: Bearer challenges and the discovery URLs (mcp-remote's arguments are read by src/rules/mcp-remote-args.ts, tested with validate). */
import { parseBearerChallenge } from '../src/doctor/www-authenticate.js';
import { authorizationServerMetadataUrls } from '../src/doctor/checks/authorization-server.js';
import { wellKnownResourceMetadataUrls } from '../src/doctor/checks/resource-metadata.js';
import { resourceCovers } from '../src/doctor/checks/resource.js';

describe('Bearer challenges', () => {
  test('quoted and token values, several challenges', () => {
    const params = parseBearerChallenge('Basic realm="x", Bearer error="invalid_token", error_description="a, b", resource_metadata="https://h/.well-known/oauth-protected-resource/mcp", scope=stocks/read');
    expect(params?.get('resource_metadata')).toBe('https://h/.well-known/oauth-protected-resource/mcp');
    expect(params?.get('error_description')).toBe('a, b');
    expect(params?.get('scope')).toBe('stocks/read');
  });

  test('no Bearer challenge', () => {
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(undefined)).toBeUndefined();
    expect(parseBearerChallenge('Bearer')).toEqual(new Map());
  });
});

describe('discovery URLs, in the order MCP clients try them', () => {
  test('protected-resource metadata: path-inserted, then root', () => {
    expect(wellKnownResourceMetadataUrls('https://h/public/mcp')).toEqual(['https://h/.well-known/oauth-protected-resource/public/mcp', 'https://h/.well-known/oauth-protected-resource']);
    expect(wellKnownResourceMetadataUrls('https://h/')).toEqual(['https://h/.well-known/oauth-protected-resource']);
  });

  test('authorization-server metadata for an issuer with and without a path', () => {
    expect(authorizationServerMetadataUrls('https://login.example/oauth/v2/oauth-anonymous')).toEqual([
      'https://login.example/.well-known/oauth-authorization-server/oauth/v2/oauth-anonymous',
      'https://login.example/.well-known/openid-configuration/oauth/v2/oauth-anonymous',
      'https://login.example/oauth/v2/oauth-anonymous/.well-known/openid-configuration',
    ]);
    expect(authorizationServerMetadataUrls('https://login.example')).toEqual([
      'https://login.example/.well-known/oauth-authorization-server',
      'https://login.example/.well-known/openid-configuration',
    ]);
  });

  test('a resource covers the server URL when it has the same origin and a path prefix', () => {
    expect(resourceCovers('https://h/', 'https://h/mcp')).toBe(true);
    expect(resourceCovers('https://h/mcp', 'https://h/mcp')).toBe(true);
    expect(resourceCovers('https://h/mc', 'https://h/mcp')).toBe(false);
    expect(resourceCovers('https://h:8443/', 'https://h/mcp')).toBe(false);
    expect(resourceCovers('not a url', 'https://h/mcp')).toBe(false);
  });
});
