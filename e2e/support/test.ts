// The `test` every spec uses (ESLint enforces it): Playwright's, plus an automatic check that no
// page of the app reported a Content-Security-Policy violation during the test. The pages run
// with the production policy (nonce-based scripts, see lib/http/security-headers.ts), so a
// script, style or image the policy blocks fails the test that loaded it instead of breaking
// the page quietly.
import { test as base, expect, type Browser, type BrowserContext } from '@playwright/test';

type Violation = { page: string; report: string };

type ViolationReport = { directive: string; blocked: string; source: string; sample: string };

declare global {
  interface Window {
    __reportCspViolation?: (report: ViolationReport) => Promise<void>;
  }
}

async function watch(context: BrowserContext, appOrigin: string, violations: Violation[]) {
  const fromApp = (url: string) => url.startsWith(appOrigin);
  // The DOM event carries the details; it is reported through a binding that exists before
  // any of the page's own scripts run (init scripts are not subject to the page's CSP).
  await context.exposeBinding('__reportCspViolation', ({ page }, report: ViolationReport) => {
    const url = page.url();
    if (fromApp(url)) violations.push({ page: url, report: `${report.directive} blocked ${report.blocked} (${report.source}) ${report.sample}` });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      void window.__reportCspViolation?.({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
      });
    });
  });
  // Chromium also logs every violation (including ones from the response headers of
  // subresources) to the console.
  context.on('console', (message) => {
    const url = message.page()?.url() ?? message.location().url;
    if (/Content Security Policy/i.test(message.text()) && fromApp(url)) violations.push({ page: url, report: message.text() });
  });
}

/** Annotation of the one test that checks this check: it must see a violation instead. */
export const EXPECTS_CSP_VIOLATION = 'expects-csp-violation';

let testsInWorker = 0;

/**
 * The client address a test's browsers and request contexts present (X-Forwarded-For, which
 * the app reads when no proxy is trusted): one per test, so the per-address sign-in limit
 * counts each test on its own, as if every test were a different visitor, however many run at
 * once. From 198.18.0.0/15, the range set aside for benchmark tests.
 */
function clientAddressFor(workerIndex: number) {
  testsInWorker += 1;
  return `198.${18 + (workerIndex % 2)}.${Math.floor(workerIndex / 2) % 256}.${testsInWorker % 256}`;
}

export const test = base.extend<{ clientAddress: string; noCspViolations: void }>({
  clientAddress: async ({}, use, testInfo) => {
    await use(clientAddressFor(testInfo.workerIndex));
  },
  extraHTTPHeaders: async ({ extraHTTPHeaders, clientAddress }, use) => {
    await use({ 'X-Forwarded-For': clientAddress, ...extraHTTPHeaders });
  },
  noCspViolations: [
    async ({ context, browser, baseURL, clientAddress }, use, testInfo) => {
      const appOrigin = new URL(baseURL ?? 'http://localhost').origin;
      const violations: Violation[] = [];
      await watch(context, appOrigin, violations);
      // Contexts a test opens itself (a second user, a guest) are watched too, and come from
      // the test's client address.
      const newContext: Browser['newContext'] = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const created = await newContext({ ...options, extraHTTPHeaders: { 'X-Forwarded-For': clientAddress, ...options?.extraHTTPHeaders } });
        await watch(created, appOrigin, violations);
        return created;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      if (testInfo.annotations.some((annotation) => annotation.type === EXPECTS_CSP_VIOLATION)) {
        expect(violations.length, 'the violation this test provokes was reported').toBeGreaterThan(0);
      } else {
        expect(violations, 'Content-Security-Policy violations on the app’s pages').toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };
