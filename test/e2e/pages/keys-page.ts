import type { Page } from 'playwright-core';

export class KeysPage {
  constructor(readonly page: Page) {}

  writers() {
    return this.page.getByRole('table', { name: 'Writers' });
  }

  /** The writer's row: its first cell starts with exactly that label ('ci' must not match 'bulk-ci'). */
  writer(label: string) {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.writers().getByRole('row').filter({ has: this.page.getByRole('cell').filter({ hasText: new RegExp(`^${escaped}\\s`) }) });
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

  /** Revokes the writer of that label, confirming by its id as the table shows it. */
  async revoke(label: string): Promise<void> {
    const row = this.writer(label);
    const id = ((await row.locator('.mono').first().textContent()) ?? '').trim();
    await row.getByRole('button', { name: 'Revoke…' }).click();
    const form = this.page.getByRole('form', { name: 'Revoke a writer' });
    await form.getByLabel(`Type its id ${id} to confirm`).fill(id);
    await form.getByRole('button', { name: 'Revoke', exact: true }).click();
  }

  revokeForm() {
    return this.page.getByRole('form', { name: 'Revoke a writer' });
  }

  error() {
    return this.page.getByRole('alert');
  }
}
