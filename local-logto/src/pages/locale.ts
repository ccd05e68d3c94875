// The languages of the local Logto's pages and e-mails: English and German. Like Logto, the
// first supported tag of `ui_locales` (OIDC Core §3.1.2.1: space-separated, best first) wins;
// without one the browser's Accept-Language decides, else English.

export const PAGE_LOCALES = ['en', 'de'] as const;

export type PageLocale = (typeof PAGE_LOCALES)[number];

function supported(tag: string): PageLocale | undefined {
  const primary = tag.trim().toLowerCase().split('-')[0];
  return PAGE_LOCALES.find((locale) => locale === primary);
}

function fromAcceptLanguage(header: string): PageLocale | undefined {
  const ranges = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.split(';');
      const weight = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param)?.[1]).find(Boolean);
      return { tag: tag.trim(), quality: weight === undefined ? 1 : Number(weight), order };
    })
    .filter((range) => range.tag && range.quality > 0 && range.quality <= 1)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { tag } of ranges) {
    if (tag === '*') return 'en';
    const locale = supported(tag);
    if (locale) return locale;
  }
  return undefined;
}

export function pickLocale(uiLocales: unknown, acceptLanguage: string | string[] | undefined): PageLocale {
  if (typeof uiLocales === 'string') {
    for (const tag of uiLocales.split(/\s+/)) {
      const locale = tag ? supported(tag) : undefined;
      if (locale) return locale;
    }
  }
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  return (header && fromAcceptLanguage(header)) || 'en';
}

/** The words every page shares (layout.ts). */
export const LAYOUT_TEXT = {
  en: {
    titleSuffix: 'Local Logto (development only)',
    banner: '<strong>Local development server</strong>, not Logto. Development and tests only: never use it for real accounts.',
  },
  de: {
    titleSuffix: 'Lokales Logto (nur Entwicklung)',
    banner: '<strong>Lokaler Entwicklungsserver</strong>, nicht Logto. Nur für Entwicklung und Tests: niemals für echte Konten verwenden.',
  },
} satisfies Record<PageLocale, Record<string, string>>;

