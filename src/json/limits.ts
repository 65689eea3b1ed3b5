/**
 * The limits on what mcpauth reads (README "Limits", SECURITY.md). They exist so that a hostile
 * or broken file from someone else's repository can make mcpauth say no, but never crash it, hang
 * it or exhaust its memory. No file mcpauth reads or writes comes near any of them.
 */

/** Default size limit of one input file (validate: --max-file-size). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** The most --max-file-size may be raised to: parsing with positions takes ~80 bytes of memory per input byte. */
export const MAX_FILE_BYTES_CEILING = 32 * 1024 * 1024;
/** Arrays and objects inside each other; real files stay under 10. */
export const MAX_JSON_DEPTH = 64;
/** Time for checking one file (validate) or reading one JSON input (other commands). */
export const DEFAULT_TIME_BUDGET_MS = 5000;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / 1048576).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/** A size over `limit`, written so that it does not read as equal to the limit ("5 MiB, over the 5 MiB limit"). */
export function formatSizeOver(size: number, limit: number): string {
  return formatSize(size) === formatSize(limit) ? `${size} bytes` : formatSize(size);
}

/** "5MiB", "512KiB", "64k", "1048576" → bytes (units are binary: k = 1024); undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = { k: 1024, m: 1048576, g: 1073741824 }[unit[0]] ?? 1;
  const bytes = Math.floor(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

export interface NestingProblem {
  /** Offset of the bracket that goes one level too deep. */
  offset: number;
  maxDepth: number;
}

/**
 * The first "[" or "{" nested deeper than `maxDepth`, found in one pass without parsing. Parsers
 * recurse per level (a few thousand levels overflow the stack), so this runs before any of them.
 * Strings end at a line break and comments are skipped, as the lenient parser reads them, so the
 * count never misses a level any parser would see.
 */
export function jsonNestingProblem(text: string, maxDepth = MAX_JSON_DEPTH): NestingProblem | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22 || s === 0x0a || s === 0x0d) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return { offset: i, maxDepth };
    } else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && depth > 0) {
      depth--;
    }
  }
  return undefined;
}
