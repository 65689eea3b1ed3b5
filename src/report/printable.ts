/**
 * Text from a checked file (a key, a value, a file name) shown on a terminal: control characters
 * could move the cursor, recolour or retitle the terminal, or start a line that looks like another
 * finding, and bidirectional overrides could show a line in another order than it reads. Each such
 * character is shown as its escape instead (\u001b), so what is printed is what the file holds.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
