import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import type { Database } from '@/lib/db/connect';
import { AppError } from '@/lib/errors';
import { listProjects } from '@/lib/projects/projects';
import { createProjectSchema, listProjectsQuerySchema, updateProjectSchema } from '@/lib/projects/schemas';

import { readJson, toErrorResponse } from './errors';

async function answerTo(work: () => unknown) {
  try {
    await work();
  } catch (error) {
    const response = toErrorResponse(error);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  throw new Error('expected the work to throw');
}

const jsonRequest = (body: string, contentType = 'application/json') =>
  new Request('http://app.test/api', { method: 'POST', headers: { 'Content-Type': contentType }, body });

describe('invalid input answers 400 invalid_request, as docs/api.md says', () => {
  it.each([
    ['a body that is not JSON', () => readJson(jsonRequest('{"name": ')), 'The request body is not valid JSON.'],
    ['a body without the JSON content type', () => readJson(jsonRequest('{"name":"x"}', 'text/plain')), 'Send a JSON body with Content-Type: application/json.'],
    // Base64url of "not-a-cursor": passes the query schema, fails decoding before any query is made.
    ['a cursor that does not decode', () => listProjects({} as Database, 'org', { limit: 20, cursor: 'bm90LWEtY3Vyc29y' }), 'Not a valid cursor.'],
  ])('%s', async (_name, work, description) => {
    expect(await answerTo(work)).toEqual({ status: 400, body: { error: 'invalid_request', error_description: description } });
  });

  it('a field that fails its rule: its message under the field', async () => {
    expect(await answerTo(() => createProjectSchema.parse({ name: '' }))).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'The request is invalid.', fieldErrors: { name: ['Enter a project name.'] } },
    });
  });

  it('a query parameter out of range', async () => {
    const { status, body } = await answerTo(() => listProjectsQuerySchema.parse({ limit: '1000' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request', fieldErrors: { limit: [expect.any(String)] } });
  });

  it('unknown fields: named in the description and under each field', async () => {
    expect(await answerTo(() => createProjectSchema.parse({ name: 'Relaunch', colour: 'red', owner: 'me' }))).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'Unknown fields: colour, owner.',
        fieldErrors: { colour: ['Unknown field: colour.'], owner: ['Unknown field: owner.'] },
      },
    });
  });

  it('an unknown field next to a bad one: both reported', async () => {
    expect(await answerTo(() => updateProjectSchema.parse({ name: '', nmae: 'typo' }))).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'Unknown field: nmae.',
        fieldErrors: { name: ['Enter a project name.'], nmae: ['Unknown field: nmae.'] },
      },
    });
  });

  it('an unknown field inside an object names its path', async () => {
    const schema = z.strictObject({ branding: z.strictObject({ logoUrl: z.string() }) });
    const { body } = await answerTo(() => schema.parse({ branding: { logoUrl: 'x', logoURL: 'y' } }));
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: 'Unknown field: branding.logoURL.',
      fieldErrors: { branding: ['Unknown field: branding.logoURL.'] },
    });
  });

  it('a rule on the whole body goes to the description', async () => {
    const { body } = await answerTo(() => updateProjectSchema.parse({}));
    expect(body).toEqual({ error: 'invalid_request', error_description: 'Send a name or a description to change.', fieldErrors: {} });
  });
});

describe('other errors', () => {
  it('an AppError answers its own status and message', async () => {
    expect(await answerTo(() => Promise.reject(new AppError('invalid_input', 'Type the name to confirm.')))).toEqual({
      status: 422,
      body: { error: 'invalid_input', error_description: 'Type the name to confirm.' },
    });
  });

  it('anything else is a generic 500 that does not leak its message', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { status, body } = await answerTo(() => Promise.reject(new Error('connection string postgres://secret')));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
    log.mockRestore();
  });
});
