#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/bundle/ (built by `npm ci` through the prepare script).
// `mcpauth --version` alone is answered here, before the argument parser and commands load,
// because scripts and version checks call it often and expect it to be instant.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/bundle/main.js');
  process.exitCode = await main(args);
}
