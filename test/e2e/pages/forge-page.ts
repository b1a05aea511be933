import type { Page } from 'playwright-core';

/** A GitHub or GitLab source in Diff (its typed changes) and its restore panel (token, plan, confirmation, result). */
export class ForgePage {
  constructor(readonly page: Page) {}

  change(text: string | RegExp) {
    return this.page.locator('li.change.forge', { hasText: text });
  }

  async restoreThis(text: string | RegExp): Promise<void> {
    await this.change(text).getByRole('button', { name: /^Restore this/ }).click();
  }

  async restoreAll(source: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^Restore all \\d+ restorable changes of ${source}$`) }).click();
  }

  panel() {
    return this.page.getByLabel('Forge restore');
  }

  async plan(token: string): Promise<void> {
    await this.page.getByLabel('Restore token', { exact: true }).and(this.page.locator('input')).fill(token);
    await this.page.getByRole('button', { name: 'Show the plan' }).click();
    await this.steps().waitFor();
  }

  steps() {
    return this.page.getByRole('list', { name: 'What will be put back' });
  }

  notRestorable() {
    return this.page.getByRole('list', { name: 'Not restorable' });
  }

  /** allowPipelineChanges: tick "Allow pipeline changes" (a recreated repository's refs carry pipelines). */
  async confirm(word: string, opts: { allowPipelineChanges?: boolean } = {}): Promise<void> {
    if (opts.allowPipelineChanges) await this.page.getByRole('checkbox', { name: /Allow pipeline changes/ }).check();
    await this.page.getByLabel(`Confirm by typing ${word}`).fill(word);
    await this.page.getByRole('button', { name: 'Restore now' }).click();
  }

  verification() {
    return this.page.getByLabel('Verification');
  }

  async done(): Promise<void> {
    await this.verification().getByRole('button', { name: 'Done' }).click();
  }
}
