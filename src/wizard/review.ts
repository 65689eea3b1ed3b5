/**
 * What the user reads before anything is written: a summary of the deployment, every file with
 * what will happen to it, the diff of each file that would change, then one question. Secret files
 * are named, never shown (planDiff).
 */
import path from 'node:path';
import type { Output } from '../cli/output.js';
import type { Deployment } from '../deployment/model.js';
import { staticClientSettings } from '../deployment/static-client.js';
import { planDiff, type PlannedWrite } from '../fsx/write-plan.js';
import type { ArtifactPart } from '../generators/index.js';
import type { Prompter } from './prompter.js';

export interface ReviewRequest {
  plan: PlannedWrite[];
  deployment: Deployment;
  parts: readonly ArtifactPart[];
  outDir: string;
  cwd: string;
  prompter: Prompter;
  colors: Output['colors'];
  /** --force: show everything, ask nothing. */
  force: boolean;
}

/** True when the plan may be written: nothing changes, --force, or the user said so. */
export async function reviewPlan(request: ReviewRequest): Promise<boolean> {
  const { plan, prompter, colors: c, cwd } = request;
  prompter.say(`\n${c.bold('Summary')}`);
  for (const [label, text] of summaryLines(request.deployment, request.parts)) prompter.say(`  ${label.padEnd(15)} ${text}`);

  const shownDir = path.relative(cwd, request.outDir) || '.';
  prompter.say(`\n${c.bold(`Files in ${shownDir}${path.sep}`)}`);
  const width = Math.max(...plan.map((step) => path.basename(step.target).length));
  for (const step of plan) {
    const status = { create: c.green('new      '), update: c.yellow('changed  '), unchanged: c.dim('unchanged') }[step.status];
    const size = step.status === 'create' && !step.artifact.secret ? c.dim(` (${lineCount(step.after)} lines)`) : '';
    prompter.say(`  ${status} ${path.basename(step.target).padEnd(width)}  ${c.dim(step.artifact.title)}${size}`);
  }

  const updates = plan.filter((step) => step.status === 'update');
  const creates = plan.filter((step) => step.status === 'create');
  if (updates.length > 0) prompter.say(`\n${colorDiff(planDiff(updates, cwd), c)}`);
  if (updates.length + creates.length === 0) {
    prompter.say('\nEvery file is up to date: nothing to write.');
    return true;
  }
  if (request.force) return true;

  let newShown = false;
  for (;;) {
    const count = updates.length + creates.length;
    const choice = await prompter.select({
      message: updates.length > 0 ? `Write ${count} file(s), replacing ${updates.length} (each is backed up first)?` : `Write ${count} file(s)?`,
      choices: [
        { value: 'write', name: 'Yes, write them' },
        ...(creates.length > 0 && !newShown ? [{ value: 'show', name: 'Show the new files first' }] : []),
        { value: 'cancel', name: 'No, write nothing' },
      ],
      default: 'write',
    });
    if (choice === 'write') return true;
    if (choice === 'cancel') return false;
    prompter.say(colorDiff(planDiff(creates, cwd), c));
    newShown = true;
  }
}

export function summaryLines(deployment: Deployment, parts: readonly ArtifactPart[]): [string, string][] {
  const { server, desktop, dcrPolicy } = deployment;
  const lines: [string, string][] = [['MCP server', `${server.url} · resource ${server.resource} · scopes ${server.scopes.join(' ')}`]];
  if (parts.includes('desktop-config')) {
    const port = desktop.callbackPort !== undefined ? ` on port ${desktop.callbackPort}` : '';
    const mode = desktop.registration === 'cimd' ? `cimd (${desktop.clientMetadataUrl})` : desktop.registration;
    lines.push([
      'Claude Desktop',
      `entry "${desktop.serverName}" for ${desktop.platform} · client "${desktop.clientName}" · ${mode} registration${port} · CA ${desktop.caCert ?? 'none (public CAs only)'}`,
    ]);
  }
  if (parts.includes('static-client')) {
    const client = staticClientSettings(deployment);
    const kind = client.public ? 'public, PKCE' : client.plaintextSecret ? 'confidential, secret in plain text' : 'confidential, secret hashed';
    lines.push(['Curity client', `"${client.clientId}" (${kind}) · profile ${deployment.authorizationServer.profileId} · redirect ${client.redirectUris.join(' ')} · scopes ${client.scopes.join(' ')}`]);
  }
  if (parts.includes('dcr-policy')) {
    const refresh = dcrPolicy.refreshTokens ? `refresh tokens ${dcrPolicy.refreshTokenTtl} s` : 'no refresh tokens';
    const strip = dcrPolicy.stripClientUri ? 'Kong removes client_uri' : 'client_uri passed through';
    lines.push(['DCR policy', `scopes ${dcrPolicy.allowedScopes.join(' ')} (OpenID scopes: ${dcrPolicy.openidScopes}) · access tokens ${dcrPolicy.accessTokenTtl} s · ${refresh} · ${strip}`]);
  }
  return lines;
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

function colorDiff(diff: string, c: Output['colors']): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('===')) return c.bold(line);
      if (line.startsWith('+')) return c.green(line);
      if (line.startsWith('-')) return c.red(line);
      if (line.startsWith('@@')) return c.cyan(line);
      return line;
    })
    .join('\n');
}