/** The sign-in and create-account page and its script's messages (sign-in.ts). */
export const SIGN_IN_TEXT = {
  en: {
    signIn: 'Sign in',
    createAccount: 'Create account',
    continueTo: 'to continue to <strong>{app}</strong>',
    identifier: 'Email or username',
    password: 'Password',
    passwordHint: 'At least {min} characters.',
    haveAccount: 'Already have an account?',
    noAccount: 'No account yet?',
    demoAccounts: 'Demo accounts: {users} (or their usernames), password {password}.',
    noSignInTitle: 'No sign-in in progress',
    noSignIn: 'This page is opened by an app that signs you in. Go back to the app and choose "Sign in" again.',
    backToApp: 'Back to the app',
    identifierMissing: 'Enter your email or username.',
    identifierInvalid: 'Usernames start with a letter or an underscore and contain only letters, digits and underscores.',
    emailInvalid: 'Enter a valid email address.',
    passwordMissing: 'Enter your password.',
    invalidCredentials: 'Incorrect email, username or password.',
    usernameTaken: 'This username is already taken.',
    emailTaken: 'An account with this email already exists.',
    tooShort: 'Use at least {min} characters.',
    tooLong: 'Use at most 256 characters.',
    sequence: 'Avoid passwords made mostly of repeated or sequential characters, such as "aaaa" or "1234".',
    userInfo: 'Do not include your username or email in the password.',
    sessionLost: 'This sign-in has expired. Go back to the app and start again.',
    suspended: 'This account is suspended.',
    unexpected: 'Something went wrong. Please try again.',
    signingIn: 'Signing in…',
    creatingAccount: 'Creating account…',
  },
  de: {
    signIn: 'Anmelden',
    createAccount: 'Konto erstellen',
    continueTo: 'um mit <strong>{app}</strong> fortzufahren',
    identifier: 'E-Mail-Adresse oder Benutzername',
    password: 'Passwort',
    passwordHint: 'Mindestens {min} Zeichen.',
    haveAccount: 'Sie haben schon ein Konto?',
    noAccount: 'Noch kein Konto?',
    demoAccounts: 'Demokonten: {users} (oder ihre Benutzernamen), Passwort {password}.',
    noSignInTitle: 'Keine Anmeldung im Gange',
    noSignIn: 'Diese Seite wird von einer App geöffnet, die Sie anmeldet. Gehen Sie zurück zur App und wählen Sie erneut „Anmelden“.',
    backToApp: 'Zurück zur App',
    identifierMissing: 'Geben Sie Ihre E-Mail-Adresse oder Ihren Benutzernamen ein.',
    identifierInvalid: 'Benutzernamen beginnen mit einem Buchstaben oder Unterstrich und enthalten nur Buchstaben, Ziffern und Unterstriche.',
    emailInvalid: 'Geben Sie eine gültige E-Mail-Adresse ein.',
    passwordMissing: 'Geben Sie Ihr Passwort ein.',
    invalidCredentials: 'E-Mail-Adresse, Benutzername oder Passwort ist falsch.',
    usernameTaken: 'Dieser Benutzername ist bereits vergeben.',
    emailTaken: 'Mit dieser E-Mail-Adresse gibt es bereits ein Konto.',
    tooShort: 'Verwenden Sie mindestens {min} Zeichen.',
    tooLong: 'Verwenden Sie höchstens 256 Zeichen.',
    sequence: 'Vermeiden Sie Passwörter, die größtenteils aus wiederholten oder aufeinanderfolgenden Zeichen bestehen, etwa „aaaa“ oder „1234“.',
    userInfo: 'Verwenden Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse nicht im Passwort.',
    sessionLost: 'Diese Anmeldung ist abgelaufen. Gehen Sie zurück zur App und beginnen Sie von vorn.',
    suspended: 'Dieses Konto ist gesperrt.',
    unexpected: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    signingIn: 'Wird angemeldet…',
    creatingAccount: 'Konto wird erstellt…',
  },
} satisfies Record<PageLocale, Record<string, string>>;

/** The organization invitation e-mail (management/invitations.ts). */
export const INVITATION_MAIL_TEXT = {
  en: { subject: 'You are invited to join {organization}', someOrganization: 'an organization' },
  de: { subject: 'Sie sind eingeladen, {organization} beizutreten', someOrganization: 'einer Organisation' },
} satisfies Record<PageLocale, Record<string, string>>;

/** The consent step, which continues at once (consent.ts). */
export const CONSENT_TEXT = {
  en: {
    title: 'Continuing',
    heading: 'Continuing…',
    returning: 'Returning you to <strong>{app}</strong>.',
    needsScript: 'This page needs JavaScript to continue.',
    retry: 'Try again',
    failed: 'Could not continue: {error} Go back to the app and sign in again.',
  },
  de: {
    title: 'Weiter',
    heading: 'Es geht weiter…',
    returning: 'Sie kehren zu <strong>{app}</strong> zurück.',
    needsScript: 'Diese Seite braucht JavaScript, um fortzufahren.',
    retry: 'Erneut versuchen',
    failed: 'Weiter ging es nicht: {error} Gehen Sie zurück zur App und melden Sie sich erneut an.',
  },
} satisfies Record<PageLocale, Record<string, string>>;

