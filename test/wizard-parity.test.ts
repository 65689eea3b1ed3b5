/**
 * Issue 8: a typed answer and a flag are judged alike. Each value below goes once through the
 * wizard's check of its question and once through resolveDeployment as the flag would give it;
 * both must refuse it, or both accept it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeFieldPath } from '../src/deployment/fields.js';
import { resolveDeployment } from '../src/deployment/resolve.js';
import { UsageError } from '../src/errors.js';
import { ARTIFACT_PARTS } from '../src/generators/index.js';
import { judgeAnswer, wizardView } from '../src/wizard/ask.js';
import { parseAnswer } from '../src/wizard/field-answer.js';
import { questionFor, type Answers } from '../src/wizard/questions.js';
import { emptyAnswers } from '../src/wizard/starting-point.js';
import { tempDir } from './helpers/cli.js';
import { makeCa } from './helpers/pki.js';

let cwd: string;
beforeAll(async () => {
  cwd = tempDir();
  mkdirSync(path.join(cwd, 'certs'));
  writeFileSync(path.join(cwd, 'certs', 'ca.crt'), (await makeCa()).certPem);
  writeFileSync(path.join(cwd, 'certs', 'leaf.crt'), (await makeCa({ isCa: false })).certPem);
  writeFileSync(path.join(cwd, 'certs', 'old.crt'), (await makeCa({ notBefore: new Date('2019-01-01'), notAfter: new Date('2020-01-01') })).certPem);
  writeFileSync(path.join(cwd, 'certs', 'text.crt'), 'not a certificate\n');
});

type Context = Partial<Record<keyof Answers, Record<string, unknown>>>;

const cases: [field: string, text: string, verdict: 'refused' | 'accepted', context?: Context][] = [
  ['server.url', 'http://mcp.example.com', 'refused'],
  ['server.url', 'ftp://mcp.example.com', 'refused'],
  ['server.url', 'https://<your-server>/mcp', 'refused'],
  ['server.url', 'mcp.example.com', 'refused'],
  ['server.url', 'http://localhost:3000/mcp', 'accepted'],
  ['server.url', 'https://mcp.example.com/mcp', 'accepted'],
  ['server.resource', 'not a url', 'refused'],
  ['server.scopes', 'stocks/read a"b', 'refused'],
  ['server.scopes', 'stocks/read stocks/write', 'accepted'],
  ['desktop.serverName', 'my server', 'refused'],
  ['desktop.serverName', 'acme-prod', 'accepted'],
  ['desktop.clientName', 'x'.repeat(101), 'refused'],
  ['desktop.clientName', 'Claude \u202Eevil', 'refused'],
  ['desktop.clientName', 'Claude (Acme)', 'accepted'],
  ['desktop.caCert', 'certs/missing.crt', 'refused'],
  ['desktop.caCert', '~/certs/ca.crt', 'refused'],
  ['desktop.caCert', '$HOME/ca.crt', 'refused'],
  ['desktop.caCert', '/Users/MYUSER/ca.crt', 'refused'],
  ['desktop.caCert', 'certs/text.crt', 'refused'],
  ['desktop.caCert', 'certs/leaf.crt', 'refused'],
  ['desktop.caCert', 'certs/old.crt', 'refused'],
  ['desktop.caCert', 'certs/ca.crt', 'accepted'],
  ['desktop.caCert', 'certs\\ca.crt', 'refused', { desktop: { platform: 'win32' } }],
  ['desktop.caCert', 'C:\\certs\\ca.crt', 'accepted', { desktop: { platform: 'win32' } }],
  ['desktop.callbackPort', '70000', 'refused', { desktop: { registration: 'static' } }],
  ['desktop.callbackPort', 'abc', 'refused', { desktop: { registration: 'static' } }],
  ['desktop.callbackPort', '4455', 'accepted', { desktop: { registration: 'static' } }],
  ['desktop.clientMetadataUrl', 'http://clients.example.com/claude.json', 'refused', { desktop: { registration: 'cimd' } }],
  ['desktop.clientMetadataUrl', 'https://clients.example.com/', 'refused', { desktop: { registration: 'cimd' } }],
  ['desktop.clientMetadataUrl', 'https://clients.example.com/claude.json', 'accepted', { desktop: { registration: 'cimd' } }],
  ['desktop.metadataFile', 'C:\\Users\\Jane Doe\\meta.json', 'refused', { desktop: { platform: 'win32' } }],
  ['desktop.metadataFile', 'meta.json', 'refused', { desktop: { platform: 'win32' } }],
  ['desktop.metadataFile', 'C:\\mcp\\meta.json', 'accepted', { desktop: { platform: 'win32' } }],
  ['staticClient.clientId', 'has space', 'refused'],
  ['staticClient.clientId', 'acme-web', 'accepted'],
  ['staticClient.redirectUris', 'not-a-uri', 'refused'],
  ['staticClient.redirectUris', 'https://claude.ai/api/mcp/auth_callback#x', 'refused'],
  ['staticClient.redirectUris', 'https://example.com/cb', 'refused', { desktop: { registration: 'static' } }],
  ['staticClient.scopes', 'openid', 'refused', { desktop: { registration: 'static' } }],
  ['staticClient.secretFile', 'certs/none.secret', 'refused'],
  ['dcrPolicy.allowedScopes', 'other/scope', 'refused'],
  ['dcrPolicy.allowedScopes', 'stocks/read other/scope', 'accepted'],
  ['dcrPolicy.accessTokenTtl', '0', 'refused'],
  ['dcrPolicy.accessTokenTtl', '-5', 'refused'],
  ['dcrPolicy.accessTokenTtl', '600', 'accepted'],
  ['dcrPolicy.gatewayUpstream', 'http://idsvr 8443', 'refused'],
];

/** The wizard's verdict: the question's check with the context as earlier answers. */
async function wizardVerdict(dotted: string, text: string, context: Context): Promise<string | undefined> {
  const [section, key] = dotted.split('.');
  const question = questionFor(section, key);
  if (!question) throw new Error(`no question for ${dotted}`);
  const answers = emptyAnswers();
  for (const [s, values] of Object.entries(context)) Object.assign(answers[s as keyof Answers], values);
  return judgeAnswer(question, text, wizardView(answers, ARTIFACT_PARTS, cwd, process.env));
}

