/**
 * `mcpauth validate PATH…`: check Claude Desktop configs, client metadata, registration documents,
 * DCR policies, deployment files and Curity configuration XML, and whether they agree, and report findings for people (text) or CI (json, sarif,
 * junit, github). Exit 0 without errors, 1 with errors (or warnings under --strict / over
 * --max-warnings), 2 for usage errors, 3 when a file cannot be read.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import type { Argv, CommandModule } from 'yargs';
import { PLATFORMS, thisPlatform, type Platform } from '../../deployment/platform.js';
import { EXIT, IoError, UsageError } from '../../errors.js';
import { FORMATS, countsSentence, filesSentence, loadReporter, type Format } from '../../report/index.js';
import { FILE_TYPES, type FileType, type Finding, type ValidationResult } from '../../validate/types.js';
import type { CommandContext } from '../context.js';
import { colorsFor } from '../output.js';

interface ExitPolicy {
  strict: boolean;
  maxWarnings?: number;
}

export function exitCodeFor(result: ValidationResult, policy: ExitPolicy): number {
  const { summary } = result;
  if (summary.unreadable) return EXIT.io;
  if (summary.errors > 0) return EXIT.findings;
  if (policy.strict && summary.warnings > 0) return EXIT.findings;
  if (policy.maxWarnings !== undefined && summary.warnings > policy.maxWarnings) return EXIT.findings;
  return EXIT.ok;
}

/**
 * yargs drops a lone "-" from variadic positionals; put it back where it was on the command line
 * (it is never an option's value here: every option that takes one refuses a leading "-").
 */
export function withStdinArg(paths: readonly string[], raw: readonly string[]): string[] {
  if (!raw.includes('-') || paths.includes('-')) return [...paths];
  const out: string[] = [];
  let next = 0;
  for (const token of raw) {
    if (token === '-') out.push('-');
    else if (token === paths[next]) out.push(paths[next++]);
  }
  return [...out, ...paths.slice(next)];
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function validateCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'validate <paths..>',
    describe: 'Check files (or folders, globs, "-") and report problems with line and column',
    builder: (yargs: Argv) =>
      yargs
        .positional('paths', { type: 'string', array: true, describe: 'Files, folders (searched for .json and .xml files) or globs; "-" reads standard input' })
        .option('type', { type: 'string', choices: FILE_TYPES, requiresArg: true, describe: 'Check every file as this type instead of detecting it' })
        .option('format', { alias: 'f', type: 'string', choices: FORMATS, default: 'text', requiresArg: true, describe: 'Report format' })
        .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'Write the report to this file instead of standard output' })
        .option('strict', { type: 'boolean', describe: 'Warnings fail the run too (exit 1)' })
        .option('max-warnings', { type: 'number', requiresArg: true, describe: 'Fail (exit 1) when there are more warnings than this' })
        .option('platform', { type: 'string', choices: PLATFORMS, requiresArg: true, describe: 'Operating system of the computer the files are for (default: this one)' })
        .option('offline', { type: 'boolean', describe: 'Do not open files the checked files refer to (CA certificate, @file metadata)' })
        .option('quiet', { alias: 'q', type: 'boolean', describe: 'Report errors only' })
        .example('$0 validate ~/Library/Application\\ Support/Claude/claude_desktop_config.json', 'Check the Claude Desktop config of this Mac')
        .example('$0 validate mcpauth-out/', 'Check every file mcpauth generated, and that they agree')
        .example('$0 validate curity-static-client.xml idsvr/config-backup.xml', 'Check a Curity merge fragment against the server\'s configuration')
        .example('$0 validate "configs/**/*.json" --platform win32 --offline', 'Check configs meant for Windows computers')
        .example('$0 validate . --format sarif --output mcpauth.sarif', 'CI: a SARIF report for GitHub code scanning')
        .example('cat metadata.json | $0 validate - --type client-metadata', 'Check standard input as static client metadata'),
    handler: async (argv) => {
      const maxWarnings = argv['max-warnings'] as number | undefined;
      if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
        throw new UsageError('--max-warnings takes a whole number, 0 or more');
      }
      const cwd = process.cwd();
      const format = argv.format as Format;
      const strict = Boolean(argv.strict);
      // The engine (ajv, the rules, the parsers) loads only when validate runs.
      const [{ collectInputs }, { runValidation }] = await Promise.all([import('../../validate/inputs.js'), import('../../validate/engine.js')]);
      const inputs = await collectInputs(withStdinArg((argv.paths as unknown[]).map(String), ctx.argv ?? []), cwd);
      const result = await runValidation(inputs, {
        platform: (argv.platform as Platform | undefined) ?? thisPlatform(),
        offline: Boolean(argv.offline),
        type: argv.type as FileType | undefined,
        cwd,
        readStdin: readAllStdin,
      });
      const shown: ValidationResult = argv.quiet ? { ...result, findings: result.findings.filter((f) => f.severity === 'error') } : result;
      const fails = (f: Finding) => f.severity === 'error' || (strict && f.severity === 'warning');
      const reporter = await loadReporter(format);
      const output = argv.output as string | undefined;
      if (output === undefined) {
        ctx.output.out(reporter(shown, { colors: format === 'text' ? colorsFor(process.stdout) : pc.createColors(false), cwd, fails }));
      } else {
        const target = path.resolve(cwd, output);
        try {
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.writeFile(target, reporter(shown, { colors: pc.createColors(false), cwd, fails }));
        } catch (error) {
          throw new IoError(`${output}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        }
        ctx.output.err(`${countsSentence(result.summary)} (${filesSentence(result.summary)}); ${format} report written to ${output}`);
      }
      ctx.setExitCode(exitCodeFor(result, { strict, maxWarnings }));
    },
  };
}
