import { chromium, type Browser } from 'playwright-core';
import { BROWSER_ARGS, requireBrowser } from '../core/browser.ts';

/** Chromium, Chrome or Edge (core/browser.ts finds it; CAMPAIGN_BROWSER overrides), headless, with nothing reaching outside localhost (no browser download). */
export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: requireBrowser(), args: BROWSER_ARGS });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}
