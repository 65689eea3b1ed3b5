/**
 * The four kinds of question the wizard asks, behind one small interface: the terminal
 * implementation loads @inquirer/prompts only when it is created (so `init --yes` and every other
 * command never load it), and tests pass the same real prompts rendered on a virtual screen.
 */
export interface Choice<V> {
  value: V;
  name: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  checked?: boolean;
}

export type Validate<T> = (value: T) => true | string | Promise<true | string>;

export interface Prompter {
  /** With `completeFrom` (a folder), Tab completes a path on this computer. */
  input(config: { message: string; default?: string; validate?: Validate<string>; completeFrom?: string }): Promise<string>;
  select<V>(config: { message: string; choices: Choice<V>[]; default?: V }): Promise<V>;
  checkbox<V>(config: { message: string; choices: Choice<V>[]; required?: boolean }): Promise<V[]>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
  /** Text between questions: section headings, explanations, the summary and diffs. */
  say(text: string): void;
}

/** The real prompts on this process's terminal. */
export async function terminalPrompter(): Promise<Prompter> {
  const prompts = await import('@inquirer/prompts');
  return {
    input: async ({ completeFrom, ...config }) =>
      completeFrom === undefined ? prompts.input(config) : (await import('./path-input.js')).pathInput({ ...config, cwd: completeFrom }),
    select: (config) => prompts.select(config),
    checkbox: (config) => prompts.checkbox(config),
    confirm: (config) => prompts.confirm(config),
    say: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** Ctrl-C (or a closed terminal) inside a prompt: inquirer rejects with ExitPromptError. */
export function isPromptExit(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ExitPromptError';
}

/**
 * Why questions cannot be asked here, or undefined when they can: someone must be able to type
 * (stdin a terminal) and to see the questions (stdout a terminal).
 */
export function terminalProblem(stdin: { isTTY?: boolean } = process.stdin, stdout: { isTTY?: boolean } = process.stdout): string | undefined {
  if (!stdin.isTTY) return 'standard input is not a terminal';
  if (!stdout.isTTY) return 'standard output is not a terminal';
  return undefined;
}
