import type { Page } from 'playwright-core';

export class DashboardPage {
  constructor(readonly page: Page) {}

  posture() {
    return this.page.getByLabel('Posture');
  }

  anomalies() {
    return this.page.getByLabel('Anomalies');
  }

  sources() {
    return this.page.getByRole('table', { name: 'Sources' });
  }
}
