/**
 * Questions only where someone can answer them: stdin and stdout are terminals and CI is not set.
 * Anywhere else a command that needs an answer fails with a message naming the flag instead.
 * The prompt library is loaded only when a question is actually asked.
 */
import { CliError, EXIT } from '../errors.js';

export function canPrompt(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && !['', '0', 'false'].includes(env.CI.toLowerCase());
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ci;
}

export async function askYesNo(message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message, default: false });
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError') throw new CliError('interrupted; nothing was changed', EXIT.interrupted);
    throw error;
  }
}
