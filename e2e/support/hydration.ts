import { expect, type Locator } from '@playwright/test';

/**
 * Waits until React has hydrated `locator`'s element, so its handlers run. Before that a click
 * on a form's button submits it natively (the forms work without JavaScript): the whole page
 * reloads with the result, which is another path than the in-page one a test may mean to drive.
 * React marks each DOM node it has hydrated with a `__reactProps$…` key.
 */
export async function expectHydrated(locator: Locator) {
  await expect
    .poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps$'))), {
      message: 'the element was never hydrated by React',
    })
    .toBe(true);
}

/**
 * Clicks a control that only works once hydrated (a menu button has no native behaviour): a
 * click that lands before hydration does nothing, and Playwright does not click again.
 */
export async function clickWhenHydrated(locator: Locator) {
  await expectHydrated(locator);
  await locator.click();
}
