import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error answered as Logto's `{code, message, data?, details?}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { data?: unknown; details?: string; fields?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.extra.data === undefined ? {} : { data: this.extra.data }),
      ...(this.extra.details === undefined ? {} : { details: this.extra.details }),
      ...this.extra.fields,
    };
  }
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  html?: string;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  json: body,
  headers,
});
export const ok = (body: unknown, headers?: Record<string, string>): Reply => json(200, body, headers);
export const created = (body: unknown): Reply => json(201, body);
/** Logto answers several relation endpoints with a plain-text `Created`. */
export const createdText = (): Reply => ({ status: 201, text: 'Created' });
export const noContent = (): Reply => ({ status: 204 });
export const html = (status: number, body: string): Reply => ({ status, html: body });

export function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    res.setHeader(name, value);
  }
  res.statusCode = reply.status;
  if (reply.json !== undefined) {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(reply.json));
  } else if (reply.text !== undefined) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(reply.text);
  } else if (reply.html !== undefined) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // Pages embed inline scripts and styles only; nothing else may load.
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; img-src 'self' data: https:; frame-ancestors 'none'; base-uri 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.end(reply.html);
  } else {
    res.end();
  }
}

export function sendError(res: ServerResponse, error: ApiError): void {
  send(res, json(error.status, error.toBody()));
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body; an empty body reads as `undefined`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError(413, 'guard.invalid_input', 'The request body is too large.');
    }
    chunks.push(buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ApiError(400, 'guard.invalid_input', 'The request body is invalid.', {
      details: 'The request body is not valid JSON.',
    });
  }
}
