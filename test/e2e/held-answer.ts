import type { Page, Request, Response } from 'playwright-core';

/**
 * Holds the console's answer to one API method (the calls `held` picks from their arguments) until
 * released: how a test makes answers arrive out of order, as a loaded machine does. `asked` resolves
 * once a held call is sent; `release` lets it through and resolves with its response after the page
 * has drawn what followed (two frames), the route removed. `count`: at most so many calls are held
 * (the first ones picked), later ones go through. `made`: the core answers the call at once and its
 * answer is what waits (an answer made before a later call's and delivered after it); else the call
 * itself waits, and the core answers it on release.
 */
export async function holdAnswer(
  page: Page,
  method: string,
  held: (args: unknown) => boolean = () => true,
  { count = Infinity, made = false }: { count?: number; made?: boolean } = {},
): Promise<{ asked: Promise<void>; release(): Promise<Response> }> {
  const url = `**/api/${method}`;
  let letGo = (): void => undefined;
  const gate = new Promise<void>((r) => (letGo = r));
  let sent = (): void => undefined;
  const asked = new Promise<void>((r) => (sent = r));
  const holding = new Set<Request>();
  await page.route(url, async (route) => {
    if (holding.size >= count || !held(route.request().postDataJSON())) return route.continue();
    holding.add(route.request());
    const answer = made ? await route.fetch() : undefined;
    sent();
    await gate;
    await (answer ? route.fulfill({ response: answer }) : route.continue());
  });
  return {
    asked,
    async release() {
      const answered = page.waitForResponse((r) => holding.has(r.request()));
      letGo();
      const response = await answered;
      await page.unroute(url);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return response;
    },
  };
}
