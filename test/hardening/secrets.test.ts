/**
 * Issue 11: secrets never leak. Every command path that handles a client secret (generated, from
 * standard input, from a file, hashed, with --debug, after an error, in --check diffs) and every
 * command that reads files holding secrets (install, uninstall, restore, validate in every format)
 * is run, and its standard output, standard error and every file it wrote are searched for the
 * secret, in plain, JSON-escaped and XML-escaped form. The only files allowed to hold it are the
 * <client-id>.secret file, the file the secret was read from, a config that held it before (and
 * its backup), and an XML the user asked to hold the plain secret (--plaintext-secret).
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir, type RunResult } from '../helpers/cli.js';
import { fakeEnv } from '../helpers/install-env.js';
import { FORMATS } from '../../src/report/index.js';

/** A secret that looks the same in every encoding, and one that every encoding changes. */
const PLAIN = 'Sup3r-S3cret-Value-9f8e7d6c5b4a-Zq';
const ODD = `p<&>"'\\S3cret-2-ÿ-${'x'.repeat(12)}`;

function forms(secret: string): string[] {
  const xml = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  // Also its longest run of letters and digits: a partial leak (a prefix, a slice) shows it.
  const core = secret.match(/[A-Za-z0-9-]{16,}/g) ?? [];
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), xml, ...core])];
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesIn(full) : [full];
  });
}

/** Where a secret was found: "stdout", "stderr" or a file, with the form that matched. */
function leaks(secret: string, run: RunResult | RunResult[], dir: string, allowed: string[] = []): string[] {
  const found: string[] = [];
  const outputs = Array.isArray(run) ? run : [run];
  for (const form of forms(secret)) {
    outputs.forEach((r, i) => {
      if (r.stdout.includes(form)) found.push(`stdout of run ${i}: ${form}`);
      if (r.stderr.includes(form)) found.push(`stderr of run ${i}: ${form}`);
    });
    for (const file of filesIn(dir)) {
      if (allowed.some((a) => path.resolve(dir, a) === file || file.endsWith('.bak') && path.resolve(dir, a) === file.replace(/\.\d{8}T\d{6}Z(-\d+)?\.bak$/, ''))) continue;
      if (readFileSync(file, 'latin1').includes(Buffer.from(form).toString('latin1'))) found.push(`${path.relative(dir, file)}: ${form}`);
    }
  }
  return found;
}

const ok = (r: RunResult) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });

describe('a secret mcpauth generates', () => {
  test('generate static-client (to a file and to standard output), generate all, init: only <client-id>.secret holds it, also with --debug and --check', () => {
    const dir = tempDir('mcpauth-secret-');
    const runs: RunResult[] = [];
    runs.push(runCli(['generate', 'static-client', '--out', 'curity/client.xml', '--debug'], { cwd: dir }));
    const secret = readFileSync(path.join(dir, 'curity', 'claude-client.secret'), 'utf8').trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    runs.forEach(ok);
    expect(leaks(secret, runs, dir, ['curity/claude-client.secret'])).toEqual([]);

    // The same secret is reused wherever the .secret file is; every other output is searched for it.
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'out', 'claude-client.secret'), `${secret}\n`, { mode: 0o600 });
    writeFileSync(path.join(dir, 'claude-client.secret'), `${secret}\n`, { mode: 0o600 });
    runs.push(runCli(['generate', 'static-client'], { cwd: dir }));
    runs.push(runCli(['generate', 'all', '--out-dir', 'out', '--debug'], { cwd: dir }));
    runs.push(runCli(['init', '--yes', '--out-dir', 'out'], { cwd: dir }));
    runs.forEach(ok);
    // --check: the XML and the .secret (its line ending) differ from what would be written; the diff shows no secret.
    appendFileSync(path.join(dir, 'out', 'curity-static-client.xml'), '<!-- edited -->\n');
    writeFileSync(path.join(dir, 'out', 'claude-client.secret'), `${secret}\r\n`);
    const check = runCli(['generate', 'all', '--out-dir', 'out', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^out\/claude-client\.secret: differs \(secret, not shown\)$/m);
    expect(check.stdout).toMatch(/^-<!-- edited -->$/m);
    runs.push(check);
    expect(leaks(secret, runs, dir, ['curity/claude-client.secret', 'claude-client.secret', 'out/claude-client.secret'])).toEqual([]);
  });
});

