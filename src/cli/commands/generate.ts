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
          .option('out-dir', { type: 'string', requiresArg: true, describe: `Folder for "all" and "dcr-policy" (default for "all": ./${DEFAULT_OUT_DIR})` })
          .option('check', { type: 'boolean', describe: 'Write nothing; exit 1 and show the difference when the files on disk differ' })
          .option('policy', { type: 'string', requiresArg: true, describe: 'A reviewed dcr-policy.json to compile (dcr-policy, all) instead of the policy derived from the deployment' })
          .example('$0 generate desktop-config --ca-cert ./apigateway/certs/example.ca.crt', 'Print the Claude Desktop config for the demo deployment')
          .example('$0 generate desktop-config --platform win32 --ca-cert "C:\\Users\\Jane Doe\\certs\\example.ca.crt" --out claude_desktop_config.json', 'Config for a Windows computer')
          .example('$0 generate all --from deployment.json --out-dir ./out', 'Every artifact of a saved deployment')
          .example('$0 generate dcr-policy --out-dir ./curity', 'The DCR policy, the Curity procedure and fragment, and the Kong route')
          .example('$0 generate dcr-policy --policy reviewed/dcr-policy.json --out-dir ./curity', 'Compile a policy you edited and reviewed')
          .example('$0 generate all --from mcpauth-out/deployment.json --check', 'CI: fail when the generated files drifted'),
      ),
    handler: async (argv) => {
      const kind = argv.artifact as ArtifactKind;
      const manyFiles = kind === 'all' || kind === 'dcr-policy';
      if (kind === 'all' && argv.out !== undefined) throw new UsageError('--out names one file; use --out-dir for "generate all"');
      if (!manyFiles && argv['out-dir'] !== undefined) throw new UsageError(`--out-dir is for "generate all" and "generate dcr-policy"; use --out FILE for ${kind}`);
      if (argv.out !== undefined && argv['out-dir'] !== undefined) throw new UsageError('give --out FILE or --out-dir DIR, not both');
      if (argv.policy !== undefined && !manyFiles) throw new UsageError(`--policy is for "generate dcr-policy" and "generate all", not ${kind}`);
      const cwd = process.cwd();
      const { deployment, notes } = await resolveDeployment(await deploymentLayers(argv, 'from'), { cwd });
      const dcrPolicy = typeof argv.policy === 'string' ? await (await import('../../policy/load.js')).loadPolicyFile(path.resolve(cwd, argv.policy)) : undefined;
      const artifacts = generate(kind, deployment, { dcrPolicy });
      // The notes are about the desktop entry (its CA certificate); the DCR files do not depend on them.
      if (kind !== 'dcr-policy') for (const note of notes) ctx.output.err(`${ctx.output.colors.yellow('note:')} ${note}`);

      if (kind !== 'all' && argv.out === undefined && argv['out-dir'] === undefined) {
        if (argv.check) throw new UsageError(`--check compares with files on disk: give ${manyFiles ? '--out-dir DIR' : '--out FILE'}`);
        const [main, ...extra] = artifacts;
        ctx.output.out(main.content);
        const how = manyFiles ? 'use --out-dir DIR to write every file' : 'use --out FILE to write it beside the config';
        if (extra.length > 0) ctx.output.err(`Also needed: ${extra.map((a) => a.name).join(', ')}; ${how}.`);
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
