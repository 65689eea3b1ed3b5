/**
 * Turns layers of answers (built-in demo ← deployment.json ← flags) into one checked Deployment.
 * This is the only place that judges answers; generators trust what it returns.
 * It reads the disk only to check a CA certificate meant for this computer.
 */
import { UsageError } from '../errors.js';
import { caCertificateProblem, findFileUpwards, inspectPemFile, realAbsolutePath } from './ca-cert.js';
import { clientNameProblem, judgeCaCert, missingDcrScopes, staticRedirectProblem, targetFileProblem, windowsArgProblem } from './checks.js';
import { DEMO, DEMO_CA_CERT_RELATIVE } from './demo.js';
import { describeFieldPath, SECTIONS, type Section } from './fields.js';
import { DEPLOYMENT_KIND, deploymentSchema, type Deployment } from './model.js';
import { isThisComputer, pathApi, thisPlatform, windowsUnsafeCharacter } from './platform.js';
import { DEFAULT_CALLBACK_PORT, loopbackCallbackUri } from './registration.js';
import { staticClientSettings } from './static-client.js';
import { clientMetadataUrlJudgement, defaultResource, serverUrlProblem } from './url.js';
import { desktopArgs, defaultWindowsClientInfoFile, defaultWindowsMetadataFile } from '../generators/desktop-config.js';

export type DeploymentLayer = { [S in Section]?: Record<string, unknown> };

