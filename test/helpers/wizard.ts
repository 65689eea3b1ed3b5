/**
 * Drives the wizard in-process with the real @inquirer/prompts, each rendered on the virtual
 * screen of @inquirer/testing. A script maps a question (a pattern of its screen) to what the user
 * does there; every other question gets Enter, as a user who accepts the defaults would press it.
 */
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import pc from 'picocolors';
import type { Output } from '../../src/cli/output.js';
import { pathInput } from '../../src/wizard/path-input.js';
import type { Prompter } from '../../src/wizard/prompter.js';

export type Rendered = Awaited<ReturnType<typeof render>>;
export type Action = (prompt: Rendered) => Promise<void> | void;

export interface Driven {
  prompter: Prompter;
  /** The first screen of every question asked, in order. */
  asked: string[];
  /** Everything said between the questions (headings, help, summary, diffs). */
  said: string[];
  /** Script entries never used: a test usually expects none. */
  unused(): RegExp[];
}

const ANSWER_TIMEOUT_MS = 5000;

export function drive(script: [RegExp, Action][] = []): Driven {
  const pending = [...script];
  const asked: string[] = [];
  const said: string[] = [];
  const run = async <T>(prompt: (config: never) => Promise<T>, config: unknown): Promise<T> => {
    const rendered = await render(prompt as never, config as never);
    const screen = rendered.getScreen();
    asked.push(screen);
    const index = pending.findIndex(([pattern]) => pattern.test(screen));
    if (index >= 0) {
      const [[, action]] = pending.splice(index, 1);
      await action(rendered as Rendered);
    } else {
      rendered.events.keypress('enter');
    }
    // A refused answer leaves the question open: fail with its screen instead of hanging.
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`question still open after ${ANSWER_TIMEOUT_MS} ms:\n${rendered.getScreen()}`)), ANSWER_TIMEOUT_MS);
    });
    try {
      return (await Promise.race([rendered.answer, stuck])) as T;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    prompter: {
      input: ({ completeFrom, ...config }) => (completeFrom === undefined ? run(input as never, config) : run(pathInput as never, { ...config, cwd: completeFrom })),
      select: (config) => run(select as never, config),
      checkbox: (config) => run(checkbox as never, config),
      confirm: (config) => run(confirm as never, config),
      say: (text) => said.push(text),
    },
    asked,
    said,
    unused: () => pending.map(([pattern]) => pattern),
  };
}

/** Type an answer and press Enter. */
export const answer =
  (text: string): Action =>
  (prompt) => {
    prompt.events.type(text);
    prompt.events.keypress('enter');
  };

/** Clear what the question holds (Ctrl-U), then type an answer and press Enter. */
export const replaceWith =
  (text: string): Action =>
  (prompt) => {
    prompt.events.keypress({ name: 'u', ctrl: true });
    answer(text)(prompt);
  };

/**
 * Type a refused answer, check that the reason is shown and the question stays, then do `then`.
 * This is what "asked again with the reason" looks like on the screen.
 */
export const refusedThen =
  (bad: string, reason: RegExp, then: Action, seen?: (screen: string) => void): Action =>
  async (prompt) => {
    replaceWith(bad)(prompt);
    // Checks that read files settle later: wait for the reason (or give up and show the screen).
    let screen = prompt.getScreen();
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (!reason.test(screen) && Date.now() < deadline) {
      await Promise.race([prompt.nextRender(), new Promise((resolve) => setTimeout(resolve, 100))]);
      screen = prompt.getScreen();
    }
    seen?.(screen);
    if (!reason.test(screen)) throw new Error(`expected ${reason} on the screen after answering "${bad}", got:\n${screen}`);
    await then(prompt);
  };

/** Move through a select or checkbox list until the highlighted line matches, then press Enter. */
export const choose =
  (line: RegExp): Action =>
  (prompt) => {
    for (let i = 0; i < 20; i++) {
      const current = prompt.getScreen().split('\n').find((l) => l.startsWith('❯'));
      if (current && line.test(current)) {
        prompt.events.keypress('enter');
        return;
      }
      prompt.events.keypress('down');
    }
    throw new Error(`no choice matches ${line}:\n${prompt.getScreen()}`);
  };

/** Choose with the arrow keys in a yes/no question. */
export const no: Action = (prompt) => answer('n')(prompt);
export const yes: Action = (prompt) => answer('y')(prompt);

/** Ctrl-C inside the question. */
export const interrupt: Action = (prompt) => prompt.events.keypress({ name: 'c', ctrl: true });

/** An Output that keeps what a command prints, without colour. */
export function captureOutput(): { output: Output; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { output: { out: (t) => out.push(t), err: (t) => err.push(t), colors: pc.createColors(false) }, out, err };
}

/** Press these keys in order (names as readline gives them: "down", "space", "enter"). */
export const keys =
  (...names: string[]): Action =>
  (prompt) => {
    for (const name of names) prompt.events.keypress(name);
  };
