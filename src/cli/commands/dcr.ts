/** `mcpauth dcr simulate`: what a DCR policy (and so its compiled Curity procedure) answers to a registration request. */
import type { Argv, CommandModule } from 'yargs';
import { EXIT, UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function dcrCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'dcr <command>',
    describe: 'Work with a dynamic client registration (DCR) policy',
    builder: (yargs: Argv) =>
      yargs
        .command(simulateCommand(ctx))
        .demandCommand(1, 'Name a dcr command: simulate')
        .example('$0 dcr simulate --policy mcpauth-out/dcr-policy.json request.json', 'Would the policy accept this registration request?'),
    handler: () => undefined,
  };
}

function simulateCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'simulate <request>',
    describe: 'Run a DCR policy on a registration request and print the decision and the attributes it sets',
    builder: (yargs: Argv) =>
      yargs
        .positional('request', { describe: 'The registration request body (JSON), or - for standard input' })
        .option('policy', { type: 'string', requiresArg: true, demandOption: true, describe: 'The DCR policy (dcr-policy.json)' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
        .example('$0 dcr simulate --policy mcpauth-out/dcr-policy.json request.json', 'Print the decision and the attributes')
        .example('curl … | $0 dcr simulate --policy dcr-policy.json --format json -', 'Read the request from standard input; print JSON')
        .epilogue('Exit codes: 0 accepted, 1 rejected, 2 bad input (unreadable or invalid policy or request JSON).'),
    handler: async (argv) => {
      const { loadPolicyFile, readJsonFile } = await import('../../policy/load.js');
      const { evaluate } = await import('../../policy/evaluate.js');
      const { formatDecisionText } = await import('../../policy/format.js');
      // yargs turns a positional "-" into `true`.
      const request = argv.request === true ? '-' : String(argv.request ?? '');
      if (request === '') throw new UsageError('name the registration request file (or - for standard input)');
      if (request === '-' && argv.policy === '-') throw new UsageError('--policy and the request cannot both be standard input');
      const policy = await loadPolicyFile(String(argv.policy));
      const { value } = await readJsonFile(request);
      const decision = evaluate(policy, value);
      if (argv.format === 'json') ctx.output.out(`${JSON.stringify(decision, null, 2)}\n`);
      else ctx.output.out(formatDecisionText(decision, value, ctx.output.colors));
      ctx.setExitCode(decision.decision === 'accept' ? EXIT.ok : EXIT.findings);
    },
  };
}
