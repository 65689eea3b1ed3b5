/** Printing for commands: colour only on a terminal and never with NO_COLOR. */
import pc from 'picocolors';

export interface Output {
  out(text: string): void;
  err(text: string): void;
  colors: ReturnType<typeof pc.createColors>;
}

function colorEnabled(stream: NodeJS.WriteStream): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** Colours for text written to this stream (a report on standard output, say). */
export function colorsFor(stream: NodeJS.WriteStream): Output['colors'] {
  return pc.createColors(colorEnabled(stream));
}

export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    colors: pc.createColors(colorEnabled(process.stderr)),
  };
}
