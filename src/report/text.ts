/** The default report: `file:line:col  severity  rule-id  message`, then a one-line summary. */
import { countsSentence, filesSentence, type Reporter } from './index.js';
import { printable } from './printable.js';

export const textReport: Reporter = (result, { colors: c }) => {
  const lines: string[] = [];
  const paint = { error: c.red, warning: c.yellow, info: c.cyan } as const;
  for (const f of result.findings) {
    const severity = paint[f.severity](f.severity);
    lines.push(`${printable(f.file)}:${f.line}:${f.column}  ${severity}  ${c.dim(f.ruleId)}  ${printable(f.message)}`);
    if (f.fix) lines.push(c.dim(`    fix: ${printable(f.fix)}`));
  }
  const { summary } = result;
  if (lines.length > 0) lines.push('');
  const mark = summary.errors > 0 ? c.red('✖') : summary.warnings > 0 ? c.yellow('⚠') : c.green('✔');
  lines.push(`${mark} ${countsSentence(summary)} (${filesSentence(summary)})`);
  return `${lines.join('\n')}\n`;
};
