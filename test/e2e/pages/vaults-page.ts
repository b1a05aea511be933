import type { Page } from 'playwright-core';

export class VaultsPage {
  constructor(readonly page: Page) {}

  private form() {
    return this.page.getByRole('form', { name: 'Connect a vault' });
  }

  async connectFolder(name: string, folder: string, identityPath: string): Promise<void> {
    const form = this.form();
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Local folder (file://)').check();
    await form.getByLabel('Vault folder').fill(folder);
    await form.getByLabel('Identity file (optional)').fill(identityPath);
    await form.getByRole('button', { name: 'Connect' }).click();
  }

  async connectS3(name: string, s3: { bucket: string; endpoint: string; region: string }): Promise<void> {
    const form = this.form();
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('S3 with Object Lock (s3://)').check();
    await form.getByLabel('Bucket').fill(s3.bucket);
    await form.getByLabel('Endpoint').fill(s3.endpoint);
    await form.getByLabel('Region').fill(s3.region);
    await form.getByRole('button', { name: 'Connect' }).click();
  }

  error() {
    return this.form().getByRole('alert');
  }
}
