import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackListener {
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    // Keep-alive sockets of browsers and test clients would hold close() open.
    server.closeAllConnections();
  });
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Listens on 127.0.0.1 and [::1] with one port, never on other interfaces:
 * `localhost` resolves to either, depending on the client. IPv6 is skipped
 * where the machine has no ::1; port 0 picks a port free on both.
 */
export async function listenOnLoopback(listener: RequestListener, port: number): Promise<LoopbackListener> {
  const attempts = port === 0 ? 5 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const ipv4 = createServer(listener);
    await listen(ipv4, port, '127.0.0.1');
    const chosen = (ipv4.address() as AddressInfo).port;
    const ipv6 = createServer(listener);
    try {
      await listen(ipv6, chosen, '::1');
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') {
        return { port: chosen, close: () => close(ipv4) };
      }
      await close(ipv4);
      lastError = error;
      continue;
    }
    return { port: chosen, close: async () => void (await Promise.all([close(ipv4), close(ipv6)])) };
  }
  throw lastError;
}
