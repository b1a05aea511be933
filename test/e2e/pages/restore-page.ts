import type { Page } from 'playwright-core';

/** Select → Target → Plan & confirm → Run & verify. */
export class RestorePage {
  constructor(readonly page: Page) {}

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next: target' }).click();
  }

  async target(path: string): Promise<void> {
    await this.page.getByLabel('Target folder on this machine').fill(path);
    await this.page.getByRole('button', { name: 'Show the plan' }).click();
  }

  plan() {
    return this.page.getByRole('table', { name: 'Restore plan' });
  }

  restoreButton() {
    return this.page.getByRole('button', { name: 'Restore now' });
  }

  async confirm(word: string): Promise<void> {
    await this.page.getByLabel('Confirm by typing the word shown').fill(word);
  }

  verification() {
    return this.page.getByLabel('Verification');
  }
}
