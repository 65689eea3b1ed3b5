/** `--format json`: every finding, then the summary, as one JSON object. */
import type { Reporter } from './index.js';

export const jsonReport: Reporter = (result) => `${JSON.stringify({ findings: result.findings, files: result.files, summary: result.summary }, null, 2)}\n`;
