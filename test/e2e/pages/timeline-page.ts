import type { Page } from 'playwright-core';

export class TimelinePage {
  constructor(readonly page: Page) {}

  points() {
    return this.page.getByRole('group', { name: 'Snapshots over time' }).getByRole('button');
  }

  anomalousPoint(source: string) {
    return this.page.getByRole('button', { name: new RegExp(`^${source} at .*anomaly$`) });
  }

  async zoomIn(): Promise<void> {
    await this.page.getByRole('button', { name: 'Zoom in' }).click();
  }
}
