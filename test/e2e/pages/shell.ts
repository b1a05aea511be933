import type { Page } from 'playwright-core';

/** The rail: vault switcher, sections, and the lock indicator. */
export class Shell {
  constructor(readonly page: Page) {}

  async go(section: 'Vaults' | 'Dashboard' | 'Incident' | 'Timeline' | 'Browse' | 'Diff' | 'Restore' | 'Drills' | 'Keys' | 'Key ceremony' | 'Audit' | 'Settings'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section, exact: true }).click();
    await this.page.getByRole('heading', { level: 1 }).first().waitFor();
  }

  async chooseVault(name: string): Promise<void> {
    await this.page.getByLabel('Vault', { exact: true }).selectOption({ label: name });
  }

  locked() {
    return this.page.getByRole('status', { name: 'Identity locked', exact: true });
  }

  lockState() {
    return this.page.getByRole('status', { name: /Identity (locked|unlocked)/ });
  }

  /** The warning before the idle lock, with its Stay unlocked button. */
  idleWarning() {
    return this.page.getByRole('alert', { name: 'Idle lock warning' });
  }

  async stayUnlocked(): Promise<void> {
    await this.idleWarning().getByRole('button', { name: 'Stay unlocked' }).click();
  }

  /** The bottom strip of running and finished jobs. */
  jobs() {
    return this.page.getByLabel('Jobs', { exact: true });
  }

  async lockNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock now' }).click();
  }
}
