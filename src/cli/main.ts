/**
 * The mcpauth command line: yargs parses, command modules call the core, and every failure
 * becomes one line on stderr with an exit code (0 ok, 1 findings, 2 usage, 3 I/O or internal).
 * Stack traces only with --debug.
 */
import yargs from 'yargs';
import { CliError, EXIT, UsageError } from '../errors.js';
import { PACKAGE_VERSION } from '../version.js';
import type { CommandContext } from './context.js';
import { processOutput, type Output } from './output.js';
import { printable } from '../report/printable.js';
import type { CommandModule } from 'yargs';

/**
 * Each command's module is loaded only when that command runs (all of them for the overall help
 * or an unknown command): a command must not pay for the others' dependencies, and `init` must
 * refuse at once where there is no terminal, before the deployment model is even loaded.
 * The order is the order of the help.
 */
const COMMANDS: Record<string, () => Promise<(ctx: CommandContext) => CommandModule>> = {
  init: async () => (await import('./commands/init.js')).initCommand,
  generate: async () => (await import('./commands/generate.js')).generateCommand,
  secret: async () => (await import('./commands/secret.js')).secretCommand,
  install: async () => (await import('./commands/install.js')).installCommand,
  uninstall: async () => (await import('./commands/uninstall.js')).uninstallCommand,
  restore: async () => (await import('./commands/restore.js')).restoreCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  schema: async () => (await import('./commands/schema.js')).schemaCommand,
  dcr: async () => (await import('./commands/dcr.js')).dcrCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
};

async function commandModules(argv: string[], ctx: CommandContext): Promise<CommandModule[]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  return Promise.all(names.map(async (name) => (await COMMANDS[name]())(ctx)));
}

export async function main(argv: string[], output: Output = processOutput()): Promise<number> {
  const debug = argv.includes('--debug');
  let exitCode: number = EXIT.ok;
  const ctx: CommandContext = { output, setExitCode: (code) => (exitCode = code), argv };
  try {
    const commands = await commandModules(argv, ctx);
    await yargs(argv)
      .scriptName('mcpauth')
      .usage('$0 <command> [options]\n\nGenerate and check the Claude Desktop, mcp-remote and Curity Identity Server files of an OAuth-protected MCP server.')
      .command(commands)
      .option('debug', { type: 'boolean', describe: 'Show stack traces of internal errors' })
      .example('$0 init --yes', 'Write the files for the built-in demo deployment into ./mcpauth-out')
      .example('$0 generate desktop-config --ca-cert ./certs/ca.crt', 'Print a Claude Desktop config')
      .example('$0 generate static-client --out curity-static-client.xml', 'A Curity static client with a new secret (kept in claude-client.secret)')
      .example('$0 secret hash < claude-client.secret', 'Print the $5$ hash Curity stores for a secret')
      .example('$0 dcr simulate --policy mcpauth-out/dcr-policy.json request.json', 'Check a registration request against the DCR policy')
      .example('$0 install --dry-run', "Show how the entry would go into this computer's Claude Desktop config")
      .example('$0 validate mcpauth-out/', 'Check the generated files (or any claude_desktop_config.json)')
      .example('$0 schema deployment', 'Print the JSON Schema of deployment.json')
      .example('$0 doctor --config claude_desktop_config.json', 'Check online that an entry can reach and authorize against its server')
      .epilogue('Exit codes: 0 success, 1 findings or refused change, 2 usage error, 3 I/O or internal error.')
      .demandCommand(1, 'Name a command; see mcpauth --help')
      .recommendCommands()
      .strict()
      .version(PACKAGE_VERSION)
      .help()
      .alias('help', 'h')
      // yargs lays out the help of every command it runs, shown or not; wrapping is the costly
      // part, so it is on only when help is asked for (no other path prints help).
      .wrap(argv.some((arg) => arg === '--help' || arg === '-h') ? Math.min(110, process.stdout.columns || 100) : null)
      .exitProcess(false)
      .fail((message, error) => {
        // yargs reports its own validation problems as YError: those are usage errors.
        if (error && error.name !== 'YError') throw error;
        // Some of its messages span lines ("Invalid values:\n  Argument: …"): errors are one line.
        throw new UsageError((message ?? error?.message ?? 'invalid command line').replace(/\s*\n\s*/g, ' '));
      })
      .parseAsync();
    return exitCode;
  } catch (error) {
    return reportError(error, output, debug);
  }
}

function reportError(error: unknown, output: Output, debug: boolean): number {
  const c = output.colors;
  if (error instanceof CliError) {
    // Messages quote what the user gave (a value, a file name): shown, never obeyed by the terminal.
    output.err(`${c.red('mcpauth:')} ${printable(error.message)}`);
    if (error instanceof UsageError) output.err(c.dim('Run "mcpauth --help" for usage.'));
    if (debug && error.stack) output.err(error.stack);
    return error.exitCode;
  }
  output.err(`${c.red('mcpauth: internal error:')} ${printable((error as Error)?.message ?? String(error))}`);
  if (debug && error instanceof Error && error.stack) output.err(error.stack);
  else output.err(c.dim('Run again with --debug for details.'));
  return EXIT.io;
}
