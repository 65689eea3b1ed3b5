/** docs/rules.md follows the registry; the commands and YAML in docs/ci.md work. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RULES } from '../../src/rules/registry.js';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

const rulesDoc = readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
const ciDoc = readFileSync(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8');

function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const [heading, ...body] = part.split('\n');
    out.set(heading.trim(), body.join('\n'));
  }
  return out;
}

describe('docs/rules.md', () => {
  const bySection = sections(rulesDoc);

  test('has one section per registry rule, in registry order, and no other', () => {
    expect([...bySection.keys()]).toEqual(RULES.map((r) => r.id));
  });

  test.each(RULES.map((r) => [r.id, r] as const))('%s: severity, what, why, a failing example and a fix', (id, rule) => {
    const body = bySection.get(id) ?? '';
    expect(body).toMatch(new RegExp(`^Severity: ${rule.severity}$`, 'm'));
    for (const part of ['**What.**', '**Why.**', '**Fails.**', '**Fix.**']) expect(body).toContain(part);
    if (rule.source === 'schema') expect(body).toContain('(from the schema)');
  });
});

describe('docs/ci.md', () => {
  const blocks = [...ciDoc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));

  test('every YAML snippet parses, and the workflow steps are where CI expects them', () => {
    const yamls = blocks.filter((b) => b.lang === 'yaml').map((b) => b.code);
    expect(yamls.length).toBeGreaterThanOrEqual(4);
    const [workflow, annotationStep, gitlab, precommit] = yamls.map((y) => parseYaml(y));
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = workflow.jobs.validate.steps;
    expect(steps.at(-1).uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(steps.at(-1).with.sarif_file).toBe('mcpauth.sarif');
    expect(annotationStep[0].run).toMatch(/--format github/);
    expect(gitlab.mcpauth.artifacts.reports.junit).toBe('mcpauth-junit.xml');
    expect(new RegExp(precommit.repos[0].hooks[0].files).test('out/curity-demo.client-metadata.json')).toBe(true);
    expect(new RegExp(precommit.repos[0].hooks[0].files).test('claude_desktop_config.json')).toBe(true);
    expect(new RegExp(precommit.repos[0].hooks[0].files).test('package.json')).toBe(false);
  });

  test('every mcpauth command in it runs clean on the files mcpauth generates', () => {
    const commands = [...ciDoc.matchAll(/npx mcpauth (validate [^\n`|]*)/g)].map((m) => m[1].trim().replace(/\s+\|\|.*$/, ''));
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const dir = tempDir();
    expect(runCli(['init', '--yes', '--platform', 'darwin'], { cwd: dir }).code).toBe(0);
    for (const command of new Set(commands)) {
      const args = command.split(/\s+/);
      const r = runCli(args, { cwd: dir });
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code: 0, stderr: expect.any(String) });
      const output = args.indexOf('--output');
      if (output !== -1) expect(existsSync(path.join(dir, args[output + 1]))).toBe(true);
    }
  });
});
