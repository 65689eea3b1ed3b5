/**
 * Which catalog rule a schema error belongs to. A schema checks shape; when a rule in code says
 * the same thing better (a remote entry, a redirect URI, a grant type), the schema error is dropped
 * (null) and that rule reports it, so one problem is never reported twice.
 */
import { isObject } from '../rules/desktop-entries.js';
import { REMOTE_KEYS } from '../rules/desktop.js';
import { fromPointer } from './parse/pointer.js';
import { describePointer, type SchemaProblem } from './schemas.js';
import type { JsonFileType } from './types.js';

export interface SchemaAttribution {
  ruleId: string;
  /** A clearer sentence than the schema's, when there is one. */
  message?: string;
}

type Mapper = (problem: SchemaProblem, value: unknown) => SchemaAttribution | null;

const desktop: Mapper = (problem, value) => {
  const path = fromPointer(problem.pointer);
  if (path.length === 0 || (path.length <= 2 && path[0] === 'mcpServers' && problem.keyword === 'type')) return { ruleId: 'desktop/top-level' };
  if (path[0] !== 'mcpServers') return { ruleId: 'desktop/top-level' };
  const name = path[1];
  if (path.length === 2 && problem.keyword === 'required' && problem.property === 'command') {
    const entry = isObject(value) && isObject(value.mcpServers) ? value.mcpServers[name] : undefined;
    if (isObject(entry) && REMOTE_KEYS.some((k) => k in entry)) return null; // desktop/remote-entry says it better
    return { ruleId: 'desktop/command-required', message: `${describePointer(problem.pointer)} has no "command": Claude Desktop skips the entry` };
  }
  if (path[2] === 'command') return { ruleId: 'desktop/command-required', message: `${describePointer(problem.pointer)} must be a non-empty string` };
  return { ruleId: 'desktop/field-types' };
};

/** Redirect URIs are judged by dcr/redirect-uri (or mcp-remote/metadata-redirect-uris): drop their format errors. */
const isRedirectFormat = (problem: SchemaProblem) => problem.keyword === 'format' && /^\/redirect_uris\/\d+$/.test(problem.pointer);

const clientMetadata: Mapper = (problem) => {
  if (problem.pointer === '' && problem.keyword === 'type') return { ruleId: 'mcp-remote/metadata-json', message: 'the client metadata must be a JSON object' };
  if (isRedirectFormat(problem)) return null;
  return { ruleId: 'mcp-remote/metadata-fields' };
};

const request: Mapper = (problem) => (isRedirectFormat(problem) ? null : { ruleId: 'dcr/field-types' });

const response: Mapper = (problem, value) => {
  if (problem.keyword === 'dependentRequired' || problem.pointer === '/client_secret_expires_at') return { ruleId: 'dcr/response-secret-expiry' };
  return request(problem, value);
};

const cimd: Mapper = (problem) => {
  if (isRedirectFormat(problem)) return null;
  if (problem.keyword === 'required' && problem.pointer === '') return { ruleId: 'cimd/required-fields' };
  if (problem.pointer === '/client_id' && problem.keyword === 'format') return null; // cimd/client-id-url
  return { ruleId: 'dcr/field-types' };
};

const policy: Mapper = (problem) => {
  if (/^\/grantTypes\/\d+$/.test(problem.pointer) && problem.keyword === 'enum') return null; // policy/grant-types
  if (problem.pointer === '/client/requireProofKey') return null; // policy/pkce
  if (problem.pointer === '/client' && problem.keyword === 'required' && problem.property === 'requireProofKey') return null; // policy/pkce
  return { ruleId: 'policy/schema' };
};

const MAPPERS: Record<JsonFileType, Mapper> = {
  'desktop-config': desktop,
  'client-metadata': clientMetadata,
  'dcr-request': request,
  'dcr-response': response,
  cimd,
  'dcr-policy': policy,
  deployment: () => ({ ruleId: 'schema/deployment' }),
};

export function attributeSchemaProblem(type: JsonFileType, problem: SchemaProblem, value: unknown): SchemaAttribution | null {
  return MAPPERS[type](problem, value);
}
