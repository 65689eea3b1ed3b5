/**
 * Reporters turn a validation result into text for people or machines. They never decide
 * severity or exit codes; each format is loaded only when asked for.
 */
import type pc from 'picocolors';
import type { Finding, ValidationResult } from '../validate/types.js';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  colors: ReturnType<typeof pc.createColors>;
  /** The working folder: SARIF locations are relative to it. */
  cwd: string;
  /** Does this finding fail the run (errors; warnings too under --strict)? JUnit counts those. */
  fails(finding: Finding): boolean;
}

export type Reporter = (result: ValidationResult, options: ReportOptions) => string;

export async function loadReporter(format: Format): Promise<Reporter> {
  switch (format) {
    case 'text':
      return (await import('./text.js')).textReport;
    case 'json':
      return (await import('./json.js')).jsonReport;
    case 'sarif':
      return (await import('./sarif.js')).sarifReport;
    case 'junit':
      return (await import('./junit.js')).junitReport;
    case 'github':
      return (await import('./github.js')).githubReport;
  }
}

/** "3 errors, 1 warning" — only the non-zero counts, "no problems" when all are zero. */
export function countsSentence(summary: ValidationResult['summary']): string {
  const parts: string[] = [];
  const add = (n: number, word: string) => n > 0 && parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
  add(summary.errors, 'error');
  add(summary.warnings, 'warning');
  add(summary.infos, 'info');
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}

export function filesSentence(summary: ValidationResult['summary']): string {
  const checked = `${summary.files} file${summary.files === 1 ? '' : 's'} checked`;
  return summary.skipped > 0 ? `${checked}, ${summary.skipped} skipped (not a type mcpauth checks)` : checked;
}
