// Next's start-up hook, run once per server process before it serves requests.
import type { Instrumentation } from 'next';

export async function register() {
  // Set by Next itself. The server hooks need Node.js; this form lets the Edge bundle drop the import.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/server/start-server');
    startServer();
  }
}

export const onRequestError: Instrumentation.onRequestError = async (...args) => {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { logRequestError } = await import('./lib/server/log-request-error');
    await logRequestError(...args);
  }
};
