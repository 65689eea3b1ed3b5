/** `mcpauth init`: ask about the deployment once (or take the demo with --yes) and write every artifact. */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { readAllStdin } from '../../deployment/load.js';
import { resolveDeployment } from '../../deployment/resolve.js';
import { UsageError } from '../../errors.js';
import { generate } from '../../generators/index.js';
import { STATIC_CLIENT_FILE } from '../../generators/file-names.js';
import { secretMessages, settleClientSecret } from '../client-secret.js';
import { deploymentLayers, withDeploymentOptions } from '../deployment-options.js';
import type { CommandContext } from '../context.js';
import { nextSteps } from '../next-steps.js';
import { writeArtifacts } from '../write-artifacts.js';
import { withConfigOption } from '../config-target.js';
import { installEntry } from '../install-flow.js';
import { entryFromDeployment } from '../../install/entry-source.js';
import { DEFAULT_OUT_DIR } from './generate.js';

export function initCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'init',
    describe: 'Answer a few questions (or take the demo with --yes) and write every file',
    builder: (yargs: Argv) =>
      withConfigOption(
        withDeploymentOptions(
          yargs
            .option('yes', { alias: 'y', type: 'boolean', describe: 'Accept every default (the built-in demo deployment); ask nothing' })
            .option('answers', { type: 'string', requiresArg: true, describe: 'Deployment file with the answers ("-" for standard input)' })
            .option('out-dir', { type: 'string', requiresArg: true, describe: `Folder to write to (default: ./${DEFAULT_OUT_DIR})` })
            .option('install', { type: 'boolean', describe: "Then put the entry into Claude Desktop's config, as \"mcpauth install\" does" })
            .option('force', { type: 'boolean', describe: 'With --install: replace a different entry of the same name (a backup is kept)' })
            .option('secret-stdin', { type: 'boolean', group: 'Curity static client:', describe: 'Read the static client secret from standard input instead of generating one' })
            .example('$0 init --yes', 'Write the files for the built-in demo deployment into ./mcpauth-out')
            .example('$0 init --yes --registration static', 'Enterprise mode: one public Curity client for every Claude Desktop, callback port 3334')
            .example('$0 init --yes --static-client-scope openid --static-client-scope stocks/read', "The static client's scopes (--scope is what mcp-remote asks for)")
            .example('$0 init --yes --ca-cert ./apigateway/certs/example.ca.crt --out-dir ./claude', 'The demo, with the CA certificate given')
            .example('$0 init --answers deployment.json', 'Take the answers from a saved deployment')
            .example('$0 init --yes --install', "Write the demo's files and install its entry into this computer's Claude Desktop"),
        ),
      ),
    handler: async (argv) => {
      if (!argv.yes && argv.answers === undefined) {
        throw new UsageError('init needs answers: run it with --yes (the built-in demo deployment) or --answers FILE (a deployment.json, "-" for standard input)');
      }
      if (argv['secret-stdin'] && argv.answers === '-') throw new UsageError('--answers - and --secret-stdin both read standard input; give the answers in a file');
      if (!argv.install && (argv.config !== undefined || argv.force)) throw new UsageError('--config and --force belong to --install; add --install or leave them out');
      const cwd = process.cwd();
      const { deployment, notes } = await resolveDeployment(await deploymentLayers(argv, 'answers'), { cwd, discoverCaCert: true });
      const outDir = path.resolve(cwd, (argv['out-dir'] as string | undefined) ?? DEFAULT_OUT_DIR);
      const shownDir = path.relative(cwd, outDir) || '.';
      const secret = await settleClientSecret(deployment, {
        xmlTarget: path.join(outDir, STATIC_CLIENT_FILE),
        secretDir: outDir,
        fromStdin: Boolean(argv['secret-stdin']),
        readStdin: readAllStdin,
        cwd,
      });
      const artifacts = await generate('all', deployment, { clientSecret: secret });
      ctx.output.err(`Writing the files for "${deployment.desktop.serverName}" (${deployment.server.url}) to ${shownDir}/`);
      const code = await writeArtifacts({ artifacts, targetOf: (a) => path.join(outDir, a.name), check: false, cwd, output: ctx.output });
      const c = ctx.output.colors;
      for (const note of notes) ctx.output.err(`${c.yellow('note:')} ${note}`);
      const shown = (file: string) => path.relative(cwd, file) || file;
      for (const message of secretMessages(secret, deployment, shown, path.join(shownDir, STATIC_CLIENT_FILE))) ctx.output.err(message);
      if (argv.install) {
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
      } else {
        ctx.output.err('\nNext steps:');
        nextSteps(deployment, shownDir).forEach((step, i) => ctx.output.err(`  ${i + 1}. ${step}`));
      }
      ctx.setExitCode(code);
    },
  };
}
