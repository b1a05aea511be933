import type { Page, Response } from 'playwright-core';

/**
 * Holds the console's answer to one API method (the calls `held` picks from their arguments) until
 * released: how a test makes answers arrive out of order, as a loaded machine does. `asked` resolves
 * once a held call is sent; `release` lets it through and resolves with its response after the page
 * has drawn what followed (two frames), the route removed.
 */
export async function holdAnswer(page: Page, method: string, held: (args: unknown) => boolean = () => true): Promise<{ asked: Promise<void>; release(): Promise<Response> }> {
  const url = `**/api/${method}`;
  let letGo = (): void => undefined;
  const gate = new Promise<void>((r) => (letGo = r));
  let sent = (): void => undefined;
  const asked = new Promise<void>((r) => (sent = r));
  await page.route(url, async (route) => {
    if (held(route.request().postDataJSON())) {
      sent();
      await gate;
    }
    await route.continue();
  });
  return {
    asked,
    async release() {
      const answered = page.waitForResponse((r) => r.url().endsWith(`/api/${method}`) && held(r.request().postDataJSON()));
      letGo();
      const response = await answered;
      await page.unroute(url);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return response;
    },
  };
}
