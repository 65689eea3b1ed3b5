/**
 * `mcpauth doctor` before it goes online: which config and entry it reads, and the exit codes of
 * the ways that can fail. Entries point at a loopback port where nothing listens.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { claudeConfigLocation } from '../src/fsx/claude-paths.js';
import { thisPlatform } from '../src/deployment/platform.js';
import { runCli, tempDir } from './helpers/cli.js';

const NOWHERE = 'https://127.0.0.1:9/mcp';
const entry = (url = NOWHERE, extra: string[] = []) => ({ command: 'npx', args: ['-y', 'mcp-remote@0.15.1', url, ...extra] });

function configFile(content: unknown): string {
  const file = path.join(tempDir(), 'claude_desktop_config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

test('--help shows the options and examples', () => {
  const r = runCli(['doctor', '--help']);
  expect(r.code).toBe(0);
  for (const text of ['--config', '--server', '--format', '--timeout', 'Examples:', 'never registers a client or signs in']) expect(r.stdout).toContain(text);
});

test('a config that does not exist: exit 3, the file named', () => {
  const missing = path.join(tempDir(), 'nope.json');
  const r = runCli(['doctor', '--config', missing]);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain(`${missing} does not exist; name the config with --config FILE`);
});

test('a config Claude Desktop cannot parse: exit 1 with line and column', () => {
  const file = configFile('{\n  "mcpServers": {},\n}\n');
  const r = runCli(['doctor', '--config', file]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:19: trailing comma.*; Claude Desktop cannot read it either`));
});

test('choosing the entry: none, several, unknown, not mcp-remote', () => {
  const none = runCli(['doctor', '--config', configFile({ mcpServers: { files: { command: 'node', args: ['server.js'] } } })]);
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/has no entry that runs mcp-remote/);

  const several = configFile({ mcpServers: { a: entry(), b: entry('https://127.0.0.1:9/other') } });
  const ambiguous = runCli(['doctor', '--config', several]);
  expect(ambiguous.code).toBe(2);
  expect(ambiguous.stderr).toMatch(/has several mcp-remote entries \(a, b\); choose one with --server NAME/);

  const unknown = runCli(['doctor', '--config', several, '--server', 'c']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/--server "c": .* has no such entry \(entries: a, b\)/);

  const other = runCli(['doctor', '--config', configFile({ mcpServers: { files: { command: 'node', args: ['server.js'] }, a: entry() } }), '--server', 'files']);
  expect(other.code).toBe(2);
  expect(other.stderr).toMatch(/--server "files": that entry does not run mcp-remote/);

  const chosen = runCli(['doctor', '--config', several, '--server', 'b', '--format', 'json', '--timeout', '2']);
  expect(chosen.code).toBe(1);
  expect(JSON.parse(chosen.stdout)).toMatchObject({ server: 'b', url: 'https://127.0.0.1:9/other', ok: false });
});

test('--timeout must be a positive number of seconds', () => {
  const r = runCli(['doctor', '--config', configFile({ mcpServers: { a: entry() } }), '--timeout', '0']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--timeout 0 must be a positive number of seconds');
});

test('problems in the entry itself are the first line: an unreadable @file, a relative @file, TLS switched off', () => {
  const file = configFile({
    mcpServers: {
      a: { ...entry(NOWHERE, ['--static-oauth-client-metadata', '@metadata.json']), env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } },
    },
  });
  const r = runCli(['doctor', '--config', file, '--format', 'json', '--timeout', '2']);
  const report = JSON.parse(r.stdout);
  expect(report.checks[0]).toMatchObject({ id: 'entry', status: 'fail' });
  expect(report.checks[0].reason).toContain('NODE_TLS_REJECT_UNAUTHORIZED=0, which turns TLS verification off');
  expect(report.checks[0].reason).toContain('--static-oauth-client-metadata @metadata.json is a relative path');
  expect(report.checks[0].reason).toMatch(/names metadata\.json, which cannot be read \(ENOENT\)/);
});

test('a server that is not there: each line says so, and the TLS line does not blame the CA', () => {
  const r = runCli(['doctor', '--config', configFile({ mcpServers: { a: entry() } }), '--timeout', '2']);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAIL {2}tls +TLS to 127\.0\.0\.1:9 fails: connection refused: nothing listens there$/m);
  expect(r.stdout).toMatch(/^FAIL {2}challenge +POST https:\/\/127\.0\.0\.1:9\/mcp failed: connection refused/m);
});

const defaultLocationTest = thisPlatform() === 'win32' ? test.skip : test;
defaultLocationTest('without --config: the installed Claude Desktop config and its only mcp-remote entry', () => {
  const home = tempDir();
  const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  const expected = claudeConfigLocation(thisPlatform(), env).file;
  const missing = runCli(['doctor'], { env });
  expect(missing.code).toBe(3);
  expect(missing.stderr).toContain(`${expected} (the Claude Desktop config: `);

  mkdirSync(path.dirname(expected), { recursive: true });
  writeFileSync(expected, JSON.stringify({ mcpServers: { other: { command: 'node', args: ['x.js'] }, demo: entry() } }));
  const r = runCli(['doctor', '--timeout', '2'], { env });
  expect(r.code).toBe(1);
  expect(r.stdout.split('\n')[0]).toBe(`Checking "demo" (${NOWHERE}) from ${expected}`);
});
