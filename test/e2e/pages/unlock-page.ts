import type { Page } from 'playwright-core';

export class UnlockPage {
  constructor(readonly page: Page) {}

  async unlock(passphrase: string, identityPath?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Unlock' });
    await form.waitFor();
    if (identityPath) await form.getByLabel('Identity file path').fill(identityPath);
    await form.getByLabel('Passphrase').fill(passphrase);
    await form.getByRole('button', { name: 'Unlock' }).click();
  }

  error() {
    return this.page.getByRole('form', { name: 'Unlock' }).getByRole('alert');
  }

  heading() {
    return this.page.getByRole('heading', { name: 'Unlock the recovery identity' });
  }
}
