import { createHmac } from 'node:crypto';

import type { Queryable } from '../db/database.js';
import { longId } from '../db/ids.js';
import { ApiError } from '../http/responses.js';
import { listHooks, type HookConfig, type HookRecord } from '../store/hooks.js';
import type { DataHookContext, HookEvent } from './events.js';

export const HOOK_USER_AGENT = 'Logto (https://logto.io/)';
export const SIGNATURE_HEADER = 'logto-signature-sha-256';

/** Logto gives a hook request 10 s. */
const DELIVERY_TIMEOUT_MS = 10_000;
/** Logto keeps a day of delivery logs; this server keeps the newest ones of that day, per hook. */
const LOG_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_LOGS_PER_HOOK = 200;

/** HMAC-SHA256 of the exact body sent, hex, as Logto signs it. */
export function signPayload(signingKey: string, body: string): string {
  return createHmac('sha256', signingKey).update(body).digest('hex');
}

/** One delivery as Logto records it (`GET /api/hooks/:id/recent-logs`). */
export interface HookLog {
  id: string;
  key: string;
  payload: {
    key: string;
    result: 'Success' | 'Error';
    hookId: string;
    hookRequest: { body: Record<string, unknown> };
    response?: { statusCode: number; body: unknown };
    error?: string;
  };
  createdAt: number;
}

/** Fields every payload of one request shares, placed after `event` and `createdAt` (in this order). */
export type HookMetadata = Record<string, unknown>;

