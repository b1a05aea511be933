import type { Page } from 'playwright-core';

export class UnlockPage {
  constructor(readonly page: Page) {}

  async unlock(passphrase: string, identityPath?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Unlock', exact: true });
    await form.waitFor();
    if (identityPath) await form.getByLabel('Identity file path').fill(identityPath);
    await form.getByLabel('Passphrase').fill(passphrase);
    await form.getByRole('button', { name: 'Unlock' }).click();
  }

  /** One holder enters their share (the whole text of their share file). */
  async addShare(text: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Unlock with shares' });
    await form.getByLabel('Share words').fill(text);
    await form.getByRole('button', { name: 'Add share' }).click();
  }

  /** A holder gives a picture of their share's QR code instead of typing it. */
  async addShareImage(png: string): Promise<void> {
    await this.page.getByRole('form', { name: 'Unlock with shares' }).getByLabel(/picture of its QR code/).setInputFiles(png);
  }

  sharesReceived() {
    return this.page.getByRole('status', { name: 'Shares received' });
  }

  error() {
    return this.page.getByRole('form', { name: 'Unlock', exact: true }).getByRole('alert');
  }

  heading() {
    return this.page.getByRole('heading', { name: 'Unlock the recovery identity' });
  }
}
