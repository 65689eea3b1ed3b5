/**
 * `--format sarif`: SARIF 2.1.0, the format GitHub code scanning reads. The driver lists every
 * rule of the registry; each result names its rule and a physical location (file, line, column)
 * relative to the working folder (%SRCROOT%), which in CI is the repository root.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../rules/registry.js';
import { PACKAGE_VERSION } from '../version.js';
import { STDIN_NAME } from '../validate/inputs.js';
import type { Severity } from '../validate/types.js';
import type { Reporter } from './index.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file === STDIN_NAME) return { uri: 'stdin' };
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export const sarifReport: Reporter = (result, { cwd }) => {
  const index = new Map(RULES.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcpauth',
            version: PACKAGE_VERSION,
            semanticVersion: PACKAGE_VERSION,
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[/-](\w)/g, (_, ch: string) => ch.toUpperCase()),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.description },
              help: { text: `${rule.description} See docs/rules.md#${rule.id.replace(/\//g, '')} in mcpauth.` },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: [rule.id.split('/')[0]] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.file),
                region: { startLine: f.line, startColumn: f.column },
              },
              ...(f.pointer !== '' ? { logicalLocations: [{ fullyQualifiedName: f.pointer, kind: 'member' }] } : {}),
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
