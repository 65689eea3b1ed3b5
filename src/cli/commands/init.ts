/** `mcpauth init`: the wizard on a terminal; --yes (the demo) or --answers FILE anywhere; --install then installs the entry. */
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { ARTIFACT_PARTS, DEFAULT_OUT_DIR } from '../../generators/parts.js';
import { terminalPrompter, terminalProblem } from '../../wizard/prompter.js';
import { withConfigOption } from '../config-target.js';
import { withDeploymentOptions } from '../deployment-options.js';
import type { CommandContext } from '../context.js';

export function initCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'init',
    describe: 'Answer a few questions (or take the demo with --yes) and write the files',
    builder: (yargs: Argv) =>
      withConfigOption(
        withDeploymentOptions(
          yargs
            .option('yes', { alias: 'y', type: 'boolean', describe: 'Accept every default (the built-in demo deployment) and replace changed files; ask nothing' })
            .option('answers', { type: 'string', requiresArg: true, describe: 'Deployment file with the answers ("-" for standard input); ask nothing' })
            .option('out-dir', { type: 'string', requiresArg: true, describe: `Folder to write to (default: ./${DEFAULT_OUT_DIR})` })
            .option('artifact', {
              type: 'string',
              array: true,
              choices: ARTIFACT_PARTS,
              requiresArg: true,
              describe: 'Files to write (repeatable; default: all three); deployment.json is always written',
            })
            .option('install', { type: 'boolean', describe: "Then put the entry into Claude Desktop's config, as \"mcpauth install\" does" })
            .option('force', { type: 'boolean', describe: 'Replace without asking: changed files in the output folder and, with --install, a different entry of the same name (backups are kept)' })
            .option('secret-stdin', { type: 'boolean', group: 'Curity static client:', describe: 'Read the static client secret from standard input instead of generating one' })
            .example('$0 init', 'Ask the questions on this terminal, show a summary and the diffs, then write')
            .example('$0 init --registration static --platform win32', 'Ask everything else; these two answers are given')
            .example('$0 init --yes', 'Write the files for the built-in demo deployment into ./mcpauth-out')
            .example('$0 init --yes --registration static', 'Enterprise mode: one public Curity client for every Claude Desktop, callback port 3334')
            .example('$0 init --yes --artifact desktop-config', 'Only the Claude Desktop config (and deployment.json)')
            .example('$0 init --yes --static-client-scope openid --static-client-scope stocks/read', "The static client's scopes (--scope is what mcp-remote asks for)")
            .example('$0 init --yes --ca-cert ./apigateway/certs/example.ca.crt --out-dir ./claude', 'The demo, with the CA certificate given')
            .example('$0 init --answers deployment.json --force', 'Take the answers from a saved deployment; replace changed files')
            .example('$0 init --yes --install', "Write the demo's files and install its entry into this computer's Claude Desktop"),
        ),
      ),
    handler: async (argv) => {
      const interactive = !argv.yes && argv.answers === undefined;
      if (interactive) {
        // Refuse at once where nobody can answer: never wait for input that cannot come.
        const problem = terminalProblem();
        if (problem) {
          throw new UsageError(
            `init asks its questions on a terminal, and ${problem}: run it with --yes (the built-in demo deployment, flags override it) or --answers FILE (a deployment.json, "-" for standard input)`,
          );
        }
        if (argv['secret-stdin']) throw new UsageError('--secret-stdin reads standard input, which the questions need; use --secret-file FILE, or --answers FILE with --secret-stdin');
      }
      if (argv['secret-stdin'] && argv.answers === '-') throw new UsageError('--answers - and --secret-stdin both read standard input; give the answers in a file');
      if (!argv.install && argv.config !== undefined) throw new UsageError('--config belongs to --install; add --install or leave it out');
      const cwd = process.cwd();
      // The model, generators and writers load only now, after the terminal check above.
      const { confirmOnTerminal, runInit } = await import('../init-run.js');
      const code = await runInit({
        argv,
        cwd,
        env: process.env,
        output: ctx.output,
        defaultOutDir: DEFAULT_OUT_DIR,
        prompter: interactive ? await terminalPrompter() : undefined,
        confirmPrompter: confirmOnTerminal,
        install: argv.install
          ? async (deployment) => {
              const [{ installEntry }, { entryFromDeployment }] = [await import('../install-flow.js'), await import('../../install/entry-source.js')];
              ctx.output.err('');
              // --yes means "ask nothing": replacing a different entry then needs --force.
              await installEntry(ctx, entryFromDeployment(deployment), {
                config: argv.config as string | undefined,
                dryRun: false,
                force: Boolean(argv.force),
                mayPrompt: !argv.yes,
                cwd,
                env: process.env,
              });
            }
          : undefined,
      });
      ctx.setExitCode(code);
    },
  };
}
