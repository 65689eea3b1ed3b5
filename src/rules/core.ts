/**
 * core/: what happens before any file-type rule can run (reading, size, type detection, JSON
 * syntax of the non-desktop types), and schema/ rules for types whose only check is their schema.
 */
import { duplicateKeys } from '../validate/parse/json.js';
import type { Rule } from './rule.js';

const ALL_BUT_DESKTOP = ['client-metadata', 'dcr-request', 'dcr-response', 'cimd', 'dcr-policy', 'deployment'] as const;

export const coreRules: Rule[] = [
  {
    id: 'core/unreadable',
    severity: 'error',
    appliesTo: [],
    source: 'engine',
    description: 'The file exists and can be read (the run ends with exit code 3 otherwise).',
  },
  {
    id: 'core/too-large',
    severity: 'error',
    appliesTo: [],
    source: 'engine',
    description: 'The file is at most 5 MiB (--max-file-size): none of the files mcpauth checks is that large.',
  },
  {
    id: 'core/too-deep',
    severity: 'error',
    appliesTo: [],
    source: 'engine',
    description: 'Arrays and objects are nested at most 64 levels deep: none of the files mcpauth checks needs 10.',
  },
  {
    id: 'core/time-budget',
    severity: 'error',
    appliesTo: [],
    source: 'engine',
    description: 'Checking the file ends within the time budget (5 seconds per file); checks still to run after it are skipped.',
  },
  {
    id: 'core/unknown-type',
    severity: 'error',
    appliesTo: [],
    source: 'engine',
    description: 'A file named on the command line is one of the types mcpauth checks (or --type says which).',
  },
  {
    id: 'core/json-syntax',
    severity: 'error',
    appliesTo: ALL_BUT_DESKTOP,
    source: 'engine',
    description: 'The file is strict JSON: no comments, no trailing commas, one value.',
  },
  {
    id: 'core/duplicate-key',
    severity: 'warning',
    appliesTo: ALL_BUT_DESKTOP,
    description: 'No key appears twice in one object (JSON.parse silently keeps the last one).',
    check(ctx) {
      for (const dup of duplicateKeys(ctx.doc.tree)) {
        ctx.report(dup.keyNode, `"${dup.name}" appears more than once in this object; only the last value counts`, {
          fix: 'Keep one of the values and delete the others.',
        });
      }
    },
  },
  {
    id: 'core/rule-failed',
    severity: 'error',
    appliesTo: [],
    source: 'engine',
    description: 'Every rule ran to the end (a rule that fails on some input is a bug in mcpauth: please report it).',
  },
  {
    id: 'schema/deployment',
    severity: 'error',
    appliesTo: ['deployment'],
    source: 'schema',
    description: 'deployment.json matches schemas/deployment.schema.json (generated from the deployment model).',
  },
];
