/**
 * Issue 11: the limits on what mcpauth reads (README "Limits"). validate reports a file over a
 * limit as a finding; every other command stops with exit 2 and one line naming the input. Nothing
 * hangs on a FIFO, and no file is changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import http from 'node:http';
import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { readJsonInput } from '../../src/json/input.js';
import { jsonNestingProblem } from '../../src/json/limits.js';
import { runValidation } from '../../src/validate/engine.js';
import { BIN, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { fakeEnv, listing, runCliAsync } from '../helpers/install-env.js';
import { STACK_TRACE } from '../helpers/hostile.js';

const MIB = 1024 * 1024;
const CONFIG = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'install', 'rich-config.json'), 'utf8');
const POLICY = path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'rules', 'policy', 'schema.pass.json');
const REQUEST = path.join(REPO_ROOT, 'test', 'fixtures', 'dcr', 'mcp-remote-0.15.1-request.json');
const DEEP = `{"kind": "mcpauth/deployment", "version": 1, "server": ${'['.repeat(100)}${']'.repeat(100)}}`;
/** Valid JSON of `bytes` bytes (a desktop config with padding). */
const bigJson = (bytes: number) => {
  const head = '{"mcpServers": {}, "padding": "';
  return `${head}${'x'.repeat(bytes - head.length - 3)}"}\n`;
};
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

/** A failure the way the issue wants it: the exit code, one "mcpauth:" line (and the usage hint), no stack trace. */
function expectOneLine(r: { code: number; stderr: string; stdout: string }, code: number, message: RegExp) {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: expect.stringMatching(message) });
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('mcpauth:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_TRACE);
}

