/** `mcpauth validate` from the command line: exit codes, output, colour, stdin, and no stack traces. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES } from './helpers.js';

const fixture = (name: string) => path.join('rules', name);
const run = (args: string[], env?: NodeJS.ProcessEnv, input?: string) => runCli(['validate', ...args], { cwd: FIXTURES, env, input });
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

describe('exit codes', () => {
  test('0: no problems', () => {
    const r = run([fixture('desktop/remote-entry.pass.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✔ no problems (1 file checked)\n');
  });

  test('1: an error, with the finding on standard output', () => {
    const r = run([fixture('desktop/remote-entry.fail.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^rules\/desktop\/remote-entry\.fail\.json:3:5 {2}error {2}desktop\/remote-entry {2}/m);
  });

  test('warnings pass, but fail with --strict or over --max-warnings', () => {
    const file = fixture('mcp-remote/duplicate-flag.fail.json');
    expect(run([file]).code).toBe(0);
    expect(run([file, '--strict']).code).toBe(1);
    expect(run([file, '--max-warnings', '0']).code).toBe(1);
    expect(run([file, '--max-warnings', '1']).code).toBe(0);
  });

  test('infos never fail the run', () => {
    expect(run([fixture('mcp-remote/silent.fail.json'), '--strict']).code).toBe(0);
  });

  test.each([
    [['--format', 'xml', 'x.json'], /format/],
    [['--type', 'yaml', 'x.json'], /type/],
    [['--max-warnings', '-1', 'x.json'], /--max-warnings/],
    [['--platform', 'beos', 'x.json'], /platform/],
    [['--no-such-option', 'x.json'], /Unknown argument/],
    [[], /paths|argument/i],
    [['no-match-*.json'], /no files match/],
  ])('2: usage error %j', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
  });

  test('2: a choice yargs refuses is said on one line, without escaped line breaks', () => {
    const r = run(['--format', 'xml', 'x.json']);
    expect(r.code).toBe(2);
    const [first, ...rest] = r.stderr.trim().split('\n');
    expect(first).toMatch(/^mcpauth: Invalid values: Argument: format, Given: "xml", Choices: "text"/);
    expect(first).not.toContain('\\u000a');
    expect(rest).toEqual(['Run "mcpauth --help" for usage.']);
  });

  test('3: a file that cannot be read, reported as core/unreadable next to the others', () => {
    const r = run(['missing.json', fixture('desktop/remote-entry.fail.json')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^missing\.json:1:1 {2}error {2}core\/unreadable {2}missing\.json does not exist$/m);
    expect(r.stdout).toMatch(/desktop\/remote-entry/);
  });
});

test('--output writes the report to a file and prints a summary on standard error', () => {
  const dir = tempDir();
  const r = run([fixture('desktop/remote-entry.fail.json'), '--format', 'json', '--output', path.join(dir, 'reports', 'out.json')]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/1 error \(1 file checked\); json report written to/);
  expect(JSON.parse(readFileSync(path.join(dir, 'reports', 'out.json'), 'utf8')).summary.errors).toBe(1);
});

test('--quiet shows errors only', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ mcpServers: { a: { command: 'npx', args: ['-y', 'mcp-remote', 'http://mcp.example.com/mcp', '--silent'] } } }));
  const r = runCli(['validate', 'c.json', '--quiet'], { cwd: dir });
  expect(r.stdout).toMatch(/https-required/);
  expect(r.stdout).not.toMatch(/version-pin|mcp-remote\/silent/);
});

test('standard input with --type, alone or among files', () => {
  const r = run(['-', '--type', 'client-metadata'], undefined, '{"client_name": "Claude"}');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^<stdin>:1:1 {2}warning {2}mcp-remote\/missing-scope/m);
  const mixed = run([fixture('desktop/remote-entry.fail.json'), '-'], undefined, '{"mcpServers": {"x": {"url": "https://a.example"}}}');
  expect(mixed.stdout.match(/ {2}desktop\/remote-entry {2}/g)).toHaveLength(2);
  expect(mixed.stdout.indexOf('<stdin>')).toBeGreaterThan(mixed.stdout.indexOf('remote-entry.fail.json'));
});

describe('colour', () => {
  const file = fixture('desktop/remote-entry.fail.json');
  test('none when standard output is not a terminal, or with NO_COLOR', () => {
    expect(run([file], { NO_COLOR: '' }).stdout).not.toMatch(/\u001b\[/);
    expect(run([file], { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toMatch(/\u001b\[/);
  });
  test('with FORCE_COLOR (as a terminal would get), and never in machine formats', () => {
    expect(run([file], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toMatch(/\u001b\[31merror/);
    expect(run([file, '--format', 'json'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).not.toMatch(/\u001b\[/);
  });
});

test('--help shows examples', () => {
  const r = runCli(['validate', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Examples:/);
  expect(r.stdout).toMatch(/--format sarif/);
});

test('no input makes it print a stack trace', () => {
  const dir = tempDir();
  const files: Record<string, string | Buffer> = {
    'empty.json': '',
    'binary.json': Buffer.from([0, 159, 146, 150, 255, 254, 0, 1]),
    'claude_desktop_config.deep.json': '{"mcpServers":'.repeat(50_000),
    'bom.json': '\uFEFF{"mcpServers": {}}',
    'nul.json': '{"mcpServers": {"a\u0000": {"command": "npx\u0000"}}}',
    'huge.json': `{"mcpServers": {}, "pad": "${'x'.repeat(5 * 1024 * 1024)}"}`,
    'weird.json': JSON.stringify({ mcpServers: { a: { command: 'npx', args: ['mcp-remote', '--static-oauth-client-metadata', '@'] }, b: { command: ['npx'], args: { 0: 'x' } } } }),
    'xml.json': '<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"/>',
    'lolz.xml': `<?xml version="1.0"?><!DOCTYPE config [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${'&a;'.repeat(10)}">`).join('')}]><config xmlns="http://tail-f.com/ns/config/1.0">&bbbbbbbbb;</config>`,
    'broken.xml': '<config xmlns="http://tail-f.com/ns/config/1.0">\n  <profiles>\n</config>\n',
    'deep.xml': `<config xmlns="http://tail-f.com/ns/config/1.0">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</config>`,
    'unknown.json': '[1, 2, 3]',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  for (const format of ['text', 'json', 'sarif', 'junit', 'github']) {
    for (const platform of ['linux', 'win32']) {
      const r = runCli(['validate', ...Object.keys(files), '/dev/null', '--format', format, '--platform', platform], { cwd: dir });
      expect([format, r.code]).toEqual([format, 3]);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stdout).not.toMatch(STACK);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  }
  const text = runCli(['validate', ...Object.keys(files), '/dev/null'], { cwd: dir }).stdout;
  expect(text).toMatch(/^huge\.json:1:1 {2}error {2}core\/too-large/m);
  expect(text).toMatch(/^\/dev\/null:1:1 {2}error {2}core\/unreadable .*not a regular file/m);
  expect(text).toMatch(/^xml\.json:1:1 {2}error {2}core\/unknown-type/m);
  expect(text).toMatch(/^claude_desktop_config\.deep\.json:1:897 {2}error {2}core\/too-deep {2}arrays and objects nested more than 64 levels/m);
  expect(text).toMatch(/^lolz\.xml:1:\d+ {2}error {2}curity\/xml-syntax {2}a <!DOCTYPE> declaration/m);
  expect(text).toMatch(/^broken\.xml:3:1 {2}error {2}curity\/xml-syntax /m);
  expect(text).toMatch(/^deep\.xml:1:1 {2}error {2}curity\/xml-syntax {2}elements nested deeper than 64 levels/m);
  expect(text).toMatch(/^bom\.json:1:1 {2}error {2}desktop\/json-syntax {2}a byte-order mark/m);
});
