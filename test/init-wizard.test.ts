/**
 * Issue 8: the init wizard, driven in-process through the real @inquirer/prompts on the virtual
 * screen of @inquirer/testing. What is checked is what a user sees (the questions, the reasons
 * for refusing an answer, the summary and diffs) and the files written.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInit } from '../src/cli/init-run.js';
import { CliError, EXIT } from '../src/errors.js';
import { QUESTIONS, FLAG_ONLY } from '../src/wizard/questions.js';
import { FIELDS } from '../src/deployment/fields.js';
import { runCli, tempDir } from './helpers/cli.js';
import { compareOutDirs } from './helpers/out-dir.js';
import { makeCa } from './helpers/pki.js';
import { answer, captureOutput, choose, drive, interrupt, keys, no, refusedThen, replaceWith, type Action, type Rendered } from './helpers/wizard.js';

const OUT = 'mcpauth-out';
const LINUX = process.platform === 'darwin' ? 'darwin' : 'linux';

interface WizardRun {
  code: number;
  asked: string[];
  said: string;
  err: string;
  unused: RegExp[];
}

/** Runs init as the CLI handler does on a terminal, with the given flags and script. */
async function wizard(cwd: string, script: [RegExp, Action][] = [], flags: Record<string, unknown> = {}): Promise<WizardRun> {
  const driven = drive(script);
  const { output, err } = captureOutput();
  const code = await runInit({ argv: { _: ['init'], ...flags }, cwd, env: process.env, output, defaultOutDir: OUT, prompter: driven.prompter });
  return { code, asked: driven.asked, said: driven.said.join('\n'), err: err.join('\n'), unused: driven.unused() };
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const questionLines = (run: { asked: string[] }) => run.asked.map((screen) => screen.split('\n')[0]);

let caPem: string;
beforeAll(async () => {
  caPem = (await makeCa()).certPem;
});

describe('the question table', () => {
  test('every field of the model is either asked or deliberately left to flags', () => {
    const asked = QUESTIONS.map((q) => `${q.field.section}.${q.field.key}`);
    const all = FIELDS.map((f) => `${f.section}.${f.key}`);
    expect(new Set(asked).size).toBe(asked.length);
    expect([...asked, ...FLAG_ONLY].sort()).toEqual([...all].sort());
  });
});

describe('init wizard, accepting every default', () => {
  test('writes the same files as init --yes, byte for byte (the hash salt apart), with the same .secret in place', async () => {
    const yesDir = tempDir();
    expect(runCli(['init', '--yes'], { cwd: yesDir }).code).toBe(0);
    const dir = tempDir();
    mkdirSync(path.join(dir, OUT));
    copyFileSync(path.join(yesDir, OUT, 'claude-client.secret'), path.join(dir, OUT, 'claude-client.secret'));

    const run = await wizard(dir);
    expect(run.code).toBe(0);
    expect(run.unused).toEqual([]);
    expect(compareOutDirs(path.join(yesDir, OUT), path.join(dir, OUT))).toEqual({ onlyLeft: [], onlyRight: [], differing: [] });
    // Every part of the list was asked.
    const questions = questionLines(run).join('\n');
    for (const expected of [
      /Output folder/,
      /Which files/,
      /MCP server URL/,
      /Resource identifier/,
      /Scopes a client needs/,
      /Name of the entry/,
      /Client name/,
      /Operating system/,
      /CA certificate/,
      /client id\?/,
      /token service profile/,
      /Client id of the Curity static client/,
      /Redirect URIs/,
      /Audiences/,
      /Scopes the static client/,
      /Authenticators/,
      /public client/,
      /client secret/,
      /dynamically registered client/,
      /Access token lifetime/,
      /refresh tokens/,
      /client_uri/,
    ]) {
      expect(questions).toMatch(expected);
    }
    // The summary and the files come before the confirmation.
    expect(run.said).toMatch(/Summary/);
    expect(run.said).toMatch(/new\s+claude_desktop_config\.json/);
    expect(run.asked.at(-1)).toMatch(/Write 7 file\(s\)\?/);
  });

  test('the resource question explains the trailing slash with the URL given', async () => {
    const run = await wizard(tempDir(), [[/MCP server URL/, answer('https://mcp.example.com')]]);
    expect(run.said).toMatch(/https:\/\/mcp\.example\.com → https:\/\/mcp\.example\.com\//);
    expect(run.asked.find((s) => /Resource identifier/.test(s))).toMatch(/\(https:\/\/mcp\.example\.com\/\)/);
  });

  test('run again in the same folder: the defaults are the saved answers, and nothing changes', async () => {
    const dir = tempDir();
    expect((await wizard(dir, [[/MCP server URL/, answer('https://mcp.example.com/api')]])).code).toBe(0);
    const before = Object.fromEntries(readdirSync(path.join(dir, OUT)).map((f) => [f, readFileSync(path.join(dir, OUT, f))]));
    const again = await wizard(dir);
    expect(again.code).toBe(0);
    expect(again.said).toMatch(/The defaults are the answers in mcpauth-out\/deployment\.json/);
    expect(again.asked.find((s) => /MCP server URL/.test(s))).toMatch(/\(https:\/\/mcp\.example\.com\/api\)/);
    expect(again.said).toMatch(/nothing to write/);
    for (const [file, bytes] of Object.entries(before)) expect(readFileSync(path.join(dir, OUT, file)).equals(bytes)).toBe(true);
  });
});

describe('init wizard, custom answers', () => {
  test('a custom server for a Windows computer', async () => {
    const dir = tempDir();
    const run = await wizard(dir, [
      [/MCP server URL/, answer('https://mcp.acme.example/mcp')],
      [/Scopes a client needs/, replaceWith('acme/read acme/write')],
      [/Name of the entry/, replaceWith('acme')],
      [/Client name/, replaceWith('Claude-Acme')],
      [/Operating system/, choose(/Windows/)],
      [/CA certificate/, answer('C:\\certs\\acme-ca.pem')],
    ]);
    expect(run.code).toBe(0);
    expect(run.unused).toEqual([]);
    // On Windows the @file location is asked, with its default.
    expect(run.asked.find((s) => /client-metadata file/.test(s))).toMatch(/C:\\ProgramData\\mcpauth\\acme\.client-metadata\.json/);
    const config = readJson(path.join(dir, OUT, 'claude_desktop_config.json'));
    expect(config.mcpServers.acme).toEqual({
      command: 'npx',
      args: ['-y', 'mcp-remote@0.15.1', 'https://mcp.acme.example/mcp', '--static-oauth-client-metadata', '@C:\\ProgramData\\mcpauth\\acme.client-metadata.json'],
      env: { NODE_EXTRA_CA_CERTS: 'C:\\certs\\acme-ca.pem' },
    });
    expect(readJson(path.join(dir, OUT, 'acme.client-metadata.json'))).toEqual({ client_name: 'Claude-Acme', scope: 'acme/read acme/write' });
    const deployment = readJson(path.join(dir, OUT, 'deployment.json'));
    expect(deployment.server).toEqual({ url: 'https://mcp.acme.example/mcp', resource: 'https://mcp.acme.example/mcp', scopes: ['acme/read', 'acme/write'] });
    expect(deployment.desktop.platform).toBe('win32');
    // The DCR policy follows the new server scopes.
    expect(readJson(path.join(dir, OUT, 'dcr-policy.json')).scopes.allowed).toEqual(['acme/read', 'acme/write']);
    // The same deployment through generate all gives the same files.
    const viaGenerate = tempDir();
    mkdirSync(path.join(viaGenerate, OUT));
    copyFileSync(path.join(dir, OUT, 'claude-client.secret'), path.join(viaGenerate, OUT, 'claude-client.secret'));
    expect(runCli(['generate', 'all', '--from', path.join(dir, OUT, 'deployment.json')], { cwd: viaGenerate }).code).toBe(0);
    expect(compareOutDirs(path.join(dir, OUT), path.join(viaGenerate, OUT))).toEqual({ onlyLeft: [], onlyRight: [], differing: [] });
  });

  test('an invalid URL is refused with the reason and asked again, then a valid one is taken', async () => {
    const dir = tempDir();
    const screens: string[] = [];
    const run = await wizard(dir, [
      [
        /MCP server URL/,
        refusedThen(
          'http://mcp.acme.example',
          /uses http on a host that is not localhost/,
          refusedThen('mcp.acme.example', /must be an absolute URL/, replaceWith('https://mcp.acme.example'), (s) => screens.push(s)),
          (s) => screens.push(s),
        ),
      ],
    ]);
    expect(run.code).toBe(0);
    // The question stayed open under each reason.
    for (const screen of screens) expect(screen).toMatch(/^\? MCP server URL/);
    expect(readJson(path.join(dir, OUT, 'deployment.json')).server.url).toBe('https://mcp.acme.example');
  });

  test('a missing CA certificate is refused at once, then a valid one is taken as its absolute real path', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'certs'));
    writeFileSync(path.join(dir, 'certs', 'ca.crt'), caPem);
    writeFileSync(path.join(dir, 'certs', 'not-pem.crt'), 'hello\n');
    const run = await wizard(dir, [
      [
        /CA certificate/,
        refusedThen('certs/missing.crt', /certs\/missing\.crt does not exist/, refusedThen('certs/not-pem.crt', /holds no PEM certificate/, replaceWith('certs/ca.crt'))),
      ],
    ]);
    expect(run.code).toBe(0);
    expect(run.unused).toEqual([]);
    const entry = readJson(path.join(dir, OUT, 'claude_desktop_config.json')).mcpServers['curity-demo'];
    expect(entry.env).toEqual({ NODE_EXTRA_CA_CERTS: realpathSync(path.join(dir, 'certs', 'ca.crt')) });
  });

  test('Tab completes the CA certificate path on this computer, listing the entries when several remain', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'certs'));
    writeFileSync(path.join(dir, 'certs', 'ca.crt'), caPem);
    writeFileSync(path.join(dir, 'certs', 'client.pem'), 'x');
    const screens: string[] = [];
    // Completion reads the folder: wait until the line shows it.
    const tab = async (prompt: Rendered, shows: RegExp) => {
      prompt.events.keypress('tab');
      const deadline = Date.now() + 5000;
      while (!shows.test(prompt.getScreen()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      screens.push(prompt.getScreen());
    };
    const run = await wizard(dir, [
      [
        /CA certificate/,
        async (prompt) => {
          prompt.events.type('ce');
          await tab(prompt, /certs\/$/m);
          prompt.events.type('c');
          await tab(prompt, /client\.pem/);
          prompt.events.type('a');
          await tab(prompt, /ca\.crt$/m);
          prompt.events.keypress('enter');
        },
      ],
    ]);
    expect(run.code).toBe(0);
    expect(screens[0]).toMatch(/certificate certs\/$/m);
    expect(screens[1]).toMatch(/certs\/c$/m);
    expect(screens[1]).toMatch(/ca\.crt {2}client\.pem/);
    expect(screens[2]).toMatch(/certs\/ca\.crt$/m);
    const entry = readJson(path.join(dir, OUT, 'claude_desktop_config.json')).mcpServers['curity-demo'];
    expect(entry.env).toEqual({ NODE_EXTRA_CA_CERTS: realpathSync(path.join(dir, 'certs', 'ca.crt')) });
  });

  test('a CA certificate that is not a CA, or expired, is refused with the reason', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'leaf.crt'), (await makeCa({ isCa: false, name: 'leaf' })).certPem);
    writeFileSync(path.join(dir, 'old.crt'), (await makeCa({ notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') })).certPem);
    writeFileSync(path.join(dir, 'ca.crt'), caPem);
    const run = await wizard(dir, [
      [/CA certificate/, refusedThen('leaf.crt', /not a CA/, refusedThen('old.crt', /expired on 2021-01-01/, replaceWith('ca.crt')))],
    ]);
    expect(run.code).toBe(0);
    // The flag judges the same file the same way.
    const r = runCli(['init', '--yes', '--ca-cert', 'leaf.crt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ca-cert \(desktop\.caCert\) .*leaf\.crt holds a certificate that is not a CA/);
  });

  test('a CA found nearby (the Curity example layout) is the default', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'apigateway', 'certs'), { recursive: true });
    writeFileSync(path.join(root, 'apigateway', 'certs', 'example.ca.crt'), caPem);
    const run = await wizard(root);
    expect(run.asked.find((s) => /CA certificate/.test(s))).toMatch(/\(apigateway\/certs\/example\.ca\.crt\)/);
    const entry = readJson(path.join(root, OUT, 'claude_desktop_config.json')).mcpServers['curity-demo'];
    expect(entry.env.NODE_EXTRA_CA_CERTS).toBe(realpathSync(path.join(root, 'apigateway', 'certs', 'example.ca.crt')));
  });

  test('only the chosen files are asked about and written, plus deployment.json', async () => {
    const dir = tempDir();
    const run = await wizard(dir, [[/Which files/, keys('down', 'space', 'down', 'space', 'enter')]]);
    expect(run.code).toBe(0);
    expect(readdirSync(path.join(dir, OUT)).sort()).toEqual(['claude_desktop_config.json', 'deployment.json']);
    const questions = questionLines(run).join('\n');
    expect(questions).toMatch(/CA certificate/);
    expect(questions).not.toMatch(/Redirect URIs|dynamically registered|token service profile/);
    expect(run.err).not.toMatch(/curity-static-client\.xml/);
  });

  test('static registration asks for the callback port and brings the static client along', async () => {
    const dir = tempDir();
    const run = await wizard(dir, [
      [/Which files/, keys('down', 'space', 'down', 'space', 'enter')],
      [/client id\?/, choose(/static/)],
      [/Callback port/, replaceWith('4455')],
    ]);
    expect(run.code).toBe(0);
    expect(run.unused).toEqual([]);
    const args: string[] = readJson(path.join(dir, OUT, 'claude_desktop_config.json')).mcpServers['curity-demo'].args;
    expect(args.slice(2, 6)).toEqual(['https://mcp.demo.example', '4455', '--static-oauth-client-info', '{"client_id":"claude-client"}']);
    expect(readFileSync(path.join(dir, OUT, 'curity-static-client.xml'), 'utf8')).toContain('http://localhost:4455/oauth/callback');
    // A public client: no secret question, no secret file.
    expect(questionLines(run).join('\n')).not.toMatch(/client secret/);
    expect(existsSync(path.join(dir, OUT, 'claude-client.secret'))).toBe(false);
  });

  test('cimd registration needs its URL: an empty answer and a non-normal URL are refused', async () => {
    const dir = tempDir();
    const run = await wizard(dir, [
      [/client id\?/, choose(/cimd/)],
      [
        /Client ID Metadata Document/,
        refusedThen('', /needs an answer/, refusedThen('https://Clients.example.com/claude.json', /normal form/, replaceWith('https://clients.example.com/claude.json'))),
      ],
    ]);
    expect(run.code).toBe(0);
    expect(readJson(path.join(dir, OUT, 'client-id-metadata-document.json')).client_id).toBe('https://clients.example.com/claude.json');
  });

  test('a DCR policy that would refuse the server scopes is refused with the reason', async () => {
    const dir = tempDir();
    const run = await wizard(dir, [[/dynamically registered client/, refusedThen('other/scope', /misses the server scope stocks\/read/, replaceWith('stocks/read other/scope'))]]);
    expect(run.code).toBe(0);
    expect(readJson(path.join(dir, OUT, 'dcr-policy.json')).scopes.allowed).toEqual(['stocks/read', 'other/scope']);
  });

  test('flags skip their questions and are used as given', async () => {
    const dir = tempDir();
    const run = await wizard(dir, [], { 'server-url': 'https://flag.example/mcp', 'server-name': 'from-flag', artifact: ['desktop-config'], 'out-dir': 'custom' });
    expect(run.code).toBe(0);
    const questions = questionLines(run).join('\n');
    expect(questions).not.toMatch(/MCP server URL|Name of the entry|Which files|Output folder/);
    expect(Object.keys(readJson(path.join(dir, 'custom', 'claude_desktop_config.json')).mcpServers)).toEqual(['from-flag']);
  });

  test('a bad flag is refused before any question, naming the flag', async () => {
    const dir = tempDir();
    await expect(wizard(dir, [], { 'server-url': 'http://flag.example' })).rejects.toThrow(/--server-url \(server\.url\).*uses http/);
    expect(existsSync(path.join(dir, OUT))).toBe(false);
  });
});

