/**
 * The interactive part of `init`: which files, then the questions of the table in order, each
 * skipped when its flag was given or when the chosen files and earlier answers make it moot. The
 * answers are judged as they are typed (the field checks resolveDeployment uses) and once more
 * as a whole by resolveDeployment itself; what it still refuses is asked again with its reason.
 */
import path from 'node:path';
import { describeFieldPath, type Field } from '../deployment/fields.js';
import { demoLayer, resolveDeployment, type Resolved } from '../deployment/resolve.js';
import { UsageError } from '../errors.js';
import { DESKTOP_CONFIG_FILE } from '../generators/desktop-config.js';
import { ARTIFACT_PARTS, type ArtifactPart } from '../generators/index.js';
import { layerFromFlags } from '../cli/deployment-options.js';
import type { Output } from '../cli/output.js';
import { formatValue, isOptional, NONE, parseAnswer, schemaProblem } from './field-answer.js';
import type { Prompter } from './prompter.js';
import { QUESTIONS, questionFor, type Answers, type Question, type View } from './questions.js';
import { emptyAnswers, startingPoint } from './starting-point.js';

export interface WizardRequest {
  argv: Record<string, unknown>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  prompter: Prompter;
  colors: Output['colors'];
  /** The output folder when --out-dir was not given. */
  defaultOutDir: string;
  /** --install: the desktop config is written whatever is chosen. */
  needsDesktop?: boolean;
}

export interface WizardResult extends Resolved {
  parts: ArtifactPart[];
  outDir: string;
}

export const PART_CHOICES: Record<ArtifactPart, { name: string; description: string }> = {
  'desktop-config': { name: 'Claude Desktop config', description: `${DESKTOP_CONFIG_FILE}: the mcpServers entry that runs mcp-remote` },
  'static-client': { name: 'Curity static client for the Claude web connector', description: 'curity-static-client.xml and its secret file' },
  'dcr-policy': { name: 'DCR policy', description: 'dcr-policy.json, the Curity procedure and fragment compiled from it, and the Kong route' },
};

/** Rounds of "resolve refused an answer, ask it again" before giving up with the error. */
const MAX_REASKS = 10;

export async function askDeployment(request: WizardRequest): Promise<WizardResult> {
  const { argv, cwd, env, prompter, colors: c } = request;
  const given = (field: Field) => argv[field.flag] !== undefined;
  prompter.say(
    `${c.bold('mcpauth init')} asks about your MCP deployment and writes the files for it. Enter keeps the answer in parentheses; ` +
      `every answer can also be given as a flag (mcpauth init --help). Ctrl-C stops without writing anything.\n`,
  );

  const outDirText = typeof argv['out-dir'] === 'string' ? argv['out-dir'] : await prompter.input({ message: 'Output folder', default: request.defaultOutDir, validate: (text) => text.trim() !== '' || 'needs a folder name' });
  const outDir = path.resolve(cwd, outDirText.trim());
  const start = await startingPoint(outDir, env);
  const shown = (file: string) => path.relative(cwd, file) || file;
  if (start.from) prompter.say(c.dim(`The defaults are the answers in ${shown(start.from)}.`));
  if (start.problem) prompter.say(`${c.yellow('note:')} ${start.problem}; the defaults are the built-in demo deployment's instead.`);

  const answers = start.answers;
  const flags = layerFromFlags(argv);
  for (const section of Object.keys(answers) as (keyof Answers)[]) Object.assign(answers[section], flags[section] ?? {});

  const parts = Array.isArray(argv.artifact) ? [...(argv.artifact as ArtifactPart[])] : await askParts(prompter, start.existingParts);
  if (request.needsDesktop && !parts.includes('desktop-config')) {
    parts.push('desktop-config');
    prompter.say(c.dim('--install installs the Claude Desktop entry, so its config is written too.'));
  }
  const view = (): View => wizardView(answers, parts, cwd, env);
  await checkFlags(view(), given);

  const ask = async (question: Question) => {
    const v = view();
    const { field } = question;
    const current = v.values[field.section][field.key];
    const derived = question.derived?.(v);
    const fallback = current ?? derived ?? (await question.suggest?.(v));
    const help = question.help?.(v);
    if (help) prompter.say(c.dim(help));
    const message = typeof question.message === 'function' ? question.message(v) : (question.message ?? field.describe);
    let value: unknown;
    if (field.type === 'boolean') {
      value = await prompter.confirm({ message, default: Boolean(fallback) });
    } else if (field.choices) {
      const choices = field.choices.map((choice) => ({ value: choice, name: question.choices?.[choice]?.name ?? choice, description: question.choices?.[choice]?.description }));
      value = await prompter.select({ message, choices, default: fallback });
    } else {
      // "none" leaves an optional field out; for a derived one that is the default already.
      const hint = isOptional(field) && !question.required && question.derived === undefined && fallback !== undefined ? c.dim(` ("${NONE}" for none)`) : '';
      const text = await prompter.input({
        message: `${message}${hint}`,
        default: formatValue(fallback),
        validate: async (typed) => (await judgeAnswer(question, typed, view())) ?? true,
        completeFrom: question.completesPaths?.(v) ? cwd : undefined,
      });
      value = (parseAnswer(field, text) as { value: unknown }).value;
    }
    const section = answers[field.section];
    if (value === undefined || (derived !== undefined && sameValue(value, derived))) delete section[field.key];
    else section[field.key] = value;
  };

  const asked = new Set<Question>();
  let group: string | undefined;
  for (const question of QUESTIONS) {
    if (given(question.field)) continue;
    const v = view();
    if (!question.when(v)) {
      if (question.dropWhenSkipped?.(v)) delete answers[question.field.section][question.field.key];
      continue;
    }
    if (question.group !== group) {
      group = question.group;
      prompter.say(`\n${c.bold(group)}`);
    }
    await ask(question);
    asked.add(question);
  }

  // resolveDeployment is the judge of the whole: what it refuses is asked again, with its reason.
  for (let round = 0; ; round++) {
    try {
      const caAsked = [...asked].some((question) => question.field.key === 'caCert');
      const resolved = await resolveDeployment([answers], { cwd, env, discoverCaCert: !caAsked });
      return { ...resolved, parts, outDir };
    } catch (error) {
      if (!(error instanceof UsageError) || round >= MAX_REASKS) throw error;
      const question = questionNamedIn(error.message);
      if (!question || given(question.field)) throw error;
      prompter.say(`\n${c.red('✖')} ${error.message}`);
      await ask(question);
      asked.add(question);
    }
  }
}

