/** The pure pieces of doctor: reading mcp-remote's arguments, Bearer challenges and the discovery URLs. */
import { parseMcpRemoteArgs, runsMcpRemote } from '../src/doctor/mcp-remote-args.js';
import { parseBearerChallenge } from '../src/doctor/www-authenticate.js';
import { authorizationServerMetadataUrls } from '../src/doctor/checks/authorization-server.js';
import { wellKnownResourceMetadataUrls } from '../src/doctor/checks/resource-metadata.js';
import { resourceCovers } from '../src/doctor/checks/resource.js';

describe('mcp-remote arguments', () => {
  test('URL, callback port and options, as mcp-remote 0.15.1 reads them', () => {
    const args = ['-y', 'mcp-remote@0.15.1', 'https://mcp.example/mcp', '3334', '--static-oauth-client-info', '{"client_id":"c"}', '--debug', '--header', 'A: 1', '--header', 'B: 2'];
    const parsed = parseMcpRemoteArgs('npx', args);
    expect(parsed.serverUrl).toBe('https://mcp.example/mcp');
    expect(parsed.callbackPort).toBe(3334);
    expect(parsed.options.get('--static-oauth-client-info')).toBe('{"client_id":"c"}');
    expect(parsed.all.get('--header')).toEqual(['A: 1', 'B: 2']);
    expect(parsed.switches).toEqual(new Set(['--debug']));
  });

  test('an option value that looks like a URL is not taken for the server URL', () => {
    const parsed = parseMcpRemoteArgs('npx', ['mcp-remote', '--resource', 'https://other/', 'https://mcp.example/']);
    expect(parsed.serverUrl).toBe('https://mcp.example/');
    expect(parsed.options.get('--resource')).toBe('https://other/');
  });

  test('which entries run mcp-remote', () => {
    expect(runsMcpRemote({ command: 'npx', args: ['-y', 'mcp-remote@0.15.1', 'https://x/'] })).toBe(true);
    expect(runsMcpRemote({ command: 'node', args: ['/usr/lib/node_modules/mcp-remote/dist/proxy.js', 'https://x/'] })).toBe(true);
    expect(runsMcpRemote({ command: 'C:\\tools\\mcp-remote.cmd', args: ['https://x/'] })).toBe(true);
    expect(runsMcpRemote({ command: 'npx', args: ['-y', 'mcp-remote-client', 'https://x/'] })).toBe(false);
    expect(runsMcpRemote({ command: 'node', args: ['server.js'] })).toBe(false);
  });
});

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
