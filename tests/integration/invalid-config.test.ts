// Invalid configuration must stop the app's commands before anything runs, naming every bad
// variable. `next build` loads next.config.ts first, so it fails in about a second.
import { spawnSync } from 'node:child_process';

import { expect, it } from 'vitest';

it('`next build` fails with one message naming every bad variable', () => {
  const result = spawnSync('node_modules/.bin/next', ['build'], {
    env: { ...process.env, LOGTO_ENDPOINT: 'not-a-url', MAX_ORGANIZATIONS_PER_USER: 'lots', NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  expect(result.status).not.toBe(0);
  expect(output).toContain('Invalid configuration');
  expect(output).toContain('LOGTO_ENDPOINT: must be an http(s) URL');
  expect(output).toContain('MAX_ORGANIZATIONS_PER_USER');
});
