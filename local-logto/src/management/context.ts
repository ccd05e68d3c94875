import type { Database } from '../db/database.js';
import type { WebhookDispatcher } from '../hooks/dispatcher.js';
import { MANAGEMENT_API_HOOKS, type HookEvent } from '../hooks/events.js';
import { managementApiContext, managementApiMetadata, managementRouteKey } from '../hooks/request-context.js';
import type { Reply } from '../http/responses.js';
import type { Handler, RequestContext, Router } from '../http/router.js';
import { queryObject } from '../http/validation.js';

/**
 * Registers Management API routes behind the bearer-token check. A route that succeeds
 * reports the event Logto registers for it (with the response body as `data`) to the hooks.
 */
export class ManagementRouter {
  constructor(
    private readonly router: Router,
    private readonly authenticate: (context: RequestContext) => Promise<void>,
    readonly database: Database,
    readonly hooks: WebhookDispatcher,
  ) {}

  #guard(handler: Handler): Handler {
    return async (context) => {
      await this.authenticate(context);
      const reply = await handler(context);
      const event = MANAGEMENT_API_HOOKS[managementRouteKey(context)];
      if (event) {
        this.report(context, event, { ...managementApiContext(context, reply.status), data: reply.json ?? reply.text });
      }
      return reply;
    };
  }

  /** Reports an event caused by this request; call it once the change is committed. */
  report(context: RequestContext, event: HookEvent, fields: Record<string, unknown>): void {
    this.hooks.dispatch([{ event, fields }], managementApiMetadata(context.req));
  }

  get(path: string, handler: Handler): this {
    this.router.get(path, this.#guard(handler));
    return this;
  }

  post(path: string, handler: Handler): this {
    this.router.post(path, this.#guard(handler));
    return this;
  }

  put(path: string, handler: Handler): this {
    this.router.put(path, this.#guard(handler));
    return this;
  }

  patch(path: string, handler: Handler): this {
    this.router.patch(path, this.#guard(handler));
    return this;
  }

  delete(path: string, handler: Handler): this {
    this.router.delete(path, this.#guard(handler));
    return this;
  }
}

export type { Reply, RequestContext };

/** A route parameter the router guarantees by its pattern. */
export function param(context: RequestContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) {
    throw new Error(`route has no :${name} parameter`);
  }
  return value;
}

export const query = (context: RequestContext): Record<string, string | string[]> => queryObject(context.url);
