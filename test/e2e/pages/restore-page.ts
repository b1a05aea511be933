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
    await this.page.getByLabel(/^Confirm by typing /).fill(word);
  }

  verification() {
    return this.page.getByLabel('Verification');
  }

  /** The step the wizard is at, as its list of steps marks it. */
  currentStep() {
    return this.page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
  }

  /** What the Select step lists. */
  selection() {
    return this.page.locator('section .card').first();
  }

  /** Empties the selection from the Select step, one Remove button at a time. */
  async clearSelection(): Promise<void> {
    const remove = this.page.getByRole('button', { name: /^Remove / });
    while ((await remove.count()) > 0) await remove.first().click();
  }

  /** The short id of the plan shown (the core runs this plan or nothing). */
  async planId(): Promise<string> {
    const text = (await this.page.getByLabel('Plan id').locator('.mono').first().textContent()) ?? '';
    return text.trim();
  }

  /** The id of the plan the finished job ran, as the result names it. */
  async ranPlan(): Promise<string> {
    const text = (await this.verification().getByText(/^Ran plan/).textContent()) ?? '';
    return /Ran plan (\S+)\./.exec(text)?.[1] ?? '';
  }

  /** The run's progress line: phase, files, bytes, rate, time left. */
  progress() {
    return this.page.locator('section .progress-detail').first();
  }

  async cancel(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cancel the restore' }).click();
  }

  async restoreNow(word: string): Promise<void> {
    await this.confirm(word);
    await this.restoreButton().click();
  }
}
