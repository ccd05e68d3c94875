import { MIN_PASSWORD_LENGTH } from '../constants.js';

export interface PasswordIssue {
  code: string;
  interpolation?: Record<string, number>;
}

const MAX_PASSWORD_LENGTH = 256;

/** Length of the longest run of equal, ascending or descending characters. */
function longestRestrictedRun(password: string): number {
  let longest = password.length > 0 ? 1 : 0;
  let repeat = 1;
  let up = 1;
  let down = 1;
  for (let index = 1; index < password.length; index += 1) {
    const step = password.charCodeAt(index) - password.charCodeAt(index - 1);
    repeat = step === 0 ? repeat + 1 : 1;
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    longest = Math.max(longest, repeat, up, down);
  }
  return longest;
}

/**
 * Logto's default password policy: at least 8 characters, no password that is
 * mostly one repeated or sequential run ("aaaa", "1234", "abc"), and no
 * password containing the user's own identifier.
 */
export function checkPassword(password: string, userInfo: { username?: string; email?: string }): PasswordIssue[] {
  const issues: PasswordIssue[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    issues.push({ code: 'password_rejected.too_short', interpolation: { min: MIN_PASSWORD_LENGTH } });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    issues.push({ code: 'password_rejected.too_long', interpolation: { max: MAX_PASSWORD_LENGTH } });
  }
  const run = longestRestrictedRun(password);
  if (run >= 3 && run * 2 >= password.length) {
    issues.push({ code: 'password_rejected.restricted.sequence' });
  }
  const lower = password.toLowerCase();
  const personal = [userInfo.username, userInfo.email, userInfo.email?.split('@')[0]]
    .filter((value): value is string => typeof value === 'string' && value.length >= 3)
    .map((value) => value.toLowerCase());
  if (personal.some((value) => lower.includes(value))) {
    issues.push({ code: 'password_rejected.restricted.user_info' });
  }
  return issues;
}
