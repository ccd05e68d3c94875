import { escapeHtml, scriptJson } from './layout.js';
import type { PageLocale } from './locale.js';

// The TOTP step shared by the sign-in page (enrol or verify during sign-in) and the account
// security page (enrol while signed in): a form with the secret as a QR code and as text, and
// a code field whose errors appear next to it. Its text lives here, together, in the page's
// language (locale.ts).

export const TOTP_TEXT = {
  en: {
    enrolHeading: 'Set up two-step verification',
    enrolIntro:
      'Scan the QR code with an authenticator app (such as 1Password, Google Authenticator or Microsoft Authenticator), or enter the key by hand, then type the 6-digit code it shows.',
    verifyHeading: 'Two-step verification',
    verifyIntro: 'Open your authenticator app and type the 6-digit code it shows for this account.',
    qrAlt: 'QR code with the key for your authenticator app',
    secretLabel: 'Key',
    codeLabel: '6-digit code',
    submit: 'Verify',
    busy: 'Verifying…',
    codeMissing: 'Enter the 6-digit code from your authenticator app.',
    codeFormat: 'The code is 6 digits.',
    codeWrong: 'That code is not right, or it has expired. Type the code your app shows now.',
    unexpected: 'Something went wrong. Please try again.',
  },
  de: {
    enrolHeading: 'Zwei-Faktor-Authentifizierung einrichten',
    enrolIntro:
      'Scannen Sie den QR-Code mit einer Authenticator-App (etwa 1Password, Google Authenticator oder Microsoft Authenticator) oder geben Sie den Schlüssel von Hand ein, und tippen Sie dann den 6-stelligen Code ein, den sie anzeigt.',
    verifyHeading: 'Zwei-Faktor-Authentifizierung',
    verifyIntro: 'Öffnen Sie Ihre Authenticator-App und tippen Sie den 6-stelligen Code ein, den sie für dieses Konto anzeigt.',
    qrAlt: 'QR-Code mit dem Schlüssel für Ihre Authenticator-App',
    secretLabel: 'Schlüssel',
    codeLabel: '6-stelliger Code',
    submit: 'Bestätigen',
    busy: 'Wird geprüft…',
    codeMissing: 'Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.',
    codeFormat: 'Der Code besteht aus 6 Ziffern.',
    codeWrong: 'Dieser Code stimmt nicht oder ist abgelaufen. Geben Sie den Code ein, den Ihre App jetzt anzeigt.',
    unexpected: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  },
} satisfies Record<PageLocale, Record<string, string>>;

export function renderTotpForm(locale: PageLocale): string {
  const text = TOTP_TEXT[locale];
  return `<form id="totp-form" novalidate hidden aria-labelledby="totp-heading">
  <h2 id="totp-heading"></h2>
  <p id="totp-intro" class="muted"></p>
  <div id="totp-enrol" hidden>
    <img id="totp-qr" alt="${escapeHtml(text.qrAlt)}" width="180" height="180">
    <p>${escapeHtml(text.secretLabel)}: <code id="totp-secret"></code></p>
  </div>
  <p id="totp-form-error" class="error" role="alert"></p>
  <div class="field">
    <label for="totp-code">${escapeHtml(text.codeLabel)}</label>
    <input id="totp-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
      required aria-describedby="totp-code-error">
    <p id="totp-code-error" class="error"></p>
  </div>
  <button id="totp-submit" type="submit">${escapeHtml(text.submit)}</button>
</form>`;
}

/**
 * Defines `startTotpStep({ enrol?: {secret, secretQrCode}, onCode })` for the page script.
 * `onCode(code)` does the page's calls; an error with code `session.mfa.invalid_totp_code`
 * is shown next to the field, any other below the heading.
 */
export function totpStepScript(locale: PageLocale): string {
  return `
const totpText = ${scriptJson(TOTP_TEXT[locale])};
function startTotpStep(options) {
  const totpForm = document.getElementById('totp-form');
  const input = document.getElementById('totp-code');
  const button = document.getElementById('totp-submit');
  const show = (id, message) => {
    document.getElementById(id + '-error').textContent = message || '';
    if (id === 'totp-code') {
      if (message) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
    }
  };
  document.getElementById('totp-heading').textContent = options.enrol ? totpText.enrolHeading : totpText.verifyHeading;
  document.getElementById('totp-intro').textContent = options.enrol ? totpText.enrolIntro : totpText.verifyIntro;
  if (options.enrol) {
    document.getElementById('totp-qr').src = options.enrol.secretQrCode;
    document.getElementById('totp-secret').textContent = options.enrol.secret;
    document.getElementById('totp-enrol').hidden = false;
  }
  totpForm.hidden = false;
  input.focus();
  totpForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    show('totp-form', '');
    show('totp-code', '');
    const code = input.value.replace(/\\s/g, '');
    if (!code) { show('totp-code', totpText.codeMissing); input.focus(); return; }
    if (!/^\\d{6}$/.test(code)) { show('totp-code', totpText.codeFormat); input.focus(); return; }
    button.disabled = true;
    button.textContent = totpText.busy;
    totpForm.setAttribute('aria-busy', 'true');
    try {
      await options.onCode(code);
    } catch (error) {
      if (error.code === 'session.mfa.invalid_totp_code') { show('totp-code', totpText.codeWrong); input.focus(); }
      else { show('totp-form', (options.describeError && options.describeError(error)) || totpText.unexpected); }
      button.disabled = false;
      button.textContent = totpText.submit;
      totpForm.removeAttribute('aria-busy');
    }
  });
}
`;
}
