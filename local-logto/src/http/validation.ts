import type { z } from 'zod';

import { ApiError } from './responses.js';

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `Error in key path "${issue.path.map(String).join('.')}": (${issue.code}) ${issue.message}`)
    .join('\n');
}

/** zod failures answer Logto's 400 `guard.invalid_input`, with the issues in `data`. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  type: 'body' | 'query' = 'body',
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ApiError(400, 'guard.invalid_input', `The request ${type} is invalid.`, {
      data: { issues: result.error.issues, name: 'ZodError' },
      details: describe(result.error.issues),
    });
  }
  return result.data;
}

/** Query parameters as a plain object; repeated keys keep every value. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    result[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return result;
}
