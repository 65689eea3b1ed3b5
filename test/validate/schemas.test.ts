/** schemas/*.schema.json: standalone draft 2020-12 schemas, printed by `mcpauth schema`, agreeing with each other. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { JSON_FILE_TYPES } from '../../src/validate/types.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { FIXTURES } from './helpers.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;
const SCHEMAS = path.join(REPO_ROOT, 'schemas');
const load = (type: string) => JSON.parse(readFileSync(path.join(SCHEMAS, `${type}.schema.json`), 'utf8'));

test('there is one schema per JSON file type (Curity XML has rules only)', () => {
  expect(readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json')).map((f) => f.replace('.schema.json', '')).sort()).toEqual([...JSON_FILE_TYPES].sort());
});

test.each(JSON_FILE_TYPES.map((t) => [t]))('%s: draft 2020-12, its own $id, described, and compiles alone in strict mode', (type) => {
  const schema = load(type);
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema.$id).toBe(`urn:mcpauth:schema:${type}:1`);
  expect(typeof schema.title).toBe('string');
  expect(JSON.stringify(schema)).not.toMatch(/"\$ref":"(?!#)/); // no reference to another file
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  expect(() => ajv.compile(schema)).not.toThrow();
  const properties = schema.properties ?? {};
  for (const [name, property] of Object.entries(properties)) expect([type, name, typeof (property as { description?: string }).description]).toEqual([type, name, 'string']);
});

test('the RFC 7591 fields are defined identically in every OAuth schema', () => {
  const base = load('client-metadata').properties;
  for (const type of ['dcr-request', 'dcr-response', 'cimd']) {
    const props = load(type).properties;
    for (const [name, definition] of Object.entries(base)) {
      if (type === 'cimd' && name === 'client_id') continue;
      expect([type, name, props[name]]).toEqual([type, name, definition]);
    }
  }
});

test('standalone, the schemas accept the passing fixtures of their types', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const cases: Array<[string, string]> = [
    ['desktop-config', 'desktop/remote-entry.pass.json'],
    ['client-metadata', 'mcp-remote/missing-scope.pass.json'],
    ['dcr-request', 'dcr/redirect-uri.pass.json'],
    ['dcr-response', 'dcr/response-secret-expiry.pass.json'],
    ['cimd', 'cimd/required-fields.pass.json'],
    ['dcr-policy', 'policy/schema.pass.json'],
    ['deployment', 'schema/deployment.pass.json'],
  ];
  for (const [type, file] of cases) {
    const validate = ajv.compile(load(type));
    const value = JSON.parse(readFileSync(path.join(FIXTURES, 'rules', file), 'utf8'));
    expect([type, validate(value), validate.errors]).toEqual([type, true, null]);
  }
});

test('mcpauth schema lists and prints every type', () => {
  const list = runCli(['schema']);
  expect(list.stdout.trim().split('\n').sort()).toEqual([...JSON_FILE_TYPES].sort());
  const xml = runCli(['schema', 'curity-xml']);
  expect(xml.code).toBe(2);
  expect(xml.stderr).toMatch(/curity-xml is XML.*no JSON Schema.*docs\/rules\.md/);
  expect(JSON.parse(runCli(['schema', 'dcr-policy']).stdout).$id).toBe('urn:mcpauth:schema:dcr-policy:1');
});
