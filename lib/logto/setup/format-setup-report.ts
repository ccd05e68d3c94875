// The table `npm run logto:setup` prints: one row per thing the app expects in the tenant.
import type { SetupReport } from './run-logto-setup';

export function formatSetupReport(report: SetupReport): string {
  const header = ['What', 'Result', 'Details'] as const;
  const whatWidth = Math.max(header[0].length, ...report.rows.map((row) => row.subject.length));
  const resultWidth = Math.max(header[1].length, ...report.rows.map((row) => row.result.length));
  const line = (what: string, result: string, details: string) =>
    `${what.padEnd(whatWidth)}  ${result.padEnd(resultWidth)}  ${details}`.trimEnd();

  const lines = [line(...header), line('-'.repeat(whatWidth), '-'.repeat(resultWidth), '-------')];
  for (const row of report.rows) {
    lines.push(line(row.subject, row.result, row.details[0] ?? ''));
    // Further details go on their own lines, aligned with the Details column.
    for (const detail of row.details.slice(1)) lines.push(line('', '', detail));
  }

  const count = (result: string) => report.rows.filter((row) => row.result === result).length;
  const summary = (['created', 'fixed', 'already right', 'differs', 'failed'] as const)
    .map((result) => [result, count(result)] as const)
    .filter(([, n]) => n > 0)
    .map(([result, n]) => `${n} ${result}`)
    .join(', ');
  lines.push('', summary || 'nothing to do');
  for (const note of report.notes) lines.push('', `Note: ${note}`);
  return lines.join('\n');
}
