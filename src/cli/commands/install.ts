/**
 * `mcpauth install`: merge one server entry into Claude Desktop's real config, changing nothing else.
 * The entry comes from (first that applies): --entry-from FILE; --from deployment.json and/or the
 * deployment flags; ./mcpauth-out/claude_desktop_config.json.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { FIELDS } from '../../deployment/fields.js';
import { thisPlatform, type Platform } from '../../deployment/platform.js';
import { resolveDeployment } from '../../deployment/resolve.js';
import { UsageError } from '../../errors.js';
import { DESKTOP_CONFIG_FILE } from '../../generators/desktop-config.js';
import { entryFromConfigFile, entryFromDeployment, type InstallSource } from '../../install/entry-source.js';
import { withConfigOption } from '../config-target.js';
import type { CommandContext } from '../context.js';
import { deploymentLayers, withDeploymentOptions } from '../deployment-options.js';
import { installEntry } from '../install-flow.js';
import { DEFAULT_OUT_DIR } from './generate.js';

export const DEFAULT_ENTRY_FILE = path.join(DEFAULT_OUT_DIR, DESKTOP_CONFIG_FILE);

export function installCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'install',
    describe: "Put the server entry into Claude Desktop's config (backup, atomic write, nothing else changed)",
    builder: (yargs: Argv) =>
      withConfigOption(
        withDeploymentOptions(
          yargs
            .option('from', { type: 'string', requiresArg: true, describe: 'Deployment file (deployment.json) to build the entry from; flags override it' })
            .option('entry-from', {
              type: 'string',
              requiresArg: true,
              describe: `Config file holding the entry as written by init or generate (default, when no deployment flag is given: ./${DEFAULT_ENTRY_FILE})`,
            })
            .option('dry-run', { type: 'boolean', describe: 'Print the difference as a unified diff and write nothing' })
            .option('force', { type: 'boolean', describe: 'Replace an existing, different entry of the same name without asking (a backup is kept)' })
            .example('$0 install', `Install the entry in ./${DEFAULT_ENTRY_FILE} into this computer's Claude Desktop`)
            .example('$0 install --from deployment.json --dry-run', 'Show what would change, write nothing')
            .example('$0 install --server-url https://mcp.acme.test/mcp --scope acme/read --ca-cert ./ca.crt', 'Build the entry from flags and install it')
            .example('$0 install --config ./claude_desktop_config.json --force', 'Change a given file; replace a different entry of the same name')
            .epilogue(
              'Which file: --config wins; otherwise the app\'s own for --platform (macOS ~/Library/Application Support/Claude, Windows the MSIX package folder under %LOCALAPPDATA%\\Packages\\Claude_* or else %APPDATA%\\Claude, Linux $XDG_CONFIG_HOME/Claude or ~/.config/Claude).\n' +
                'A file that is not strict JSON is never changed (exit 1, with its line and column). Undo with "mcpauth restore BACKUP" or "mcpauth uninstall NAME".',
            ),
        ),
      ),
    handler: async (argv) => {
      const cwd = process.cwd();
      const source = await chooseSource(ctx, argv, cwd);
      await installEntry(ctx, source, {
        config: argv.config as string | undefined,
        dryRun: Boolean(argv['dry-run']),
        force: Boolean(argv.force),
        mayPrompt: true,
        cwd,
        env: process.env,
      });
    },
  };
}

async function chooseSource(ctx: CommandContext, argv: Record<string, unknown>, cwd: string): Promise<InstallSource> {
  const c = ctx.output.colors;
  // --platform says which computer, not what the entry holds; --server-name may pick from a file.
  const deploymentFlags = FIELDS.filter((f) => f.flag !== 'platform' && argv[f.flag] !== undefined).map((f) => `--${f.flag}`);
  const platform = (argv.platform as Platform | undefined) ?? thisPlatform();
  const entryFrom = argv['entry-from'] as string | undefined;

  if (entryFrom !== undefined) {
    if (argv.from !== undefined) throw new UsageError('--entry-from and --from are two sources of the entry; give one of them');
    const other = deploymentFlags.find((f) => f !== '--server-name');
    if (other) throw new UsageError(`--entry-from installs the entry as that file has it, so ${other} cannot change it; use --from or the flags alone instead`);
    const file = path.resolve(cwd, entryFrom);
    ctx.output.err(`Entry: from ${file}`);
    return entryFromConfigFile(file, argv['server-name'] as string | undefined, platform);
  }
  if (argv.from !== undefined || deploymentFlags.length > 0) {
    const { deployment, notes } = await resolveDeployment(await deploymentLayers(argv, 'from'), { cwd });
    ctx.output.err(`Entry: "${deployment.desktop.serverName}" for ${deployment.server.url}, built from ${argv.from !== undefined ? String(argv.from) : 'the built-in demo deployment'}${deploymentFlags.length > 0 ? ` and ${deploymentFlags.join(', ')}` : ''}`);
    for (const note of notes) ctx.output.err(`${c.yellow('note:')} ${note}`);
    return entryFromDeployment(deployment);
  }
  const fallback = path.resolve(cwd, DEFAULT_ENTRY_FILE);
  if (existsSync(fallback)) {
    ctx.output.err(`Entry: from ${DEFAULT_ENTRY_FILE} (what "mcpauth init" wrote; --from or --entry-from choose another source)`);
    return entryFromConfigFile(fallback, undefined, platform);
  }
  throw new UsageError(
    `install needs an entry: give --from deployment.json, deployment flags such as --server-url, or --entry-from FILE (or run "mcpauth init" first: its ${DEFAULT_ENTRY_FILE} is the default)`,
  );
}
