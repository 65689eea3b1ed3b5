/**
 * Every rule, in catalog order (reference/rules.md). docs/rules.md has one section per id and a
 * test keeps the two in step.
 */
import type { FileType } from '../validate/types.js';
import { cimdRules } from './cimd.js';
import { coreRules } from './core.js';
import { crossRules } from './cross.js';
import { curityRules } from './curity.js';
import { dcrRules } from './dcr.js';
import { desktopRules } from './desktop.js';
import { mcpRemoteRules } from './mcp-remote.js';
import { policyRules } from './policy.js';
import type { AnyRule } from './rule.js';

export const RULES: readonly AnyRule[] = [...coreRules, ...desktopRules, ...mcpRemoteRules, ...dcrRules, ...cimdRules, ...policyRules, ...curityRules, ...crossRules];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): AnyRule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`no rule "${id}" in the registry`);
  return rule;
}

/** The rules that check a file of this type, in registry order. */
export function fileRulesFor(type: FileType): AnyRule[] {
  return RULES.filter((rule) => rule.check !== undefined && rule.appliesTo.includes(type));
}

/** The rules that compare the files of a run (references between Curity files, cross/). */
export function runRules(): AnyRule[] {
  return RULES.filter((rule) => rule.checkRun !== undefined);
}
