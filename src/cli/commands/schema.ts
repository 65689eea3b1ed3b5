/** `mcpauth schema [TYPE]`: print the JSON Schema of a file type (the files in schemas/). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { SCHEMAS_DIR } from '../../paths.js';
import { UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';

async function schemaTypes(): Promise<string[]> {
  const files = await fs.readdir(SCHEMAS_DIR);
  return files.filter((f) => f.endsWith('.schema.json')).map((f) => f.replace(/\.schema\.json$/, '')).sort();
}

export function schemaCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'schema [type]',
    describe: 'Print the JSON Schema of a file type, or list the types',
    builder: (yargs: Argv) =>
      yargs
        .positional('type', { type: 'string', describe: 'File type, such as deployment or desktop-config' })
        .example('$0 schema', 'List the file types')
        .example('$0 schema deployment > deployment.schema.json', 'Save a schema for an editor or ajv-cli'),
    handler: async (argv) => {
      const types = await schemaTypes();
      if (argv.type === undefined) {
        ctx.output.out(types.join('\n'));
        return;
      }
      if (argv.type === 'curity-xml') throw new UsageError('curity-xml is XML: it has no JSON Schema; its rules are described in docs/rules.md (curity/…)');
      if (!types.includes(String(argv.type))) throw new UsageError(`unknown type "${argv.type}"; known types: ${types.join(', ')}`);
      ctx.output.out(await fs.readFile(path.join(SCHEMAS_DIR, `${argv.type}.schema.json`), 'utf8'));
    },
  };
}
