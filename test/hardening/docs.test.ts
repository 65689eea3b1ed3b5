/** README "Limits" and SECURITY.md state the limits the code has (the numbers come from the constants). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_SECRET_INPUT_BYTES, MAX_SECRET_LENGTH } from '../../src/crypto/client-secret.js';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_TIME_BUDGET_MS, formatSize, MAX_FILE_BYTES_CEILING, MAX_JSON_DEPTH } from '../../src/json/limits.js';
import { MAX_FINDINGS_PER_RULE } from '../../src/validate/engine.js';
import { XML_LIMITS } from '../../src/validate/parse/xml.js';
import { REPO_ROOT } from '../helpers/cli.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const limits = readme.slice(readme.indexOf('### Limits'), readme.indexOf('\n### ', readme.indexOf('### Limits') + 1));
const security = readFileSync(path.join(REPO_ROOT, 'SECURITY.md'), 'utf8');

test.each([
  ['the file size', formatSize(DEFAULT_MAX_FILE_BYTES)],
  ['the --max-file-size ceiling', formatSize(MAX_FILE_BYTES_CEILING)],
  ['the JSON depth', `${MAX_JSON_DEPTH} levels`],
  ['the XML element count', XML_LIMITS.maxElements.toLocaleString('en-US')],
  ['the XML depth', `${XML_LIMITS.maxDepth} levels`],
  ['the time budget', `${DEFAULT_TIME_BUDGET_MS / 1000} seconds`],
  ['the findings per rule', `${MAX_FINDINGS_PER_RULE} per rule`],
  ['the secret length', `${MAX_SECRET_LENGTH} characters`],
])('%s (%s) is stated in README "Limits" and in SECURITY.md', (_what, text) => {
  expect(limits).toContain(text);
  expect(security).toContain(text);
});

test('the secret input limit is stated in README "Limits"', () => {
  expect(limits).toContain(formatSize(MAX_SECRET_INPUT_BYTES));
});
