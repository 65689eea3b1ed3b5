/** `mcpauth generate <artifact>`: the artifacts from flags and/or --from, with no questions. */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { resolveDeployment } from '../../deployment/resolve.js';
import { ARTIFACT_KINDS, generate, type ArtifactKind } from '../../generators/index.js';
import { UsageError } from '../../errors.js';
import { deploymentLayers, withDeploymentOptions } from '../deployment-options.js';
import type { CommandContext } from '../context.js';
import { writeArtifacts } from '../write-artifacts.js';

export const DEFAULT_OUT_DIR = 'mcpauth-out';

export function generateCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'generate <artifact>',
    describe: 'Write one artifact (or all) from flags or a deployment file, without questions',
    builder: (yargs: Argv) =>
      withDeploymentOptions(
        yargs
          .positional('artifact', { choices: ARTIFACT_KINDS, describe: 'What to generate' })
          .option('from', { type: 'string', requiresArg: true, describe: 'Deployment file (deployment.json) to start from; flags override it' })
          .option('out', { type: 'string', requiresArg: true, describe: 'File to write (single artifact; default: standard output)' })
          .option('out-dir', { type: 'string', requiresArg: true, describe: `Folder for "all" (default: ./${DEFAULT_OUT_DIR})` })
          .option('check', { type: 'boolean', describe: 'Write nothing; exit 1 and show the difference when the files on disk differ' })
          .example('$0 generate desktop-config --ca-cert ./apigateway/certs/example.ca.crt', 'Print the Claude Desktop config for the demo deployment')
          .example('$0 generate desktop-config --platform win32 --ca-cert "C:\\Users\\Jane Doe\\certs\\example.ca.crt" --out claude_desktop_config.json', 'Config for a Windows computer')
          .example('$0 generate all --from deployment.json --out-dir ./out', 'Every artifact of a saved deployment')
          .example('$0 generate all --from mcpauth-out/deployment.json --check', 'CI: fail when the generated files drifted'),
      ),
    handler: async (argv) => {
      const kind = argv.artifact as ArtifactKind;
      if (kind === 'all' && argv.out !== undefined) throw new UsageError('--out names one file; use --out-dir for "generate all"');
      if (kind !== 'all' && argv['out-dir'] !== undefined) throw new UsageError(`--out-dir is for "generate all"; use --out FILE for ${kind}`);
      const cwd = process.cwd();
      const { deployment, notes } = await resolveDeployment(await deploymentLayers(argv, 'from'), { cwd });
      const artifacts = generate(kind, deployment);
      for (const note of notes) ctx.output.err(`${ctx.output.colors.yellow('note:')} ${note}`);

      if (kind !== 'all' && argv.out === undefined) {
        if (argv.check) throw new UsageError('--check compares with files on disk: give --out FILE');
        const [main, ...extra] = artifacts;
        ctx.output.out(main.content);
        if (extra.length > 0) ctx.output.err(`Also needed: ${extra.map((a) => a.name).join(', ')}; use --out FILE to write it beside the config.`);
        return;
      }
      const outFile = typeof argv.out === 'string' ? path.resolve(cwd, argv.out) : undefined;
      const outDir = path.resolve(cwd, (argv['out-dir'] as string | undefined) ?? DEFAULT_OUT_DIR);
      // With --out, the main artifact is that file and the others go beside it.
      const targetOf = outFile
        ? (a: { name: string }) => (a === artifacts[0] ? outFile : path.join(path.dirname(outFile), a.name))
        : (a: { name: string }) => path.join(outDir, a.name);
      ctx.setExitCode(await writeArtifacts({ artifacts, targetOf, check: Boolean(argv.check), cwd, output: ctx.output }));
    },
  };
}
