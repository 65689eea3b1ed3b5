/**
 * Every rule of the registry, against a failing and a passing fixture written for it
 * (test/fixtures/validate/rules/<family>/<name>.{fail,pass}.{json,xml}, or a folder
 * <name>.{fail,pass}/ of files checked together for the rules that compare files): the failing one
 * must produce the rule at the expected line and column, the passing one no finding at all.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { thisPlatform } from '../../src/deployment/platform.js';
import { RULES } from '../../src/rules/registry.js';
import type { AnyRule } from '../../src/rules/rule.js';
import { runValidation } from '../../src/validate/engine.js';
import { collectInputs } from '../../src/validate/inputs.js';
import type { Severity, ValidateOptions, ValidationResult } from '../../src/validate/types.js';
import { FIXTURES, makeReferencedFiles, options, positionOf, validateText, withTmp } from './helpers.js';

/** Where the finding must be: at a text (the nth occurrence), right after a text, or a line and column. */
type Marker = string | { text: string; nth?: number; after?: boolean } | [number, number];

interface Case {
  at: Marker;
  /** In a folder fixture: the file the finding is in. */
  file?: string;
  options?: Partial<ValidateOptions>;
  /** Options for the passing fixture, when they differ. */
  passOptions?: Partial<ValidateOptions>;
}

const CLIENT_METADATA = { type: 'client-metadata' } as const;
const CA_VALUE: Marker = { text: '"NODE_EXTRA_CA_CERTS": ', after: true };

const CASES: Record<string, Case> = {
  'core/too-large': { at: [1, 1], options: { maxBytes: 64 }, passOptions: { maxBytes: 5 * 1024 * 1024 } },
  'core/unknown-type': { at: [1, 1] },
  'core/json-syntax': { at: { text: ',\n  ],', after: false } },
  'core/duplicate-key': { at: { text: '"client_name"', nth: 2 } },
  'schema/deployment': { at: { text: '"scopes": ', after: true } },
  'desktop/json-syntax': { at: '// my servers' },
  'desktop/top-level': { at: '"mcpServers"' },
  'desktop/duplicate-key': { at: { text: '"demo"', nth: 2 } },
  'desktop/server-outside-mcp-servers': { at: '"github"' },
  'desktop/remote-entry': { at: '"remote"' },
  'desktop/command-required': { at: '"demo"' },
  'desktop/field-types': { at: '8080' },
  'desktop/unknown-field': { at: '"cwd"' },
  'desktop/unexpanded-variable': { at: '"~/mcp' },
  'desktop/secret-in-args': { at: '"Authorization: Bearer' },
  'desktop/tls-verification-disabled': { at: '"NODE_TLS_REJECT_UNAUTHORIZED"' },
  'desktop/ca-cert-path': { at: CA_VALUE, passOptions: { offline: true } },
  'desktop/ca-cert-file': { at: CA_VALUE },
  'desktop/ca-cert-not-ca': { at: CA_VALUE },
  'desktop/ca-cert-expired': { at: CA_VALUE },
  'mcp-remote/package': { at: '"@anthropic-ai/mcp-remote' },
  'mcp-remote/npx-order': { at: '"-y"' },
  'mcp-remote/version-pin': { at: '"mcp-remote@latest"' },
  'mcp-remote/url-position': { at: '"--allow-http"' },
  'mcp-remote/url': { at: '"mcp.example.com/mcp"' },
  'mcp-remote/https-required': { at: '"http://mcp.example.com/mcp"' },
  'mcp-remote/unknown-flag': { at: '"--allow_http"' },
  'mcp-remote/exit-flag': { at: '"--version"' },
  'mcp-remote/flag-value': { at: '"websocket"' },
  'mcp-remote/duplicate-flag': { at: { text: '"--transport"', nth: 2 } },
  'mcp-remote/metadata-json': { at: '"{client_name' },
  'mcp-remote/metadata-fields': { at: '"scopes"', options: CLIENT_METADATA },
  'mcp-remote/metadata-redirect-uris': { at: '"redirect_uris"', options: CLIENT_METADATA },
  'mcp-remote/missing-scope': { at: [1, 1], options: CLIENT_METADATA },
  'mcp-remote/windows-unsafe-arg': { at: '"{\\"client_name', options: { platform: 'win32' } },
  'mcp-remote/silent': { at: '"--silent"' },
  'dcr/field-types': { at: '"scope"' },
  'dcr/redirect-uris-required': { at: '"redirect_uris"' },
  'dcr/redirect-uri': { at: '"http://attacker' },
  'dcr/grant-response-consistency': { at: '"implicit"' },
  'dcr/jwks-exclusive': { at: '"jwks":' },
  'dcr/auth-method-native': { at: '"client_secret_basic"' },
  'dcr/client-uri-origin': { at: '"https://github.com' },
  'dcr/response-secret-expiry': { at: '"client_secret":' },
  'cimd/client-id-url': { at: '"https://app.example.com/"' },
  'cimd/required-fields': { at: [1, 1] },
  'cimd/no-shared-secret': { at: '"client_secret_basic"' },
  'policy/schema': { at: { text: '"version": ', after: true } },
  'policy/redirect-rule': { at: '"https://claude.ai/api' },
  'policy/grant-types': { at: '"implicit"' },
  'policy/pkce': { at: 'false' },
  'policy/every-request-branch': { at: '"scopes"' },
  'curity/xml-syntax': { at: '</client-store>' },
  'curity/namespace': { at: { text: 'as:oauth-service', after: false } },
  'curity/client-id': { at: 'claude client' },
  'curity/duplicate-client-id': { at: { text: 'claude-desktop', nth: 2 } },
  'curity/authentication-method': { at: '<no-authentication>' },
  'curity/capability-name': { at: '<authorization-code/>' },
  'curity/capability-required': { at: '<id>claude-desktop' },
  'curity/capability-not-enabled': { at: '<client-credentials/>' },
  'curity/redirect-uri-required': { at: { text: '<code/>', nth: 2 } },
  'curity/redirect-uri': { at: 'https://app.example.com/callback#done' },
  'curity/loopback-port': { at: 'http://127.0.0.1/callback' },
  'curity/scope-one-value': { at: 'openid stocks/read' },
  'curity/scope-undefined': { at: 'stocks/write' },
  'curity/authenticator-undefined': { at: 'passkeys' },
  'curity/unresolved-reference': { at: 'stocks/read' },
  'curity/secret-plaintext': { at: 'my-client-secret' },
  'curity/secret-format': { at: '$6$' },
  'curity/placeholder': { at: '#{CLIENT_SECRET}' },
  'curity/refresh-token': { at: 'claude-desktop' },
  'curity/dcr-procedure-binding': { at: { text: '<pre-processing-procedure>', nth: 2 } },
  'cross/scope-allowed': { file: 'claude_desktop_config.json', at: '"{\\"client_name' },
  'cross/audience-resource': { file: 'curity-static-client.xml', at: 'https://mcp.example.com/mcp<' },
  'cross/web-redirect': { at: 'https://claude.com/api/mcp/auth_callback' },
  'cross/web-scopes': { at: 'claude-web' },
  'cross/static-client-id': { file: 'claude_desktop_config.json', at: '"{\\"client_id' },
  'cross/callback-port': { file: 'claude_desktop_config.json', at: '"40009"' },
  'cross/cimd-url': { file: 'claude_desktop_config.json', at: '"https://app.example.com/oauth/claude.json"' },
};

