import { describe, expect, it } from 'vitest';

import { safeReturnPath, signInPath } from './return-path';

describe('safeReturnPath', () => {
  it.each([
    ['/o/abc/projects', '/o/abc/projects'],
    ['/dashboard?tab=1#top', '/dashboard?tab=1#top'],
    ['/o/abc/../def', '/o/def'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    ['an absolute URL', 'https://evil.example/phish'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash trick', '/\\evil.example'],
    ['an encoded-slash-free relative path', 'evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a control character', '/\t/evil.example'],
    ['a sign-in loop', '/sign-in?returnTo=/x'],
    ['the callback', '/callback?code=1'],
    ['a non-string', ['/dashboard']],
    ['undefined', undefined],
    ['a huge value', `/${'a'.repeat(3000)}`],
  ])('falls back for %s', (_name, input) => {
    expect(safeReturnPath(input)).toBe('/dashboard');
  });

  it('builds a sign-in link that carries the return path', () => {
    expect(signInPath('/o/x?y=1')).toBe('/sign-in?returnTo=%2Fo%2Fx%3Fy%3D1');
    expect(signInPath('https://evil.example')).toBe('/sign-in?returnTo=%2Fdashboard');
  });
});
