import type { Page } from 'playwright-core';

export class AuditPage {
  constructor(readonly page: Page) {}

  chain() {
    return this.page.getByRole('status').filter({ hasText: /Hash chain|chain breaks/ });
  }

  rows() {
    return this.page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  }
}
