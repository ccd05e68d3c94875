// The accessibility gate: axe-core with every WCAG 2.0, 2.1 and 2.2 A and AA rule, in light and
// dark mode. A violation fails the calling test with a list a person can act on.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

// WCAG 2.5.3 (label in name): axe files it under "experimental", so the tags alone leave it out.
const EXTRA_RULES = { 'label-content-name-mismatch': { enabled: true } };

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

export function formatViolations(violations: Violation[]) {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `- ${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help}\n    at ${node.target.join(' ')}\n    ${(node.failureSummary ?? '').replace(/\n/g, '\n    ')}`,
      ),
    )
    .join('\n');
}

/**
 * Scans the page as it is now, once per color scheme. Soft assertions: every state of a test is
 * scanned and reported, and the test fails at the end if any had a violation.
 */
export async function expectAccessible(page: Page, state: string) {
  // Scan the page once it has fully arrived. A form submitted before hydration reloads the page
  // natively and the new document streams, and a client navigation streams the new page's
  // metadata: either way, what a test waits for can show before the streamed <title>.
  await page.waitForLoadState('load');
  await expect(page, `${state} has no <title>`).toHaveTitle(/\S/);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page })
      .withTags(WCAG_TAGS)
      // Only violations are read; leaving out passes keeps each scan quick.
      .options({ rules: EXTRA_RULES, resultTypes: ['violations'] })
      .analyze();
    expect.soft(violations, `axe violations on ${state} (${colorScheme} mode):\n${formatViolations(violations)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}
