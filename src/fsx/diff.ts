/** Unified diffs for `--check`, `--dry-run` and the wizard's preview. */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(file: string, before: string | undefined, after: string): string {
  return createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${file}`, `b/${file}`, before ?? '', after, undefined, undefined, { context: 3 });
}
