/**
 * `--format junit`: one test case per checked file and a <failure> per finding that fails the run
 * (errors, and warnings under --strict), for CI systems that show test reports (GitLab, Jenkins).
 * Other findings of a file go to its <system-out>.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { Finding } from '../validate/types.js';
import type { Reporter } from './index.js';

/** XML 1.0 cannot hold most control characters, whatever the escaping. */
function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

function line(f: Finding): string {
  return xmlSafe(`${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.ruleId}  ${f.message}${f.fix ? `\nfix: ${f.fix}` : ''}`);
}

export const junitReport: Reporter = (result, { fails }) => {
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const files = result.files.filter((f) => !f.skipped).map((f) => f.file);
  // A finding about a file not in the list (a cross-file rule, say) still gets its test case.
  for (const file of byFile.keys()) if (!files.includes(file)) files.push(file);

  let failed = 0;
  const testcases = files.map((file) => {
    const findings = byFile.get(file) ?? [];
    const failures = findings.filter(fails);
    const others = findings.filter((f) => !fails(f));
    if (failures.length > 0) failed++;
    const testcase: Record<string, unknown> = { '@_classname': 'mcpauth.validate', '@_name': xmlSafe(file), '@_file': xmlSafe(file) };
    if (failures.length > 0) {
      testcase.failure = failures.map((f) => ({ '@_type': f.ruleId, '@_message': xmlSafe(`${f.line}:${f.column} ${f.ruleId}: ${f.message}`), '#text': line(f) }));
    }
    if (others.length > 0) testcase['system-out'] = others.map(line).join('\n');
    return testcase;
  });
  const counts = { '@_tests': files.length, '@_failures': failed, '@_errors': 0 };
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: { '@_name': 'mcpauth validate', ...counts, testsuite: { '@_name': 'mcpauth validate', ...counts, '@_skipped': 0, testcase: testcases } },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });
  return `${builder.build(document)}`;
};
