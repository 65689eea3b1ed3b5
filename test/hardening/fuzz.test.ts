/**
 * Issue 11: random bytes and mutations of real files, through the validator of every file type.
 * Whatever the input, validate returns findings (each with a known rule, a severity and a place),
 * no rule fails on it (core/rule-failed is a crash that was caught), it ends within its time
 * budget, and no reporter prints a stack trace or writes a report its format's parsers refuse.
 * Seeds: the project's fixtures (test/fixtures/**), the files mcpauth generates, and the shared
 * corpus (../shared/corpus/) when it is present.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import pc from 'picocolors';
import { XMLValidator } from 'fast-xml-parser';
import { resolveDeployment } from '../../src/deployment/resolve.js';
// Imported here, not through generate(): jest's ESM loader fails on the generators' parallel dynamic imports.
import { generateCimd } from '../../src/generators/cimd.js';
import { generateDcrPolicy } from '../../src/generators/dcr-policy.js';
import { generateDeploymentFile } from '../../src/generators/deployment-file.js';
import { generateDesktopConfig } from '../../src/generators/desktop-config.js';
import { generateStaticClient } from '../../src/generators/static-client.js';
import { FORMATS, loadReporter, type Reporter } from '../../src/report/index.js';
import { RULES } from '../../src/rules/registry.js';
import { runValidation } from '../../src/validate/engine.js';
import { FILE_TYPES, SEVERITIES, type FileType, type ValidationResult } from '../../src/validate/types.js';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { filesUnder, hostilePiece, hostileString, STACK_TRACE } from '../helpers/hostile.js';

const BUDGET_MS = 5000;
const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
const RULE_IDS = new Set(RULES.map((r) => r.id));

const FIXTURE_FILES = filesUnder(path.join(REPO_ROOT, 'test', 'fixtures'), ['.json']);
const CORPUS_DIR = path.join(REPO_ROOT, '..', 'shared', 'corpus');
const corpusPresent = existsSync(CORPUS_DIR);
if (!corpusPresent) console.warn(`skipping the corpus part of the fuzz tests: ${CORPUS_DIR} not found (it is in the shared folder beside the repository)`);
const CORPUS_FILES = corpusPresent ? filesUnder(CORPUS_DIR, ['.json']) : [];

let generatedSeeds: string[] = [];
let reporters: Record<string, Reporter>;

beforeAll(async () => {
  reporters = Object.fromEntries(await Promise.all(FORMATS.map(async (f) => [f, await loadReporter(f)] as const)));
  // What mcpauth writes itself, in each registration mode (and with a secret, for the static client).
  for (const registration of ['dcr', 'static', 'cimd']) {
    const layer = { desktop: { registration, platform: 'darwin', caCert: '/etc/ssl/ca.pem', ...(registration === 'cimd' ? { clientMetadataUrl: 'https://clients.example.com/claude.json' } : {}) } };
    const { deployment } = await resolveDeployment([layer], { cwd: REPO_ROOT });
    const secret = { value: 'fuzz-secret', hash: `$5$salt$${'a'.repeat(43)}`, writeFile: true };
    const artifacts = [...generateDesktopConfig(deployment), ...generateStaticClient(deployment, secret), ...generateCimd(deployment), ...generateDcrPolicy(deployment), generateDeploymentFile(deployment)];
    generatedSeeds.push(...artifacts.filter((a) => a.name.endsWith('.json')).map((a) => a.content));
  }
});

/** Text edits at random places: insertions of hostile pieces, deletions, copies, truncation, byte noise. */
type Edit = (text: string) => string;
const at = (text: string, n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), fc.oneof(hostilePiece, hostileString, fc.constantFrom('{', '}', '[', ']', ',', ':', '"', 'null', '{"a":'.repeat(70), '['.repeat(5000)))).map(
    ([n, piece]): Edit =>
      (t) => t.slice(0, at(t, n)) + piece + t.slice(at(t, n)),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([n, length]): Edit => (t) => t.slice(0, at(t, n)) + t.slice(at(t, n) + length)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 200 }), fc.nat()).map(([n, length, m]): Edit => (t) => t.slice(0, at(t, m)) + t.slice(at(t, n), at(t, n) + length) + t.slice(at(t, m))),
  fc.nat().map((n): Edit => (t) => t.slice(0, at(t, n))),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 8 })).map(([n, noise]): Edit => (t) => t.slice(0, at(t, n)) + noise + t.slice(at(t, n) + noise.length)),
);

/** A JSON value with one node replaced: valid JSON that reaches the rules, not only the parser. */
const replacement = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, -0, 2 ** 53 + 1, '', [], {}, 'x'.repeat(20000), ['--header', 'Authorization: Bearer x'], '@/dev/zero', '@/proc/self/mem', '@C:\\x y\\m.json'),
  fc.constantFrom('{"__proto__": {"polluted": 1}}', '{"constructor": {"prototype": {"polluted": 1}}}', '{"prototype": 1, "__proto__": null}').map((t) => JSON.parse(t) as unknown),
  fc.array(hostileString, { maxLength: 30 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 5 }),
);

