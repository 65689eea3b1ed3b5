/** What every command module receives: where to print, and how to report its exit code. */
import type { Output } from './output.js';

export interface CommandContext {
  output: Output;
  setExitCode(code: number): void;
  /** The raw command line, for what yargs cannot express (a lone "-" positional). */
  argv?: readonly string[];
}
