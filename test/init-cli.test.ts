/**
 * Issue 8 from the CLI: init where nobody can answer (no terminal), --answers and --yes, the
 * overwrite rule, --artifact, and the prompt library staying unloaded when no question is asked.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFilesHolding } from './helpers/bundle.js';
import { BIN, REPO_ROOT, runCli, tempDir } from './helpers/cli.js';
import { compareOutDirs } from './helpers/out-dir.js';

const OUT = 'mcpauth-out';
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'init');
const clean = { onlyLeft: [], onlyRight: [], differing: [] };

/** User + system CPU time of `mcpauth ARGS` with stdin from /dev/null, measured by bash's time. */
function cpuMilliseconds(args: string[], cwd: string): number {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time ${quoted} </dev/null >/dev/null 2>&1`], { cwd, encoding: 'utf8' });
  const [user, system] = r.stderr.trim().split(/\s+/).map(Number);
  expect(Number.isFinite(user + system)).toBe(true);
  return (user + system) * 1000;
}

describe('init without a terminal', () => {
  test('stdin from /dev/null and no flags: exit 2 within a second, naming --yes and --answers, nothing written', () => {
    const dir = tempDir();
    const run = () => {
      const devNull = openSync('/dev/null', 'r');
      const started = Date.now();
      const r = spawnSync(process.execPath, [BIN, 'init'], { cwd: dir, stdio: [devNull, 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 10_000 });
      closeSync(devNull);
      return { ...r, elapsed: Date.now() - started };
    };
    // On a machine shared with parallel test workers the wall time says little: the bound is on the
    // CPU time the process needs (what the wall time is on an idle machine), and the wall time of
    // the best of three runs only guards against waiting for input.
    const runs = [run()];
    while (runs.length < 3 && Math.min(...runs.map((r) => r.elapsed)) >= 1000) runs.push(run());
    expect(Math.min(...runs.map((r) => r.elapsed))).toBeLessThan(5000);
    expect(cpuMilliseconds(['init'], dir)).toBeLessThan(1000);
    const [r] = runs;
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/standard input is not a terminal/);
    expect(r.stderr).toMatch(/--yes/);
    expect(r.stderr).toMatch(/--answers FILE/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('flags alone do not make it non-interactive: still exit 2, nothing written', () => {
    const dir = tempDir();
    const r = runCli(['init', '--server-url', 'https://x.example'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('init --answers', () => {
  test.each([['windows-dcr.deployment.json'], ['windows-static.deployment.json']])('%s gives the same files as generate all with the same deployment', (fixture) => {
    const deployment = path.join(FIXTURES, fixture);
    const viaGenerate = tempDir();
    expect(runCli(['generate', 'all', '--from', deployment], { cwd: viaGenerate }).code).toBe(0);
    const viaInit = tempDir();
    // The same secret in place (a confidential client), as a second run would have it.
    const secrets = readdirSync(path.join(viaGenerate, OUT)).filter((f) => f.endsWith('.secret'));
    mkdirSync(path.join(viaInit, OUT));
    for (const secret of secrets) copyFileSync(path.join(viaGenerate, OUT, secret), path.join(viaInit, OUT, secret));
    const r = runCli(['init', '--answers', deployment], { cwd: viaInit });
    expect(r.code).toBe(0);
    expect(compareOutDirs(path.join(viaGenerate, OUT), path.join(viaInit, OUT))).toEqual(clean);
    const config = JSON.parse(readFileSync(path.join(viaInit, OUT, 'claude_desktop_config.json'), 'utf8'));
    const [entry] = Object.values(config.mcpServers) as { args: string[] }[];
    for (const arg of entry.args) expect(arg).not.toMatch(/[\s"&|<>^%]/);
  });

  test('--answers - reads the deployment from standard input', () => {
    const dir = tempDir();
    const r = runCli(['init', '--answers', '-', '--artifact', 'desktop-config'], { cwd: dir, input: readFileSync(path.join(FIXTURES, 'windows-dcr.deployment.json'), 'utf8') });
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, OUT)).sort()).toEqual(['acme.client-metadata.json', 'claude_desktop_config.json', 'deployment.json']);
  });

  test('replacing a changed file needs --force (or --yes) when there is no terminal to confirm on', () => {
    const dir = tempDir();
    const deployment = path.join(FIXTURES, 'windows-dcr.deployment.json');
    expect(runCli(['init', '--yes'], { cwd: dir }).code).toBe(0);
    const before = readFileSync(path.join(dir, OUT, 'claude_desktop_config.json'));

    const refused = runCli(['init', '--answers', deployment], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/would replace .*claude_desktop_config\.json/);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(path.join(dir, OUT, 'claude_desktop_config.json')).equals(before)).toBe(true);
    expect(existsSync(path.join(dir, OUT, 'acme.client-metadata.json'))).toBe(false);

    const forced = runCli(['init', '--answers', deployment, '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/updated\s+mcpauth-out\/claude_desktop_config\.json .*\(backup: /);
    // The desktop config is merged: the demo's entry stays beside the new one.
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, OUT, 'claude_desktop_config.json'), 'utf8')).mcpServers).sort()).toEqual(['acme', 'curity-demo']);
  });

  test('files that would not change need no confirmation', () => {
    const dir = tempDir();
    const deployment = path.join(FIXTURES, 'windows-static.deployment.json');
    expect(runCli(['init', '--answers', deployment], { cwd: dir }).code).toBe(0);
    const again = runCli(['init', '--answers', deployment], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/created|updated/);
  });
});

describe('init --artifact', () => {
  test('writes only the chosen files and deployment.json', () => {
    const dir = tempDir();
    const r = runCli(['init', '--yes', '--artifact', 'dcr-policy'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, OUT)).sort()).toEqual(['curity-dcr.xml', 'dcr-policy.json', 'deployment.json', 'kong-registration-route.yml', 'mcp-client-registration-policy.js']);
    // No step about files that were not written.
    expect(r.stderr).not.toMatch(/claude_desktop_config\.json|curity-static-client\.xml/);
  });

  test('static registration brings the static client along with the desktop config', () => {
    const dir = tempDir();
    expect(runCli(['init', '--yes', '--artifact', 'desktop-config', '--registration', 'static'], { cwd: dir }).code).toBe(0);
    expect(readdirSync(path.join(dir, OUT)).sort()).toEqual(['claude_desktop_config.json', 'curity-static-client.xml', 'deployment.json']);
  });

  test('an unknown part is a usage error', () => {
    const r = runCli(['init', '--yes', '--artifact', 'kong'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--artifact|Choices/);
  });

  test('--help keeps its examples', () => {
    const r = runCli(['init', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/mcpauth init --yes/);
    expect(r.stdout).toMatch(/--answers/);
    expect(r.stdout).toMatch(/--artifact/);
  });
});

describe('the prompt library is loaded only for questions', () => {
  /** Runs the CLI with a module hook that records every module it resolves. */
  function loadedModules(args: string[], options: { input?: string; eval?: string } = {}): string[] {
    const dir = tempDir();
    const log = path.join(dir, 'loaded.txt');
    writeFileSync(log, '');
    writeFileSync(
      path.join(dir, 'hooks.mjs'),
      "import { appendFileSync } from 'node:fs';\n" +
        'export async function resolve(specifier, context, next) {\n' +
        '  const result = await next(specifier, context);\n' +
        "  appendFileSync(process.env.MCPAUTH_TEST_LOG, result.url + '\\n');\n" +
        '  return result;\n' +
        '}\n',
    );
    writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
    const target = options.eval ? ['--input-type=module', '-e', options.eval] : [BIN, ...args];
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, ...target], {
      cwd: options.eval ? REPO_ROOT : dir,
      input: options.input ?? '',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', MCPAUTH_TEST_LOG: log },
    });
    expect(r.status).not.toBe(null);
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  }
  const loadedInquirer = (args: string[], options: { input?: string; eval?: string } = {}) => loadedModules(args, options).filter((url) => url.includes('@inquirer'));

  test('the hook sees @inquirer/prompts when it is imported (control)', () => {
    expect(loadedInquirer([], { eval: "await import('@inquirer/prompts')" }).length).toBeGreaterThan(0);
  });

  test.each([[['init', '--yes']], [['init']], [['generate', 'all']]])('%j does not load it', (args) => {
    expect(loadedInquirer(args)).toEqual([]);
  });

  test('init without a terminal refuses before loading the deployment model, the generators or zod', () => {
    const loaded = loadedModules(['init']);
    const initCommand = bundleFilesHolding(/^dist\/cli\/commands\/init\.js$/);
    expect(initCommand).not.toEqual([]);
    expect(loaded.some((url) => initCommand.includes(url))).toBe(true);
    const heavyParts = bundleFilesHolding(/^dist\/(deployment\/model|generators\/index|cli\/init-run)\.js$/);
    expect(heavyParts).not.toEqual([]);
    const heavy = (url: string) => /node_modules\/zod\//.test(url) || heavyParts.includes(url);
    expect(loaded.filter(heavy)).toEqual([]);
    // Control: the same hook sees them when init has work to do.
    expect(loadedModules(['init', '--yes']).some(heavy)).toBe(true);
  });
});
