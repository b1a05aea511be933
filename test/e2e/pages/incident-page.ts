import type { Locator, Page } from 'playwright-core';

/**
 * Incident mode: posture, each group of sources' latest good snapshot, what changed (grouped), one
 * plan per group, its report. `lineage(...)` scopes to one group when the sources' latest good
 * snapshots differ.
 */
export class IncidentPage {
  constructor(
    readonly page: Page,
    readonly root: Page | Locator = page,
  ) {}

  /** The group of sources compared from one snapshot, by their names as the screen lists them. */
  lineage(...names: string[]): IncidentPage {
    return new IncidentPage(this.page, this.page.getByRole('region', { name: `Sources ${names.join(', ')}`, exact: true }));
  }

  posture() {
    return this.page.getByLabel('Posture');
  }

  latestGood() {
    return this.root.getByLabel('Latest good snapshot');
  }

  /** One group of changes, by the start of its title (Refs deleted, Files changed…). */
  group(title: string) {
    return this.root.getByRole('region', { name: new RegExp(`^${title}`) });
  }

  async restoreAll(): Promise<void> {
    await this.root.getByRole('button', { name: 'Restore all of this' }).click();
    await this.plan().waitFor();
  }

  plan() {
    return this.root.getByRole('table', { name: 'Restore plan' });
  }

  /** The plan's row for one selected item. */
  item(source: string) {
    return this.plan().getByRole('row').filter({ has: this.page.getByRole('cell', { name: source, exact: true }) });
  }

  async confirmAndRun(word: string): Promise<void> {
    await this.root.getByLabel(`Confirm by typing ${word}`).fill(word);
    await this.root.getByRole('button', { name: 'Restore all now' }).click();
  }

  report() {
    return this.root.getByLabel('Verification report');
  }

  async reportText(): Promise<string> {
    return (await this.report().locator('pre').textContent()) ?? '';
  }
}
