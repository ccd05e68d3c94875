// `npm run dev`: the app at APP_URL (default http://localhost:3000), and, when LOGTO_ENDPOINT is
// unset, the local Logto (local-logto/) first, so a fresh clone runs with no account and no
// network. This is the one place where the local Logto plugs into the dev command.
import { spawn, type ChildProcess } from 'node:child_process';

import nextEnv from '@next/env';

import { parseEnv } from '../lib/env';

nextEnv.loadEnvConfig(process.cwd(), true);
const env = parseEnv({ ...process.env, NODE_ENV: 'development' });
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

async function waitForLogto(endpoint: string, timeoutMs = 60_000) {
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
const appPort = new URL(env.appUrl).port || '3000';

if (env.usesLocalLogto) {
  console.log(`Starting the local Logto at ${env.logto.endpoint} (development only; set LOGTO_ENDPOINT to use your own Logto).`);
  run(tsx, ['local-logto/src/cli.ts', '--port', String(env.localLogtoPort), '--app-url', env.appUrl]);
  await waitForLogto(env.logto.endpoint);
}
run(next, ['dev', '--port', appPort]);
