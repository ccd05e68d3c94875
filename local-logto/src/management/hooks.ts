import { z } from 'zod';

import { longId, standardSecret } from '../db/ids.js';
import { HOOK_EVENTS, type HookEvent } from '../hooks/events.js';
import { ApiError, created, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import { deleteHook, countHooks, findHook, insertHook, listHooks, toApiHook, updateHook, type HookRecord } from '../store/hooks.js';
import { param, query, type ManagementRouter } from './context.js';
import { emptyUpdate, notExistsWithId } from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

const TABLE = 'hooks';

const hookEvent = z.enum(HOOK_EVENTS);
/** At least one event; duplicates are dropped, as Logto does. */
const hookEvents = z
  .array(hookEvent)
  .min(1)
  .transform((events) => [...new Set(events)]);

const hookConfig = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  retries: z.number().min(0).max(3).optional(),
});

const hookFields = {
  name: z.string().max(256),
  event: hookEvent.nullable(),
  config: hookConfig,
  enabled: z.boolean(),
};

const createBody = z.object({
  ...hookFields,
  name: hookFields.name.optional(),
  event: hookEvent.optional(),
  events: hookEvents.optional(),
  enabled: z.boolean().optional(),
});
const updateBody = z.object({ ...hookFields, events: hookEvents }).partial();
const testBody = z.object({ events: hookEvents, config: hookConfig });

const statsQuery = z.object({ includeExecutionStats: z.string().optional() });
const logsQuery = z.object({ logKey: z.string().optional() });

/** Logto's `yes()`: the list reads these values as true. */
const isYes = (value: string | undefined): boolean =>
  value !== undefined && ['1', 'true', 'y', 'yes'].includes(value.toLowerCase());

function missingEvents(): ApiError {
  return new ApiError(400, 'hook.missing_events', 'You need to provide at least one event.');
}

/** Webhooks: CRUD with the signing key, key rotation, test deliveries and recent delivery logs. */
export function registerHookRoutes(api: ManagementRouter): void {
  const { database, hooks } = api;

  const requireHook = async (id: string): Promise<HookRecord> => {
    const hook = await findHook(database, id);
    if (!hook) {
      throw notExistsWithId(TABLE, id);
    }
    return hook;
  };

  const withStats = (hook: HookRecord) => ({ ...toApiHook(hook), executionStats: hooks.executionStats(hook.id) });

  api.get('/api/hooks', async (context) => {
    const { includeExecutionStats } = parseInput(statsQuery, query(context), 'query');
    const page = readPage(context.url, 'optional');
    const render = isYes(includeExecutionStats) ? withStats : toApiHook;
    if (!page) {
      return ok((await listHooks(database)).map(render));
    }
    const [total, found] = await Promise.all([countHooks(database), listHooks(database, page)]);
    return ok(found.map(render), pageHeaders(context.url, page, total));
  });

  api.get('/api/hooks/:id', async (context) => {
    const { includeExecutionStats } = parseInput(statsQuery, query(context), 'query');
    const hook = await requireHook(param(context, 'id'));
    // Logto reads any non-empty value as true here (unlike the list).
    return ok(includeExecutionStats ? withStats(hook) : toApiHook(hook));
  });

  api.get('/api/hooks/:id/recent-logs', async (context) => {
    const { logKey } = parseInput(logsQuery, query(context), 'query');
    const page = readPage(context.url, 'always');
    const logs = hooks.recentLogs(param(context, 'id'), logKey);
    return ok(logs.slice(page.offset, page.offset + page.limit), pageHeaders(context.url, page, logs.length));
  });

  api.post('/api/hooks', async ({ req }) => {
    const { event, events, enabled, name, config } = parseInput(createBody, await readJsonBody(req));
    if (!events && !event) {
      throw missingEvents();
    }
    const hook = await insertHook(database, {
      id: longId(),
      name: name ?? '',
      event: event ?? null,
      events: events ?? [],
      config,
      signingKey: standardSecret(),
      enabled: enabled ?? true,
    });
    return created(toApiHook(hook));
  });

  api.patch('/api/hooks/:id', async (context) => {
    const id = param(context, 'id');
    const patch = parseInput(updateBody, await readJsonBody(context.req));
    await requireHook(id);
    if (Object.values(patch).every((value) => value === undefined)) {
      throw emptyUpdate();
    }
    const updated = await updateHook(database, id, patch);
    if (!updated) {
      throw notExistsWithId(TABLE, id);
    }
    return ok(toApiHook(updated));
  });

  api.patch('/api/hooks/:id/signing-key', async (context) => {
    const id = param(context, 'id');
    const updated = await updateHook(database, id, { signingKey: standardSecret() });
    if (!updated) {
      throw notExistsWithId(TABLE, id);
    }
    return ok(toApiHook(updated));
  });

  api.delete('/api/hooks/:id', async (context) => {
    const id = param(context, 'id');
    if (!(await deleteHook(database, id))) {
      throw notExistsWithId(TABLE, id);
    }
    hooks.forget(id);
    return noContent();
  });

  api.post('/api/hooks/:id/test', async (context) => {
    const id = param(context, 'id');
    const { events, config } = parseInput(testBody, await readJsonBody(context.req));
    await hooks.sendTest(await requireHook(id), events satisfies HookEvent[], config);
    return noContent();
  });
}
