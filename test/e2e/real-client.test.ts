/**
 * The generated claude_desktop_config.json works with the real client: the entry is started as
 * Claude Desktop starts it (the pinned mcp-remote from the local install, through npx), speaks MCP
 * over stdio, registers, and — with this test playing the user's browser — signs in, consents and
 * calls the tool. Negative controls show what a user sees when a piece is wrong.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { launchEntry, waitFor, type DesktopEntry, type LaunchedEntry } from './launch.js';
import { Browser } from './local/browser.js';
import { clientFromCurityXml } from './local/curity-client.js';
import { TEST_USER } from './local/authorization-server.js';
import { STOCK_PRICES } from './local/mcp-server.js';
import { startLocalDeployment, type LocalDeployment } from './local/deployment.js';
import { StdioRpc } from './stdio-rpc.js';

// A quote survives the trip: JSON inside a JSON string, then mcp-remote's argument parser.
const CLIENT_NAME = 'Claude "e2e"';
const AUTHORIZE_PROMPT = /Please authorize this client by visiting:\s*\n(\S+)/;
const launched: LaunchedEntry[] = [];
let deployment: LocalDeployment;
let policyFile: string;

beforeAll(async () => {
  deployment = await startLocalDeployment();
  // The operator's side: the DCR policy mcpauth generated for this deployment, on the AS.
  policyFile = path.join(generateAll(deployment, ['--ca-cert', deployment.caFile]), 'dcr-policy.json');
  await deployment.enforcePolicyFile(policyFile);
});
const stateDirs: string[] = [];
afterEach(() => {
  launched.splice(0).forEach((l) => l.stop());
  stateDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
afterAll(async () => deployment?.stop());

let outputs = 0;

/** `mcpauth generate all` for the local deployment, as its operator would run it; returns the folder. */
function generateAll(d: LocalDeployment, extraArgs: string[], scope?: string): string {
  const out = path.join(d.dir, `out-${++outputs}`);
  const r = runCli(['generate', 'all', ...deploymentArgs(d, scope), '--out-dir', out, ...extraArgs], { cwd: d.dir });
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  return out;
}

function deploymentArgs(d: LocalDeployment, scope = d.scope): string[] {
  return ['--server-url', d.mcp.url, '--issuer', d.as.issuer, '--scope', scope, '--client-name', CLIENT_NAME];
}

/** The entry of the claude_desktop_config.json that `mcpauth generate desktop-config` wrote. */
function generateEntry(d: LocalDeployment, extraArgs: string[], scope?: string): DesktopEntry {
  const out = path.join(d.dir, `claude_desktop_config-${++outputs}.json`);
  const r = runCli(['generate', 'desktop-config', ...deploymentArgs(d, scope), '--out', out, ...extraArgs], { cwd: d.dir });
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')).mcpServers['curity-demo'];
}

function launch(entry: DesktopEntry): LaunchedEntry {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-'));
  stateDirs.push(stateDir);
  const run = launchEntry(entry, { cwd: REPO_ROOT, stateDir });
  launched.push(run);
  return run;
}

/** A port nothing listens on right now, for the pinned callback of the static mode. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** initialize, tools/list and tools/call fetch-stock-prices over the entry's stdio; returns the stock data. */
async function fetchStockPrices(rpc: StdioRpc): Promise<unknown> {
  const init = await rpc.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'claude-ai', version: '0.1.0' } }, 30_000);
  expect(init.error).toBeUndefined();
  expect(init.result?.serverInfo).toMatchObject({ name: 'mcpauth-e2e-stocks' });
  rpc.notify('notifications/initialized');
  const tools = await rpc.request('tools/list', {}, 15_000);
  expect((tools.result?.tools as { name: string }[]).map((t) => t.name)).toEqual(['fetch-stock-prices']);
  const call = await rpc.request('tools/call', { name: 'fetch-stock-prices', arguments: {} }, 15_000);
  expect(call.error).toBeUndefined();
  const [content] = call.result?.content as { type: string; text: string }[];
  return JSON.parse(content.text);
}

async function authorizationUrl(run: LaunchedEntry): Promise<string> {
  const shown = await waitFor(() => AUTHORIZE_PROMPT.test(run.stderr()), 30_000);
  if (!shown) throw new Error(`mcp-remote never asked the user to sign in; its stderr:\n${run.stderr()}`);
  return AUTHORIZE_PROMPT.exec(run.stderr())![1];
}

test('the generated entry signs in through the browser and calls fetch-stock-prices', async () => {
  const entry = generateEntry(deployment, ['--ca-cert', deployment.caFile]);
  expect(entry.env).toEqual({ NODE_EXTRA_CA_CERTS: deployment.caFile });
  const run = launch(entry);
  const rpc = new StdioRpc(run);

  const url = new URL(await authorizationUrl(run));
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('resource')).toBe(deployment.mcp.url);
  expect(url.searchParams.get('scope')).toBe('stocks/read');
  const registration = deployment.as.registrations.at(-1)!;
  expect(registration).toMatchObject({ client_name: CLIENT_NAME, scope: 'stocks/read', token_endpoint_auth_method: 'none' });
  // The policy's attributes were applied: the client is registered for the MCP resource only.
  const client = deployment.as.clients.at(-1)!;
  expect(client).toMatchObject({ client_id: url.searchParams.get('client_id'), scope: 'stocks/read', audiences: [deployment.mcp.url], refresh_token_ttl: 0 });

  const signIn = await new Browser(readFileSync(deployment.caFile, 'utf8')).signIn(url.href, { ...TEST_USER });
  const callback = signIn.visits.at(-1)!;
  expect(new URL(callback.url).pathname).toBe('/oauth/callback');
  expect(signIn.status).toBe(200);

  expect(await fetchStockPrices(rpc)).toEqual(STOCK_PRICES);
  expect(deployment.mcp.toolCalls.at(-1)).toMatchObject({ name: 'fetch-stock-prices', sub: TEST_USER.username, clientId: client.client_id });
  // The token request named the resource (RFC 8707) and the policy gave no refresh token.
  expect(deployment.as.tokenRequests.at(-1)).toMatchObject({ grant_type: 'authorization_code', resource: deployment.mcp.url, status: '200' });
}, 90_000);

