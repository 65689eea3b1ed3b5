/**
 * Issue 11: "__proto__", "constructor" and "prototype" keys in any JSON input are keys like any
 * other. They change no object's prototype (neither of the object that holds them nor of the
 * built-ins), through the library functions and through the CLI, whose process is watched by
 * test/helpers/prototype-guard.mjs for any change to the built-in prototypes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { deploymentLayerFrom } from '../../src/deployment/load.js';
import { CliError, UsageError } from '../../src/errors.js';
import { mergeServerEntry, removeServerEntry } from '../../src/generators/desktop-config-merge.js';
import { parseDesktopConfig } from '../../src/install/config-file.js';
import { mergeProblem } from '../../src/install/merge-check.js';
import { readJsonInput } from '../../src/json/input.js';
import { parseStrictJson } from '../../src/json/strict.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { parsePolicy } from '../../src/policy/load.js';
import { detectType } from '../../src/validate/detect.js';
import { parseJsonDocument } from '../../src/validate/parse/json.js';
import { BIN, REPO_ROOT, tempDir } from '../helpers/cli.js';
import { fakeEnv } from '../helpers/install-env.js';

const GUARD = path.join(REPO_ROOT, 'test', 'helpers', 'prototype-guard.mjs');
const KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const POLICY = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'rules', 'policy', 'schema.pass.json'), 'utf8'));
const REQUEST = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'dcr', 'mcp-remote-0.15.1-request.json'), 'utf8'));

/** The CLI, with the guard loaded first. */
function runGuarded(args: string[], cwd: string, input = '') {
  const r = spawnSync(process.execPath, ['--import', GUARD, BIN, ...args], { cwd, input, env: { ...process.env, NO_COLOR: '1', ...fakeEnv(cwd) }, encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/PROTOTYPE POLLUTED/);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every object and array in `value` has the ordinary prototype (or none, for a null-prototype map). */
function prototypesIntact(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) return false;
  return Object.keys(value).every((key) => prototypesIntact((value as Record<string, unknown>)[key]));
}

const globalsClean = () => ({}).constructor === Object && (Object.prototype as Record<string, unknown>).polluted === undefined && ({} as Record<string, unknown>).polluted === undefined;

/** A JSON text whose objects hold hostile keys, with objects as their values. */
const HOSTILE_JSON = `{
  "__proto__": { "mcpServers": { "inherited": { "command": "npx" } }, "polluted": true, "redirect_uris": ["https://claude.ai/cb"] },
  "constructor": { "prototype": { "polluted": true } },
  "prototype": { "polluted": true },
  "mcpServers": {
    "__proto__": { "command": "npx", "args": ["-y", "mcp-remote", "https://x.example/mcp"] },
    "constructor": { "command": "npx", "args": ["-y", "mcp-remote", "https://y.example/mcp"] },
    "prototype": { "command": "npx", "args": ["-y", "mcp-remote@0.15.1", "https://z.example/mcp"] }
  }
}
`;

describe('the parsers', () => {
  test('strict, lenient and bounded parses keep hostile keys as own keys and every prototype as it was', async () => {
    const strict = parseStrictJson(HOSTILE_JSON);
    expect(strict.ok).toBe(true);
    const value = (strict as { value: Record<string, Record<string, unknown>> }).value;
    expect(prototypesIntact(value)).toBe(true);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'prototype', 'mcpServers']);
    expect(Object.keys(value.mcpServers)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect((value as Record<string, unknown>).polluted).toBeUndefined();

    // A broken file goes through the lenient parser (to guess its type): it must not set the
    // prototype either, or the inherited "mcpServers" would make it look like a desktop config.
    const broken = parseJsonDocument('{"__proto__": {"mcpServers": {}, "redirect_uris": []}, "kind": 1,}');
    expect(broken.ok).toBe(false);
    const lenient = (broken as { lenientValue: unknown }).lenientValue as Record<string, unknown>;
    expect(prototypesIntact(lenient)).toBe(true);
    expect(Object.keys(lenient)).toEqual(['__proto__', 'kind']);
    expect(detectType('x.json', lenient)).toBeUndefined();

    const input = await readJsonInput('-', { readStdin: async () => ({ ok: true, bytes: Buffer.from(HOSTILE_JSON) }) });
    expect(prototypesIntact(input.value)).toBe(true);
    expect(prototypesIntact(parseDesktopConfig(Buffer.from(HOSTILE_JSON), 'c.json').servers)).toBe(true);
    expect(globalsClean()).toBe(true);
  });

  test('random JSON with hostile keys anywhere: parsed values keep their prototypes', () => {
    const hostileKey = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 5 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.array(tie('node'), { maxLength: 3 }), fc.array(fc.tuple(hostileKey, tie('node')), { maxLength: 4 })),
    })).node;
    // Objects are written as key/value lists so that "__proto__" becomes a JSON key, as a file would hold it.
    const toJson = (v: unknown): string =>
      Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string')
        ? `{${(v as [string, unknown][]).map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`
        : Array.isArray(v)
          ? `[${v.map(toJson).join(',')}]`
          : JSON.stringify(v);
    fc.assert(
      fc.property(value, fc.boolean(), (v, breakIt) => {
        const text = toJson(v) + (breakIt ? ',' : '');
        const parsed = parseJsonDocument(text);
        expect(prototypesIntact(parsed.ok ? parsed.doc.value : parsed.lenientValue)).toBe(true);
        expect(globalsClean()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('what reads the parsed values', () => {
  test('a deployment file or a DCR policy with a hostile key is refused, naming the key', () => {
    for (const key of KEYS) {
      const deployment = JSON.parse(`{"kind": "mcpauth/deployment", "version": 1, "desktop": {"${key}": {"serverName": "evil"}}}`);
      expect(() => deploymentLayerFrom(deployment, 'd.json')).toThrow(UsageError);
      expect(() => deploymentLayerFrom(deployment, 'd.json')).toThrow(new RegExp(key === '__proto__' ? '__proto__|Unrecognized' : key));
      const policy = JSON.parse(JSON.stringify(POLICY).replace('"scopes":{', `"scopes":{"${key}":{"allowed":["admin"]},`));
      expect(() => parsePolicy(policy, 'p.json')).toThrow(UsageError);
    }
    expect(globalsClean()).toBe(true);
  });

  test('a registration request gets the same decision with or without hostile keys; nothing is inherited from them', () => {
    const policy = parsePolicy(POLICY, 'p.json');
    const plain = evaluate(policy, REQUEST);
    expect(plain.decision).toBe('accept');
    const withKeys = JSON.parse(`{"__proto__": {"x": 1}, "constructor": {"prototype": {"polluted": 1}}, "prototype": 2, ${JSON.stringify(REQUEST).slice(1)}`);
    expect(evaluate(policy, withKeys)).toEqual(plain);
    // The fields only under "__proto__" are not the request's fields.
    const { redirect_uris, ...withoutUris } = REQUEST;
    const smuggled = JSON.parse(`{"__proto__": {"redirect_uris": ${JSON.stringify(redirect_uris)}}, ${JSON.stringify(withoutUris).slice(1)}`);
    expect(evaluate(policy, smuggled)).toEqual(evaluate(policy, withoutUris));
    expect(evaluate(policy, smuggled).decision).toBe('reject');
    expect(globalsClean()).toBe(true);
  });

  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'])('the install merge adds, replaces and removes a server named %s, and checks its own work', (name) => {
    const entry = { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', 'https://mcp.example.com/mcp'] };
    for (const before of [HOSTILE_JSON, '{}\n', '{\n  "mcpServers": {\n    "constructor": {"command": "uvx"}\n  }\n}\n']) {
      const added = mergeServerEntry(before, name, entry);
      expect(mergeProblem(before, added, name, entry)).toBeUndefined();
      const servers = (parseStrictJson(added) as { value: { mcpServers: Record<string, unknown> } }).value.mcpServers;
      expect(Object.hasOwn(servers, name)).toBe(true);
      expect(servers[name]).toEqual(entry);
      const removed = removeServerEntry(added, name);
      expect(mergeProblem(added, removed, name, undefined)).toBeUndefined();
    }
    expect(globalsClean()).toBe(true);
  });
});

describe('from the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('mcpauth-proto-');
  });

  test('validate treats hostile keys as server names, and a broken file with an inherited-looking key as of no known type', () => {
    writeFileSync(path.join(dir, 'claude_desktop_config.json'), HOSTILE_JSON);
    writeFileSync(path.join(dir, 'broken.json'), '{"__proto__": {"mcpServers": {}}, "x": 1,}');
    const r = runGuarded(['validate', 'claude_desktop_config.json', 'broken.json', '--format', 'json', '--offline'], dir);
    expect(r.code).toBe(1);
    const findings: { ruleId: string; file: string; pointer: string }[] = JSON.parse(r.stdout).findings;
    // The unpinned mcp-remote of two of the entries: found under their own names.
    const pins = findings.filter((f) => f.ruleId === 'mcp-remote/version-pin').map((f) => f.pointer);
    expect(pins).toEqual(['/mcpServers/__proto__/args/1', '/mcpServers/constructor/args/1']);
    expect(findings.filter((f) => f.pointer.includes('inherited'))).toEqual([]);
    expect(findings.filter((f) => f.file === 'broken.json').map((f) => f.ruleId)).toEqual(['core/unknown-type']);
  });

  test('install keeps a config full of hostile keys byte for byte around the new entry, and takes such names itself', () => {
    const config = path.join(dir, 'claude_desktop_config.json');
    writeFileSync(config, HOSTILE_JSON);
    const entry = ['--server-url', 'https://mcp.acme.test/mcp', '--platform', 'darwin'];
    expect(runGuarded(['install', '--config', config, '--server-name', 'acme', ...entry], dir).code).toBe(0);
    const after = readFileSync(config, 'utf8');
    const value = (parseStrictJson(after) as { value: Record<string, Record<string, unknown>> }).value;
    expect(Object.keys(value.mcpServers)).toEqual(['__proto__', 'constructor', 'prototype', 'acme']);
    expect(after.startsWith(HOSTILE_JSON.slice(0, HOSTILE_JSON.indexOf('"prototype": { "command"')))).toBe(true);
    // A name that every object inherits (the check after the edit once took it for an existing entry).
    expect(runGuarded(['install', '--config', config, '--server-name', 'toString', ...entry], dir).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(config, 'utf8')).mcpServers)).toEqual(['__proto__', 'constructor', 'prototype', 'acme', 'toString']);
    // An entry named "__proto__", taken from a config file, goes in under that name and comes out again.
    const source = path.join(dir, 'source.json');
    writeFileSync(source, HOSTILE_JSON);
    const target = path.join(dir, 'target.json');
    expect(runGuarded(['install', '--config', target, '--entry-from', source, '--server-name', '__proto__', '--platform', 'darwin'], dir).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(target, 'utf8')).mcpServers)).toEqual(['__proto__']);
    expect(runGuarded(['uninstall', '__proto__', '--config', target], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8')).mcpServers).toEqual({});
  });

  test('generate --from, init --answers and dcr simulate refuse a hostile key where the file format has none, and ignore one in a request', () => {
    // One key per command (each is refused the same way; the library test above tries all three everywhere).
    const deployment = (key: string) => {
      const file = path.join(dir, `deployment-${key}.json`);
      writeFileSync(file, `{"kind": "mcpauth/deployment", "version": 1, "desktop": {"${key}": {"serverName": "evil", "platform": "win32"}}}`);
      return file;
    };
    for (const args of [['generate', 'desktop-config', '--from', deployment('__proto__')], ['init', '--answers', deployment('constructor'), '--out-dir', 'out']]) {
      const r = runGuarded(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/deployment-[a-z_]+\.json: desktop/);
    }
    const policy = path.join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify(POLICY).replace('"client":{', '"client":{"prototype":{"requireProofKey":false},'));
    const request = path.join(dir, 'request.json');
    writeFileSync(request, JSON.stringify(REQUEST));
    expect(runGuarded(['dcr', 'simulate', '--policy', policy, request], dir).code).toBe(2);
    writeFileSync(policy, JSON.stringify(POLICY));
    const smuggled = KEYS.map((key) => `"${key}": {"redirect_uris": ["javascript:alert(1)"], "scope": "admin"}`).join(', ');
    writeFileSync(request, `{${smuggled}, ${JSON.stringify(REQUEST).slice(1)}`);
    const r = runGuarded(['dcr', 'simulate', '--policy', policy, request, '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).attributes.scope).toBe('stocks/read');
  });
});

test('no test in this file left anything on the built-in prototypes', () => {
  expect(globalsClean()).toBe(true);
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(CliError).toBeDefined();
});