describe('init wizard, before writing', () => {
  test('changed files are shown as a diff, and "no" writes nothing (exit 1)', async () => {
    const dir = tempDir();
    expect(runCli(['init', '--yes'], { cwd: dir }).code).toBe(0);
    const before = readFileSync(path.join(dir, OUT, 'claude_desktop_config.json'));
    const run = wizard(dir, [
      [/MCP server URL/, replaceWith('https://changed.example')],
      [/Write \d+ file\(s\), replacing/, choose(/No, write nothing/)],
    ]);
    await expect(run).rejects.toMatchObject({ exitCode: EXIT.findings, message: 'nothing was written' });
    expect(readFileSync(path.join(dir, OUT, 'claude_desktop_config.json')).equals(before)).toBe(true);
  });

  test('the diff of a changed file is shown before the question', async () => {
    const dir = tempDir();
    expect(runCli(['init', '--yes'], { cwd: dir }).code).toBe(0);
    const run = await wizard(dir, [[/MCP server URL/, replaceWith('https://changed.example')]]);
    expect(run.code).toBe(0);
    expect(run.said).toMatch(/changed\s+claude_desktop_config\.json/);
    expect(run.said).toMatch(/^-\s+"https:\/\/mcp\.demo\.example",$/m);
    expect(run.said).toMatch(/^\+\s+"https:\/\/changed\.example",$/m);
    // The secret file is named, never shown.
    expect(run.said).not.toContain(readFileSync(path.join(dir, OUT, 'claude-client.secret'), 'utf8').trim());
    expect(run.err).toMatch(/updated\s+mcpauth-out\/claude_desktop_config\.json .*\(backup: /);
  });

  test('--force shows the changes and writes without the last question', async () => {
    const dir = tempDir();
    expect(runCli(['init', '--yes'], { cwd: dir }).code).toBe(0);
    const run = await wizard(dir, [[/MCP server URL/, replaceWith('https://forced.example')]], { force: true });
    expect(run.code).toBe(0);
    expect(run.said).toMatch(/^\+\s+"https:\/\/forced\.example",$/m);
    expect(questionLines(run).join('\n')).not.toMatch(/Write \d+ file/);
    expect(readJson(path.join(dir, OUT, 'deployment.json')).server.url).toBe('https://forced.example');
  });

  test('Ctrl-C ends init with exit 130 and nothing written', async () => {
    const dir = tempDir();
    const run = wizard(dir, [[/MCP server URL/, answer('https://x.example')], [/Scopes a client needs/, interrupt]]);
    await expect(run).rejects.toMatchObject({ exitCode: EXIT.interrupted });
    await expect(run).rejects.toBeInstanceOf(CliError);
    expect(existsSync(path.join(dir, OUT))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('Ctrl-C at the confirmation writes nothing either', async () => {
    const dir = tempDir();
    await expect(wizard(dir, [[/Write \d+ file/, interrupt]])).rejects.toMatchObject({ exitCode: EXIT.interrupted });
    expect(readdirSync(dir)).toEqual([]);
  });

  test('"no" to a yes/no question is kept', async () => {
    const dir = tempDir();
    const run = await wizard(dir, [[/remove client_uri/, no]]);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, OUT, 'kong-registration-route.yml'))).toBe(false);
    expect(questionLines(run).join('\n')).not.toMatch(/Kong reaches/);
  });
});

test('FLAG_ONLY names only real fields', () => {
  for (const dotted of FLAG_ONLY) expect(FIELDS.some((f) => `${f.section}.${f.key}` === dotted)).toBe(true);
  expect(LINUX).toBeTruthy();
});
