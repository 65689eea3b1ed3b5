/** `mcpauth generate <artifact>`: the artifacts from flags and/or --from, with no questions. */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { STATIC_CLIENT_COMMAND_FLAGS } from '../../deployment/fields.js';
import { MAX_SECRET_INPUT_BYTES } from '../../crypto/client-secret.js';
import { readStdinText } from '../../fsx/stdin.js';
import { resolveDeployment } from '../../deployment/resolve.js';
import { ARTIFACT_KINDS, generate, type ArtifactKind } from '../../generators/index.js';
import { DEFAULT_OUT_DIR } from '../../generators/parts.js';
import { STATIC_CLIENT_FILE } from '../../generators/file-names.js';
import { UsageError } from '../../errors.js';
import { secretMessages, settleClientSecret } from '../client-secret.js';
import { deploymentLayers, withDeploymentOptions } from '../deployment-options.js';
import type { CommandContext } from '../context.js';
import { writeArtifacts } from '../write-artifacts.js';

export { DEFAULT_OUT_DIR };

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
          .option('secret-stdin', { type: 'boolean', group: 'Curity static client:', describe: 'Read the static client secret from standard input instead of generating one' })
          .option('policy', { type: 'string', requiresArg: true, describe: 'A reviewed dcr-policy.json to compile (dcr-policy, all) instead of the policy derived from the deployment' })
          .example('$0 generate desktop-config --ca-cert ./apigateway/certs/example.ca.crt', 'Print the Claude Desktop config for the demo deployment')
          .example('$0 generate desktop-config --platform win32 --ca-cert "C:\\Users\\Jane Doe\\certs\\example.ca.crt" --out claude_desktop_config.json', 'Config for a Windows computer')
          .example('$0 generate static-client --out curity/claude-client.xml', 'The Curity client of the Claude web connector; its new secret goes to curity/claude-client.secret')
          .example('$0 generate static-client --client-id acme --scope openid --scope acme/read --public', 'A public client; in this command --scope and --client-name describe the static client')
          .example('$0 generate all --registration static --callback-port 3334', 'Enterprise mode: one public Curity client, pinned in the desktop entry')
          .example('$0 generate all --registration cimd --client-metadata-url https://clients.example.com/claude.json', 'CIMD mode: the document to publish and the Curity ephemeral-client settings')
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
      if (kind !== 'static-client' && kind !== 'all' && argv['secret-stdin']) throw new UsageError('--secret-stdin is for "generate static-client" and "generate all"');
      const toStdout = kind !== 'all' && argv.out === undefined && argv['out-dir'] === undefined;
      if (toStdout && argv.check) throw new UsageError(`--check compares with files on disk: give ${manyFiles ? '--out-dir DIR' : '--out FILE'}`);
      const cwd = process.cwd();
      const renames = kind === 'static-client' ? STATIC_CLIENT_COMMAND_FLAGS : {};
      const { deployment, notes } = await resolveDeployment(await deploymentLayers(argv, 'from', renames), { cwd });
      const dcrPolicy = typeof argv.policy === 'string' ? await (await import('../../policy/load.js')).loadPolicyFile(path.resolve(cwd, argv.policy)) : undefined;

      const outFile = typeof argv.out === 'string' ? path.resolve(cwd, argv.out) : undefined;
      const outDir = path.resolve(cwd, (argv['out-dir'] as string | undefined) ?? DEFAULT_OUT_DIR);
      const xmlTarget = kind === 'all' ? path.join(outDir, STATIC_CLIENT_FILE) : kind === 'static-client' ? outFile : undefined;
      const secret =
        kind !== 'static-client' && kind !== 'all'
          ? undefined
          : await settleClientSecret(deployment, {
              xmlTarget,
              // Beside the XML; for XML on standard output, in the current folder.
              secretDir: kind === 'all' ? outDir : outFile ? path.dirname(outFile) : cwd,
              fromStdin: Boolean(argv['secret-stdin']),
              readStdin: () => readStdinText(MAX_SECRET_INPUT_BYTES, 'the secret on standard input'),
              cwd,
            });
      const artifacts = await generate(kind, deployment, { clientSecret: secret, dcrPolicy });
      if (toStdout && artifacts[0]?.secret) {
        throw new UsageError('--plaintext-secret puts the secret itself into the XML, which mcpauth does not print: write it to a file with --out FILE (mode 0600)');
      }
      // The notes are about the desktop entry (its CA certificate); the DCR files do not depend on them.
      if (kind !== 'dcr-policy') for (const note of notes) ctx.output.err(`${ctx.output.colors.yellow('note:')} ${note}`);
      const shown = (file: string) => path.relative(cwd, file) || file;
      const tellSecret = (xmlFile: string) => secretMessages(secret, deployment, shown, xmlFile).forEach((m) => ctx.output.err(m));

      if (toStdout) {
        const [main, ...extra] = artifacts;
        ctx.output.out(main.content);
        // The secret behind the printed hash must land somewhere: beside, in the current folder.
        const secretFiles = extra.filter((a) => a.secret);
        if (secretFiles.length > 0 && secret) {
          ctx.setExitCode(await writeArtifacts({ artifacts: secretFiles, targetOf: () => secret.secretTarget, check: false, cwd, output: ctx.output }));
          tellSecret('the XML above');
        }
        const others = extra.filter((a) => !a.secret);
        const how = manyFiles ? 'use --out-dir DIR to write every file' : 'use --out FILE to write it beside the config';
        if (others.length > 0) ctx.output.err(`Also needed: ${others.map((a) => a.name).join(', ')}; ${how}.`);
        return;
      }
      // With --out, the main artifact is that file and the others go beside it.
      const targetOf = outFile
        ? (a: { name: string }) => (a === artifacts[0] ? outFile : path.join(path.dirname(outFile), a.name))
        : (a: { name: string }) => path.join(outDir, a.name);
      const code = await writeArtifacts({ artifacts, targetOf, check: Boolean(argv.check), cwd, output: ctx.output });
      if (!argv.check) tellSecret(shown(xmlTarget ?? ''));
      ctx.setExitCode(code);
    },
  };
}
