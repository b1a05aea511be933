import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export class CeremonyPage {
  constructor(readonly page: Page) {}

  async create(args: { out: string; outDir: string; passphrase: string; holders: string; threshold: number }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Create and split an identity' });
    await form.getByLabel('Identity file to create').fill(args.out);
    await form.getByLabel('Folder for the share files').fill(args.outDir);
    await form.getByLabel('Passphrase (12 characters or more)').fill(args.passphrase);
    await form.getByLabel('Passphrase again').fill(args.passphrase);
    await form.getByLabel(/Holders/).fill(args.holders);
    await form.getByLabel(/Shares needed/).fill(String(args.threshold));
    await form.getByRole('button', { name: /^Create and split/ }).click();
  }

  share(index: number, holder: string) {
    return this.page.getByRole('form', { name: `Share ${index} for ${holder}` });
  }

  /** The holder reads the asked word off their printout (the share's text file) and types it. */
  async confirmFromPrintout(index: number, holder: string, shareFile: string, wrong = false): Promise<void> {
    const form = this.share(index, holder);
    const label = (await form.locator('label span').textContent()) ?? '';
    const n = Number(/word (\d+)/.exec(label)![1]);
    const text = readFileSync(shareFile, 'utf8');
    const words = text.slice(text.indexOf('Words:') + 6).split(/[^a-z]+/).filter(Boolean);
    await form.getByRole('textbox').fill(wrong ? (words[n - 1] === 'zoo' ? 'abandon' : 'zoo') : words[n - 1]!);
    await form.getByRole('button', { name: 'Confirm' }).click();
  }

  complete() {
    return this.page.getByRole('status', { name: 'Ceremony complete' });
  }
}
