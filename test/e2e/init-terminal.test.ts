/**
 * Issue 8 in a real terminal: the built CLI runs in a tmux pane (a pseudo-terminal, as a user's
 * shell gives it), and the test reads the screen and presses keys as a person would. Needs tmux;
 * .ci/run installs it, and without it these tests are skipped with a message.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { compareOutDirs } from '../helpers/out-dir.js';

const OUT = 'mcpauth-out';
const SOCKET = `mcpauth-test-${process.pid}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('tmux is not installed: the real-terminal tests of mcpauth init are skipped (apt-get install tmux; .ci/run does it).');

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  return r.stdout ?? '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Session {
  name: string;
  rcFile: string;
  screen(): string;
  exitCode(): number | undefined;
}

let sessions = 0;

/** Starts `mcpauth ARGS` in a new 160×48 tmux window in `cwd`; its exit code goes to a file elsewhere. */
function start(cwd: string, args: string[] = []): Session {
  const name = `init${++sessions}`;
  const rcFile = path.join(tempDir('mcpauth-rc-'), 'rc');
  const command = ['env', '-u', 'CI', process.execPath, BIN, 'init', ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  // The pane stays a while after init exits, so that its last screen can be read; the test then closes it.
  tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '48', '-c', cwd, `${command}; echo $? > '${rcFile}'; sleep 120`);
  return {
    name,
    rcFile,
    screen: () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name),
    exitCode: () => (existsSync(rcFile) && readFileSync(rcFile, 'utf8').trim() !== '' ? Number(readFileSync(rcFile, 'utf8')) : undefined),
  };
}

interface Step {
  /** The open question this step is for (its "? …" line). */
  question: RegExp;
  /** tmux send-keys arguments, one group at a time; a pattern waits until the screen shows it. */
  keys: (string[] | RegExp)[];
}

async function waitFor(session: Session, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(session.screen())) {
    if (Date.now() > deadline) throw new Error(`${pattern} never appeared; screen:\n${session.screen()}`);
    await sleep(100);
  }
}

/**
 * Answers every question as it opens: the script's keys for the questions it names, Enter for
 * the others. A question is open when its "? " line is the last prompt line and the number of
 * answered ("✔ ") lines equals the answers given.
 */
async function answerAll(session: Session, script: Step[] = [], timeoutMs = 90_000): Promise<{ code: number; screen: string; questions: string[] }> {
  const deadline = Date.now() + timeoutMs;
  const pending = [...script];
  const questions: string[] = [];
  let answered = 0;
  for (;;) {
    const code = session.exitCode();
    if (code !== undefined) {
      const screen = session.screen();
      tmux('kill-session', '-t', session.name);
      return { code, screen, questions };
    }
    if (Date.now() > deadline) throw new Error(`init did not finish in ${timeoutMs} ms; screen:\n${session.screen()}`);
    const lines = session.screen().split('\n');
    const lastOpen = lines.map((l) => l.startsWith('? ')).lastIndexOf(true);
    const done = lines.filter((l) => l.startsWith('✔ ')).length;
    if (lastOpen > lines.map((l) => l.startsWith('✔ ')).lastIndexOf(true) && done === answered) {
      const question = lines[lastOpen];
      questions.push(question);
      const index = pending.findIndex((step) => step.question.test(question));
      const keys = index >= 0 ? pending.splice(index, 1)[0].keys : [['Enter']];
      for (const group of keys) {
        if (group instanceof RegExp) await waitFor(session, group);
        else tmux('send-keys', '-t', session.name, ...group);
        await sleep(150);
      }
      answered++;
    }
    await sleep(100);
  }
}

afterAll(() => {
  if (hasTmux) tmux('kill-server');
});

const describeTerminal = hasTmux ? describe : describe.skip;

describeTerminal('mcpauth init in a real terminal (tmux)', () => {
  test('Enter at every question finishes and writes the same files as init --yes', async () => {
    const yesDir = tempDir();
    expect(runCli(['init', '--yes'], { cwd: yesDir }).code).toBe(0);
    const dir = tempDir();
    mkdirSync(path.join(dir, OUT));
    copyFileSync(path.join(yesDir, OUT, 'claude-client.secret'), path.join(dir, OUT, 'claude-client.secret'));

    const run = await answerAll(start(dir));
    expect(run.code).toBe(0);
    expect(run.questions.length).toBeGreaterThan(20);
    expect(run.screen).toMatch(/Summary/);
    expect(compareOutDirs(path.join(yesDir, OUT), path.join(dir, OUT))).toEqual({ onlyLeft: [], onlyRight: [], differing: [] });
  }, 120_000);

  test('an invalid URL is refused with its reason and asked again', async () => {
    const dir = tempDir();
    const run = await answerAll(start(dir), [
      {
        question: /MCP server URL/,
        // The reason appears under the question, which stays open for another answer.
        keys: [['-l', 'ftp://mcp.example.com'], ['Enter'], /^\? MCP server URL.*\n> "ftp:\/\/mcp\.example\.com" uses the scheme "ftp" \(https is required\)/m, ['C-u'], ['-l', 'https://mcp.example.com'], ['Enter']],
      },
    ]);
    expect(run.code).toBe(0);
    expect(run.screen).toMatch(/✔ MCP server URL https:\/\/mcp\.example\.com/);
    expect(JSON.parse(readFileSync(path.join(dir, OUT, 'deployment.json'), 'utf8')).server.url).toBe('https://mcp.example.com');
  }, 120_000);

  test('--answers on a terminal shows the diff and asks before replacing a changed file', async () => {
    const dir = tempDir();
    expect(runCli(['init', '--yes'], { cwd: dir }).code).toBe(0);
    const answers = path.join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ kind: 'mcpauth/deployment', version: 1, server: { url: 'https://changed.example' } }));
    const run = await answerAll(start(dir, ['--answers', answers]));
    expect(run.code).toBe(0);
    // Only the confirmation was asked.
    expect(run.questions).toEqual([expect.stringMatching(/^\? Write \d+ file\(s\), replacing \d+/)]);
    expect(run.screen).toMatch(/^\+\s+"https:\/\/changed\.example",$/m);
    expect(JSON.parse(readFileSync(path.join(dir, OUT, 'deployment.json'), 'utf8')).server.url).toBe('https://changed.example');
  }, 120_000);

  test('Ctrl-C exits 130 and writes nothing', async () => {
    const dir = tempDir();
    const run = await answerAll(start(dir), [{ question: /Which files/, keys: [['C-c']] }]);
    expect(run.code).toBe(130);
    expect(run.screen).toMatch(/interrupted; nothing was written/);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});
