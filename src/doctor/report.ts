/** Doctor's report for people (one line per check) and for machines (--format json). */
import type { Output } from '../cli/output.js';
import type { DoctorReport } from './run.js';

export function doctorJson(report: DoctorReport): string {
  const { target } = report;
  const count = (status: string) => report.checks.filter((c) => c.status === status).length;
  const json = {
    config: target.configFile,
    server: target.serverName,
    url: target.serverUrl,
    registration: target.registration,
    ok: report.ok,
    summary: { pass: count('pass'), fail: count('fail'), skip: count('skip') },
    checks: report.checks.map(({ id, title, status, reason }) => ({ id, title, status, reason })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function doctorText(report: DoctorReport, colors: Output['colors']): string {
  const { target } = report;
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const label = { pass: colors.green('PASS'), fail: colors.red('FAIL'), skip: colors.dim('SKIP') };
  const lines = [`Checking "${target.serverName}" (${target.serverUrl}) from ${target.configFile}`, ''];
  for (const check of report.checks) lines.push(`${label[check.status]}  ${check.id.padEnd(width)}  ${check.reason}`);
  const count = (status: string) => report.checks.filter((c) => c.status === status).length;
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return `${lines.join('\n')}\n`;
}
