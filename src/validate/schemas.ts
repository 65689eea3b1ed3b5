/**
 * The JSON Schemas in schemas/ (draft 2020-12), checked with ajv + ajv-formats. The same files
 * are printed by `mcpauth schema TYPE` and work on their own in ajv-cli or an editor; here their
 * errors become problems with a pointer and a sentence a user can act on.
 * The validators are compiled at build time (scripts/compile-schemas.js → dist/schemas/*.cjs), so
 * a run loads neither ajv nor the schemas; ajv compiles at run time only when those files are missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { PACKAGE_ROOT, SCHEMAS_DIR } from '../paths.js';
import type { Anchor } from './parse/json.js';
import { childPointer, fromPointer } from './parse/pointer.js';
import type { JsonFileType } from './types.js';

export interface SchemaProblem {
  pointer: string;
  anchor: Anchor;
  keyword: string;
  /** The property a `required` or `dependentRequired` error is about. */
  property?: string;
  message: string;
}

const require = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;
const validators = new Map<JsonFileType, ValidateFunction>();

export function schemaPath(type: JsonFileType): string {
  return path.join(SCHEMAS_DIR, `${type}.schema.json`);
}

function validatorFor(type: JsonFileType): ValidateFunction {
  let validate = validators.get(type);
  if (!validate) {
    const compiled = compiledValidatorPath(type);
    if (existsSync(compiled)) {
      validate = require(compiled) as ValidateFunction;
    } else {
      ajv ??= createAjv();
      validate = ajv.compile(JSON.parse(readFileSync(schemaPath(type), 'utf8')));
    }
    validators.set(type, validate);
  }
  return validate;
}

/** The standalone validator `npm run build` writes for a type. */
export function compiledValidatorPath(type: JsonFileType): string {
  return path.join(PACKAGE_ROOT, 'dist', 'schemas', `${type}.cjs`);
}

/** The ajv validate compiles with, here and at build time (scripts/compile-schemas.js asks for `code: { source: true }`). */
export function createAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // ajv-formats is CommonJS: require gives the function itself.
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => void;
  const instance = new Ajv({ allErrors: true, strict: true, verbose: true, ...extra });
  addFormats(instance);
  return instance;
}

/** Every problem the type's schema finds in a parsed value, one per pointer and message. */
export function schemaProblems(type: JsonFileType, value: unknown): SchemaProblem[] {
  const validate = validatorFor(type);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error);
    if (!problem) continue;
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function toProblem(error: ErrorObject): SchemaProblem | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const base = { keyword: error.keyword, anchor: 'auto' as Anchor };
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing `then` branch reports the actual problem
    case 'required': {
      const property = String(params.missingProperty);
      return { ...base, pointer: at, property, message: `${describe(at, ':')}missing required property "${property}"` };
    }
    case 'dependentRequired': {
      const property = String(params.missingProperty);
      const because = String(params.property);
      return { ...base, pointer: childPointer(at, because), anchor: 'key', property, message: `${describe(at, ':')}"${property}" is required when "${because}" is present` };
    }
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      return { ...base, pointer: childPointer(at, property), anchor: 'key', property, message: `${describe(at, ':')}unknown property "${property}"` };
    }
    case 'propertyNames':
      return { ...base, pointer: at, message: `${describe(at, ':')}property name "${String(params.propertyName)}" is not allowed` };
    default:
      return { ...base, pointer: at, message: `${describe(at)}${valueMessage(error, params)}` };
  }
}

function valueMessage(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${typeName(params.type)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} ${error.keyword === 'minItems' ? 'items' : error.keyword === 'minLength' ? 'characters' : 'properties'}`;
    case 'maxItems':
    case 'maxLength':
      return `must have at most ${String(params.limit)} ${error.keyword === 'maxItems' ? 'items' : 'characters'}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'multipleOf':
      return `must be a multiple of ${String(params.multipleOf)}`;
    case 'uniqueItems':
      return `must not repeat a value (items ${String(params.j)} and ${String(params.i)} are equal)`;
    case 'format':
      return params.format === 'uri' ? 'must be an absolute URI' : `must be a valid ${String(params.format)}`;
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return description ? `does not have the expected form: ${lowerFirst(description)}` : 'does not have the expected form';
    }
    case 'anyOf':
    case 'oneOf':
      return 'does not match any of the allowed forms';
    case 'not':
    case 'false schema':
      return 'is not allowed here';
    default:
      return error.message ?? 'is not valid';
  }
}

function typeName(type: unknown): string {
  const names: Record<string, string> = {
    string: 'a string',
    array: 'an array',
    object: 'an object',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    null: 'null',
  };
  const list = Array.isArray(type) ? type : String(type).split(',');
  return list.map((t) => names[String(t)] ?? String(t)).join(' or ');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
}

/**
 * A pointer as a reader writes a path: `mcpServers["my server"].args[2]`. Returns "" for the root,
 * so messages about the whole document read naturally.
 */
export function describePointer(pointer: string): string {
  let out = '';
  for (const segment of fromPointer(pointer)) {
    if (/^(0|[1-9]\d*)$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function describe(pointer: string, separator = ''): string {
  const text = describePointer(pointer);
  if (text === '') return separator ? '' : 'the document ';
  return separator ? `${text}${separator} ` : `${text} `;
}
