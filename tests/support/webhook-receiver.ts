// A webhook receiver for tests: an HTTP server on a free loopback port that records every
// request (headers and the raw body, so signatures can be checked byte for byte) and answers
// what the test asks for. The test that starts it stops it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: Record<string, unknown> | undefined;
}

/** How the receiver answers: a status (and JSON body), or never (the request stays open). */
export type ReceiverAnswer = { status: number; body?: unknown } | 'hang';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port><path>` */
  url(path?: string): string;
  readonly received: readonly ReceivedWebhook[];
  /** Sets how later requests are answered (default: 200 `{"ok":true}`); requests left hanging get this answer now. */
  answer(answer: ReceiverAnswer): void;
  /** Resolves with the first request (already received or to come) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (webhook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  /** Forgets what was received. */
  clear(): void;
  stop(): Promise<void>;
}

/** Whether `signature` is the hex HMAC-SHA256 of `rawBody` under `signingKey` (Logto's `logto-signature-sha-256`). */
export function verifyLogtoSignature(rawBody: string, signature: string | string[] | undefined, signingKey: string): boolean {
  if (typeof signature !== 'string') {
    return false;
  }
  const expected = createHmac('sha256', signingKey).update(rawBody).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<{ match: (webhook: ReceivedWebhook) => boolean; resolve: (webhook: ReceivedWebhook) => void }>();
  const hanging = new Set<ServerResponse>();
  let answer: ReceiverAnswer = { status: 200, body: { ok: true } };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      const webhook = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, body };
      received.push(webhook);
      for (const waiter of waiters) {
        if (waiter.match(webhook)) {
          waiters.delete(waiter);
          waiter.resolve(webhook);
        }
      }
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    answer(next) {
      answer = next;
      if (next !== 'hang') {
        for (const res of hanging) {
          res.writeHead(next.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(next.body ?? {}));
        }
        hanging.clear();
      }
    },
    waitFor(match, timeoutMs = 5_000) {
      const found = received.find(match);
      if (found) {
        return Promise.resolve(found);
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (webhook: ReceivedWebhook) => {
            clearTimeout(timer);
            resolve(webhook);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching webhook within ${timeoutMs} ms; received: ${JSON.stringify(received.map((webhook) => webhook.body?.event))}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      received.length = 0;
    },
    async stop() {
      for (const res of hanging) {
        res.destroy();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
