/** What `mcpauth init --yes` and `mcpauth generate all` write validates with no error and no warning. */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { thisPlatform } from '../../src/deployment/platform.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeCa } from '../helpers/pki.js';

let caFile: string;
beforeAll(async () => {
  caFile = path.join(tempDir(), 'example.ca.crt');
  writeFileSync(caFile, (await makeCa()).certPem);
});

function expectClean(dir: string, args: string[] = []): void {
  const r = runCli(['validate', 'mcpauth-out', '--strict', ...args], { cwd: dir });
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^✔ no problems \(\d+ files checked\)\n$/) });
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
