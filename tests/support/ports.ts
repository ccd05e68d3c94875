// Ports for servers that tests and scripts start, and waiting for a server to answer.
//
// A port picked by binding port 0 and closing the socket is free only until someone else binds
// it: with parallel test workers starting servers, "someone else" is likely. So a server that
// runs in a child process gets a port this process holds (`holdPort`) and takes the held
// socket over when it listens (`spawnOnHeldPort`, with ./listen-handoff.mjs preloaded into the
// child): the port is never free in between. Servers in this process listen on port 0 instead.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

const HANDOFF_PRELOAD = fileURLToPath(new URL('./listen-handoff.mjs', import.meta.url));

function listen(server: Server, port: number, host: string, ipv6Only = false) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, ipv6Only }, () => {
      server.off('error', reject);
      const address = server.address();
      if (!address || typeof address === 'string') reject(new Error('no port'));
      else resolve(address.port);
    });
  });
}

function close(server: Server) {
  return new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

/** A port this process listens on until a child server takes it over (or `release()`). */
export type HeldPort = {
  port: number;
  /** One listening socket per address, in the order the server will listen on them. */
  sockets: Server[];
  release: () => Promise<void>;
};

/**
 * Holds a free port (or `port`, to restart a server on the one it had) on `hosts`: `['::']` (dual stack) for `next start`, which listens on every
 * interface; `['127.0.0.1', '::1']` for the local Logto, which listens on both loopbacks in
 * that order. Connections that arrive before the server takes over are dropped, so a readiness
 * poll simply tries again.
 */
export async function holdPort(hosts: string[] = ['::'], port = 0): Promise<HeldPort> {
  for (let attempt = 0; ; attempt += 1) {
    const sockets: Server[] = [];
    let chosen = port;
    try {
      for (const host of hosts) {
        const socket = createServer((connection) => connection.destroy());
        try {
          chosen = await listen(socket, chosen, host, host === '::1');
          sockets.push(socket);
        } catch (error) {
          // A machine without IPv6: the server skips that address too.
          const code = (error as NodeJS.ErrnoException).code;
          if (host.includes(':') && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
          throw error;
        }
      }
      if (sockets.length === 0) throw new Error(`cannot listen on ${hosts.join(', ')}`);
      return { port: chosen, sockets, release: async () => void (await Promise.all(sockets.map(close))) };
    } catch (error) {
      await Promise.all(sockets.map(close));
      // Another address's port was taken by someone else: pick another (unless one was asked for).
      if (port !== 0 || attempt >= 5 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
}

const handoffStates = new WeakMap<ChildProcess, string>();

/** Where the hand-over of a held port stands, for the message when a server never answers. */
export function handoffState(child: ChildProcess) {
  return handoffStates.get(child) ?? 'not started on a held port';
}

/**
 * Starts a Node server (`command` is a Node script or a bin that runs one) whose listen() on
 * `held.port` takes over the held sockets. This process lets go of them once the child has
 * them, or when the child exits first.
 */
export function spawnOnHeldPort(command: string, args: string[], held: HeldPort, options: SpawnOptions = {}): ChildProcess {
  const stdio = Array.isArray(options.stdio) ? options.stdio : [options.stdio ?? 'ignore', options.stdio ?? 'ignore', options.stdio ?? 'ignore'];
  const env = options.env ?? process.env;
  const child = spawn(command, args, {
    ...options,
    stdio: [stdio[0] ?? 'ignore', stdio[1] ?? 'ignore', stdio[2] ?? 'ignore', 'ipc'],
    env: {
      ...env,
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import ${HANDOFF_PRELOAD}`.trim(),
      LISTEN_HANDOFF_PORT: String(held.port),
      LISTEN_HANDOFF_COUNT: String(held.sockets.length),
    },
  });
  let bound = 0;
  handoffStates.set(child, 'the server has not started yet');
  child.on('message', (message: { type?: string }) => {
    if (message?.type === 'listen-handoff-ready') {
      handoffStates.set(child, `the port was handed over, the server has not listened on it yet`);
      for (const socket of held.sockets) child.send({ type: 'listen-handoff' }, socket);
    } else if (message?.type === 'listen-handoff-bound') {
      bound += 1;
      handoffStates.set(child, `the server listens on ${bound} of ${held.sockets.length} held sockets`);
      if (bound === held.sockets.length) {
        void held.release();
        child.channel?.unref();
      }
    }
  });
  child.once('exit', () => void held.release());
  return child;
}

/**
 * `count` distinct ports that were free a moment ago, all sockets held together so none is
 * handed out twice, then closed. Only for a port where nothing may listen (a server that is
 * down) or for a server that can't take a held socket; a child server should use `holdPort`.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(servers.map((server) => listen(server, 0, '127.0.0.1')));
  await Promise.all(servers.map(close));
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
      if ((await fetch(url, { signal: AbortSignal.timeout(10_000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
