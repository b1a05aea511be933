import type { Page } from 'playwright-core';

export class DiffPage {
  constructor(readonly page: Page) {}

  async compareWithLive(): Promise<void> {
    await this.page.getByLabel('Against').selectOption('live');
    await this.page.getByRole('button', { name: 'Compare' }).click();
    await this.counts().waitFor();
  }

  counts() {
    return this.page.locator('.counts');
  }

  changesOf(source: string) {
    return this.page.getByLabel(`Changes in ${source}`);
  }

  async showDiff(path: string): Promise<void> {
    await this.page.locator('li.change', { hasText: path }).getByRole('button', { name: 'Show diff' }).click();
  }

  sideBySide(path: string) {
    return this.page.getByRole('region', { name: `Diff of ${path}` });
  }

  async restoreThis(path: string): Promise<void> {
    await this.page.locator('li.change', { hasText: path }).getByRole('button', { name: /^Restore / }).click();
  }
}
