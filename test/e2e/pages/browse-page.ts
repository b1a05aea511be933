import type { Page } from 'playwright-core';

export class BrowsePage {
  constructor(readonly page: Page) {}

  list() {
    return this.page.getByRole('listbox', { name: 'Entries' });
  }

  entry(name: string) {
    return this.list().getByRole('option').filter({ has: this.page.getByRole('button', { name: new RegExp(` ${name}$`) }) });
  }

  async chooseSnapshot(index: number): Promise<void> {
    const select = this.page.getByLabel('Snapshot', { exact: true });
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await select.selectOption(values[values.length - 1 - index]!); // options are newest first
  }

  /** Opens a folder or previews a file by keyboard: focus the list, move to the row, press Enter. */
  async open(name: string): Promise<void> {
    await this.entry(name).click();
    await this.list().press('Enter');
  }

  async select(name: string): Promise<void> {
    await this.page.getByRole('checkbox', { name: `Select ${name} for restore` }).check();
  }

  preview() {
    return this.page.getByLabel('Preview');
  }

  async filter(text: string): Promise<void> {
    await this.page.getByLabel('Filter by name').fill(text);
  }

  async restoreSelected(): Promise<void> {
    await this.page.getByRole('button', { name: /Restore selected/ }).click();
  }
}
