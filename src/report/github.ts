/**
 * `--format github`: GitHub Actions workflow commands, which annotate the lines of a pull request:
 * `::error file=…,line=…,col=…,title=rule-id::message`.
 */
import { countsSentence, filesSentence, type Reporter } from './index.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Escaping rules of workflow commands: data escapes %, CR and LF; properties also ":" and ",". */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const githubReport: Reporter = (result) => {
  const lines = result.findings.map((f) => {
    const file = f.file.replace(/\\/g, '/');
    const message = f.fix ? `${f.message} (fix: ${f.fix})` : f.message;
    return `::${COMMAND[f.severity]} file=${escapeProperty(file)},line=${f.line},col=${f.column},title=${escapeProperty(f.ruleId)}::${escapeData(message)}`;
  });
  lines.push(`mcpauth validate: ${countsSentence(result.summary)} (${filesSentence(result.summary)})`);
  return `${lines.join('\n')}\n`;
};
