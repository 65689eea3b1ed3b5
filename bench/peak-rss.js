// Runs the mcpauth CLI in this process and reports its peak resident memory (KiB) on fd 3.
import { writeSync } from 'node:fs';
import { main } from '../dist/bundle/main.js';

const code = await main(process.argv.slice(2));
writeSync(3, String(process.resourceUsage().maxRSS));
process.exitCode = code;
