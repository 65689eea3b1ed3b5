/**
 * Where the wizard's defaults come from: the deployment.json that an earlier init wrote into the
 * output folder (re-running init edits a deployment), else the built-in demo. deployment.json holds
 * the resolved deployment, so values that were derived from other answers (the resource from the
 * URL, the DCR scopes from the server scopes, the default callback port and Windows @file paths)
 * are taken out again: they then follow a changed answer instead of contradicting it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEMO } from '../deployment/demo.js';
import { SECTIONS } from '../deployment/fields.js';
import { loadDeploymentFile } from '../deployment/load.js';
import { DEFAULT_CALLBACK_PORT } from '../deployment/registration.js';
import type { DeploymentLayer } from '../deployment/resolve.js';
import { defaultResource } from '../deployment/url.js';
import { CliError } from '../errors.js';
import { DESKTOP_CONFIG_FILE, defaultWindowsClientInfoFile, defaultWindowsMetadataFile } from '../generators/desktop-config.js';
import { DCR_POLICY_FILE } from '../generators/dcr-policy.js';
import { DEPLOYMENT_FILE } from '../generators/deployment-file.js';
import { STATIC_CLIENT_FILE } from '../generators/file-names.js';
import { ARTIFACT_PARTS, type ArtifactPart } from '../generators/index.js';
import type { Answers } from './questions.js';

export interface StartingPoint {
  answers: Answers;
  /** The deployment.json the answers came from. */
  from?: string;
  /** Why an existing deployment.json was not used. */
  problem?: string;
  /** The parts whose main file is already in the output folder (the default choice when re-running). */
  existingParts: ArtifactPart[];
}

const MAIN_FILE: Record<ArtifactPart, string> = {
  'desktop-config': DESKTOP_CONFIG_FILE,
  'static-client': STATIC_CLIENT_FILE,
  'dcr-policy': DCR_POLICY_FILE,
};

export async function startingPoint(outDir: string, env: NodeJS.ProcessEnv): Promise<StartingPoint> {
  const existingParts: ArtifactPart[] = [];
  for (const part of ARTIFACT_PARTS) if (await exists(path.join(outDir, MAIN_FILE[part]))) existingParts.push(part);
  const file = path.join(outDir, DEPLOYMENT_FILE);
  const empty = emptyAnswers();
  if (!(await exists(file))) return { answers: empty, existingParts };
  try {
    return { answers: editable(await loadDeploymentFile(file), env), from: file, existingParts };
  } catch (error) {
    if (error instanceof CliError) return { answers: empty, problem: error.message, existingParts };
    throw error;
  }
}

export function emptyAnswers(): Answers {
  return Object.fromEntries(SECTIONS.map((s) => [s, {}])) as Answers;
}

/** A stored deployment without the values resolveDeployment derives from other answers. */
export function editable(layer: DeploymentLayer, env: NodeJS.ProcessEnv): Answers {
  const answers = emptyAnswers();
  for (const section of SECTIONS) Object.assign(answers[section], layer[section] ?? {});
  const { server, desktop, dcrPolicy } = answers;
  if (typeof server.url === 'string' && URL.canParse(server.url) && server.resource === defaultResource(server.url)) delete server.resource;
  if (sameList(dcrPolicy.allowedScopes, server.scopes)) delete dcrPolicy.allowedScopes;
  if ((desktop.registration ?? DEMO.desktop.registration) !== 'dcr' && desktop.callbackPort === DEFAULT_CALLBACK_PORT) delete desktop.callbackPort;
  const name = String(desktop.serverName ?? DEMO.desktop.serverName);
  if (desktop.metadataFile === defaultWindowsMetadataFile(name, env)) delete desktop.metadataFile;
  if (desktop.clientInfoFile === defaultWindowsClientInfoFile(name, env)) delete desktop.clientInfoFile;
  return answers;
}

function sameList(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => item === b[i]);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