test('a scope the DCR policy does not allow: registration is refused with invalid_client_metadata', async () => {
  // The policy on the AS was generated for stocks/write (mcpauth refuses to write a policy that
  // leaves out the deployment's own scope), while the server asks for stocks/read.
  // (mcp-remote 0.15.1 registers with the scope of the server's 401 challenge, which wins over
  // the entry's own scope for the registration body; the entry's scope goes to the sign-in.)
  const out = generateAll(deployment, ['--ca-cert', deployment.caFile], 'stocks/write');
  await deployment.enforcePolicyFile(path.join(out, 'dcr-policy.json'));
  try {
    const run = launch(generateEntry(deployment, ['--ca-cert', deployment.caFile]));
    const refused = await waitFor(() => /Dynamic Client Registration rejected \(HTTP 400\)/.test(run.stderr()), 30_000);
    if (!refused) throw new Error(`registration was not refused; mcp-remote's stderr:\n${run.stderr()}`);
    expect(run.stderr()).toMatch(/"error":"invalid_client_metadata","error_description":"none of the requested scopes is allowed \(allowed: stocks\/write\)\."/);
    expect(deployment.as.registrations.at(-1)).toMatchObject({ scope: 'stocks/read' });
    expect(AUTHORIZE_PROMPT.test(run.stderr())).toBe(false);
  } finally {
    await deployment.enforcePolicyFile(policyFile);
  }
}, 60_000);

test('an entry asking for more than the server challenges: registered with the server\'s scope, the sign-in is refused', async () => {
  // mcp-remote 0.15.1 registers with the scope of the 401 challenge (then the resource metadata),
  // but signs in with the scope of --static-oauth-client-metadata: here "stocks/read openid".
  const entry = generateEntry(deployment, ['--ca-cert', deployment.caFile, '--scope', 'openid']);
  const run = launch(entry);
  const url = new URL(await authorizationUrl(run));
  expect(url.searchParams.get('scope')).toBe('stocks/read openid');
  expect(deployment.as.registrations.at(-1)).toMatchObject({ scope: 'stocks/read' });
  const signIn = await new Browser(readFileSync(deployment.caFile, 'utf8')).signIn(url.href, { ...TEST_USER });
  expect(new URL(signIn.visits.at(-1)!.url).searchParams.get('error')).toBe('invalid_scope');
  const told = await waitFor(() => /Authorization failed: invalid_scope/.test(run.stderr()), 10_000);
  expect(told).toBe(true);
}, 60_000);

test('enterprise static mode: nothing is registered, the pre-registered client signs in and calls the tool', async () => {
  const port = await freePort();
  const out = generateAll(deployment, ['--ca-cert', deployment.caFile, '--registration', 'static', '--callback-port', String(port)]);
  // The operator loads the generated Curity client; the generated entry must match it.
  const client = clientFromCurityXml(readFileSync(path.join(out, 'curity-static-client.xml'), 'utf8'));
  expect(client.redirect_uris).toEqual([`http://localhost:${port}/oauth/callback`]);
  await deployment.as.addClient(client);
  const entry = JSON.parse(readFileSync(path.join(out, 'claude_desktop_config.json'), 'utf8')).mcpServers['curity-demo'] as DesktopEntry;
  const before = deployment.as.registrations.length;
  const run = launch(entry);
  const rpc = new StdioRpc(run);

  const url = new URL(await authorizationUrl(run));
  expect(url.searchParams.get('client_id')).toBe(client.client_id);
  expect(url.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/oauth/callback`);
  expect(deployment.as.registrations.length).toBe(before);

  const signIn = await new Browser(readFileSync(deployment.caFile, 'utf8')).signIn(url.href, { ...TEST_USER });
  expect(signIn.status).toBe(200);
  expect(await fetchStockPrices(rpc)).toEqual(STOCK_PRICES);
  expect(deployment.mcp.toolCalls.at(-1)).toMatchObject({ clientId: client.client_id });
  expect(deployment.as.registrations.length).toBe(before);
}, 90_000);

test('without NODE_EXTRA_CA_CERTS the TLS handshake fails and nothing registers', async () => {
  const entry = generateEntry(deployment, []);
  expect(entry.env).toBeUndefined();
  const before = deployment.as.registrations.length;
  const run = launch(entry);
  const failed = await waitFor(() => /self[- ]signed certificate|unable to (get|verify)|UNABLE_TO_VERIFY/i.test(run.stderr()), 30_000);
  if (!failed) throw new Error(`no TLS failure reported; mcp-remote's stderr:\n${run.stderr()}`);
  expect(deployment.as.registrations.length).toBe(before);
  expect(AUTHORIZE_PROMPT.test(run.stderr())).toBe(false);
}, 60_000);
