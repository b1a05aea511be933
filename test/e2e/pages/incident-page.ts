import type { Page } from 'playwright-core';

/** Incident mode: posture, the latest good snapshot, what changed (grouped), one plan, one report. */
export class IncidentPage {
  constructor(readonly page: Page) {}

  posture() {
    return this.page.getByLabel('Posture');
  }

  latestGood() {
    return this.page.getByLabel('Latest good snapshot');
  }

  /** One group of changes, by the start of its title (Refs deleted, Files changed…). */
  group(title: string) {
    return this.page.getByRole('region', { name: new RegExp(`^${title}`) });
  }

  async restoreAll(): Promise<void> {
    await this.page.getByRole('button', { name: 'Restore all of this' }).click();
    await this.plan().waitFor();
  }

  plan() {
    return this.page.getByRole('table', { name: 'Restore plan' });
  }

  /** The plan's row for one selected item. */
  item(source: string) {
    return this.plan().getByRole('row').filter({ has: this.page.getByRole('cell', { name: source, exact: true }) });
  }

  async confirmAndRun(word: string): Promise<void> {
    await this.page.getByLabel(`Confirm by typing ${word}`).fill(word);
    await this.page.getByRole('button', { name: 'Restore all now' }).click();
  }

  report() {
    return this.page.getByLabel('Verification report');
  }

  async reportText(): Promise<string> {
    return (await this.report().locator('pre').textContent()) ?? '';
  }
}
