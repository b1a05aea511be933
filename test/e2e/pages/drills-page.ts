import type { Page } from 'playwright-core';

/** The drill guide: scenario, containment checklist, sandbox, run; then the history. */
export class DrillsPage {
  constructor(readonly page: Page) {}

  async run(scenario: string, sandbox: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Run a drill' });
    await form.getByLabel('Scenario').selectOption(scenario);
    for (const box of await form.getByRole('checkbox').all()) await box.check();
    await form.getByLabel(/Sandbox folder/).fill(sandbox);
    await form.getByRole('button', { name: 'Run the drill' }).click();
  }

  result() {
    return this.page.getByLabel('Drill result');
  }

  /** The note in place of the history before any drill. */
  noneYet() {
    return this.page.getByRole('note').filter({ hasText: 'No drill has been run' });
  }

  history() {
    return this.page.getByRole('table', { name: 'Drill history' });
  }
}