async function readResponse(response: Response): Promise<{ statusCode: number; body: unknown }> {
  const text = await response.text();
  try {
    return { statusCode: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { statusCode: response.status, body: text };
  }
}

/**
 * Sends webhooks the way Logto 1.37 does: one POST per subscribed, enabled hook and event,
 * JSON body signed with the hook's key, `user-agent: Logto (https://logto.io/)` plus the
 * hook's own headers, 10 s timeout. Logto asks its HTTP client (ky) for retries, but ky
 * never retries a POST, so each delivery is attempted once; this server does the same.
 * Deliveries run in the background: the request that caused them never waits or fails.
 */
export class WebhookDispatcher {
  readonly #db: Queryable;
  readonly #timeoutMs: number;
  readonly #logs = new Map<string, HookLog[]>();
  readonly #pending = new Set<Promise<void>>();
  readonly #stopping = new AbortController();

  constructor(db: Queryable, options: { timeoutMs?: number } = {}) {
    this.#db = db;
    this.#timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  }

  /** Reports events to every hook subscribed to them; returns at once. */
  dispatch(contexts: readonly DataHookContext[], metadata: HookMetadata): void {
    if (contexts.length === 0 || this.#stopping.signal.aborted) {
      return;
    }
    // The timestamp is taken now, when the change happened, not when the hooks were read.
    const createdAt = new Date().toISOString();
    const work = this.#deliverAll(contexts, metadata, createdAt).catch(() => {
      // Hooks never break the server; each delivery's outcome is in its log.
    });
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async #deliverAll(contexts: readonly DataHookContext[], metadata: HookMetadata, createdAt: string): Promise<void> {
    const hooks = await listHooks(this.#db);
    const deliveries = contexts.flatMap(({ event, fields }) =>
      hooks
        .filter((hook) => hook.enabled && (hook.events.length > 0 ? hook.events.includes(event) : hook.event === event))
        .map((hook) => this.#deliver(hook, { event, createdAt, ...metadata, ...fields, hookId: hook.id })),
    );
    await Promise.all(deliveries);
  }

  async #deliver(hook: HookRecord, body: Record<string, unknown> & { event: HookEvent }): Promise<void> {
    const key = `TriggerHook.${body.event}`;
    const log: HookLog = {
      id: longId(),
      key,
      payload: { key, result: 'Success', hookId: hook.id, hookRequest: { body } },
      createdAt: Date.now(),
    };
    try {
      const response = await this.#post(hook.config, body, hook.signingKey);
      log.payload.response = await readResponse(response);
      if (!response.ok) {
        log.payload.result = 'Error';
        log.payload.error = `HTTPError: Request failed with status code ${response.status}`;
      }
    } catch (error) {
      log.payload.result = 'Error';
      log.payload.error = String(error);
    }
    this.#record(hook.id, log);
  }

  #post(config: HookConfig, payload: Record<string, unknown>, signingKey: string): Promise<Response> {
    const body = JSON.stringify(payload);
    return fetch(config.url, {
      method: 'POST',
      headers: {
        'user-agent': HOOK_USER_AGENT,
        ...config.headers,
        'content-type': 'application/json',
        ...(signingKey ? { [SIGNATURE_HEADER]: signPayload(signingKey, body) } : {}),
      },
      body,
      signal: AbortSignal.any([this.#stopping.signal, AbortSignal.timeout(this.#timeoutMs)]),
    });
  }

  /**
   * `POST /api/hooks/:id/test`: one delivery per event to `config` (not necessarily the
   * hook's own URL), signed with the hook's key, awaited; failures answer Logto's 422s.
   */
  async sendTest(hook: HookRecord, events: readonly HookEvent[], config: HookConfig): Promise<void> {
    await Promise.all(
      events.map(async (event) => {
        let response: Response;
        try {
          response = await this.#post(config, testPayload(hook.id, event), hook.signingKey);
        } catch (error) {
          throw new ApiError(422, 'hook.send_test_payload_failed', `Failed to send test payload: ${String(error)}`);
        }
        if (!response.ok) {
          throw new ApiError(422, 'hook.endpoint_responded_with_error', 'Endpoint responded with error.', {
            data: { responseStatus: response.status, responseBody: await response.text() },
          });
        }
        await response.body?.cancel();
      }),
    );
  }

  #record(hookId: string, log: HookLog): void {
    const logs = [log, ...(this.#logs.get(hookId) ?? [])].slice(0, MAX_LOGS_PER_HOOK);
    this.#logs.set(hookId, logs);
  }

  /** A hook's deliveries of the last 24 hours, newest first. */
  recentLogs(hookId: string, logKey?: string): HookLog[] {
    const since = Date.now() - LOG_WINDOW_MS;
    return (this.#logs.get(hookId) ?? []).filter(
      (log) => log.createdAt > since && (logKey === undefined || log.key === logKey),
    );
  }

  executionStats(hookId: string): { requestCount: number; successCount: number } {
    const logs = this.recentLogs(hookId);
    return { requestCount: logs.length, successCount: logs.filter((log) => log.payload.result === 'Success').length };
  }

  forget(hookId: string): void {
    this.#logs.delete(hookId);
  }

  /** Resolves once every delivery already started has finished. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) {
      await Promise.allSettled([...this.#pending]);
    }
  }

  /** Aborts deliveries in flight and accepts no new ones. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.idle();
  }
}

const FAKE_USER_ID = 'fake-id';

/** Logto's test payload (`generateHookTestPayload`): fixed fake data in the shape of the event. */
export function testPayload(hookId: string, event: HookEvent): Record<string, unknown> {
  const now = new Date();
  const basic = { event, hookId, createdAt: now.toISOString(), userAgent: 'fake-user-agent' };
  if (event === 'PostRegister' || event === 'PostSignIn' || event === 'PostResetPassword' || event === 'PostSignInAdaptiveMfaTriggered') {
    return {
      ...basic,
      sessionId: 'fake-session-id',
      userIp: 'fake-user-ip',
      userId: FAKE_USER_ID,
      user: {
        id: FAKE_USER_ID,
        username: 'fake-user',
        primaryEmail: 'fake-user@fake-service.com',
        primaryPhone: '1234567890',
        name: 'Fake User',
        avatar: 'https://fake-service.com/avatars/fake-user.png',
        customData: { theme: 'light' },
        identities: { google: { userId: 'fake-google-user-id' } },
        profile: {},
        applicationId: 'fake-application-id',
        isSuspended: false,
        lastSignInAt: now.getTime(),
        createdAt: now.getTime(),
        updatedAt: now.getTime(),
      },
      application: {
        id: 'fake-spa-application-id',
        type: 'SPA',
        name: 'Fake Application',
        description: 'Fake application data for testing',
      },
    };
  }
  return {
    ...basic,
    path: '/fake-path/:id',
    method: 'POST',
    status: 200,
    params: { id: FAKE_USER_ID },
    data: { result: 'success' },
  };
}
