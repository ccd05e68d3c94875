// Free TCP ports and waiting for a server to answer, for tests and scripts that start servers
// in child processes.
import { createServer } from 'node:net';

/** `count` distinct free ports: all sockets are held open together, so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((server) => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Polls `url` until it answers 2xx. `failure` (e.g. "the process exited with 1", or null while
 * it runs) ends the wait early with its message.
 */
export async function waitForUrl(url: string, { timeoutMs = 60_000, failure }: { timeoutMs?: number; failure?: () => string | null } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failed = failure?.();
    if (failed) throw new Error(`${url}: ${failed}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
