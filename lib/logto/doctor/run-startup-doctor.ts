// The doctor at server start (instrumentation.ts): run once per process, log the result, and
// never throw or hold anything up: a misconfigured tenant shows in the logs, pages still render.
import { getEnv, type Env } from '@/lib/env';

import { doctorInputsFromEnv } from './doctor-inputs';
import { formatDoctorReport } from './format-doctor-report';
import { runLogtoDoctor } from './run-logto-doctor';

type Logger = Pick<Console, 'info' | 'warn'>;

const globalForDoctor = globalThis as typeof globalThis & { __logtoStartupDoctor?: Promise<void> };

/** Resolves when the doctor has logged; repeated calls in one process share the first run. */
export function runStartupDoctor({
  logger = console,
  env,
  fetch,
}: { logger?: Logger; env?: () => Env; fetch?: typeof globalThis.fetch } = {}): Promise<void> {
  globalForDoctor.__logtoStartupDoctor ??= (async () => {
    try {
      const report = await runLogtoDoctor(doctorInputsFromEnv((env ?? getEnv)(), { fetch }));
      if (report.checks.every((check) => check.status === 'pass')) {
        logger.info(`[logto doctor] ${report.checks.length} checks passed against ${report.endpoint}`);
      } else {
        logger.warn(`[logto doctor] the Logto configuration has problems (\`npm run logto:doctor\` prints this again):\n${formatDoctorReport(report)}`);
      }
    } catch (error) {
      // Invalid configuration or a bug in a check: logged, never thrown into the server start.
      logger.warn(`[logto doctor] could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();
  return globalForDoctor.__logtoStartupDoctor;
}
