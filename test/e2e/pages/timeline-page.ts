import type { Page } from 'playwright-core';

export class TimelinePage {
  constructor(readonly page: Page) {}

  points() {
    return this.page.getByRole('group', { name: 'Snapshots over time' }).getByRole('button');
  }

  anomalousPoint(source: string) {
    return this.page.getByRole('button', { name: new RegExp(`^${source} at .*anomaly$`) });
  }

  /** A point where the source's repository history changed (a branch deleted or force-pushed, a tag moved). */
  historyPoint(source: string) {
    return this.page.getByRole('button', { name: new RegExp(`^${source} at .*anomaly: history changed$`) });
  }

  /** The magnification beside the zoom buttons ("1×", "4×"). */
  magnification() {
    return this.page.locator('.zoom .magnification');
  }

  /** The times at either end of the axis. */
  axis() {
    return this.page.getByRole('group', { name: 'Snapshots over time' }).locator('text.axis');
  }

  /** Drags across the lanes from one fraction of the chart's width to another. */
  async drag(from: number, to: number): Promise<void> {
    const box = (await this.page.getByRole('group', { name: 'Snapshots over time' }).boundingBox())!;
    const y = box.y + 8;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y);
    await this.page.mouse.move(box.x + box.width * to, y);
    await this.page.mouse.up();
  }

  async zoomIn(): Promise<void> {
    await this.page.getByRole('button', { name: 'Zoom in' }).click();
  }
}
