/** The five report formats, from one real validation result. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import pc from 'picocolors';
import { loadReporter, type ReportOptions } from '../../src/report/index.js';
import { RULES } from '../../src/rules/registry.js';
import { runValidation } from '../../src/validate/engine.js';
import { collectInputs } from '../../src/validate/inputs.js';
import type { Finding, ValidationResult } from '../../src/validate/types.js';
import { FIXTURES, options } from './helpers.js';

let result: ValidationResult;
const base: ReportOptions = { colors: pc.createColors(false), cwd: FIXTURES, fails: (f: Finding) => f.severity === 'error' };

beforeAll(async () => {
  const files = ['rules/desktop/remote-entry.fail.json', 'rules/mcp-remote/silent.fail.json', 'rules/dcr/client-uri-origin.fail.json', 'rules/desktop/remote-entry.pass.json'];
  result = await runValidation(await collectInputs(files, FIXTURES), options());
  expect(result.summary).toMatchObject({ files: 4, errors: 1, warnings: 1, infos: 1 });
});

test('text: file:line:col  severity  rule-id  message, then a summary line', async () => {
  const text = (await loadReporter('text'))(result, base);
  const lines = text.trimEnd().split('\n').filter((l) => !l.startsWith('    fix:') && l !== '');
  expect(lines.slice(0, -1)).toEqual([
    expect.stringMatching(/^rules\/desktop\/remote-entry\.fail\.json:3:5 {2}error {2}desktop\/remote-entry {2}"remote" is a remote-server entry/),
    expect.stringMatching(/^rules\/mcp-remote\/silent\.fail\.json:9:9 {2}info {2}mcp-remote\/silent {2}--silent hides/),
    expect.stringMatching(/^rules\/dcr\/client-uri-origin\.fail\.json:15:17 {2}warning {2}dcr\/client-uri-origin {2}client_uri/),
  ]);
  expect(lines.at(-1)).toBe('✖ 1 error, 1 warning, 1 info (4 files checked)');
  expect(text).not.toMatch(/\u001b\[/); // no colour unless asked
  const coloured = (await loadReporter('text'))(result, { ...base, colors: pc.createColors(true) });
  expect(coloured).toMatch(/\u001b\[31merror/);
});

test('json: the findings and a summary', async () => {
  const json = JSON.parse((await loadReporter('json'))(result, base));
  expect(json.summary).toEqual(result.summary);
  expect(json.findings).toHaveLength(3);
  expect(Object.keys(json.findings[0]).sort()).toEqual(['column', 'file', 'fix', 'line', 'message', 'pointer', 'ruleId', 'severity']);
});

test('sarif: the required structure of SARIF 2.1.0, rules in the driver, results with locations', async () => {
  const sarif = JSON.parse((await loadReporter('sarif'))(result, base));
  // sarifLog: required version and runs
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
  expect(Array.isArray(sarif.runs)).toBe(true);
  const [run] = sarif.runs;
  // run: required tool; tool: required driver; toolComponent: required name
  expect(run.tool.driver.name).toBe('mcpauth');
  const rules = run.tool.driver.rules as Array<Record<string, any>>;
  expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  for (const rule of rules) {
    expect(typeof rule.id).toBe('string'); // reportingDescriptor: required id
    expect(typeof rule.shortDescription.text).toBe('string'); // multiformatMessageString: required text
    expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
  }
  expect(run.results).toHaveLength(3);
  for (const r of run.results as Array<Record<string, any>>) {
    expect(typeof r.message.text).toBe('string'); // result: required message (text or id)
    expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(['none', 'note', 'warning', 'error']).toContain(r.level);
    const physical = r.locations[0].physicalLocation;
    expect(physical.artifactLocation.uri).toMatch(/^rules\/[a-z-]+\/[a-z-]+\.fail\.json$/);
    expect(physical.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(Number.isInteger(physical.region.startLine) && physical.region.startLine >= 1).toBe(true);
    expect(Number.isInteger(physical.region.startColumn) && physical.region.startColumn >= 1).toBe(true);
  }
  expect(run.results.map((r: any) => r.level)).toEqual(['error', 'note', 'warning']);
  expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
});

test('junit: well-formed XML, one test case per file, a failure per error, warnings in system-out', async () => {
  const xml = (await loadReporter('junit'))(result, base);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testcase', 'failure'].includes(name) }).parse(xml);
  const suite = parsed.testsuites.testsuite;
  expect(Number(parsed.testsuites.tests)).toBe(4);
  expect(Number(parsed.testsuites.failures)).toBe(1);
  expect(suite.testcase).toHaveLength(4);
  const failing = suite.testcase.filter((t: any) => t.failure);
  expect(failing.map((t: any) => [t.name, t.failure.length, t.failure[0].type])).toEqual([['rules/desktop/remote-entry.fail.json', 1, 'desktop/remote-entry']]);
  expect(suite.testcase.find((t: any) => t.name.includes('client-uri-origin'))['system-out']).toMatch(/dcr\/client-uri-origin/);
  // Under --strict, warnings are failures too.
  const strict = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse((await loadReporter('junit'))(result, { ...base, fails: (f) => f.severity !== 'info' }));
  expect(Number(strict.testsuites.failures)).toBe(2);
});

test('junit: markup and control characters in messages stay well-formed', async () => {
  const odd: ValidationResult = {
    files: [{ file: 'a<b>&"c".json' }],
    findings: [{ ruleId: 'core/unknown-type', severity: 'error', message: 'x <y> & "z" \u0001 ]]>', file: 'a<b>&"c".json', line: 1, column: 1, pointer: '' }],
    summary: { files: 1, skipped: 0, errors: 1, warnings: 0, infos: 0, unreadable: false },
  };
  const xml = (await loadReporter('junit'))(odd, base);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  expect(parsed.testsuites.testsuite.testcase.name).toBe('a<b>&"c".json');
  expect(xml).not.toMatch(/\u0001/);
});

test('github: one workflow command per finding, escaped, then a summary', async () => {
  const text = (await loadReporter('github'))(result, base);
  const lines = text.trimEnd().split('\n');
  expect(lines.slice(0, 3)).toEqual([
    expect.stringMatching(/^::error file=rules\/desktop\/remote-entry\.fail\.json,line=3,col=5,title=desktop\/remote-entry::"remote" is a remote-server entry/),
    expect.stringMatching(/^::notice file=rules\/mcp-remote\/silent\.fail\.json,line=9,col=9,title=mcp-remote\/silent::/),
    expect.stringMatching(/^::warning file=rules\/dcr\/client-uri-origin\.fail\.json,line=15,col=17,title=dcr\/client-uri-origin::/),
  ]);
  expect(lines[3]).toMatch(/^mcpauth validate: 1 error, 1 warning, 1 info/);
  const escaped = (await loadReporter('github'))(
    { ...result, findings: [{ ...result.findings[0], file: 'a,b:c.json', message: '100% sure\nsecond line' }] },
    base,
  );
  expect(escaped.split('\n')[0]).toMatch(/^::error file=a%2Cb%3Ac\.json,line=3,col=5,title=desktop\/remote-entry::100%25 sure%0Asecond line/);
});

test('docs/ci.md and README mention every format', () => {
  const ci = readFileSync(path.join(FIXTURES, '..', '..', '..', 'docs', 'ci.md'), 'utf8');
  for (const format of ['sarif', 'junit', 'github']) expect(ci).toContain(`--format ${format}`);
});