/** The start page with the server's addresses and development credentials (routes.ts). */
export const HOME_TEXT = {
  en: {
    title: 'Local Logto',
    intro: 'A Logto-compatible server for development and tests. Every credential below is public and for development only.',
    issuer: 'OpenID Connect issuer',
    discovery: 'Discovery',
    managementApi: 'Management API',
    webApp: 'Web app',
    m2mApp: 'Management API app (M2M)',
    demoUsers: 'Demo users',
    demoUsersValue: '{users} (password {password})',
    outbox: '<a href="/outbox">Outbox</a>: e-mails this server "sent" (organization invitations).',
  },
  de: {
    title: 'Lokales Logto',
    intro: 'Ein Logto-kompatibler Server für Entwicklung und Tests. Alle Zugangsdaten unten sind öffentlich und nur für die Entwicklung.',
    issuer: 'OpenID-Connect-Aussteller',
    discovery: 'Discovery',
    managementApi: 'Management API',
    webApp: 'Web-App',
    m2mApp: 'Management-API-App (M2M)',
    demoUsers: 'Demobenutzer',
    demoUsersValue: '{users} (Passwort {password})',
    outbox: '<a href="/outbox">Postausgang</a>: E-Mails, die dieser Server „gesendet“ hat (Einladungen in Organisationen).',
  },
} satisfies Record<PageLocale, Record<string, string>>;

/** The outbox of e-mails the server would have sent (outbox.ts). */
export const OUTBOX_TEXT = {
  en: {
    title: 'Outbox',
    intro:
      'E-mails the local server would have sent. A real Logto sends them through its e-mail connector; this one keeps them here (also as <a href="/outbox.json">JSON</a>).',
    newestFirst: 'Newest first',
    sent: 'Sent',
    to: 'To',
    subject: 'Subject',
    link: 'Link',
    noLink: 'none',
    empty: 'No messages yet. Invitations created with a <code>messagePayload</code> land here.',
  },
  de: {
    title: 'Postausgang',
    intro:
      'E-Mails, die der lokale Server gesendet hätte. Ein echtes Logto sendet sie über seinen E-Mail-Connector; dieser hier bewahrt sie auf (auch als <a href="/outbox.json">JSON</a>).',
    newestFirst: 'Neueste zuerst',
    sent: 'Gesendet',
    to: 'An',
    subject: 'Betreff',
    link: 'Link',
    noLink: 'keiner',
    empty: 'Noch keine Nachrichten. Einladungen, die mit einem <code>messagePayload</code> erstellt werden, landen hier.',
  },
} satisfies Record<PageLocale, Record<string, string>>;

/** The account center's security page, where a signed-in user sets up TOTP (account-security.ts). */
export const ACCOUNT_SECURITY_TEXT = {
  en: {
    title: 'Account security',
    signedOutHeading: 'You are not signed in',
    signedOut: 'Sign in to an app that uses this Logto first, then open this page again in the same browser.',
    signedInAs: 'Signed in as <strong>{user}</strong>',
    enrolled: 'Two-step verification is on: an authenticator app (TOTP) was added on {date}.',
    notEnrolled: 'Two-step verification is off. Organizations that require it refuse you until you set it up.',
    setUp: 'Set up an authenticator app',
    done: 'Two-step verification is on. Go back to the app and try again.',
    unexpected: 'Something went wrong. Reload the page and try again.',
  },
  de: {
    title: 'Kontosicherheit',
    signedOutHeading: 'Sie sind nicht angemeldet',
    signedOut: 'Melden Sie sich zuerst bei einer App an, die dieses Logto verwendet, und öffnen Sie diese Seite dann erneut im selben Browser.',
    signedInAs: 'Angemeldet als <strong>{user}</strong>',
    enrolled: 'Die Zwei-Faktor-Authentifizierung ist an: Am {date} wurde eine Authenticator-App (TOTP) hinzugefügt.',
    notEnrolled: 'Die Zwei-Faktor-Authentifizierung ist aus. Organisationen, die sie verlangen, weisen Sie ab, bis Sie sie einrichten.',
    setUp: 'Authenticator-App einrichten',
    done: 'Die Zwei-Faktor-Authentifizierung ist an. Gehen Sie zurück zur App und versuchen Sie es erneut.',
    unexpected: 'Etwas ist schiefgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.',
  },
} satisfies Record<PageLocale, Record<string, string>>;

/** Fills `{name}` placeholders; values are inserted as given (escape HTML before, where needed). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