describe('a secret the user supplies', () => {
  test('--secret-stdin, --secret-file and secret hash, with --debug and errors after the secret was read', () => {
    const dir = tempDir('mcpauth-secret-');
    writeFileSync(path.join(dir, 'given.txt'), `${PLAIN}\n`, { mode: 0o600 });
    writeFileSync(path.join(dir, 'blocker'), 'a file where a folder should be\n');
    const input = `${PLAIN}\n`;
    const runs = [
      runCli(['generate', 'static-client', '--secret-stdin', '--out', 'stdin.xml', '--debug'], { cwd: dir, input }),
      runCli(['generate', 'static-client', '--secret-stdin'], { cwd: dir, input }),
      runCli(['generate', 'all', '--secret-stdin', '--out-dir', 'all'], { cwd: dir, input }),
      runCli(['init', '--yes', '--secret-stdin', '--out-dir', 'init'], { cwd: dir, input }),
      runCli(['generate', 'static-client', '--secret-file', 'given.txt', '--out', 'file.xml', '--debug'], { cwd: dir }),
      runCli(['secret', 'hash', '--debug'], { cwd: dir, input }),
      runCli(['secret', 'hash', '--salt', 'abcdefgh', '--rounds', '10000'], { cwd: dir, input }),
    ];
    runs.forEach(ok);
    expect(runs[5].stdout).toMatch(/^\$5\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{43}\n$/);
    const failures = [
      // The write fails after the secret was read (a file where the folder should be), with --debug's stack trace.
      runCli(['generate', 'static-client', '--secret-stdin', '--out', 'blocker/x.xml', '--debug'], { cwd: dir, input }),
      // Refusals that are about the secret name it, never show it.
      runCli(['generate', 'static-client', '--secret-stdin', '--plaintext-secret', '--debug'], { cwd: dir, input: `$${PLAIN}` }),
      runCli(['generate', 'static-client', '--secret-stdin', '--public'], { cwd: dir, input }),
      runCli(['secret', 'hash', '--salt', 'not a salt!'], { cwd: dir, input }),
      runCli(['secret', 'hash'], { cwd: dir, input: `${PLAIN}\n${PLAIN}\n` }),
      runCli(['generate', 'static-client', '--secret-stdin', '--out', 'stdin.xml', '--bogus-flag'], { cwd: dir, input }),
    ];
    expect(failures.map((r) => r.code)).toEqual([3, 2, 2, 2, 2, 2]);
    expect(failures[0].stderr).toMatch(/\n\s+at /); // --debug did print its stack trace
    expect(leaks(PLAIN, [...runs, ...failures], dir, ['given.txt'])).toEqual([]);
  });

  test('a secret that every encoding changes ("<&>\'\\ and non-ASCII) shows in no encoding', () => {
    const dir = tempDir('mcpauth-secret-');
    const input = `${ODD}\n`;
    const runs = [
      runCli(['init', '--yes', '--secret-stdin', '--out-dir', 'init', '--debug'], { cwd: dir, input }),
      runCli(['secret', 'hash'], { cwd: dir, input }),
      // The hash in the XML verifies against the same secret, so it is kept: nothing differs.
      runCli(['generate', 'static-client', '--secret-stdin', '--out', 'init/curity-static-client.xml', '--check'], { cwd: dir, input }),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(leaks(ODD, runs, dir)).toEqual([]);
  });

  test('--plaintext-secret: the XML holds the secret, as asked, but a --check diff of it does not show it', () => {
    const dir = tempDir('mcpauth-secret-');
    writeFileSync(path.join(dir, 'given.txt'), `${PLAIN}\n`, { mode: 0o600 });
    const args = ['generate', 'static-client', '--secret-file', 'given.txt', '--plaintext-secret', '--out', 'plain.xml'];
    const write = runCli(args, { cwd: dir });
    ok(write);
    expect(readFileSync(path.join(dir, 'plain.xml'), 'utf8')).toContain(PLAIN);
    expect(statSync(path.join(dir, 'plain.xml')).mode & 0o777).toBe(0o600);
    // An edit next to the secret: a diff would show the <secret> line as context.
    writeFileSync(path.join(dir, 'plain.xml'), readFileSync(path.join(dir, 'plain.xml'), 'utf8').replace('<secret>', '<!-- edited -->\n<secret>'));
    const check = runCli([...args, '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('plain.xml: differs (secret, not shown)\n');
    // Printing it instead of writing it is refused.
    const printed = runCli(args.slice(0, -2), { cwd: dir });
    expect(printed.code).toBe(2);
    expect(printed.stderr).toMatch(/--plaintext-secret puts the secret itself into the XML, which mcpauth does not print/);
    expect(leaks(PLAIN, [write, check, printed], dir, ['given.txt', 'plain.xml'])).toEqual([]);
  });
});

describe('files that hold secrets, read by install, uninstall, restore and validate', () => {
  const CONFIG = {
    globalShortcut: 'Alt+Space',
    mcpServers: {
      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: PLAIN } },
      api: { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', `https://api.example.com/mcp?token=${PLAIN}`, '--header', `Authorization: Bearer ${PLAIN}`, '--api-key', PLAIN] },
      info: { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', 'https://mcp.example.com/mcp', '--static-oauth-client-info', JSON.stringify({ client_id: 'c', client_secret: PLAIN })] },
    },
  };

  test('install, install --dry-run, uninstall --dry-run, uninstall and restore --dry-run print no secret of the other servers', () => {
    const dir = tempDir('mcpauth-secret-');
    const config = path.join(dir, 'claude_desktop_config.json');
    writeFileSync(config, `${JSON.stringify(CONFIG, null, 2)}\n`);
    const env = fakeEnv(dir);
    const entry = ['--server-name', 'acme', '--server-url', 'https://mcp.acme.test/mcp', '--platform', 'darwin'];
    const runs = [
      runCli(['install', '--config', config, ...entry, '--dry-run'], { cwd: dir, env }),
      runCli(['install', '--config', config, ...entry], { cwd: dir, env }),
      runCli(['uninstall', 'github', '--config', config, '--dry-run'], { cwd: dir, env }),
      runCli(['uninstall', 'api', '--config', config, '--debug'], { cwd: dir, env }),
    ];
    const backup = filesIn(dir).find((f) => f.endsWith('.bak'));
    expect(backup).toBeDefined();
    runs.push(runCli(['restore', backup!, '--config', config, '--dry-run'], { cwd: dir, env }));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(runs[0].stdout + runs[2].stdout + runs[4].stdout).toMatch(/<redacted>/); // the diffs were there, redacted
    expect(leaks(PLAIN, runs, dir, ['claude_desktop_config.json'])).toEqual([]);
  });

  test('doctor: a client secret in --static-oauth-client-info that is not valid JSON (inline, or from ${VAR}) is not quoted', () => {
    const dir = tempDir('mcpauth-secret-');
    const remote = (info: string) => ({ command: 'npx', args: ['-y', 'mcp-remote@0.15.1', 'https://127.0.0.1:9/mcp', '--static-oauth-client-info', info] });
    const config = { mcpServers: { inline: remote(`{"client_id":"c","client_secret":${PLAIN}}`), variable: remote('{"client_id":"c","client_secret":"${MY_SECRET}",}') } };
    writeFileSync(path.join(dir, 'claude_desktop_config.json'), JSON.stringify(config));
    const env = { MY_SECRET: PLAIN };
    const runs = ['inline', 'variable'].flatMap((server) =>
      ['text', 'json'].map((format) => runCli(['doctor', '--config', 'claude_desktop_config.json', '--server', server, '--timeout', '1', '--format', format], { cwd: dir, env })),
    );
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 1]);
    expect(runs[0].stdout).toMatch(/--static-oauth-client-info is not valid JSON \(line 1, column \d+: unexpected character\)/);
    expect(leaks(PLAIN, runs, dir, ['claude_desktop_config.json'])).toEqual([]);
  });

  test('validate, in every format, to standard output and to --output files', () => {
    const dir = tempDir('mcpauth-secret-');
    writeFileSync(path.join(dir, 'claude_desktop_config.json'), JSON.stringify(CONFIG, null, 2));
    writeFileSync(path.join(dir, 'response.json'), JSON.stringify({ client_id: 'abc', client_secret: PLAIN, registration_access_token: PLAIN, redirect_uris: ['http://localhost:3334/oauth/callback'], client_secret_expires_at: 'never' }));
    writeFileSync(path.join(dir, 'demo.client-metadata.json'), JSON.stringify({ client_name: 'x', scope: 'a', client_secret: PLAIN, client_id: PLAIN }));
    writeFileSync(path.join(dir, 'cimd.json'), JSON.stringify({ client_id: 'https://clients.example.com/c.json', client_name: 'c', redirect_uris: ['http://localhost:3334/cb'], token_endpoint_auth_method: 'client_secret_basic', client_secret: PLAIN }));
    const xml = `<config xmlns="http://tail-f.com/ns/config/1.0"><profiles xmlns="https://curity.se/ns/conf/base"><profile><id>token-service</id><type xmlns:as="https://curity.se/ns/conf/profile/oauth">as:oauth-service</type><settings><authorization-server xmlns="https://curity.se/ns/conf/profile/oauth"><client-store><config-backed><client><id>c</id><secret>${PLAIN}</secret><redirect-uris>https://claude.ai/cb</redirect-uris><capabilities><code/></capabilities></client></config-backed></client-store></authorization-server></settings></profile></profiles></config>\n`;
    writeFileSync(path.join(dir, 'curity-static-client.xml'), xml);
    const files = ['claude_desktop_config.json', 'response.json', 'demo.client-metadata.json', 'cimd.json', 'curity-static-client.xml'];
    const runs: RunResult[] = [];
    for (const format of FORMATS) runs.push(runCli(['validate', ...files, '--format', format, '--platform', 'linux'], { cwd: dir }));
    // A report written to a file goes through the same reporter.
    runs.push(runCli(['validate', ...files, '--format', 'sarif', '--output', 'report.sarif', '--strict', '--offline'], { cwd: dir }));
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 1));
    expect(runs[0].stdout).toMatch(/desktop\/secret-in-args/);
    expect(runs[0].stdout).toMatch(/curity\/secret-plaintext/);
    expect(leaks(PLAIN, runs, dir, files)).toEqual([]);
  });
});