describe('validate', () => {
  test('--max-file-size: a smaller or larger limit, standard input counted too, bad values refused', () => {
    const dir = tempDir('mcpauth-limits-');
    writeFileSync(path.join(dir, 'claude_desktop_config.json'), bigJson(3000));
    const small = runCli(['validate', 'claude_desktop_config.json', '--max-file-size', '2KiB', '--format', 'json'], { cwd: dir });
    expect(small.code).toBe(1);
    expect(JSON.parse(small.stdout).findings).toEqual([
      expect.objectContaining({ ruleId: 'core/too-large', line: 1, column: 1, message: 'the file has 2.9 KiB, over the 2 KiB limit (--max-file-size); it was not read' }),
    ]);
    expect(runCli(['validate', 'claude_desktop_config.json', '--max-file-size', '3000'], { cwd: dir }).code).toBe(0);

    const piped = runCli(['validate', '-', '--type', 'desktop-config'], { cwd: dir, input: bigJson(5 * MIB + 10) });
    expect(piped.code).toBe(1);
    expect(piped.stdout).toMatch(/^<stdin>:1:1 {2}error {2}core\/too-large {2}the file goes on past 5 MiB, over the 5 MiB limit/m);
    expect(runCli(['validate', '-', '--type', 'desktop-config', '--max-file-size', '6MiB'], { cwd: dir, input: bigJson(5 * MIB + 10) }).code).toBe(0);

    expectOneLine(runCli(['validate', '-', '--max-file-size', 'lots'], { cwd: dir }), 2, /--max-file-size "lots" is not a size/);
    expectOneLine(runCli(['validate', '-', '--max-file-size', '1GiB'], { cwd: dir }), 2, /--max-file-size 1GiB is over 32 MiB/);
  });

  (hasMkfifo ? test : test.skip)('a FIFO named as a file, as the CA certificate or as the @file of metadata is not read, so nothing waits', () => {
    const dir = tempDir('mcpauth-limits-');
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const config = { mcpServers: { a: { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', 'https://mcp.example.com/mcp', '--static-oauth-client-metadata', `@${fifo}`], env: { NODE_EXTRA_CA_CERTS: fifo } } } };
    writeFileSync(path.join(dir, 'claude_desktop_config.json'), JSON.stringify(config));
    const started = Date.now();
    const r = runCli(['validate', 'claude_desktop_config.json', 'pipe', '--platform', process.platform === 'darwin' ? 'darwin' : 'linux', '--format', 'json'], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(3); // the FIFO named on the command line is unreadable
    const messages = JSON.parse(r.stdout).findings.map((f: { ruleId: string; message: string }) => `${f.ruleId}: ${f.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^core\/unreadable: pipe is not a regular file/), expect.stringMatching(/^desktop\/ca-cert-file: .*is not a file/), expect.stringMatching(/^mcp-remote\/metadata-json: .*is not a file/)]),
    );
  });
});

describe('the other commands: exit 2 and one line', () => {
  test('a deployment file nested too deep, too large, or endless on standard input', () => {
    const dir = tempDir('mcpauth-limits-');
    writeFileSync(path.join(dir, 'deep.json'), DEEP);
    expectOneLine(runCli(['generate', 'desktop-config', '--from', 'deep.json'], { cwd: dir }), 2, /^mcpauth: deep\.json:1:\d+: not valid JSON: arrays and objects nested more than 64 levels deep/);
    expectOneLine(runCli(['init', '--answers', '-'], { cwd: dir, input: bigJson(5 * MIB + 1) }), 2, /^mcpauth: standard input: goes on past 5 MiB, over the 5 MiB limit for a JSON input; it was not read$/m);
    expect(existsSync(path.join(dir, 'mcpauth-out'))).toBe(false);
  });

  test('dcr simulate: a policy too large, a request too deep', () => {
    const dir = tempDir('mcpauth-limits-');
    writeFileSync(path.join(dir, 'big.json'), bigJson(6 * MIB));
    expectOneLine(runCli(['dcr', 'simulate', '--policy', 'big.json', REQUEST], { cwd: dir }), 2, /^mcpauth: big\.json: has 6 MiB, over the 5 MiB limit for a JSON input/);
    expectOneLine(runCli(['dcr', 'simulate', '--policy', POLICY, '-'], { cwd: dir, input: `{"redirect_uris": ${'['.repeat(70)}${']'.repeat(70)}}` }), 2, /^mcpauth: standard input:1:\d+: not valid JSON: arrays and objects nested more than 64 levels/);
  });

  test('install: a config too large or too deep is left exactly as it is', () => {
    const dir = tempDir('mcpauth-limits-');
    const entry = ['--server-name', 'acme', '--server-url', 'https://mcp.acme.test/mcp', '--platform', 'darwin'];
    for (const [name, content, message] of [
      ['big.json', bigJson(5 * MIB + 100), /big\.json has 5242980 bytes, over the 5 MiB limit of what mcpauth reads; it is not a file mcpauth wrote\. Nothing was changed/],
      ['deep.json', `{"mcpServers": {}, "x": ${'['.repeat(80)}${']'.repeat(80)}}`, /deep\.json:1:\d+: arrays and objects nested more than 64 levels deep \(mcpauth's limit\); not read; nothing was changed/],
    ] as const) {
      const config = path.join(dir, name);
      writeFileSync(config, content);
      expectOneLine(runCli(['install', '--config', config, ...entry], { cwd: dir, env: fakeEnv(dir) }), 2, message);
      expect(readFileSync(config, 'utf8')).toBe(content);
    }
    expect(listing(dir)).toEqual(['big.json', 'deep.json']);
  });

  (hasMkfifo ? test : test.skip)('generate --out a FIFO (or a device) is refused at once, without reading or replacing it', () => {
    const dir = tempDir('mcpauth-limits-');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    // A device like /dev/null (made here, where replacing it by mistake would harm nothing), when root may make one.
    const device = spawnSync('mknod', [path.join(dir, 'null'), 'c', '1', '3']).status === 0;
    const started = Date.now();
    for (const target of device ? ['pipe', 'null'] : ['pipe']) {
      expectOneLine(runCli(['generate', 'desktop-config', '--out', target, '--platform', 'darwin'], { cwd: dir }), 2, new RegExp(`${target} is not a regular file \\(a device, pipe or socket\\); mcpauth reads and writes only regular files\\. Nothing was changed`));
      expect(lstatSync(path.join(dir, target)).isFile()).toBe(false);
    }
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(listing(dir)).toEqual(device ? ['null', 'pipe'] : ['pipe']);
  });

  (hasMkfifo ? test : test.skip)('doctor: a config that is a FIFO, too large or too deep is refused at once', () => {
    const dir = tempDir('mcpauth-limits-');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    writeFileSync(path.join(dir, 'big.json'), bigJson(5 * MIB + 100));
    writeFileSync(path.join(dir, 'deep.json'), `{"mcpServers": ${'['.repeat(70)}${']'.repeat(70)}}`);
    expectOneLine(runCli(['doctor', '--config', 'pipe'], { cwd: dir }), 2, /pipe is not a regular file/);
    expectOneLine(runCli(['doctor', '--config', 'big.json'], { cwd: dir }), 2, /big\.json has 5242980 bytes, over the 5 MiB limit/);
    expectOneLine(runCli(['doctor', '--config', 'deep.json'], { cwd: dir }), 2, /deep\.json:1:\d+: arrays and objects nested more than 64 levels/);
  });

  test('doctor: a server that sends its answer a byte at a time is given up on, not waited for', async () => {
    // Each byte comes well within the idle timeout, so only a deadline for the whole request ends it.
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = tempDir('mcpauth-limits-');
      const port = (server.address() as { port: number }).port;
      const entry = { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', `http://127.0.0.1:${port}/mcp`] };
      writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ mcpServers: { drip: entry } }));
      const started = Date.now();
      const r = await runCliAsync(['doctor', '--config', 'c.json', '--timeout', '1'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/no answer within 1 s/);
      expect(Date.now() - started).toBeLessThan(40_000);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);

  test('a secret too long, in a file or on standard input', () => {
    const dir = tempDir('mcpauth-limits-');
    writeFileSync(path.join(dir, 'long.secret'), `${'s'.repeat(5000)}\n`);
    writeFileSync(path.join(dir, 'huge.secret'), 'x'.repeat(100_000));
    expectOneLine(runCli(['generate', 'static-client', '--secret-file', 'long.secret'], { cwd: dir }), 2, /the secret in long\.secret is longer than 4096 characters/);
    expectOneLine(runCli(['generate', 'static-client', '--secret-file', 'huge.secret'], { cwd: dir }), 2, /huge\.secret has more than 64 KiB, more than a file holding a client secret can have/);
    expectOneLine(runCli(['secret', 'hash'], { cwd: dir, input: 'x'.repeat(100_000) }), 2, /the secret on standard input goes on past 64 KiB/);
    expect(listing(dir)).toEqual(['huge.secret', 'long.secret']);
  });
});

describe('Curity XML: entity bombs and other hostile documents end fast, in little memory', () => {
  const CONFIG_OPEN = '<config xmlns="http://tail-f.com/ns/config/1.0">';
  const laughs = `<?xml version="1.0"?><!DOCTYPE config [<!ENTITY a "${'a'.repeat(10)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]>${CONFIG_OPEN}&j;</config>`;
  const BOMBS: Record<string, string> = {
    'billion laughs (10^10 characters)': laughs,
    'quadratic blowup': `<!DOCTYPE config [<!ENTITY big "${'x'.repeat(100_000)}">]>${CONFIG_OPEN}${'&big;'.repeat(20_000)}</config>`,
    'external entity (XXE)': `<!DOCTYPE config [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${CONFIG_OPEN}<profiles>&xxe;</profiles></config>`,
    'parameter entity': `<!DOCTYPE config [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>${CONFIG_OPEN}</config>`,
    'entity declared without a DOCTYPE': `${CONFIG_OPEN}<!ENTITY a "b"></config>`,
  };

  test.each(Object.keys(BOMBS))('%s: one curity/xml-syntax finding, in well under a second', async (what) => {
    const started = performance.now();
    const heap = process.memoryUsage().heapUsed;
    const result = await runValidation([{ kind: 'stdin', display: 'bomb.xml' }], { platform: 'linux', offline: true, cwd: REPO_ROOT, readStdin: async () => BOMBS[what] });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(64 * MIB);
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'curity/xml-syntax', message: expect.stringMatching(/<!(DOCTYPE|ENTITY)> declaration: mcpauth reads no DTD and expands no entity/) })]);
    expect(JSON.stringify(result)).not.toMatch(/root:/); // nothing of /etc/passwd
  });

  test('too many elements, too deep, or a huge attribute list: refused or checked within the budget', async () => {
    const inputs = {
      wide: `${CONFIG_OPEN}${'<x/>'.repeat(30_000)}</config>`,
      deep: `${CONFIG_OPEN}${'<x>'.repeat(100_000)}</config>`,
      attributes: `${CONFIG_OPEN}<x ${Array.from({ length: 20_000 }, (_, i) => `a${i}="${i}"`).join(' ')}/></config>`,
      long: `${CONFIG_OPEN}<profiles><profile><id>${"i".repeat(MIB)}</id></profile></profiles></config>`,
    };
    for (const [what, text] of Object.entries(inputs)) {
      const started = performance.now();
      const result = await runValidation([{ kind: 'stdin', display: `${what}.xml` }], { platform: 'linux', offline: true, cwd: REPO_ROOT, readStdin: async () => text });
      expect([what, performance.now() - started < 5000]).toEqual([what, true]);
      expect(result.findings.filter((f) => /^core\/(rule-failed|time-budget)$/.test(f.ruleId))).toEqual([]);
      if (what === 'wide' || what === 'deep') expect(result.findings.map((f) => f.ruleId)).toEqual(['curity/xml-syntax']);
    }
  });

  test('generate --out over an XML bomb (it reads the file for a hash to keep) ends at once and replaces it', () => {
    const dir = tempDir('mcpauth-limits-');
    writeFileSync(path.join(dir, 'client.xml'), laughs);
    const started = Date.now();
    const r = runCli(['generate', 'static-client', '--out', 'client.xml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(readFileSync(path.join(dir, 'client.xml'), 'utf8')).toMatch(/<secret>\$5\$/);
  });
});

describe('the pieces', () => {
  test('the nesting scan counts what parsers would see: brackets in strings and comments do not count, a string ends at a line break', () => {
    expect(jsonNestingProblem(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeUndefined();
    expect(jsonNestingProblem(`${'['.repeat(65)}`)).toEqual({ offset: 64, maxDepth: 64 });
    expect(jsonNestingProblem(`["${'['.repeat(100)}"]`)).toBeUndefined();
    expect(jsonNestingProblem(`["\\"${'['.repeat(100)}"]`)).toBeUndefined();
    expect(jsonNestingProblem(`[// ${'['.repeat(100)}\n]`)).toBeUndefined();
    expect(jsonNestingProblem(`[/* ${'['.repeat(100)} */]`)).toBeUndefined();
    expect(jsonNestingProblem(`["unterminated\n${'['.repeat(100)}`)?.offset).toBe(14 + 64);
  });

  test('a JSON input that takes longer than its time budget is refused, naming it', async () => {
    const slow = () => new Promise<{ ok: true; bytes: Buffer }>((resolve) => setTimeout(() => resolve({ ok: true, bytes: Buffer.from('{}') }), 50));
    await expect(readJsonInput('-', { readStdin: slow, timeBudgetMs: 10 })).rejects.toThrow(new UsageError("standard input: took longer than 10 ms to read (mcpauth's time budget for one input); it was not used"));
    await expect(readJsonInput('-', { readStdin: slow })).resolves.toEqual({ label: 'standard input', text: '{}', value: {} });
  });
});

test('the CLI binary is the one under test', () => {
  expect(existsSync(BIN)).toBe(true);
});