function nodes(value: unknown, found: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []): typeof found {
  if (Array.isArray(value)) value.forEach((item, i) => (found.push({ parent: value, key: i }), nodes(item, found)));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      found.push({ parent: value as Record<string, unknown>, key });
      nodes((value as Record<string, unknown>)[key], found);
    }
  }
  return found;
}

function replaceNode(text: string, pick: number, value: unknown, renameTo: string | undefined): string {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return text;
  }
  const all = nodes(root);
  if (all.length === 0) return JSON.stringify(value) ?? 'null';
  const { parent, key } = all[pick % all.length];
  if (renameTo !== undefined && !Array.isArray(parent)) {
    // Re-insert under a hostile key, as an own property even for "__proto__" (as JSON.parse does).
    const old = parent[key as string];
    delete parent[key as string];
    Object.defineProperty(parent, renameTo, { value: old, enumerable: true, writable: true, configurable: true });
  } else (parent as Record<string | number, unknown>)[key] = value;
  return JSON.stringify(root, null, pick % 3 === 0 ? undefined : 2);
}

const seeds = () => [...FIXTURE_FILES.map((f) => readFileSync(f, 'utf8')), ...generatedSeeds];

function mutated(sources: () => string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([i, edits]) => {
      const all = sources();
      return edits.reduce((text, e) => e(text), all[i % all.length]);
    }),
    fc.tuple(fc.nat(), fc.nat(), replacement, fc.option(hostileString, { nil: undefined, freq: 3 })).map(([i, pick, value, rename]) => {
      const all = sources();
      return replaceNode(all[i % all.length], pick, value, rename);
    }),
  );
}

interface Run {
  type: FileType | undefined;
  platform: (typeof PLATFORMS)[number];
  offline: boolean;
}
const runArb: fc.Arbitrary<Run> = fc.record({ type: fc.constantFrom(undefined, ...FILE_TYPES), platform: fc.constantFrom(...PLATFORMS), offline: fc.boolean() });

/** Validates `bytes` as a file named on the command line and checks everything the issue promises. */
async function checkInvariants(bytes: Buffer, run: Run, name = 'fuzz.json'): Promise<ValidationResult> {
  const started = performance.now();
  let result: ValidationResult;
  try {
    result = await runValidation([{ kind: 'stdin', display: name }], {
      platform: run.platform,
      offline: run.offline,
      type: run.type,
      cwd: REPO_ROOT,
      timeBudgetMs: BUDGET_MS,
      readStdin: async () => ({ ok: true, bytes }),
    });
  } catch (error) {
    throw new Error(`validate threw on ${JSON.stringify(bytes.toString('utf8').slice(0, 300))}: ${(error as Error).stack}`);
  }
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(BUDGET_MS);
  for (const f of result.findings) {
    expect(RULE_IDS.has(f.ruleId)).toBe(true);
    expect(SEVERITIES).toContain(f.severity);
    expect(Number.isInteger(f.line) && f.line >= 1 && Number.isInteger(f.column) && f.column >= 1).toBe(true);
    expect(typeof f.message === 'string' && f.message.length > 0).toBe(true);
    expect(typeof f.pointer).toBe('string');
  }
  // A rule that throws is reported as core/rule-failed: on any input, that is a bug.
  const failed = result.findings.filter((f) => f.ruleId === 'core/rule-failed' || f.ruleId === 'core/time-budget');
  if (failed.length > 0) throw new Error(`${failed.map((f) => f.message).join('; ')}\non input ${JSON.stringify(bytes.toString('utf8').slice(0, 2000))}`);
  checkReports(result);
  return result;
}

function checkReports(result: ValidationResult): void {
  const options = { colors: pc.createColors(false), cwd: REPO_ROOT, fails: (f: { severity: string }) => f.severity === 'error' };
  for (const format of FORMATS) {
    const report = reporters[format](result, options);
    expect(report).not.toMatch(STACK_TRACE);
    if (format === 'json' || format === 'sarif') expect(() => JSON.parse(report)).not.toThrow();
    if (format === 'junit') expect(XMLValidator.validate(report)).toBe(true);
    if (format === 'text') {
      // What a terminal would obey: no escape sequence, no other control character but line breaks.
      // eslint-disable-next-line no-control-regex
      expect(report).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      // One line per finding and fix, plus the summary: no message can forge another finding's line.
      const lines = report.trimEnd().split('\n');
      expect(lines.length).toBe(result.findings.length + result.findings.filter((f) => f.fix).length + (result.findings.length > 0 ? 2 : 1));
    }
  }
}

