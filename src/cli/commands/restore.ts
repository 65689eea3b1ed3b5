/**
 * `mcpauth restore [BACKUP]`: put a backup of the Claude Desktop config back, by the same safe
 * write (the current content is backed up first). Without BACKUP: list the backups, newest first.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { thisPlatform, type Platform } from '../../deployment/platform.js';
import { backupOriginal, listBackups } from '../../fsx/backup.js';
import { afterChangeSteps, quote } from '../../install/after-change.js';
import { planRestore } from '../../install/plan.js';
import { carryOutChange, reportResults } from '../config-change.js';
import { resolveConfigTarget, withConfigOption, withPlatformOption, type ConfigTarget } from '../config-target.js';
import type { CommandContext } from '../context.js';

export function restoreCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'restore [backup]',
    describe: "Put a backup of Claude Desktop's config back (or list the backups)",
    builder: (yargs: Argv) =>
      withPlatformOption(
        withConfigOption(
          yargs
            .positional('backup', { type: 'string', describe: 'A backup written by install or uninstall (NAME.<time>.bak beside the config)' })
            .option('dry-run', { type: 'boolean', describe: 'Print the difference as a unified diff and write nothing' })
            .example('$0 restore', "List the backups of this computer's Claude Desktop config")
            .example(`$0 restore "$HOME/Library/Application Support/Claude/claude_desktop_config.json.20261127T035959Z.bak"`, 'Put that backup back')
            .epilogue('The file restored is --config if given, else the one the backup was taken of (its name without .<time>.bak), else the app\'s own for --platform.'),
        ),
      ),
    handler: async (argv) => {
      const cwd = process.cwd();
      const platform = (argv.platform as Platform | undefined) ?? thisPlatform();
      const backup = typeof argv.backup === 'string' ? path.resolve(cwd, argv.backup) : undefined;
      const inferred = backup !== undefined && argv.config === undefined ? backupOriginal(backup) : undefined;
      const target: ConfigTarget = inferred
        ? { file: inferred, location: safeLocation(platform, cwd), explanation: [`Claude Desktop config: ${inferred} (the file this backup was taken of)`] }
        : resolveConfigTarget(argv.config, platform, cwd, process.env);
      for (const line of target.explanation) ctx.output.err(line);

      if (backup === undefined) {
        const backups = await listBackups(target.file);
        if (backups.length === 0) {
          ctx.output.err(`No backups of ${target.file} were found beside it.`);
          return;
        }
        for (const file of backups) {
          const stat = await fs.stat(file);
          ctx.output.out(`${file}\t${stat.size} bytes`);
        }
        ctx.output.err(`Put one back with: mcpauth restore ${quote(backups[0], platform)}`);
        return;
      }
      const { change, results } = await carryOutChange(ctx, {
        configFile: target.file,
        plan: () => planRestore(target.file, backup),
        dryRun: Boolean(argv['dry-run']),
        force: true,
        mayPrompt: false,
        cwd,
      });
      if (change.action === 'same') {
        ctx.output.err(`${target.file} already holds exactly what ${backup} holds; nothing was changed.`);
        return;
      }
      if (argv['dry-run']) {
        ctx.output.err(`Dry run: mcpauth would put ${backup} back as ${target.file}. Nothing was written.`);
        return;
      }
      if (!results) return;
      reportResults(ctx, results, new Map([[target.file, 'Claude Desktop config']]));
      ctx.output.err(`Restored ${target.file} from ${backup}.`);
      ctx.output.err('\nNext steps:');
      afterChangeSteps({ action: 'restore', configFile: target.file, platform, location: target.location, backup: results[0]?.backup, metadataChanged: false, env: process.env }).forEach(
        (step, i) => ctx.output.err(`  ${i + 1}. ${step}`),
      );
    },
  };
}

function safeLocation(platform: Platform, cwd: string): ConfigTarget['location'] {
  try {
    return resolveConfigTarget(undefined, platform, cwd, process.env).location;
  } catch {
    return undefined;
  }
}
