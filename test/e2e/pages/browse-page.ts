import type { Page } from 'playwright-core';

export class BrowsePage {
  constructor(readonly page: Page) {}

  list() {
    return this.page.getByRole('listbox', { name: 'Entries' });
  }

  entry(name: string) {
    const exact = new RegExp(`^\\S ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.list().getByRole('option').filter({ has: this.page.locator('.name', { hasText: exact }) });
  }

  async chooseSnapshot(index: number): Promise<void> {
    const select = this.page.getByLabel('Snapshot', { exact: true });
    // The list arrives after the screen: wait until it holds the one asked for.
    await select.locator('option').nth(index).waitFor({ state: 'attached' });
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await select.selectOption(values[values.length - 1 - index]!); // options are newest first
  }

  /** Opens a folder or previews a file by keyboard: focus the list, move to the row, press Enter. */
  async open(name: string): Promise<void> {
    await this.#activate(name);
    await this.list().press('Enter');
  }

  /** Makes a row the active one with a click at its right end: a click on the name would open it. */
  async #activate(name: string): Promise<void> {
    const row = this.entry(name);
    const box = (await row.boundingBox())!;
    await row.click({ position: { x: box.width - 4, y: box.height / 2 } });
  }

  /** Chooses an entry for restore by keyboard: make it the active row, press Space. */
  async select(name: string): Promise<void> {
    await this.#activate(name);
    await this.list().press(' ');
    await this.entry(name).and(this.page.locator('[aria-selected="true"]')).waitFor();
  }

  preview() {
    return this.page.getByLabel('Preview');
  }

  /** Filters by name and waits for the core's filtered listing. */
  async filter(text: string): Promise<void> {
    await this.page.getByLabel('Filter by name').fill(text);
    await this.count().filter({ hasText: `matching “${text}”` }).waitFor();
  }

  count() {
    return this.page.getByRole('status', { name: 'Entry count' });
  }

  /** Back to the snapshot's sources, by the path bar. */
  async root(source = 'infra'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'snapshot' }).click();
    await this.entry(source).waitFor();
  }

  async restoreSelected(): Promise<void> {
    await this.page.getByRole('button', { name: /Restore selected/ }).click();
  }
}
