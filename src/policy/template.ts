/**
 * A tiny, strict template language for generated JavaScript (templates/dcr-procedure.js):
 *   //@if NAME, //@else, //@end   keep or drop whole lines by a named condition (nestable);
 *   //@ anything else             a comment for template readers, dropped;
 *   /*@NAME@*\/                    replaced by a literal the caller made (see js-literal.ts).
 * Unknown names, unbalanced blocks and leftover markers are errors, never silent output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../paths.js';

export const PROCEDURE_TEMPLATE_FILE = path.join(TEMPLATES_DIR, 'dcr-procedure.js');

let cached: string | undefined;
/** The procedure skeleton shipped with mcpauth (read from the package, never from the user's files). */
export function procedureTemplate(): string {
  cached ??= readFileSync(PROCEDURE_TEMPLATE_FILE, 'utf8');
  return cached;
}

export function renderTemplate(template: string, conditions: Record<string, boolean>, values: Record<string, string>): string {
  const kept: string[] = [];
  const stack: { keep: boolean; sawElse: boolean }[] = [];
  const keeping = () => stack.every((frame) => frame.keep);
  template.split('\n').forEach((line, index) => {
    const where = `template line ${index + 1}`;
    const directive = /^\s*\/\/@(.*)$/.exec(line);
    if (!directive) {
      if (keeping()) kept.push(line);
      return;
    }
    const words = directive[1].trim().split(/\s+/);
    if (words[0] === 'if') {
      const name = words[1];
      if (words.length !== 2 || !(name in conditions)) throw new Error(`${where}: unknown condition "${directive[1].trim()}"`);
      stack.push({ keep: conditions[name], sawElse: false });
    } else if (words[0] === 'else' && words.length === 1) {
      const frame = stack.at(-1);
      if (!frame || frame.sawElse) throw new Error(`${where}: //@else without //@if`);
      frame.keep = !frame.keep;
      frame.sawElse = true;
    } else if (words[0] === 'end' && words.length === 1) {
      if (!stack.pop()) throw new Error(`${where}: //@end without //@if`);
    }
    // Any other //@ line is a note for template readers.
  });
  if (stack.length > 0) throw new Error('template: //@if without //@end');
  const marker = /\/\*@([\w.]+)@\*\//g;
  const skeleton = kept.join('\n');
  // Checked before the values go in: a value may itself contain "/*@" and is still only a literal.
  if (skeleton.replace(marker, '').includes('/*@')) throw new Error('template: a malformed /*@…@*/ marker');
  return skeleton.replace(marker, (_marker, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template: no value for /*@${name}@*/`);
    return value;
  });
}
