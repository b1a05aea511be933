import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.0 and 2.1, A and AA: label-in-name is a 2.1 rule) on the current screen and returns the serious and critical violations: controls without an
 * accessible name or whose name does not contain their visible text, unlabelled fields, contrast,
 * bad ARIA. Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // axe-core's 0.5 MB is compiled once per document, not at every screen: the console is one page
  // whose screens change without a reload (a reload or another page loads it again).
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(`${axeSource};0`);
  const result = (await page.evaluate(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })))`)) as Violation[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
