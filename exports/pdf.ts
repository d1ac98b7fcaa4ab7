import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import which from 'which';
import { ROOT } from '../core/config.ts';
import { monthLabel } from '../core/format.ts';
import { AUDIENCE_LABEL, requirePassedSite, type Audience } from '../privacy/gate.ts';
import { CLIENT_ROUTES, startSiteServer } from '../scripts/serve-site.ts';
import { withBrowser } from './browser.ts';
import type { Scope } from './scope.ts';

export const BUILD = path.join(ROOT, 'build');

/** Pages in a PDF Chromium wrote (one /Type /Page object per page). */
export function pdfPageCount(file: string): number {
  return (fs.readFileSync(file).toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
}

/** The text of each page, through poppler's pdftotext. */
export function pdfPagesText(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

/**
 * Waits until Evidence has run the page's queries and drawn its charts. A page drawn in the
 * browser (village, town) says so itself with `data-drawn`: wait for that before printing.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  if (CLIENT_ROUTES.some((r) => r.test(new URL(page.url()).pathname))) {
    await page.locator('[data-drawn="true"]').waitFor({ state: 'attached', timeout: 120_000 });
  }
  await page.waitForFunction(() => !document.body.innerText.includes('Loading'), undefined, { timeout: 60_000 }).catch(() => {});
  await page.waitForTimeout(1500);
}

async function printDeck(page: Page, base: string, scope: Scope, file: string): Promise<void> {
  await page.goto(`${base}/deck/${scope.monthKey}/`);
  await settle(page);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
}

/**
 * The 总结报告: A4 portrait with page numbers in the footer and a table of contents whose page
 * numbers come from a first printing (where each heading landed, read back with pdftotext).
 */
async function printSummary(page: Page, base: string, scope: Scope, file: string, audience: Audience): Promise<void> {
  await page.goto(`${base}/summary-report/`);
  await settle(page);
  await page.emulateMedia({ media: 'print' });
  const headings = await page.evaluate(() => {
    const hs = [...document.querySelectorAll('article h2, main h2, h2')].map((h) => (h as HTMLElement).innerText.trim()).filter(Boolean);
    const toc = document.createElement('nav');
    toc.id = 'print-toc';
    toc.innerHTML = `<h2 style="break-before:avoid">目录</h2><ol style="list-style:none;padding:0">${hs
      .map((h, i) => `<li style="display:flex;gap:.5rem;margin:.35rem 0"><span>${h}</span><span style="flex:1;border-bottom:1px dotted #999"></span><span class="toc-page" data-i="${i}">…</span></li>`)
      .join('')}</ol>`;
    toc.style.breakAfter = 'page';
    const first = document.querySelector('h1') ?? document.querySelector('h2');
    first?.parentElement?.insertBefore(toc, first.nextSibling);
    return [...new Set(hs)];
  });
  const footer = `<div style="width:100%;font-size:9px;color:#555;text-align:center;font-family:'Noto Sans CJK SC',sans-serif">${scope.areaName}挂牌督战总结报告 · 第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页 · 受众：${AUDIENCE_LABEL[audience]}</div>`;
  const options = { format: 'A4' as const, printBackground: true, displayHeaderFooter: true, headerTemplate: '<div></div>', footerTemplate: footer, margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' } };
  await page.pdf({ ...options, path: file });
  if (!which.sync('pdftotext', { nothrow: true })) {
    // poppler is a Debian package here; on Windows it is usually absent.
    console.warn('警告：未找到 pdftotext（poppler-utils），总结报告目录不标页码（页脚页码照常）');
    return;
  }
  const pages = pdfPagesText(file);
  const numbers = headings.map((h) => {
    // the first page after the table of contents where the heading starts a line
    const i = pages.findIndex((text, p) => p > 0 && text.split('\n').some((line) => line.trim().startsWith(h)));
    return i < 0 ? '' : String(i + 1);
  });
  await page.evaluate((nums) => {
    document.querySelectorAll('#print-toc .toc-page').forEach((el, i) => (el.textContent = nums[i] ?? ''));
  }, numbers);
  await page.pdf({ ...options, path: file });
}

/** Prints from `site` only when it passed the privacy gate for this audience (its stamp says so). */
export async function printPdfs(scope: Scope, dir: string, opts: { site?: string; audience?: Audience } = {}): Promise<{ file: string; note: string }[]> {
  const site = opts.site ?? BUILD;
  const audience = opts.audience ?? 'internal';
  if (!fs.existsSync(path.join(site, 'index.html'))) {
    throw new Error('PDF 导出需要先构建网站（npm run build 或 npm run demo）；可用 --no-pdf 只导出 PPT 和 Excel');
  }
  requirePassedSite(site, audience);
  const server = await startSiteServer({ root: site, port: 0 });
  try {
    return await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const printed: { file: string; note: string }[] = [];
      // The 调度会 deck is for leadership only; a public site prints the 总结报告 alone.
      if (audience === 'internal') {
        const deck = path.join(dir, `月度调度会_${scope.areaName}_${scope.monthKey}.pdf`);
        await printDeck(page, server.url.replace(/\/$/, ''), scope, deck);
        printed.push({ file: deck, note: `${pdfPageCount(deck)}页（A4横向）` });
      }
      // The 总结报告 covers the whole campaign whatever --month says; its name gives that period.
      const summary = path.join(dir, `${audience === 'public' ? '公开_' : ''}挂牌督战总结报告_${scope.areaName}_${monthLabel(scope.firstMonthKey)}至${monthLabel(scope.lastMonthKey)}.pdf`);
      await printSummary(page, server.url.replace(/\/$/, ''), scope, summary, audience);
      printed.push({ file: summary, note: `${pdfPageCount(summary)}页（A4纵向，含目录和页码）` });
      return printed;
    });
  } finally {
    await server.close();
  }
}
