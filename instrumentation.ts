// Next's start-up hook: checks the Logto configuration once per server process and logs what
// is wrong (lib/logto/doctor). Not awaited: register() must finish before the server takes
// requests, and a slow or unreachable Logto must not hold up, or break, a single page.
export function register() {
  // Set by Next itself. The doctor needs Node.js; this form lets the Edge bundle drop the import.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    void import('./lib/logto/doctor/run-startup-doctor')
      .then(({ runStartupDoctor }) => runStartupDoctor())
      .catch((error: unknown) => {
        console.warn('[logto doctor] could not start:', error);
      });
  }
}
