import type { IncomingMessage } from 'node:http';

import type { RequestContext } from '../http/router.js';

const withoutApiPrefix = (path: string): string => path.replace(/^\/api(?=\/)/, '');

/** The client's address as Logto reports it (`127.0.0.1`, not `::ffff:127.0.0.1`). */
export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

/** Logto's metadata of a Management API request: the caller's user agent and address. */
export function managementApiMetadata(req: IncomingMessage): { userAgent?: string; ip: string } {
  return { userAgent: req.headers['user-agent'], ip: clientIp(req) };
}

/** Logto's metadata of an Experience API request. */
export function interactionMetadata(
  req: IncomingMessage,
  interaction: { event: 'SignIn' | 'Register'; applicationId?: string; sessionId: string },
): Record<string, unknown> {
  return {
    interactionEvent: interaction.event,
    userAgent: req.headers['user-agent'],
    applicationId: interaction.applicationId,
    sessionId: interaction.sessionId,
    ip: clientIp(req),
  };
}

/** What a hook payload says about the Management API call that caused it (paths without `/api`, as Logto's router sees them). */
export function managementApiContext(context: RequestContext, status: number) {
  return {
    path: withoutApiPrefix(context.url.pathname),
    method: context.req.method ?? 'GET',
    status,
    params: context.params,
    matchedRoute: withoutApiPrefix(context.route),
  };
}

/** The key of Logto's registration table for this request: `POST /organizations`. */
export function managementRouteKey(context: RequestContext): string {
  return `${context.req.method ?? 'GET'} ${withoutApiPrefix(context.route)}`;
}
