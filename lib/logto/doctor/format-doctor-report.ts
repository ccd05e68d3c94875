// How the doctor's result reads in a terminal and in server logs: one line per check, and
// under each problem what to change and where.
import type { DoctorReport } from './run-logto-doctor';

const LABEL = { pass: 'ok  ', fail: 'FAIL', warn: 'warn', skip: 'skip' } as const;

export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines = [`Logto doctor: ${report.endpoint}`];
  for (const check of report.checks) {
    lines.push(`  ${LABEL[check.status]}  ${check.title.padEnd(width)}  ${check.summary}`);
    for (const fix of check.fixes) lines.push(`${' '.repeat(width + 10)}-> ${fix}`);
  }
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const warned = report.checks.filter((check) => check.status === 'warn').length;
  lines.push(
    '',
    failed === 0
      ? `All checks passed${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`
      : `${failed} check${failed === 1 ? '' : 's'} failed.`,
  );
  return lines.join('\n');
}
