// What the console's browser tests share: logging in through the page, polling a page-side condition (the console's
// CSP forbids waitForFunction's eval), and screenshots when VIGIE_SCREENSHOTS names a folder.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from '../support/centre.js';

export class ConsoleDriver {
  readonly pageErrors: string[] = [];

  constructor(
    private readonly browser: () => Browser,
    private readonly base: () => string,
  ) {}

  /** A new page logged in as `username`, once the console has loaded its cameras and alarms. */
  async login(username: string, onPage?: (page: Page) => void): Promise<Page> {
    const page = await this.browser().newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    onPage?.(page);
    await page.goto(`${this.base()}/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('#login-form button[type=submit]');
    // Keys pressed before the ready marker would be overridden by the console's first view.
    await page.waitForSelector('body[data-ready=true] #app:not([hidden])');
    return page;
  }

  async until(page: Page, what: string, condition: string, timeout = 30_000): Promise<void> {
    const end = Date.now() + timeout;
    while (!(await page.evaluate(condition))) {
      if (Date.now() > end)
        throw new Error(`timed out waiting for ${what}; page errors: ${this.pageErrors.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  shot(page: Page, name: string): Promise<unknown> {
    const dir = process.env.VIGIE_SCREENSHOTS;
    return dir ? page.screenshot({ path: join(dir, `${name}.jpg`), type: 'jpeg', quality: 55 }) : Promise.resolve();
  }
}
