import { describe, expect, it } from 'vitest';

import { isLoopbackUrl } from './loopback';

describe('isLoopbackUrl', () => {
  it('knows which URLs only this machine can open', () => {
    expect(['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'http://app.localhost', new URL('https://localhost')].map(isLoopbackUrl)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['https://app.example.com', 'https://tenant.logto.app', 'http://10.0.0.5:3000', 'http://localhost.example.com', 'not a url'].map(isLoopbackUrl)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