/** Rules whose failing case cannot be a file: tested in engine.test.ts and cli.test.ts. */
const FAIL_ELSEWHERE: Record<string, string> = {
  'core/unreadable': 'a path that does not exist (engine.test.ts, cli.test.ts)',
  'core/rule-failed': 'a rule that throws, added for the test (engine.test.ts)',
};

/** The fixture's path: a .json or .xml file, or a folder of files checked together. */
function fixture(rule: AnyRule, kind: 'fail' | 'pass'): string {
  const base = path.join(FIXTURES, 'rules', `${rule.id}.${kind}`);
  return ['.json', '.xml', ''].map((ext) => base + ext).find((candidate) => existsSync(candidate)) ?? `${base}.json`;
}

function isFolder(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}

/** Runs a fixture: a file as if named on the command line, a folder as `mcpauth validate <folder>` run inside it. */
async function check(file: string, overrides: Partial<ValidateOptions> | undefined): Promise<{ result: ValidationResult; text: (name: string) => string }> {
  if (isFolder(file)) {
    const result = await runValidation(await collectInputs([file], file), options({ ...overrides, cwd: file }));
    return { result, text: (name) => readFileSync(path.join(file, name), 'utf8') };
  }
  const text = withTmp(readFileSync(file, 'utf8'), tmp);
  return { result: await validateText(text, path.basename(file), overrides), text: () => text };
}

function locate(text: string, marker: Marker): [number, number] {
  if (Array.isArray(marker)) return marker;
  const { text: needle, nth = 1, after = false } = typeof marker === 'string' ? { text: marker } : marker;
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  if (at === -1) throw new Error(`marker ${JSON.stringify(needle)} not found in the fixture`);
  return positionOf(text, after ? at + needle.length : at);
}

let tmp: string;
beforeAll(async () => {
  tmp = await makeReferencedFiles();
});

const runsHere = thisPlatform() !== 'win32'; // the fixtures' absolute paths are POSIX paths

test('every rule of the registry has fixtures and a case here', () => {
  for (const rule of RULES) {
    expect([rule.id, existsSync(fixture(rule, 'pass'))]).toEqual([rule.id, true]);
    if (FAIL_ELSEWHERE[rule.id]) continue;
    expect([rule.id, existsSync(fixture(rule, 'fail'))]).toEqual([rule.id, true]);
    expect([rule.id, CASES[rule.id] !== undefined]).toEqual([rule.id, true]);
  }
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const testIf = runsHere ? test : test.skip;
  const c = CASES[id];
  if (c) {
    testIf(`fires on ${path.basename(fixture(rule, 'fail'))} at the expected place`, async () => {
      const { result, text } = await check(fixture(rule, 'fail'), c.options);
      const finding = result.findings.find((f) => f.ruleId === id && (c.file === undefined || f.file === c.file));
      expect(finding).toBeDefined();
      const expected: Severity = rule.severity;
      const file = c.file ?? finding!.file;
      expect({ file: finding!.file, severity: finding!.severity, at: [finding!.line, finding!.column] }).toEqual({ file, severity: expected, at: locate(text(file), c.at) });
      expect(finding!.message.length).toBeGreaterThan(10);
    });
  }
  testIf(`is silent on ${path.basename(fixture(rule, 'pass'))} (no finding at all)`, async () => {
    const { result } = await check(fixture(rule, 'pass'), { ...c?.options, ...c?.passOptions });
    expect(result.findings).toEqual([]);
    expect(result.summary.files).toBeGreaterThan(0);
  });
});
