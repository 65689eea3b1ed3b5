/**
 * Every rule, in catalog order (reference/rules.md). docs/rules.md has one section per id and a
 * test keeps the two in step. The curity/ and cross/ families join here in the next issue.
 */
import type { FileType } from '../validate/types.js';
import { cimdRules } from './cimd.js';
import { coreRules } from './core.js';
import { dcrRules } from './dcr.js';
import { desktopRules } from './desktop.js';
import { mcpRemoteRules } from './mcp-remote.js';
import { policyRules } from './policy.js';
import type { Rule } from './rule.js';

export const RULES: readonly Rule[] = [...coreRules, ...desktopRules, ...mcpRemoteRules, ...dcrRules, ...cimdRules, ...policyRules];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`no rule "${id}" in the registry`);
  return rule;
}

/** The rules that check a file of this type, in registry order. */
export function fileRulesFor(type: FileType): Rule[] {
  return RULES.filter((rule) => rule.check !== undefined && rule.appliesTo.includes(type));
}

/** The rules that compare the files of a run (none yet: cross/ comes next). */
export function runRules(): Rule[] {
  return RULES.filter((rule) => rule.checkRun !== undefined);
}
