/** Unified diffs for `--check`, `--dry-run` and the wizard's preview. */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(file: string, before: string | undefined, after: string): string {
  // git-style labels; an absolute path keeps its full spelling after the a/ or b/.
  const label = file.replace(/^\/+/, '');
  return createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${label}`, `b/${label}`, before ?? '', after, undefined, undefined, { context: 3 });
}