describe('validate on random and mutated input', () => {
  test('random bytes, as every file type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), runArb, async (bytes, run) => {
        await checkInvariants(Buffer.from(bytes), run);
      }),
      { numRuns: 150 },
    );
  });

  test('random text and JSON values, as every file type', async () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? ''), hostileString);
    await fc.assert(
      fc.asyncProperty(text, runArb, async (input, run) => {
        await checkInvariants(Buffer.from(input), run);
      }),
      { numRuns: 150 },
    );
  });

  test(`mutations of the ${FIXTURE_FILES.length} fixtures and of the generated files, as every file type`, async () => {
    expect(FIXTURE_FILES.length).toBeGreaterThan(50);
    await fc.assert(
      fc.asyncProperty(mutated(seeds), runArb, async (input, run) => {
        await checkInvariants(Buffer.from(input), run, run.type === undefined ? 'claude_desktop_config.json' : 'fuzz.json');
      }),
      { numRuns: 500 },
    );
  });

  (corpusPresent ? test : test.skip)('mutations of the shared corpus (../shared/corpus/), as every file type', async () => {
    expect(CORPUS_FILES.length).toBeGreaterThan(10);
    const corpus = CORPUS_FILES.map((f) => readFileSync(f, 'utf8'));
    await fc.assert(
      fc.asyncProperty(mutated(() => corpus), runArb, async (input, run) => {
        await checkInvariants(Buffer.from(input), run);
      }),
      { numRuns: 300 },
    );
  });

  // About 1 MiB each, so that the test stays quick on a busy computer; anything quadratic in the
  // number of keys, arguments, findings or BEGIN lines would still take minutes at this size.
  test('large inputs of every shape end within the budget', async () => {
    const servers = (n: number, args: string[]) => JSON.stringify({ mcpServers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, { command: 'npx', args }])) });
    const DETECTED = [undefined];
    const beginLines = path.join(tempDir('mcpauth-fuzz-'), 'ca.pem');
    writeFileSync(beginLines, '-----BEGIN CERTIFICATE-----\n'.repeat(37_000));
    const inputs: [string, string, (FileType | undefined)[]][] = [
      ['many servers', servers(1500, ['-y', 'mcp-remote@0.15.1', 'https://x.example/mcp', '--static-oauth-client-metadata', '{"scope":"a","client_name":"c"}']), DETECTED],
      ['many unknown flags', servers(1, Array.from({ length: 40_000 }, (_, i) => `--flag-${i % 7}x`)), DETECTED],
      ['long strings', servers(1, ['-y', 'mcp-remote@0.15.1', `https://${'a'.repeat(500_000)}.example/`, '--header', `Authorization: Bearer ${'x'.repeat(500_000)}`]), [undefined, 'cimd']],
      ['depth 64', `${'{"a":'.repeat(63)}{}${'}'.repeat(63)}`, [undefined, ...FILE_TYPES]],
      ['many keys', JSON.stringify(Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`k${i}`, i]))), ['client-metadata', 'dcr-policy', 'deployment']],
      ['many bad redirect URIs', JSON.stringify({ redirect_uris: Array.from({ length: 20_000 }, (_, i) => `http://evil${i}.example/cb`), client_name: 'c' }), [undefined, 'dcr-response']],
      ['numbers', `[${'1e308,'.repeat(200_000)}0]`, ['dcr-request']],
      // A CA certificate file of BEGIN lines only, just under the 1 MiB that is read of one.
      ['a CA file of BEGIN lines', JSON.stringify({ mcpServers: { a: { command: 'npx', args: [], env: { NODE_EXTRA_CA_CERTS: beginLines } } } }), DETECTED],
    ];
    for (const [what, text, types] of inputs) {
      for (const type of types) {
        const result = await checkInvariants(Buffer.from(text), { type, platform: 'linux', offline: false }).catch((e: Error) => {
          throw new Error(`${what} as ${type ?? 'detected type'}: ${e.message}`);
        });
        // However many problems, at most 100 findings of a rule are listed, then one line with the count.
        const perRule = new Map<string, number>();
        for (const f of result.findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
        expect(Math.max(0, ...perRule.values())).toBeLessThanOrEqual(101);
      }
    }
  }, 120_000);
});

describe('validate from the CLI on hostile files', () => {
  test('a folder of mutated files: no crash, no stack trace, in every format', () => {
    const dir = tempDir('mcpauth-fuzz-');
    const inputs = fc.sample(mutated(seeds), { numRuns: 40, seed: 11 });
    const names = inputs.map((text, i) => {
      const name = `f${i}${i % 4 === 0 ? '.claude_desktop_config' : ''}.json`;
      writeFileSync(path.join(dir, name), text);
      return name;
    });
    for (const format of FORMATS) {
      const started = Date.now();
      const r = runCli(['validate', ...names, '--format', format, '--platform', format === 'junit' ? 'win32' : 'linux'], { cwd: dir });
      expect([format, r.code === 0 || r.code === 1]).toEqual([format, true]);
      expect(r.stdout).not.toMatch(STACK_TRACE);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stderr).not.toMatch(/internal error/);
      if (format === 'json') expect(JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => /^core\/(rule-failed|time-budget)$/.test(f.ruleId))).toEqual([]);
      expect(Date.now() - started).toBeLessThan(names.length * BUDGET_MS);
    }
  });
});