/** resolveDeployment's verdict on the same value given as the flag (the value yargs would pass). */
async function flagVerdict(dotted: string, text: string, context: Context): Promise<string | undefined> {
  const [section, key] = dotted.split('.') as [keyof Answers, string];
  const question = questionFor(section, key)!;
  const parsed = parseAnswer(question.field, text);
  // A value yargs would refuse before resolving (a number flag given "abc") is refused there.
  if (parsed.problem !== undefined) return parsed.problem;
  const layer = emptyAnswers();
  for (const [s, values] of Object.entries(context)) Object.assign(layer[s as keyof Answers], values);
  layer[section][key] = parsed.value;
  if (section === 'staticClient' && key === 'secretFile') {
    // The secret file is read when the secret is settled, after resolving.
    const { settleClientSecret } = await import('../src/cli/client-secret.js');
    try {
      const { deployment } = await resolveDeployment([layer], { cwd });
      await settleClientSecret(deployment, { secretDir: cwd, fromStdin: false, readStdin: async () => '', cwd });
      return undefined;
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
  }
  try {
    await resolveDeployment([layer], { cwd });
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

test.each(cases)('%s = %j is %s by the wizard and by the flag alike', async (dotted, text, verdict, context = {}) => {
  const wizard = await wizardVerdict(dotted, text, context);
  const flag = await flagVerdict(dotted, text, context);
  if (verdict === 'refused') {
    expect(wizard).toEqual(expect.any(String));
    expect(flag).toEqual(expect.any(String));
  } else {
    expect(wizard).toBeUndefined();
    expect(flag).toBeUndefined();
  }
});

test('a flag refused by resolve names the flag and the field', async () => {
  const message = await flagVerdict('desktop.caCert', 'certs/leaf.crt', {});
  expect(message).toContain(describeFieldPath(['desktop', 'caCert']));
  expect(message).toMatch(/not a CA/);
});
