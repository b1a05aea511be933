import type { Page } from 'playwright-core';

export class KeysPage {
  constructor(readonly page: Page) {}

  writers() {
    return this.page.getByRole('table', { name: 'Writers' });
  }

  async enroll(label: string, out: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Enroll a writer' });
    await form.getByLabel('Label (host or CI job)').fill(label);
    await form.getByLabel(/Write its credential to/).fill(out);
    await form.getByRole('button', { name: 'Enroll' }).click();
  }

  enrolled() {
    return this.page.getByRole('status', { name: 'Enrolled' });
  }

  async revoke(label: string): Promise<void> {
    await this.writers().locator('tr', { hasText: label }).getByRole('button', { name: 'Revoke…' }).click();
    const form = this.page.getByRole('form', { name: 'Revoke a writer' });
    await form.getByLabel(`Type ${label} to confirm`).fill(label);
    await form.getByRole('button', { name: 'Revoke', exact: true }).click();
  }
}
