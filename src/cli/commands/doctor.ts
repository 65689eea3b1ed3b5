/** `mcpauth doctor`: online checks for one Claude Desktop entry that runs mcp-remote. */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { EXIT, UsageError } from '../../errors.js';
import { thisPlatform } from '../../deployment/platform.js';
import { claudeConfigLocation } from '../../fsx/claude-paths.js';
import type { CommandContext } from '../context.js';

export function doctorCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'doctor',
    describe: 'Check online that one Claude Desktop entry can reach, discover and authorize against its MCP server',
    builder: (yargs: Argv) =>
      yargs
        .option('config', { type: 'string', requiresArg: true, describe: 'claude_desktop_config.json to read (default: the installed one)' })
        .option('server', { type: 'string', requiresArg: true, describe: 'Entry under mcpServers (default: the only one that runs mcp-remote)' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Report format' })
        .option('timeout', { type: 'number', default: 10, requiresArg: true, describe: 'Seconds to wait for each request' })
        .example('$0 doctor', 'Check the only mcp-remote entry of the installed Claude Desktop config')
        .example('$0 doctor --config mcpauth-out/claude_desktop_config.json --server curity-demo', 'Check a generated config before installing it')
        .example('$0 doctor --format json --timeout 5', 'Machine-readable report for CI')
        .epilogue('It never registers a client or signs in. Exit codes: 0 every check passed, 1 a check failed, 2 usage error, 3 the config cannot be read.'),
    handler: async (argv) => {
      const timeout = Number(argv.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout ${String(argv.timeout)} must be a positive number of seconds`);
      const { loadDoctorTarget } = await import('../../doctor/target.js');
      const { runDoctor } = await import('../../doctor/run.js');
      const { doctorJson, doctorText } = await import('../../doctor/report.js');
      const given = argv.config as string | undefined;
      const location = given === undefined ? claudeConfigLocation(thisPlatform(), process.env) : undefined;
      const target = await loadDoctorTarget({
        configFile: given !== undefined ? path.resolve(given) : location!.file,
        configReason: location ? `the Claude Desktop config: ${location.reason}` : undefined,
        serverName: argv.server as string | undefined,
        env: process.env,
      });
      const report = await runDoctor(target, { timeoutMs: timeout * 1000 });
      ctx.output.out(argv.format === 'json' ? doctorJson(report) : doctorText(report, ctx.output.colors));
      ctx.setExitCode(report.ok ? EXIT.ok : EXIT.findings);
    },
  };
}
