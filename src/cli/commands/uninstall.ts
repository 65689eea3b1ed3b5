/** `mcpauth uninstall NAME`: remove one server entry from Claude Desktop's config, changing nothing else. */
import type { Argv, CommandModule } from 'yargs';
import { thisPlatform, type Platform } from '../../deployment/platform.js';
import { afterChangeSteps } from '../../install/after-change.js';
import { planUninstall } from '../../install/plan.js';
import { carryOutChange, reportResults } from '../config-change.js';
import { resolveConfigTarget, withConfigOption, withPlatformOption } from '../config-target.js';
import type { CommandContext } from '../context.js';

export function uninstallCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'uninstall <name>',
    describe: "Remove one server entry from Claude Desktop's config (backup, atomic write, nothing else changed)",
    builder: (yargs: Argv) =>
      withPlatformOption(
        withConfigOption(
          yargs
            .positional('name', { type: 'string', describe: 'Name of the entry under mcpServers' })
            .option('dry-run', { type: 'boolean', describe: 'Print the difference as a unified diff and write nothing' })
            .example('$0 uninstall curity-demo', "Remove the demo entry from this computer's Claude Desktop")
            .example('$0 uninstall curity-demo --config ./claude_desktop_config.json --dry-run', 'Show what would change in a given file'),
        ),
      ),
    handler: async (argv) => {
      const cwd = process.cwd();
      const name = String(argv.name);
      const platform = (argv.platform as Platform | undefined) ?? thisPlatform();
      const target = resolveConfigTarget(argv.config, platform, cwd, process.env);
      for (const line of target.explanation) ctx.output.err(line);
      const { change, results } = await carryOutChange(ctx, {
        configFile: target.file,
        plan: () => planUninstall(target.file, name),
        dryRun: Boolean(argv['dry-run']),
        force: true,
        mayPrompt: false,
        cwd,
      });
      if (change.action === 'absent') {
        const has = change.existingNames.length > 0 ? `its entries are: ${change.existingNames.join(', ')}` : 'it has no entries';
        ctx.output.err(`There is no "${name}" entry in ${target.file} (${has}); nothing was changed.`);
        return;
      }
      if (argv['dry-run']) {
        ctx.output.err(`Dry run: mcpauth would remove the "${name}" entry from ${target.file}. Nothing was written.`);
        return;
      }
      if (!results) return;
      reportResults(ctx, results, new Map([[target.file, 'Claude Desktop config']]));
      ctx.output.err(`Removed the "${name}" entry from ${target.file}.`);
      ctx.output.err('\nNext steps:');
      afterChangeSteps({ action: 'remove', configFile: target.file, platform, location: target.location, name, backup: results[0]?.backup, metadataChanged: false, env: process.env }).forEach(
        (step, i) => ctx.output.err(`  ${i + 1}. ${step}`),
      );
    },
  };
}
