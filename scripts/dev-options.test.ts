// How `npm run dev` picks the app's port and APP_URL from `-p`/`--port`, PORT and APP_URL.
import { describe, expect, it } from 'vitest';

import { DevOptionsError, resolveDevOptions } from './dev-options';

describe('resolveDevOptions', () => {
  it.each<{ name: string; argv: string[]; env: { PORT?: string; APP_URL?: string }; port: number; appUrl: string }>([
    { name: 'nothing given: port 3000', argv: [], env: {}, port: 3000, appUrl: 'http://localhost:3000' },
    { name: '-p 4000', argv: ['-p', '4000'], env: {}, port: 4000, appUrl: 'http://localhost:4000' },
    { name: '--port 4000', argv: ['--port', '4000'], env: {}, port: 4000, appUrl: 'http://localhost:4000' },
    { name: '--port=4000', argv: ['--port=4000'], env: {}, port: 4000, appUrl: 'http://localhost:4000' },
    { name: '-p4000', argv: ['-p4000'], env: {}, port: 4000, appUrl: 'http://localhost:4000' },
    { name: 'PORT=4000', argv: [], env: { PORT: '4000' }, port: 4000, appUrl: 'http://localhost:4000' },
    { name: 'the option wins over PORT, as in next dev', argv: ['-p', '4100'], env: { PORT: '4000' }, port: 4100, appUrl: 'http://localhost:4100' },
    { name: 'a local APP_URL sets the port', argv: [], env: { APP_URL: 'http://localhost:4200' }, port: 4200, appUrl: 'http://localhost:4200' },
    { name: 'a local APP_URL that agrees with -p', argv: ['-p', '4200'], env: { APP_URL: 'http://127.0.0.1:4200' }, port: 4200, appUrl: 'http://127.0.0.1:4200' },
    { name: 'an empty APP_URL counts as unset', argv: [], env: { APP_URL: '', PORT: '4000' }, port: 4000, appUrl: 'http://localhost:4000' },
    {
      name: 'a public APP_URL (a tunnel) leaves the local port alone',
      argv: ['-p', '4000'],
      env: { APP_URL: 'https://dev-app.example.com' },
      port: 4000,
      appUrl: 'https://dev-app.example.com',
    },
    { name: 'a public APP_URL alone: port 3000', argv: [], env: { APP_URL: 'https://dev-app.example.com' }, port: 3000, appUrl: 'https://dev-app.example.com' },
  ])('$name', ({ argv, env, port, appUrl }) => {
    expect(resolveDevOptions(argv, env)).toMatchObject({ port, appUrl });
  });

  it('passes every other argument on to next dev', () => {
    expect(resolveDevOptions(['--turbopack', '-p', '4000', '-H', '0.0.0.0'], {}).nextArgs).toEqual(['--turbopack', '-H', '0.0.0.0']);
  });

  it('refuses a local APP_URL that names another port, naming both', () => {
    expect(() => resolveDevOptions(['-p', '4000'], { APP_URL: 'http://localhost:3000' })).toThrow(
      new DevOptionsError(
        'APP_URL=http://localhost:3000 names port 3000, but -p 4000 starts the app on port 4000. ' +
          'Set APP_URL to http://localhost:4000 (or remove APP_URL), or drop -p 4000.',
      ),
    );
    expect(() => resolveDevOptions([], { PORT: '4000', APP_URL: 'http://localhost' })).toThrow(
      /APP_URL=http:\/\/localhost names port 80, but PORT=4000 starts the app on port 4000/,
    );
  });

  it.each([
    [['-p'], /-p needs a port number/],
    [['-p', 'abc'], /not a port number between 1 and 65535: abc/],
    [['--port=0'], /not a port number between 1 and 65535: 0/],
    [['-p', '70000'], /not a port number between 1 and 65535: 70000/],
  ])('refuses %j', (argv, message) => {
    expect(() => resolveDevOptions(argv, {})).toThrow(message);
  });

  it('refuses a PORT that is not a port, and an APP_URL that is not a URL', () => {
    expect(() => resolveDevOptions([], { PORT: '40a0' })).toThrow(/PORT=40a0 is not a port number/);
    expect(() => resolveDevOptions([], { APP_URL: 'not a url' })).toThrow('APP_URL is not a URL: not a url');
  });
});
