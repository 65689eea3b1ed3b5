/**
 * The wizard's questions, as data. Each row names a field of the FIELDS table (which gives its
 * flag, type, choices and the zod model's checks); the row adds only what a person needs: when it
 * is asked, its words, the default that follows other answers, and the checks that need earlier
 * answers — the same functions resolveDeployment uses, so the wizard and the flags judge alike.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { caCertificateProblem, findFileUpwards, inspectPemFile } from '../deployment/ca-cert.js';
import { clientNameProblem, judgeCaCert, missingDcrScopes, staticRedirectProblem, targetFileProblem } from '../deployment/checks.js';
import { DEMO_CA_CERT_RELATIVE } from '../deployment/demo.js';
import { FIELDS, type Field, type Section } from '../deployment/fields.js';
import type { Deployment } from '../deployment/model.js';
import { isThisComputer, thisPlatform, type Platform } from '../deployment/platform.js';
import { CALLBACK_PATH, DEFAULT_CALLBACK_PORT, callbackHost, loopbackCallbackUri } from '../deployment/registration.js';
import { staticClientSettings } from '../deployment/static-client.js';
import { clientMetadataUrlJudgement, defaultResource, serverUrlProblem } from '../deployment/url.js';
import { MAX_SECRET_INPUT_BYTES, secretFromText } from '../crypto/client-secret.js';
import { readFileBounded } from '../fsx/bounded-read.js';
import { defaultWindowsClientInfoFile, defaultWindowsMetadataFile } from '../generators/desktop-config.js';
import type { ArtifactPart } from '../generators/index.js';

export type Answers = Record<Section, Record<string, unknown>>;

/** What a question sees: the chosen files and the answers so far over the stored deployment and the demo. */
export interface View {
  parts: ReadonlySet<ArtifactPart>;
  values: Answers;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

type Check = (value: unknown, view: View) => string | undefined | Promise<string | undefined>;

export interface Question {
  field: Field;
  group: string;
  /** Asked only when this holds: the chosen files and earlier answers decide. */
  when: (view: View) => boolean;
  /** The question, when the field's description does not read as one. */
  message?: string | ((view: View) => string);
  /** Shown before the question. */
  help?: (view: View) => string | undefined;
  /** Names and one-line explanations of the choices of a select question. */
  choices?: Record<string, { name: string; description?: string }>;
  /**
   * What resolveDeployment fills in when the field is absent. An answer equal to it is stored as
   * absent, so that it keeps following the answers it comes from (the resource follows the URL).
   */
  derived?: (view: View) => unknown;
  /** A default that is stored when accepted (a CA certificate found nearby). */
  suggest?: (view: View) => unknown;
  /** An answer is needed although the model lets the field be absent (the mode needs it). */
  required?: boolean;
  /** The answer is a path on this computer: Tab completes it. */
  completesPaths?: (view: View) => boolean;
  /** Checks that need earlier answers. Each returns the reason to show, or undefined. */
  check?: Check;
  /** Forget the stored value while the question does not apply (a CIMD URL once the mode is not cimd). */
  dropWhenSkipped?: (view: View) => boolean;
}

const get = (view: View, section: Section, key: string): unknown => view.values[section][key];
const registration = (view: View) => get(view, 'desktop', 'registration');
const platform = (view: View) => get(view, 'desktop', 'platform') as Platform;
const desktop = (view: View) => view.parts.has('desktop-config');
const dcr = (view: View) => view.parts.has('dcr-policy');
/** curity-static-client.xml is written: chosen, or brought along by static registration. */
const staticClientFile = (view: View) => view.parts.has('static-client') || (desktop(view) && registration(view) === 'static');
const isPublic = (view: View) => (get(view, 'staticClient', 'public') as boolean | undefined) ?? registration(view) === 'static';

/**
 * The answers so far with the values resolveDeployment would derive filled in, for defaults that
 * depend on them (the static client's redirect URIs, audiences, scopes).
 */
export function provisional(view: View): Deployment {
  const server = { ...view.values.server };
  if (server.resource === undefined && typeof server.url === 'string' && URL.canParse(server.url)) server.resource = defaultResource(server.url);
  const desktopValues = { ...view.values.desktop };
  if (desktopValues.registration !== 'dcr') desktopValues.callbackPort ??= DEFAULT_CALLBACK_PORT;
  return { ...view.values, server, desktop: desktopValues } as unknown as Deployment;
}

const staticClient = (view: View) => staticClientSettings(provisional(view));
const quoted = (value: unknown) => JSON.stringify(Array.isArray(value) ? value.join(' ') : value);
const after = (value: unknown, problem: string | undefined) => (problem ? `${quoted(value)} ${problem}` : undefined);

/** The Curity example's CA, when it is found here or in a parent folder and is a usable CA. */
async function nearbyCaCert(view: View): Promise<string | undefined> {
  if (!isThisComputer(platform(view))) return undefined;
  const found = await findFileUpwards(DEMO_CA_CERT_RELATIVE, view.cwd);
  if (!found || caCertificateProblem(await inspectPemFile(found))) return undefined;
  return path.relative(view.cwd, found) || found;
}

async function secretFileProblem(value: unknown, view: View): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const file = path.resolve(view.cwd, String(value));
  let text: string;
  try {
    // A secret file is small and regular: a FIFO or a huge file is refused, not waited for.
    const read = await readFileBounded(file, MAX_SECRET_INPUT_BYTES);
    if (!read.ok) return `${file} ${read.tooLarge ? 'is far too large to hold a client secret' : 'is not a regular file'}`;
    text = read.bytes.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`;
  }
  const checked = secretFromText(text);
  return checked.ok ? undefined : `the secret in ${file} ${checked.problem}`;
}

const PLATFORM_NAMES: Record<Platform, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

function fieldAt(dotted: string): Field {
  const [section, key] = dotted.split('.');
  const field = FIELDS.find((f) => f.section === section && f.key === key);
  if (!field) throw new Error(`wizard question for unknown field ${dotted}`);
  return field;
}

const q = (dotted: string, group: string, row: Omit<Question, 'field' | 'group'>): Question => ({ field: fieldAt(dotted), group, ...row });
const always = () => true;

const SERVER = 'MCP server';
const DESKTOP = 'Claude Desktop entry';
const CURITY = 'Curity';
const DCR = 'DCR policy';

export const QUESTIONS: readonly Question[] = [
  q('server.url', SERVER, {
    when: always,
    message: 'MCP server URL',
    help: () => 'https, or http only on localhost or 127.0.0.1 (mcp-remote refuses plain http anywhere else).',
    check: (value) => after(value, serverUrlProblem(String(value))),
  }),
  q('server.resource', SERVER, {
    when: always,
    message: 'Resource identifier of the MCP server',
    help: (view) => {
      const url = String(get(view, 'server', 'url'));
      const normal = URL.canParse(url) ? defaultResource(url) : url;
      const slash = normal !== url && normal === `${url}/` ? ` A URL without a path gains a trailing slash (${url} → ${normal}).` : '';
      return (
        `The default is the URL as URL parsers write it.${slash} Tokens are issued for this value, so it must equal the "resource" of the ` +
        "server's protected-resource metadata byte for byte: if the server writes it without the trailing slash, type it that way."
      );
    },
    derived: (view) => {
      const url = get(view, 'server', 'url');
      return typeof url === 'string' && URL.canParse(url) ? defaultResource(url) : undefined;
    },
  }),
  q('server.scopes', SERVER, { when: always, message: 'Scopes a client needs for the MCP server (separated by spaces)' }),

  q('desktop.serverName', DESKTOP, {
    when: desktop,
    message: 'Name of the entry under mcpServers',
    help: () => 'Claude Desktop lists the server under this name and names its log file after it (mcp-server-<name>.log).',
  }),
  q('desktop.clientName', DESKTOP, {
    when: desktop,
    message: 'Client name (client_name that mcp-remote registers)',
    check: (value) => after(value, clientNameProblem(String(value))),
  }),
  q('desktop.platform', DESKTOP, {
    when: desktop,
    message: 'Operating system of the computer that runs Claude Desktop',
    choices: Object.fromEntries(
      (Object.keys(PLATFORM_NAMES) as Platform[]).map((p) => [
        p,
        {
          name: `${PLATFORM_NAMES[p]} (${p})${p === thisPlatform() ? ', this computer' : ''}`,
          description: p === 'win32' ? 'Claude Desktop starts npx through cmd.exe there, so JSON arguments go into files passed as @path.' : undefined,
        },
      ]),
    ),
  }),
  q('desktop.caCert', DESKTOP, {
    when: desktop,
    message: 'CA certificate (PEM) that signed the server certificate',
    help: (view) =>
      isThisComputer(platform(view))
        ? 'Passed as NODE_EXTRA_CA_CERTS; checked now (exists, PEM, a CA, not expired). Tab completes the path; "none": trust only the public CAs.'
        : `Passed as NODE_EXTRA_CA_CERTS: its absolute path on the ${PLATFORM_NAMES[platform(view)]} computer, written as given. "none": trust only the public CAs.`,
    suggest: nearbyCaCert,
    completesPaths: (view) => isThisComputer(platform(view)),
    check: async (value, view) => (value === undefined ? undefined : (await judgeCaCert(String(value), platform(view), view.cwd)).problem),
  }),
  q('desktop.registration', DESKTOP, {
    when: desktop,
    message: 'How does mcp-remote get its client id?',
    choices: {
      dcr: { name: 'dcr: dynamic client registration', description: 'mcp-remote registers itself at Curity on first use (Curity must allow DCR; see the DCR policy).' },
      cimd: { name: 'cimd: Client ID Metadata Document', description: 'The client id is an https URL where you publish a JSON document; Curity fetches it, nothing is registered.' },
      static: { name: 'static: one pre-registered client', description: 'Enterprise: one public Curity client (PKCE) for every Claude Desktop, on a fixed callback port.' },
    },
  }),
  q('desktop.callbackPort', DESKTOP, {
    when: (view) => desktop(view) && registration(view) !== 'dcr',
    message: 'Callback port mcp-remote listens on',
    help: (view) => `Its redirect URI is http://${callbackHost(platform(view))}:<port>${CALLBACK_PATH}, which Curity must know; give each pinned entry its own port.`,
    derived: (view) => (registration(view) === 'dcr' ? undefined : DEFAULT_CALLBACK_PORT),
  }),
  q('desktop.clientMetadataUrl', DESKTOP, {
    when: (view) => desktop(view) && registration(view) === 'cimd',
    message: 'https URL where the Client ID Metadata Document will be published',
    help: () => 'It is the client id, compared byte for byte: https, a path other than "/", in its normal form (mcpauth writes the document to publish).',
    required: true,
    check: (value) => after(value, clientMetadataUrlJudgement(String(value)).problem),
    dropWhenSkipped: (view) => registration(view) !== 'cimd',
  }),
  q('desktop.metadataFile', DESKTOP, {
    when: (view) => desktop(view) && (platform(view) === 'win32' || get(view, 'desktop', 'metadataFile') !== undefined),
    message: 'Where the client-metadata file will be on that computer',
    help: () => 'mcp-remote reads its JSON from this file (@path); mcpauth writes it beside the config for you to copy there.',
    derived: (view) => (platform(view) === 'win32' ? defaultWindowsMetadataFile(String(get(view, 'desktop', 'serverName')), view.env) : undefined),
    check: (value, view) => (value === undefined ? undefined : targetFileProblem(String(value), platform(view))),
  }),
  q('desktop.clientInfoFile', DESKTOP, {
    when: (view) => desktop(view) && registration(view) === 'static' && (platform(view) === 'win32' || get(view, 'desktop', 'clientInfoFile') !== undefined),
    message: 'Where the static client-info file will be on that computer',
    derived: (view) => (platform(view) === 'win32' ? defaultWindowsClientInfoFile(String(get(view, 'desktop', 'serverName')), view.env) : undefined),
    check: (value, view) => (value === undefined ? undefined : targetFileProblem(String(value), platform(view))),
    dropWhenSkipped: (view) => registration(view) !== 'static',
  }),

  q('authorizationServer.profileId', CURITY, {
    when: (view) => staticClientFile(view) || dcr(view) || (desktop(view) && registration(view) === 'cimd'),
    message: 'Id of the Curity token service profile',
  }),
  q('staticClient.clientId', CURITY, {
    when: staticClientFile,
    message: (view) =>
      desktop(view) && registration(view) === 'static' ? 'Client id of the Curity client every Claude Desktop uses' : "Client id of the Curity static client (the Claude web connector's)",
  }),
  q('staticClient.redirectUris', CURITY, {
    when: (view) => view.parts.has('static-client'),
    message: 'Redirect URIs of the static client (separated by spaces)',
    derived: (view) => staticClient(view).redirectUris,
    check: (value, view) => {
      const callback = desktop(view) && registration(view) === 'static' ? loopbackCallbackUri(provisional(view).desktop) : undefined;
      return callback && Array.isArray(value) ? staticRedirectProblem(value as string[], callback) : undefined;
    },
  }),
  q('staticClient.audiences', CURITY, {
    when: (view) => view.parts.has('static-client'),
    message: 'Audiences of its tokens (separated by spaces; the first is the default)',
    derived: (view) => staticClient(view).audiences,
  }),
  q('staticClient.scopes', CURITY, {
    when: (view) => view.parts.has('static-client'),
    message: 'Scopes the static client may use (separated by spaces)',
    derived: (view) => staticClient(view).scopes,
    check: (value, view) => {
      if (!(desktop(view) && registration(view) === 'static') || !Array.isArray(value)) return undefined;
      const missing = (get(view, 'server', 'scopes') as string[]).filter((scope) => !value.includes(scope));
      return missing.length > 0 ? `misses ${missing.join(' ')}, which mcp-remote asks for with static registration` : undefined;
    },
  }),
  q('staticClient.authenticators', CURITY, {
    when: (view) => view.parts.has('static-client') || (desktop(view) && registration(view) === 'cimd'),
    message: 'Authenticators users log in with (separated by spaces)',
  }),
  q('staticClient.public', CURITY, {
    when: (view) => view.parts.has('static-client') && registration(view) !== 'static',
    message: 'A public client, without a secret (PKCE instead)?',
    help: () => "The Claude web connector is a confidential client: it sends a secret (client_secret_post). Answer no for it.",
    derived: (view) => registration(view) === 'static',
  }),
  q('staticClient.secretFile', CURITY, {
    when: (view) => view.parts.has('static-client') && !isPublic(view),
    message: 'File holding the client secret (empty: keep or create <client-id>.secret in the output folder)',
    help: () => 'mcpauth never prints the secret; the XML gets its $5$ SHA-256-crypt hash.',
    completesPaths: always,
    check: secretFileProblem,
  }),
  q('staticClient.plaintextSecret', CURITY, {
    when: (view) => view.parts.has('static-client') && !isPublic(view),
    message: 'Write the secret itself into the XML instead of its hash? (not recommended)',
  }),

  q('dcrPolicy.allowedScopes', DCR, {
    when: dcr,
    message: 'Scopes a dynamically registered client may hold (separated by spaces)',
    derived: (view) => get(view, 'server', 'scopes'),
    check: (value, view) => {
      if (!Array.isArray(value)) return undefined;
      const missing = missingDcrScopes(get(view, 'server', 'scopes') as string[], value as string[], get(view, 'dcrPolicy', 'openidScopes') as 'drop' | 'allow');
      return missing.length > 0 ? `misses the server scope ${missing.join(' ')}: clients ask for it, so every registration would be refused` : undefined;
    },
  }),
  q('dcrPolicy.openidScopes', DCR, {
    when: dcr,
    message: 'The Claude web connector also asks for openid profile email address phone:',
    choices: {
      drop: { name: 'drop them', description: 'Register the client without the OpenID Connect scopes (the MCP server does not need them).' },
      allow: { name: 'allow them', description: 'Add them to the allowed scopes.' },
    },
  }),
  q('dcrPolicy.accessTokenTtl', DCR, { when: dcr, message: 'Access token lifetime of registered clients, in seconds' }),
  q('dcrPolicy.refreshTokens', DCR, { when: dcr, message: 'Issue refresh tokens to registered clients?' }),
  q('dcrPolicy.refreshTokenTtl', DCR, { when: (view) => dcr(view) && get(view, 'dcrPolicy', 'refreshTokens') === true, message: 'Refresh token lifetime, in seconds' }),
  q('dcrPolicy.stripClientUri', DCR, {
    when: dcr,
    message: 'Does the API gateway remove client_uri from registration requests?',
    help: () => "mcp-remote sends a client_uri on github.com, which Curity refuses because it is not on the redirect URI's origin. Yes writes a Kong route that removes it.",
  }),
  q('dcrPolicy.gatewayUpstream', DCR, {
    when: (view) => dcr(view) && get(view, 'dcrPolicy', 'stripClientUri') === true,
    message: 'URL through which Kong reaches the Curity runtime',
  }),
  q('authorizationServer.issuer', DCR, {
    when: (view) => dcr(view) && get(view, 'dcrPolicy', 'stripClientUri') === true,
    message: 'Issuer of the Curity token service (the Kong route matches its host)',
  }),
];

/**
 * Fields that only a flag or deployment.json sets: details the Curity example's defaults get
 * right for nearly everyone. A test checks that every field is either asked or listed here.
 */
export const FLAG_ONLY: readonly string[] = [
  'desktop.mcpRemoteVersion',
  'staticClient.clientName',
  'staticClient.description',
  'staticClient.accessTokenTtl',
  'staticClient.refreshTokenTtl',
  'staticClient.requirePkce',
  'staticClient.consent',
  'staticClient.validatePortOnLoopbackInterfaces',
  'dcrPolicy.httpsHosts',
  'dcrPolicy.registrationPath',
  'dcrPolicy.clientDataSource',
];

/** The question that asks a field (`desktop.caCert`), if any. */
export function questionFor(section: string, key: string): Question | undefined {
  return QUESTIONS.find((question) => question.field.section === section && question.field.key === key);
}
