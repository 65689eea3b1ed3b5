/**
 * Issue 2: the generated entry, launched as Claude Desktop launches it, makes the real mcp-remote
 * (the pinned version, installed as a dev dependency) trust the private CA and register with the
 * client name and scope from the config.
 */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { makeCa, makeServerCert } from '../helpers/pki.js';
import { launchEntry, waitFor, type DesktopEntry, type LaunchedEntry } from './launch.js';
import { startRegistrationServer, type RegistrationServer } from './registration-server.js';

let server: RegistrationServer;
let dir: string;
let caFile: string;
const launched: LaunchedEntry[] = [];

beforeAll(async () => {
  const ca = await makeCa({ name: 'mcpauth e2e CA' });
  server = await startRegistrationServer(await makeServerCert(ca));
  dir = mkdtempSync(path.join(os.tmpdir(), 'mcpauth-e2e-'));
  caFile = path.join(dir, 'example.ca.crt');
  writeFileSync(caFile, ca.certPem);
});

afterEach(() => launched.splice(0).forEach((l) => l.stop()));
afterAll(async () => server.close());

function generatedEntry(extraArgs: string[]): DesktopEntry {
  const out = path.join(dir, `config-${Date.now()}.json`);
  const r = runCli(['generate', 'desktop-config', '--server-url', server.url, '--out', out, ...extraArgs], { cwd: dir });
  expect(r.code).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')).mcpServers['curity-demo'];
}

test('mcp-remote trusts the CA from NODE_EXTRA_CA_CERTS and registers with the configured name and scope', async () => {
  const entry = generatedEntry(['--ca-cert', caFile, '--client-name', 'Claude "e2e" test', '--scope', 'stocks/read']);
  const before = server.registrations.length;
  const run = launchEntry(entry, { cwd: REPO_ROOT, stateDir: mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-')) });
  launched.push(run);
  const registered = await waitFor(() => server.registrations.length > before, 30_000);
  if (!registered) throw new Error(`mcp-remote did not register; its stderr:\n${run.stderr()}`);
  const request = server.registrations[before];
  expect(request.client_name).toBe('Claude "e2e" test');
  expect(request.scope).toBe('stocks/read');
  expect(request.token_endpoint_auth_method).toBe('none');
}, 60_000);

test('without NODE_EXTRA_CA_CERTS the TLS handshake fails and nothing registers', async () => {
  const entry = generatedEntry([]);
  expect(entry.env).toBeUndefined();
  const before = server.registrations.length;
  const run = launchEntry(entry, { cwd: REPO_ROOT, stateDir: mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-')) });
  launched.push(run);
  const failed = await waitFor(() => /certificate|self[- ]signed|UNABLE_TO_VERIFY|fetch failed/i.test(run.stderr()), 30_000);
  expect(failed).toBe(true);
  expect(server.registrations.length).toBe(before);
}, 60_000);
