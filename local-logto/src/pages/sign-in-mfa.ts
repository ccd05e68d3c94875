import type { PageLocale } from './locale.js';
import { totpStepScript } from './totp-step.js';

/**
 * The sign-in page's MFA step, for the page script: `continueWithMfa(error)` takes over when
 * submit answered that MFA is owed (`user.missing_mfa`: enrol TOTP; `session.mfa.
 * require_mfa_verification`: verify it), drives the Experience API's TOTP routes, submits
 * again and follows the redirect. It returns false for any other error.
 */
export function signInMfaScript(locale: PageLocale): string {
  return `${totpStepScript(locale)}
async function continueWithMfa(error) {
  const enrol = error.code === 'user.missing_mfa' && (error.data?.availableFactors || []).includes('Totp');
  if (!enrol && error.code !== 'session.mfa.require_mfa_verification') { return false; }
  const secret = enrol ? await call('POST', '/api/experience/verification/totp/secret', {}) : undefined;
  document.getElementById('experience-form').hidden = true;
  document.querySelectorAll('.switch, .hint').forEach((element) => { element.hidden = true; });
  startTotpStep({
    enrol: secret,
    onCode: async (code) => {
      if (secret) {
        await call('POST', '/api/experience/verification/totp/verify', { verificationId: secret.verificationId, code });
        await call('POST', '/api/experience/profile/mfa', { type: 'Totp', verificationId: secret.verificationId });
      } else {
        await call('POST', '/api/experience/verification/totp/verify', { code });
      }
      const { redirectTo } = await call('POST', '/api/experience/submit');
      window.location.assign(redirectTo);
    },
    describeError: (apiError) => (apiError.code && apiError.code.startsWith('session.') && apiError.code !== 'session.mfa.invalid_totp_code' ? text.sessionLost : undefined),
  });
  return true;
}
`;
}
