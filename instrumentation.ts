// Next's start-up hook, run once per server process before it serves requests.
export async function register() {
  // Set by Next itself. The server hooks need Node.js; this form lets the Edge bundle drop the import.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/server/start-server');
    startServer();
  }
}
