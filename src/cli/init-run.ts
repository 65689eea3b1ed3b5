/**
 * What `init` does once its options are parsed, for the wizard and for --yes / --answers alike:
 * settle the deployment, generate the chosen files, plan the writes, let the user review them
 * (or apply the non-interactive rule), then write. Nothing touches the disk before the review.
 */
import path from 'node:path';
import { MAX_SECRET_INPUT_BYTES } from '../crypto/client-secret.js';
import { readStdinText } from '../fsx/stdin.js';
import type { Deployment } from '../deployment/model.js';
import { resolveDeployment, type Resolved } from '../deployment/resolve.js';
import { CliError, EXIT, FailureError } from '../errors.js';
import { planWrites, type PlannedWrite } from '../fsx/write-plan.js';
import { DESKTOP_CONFIG_FILE } from '../generators/desktop-config.js';
import { CIMD_DOCUMENT_FILE, EPHEMERAL_CLIENT_FILE, STATIC_CLIENT_FILE } from '../generators/file-names.js';
import { ARTIFACT_PARTS, generateParts, neededParts, type ArtifactPart } from '../generators/index.js';
import { isPromptExit, terminalPrompter, terminalProblem, type Prompter } from '../wizard/prompter.js';
import { secretMessages, settleClientSecret } from './client-secret.js';
import { deploymentLayers } from './deployment-options.js';
import { nextSteps } from './next-steps.js';
import type { Output } from './output.js';
import { applyAndReport } from './write-artifacts.js';

export interface InitRun {
  argv: Record<string, unknown>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: Output;
  defaultOutDir: string;
  /** Ask the questions with it (the wizard); absent with --yes or --answers. */
  prompter?: Prompter;
  /** Where a confirmation comes from when --answers would replace files on a terminal. */
  confirmPrompter?: () => Promise<Prompter | undefined>;
  /** --install: put the entry into Claude Desktop's config once the files are written (instead of the next steps). */
  install?: (deployment: Deployment) => Promise<void>;
}

export async function runInit(run: InitRun): Promise<number> {
  try {
    return await initFlow(run);
  } catch (error) {
    // Ctrl-C inside a question: nothing has been written yet.
    if (isPromptExit(error)) throw new CliError('interrupted; nothing was written', EXIT.interrupted);
    throw error;
  }
}

async function initFlow(run: InitRun): Promise<number> {
  const { argv, cwd, output } = run;
  const c = output.colors;
  let settled: Resolved & { parts: readonly ArtifactPart[]; outDir: string };
  if (run.prompter) {
    const { askDeployment } = await import('../wizard/ask.js');
    settled = await askDeployment({ argv, cwd, env: run.env, prompter: run.prompter, colors: c, defaultOutDir: run.defaultOutDir, needsDesktop: run.install !== undefined });
  } else {
    const resolved = await resolveDeployment(await deploymentLayers(argv, 'answers'), { cwd, env: run.env, discoverCaCert: true });
    const parts = Array.isArray(argv.artifact) ? (argv.artifact as ArtifactPart[]) : ARTIFACT_PARTS;
    settled = { ...resolved, parts, outDir: path.resolve(cwd, typeof argv['out-dir'] === 'string' ? argv['out-dir'] : run.defaultOutDir) };
  }
  const { deployment, notes, outDir } = settled;
  // --install installs the desktop entry, so its file is written too.
  const parts = neededParts(run.install ? [...settled.parts, 'desktop-config'] : settled.parts, deployment);
  const shownDir = path.relative(cwd, outDir) || '.';
  const xmlTarget = path.join(outDir, STATIC_CLIENT_FILE);
  const secret = parts.includes('static-client')
    ? await settleClientSecret(deployment, { xmlTarget, secretDir: outDir, fromStdin: Boolean(argv['secret-stdin']), readStdin: () => readStdinText(MAX_SECRET_INPUT_BYTES, 'the secret on standard input'), cwd })
    : undefined;
  const artifacts = await generateParts(parts, deployment, { clientSecret: secret });
  const plan = await planWrites(artifacts, (a) => path.join(outDir, a.name));

  const review = async (prompter: Prompter) => {
    for (const note of notes) prompter.say(`${c.yellow('note:')} ${note}`);
    const { reviewPlan } = await import('../wizard/review.js');
    const accepted = await reviewPlan({ plan, deployment, parts, outDir, cwd, prompter, colors: c, force: Boolean(argv.force) });
    if (!accepted) throw new FailureError('nothing was written');
  };
  if (run.prompter) {
    await review(run.prompter);
  } else if (!argv.yes && !argv.force && plan.some((step) => step.status === 'update')) {
    const prompter = await run.confirmPrompter?.();
    if (!prompter) throw new FailureError(refusal(plan, cwd));
    await review(prompter);
  }

  output.err(`Writing the files for "${deployment.desktop.serverName}" (${deployment.server.url}) to ${shownDir}/`);
  await applyAndReport(plan, cwd, output);
  if (!run.prompter) for (const note of notes) output.err(`${c.yellow('note:')} ${note}`);
  const shown = (file: string) => path.relative(cwd, file) || file;
  for (const message of secretMessages(secret, deployment, shown, path.join(shownDir, STATIC_CLIENT_FILE))) output.err(message);
  if (run.install) {
    await run.install(deployment);
    return EXIT.ok;
  }
  const steps = stepsFor(nextSteps(deployment, shownDir), new Set(artifacts.map((a) => a.name)));
  if (steps.length > 0) {
    output.err('\nNext steps:');
    steps.forEach((step, i) => output.err(`  ${i + 1}. ${step}`));
  }
  return EXIT.ok;
}

/** --answers without --yes or --force, and no terminal to ask on: existing files stay as they are. */
function refusal(plan: PlannedWrite[], cwd: string): string {
  const files = plan.filter((step) => step.status === 'update').map((step) => path.relative(cwd, step.target) || step.target);
  return `init would replace ${files.join(', ')}, and there is no terminal to confirm it on; nothing was written. Add --force to replace them (each is backed up first), or run init on a terminal to review the changes`;
}

/** The next steps that are about files this run wrote (the others belong to files not chosen). */
function stepsFor(steps: string[], written: Set<string>): string[] {
  const ownFiles = [DESKTOP_CONFIG_FILE, STATIC_CLIENT_FILE, CIMD_DOCUMENT_FILE, EPHEMERAL_CLIENT_FILE];
  const desktopSteps = written.has(DESKTOP_CONFIG_FILE);
  return steps.filter((step) => {
    const named = ownFiles.filter((file) => step.includes(file));
    if (named.length > 0) return named.every((file) => written.has(file));
    // The remaining steps are about Claude Desktop (copy the @files, restart it, ~/.mcp-auth).
    return desktopSteps;
  });
}

/** The confirmation for --answers on a terminal; none elsewhere. */
export async function confirmOnTerminal(): Promise<Prompter | undefined> {
  return terminalProblem() ? undefined : terminalPrompter();
}
