/**
 * What `mcpauth init --yes` and `mcpauth generate all` write validates with no error and no
 * warning, the Curity XML and the agreement between the files included. The Curity files are merge
 * fragments, so the references they make into the server's configuration cannot be checked
 * (curity/unresolved-reference), and the static client keeps Curity's refresh-token default
 * (curity/refresh-token): those two infos are expected, nothing else.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { thisPlatform } from '../../src/deployment/platform.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeCa } from '../helpers/pki.js';

let caFile: string;
beforeAll(async () => {
  caFile = path.join(tempDir(), 'example.ca.crt');
  writeFileSync(caFile, (await makeCa()).certPem);
});

const EXPECTED_INFOS = new Set(['curity/unresolved-reference', 'curity/refresh-token']);

function expectClean(dir: string, args: string[] = []): void {
  const r = runCli(['validate', 'mcpauth-out', '--strict', '--format', 'json', ...args], { cwd: dir });
  const { findings, summary, files } = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string }>; summary: { errors: number; warnings: number }; files: Array<{ file: string; type?: string; skipped?: boolean }> };
  expect({ code: r.code, errors: summary.errors, warnings: summary.warnings }).toEqual({ code: 0, errors: 0, warnings: 0 });
  expect(findings.filter((f) => !EXPECTED_INFOS.has(f.ruleId))).toEqual([]);
  // The XML files are checked, not skipped.
  const xml = files.filter((f) => f.file.endsWith('.xml'));
  expect(xml.length).toBeGreaterThanOrEqual(2);
  expect(xml.every((f) => f.type === 'curity-xml' && !f.skipped)).toBe(true);
}

test('init --yes (this computer)', () => {
  const dir = tempDir();
  expect(runCli(['init', '--yes'], { cwd: dir }).code).toBe(0);
  expectClean(dir);
});

test('init --yes with a CA certificate: the certificate checks run and pass', () => {
  const dir = tempDir();
  const ca = path.join(dir, 'ca.crt');
  copyFileSync(caFile, ca);
  expect(runCli(['init', '--yes', '--ca-cert', ca], { cwd: dir }).code).toBe(0);
  expectClean(dir);
  // The file checks did run: once the certificate is gone, it is reported (except with --offline).
  rmSync(ca);
  const r = runCli(['validate', 'mcpauth-out'], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/desktop\/ca-cert-file .*does not exist/);
  expectClean(dir, ['--offline']);
});

test('init --yes --platform win32: the @file form, checked for Windows', () => {
  const dir = tempDir();
  expect(runCli(['init', '--yes', '--platform', 'win32', '--ca-cert', 'C:\\Users\\Jane\\certs\\example.ca.crt'], { cwd: dir }).code).toBe(0);
  expectClean(dir, ['--platform', 'win32']);
});

test.each([['darwin'], ['linux'], ['win32']])('generate all --platform %s', (platform) => {
  const dir = tempDir();
  const ca = platform === 'win32' ? 'C:\\ProgramData\\certs\\ca.crt' : platform === thisPlatform() ? caFile : '/etc/ssl/private-ca/ca.crt';
  const r = runCli(['generate', 'all', '--platform', platform, '--ca-cert', ca, '--out-dir', 'mcpauth-out', '--scope', 'stocks/read', '--scope', 'stocks/write'], { cwd: dir });
  expect(r.code).toBe(0);
  expectClean(dir, ['--platform', platform]);
});

test('generate all for a static client with a pinned callback port', () => {
  const dir = tempDir();
  expect(runCli(['generate', 'all', '--registration', 'static', '--callback-port', '40009', '--out-dir', 'mcpauth-out'], { cwd: dir }).code).toBe(0);
  expectClean(dir);
});

test.each([['dcr'], ['static'], ['cimd']])('generate all --registration %s: clean, and the cross-file checks did run', (mode) => {
  const dir = tempDir();
  const extra = mode === 'cimd' ? ['--client-metadata-url', 'https://app.example.com/oauth/claude.json'] : [];
  expect(runCli(['generate', 'all', '--registration', mode, '--out-dir', 'mcpauth-out', ...extra], { cwd: dir }).code).toBe(0);
  expectClean(dir);
  // Break the agreement between two of the files: the cross/ rules notice.
  const policyFile = path.join(dir, 'mcpauth-out', 'dcr-policy.json');
  const policy = JSON.parse(readFileSync(policyFile, 'utf8'));
  policy.client.audiences = ['https://mcp.demo.example'];
  writeFileSync(policyFile, `${JSON.stringify(policy, null, 2)}\n`);
  const r = runCli(['validate', 'mcpauth-out', '--format', 'json'], { cwd: dir });
  expect(r.code).toBe(1);
  const broken = JSON.parse(r.stdout).findings.filter((f: { severity: string }) => f.severity === 'error');
  expect(broken.map((f: { ruleId: string; file: string }) => [f.ruleId, f.file])).toEqual([['cross/audience-resource', path.join('mcpauth-out', 'dcr-policy.json')]]);
});