async function askParts(prompter: Prompter, existing: ArtifactPart[]): Promise<ArtifactPart[]> {
  const preselected = existing.length > 0 ? existing : ARTIFACT_PARTS;
  return prompter.checkbox({
    message: 'Which files should init write? (deployment.json, the answers, is always written)',
    required: true,
    choices: ARTIFACT_PARTS.map((part) => ({ value: part, ...PART_CHOICES[part], checked: preselected.includes(part) })),
  });
}

/** The reason to show for a typed answer, or undefined when it is accepted. */
export async function judgeAnswer(question: Question, text: string, view: View): Promise<string | undefined> {
  const parsed = parseAnswer(question.field, text);
  if (parsed.problem !== undefined) return parsed.problem;
  if (parsed.value === undefined) return question.required ? 'needs an answer' : undefined;
  return schemaProblem(question.field, parsed.value) ?? (await question.check?.(parsed.value, view));
}

/** Flags skip their questions, so they are judged up front by the same checks, with the flag named. */
async function checkFlags(view: View, given: (field: Field) => boolean): Promise<void> {
  for (const question of QUESTIONS) {
    const { field } = question;
    if (!given(field)) continue;
    const value = view.values[field.section][field.key];
    const problem = schemaProblem(field, value) ?? (await question.check?.(value, view));
    if (problem) throw new UsageError(`${describeFieldPath([field.section, field.key])}: ${problem}`);
  }
}

/** resolveDeployment names a field as `--flag (section.key)`; the first one named is the one to ask again. */
function questionNamedIn(message: string): Question | undefined {
  const named = /\((server|authorizationServer|desktop|staticClient|dcrPolicy)\.([A-Za-z]+)\)/.exec(message);
  return named ? questionFor(named[1], named[2]) : undefined;
}

/** What the questions see: the answers over the demo deployment. */
export function wizardView(answers: Answers, parts: readonly ArtifactPart[], cwd: string, env: NodeJS.ProcessEnv): View {
  return { parts: new Set(parts), values: overlay(demoLayer() as Answers, answers), cwd, env };
}

function overlay(bottom: Answers, top: Answers): Answers {
  const out = emptyAnswers();
  for (const section of Object.keys(out) as (keyof Answers)[]) {
    for (const layer of [bottom, top]) {
      for (const [key, value] of Object.entries(layer[section] ?? {})) if (value !== undefined) out[section][key] = value;
    }
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
