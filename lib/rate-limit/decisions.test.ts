import { describe, expect, it } from 'vitest';

import { rateLimitedError, rateLimitHeaders } from './decisions';
import type { RateLimitPolicy } from './policies';

const policy: RateLimitPolicy = { name: 'api', limit: 600, windowSeconds: 60, what: 'apiRequests' };

describe('rateLimitHeaders', () => {
  it('states the policy and what is left, in the structured-field form of the IETF draft', () => {
    expect(rateLimitHeaders({ policy, allowed: true, remaining: 598, resetSeconds: 17 })).toEqual({
      'RateLimit-Policy': '"api";q=600;w=60',
      RateLimit: '"api";r=598;t=17',
    });
  });

  it('sends nothing for a limit that is off', () => {
    expect(rateLimitHeaders({ policy: { ...policy, limit: 0 }, allowed: true, remaining: Infinity, resetSeconds: 5 })).toEqual({});
  });
});

describe('the wait in the message', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [61, '2 minutes'],
    [3600, '1 hour'],
    [3601, '2 hours'],
  ])('%i s -> %s, rounded up', (seconds, text) => {
    expect(rateLimitedError({ policy, allowed: false, remaining: 0, resetSeconds: seconds }).message).toBe(`Too many API requests for now. Try again in ${text}.`);
  });
});

describe('rateLimitedError', () => {
  it('says what was limited and when to retry, and carries Retry-After', () => {
    const error = rateLimitedError({ policy: { ...policy, what: 'invitationsFromYou' }, allowed: false, remaining: 0, resetSeconds: 720 });
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterSeconds: 720 });
    expect(error.message).toBe('Too many invitations from you for now. Try again in 12 minutes.');
    expect(error.userMessage).toEqual({ key: 'rateLimited', values: { what: 'invitationsFromYou', unit: 'minute', amount: 12 } });
  });

  it('says to send fewer when one request is bigger than the whole limit', () => {
    const error = rateLimitedError({ policy: { ...policy, limit: 50, what: 'invitationsFromYou' }, allowed: false, remaining: 0, resetSeconds: Infinity });
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.message).toBe('That is more invitations from you than allowed at once (at most 50). Send fewer at a time.');
  });
});
