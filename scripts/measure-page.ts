/**
 * What one page of the built site costs a browser: bytes transferred (as Chromium counts them on
 * the wire, after Content-Encoding, including the requests of DuckDB-WASM's web worker), requests,
 * time to first contentful paint, and time until the page is drawn. Used by scripts/bench-site.ts
 * and the browser test; measures, asserts nothing.
 */
import type { Browser, Request } from 'playwright-core';

export interface PageCost {
  url: string;
  requests: number;
  transferBytes: number;
  /** the largest response, with its URL (the DuckDB-WASM binary on most pages) */
  largest: { url: string; bytes: number };
  firstContentfulPaintMs: number | null;
  /** until `ready` (a selector) appears, or the network is idle */
  drawnMs: number;
  encodings: Record<string, number>;
}

export async function measurePage(browser: Browser, url: string, ready?: string): Promise<PageCost> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const encodings: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  let transferBytes = 0;
  let requests = 0;
  let largest = { url: '', bytes: 0 };
  // Playwright reports the page's requests and its dedicated workers' (DuckDB-WASM runs in one).
  const count = async (r: Request) => {
    const response = await r.response();
    const sizes = await r.sizes();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    requests++;
    transferBytes += bytes;
    if (bytes > largest.bytes) largest = { url: r.url(), bytes };
    const enc = (await response?.allHeaders())?.['content-encoding'] ?? 'identity';
    encodings[enc] = (encodings[enc] ?? 0) + 1;
  };
  context.on('requestfinished', (r) => void pending.push(count(r).catch(() => {})));
  const started = Date.now();
  await page.goto(url, { waitUntil: 'networkidle' });
  if (ready) await page.locator(ready).first().waitFor({ state: 'attached', timeout: 120_000 });
  const drawnMs = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const firstContentfulPaintMs = await page.evaluate(() => {
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? Math.round(e.startTime) : null;
  });
  await Promise.all(pending);
  await context.close();
  return { url, requests, transferBytes, largest, firstContentfulPaintMs, drawnMs, encodings };
}
