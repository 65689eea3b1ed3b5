/** How mcp-remote 0.15.1 reads its arguments, as the rules model it. */
import type { Arg, DesktopEntry } from '../../src/rules/desktop-entries.js';
import { credentialIn } from '../../src/secrets/credentials.js';
import { mcpRemoteCall, parseRemoteArgs, strayLauncherArgs } from '../../src/rules/mcp-remote-args.js';

function entry(command: string, args: string[]): DesktopEntry {
  return { name: 'x', pointer: '/mcpServers/x', value: { command, args }, command, args: args.map((value, index) => ({ index, value, pointer: `/mcpServers/x/args/${index}` })), env: {} };
}
const values = (args: Arg[] | undefined) => (args ?? []).map((a) => a.value);

describe('mcpRemoteCall', () => {
  test.each([
    ['npx', ['-y', 'mcp-remote@0.15.1', 'https://a.example'], 'npx', ['-y'], ['https://a.example'], '0.15.1'],
    ['C:\\Program Files\\nodejs\\npx.cmd', ['-y', 'mcp-remote', 'https://a.example'], 'npx', ['-y'], ['https://a.example'], undefined],
    ['npx', ['-p', 'mcp-remote@0.15.1', 'mcp-remote', 'https://a.example'], 'npx', [], ['https://a.example'], '0.15.1'],
    ['npx', ['--package=mcp-remote@0.15.1', 'mcp-remote', 'https://a.example'], 'npx', [], ['https://a.example'], '0.15.1'],
    ['pnpm', ['dlx', 'mcp-remote@0.15.1', 'https://a.example'], 'dlx', [], ['https://a.example'], '0.15.1'],
    ['/usr/local/bin/node', ['/opt/lib/node_modules/mcp-remote/dist/proxy.js', 'https://a.example'], 'node', [], ['https://a.example'], undefined],
    ['mcp-remote', ['https://a.example', '--debug'], 'direct', [], ['https://a.example', '--debug'], undefined],
  ])('%s %j', (command, args, launcher, before, after, version) => {
    const call = mcpRemoteCall(entry(command, args))!;
    expect({ launcher: call.launcher, before: values(call.before), after: values(call.after), version: call.spec.version }).toEqual({ launcher, before, after, version });
  });

  test('is undefined for entries that do not run mcp-remote', () => {
    expect(mcpRemoteCall(entry('npx', ['-y', '@modelcontextprotocol/server-github']))).toBeUndefined();
    expect(mcpRemoteCall(entry('python', ['-m', 'mcp_server']))).toBeUndefined();
  });

  test('a stray argument before the package is found; npx options and their values are not', () => {
    const call = mcpRemoteCall(entry('npx', ['--registry', 'https://r.example', '-y', 'https://oops.example', 'mcp-remote', 'https://a.example']))!;
    expect(values(strayLauncherArgs(call.before))).toEqual(['https://oops.example']);
  });
});

describe('parseRemoteArgs', () => {
  const parse = (...args: string[]) => parseRemoteArgs(args.map((value, index) => ({ index, value, pointer: `/${index}` })));

  test('--header pairs come out first: the URL may follow them', () => {
    const p = parse('--header', 'X-A: 1', 'https://a.example', '8080', '--debug');
    expect(p.url?.value).toBe('https://a.example');
    expect(p.port?.value).toBe('8080');
    expect(p.flags.map((f) => [f.name, f.value?.value])).toEqual([['--header', 'X-A: 1'], ['--debug', undefined]]);
  });

  test('a flag first means there is no URL', () => {
    const p = parse('--debug', 'https://a.example');
    expect(p.url).toBeUndefined();
    expect(p.first?.value).toBe('--debug');
  });

  test('a value-taking flag followed by another --flag has no value; the next flag still counts', () => {
    const p = parse('https://a.example', '--host', '--debug');
    expect(p.flags.map((f) => [f.name, f.missingValue])).toEqual([['--host', true], ['--debug', false]]);
  });

  test('--header takes the next argument whatever it is, as mcp-remote does', () => {
    expect(parse('https://a.example', '--header', '--debug').flags.map((f) => [f.name, f.value?.value])).toEqual([['--header', '--debug']]);
  });
});

describe('credentialIn', () => {
  test.each([
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload', undefined, 'a Bearer credential'],
    ['x-api-key:patABCDEFGH12345678', undefined, 'a credential in the "x-api-key" header'],
    ['{"client_id":"a","client_secret":"s3cr3t"}', undefined, 'a client_secret'],
    ['https://api.example.com/mcp?api_key=abcdef1234567890', undefined, 'a credential in a URL query'],
    ['abcdef1234567890abcdef', '--api-key', 'a credential after --api-key'],
  ])('%s is found', (arg, previous, what) => {
    expect(credentialIn(arg, previous)).toBe(what);
  });

  test.each(['{"client_id":"a","client_secret":"${CLIENT_SECRET}"}', 'Authorization: Bearer <token>', 'Authorization:${AUTH_HEADER}', 'Authorization: Bearer ${TOKEN}', 'https://mcp.example.com/mcp', 'X-Tenant: acme', '--static-oauth-client-metadata'])(
    '%s is not a credential',
    (arg) => {
      expect(credentialIn(arg, undefined)).toBeUndefined();
    },
  );
});
