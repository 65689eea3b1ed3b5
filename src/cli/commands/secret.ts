/** `mcpauth secret hash`: the $5$ SHA-256-crypt hash of a secret, as `openssl passwd -5` prints it. */
import type { Argv, CommandModule } from 'yargs';
import { MAX_SECRET_INPUT_BYTES, secretFromText } from '../../crypto/client-secret.js';
import { isValidSalt, MAX_ROUNDS, MIN_ROUNDS, randomSalt, sha256Crypt } from '../../crypto/sha256-crypt.js';
import { UsageError } from '../../errors.js';
import { readStdinText } from '../../fsx/stdin.js';
import type { CommandContext } from '../context.js';

export function secretCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'secret',
    describe: 'Hash a client secret the way Curity stores it ($5$ SHA-256-crypt)',
    builder: (yargs: Argv) =>
      yargs
        .command({
          command: 'hash',
          describe: 'Read a secret on standard input and print its $5$ SHA-256-crypt hash',
          builder: (y: Argv) =>
            y
              .option('salt', { type: 'string', requiresArg: true, describe: 'Salt: 1 to 16 characters of ./0-9A-Za-z (default: 16 random ones)' })
              .option('rounds', { type: 'number', requiresArg: true, describe: `Rounds, ${MIN_ROUNDS} to ${MAX_ROUNDS} (default: 5000, not written into the hash)` })
              .example('$0 secret hash < claude-client.secret', 'The hash for <secret> in a Curity client')
              .example("printf %s 'Password1' | $0 secret hash --salt 7zfl3Bsen5f/vJsr", 'Reproducible: the same as openssl passwd -5 -salt 7zfl3Bsen5f/vJsr Password1')
              .example('$0 secret hash --rounds 10000', 'Type the secret (not shown), get a hash with rounds=10000')
              .epilogue('One trailing line break of the input is ignored. On a terminal the secret is asked for and not echoed.'),
          handler: async (argv) => {
            const salt = argv.salt as string | undefined;
            if (salt !== undefined && !isValidSalt(salt)) throw new UsageError(`--salt "${salt}" must be 1 to 16 characters of ./0-9A-Za-z`);
            const rounds = argv.rounds as number | undefined;
            if (rounds !== undefined && (!Number.isInteger(rounds) || rounds < MIN_ROUNDS || rounds > MAX_ROUNDS)) {
              throw new UsageError(`--rounds must be a whole number from ${MIN_ROUNDS} to ${MAX_ROUNDS}`);
            }
            const checked = secretFromText(await readSecret());
            if (!checked.ok) throw new UsageError(`the secret ${checked.problem}`);
            ctx.output.out(sha256Crypt(checked.value, salt ?? randomSalt(), rounds));
          },
        })
        .demandCommand(1, 'Name an action: mcpauth secret hash')
        .example('$0 secret hash < claude-client.secret', 'Print the $5$ hash of a secret'),
    handler: () => undefined,
  };
}

/** Standard input, or on a terminal a hidden prompt (so the secret is neither echoed nor in the shell history). */
async function readSecret(): Promise<string> {
  if (!process.stdin.isTTY) return readStdinText(MAX_SECRET_INPUT_BYTES, 'the secret on standard input');
  const { password } = await import('@inquirer/prompts');
  return password({ message: 'Secret to hash', mask: false }, { output: process.stderr });
}
