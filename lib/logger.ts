import 'server-only';

import pino, { type DestinationStream, type Logger } from 'pino';

import { getEnv } from '@/lib/env';

// The server's one logger. Production: one JSON object per line on stdout (what log shippers
// and platforms parse). Development: the same records as short readable lines.
//
// Never log a token, a cookie, a secret or a whole header set: callers pass chosen fields, and
// the paths below are redacted in case a request or an error object carrying them slips in.

const REDACTED_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'password',
  'secret',
  'clientSecret',
];

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Development output: `12:00:01 INFO request GET /dashboard 200 12ms id=…` plus the other fields. */
function readableLines(): DestinationStream {
  return {
    write(line: string) {
      const { time, level, msg, err, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const clock = typeof time === 'number' ? new Date(time).toTimeString().slice(0, 8) : '';
      const rest = Object.entries(fields)
        .filter(([key]) => key !== 'pid' && key !== 'hostname')
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ');
      const stack = typeof err === 'object' && err !== null && 'stack' in err ? `\n${String(err.stack)}` : '';
      process.stdout.write(`${clock} ${LEVEL_NAMES[Number(level)] ?? level} ${String(msg ?? '')} ${rest}${stack}\n`);
    },
  };
}

function createLogger(): Logger {
  const env = getEnv();
  const options = {
    level: env.logLevel,
    base: undefined, // no pid/hostname on every line: the platform adds where it came from
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (env.nodeEnv === 'development') {
    return pino({ ...options, timestamp: pino.stdTimeFunctions.epochTime, formatters: {} }, readableLines());
  }
  return pino(options);
}

const globalForLogger = globalThis as typeof globalThis & { __appLogger?: Logger };

export function getLogger(): Logger {
  globalForLogger.__appLogger ??= createLogger();
  return globalForLogger.__appLogger;
}
