// `npm run dev [-- -p <port>]`: the app on the port of `-p`/`--port`, `PORT` or APP_URL (default
// 3000; APP_URL follows when unset, see dev-options.ts), and, when LOGTO_ENDPOINT is unset, the
// local Logto (local-logto/) first, so a fresh clone runs with no account and no network. This
// is the one place where the local Logto plugs into the dev command: it accepts sign-ins back
// to APP_URL and delivers the app's webhooks there.
import { spawn, type ChildProcess } from 'node:child_process';

import nextEnv from '@next/env';

import { InvalidConfigurationError, parseEnv } from '../lib/env';
import { DevOptionsError, resolveDevOptions } from './dev-options';

nextEnv.loadEnvConfig(process.cwd(), true);
const { options, env } = (() => {
  try {
    const resolved = resolveDevOptions(process.argv.slice(2), { PORT: process.env.PORT, APP_URL: process.env.APP_URL });
    const parsed = parseEnv({ ...process.env, APP_URL: resolved.appUrl, NODE_ENV: 'development' });
    if (parsed.usesLocalLogto && resolved.port === parsed.localLogtoPort) {
      throw new DevOptionsError(
        `Port ${resolved.port} is the local Logto's (LOCAL_LOGTO_PORT=${parsed.localLogtoPort}): start the app on another port, or set LOCAL_LOGTO_PORT.`,
      );
    }
    return { options: resolved, env: parsed };
  } catch (error) {
    if (error instanceof DevOptionsError || error instanceof InvalidConfigurationError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
})();
const children: ChildProcess[] = [];
let stopping = false;

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${command} ${args.join(' ')} exited (${signal ?? code}); stopping.`);
      void stop(typeof code === 'number' && code !== 0 ? code : 1);
    }
  });
  return child;
}

async function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(
    children
      .filter((child) => child.exitCode === null)
      .map((child) => new Promise((resolve) => child.once('exit', resolve))),
  );
  process.exit(code);
}

// Generous: the first start creates the database (PGlite initdb), which takes long on a busy machine.
async function waitForLogto(endpoint: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  const discovery = `${endpoint}/oidc/.well-known/openid-configuration`;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(discovery)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The local Logto did not answer at ${discovery} within ${timeoutMs / 1000} s`);
}

process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const tsx = 'node_modules/.bin/tsx';
const next = 'node_modules/.bin/next';

if (env.usesLocalLogto) {
  console.log(`Starting the local Logto at ${env.logto.endpoint} (development only; set LOGTO_ENDPOINT to use your own Logto).`);
  run(tsx, ['local-logto/src/cli.ts', '--port', String(env.localLogtoPort), '--app-url', env.appUrl]);
  await waitForLogto(env.logto.endpoint);
}
console.log(`Starting the app on port ${options.port} (APP_URL ${env.appUrl}).`);
// The app reads APP_URL from its environment: give it the resolved one.
run(next, ['dev', '--port', String(options.port), ...options.nextArgs], { APP_URL: env.appUrl });
