/**
 * The real Curity configurations in ../shared/corpus/curity-xml/ (see its PROVENANCE.md). Files
 * named *config-backup* were exported from running servers, which accepted them: an error on one
 * of them is a false positive. Each file is its own configuration, so each is checked on its own;
 * one run over the whole folder checks the CLI path. A clone without ../shared skips this file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runValidation } from '../../src/validate/engine.js';
import type { ValidationResult } from '../../src/validate/types.js';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { options } from './helpers.js';

const CORPUS = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'curity-xml');
const present = existsSync(path.join(CORPUS, 'PROVENANCE.md'));
if (!present) console.warn(`skipping the Curity corpus tests: ${CORPUS} not found (it is in the shared folder beside the repository)`);

const BROKEN = 'curityio__chatgpt-example-app__adapt-the-flow_curity-scenario-config-template.xml';

async function validateFile(name: string): Promise<ValidationResult> {
  return runValidation([{ kind: 'file', path: path.join(CORPUS, name), display: name, explicit: true }], options({ cwd: CORPUS, offline: true, platform: 'linux' }));
}

(present ? describe : describe.skip)('the shared corpus of Curity configurations', () => {
  const names = present ? readdirSync(CORPUS).filter((f) => f.endsWith('.xml')).sort() : [];
  const results = new Map<string, ValidationResult>();
  beforeAll(async () => {
    for (const name of names) results.set(name, await validateFile(name));
  });
  const lineOf = (name: string, needle: string) => readFileSync(path.join(CORPUS, name), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

  test('no error on any configuration exported from a running server', () => {
    const backups = names.filter((n) => n.includes('config-backup'));
    expect(backups.length).toBeGreaterThanOrEqual(19);
    for (const name of backups) {
      const errors = results.get(name)!.findings.filter((f) => f.severity === 'error');
      expect({ name, errors }).toEqual({ name, errors: [] });
    }
  });

  test('every configuration is recognised and read, no rule fails, every finding has a place', () => {
    for (const name of names) {
      const { files, findings } = results.get(name)!;
      const specTemplate = readFileSync(path.join(CORPUS, name), 'utf8').includes('<conf-spec');
      // Curity's configuration-specification templates are another format: not a configuration.
      expect({ name, type: files[0].type }).toEqual({ name, type: specTemplate ? undefined : 'curity-xml' });
      expect(findings.filter((f) => f.ruleId === 'core/rule-failed')).toEqual([]);
      expect(findings.every((f) => f.line >= 1 && f.column >= 1)).toBe(true);
    }
  });

  test('the broken fragment (PROVENANCE: stray </access-token>) is curity/xml-syntax at that line and column, and only that', () => {
    const at = lineOf(BROKEN, '</access-token>');
    expect(at).toBe(29);
    const { findings } = results.get(BROKEN)!;
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, f.column])).toEqual([['curity/xml-syntax', 'error', 29, 15]]);
    expect(findings[0].message).toMatch(/access-token/);
  });

  test('its deployed sibling keeps the §5§ template hash: curity/secret-format on the secret', () => {
    const name = 'curityio__chatgpt-example-app__idsvr_curity-scenario-config-template.xml';
    const errors = results.get(name)!.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.ruleId, f.line])).toEqual([['curity/secret-format', lineOf(name, '§5§')]]);
  });

  test('patch fragments (clients with only a few leaves) are not taken for incomplete clients', () => {
    for (const name of ['curityio__cloud-native-oauth-security-examples__chapter-14-user-authentication_upgrade-authentication.xml', 'curityio__dynamic-authenticator-demo__idsvr_main_demo-login-config.xml']) {
      const ids = results.get(name)!.findings.map((f) => f.ruleId);
      expect({ name, ids: ids.filter((id) => ['curity/authentication-method', 'curity/capability-required', 'curity/redirect-uri-required'].includes(id)) }).toEqual({ name, ids: [] });
    }
  });

  test('the Curity MCP example: no error; its procedure is deployed as a file, so its binding is unresolved, not wrong', () => {
    const name = 'curityio__mcp-authorization-secured-api__idsvr_curity-config.xml';
    const { findings } = results.get(name)!;
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const procedure = findings.find((f) => f.ruleId === 'curity/unresolved-reference' && /mcp-client-registration-policy/.test(f.message));
    expect(procedure?.line).toBe(lineOf(name, '<pre-processing-procedure>mcp-client-registration-policy'));
  });

  test('mcpauth\'s fragments checked with the Curity MCP example\'s configuration: every reference resolves there', () => {
    const dir = tempDir();
    expect(runCli(['init', '--yes'], { cwd: dir }).code).toBe(0);
    const example = path.join(CORPUS, 'curityio__mcp-authorization-secured-api__idsvr_curity-config.xml');
    const r = runCli(['validate', 'mcpauth-out', example, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const ours = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string; file: string; message: string }> }).findings.filter((f) => f.file.startsWith('mcpauth-out'));
    expect(ours.filter((f) => f.severity !== 'info')).toEqual([]);
    // Scopes, the authenticator and the code capability are found in the example; only the procedure, deployed as a file, is not.
    expect(ours.filter((f) => f.ruleId === 'curity/unresolved-reference').map((f) => f.message)).toEqual([expect.stringMatching(/pre-processing procedure mcp-client-registration-policy/)]);
  });

  test('RESTCONF <data> files are read like <config> files', () => {
    const data = names.filter((n) => /<data xmlns="urn:ietf:params:xml:ns:yang:ietf-restconf"/.test(readFileSync(path.join(CORPUS, n), 'utf8')));
    expect(data.length).toBeGreaterThanOrEqual(5);
    for (const name of data) expect(results.get(name)!.files[0].type).toBe('curity-xml');
  });

  test('from the CLI, over the folder: the broken file at its line, no error on the exported configurations', () => {
    const started = Date.now();
    const r = runCli(['validate', '.', '--format', 'json', '--platform', 'linux', '--offline'], { cwd: CORPUS });
    const elapsed = Date.now() - started;
    expect(r.code).toBe(1);
    const { findings, summary } = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string; file: string; line: number }>; summary: { files: number; skipped: number } };
    expect(summary).toMatchObject({ files: names.length - 3, skipped: 3 });
    expect(findings.filter((f) => f.file === BROKEN).map((f) => [f.ruleId, f.line])).toEqual([['curity/xml-syntax', 29]]);
    expect(findings.filter((f) => f.file.includes('config-backup') && f.severity === 'error')).toEqual([]);
    expect(elapsed).toBeLessThan(15_000);
  });
});
