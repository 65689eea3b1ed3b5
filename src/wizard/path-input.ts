/**
 * A question for a path on this computer, with Tab completion as a shell does it: Tab completes
 * the last segment as far as the folder's entries agree and lists them when several remain.
 * On an empty answer Tab puts the default in the line for editing, as inquirer's input does.
 * Everything else (Enter takes the default, the reason under a refused answer) is the same.
 */
import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useKeypress, usePrefix, useState } from '@inquirer/core';
import type { Validate } from './prompter.js';

export interface PathInputConfig {
  message: string;
  default?: string;
  validate?: Validate<string>;
  /** The folder relative paths start from. */
  cwd: string;
}

/** How many entries are listed when Tab finds several. */
const SHOWN_CANDIDATES = 12;

export interface Completion {
  /** The typed path, completed as far as every candidate agrees. */
  completed: string;
  /** The entries that remain when there are several (folders end with "/"). */
  candidates: string[];
}

/** Completes the last segment of `typed` from its folder's entries; hidden entries only when asked for with a leading ".". */
export async function completePath(typed: string, cwd: string): Promise<Completion> {
  const cut = Math.max(typed.lastIndexOf('/'), path.sep === '\\' ? typed.lastIndexOf('\\') : -1) + 1;
  const folder = typed.slice(0, cut);
  const start = typed.slice(cut);
  let entries: Dirent[];
  try {
    entries = await fs.readdir(path.resolve(cwd, folder === '' ? '.' : folder), { withFileTypes: true });
  } catch {
    return { completed: typed, candidates: [] };
  }
  const names = entries
    .filter((entry) => entry.name.startsWith(start) && (start.startsWith('.') || !entry.name.startsWith('.')))
    .map((entry) => `${entry.name}${entry.isDirectory() ? '/' : ''}`)
    .sort();
  if (names.length === 0) return { completed: typed, candidates: [] };
  return { completed: folder + sharedStart(names), candidates: names.length > 1 ? names : [] };
}

function sharedStart(names: string[]): string {
  let shared = names[0];
  for (const name of names) while (!name.startsWith(shared)) shared = shared.slice(0, -1);
  return shared;
}

export const pathInput = createPrompt<string, PathInputConfig>((config, done) => {
  const theme = makeTheme();
  const [status, setStatus] = useState<'idle' | 'loading' | 'done'>('idle');
  const [defaultValue, setDefaultValue] = useState(config.default ?? '');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [listing, setListing] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });

  useKeypress(async (key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      const answer = value || defaultValue;
      setStatus('loading');
      const verdict = config.validate ? await config.validate(answer) : true;
      if (verdict === true) {
        setValue(answer);
        setStatus('done');
        done(answer);
      } else {
        rl.write(value);
        setError(verdict || 'not a usable path');
        setListing(undefined);
        setStatus('idle');
      }
    } else if (isTabKey(key)) {
      // readline has put a tab character into the line: the line is replaced once the completion is known.
      if (!value && defaultValue) {
        rl.clearLine(0);
        setDefaultValue('');
        rl.write(defaultValue);
        setValue(defaultValue);
        return;
      }
      const { completed, candidates } = await completePath(value, config.cwd);
      rl.clearLine(0);
      rl.write(completed);
      setValue(completed);
      const more = candidates.length > SHOWN_CANDIDATES ? `  … ${candidates.length - SHOWN_CANDIDATES} more` : '';
      setListing(candidates.length > 0 ? candidates.slice(0, SHOWN_CANDIDATES).join('  ') + more : undefined);
    } else if (isBackspaceKey(key) && !value) {
      setDefaultValue('');
    } else {
      setValue(rl.line);
      setError(undefined);
      setListing(undefined);
    }
  });

  const message = theme.style.message(config.message, status);
  const shown = status === 'done' ? theme.style.answer(value) : value;
  const defaultText = defaultValue && !value && status !== 'done' ? theme.style.defaultAnswer(defaultValue) : undefined;
  // The line ends where the typed text ends, so that the cursor lands after it.
  const line = [prefix, message, defaultText, shown].filter((part) => part !== undefined).join(' ');
  const below = error ? theme.style.error(error) : listing ? theme.style.help(listing) : '';
  return [line, below];
});