export interface ResolveOptions {
  cwd: string;
  /** init only: look for the Curity example's CA certificate when none was given. */
  discoverCaCert?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface Resolved {
  deployment: Deployment;
  /** Things the user should read: a CA found, a CA missing. Never secrets. */
  notes: string[];
}

export async function resolveDeployment(layers: DeploymentLayer[], options: ResolveOptions): Promise<Resolved> {
  const notes: string[] = [];
  const merged = mergeLayers([demoLayer(), ...layers]);
  if (merged.server.url !== undefined && merged.server.resource === undefined && URL.canParse(String(merged.server.url))) {
    merged.server.resource = defaultResource(String(merged.server.url));
  }
  // A dynamically registered client may hold the server's scopes unless told otherwise.
  merged.dcrPolicy.allowedScopes ??= merged.server.scopes;
  const parsed = deploymentSchema.safeParse({ kind: DEPLOYMENT_KIND, version: 1, ...merged });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${describeFieldPath(issue.path as (string | number)[])} ${issue.message}`);
  }
  const deployment = parsed.data;

  const urlProblem = serverUrlProblem(deployment.server.url);
  if (urlProblem) throw new UsageError(`${describeFieldPath(['server', 'url'])} ${deployment.server.url} ${urlProblem}`);
  checkDcrScopes(deployment);
  checkClientNameForDcr(deployment);

  await settleCaCert(deployment, options, notes);
  settleRegistration(deployment, notes);
  settleArgFiles(deployment, options);
  checkStaticClient(deployment, notes);
  checkWindowsArgs(deployment);
  // Parse once more so that keys filled in above take their place in the schema's fixed order.
  return { deployment: deploymentSchema.parse(deployment), notes };
}

/** The built-in demo as the bottom layer; its platform is this computer. */
export function demoLayer(): DeploymentLayer {
  return {
    server: { url: DEMO.server.url, scopes: [...DEMO.server.scopes] },
    authorizationServer: { ...DEMO.authorizationServer },
    desktop: { ...DEMO.desktop, platform: thisPlatform() },
    staticClient: { ...DEMO.staticClient, authenticators: [...DEMO.staticClient.authenticators] },
    dcrPolicy: { ...DEMO.dcrPolicy, httpsHosts: [...DEMO.dcrPolicy.httpsHosts] },
  };
}

/** Later layers win field by field; `undefined` means "not given" and never erases. */
function mergeLayers(layers: DeploymentLayer[]): Record<Section, Record<string, unknown>> {
  const out = Object.fromEntries(SECTIONS.map((s) => [s, {}])) as Record<Section, Record<string, unknown>>;
  for (const layer of layers) {
    for (const section of SECTIONS) {
      for (const [key, value] of Object.entries(layer[section] ?? {})) {
        if (value !== undefined) out[section][key] = value;
      }
    }
  }
  // A new URL without a new resource must not keep the demo's resource.
  const urlGiven = layers.slice(1).some((l) => l.server?.url !== undefined);
  const resourceGiven = layers.slice(1).some((l) => l.server?.resource !== undefined);
  if (urlGiven && !resourceGiven) delete out.server.resource;
  return out;
}

async function settleCaCert(deployment: Deployment, options: ResolveOptions, notes: string[]): Promise<void> {
  const desktop = deployment.desktop;
  const flag = describeFieldPath(['desktop', 'caCert']);
  if (desktop.caCert === undefined) {
    if (options.discoverCaCert && isThisComputer(desktop.platform)) {
      const found = await findFileUpwards(DEMO_CA_CERT_RELATIVE, options.cwd);
      if (found) {
        const problem = caCertificateProblem(await inspectPemFile(found));
        if (!problem) {
          desktop.caCert = await realAbsolutePath(found, options.cwd);
          notes.push(`Using the CA certificate found at ${desktop.caCert}.`);
          return;
        }
        notes.push(`Found ${found} but it ${problem}; not using it.`);
      }
    }
    notes.push(
      'No CA certificate given: the entry has no NODE_EXTRA_CA_CERTS, so mcp-remote trusts only public CAs. ' +
        'If the server uses a private CA (as the Curity example does), add --ca-cert PATH/TO/example.ca.crt.',
    );
    return;
  }
  const judgement = await judgeCaCert(desktop.caCert, desktop.platform, options.cwd);
  if (judgement.problem !== undefined) throw new UsageError(`${flag} ${judgement.problem}.`);
  desktop.caCert = judgement.path;
}

/**
 * Clients ask for the server's scopes (mcp-remote sends exactly those): a policy that does not
 * allow one of them would refuse every registration (reference/oauth-dcr.md XAR-006).
 */
function checkDcrScopes(deployment: Deployment): void {
  const missing = missingDcrScopes(deployment.server.scopes, deployment.dcrPolicy.allowedScopes, deployment.dcrPolicy.openidScopes);
  if (missing.length > 0) {
    throw new UsageError(
      `${describeFieldPath(['dcrPolicy', 'allowedScopes'])} must include every server scope (${describeFieldPath(['server', 'scopes'])}); missing: ${missing.join(' ')}. ` +
        'Clients ask for those scopes, so the DCR policy would refuse their registration.',
    );
  }
}

/** The desktop client's name is sent as client_name, which the DCR policy refuses when it could spoof the consent screen. */
function checkClientNameForDcr(deployment: Deployment): void {
  const problem = clientNameProblem(deployment.desktop.clientName);
  if (problem) throw new UsageError(`${describeFieldPath(['desktop', 'clientName'])} ${problem}.`);
}

/**
 * static and cimd registration pin the callback port (mcp-remote then uses exactly that port and
 * the authorization server must know its redirect URI); each mode's own flags belong to it alone.
 */
function settleRegistration(deployment: Deployment, notes: string[]): void {
  const desktop = deployment.desktop;
  const mode = `--registration ${desktop.registration}`;
  if (desktop.registration !== 'dcr') desktop.callbackPort ??= DEFAULT_CALLBACK_PORT;
  const urlFlag = describeFieldPath(['desktop', 'clientMetadataUrl']);
  if (desktop.registration === 'cimd') {
    if (desktop.clientMetadataUrl === undefined) {
      throw new UsageError(`${mode} needs ${urlFlag}: the https URL where the Client ID Metadata Document will be published`);
    }
    const judgement = clientMetadataUrlJudgement(desktop.clientMetadataUrl);
    if (judgement.problem) throw new UsageError(`${urlFlag} ${desktop.clientMetadataUrl} ${judgement.problem}`);
    if (judgement.note) notes.push(`${judgement.note}.`);
  } else if (desktop.clientMetadataUrl !== undefined) {
    throw new UsageError(`${urlFlag} is for --registration cimd; this deployment uses ${mode}`);
  }
  if (desktop.registration !== 'static' && desktop.clientInfoFile !== undefined) {
    throw new UsageError(`${describeFieldPath(['desktop', 'clientInfoFile'])} is for --registration static; this deployment uses ${mode}`);
  }
}

/** Windows targets pass JSON arguments as @file (cmd.exe breaks quotes); other targets may choose to. */
function settleArgFiles(deployment: Deployment, options: ResolveOptions): void {
  const desktop = deployment.desktop;
  const env = options.env ?? process.env;
  if (desktop.platform === 'win32') {
    desktop.metadataFile ??= defaultWindowsMetadataFile(desktop.serverName, env);
    if (desktop.registration === 'static') desktop.clientInfoFile ??= defaultWindowsClientInfoFile(desktop.serverName, env);
  }
  for (const key of ['metadataFile', 'clientInfoFile'] as const) {
    const file = desktop[key];
    if (file === undefined) continue;
    const problem = targetFileProblem(file, desktop.platform);
    if (problem) throw new UsageError(`${describeFieldPath(['desktop', key])} ${problem}.`);
    // Its last segment names the copy written into the output folder: a plain file name, never a way out of it.
    const local = pathApi(desktop.platform).basename(file);
    if (local === '' || local === '.' || local === '..' || /[\\/\x00-\x1F\x7F]/.test(local)) {
      throw new UsageError(`${describeFieldPath(['desktop', key])} "${file}" must end in a file name (it also names the copy mcpauth writes beside the config).`);
    }
  }
  if (desktop.metadataFile !== undefined && desktop.metadataFile === desktop.clientInfoFile) {
    throw new UsageError(`${describeFieldPath(['desktop', 'metadataFile'])} and ${describeFieldPath(['desktop', 'clientInfoFile'])} name the same file; they hold different JSON`);
  }
}

/** The static client agrees with itself and, with static registration, with the desktop entry. */
function checkStaticClient(deployment: Deployment, notes: string[]): void {
  const answers = deployment.staticClient;
  const client = staticClientSettings(deployment);
  const flag = (key: string) => describeFieldPath(['staticClient', key]);
  if (client.public) {
    const why = answers.public === undefined ? 'with --registration static the client is public' : `${flag('public')} makes the client public`;
    if (client.secretFile !== undefined) throw new UsageError(`${flag('secretFile')} gives a secret, but ${why} and has none`);
    if (client.plaintextSecret) throw new UsageError(`${flag('plaintextSecret')} is about a secret, but ${why} and has none`);
    if (!client.requirePkce) notes.push(`The static client "${client.clientId}" is public but does not require PKCE (${flag('requirePkce')} false); anyone who sees an authorization code can redeem it.`);
  }
  if (deployment.desktop.registration !== 'static') return;

  // Enterprise mode: mcp-remote gets only the client id, so the Curity client must be the public
  // loopback client whose redirect URI is exactly the one mcp-remote will send.
  const mode = '--registration static';
  if (answers.public === false) {
    throw new UsageError(`${mode} passes mcp-remote only the client id (no secret in the desktop config), so the static client must be public; drop ${flag('public')} false`);
  }
  const callback = loopbackCallbackUri(deployment.desktop) as string;
  if (staticRedirectProblem(client.redirectUris, callback)) {
    throw new UsageError(
      `With ${mode} mcp-remote sends the redirect URI ${callback}, which ${flag('redirectUris')} does not list (${client.redirectUris.join(', ')}); ` +
        `add it, or leave ${flag('redirectUris')} out to get it by default`,
    );
  }
  const missing = deployment.server.scopes.filter((scope) => !client.scopes.includes(scope));
  if (missing.length > 0) {
    throw new UsageError(
      `With ${mode} mcp-remote asks for the scopes of ${describeFieldPath(['server', 'scopes'])}, but the static client does not allow ${missing.join(', ')}; ` +
        `add them to ${flag('scopes')} or leave it out to get the server scopes by default`,
    );
  }
}

/** Claude Desktop starts npx through cmd.exe on Windows: see platform.ts. Answers that become arguments are named. */
function checkWindowsArgs(deployment: Deployment): void {
  const { desktop, server } = deployment;
  if (desktop.platform !== 'win32') return;
  const named = [
    { path: ['server', 'url'], value: server.url },
    { path: ['desktop', 'clientMetadataUrl'], value: desktop.clientMetadataUrl },
  ];
  for (const { path, value } of named) {
    const problem = value === undefined ? undefined : windowsArgProblem(value, desktop.platform);
    if (problem) throw new UsageError(`${describeFieldPath(path)} ${value} ${problem}; choose a value without it.`);
  }
  for (const arg of desktopArgs(deployment)) {
    const bad = windowsUnsafeCharacter(arg);
    if (bad) {
      throw new UsageError(
        `On a Windows target Claude Desktop runs npx through cmd.exe, and the argument "${arg}" holds ${bad}, which breaks its command line; ` +
          'choose a value without it (for the metadata file, a path without spaces via --metadata-file).',
      );
    }
  }
}
