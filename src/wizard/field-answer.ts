/**
 * Typed text → a field's value, by the field's type in the FIELDS table, and the zod model's
 * verdict on it. Lists are separated by spaces (as OAuth writes scopes); an optional field is
 * left out with an empty answer or "none".
 */
import { fieldSchemaProblem } from '../deployment/checks.js';
import type { Field } from '../deployment/fields.js';

export const NONE = 'none';

/** Whether the model lets the field be absent (the wizard then accepts "none"). */
export function isOptional(field: Field): boolean {
  return fieldSchemaProblem(field.section, field.key, undefined) === undefined;
}

/** A value as the default text of a question. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

export type ParsedAnswer = { value: unknown; problem?: undefined } | { problem: string };

export function parseAnswer(field: Field, text: string): ParsedAnswer {
  const trimmed = text.trim();
  if (trimmed === '' || (trimmed.toLowerCase() === NONE && isOptional(field))) {
    return isOptional(field) ? { value: undefined } : { problem: 'needs an answer' };
  }
  switch (field.type) {
    case 'number':
      return /^\d+$/.test(trimmed) ? { value: Number(trimmed) } : { problem: `"${trimmed}" is not a whole number` };
    case 'ttl':
      if (/^\d+$/.test(trimmed)) return { value: Number(trimmed) };
      return trimmed === 'disabled' ? { value: trimmed } : { problem: `"${trimmed}" is neither a number of seconds nor "disabled"` };
    case 'array':
      return { value: trimmed.split(/\s+/) };
    case 'boolean':
      if (/^(true|yes|y)$/i.test(trimmed)) return { value: true };
      if (/^(false|no|n)$/i.test(trimmed)) return { value: false };
      return { problem: `"${trimmed}" is neither yes nor no` };
    default:
      return { value: trimmed };
  }
}

/** What the model says about a value, worded for the person who typed it. */
export function schemaProblem(field: Field, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const problem = fieldSchemaProblem(field.section, field.key, value);
  if (!problem) return undefined;
  return /^(must|is|holds|needs)\b/.test(problem) ? `${JSON.stringify(formatValue(value))} ${problem}` : problem;
}
