/**
 * The built report site in headless Chromium (Debian's chromium, or Chrome/Edge: core/browser.ts):
 * every page type loads with no console error and no request leaving localhost, the key numbers
 * on each page equal the marts in the warehouse the site was built from (CAMPAIGN_WAREHOUSE or
 * warehouse/campaign.duckdb, as for scripts/build-site.ts), the maps draw one shape per region,
 * and the monthly deck prints one A4-landscape page per slide. Screenshots (and the deck's PDF)
 * go to test-results/screenshots/.
 *
 * Village pages are drawn in the browser from build/200.html (no file per village): their test
 * proves they work offline (DuckDB-WASM must not fetch its parquet extension), show the same
 * numbers as mart_village_page, and print only once drawn. Run it on a county build with
 * SITE_DIR=<that build/> CAMPAIGN_WAREHOUSE=<its warehouse>.
 *
 * Needs build/ (npm run build). Skips, saying so, when build/ is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_ARGS, requireBrowser } from '../../core/browser.ts';
import { config, ROOT } from '../../core/config.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { startSiteServer, type SiteServer } from '../../scripts/serve-site.ts';
import { measurePage } from '../../scripts/measure-page.ts';
import { pdfPagesText, settle } from '../../exports/pdf.ts';

const BUILD = path.resolve(process.env.SITE_DIR ?? path.join(ROOT, 'build'));
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const built = fs.existsSync(path.join(BUILD, 'index.html'));
if (!built) console.warn(`[browser.test] 跳过：${BUILD}/index.html 不存在，先运行 npm run build / skipped: build/ missing, run npm run build`);

// Evidence's number formats, as the pages use them.
const pct = (x: number, digits: number) => `${(x * 100).toFixed(digits)}%`;
const int = (x: number) => Math.round(x).toLocaleString('en-US');

interface Visit {
  errors: string[];
  external: string[];
}

describe.skipIf(!built)('report site in a browser', () => {
  let site: SiteServer;
  let browser: Browser;
  let wh: Warehouse;
  let scope: { area_code: string; area_name: string; area_level: string };
  let latest: string;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    site = await startSiteServer({ root: BUILD, port: 0 });
    browser = await chromium.launch({ executablePath: requireBrowser(), args: BROWSER_ARGS });
    wh = await Warehouse.open(config.warehousePath, { readOnly: true });
    scope = await wh.one(`select distinct area_code, area_name, area_level from marts.mart_kpi where is_report_scope`);
    latest = (await wh.one<{ m: string }>(`select max(snapshot_month)::varchar as m from marts.mart_poverty_incidence`)).m;
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    wh?.close();
  });

  /** Opens a page, records console errors and non-local requests, saves a full-page screenshot. */
  async function visit(urlPath: string, shot: string, ready?: (page: Page) => Promise<unknown>): Promise<{ page: Page } & Visit> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const v: Visit = { errors: [], external: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') v.errors.push(m.text());
    });
    page.on('pageerror', (e) => v.errors.push(e.message));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (/^(https?|wss?):$/.test(u.protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) v.external.push(r.url());
    });
    const res = await page.goto(site.url + urlPath, { waitUntil: 'networkidle' });
    expect(res?.status(), urlPath).toBe(200);
    await page.locator('#evidence-main-article').waitFor();
    await ready?.(page);
    // Charts animate in; give them a moment before the screenshot.
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
    return { page, ...v };
  }

  function clean(v: Visit, urlPath: string) {
    expect(v.errors, `console errors on ${urlPath}`).toEqual([]);
    expect(v.external, `requests leaving localhost from ${urlPath}`).toEqual([]);
  }

  /** The text of a BigValue's number, found by its title. */
  async function bigValue(page: Page, title: string): Promise<string> {
    const value = page.locator(`p:text-is("${title}") + div`).first();
    await value.waitFor();
    return (await value.innerText()).trim();
  }

  /** A client-rendered page marks itself drawn once every query has answered. */
  async function drawn(page: Page): Promise<void> {
    await page.locator('[data-drawn="true"]').waitFor({ state: 'attached', timeout: 120_000 });
  }

  async function mapShapes(page: Page): Promise<number[]> {
    await page.locator('figure.choropleth svg').first().waitFor();
    return page.locator('figure.choropleth svg').evaluateAll((svgs) => svgs.map((s) => s.querySelectorAll('path').length));
  }

  test('home: headline KPIs, ranking and maps match the marts', { timeout: 120_000 }, async () => {
    const k = await wh.one<{ poverty_incidence: number; remaining_poor_people: number; key_households: number; clearance_rate: number; disbursement_rate: number }>(
      `select poverty_incidence, remaining_poor_people, key_households, clearance_rate, disbursement_rate
       from marts.mart_kpi where is_report_scope and snapshot_month = ?::date`,
      [latest],
    );
    const top = await wh.one<{ village_name: string }>(
      `select village_name from marts.mart_village_ranking where snapshot_month = ?::date and rank = 1`,
      [latest],
    );
    const villages = (await wh.one<{ n: number }>(`select count(*)::integer as n from marts.mart_area where area_level = 'village'`)).n;

    const { page, ...v } = await visit('/', 'home', mapShapes);
    expect(await bigValue(page, '贫困发生率')).toBe(pct(k.poverty_incidence, 2));
    expect(await bigValue(page, '未脱贫人口')).toBe(int(k.remaining_poor_people));
    expect(await bigValue(page, '三类重点户（户）')).toBe(int(k.key_households));
    expect(await bigValue(page, '整改销号率')).toBe(pct(k.clearance_rate, 1));
    expect(await bigValue(page, '资金支出率')).toBe(pct(k.disbursement_rate, 1));
    const firstRanked = page.locator('table:has-text("综合落后指数") tr:has(td)').first();
    expect(await firstRanked.innerText()).toContain(top.village_name);
    expect(await mapShapes(page)).toEqual([villages, villages, villages]);
    expect(await page.locator('body').innerText()).toContain(scope.area_name);
    clean(v, '/');
    await page.close();
  });

  test('monthly deck: one slide per message, numbers from the marts, one printed page per slide', { timeout: 120_000 }, async () => {
    const months = (await wh.all<{ m: string }>(`select distinct strftime(snapshot_month, '%Y-%m') as m from marts.mart_poverty_incidence order by 1`)).map((r) => r.m);
    const month = months[Math.floor(months.length / 2)] as string;
    const p = await wh.one<{ remaining_poor_people: number; poverty_incidence: number }>(
      `select remaining_poor_people, poverty_incidence from marts.mart_poverty_incidence where area_code = ? and strftime(snapshot_month, '%Y-%m') = ?`,
      [scope.area_code, month],
    );
    const index = await visit('/deck/', 'deck-index');
    expect(await index.page.locator(`a[href="/deck/${month}/"]`).count()).toBeGreaterThan(0);
    clean(index, '/deck/');
    await index.page.close();

    const { page, ...v } = await visit(`/deck/${month}/`, `deck-${month}`, mapShapes);
    const titles = await wh.all<{ title: string }>(`select title from marts.mart_deck_slides where area_code = ? and month_key = ? order by slide_no`, [scope.area_code, month]);
    const slides = page.locator('section.slide');
    expect(await slides.count()).toBe(titles.length);
    expect(await slides.locator('.slide-title').allInnerTexts()).toEqual(titles.map((t) => t.title));
    expect(await slides.nth(1).locator('.slide-message').innerText()).toContain(`未脱贫人口${p.remaining_poor_people}人`);
    expect(await bigValue(page, '未脱贫人口（人）')).toBe(int(p.remaining_poor_people));
    expect(await bigValue(page, '贫困发生率')).toBe(pct(p.poverty_incidence, 2));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(SHOTS, `deck-${month}.pdf`), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length, 'printed pages = slides').toBe(titles.length);
    clean(v, `/deck/${month}/`);
    await page.close();
  });

  test('drill-down: county, town and village pages show their own numbers', { timeout: 180_000 }, async () => {
    const county = await wh.one<{ area_code: string; area_name: string }>(`select area_code, area_name from marts.mart_area where area_level = 'county' order by area_code limit 1`);
    const town = await wh.one<{ area_code: string; area_name: string }>(`select area_code, area_name from marts.mart_area where area_level = 'town' order by area_code limit 1`);
    const village = await wh.one<{ village_code: string; village_name: string }>(
      `select village_code, village_name from marts.mart_village_ranking where snapshot_month = ?::date order by rank limit 1`,
      [latest],
    );
    const listing = await wh.one<{ listing_level: string | null; listing_reason: string | null }>(
      `select listing_level, listing_reason from marts.mart_listing where village_code = ? order by snapshot_month desc limit 1`,
      [village.village_code],
    );
    for (const [level, code, name] of [
      ['county', county.area_code, county.area_name],
      ['town', town.area_code, town.area_name],
      ['village', village.village_code, village.village_name],
    ] as const) {
      const m = await wh.one<{ remaining_poor_people: number; poverty_incidence: number }>(
        `select remaining_poor_people, poverty_incidence from marts.mart_poverty_incidence where area_code = ? and snapshot_month = ?::date`,
        [code, latest],
      );
      const url = `/${level}/${code}/`;
      const { page, ...v } = await visit(url, `${level}-${code}`, level === 'village' ? drawn : mapShapes);
      expect(await page.locator('#evidence-main-article h1').first().innerText()).toBe(name);
      expect(await bigValue(page, '未脱贫人口')).toBe(int(m.remaining_poor_people));
      expect(await bigValue(page, '贫困发生率')).toBe(pct(m.poverty_incidence, 2));
      if (level === 'village') {
        const status = await page.locator('.listing').innerText();
        expect(status).toContain(listing.listing_level ? `${listing.listing_level}挂牌督战村` : '未挂牌');
        if (listing.listing_reason) expect(status).toContain(listing.listing_reason);
      }
      clean(v, url);
      await page.close();
    }
    for (const url of ['/county/', '/town/', '/village/']) {
      const index = await visit(url, `index-${url.replaceAll('/', '')}`);
      clean(index, url);
      await index.page.close();
    }
  });

  test('thematic pages: 督战, issues, funds, monitoring, MPI and data quality', { timeout: 180_000 }, async () => {
    const issues = await wh.one<{ clearance_rate: number; issues_overdue: number }>(
      `select clearance_rate, issues_overdue from marts.mart_issue_clearance where area_code = ? and snapshot_month = ?::date and dimension = '总体'`,
      [scope.area_code, latest],
    );
    const funds = await wh.one<{ disbursement_rate: number; paid_wan: number }>(
      `select disbursement_rate, paid_wan from marts.mart_fund_by_area where area_code = ? and snapshot_month = ?::date and fund_category = '全部'`,
      [scope.area_code, latest],
    );
    const monitoring = await wh.one<{ at_risk: number }>(
      `select sum(at_risk_households)::integer as at_risk from marts.mart_monitoring_transitions where area_code = ? and snapshot_month = ?::date`,
      [scope.area_code, latest],
    );
    const income = await wh.one<{ below_line_households: number }>(
      `select below_line_households from marts.mart_income_line where area_code = ? and snapshot_month = ?::date`,
      [scope.area_code, latest],
    );
    const mpi = await wh.one<{ headcount_ratio_h: number; poor_people: number }>(
      `select headcount_ratio_h, poor_people from marts.mart_multidimensional_poverty where area_code = ? and snapshot_month = ?::date`,
      [scope.area_code, latest],
    );
    const quality = await wh.one<{ rejected: number; missing: number }>(
      `select sum(household_rows_rejected)::integer as rejected, sum(missing_households)::integer as missing from marts.mart_data_quality where snapshot_month = ?::date`,
      [latest],
    );
    // the 督战 page speaks for the latest month with a 督导记录 ledger
    const duzhan = await wh.one<{ supervision_coverage_rate: number; listed_villages: number; noncompliant_eliminated_households: number | null }>(
      `select supervision_coverage_rate, listed_villages, noncompliant_eliminated_households from marts.mart_kpi
       where area_code = ? and supervision_coverage_rate is not null order by snapshot_month desc limit 1`,
      [scope.area_code],
    );
    const checks: [string, [string, string][]][] = [
      ['/supervision/', [['督导覆盖率', pct(duzhan.supervision_coverage_rate, 1)], ['挂牌督战村（个）', int(duzhan.listed_villages)], ['风险消除不合规（户）', int(duzhan.noncompliant_eliminated_households ?? 0)]]],
      ['/issues/', [['整改销号率', pct(issues.clearance_rate, 1)], ['逾期未销号（个）', int(issues.issues_overdue)]]],
      ['/funds/', [['资金支出率', pct(funds.disbursement_rate, 1)], ['已支出（万元）', funds.paid_wan.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })]]],
      ['/monitoring/', [['风险未消除（户）', int(monitoring.at_risk)], ['收入低于监测线（户）', int(income.below_line_households)]]],
      ['/mpi/', [['多维贫困发生率 H', pct(mpi.headcount_ratio_h, 2)], ['多维贫困人口', int(mpi.poor_people)]]],
      ['/data-quality/', [['农户拒收行数', int(quality.rejected)], ['漏户数', int(quality.missing)]]],
    ];
    for (const [url, values] of checks) {
      const { page, ...v } = await visit(url, url.replaceAll('/', '') || 'home');
      for (const [title, expected] of values) expect(await bigValue(page, title), `${url} ${title}`).toBe(expected);
      clean(v, url);
      await page.close();
    }
  });

  test('data-quality page: code sources and load warnings match the marts', { timeout: 120_000 }, async () => {
    const warned = await wh.one<{ n: number }>(
      `select coalesce(sum(rows_warned), 0)::integer as n from marts.mart_load_warnings where snapshot_month = ?::date`,
      [latest],
    );
    const ledgers = await wh.all<{ entity_label: string; total: number; by_name: number }>(
      `select entity_label, sum(rows_loaded)::integer as total,
         coalesce(sum(rows_loaded) filter (where code_source in ('register', 'national')), 0)::integer as by_name
       from marts.mart_code_sources where snapshot_month = ?::date group by all order by any_value(entity_order)`,
      [latest],
    );
    const first = await wh.all<{ value: string; source_file_name: string }>(
      `select value, source_file_name from marts.mart_load_warnings where snapshot_month = ?::date
       order by entity_order, source_file_name, header, rows_warned desc, value limit 1`,
      [latest],
    );
    const { page, ...v } = await visit('/data-quality/', 'data-quality-lineage');
    expect(await bigValue(page, '警告数（按“其他”加载）')).toBe(int(warned.n));
    const table = page.locator('table', { has: page.locator('th:has-text("按名称查全国区划")') });
    for (const l of ledgers) {
      // (the first match: Evidence may render a table's rows twice, once for print)
      const cells = (await table.locator(`tr:has(td:text-is("${l.entity_label}"))`).first().locator('td').allInnerTexts()).map((c) => c.trim()).filter(Boolean);
      expect(cells[0], l.entity_label).toBe(l.entity_label);
      expect(cells[1], l.entity_label).toBe(int(l.total));
      expect(cells.at(-1), l.entity_label).toBe(pct(l.by_name / l.total, 1));
    }
    const warnings = page.locator('table', { has: page.locator('th:has-text("首次出现行")') });
    if (first[0]) {
      const row = await warnings.locator('tr:has(td)').first().innerText();
      expect(row).toContain(first[0].source_file_name);
      expect(row).toContain(first[0].value);
    }
    clean(v, '/data-quality/');
    await page.close();
  });

  test('总结报告 and data dictionary: Chinese prose with numbers from the marts', { timeout: 120_000 }, async () => {
    const ends = await wh.all<{ poverty_incidence: number }>(
      `select poverty_incidence from marts.mart_poverty_incidence where area_code = ? order by snapshot_month`,
      [scope.area_code],
    );
    const report = await visit('/summary-report/', 'summary-report');
    const text = (await report.page.locator('#evidence-main-article').innerText()).replace(/\s+/g, '');
    expect(text).toContain(`贫困发生率由${pct(ends[0]!.poverty_incidence, 1)}下降至${pct(ends.at(-1)!.poverty_incidence, 2)}`);
    for (const h of ['一、基本情况', '二、组织与机制', '三、', '四、资金投入与支出', '五、挂牌村', '六、数据质量', '七、经验与下步']) expect(text).toContain(h);
    expect(text).toContain('【待攻坚办填写】');
    // Chinese chrome: the table of contents is headed 本页目录 (patched), not "On this page"
    const body = await report.page.locator('body').innerText();
    expect(body).not.toContain('On this page');
    expect(body).toContain('本页目录');
    clean(report, '/summary-report/');
    await report.page.close();

    const marts = await wh.all<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'marts' order by 1`,
    );
    const dict = await visit('/dictionary/', 'dictionary');
    const dictText = await dict.page.locator('#evidence-main-article').innerText();
    for (const { table_name } of marts) expect(dictText, table_name).toContain(table_name);
    clean(dict, '/dictionary/');
    await dict.page.close();
  });

  test('a village page is drawn in the browser, offline, with the numbers of mart_village_page, and prints once drawn', { timeout: 180_000 }, async () => {
    // the middle village by code: not one the other tests happen to open first
    const villages = await wh.all<{ village_code: string }>(`select distinct village_code from marts.mart_village_page order by 1`);
    const code = villages[Math.floor(villages.length / 2)]!.village_code;
    const m = await wh.one<{
      village_name: string; town_name: string; remaining_poor_people: number; poverty_incidence: number; key_households: number;
      clearance_rate: number | null; disbursement_rate: number | null; listing_status: string; rank: number;
      gap_education_households: number; gap_housing_households: number; resolved_housing_households: number;
    }>(
      `select village_name, town_name, remaining_poor_people, poverty_incidence, key_households, clearance_rate, disbursement_rate,
         listing_status, rank, gap_education_households, gap_housing_households, resolved_housing_households
       from marts.mart_village_page where village_code = ? and snapshot_month = ?::date`,
      [code, latest],
    );
    const overdue = await wh.one<{ n: number }>(`select count(*)::integer as n from marts.mart_issue_overdue where village_code = ? and snapshot_month = ?::date`, [code, latest]);
    // no file of its own: the build does not grow with the villages; the fallback page draws it
    expect(fs.existsSync(path.join(BUILD, 'village', code, 'index.html'))).toBe(false);
    expect(fs.existsSync(path.join(BUILD, '200.html'))).toBe(true);

    const url = `/village/${code}/`;
    const { page, ...v } = await visit(url, `village-client-${code}`, drawn);
    expect(await page.locator('#evidence-main-article h1').first().innerText()).toBe(m.village_name);
    expect(await page.locator('#evidence-main-article').innerText()).toContain(m.town_name);
    expect(await bigValue(page, '未脱贫人口')).toBe(int(m.remaining_poor_people));
    expect(await bigValue(page, '贫困发生率')).toBe(pct(m.poverty_incidence, 2));
    expect(await bigValue(page, '三类重点户（户）')).toBe(int(m.key_households));
    if (m.clearance_rate !== null) expect(await bigValue(page, '整改销号率')).toBe(pct(m.clearance_rate, 1));
    if (m.disbursement_rate !== null) expect(await bigValue(page, '资金支出率')).toBe(pct(m.disbursement_rate, 1));
    expect(await page.locator('.listing').innerText()).toContain(m.listing_status);
    const gapRow = async (indicator: string) => (await page.locator(`table tr:has(td:text-is("${indicator}"))`).first().locator('td').allInnerTexts()).map((t) => t.trim());
    expect((await gapRow('义务教育'))[1]).toBe(int(m.gap_education_households));
    expect((await gapRow('住房安全'))[1]).toBe(int(m.gap_housing_households));
    expect((await gapRow('住房安全'))[3]).toBe(int(m.resolved_housing_households));
    if (overdue.n === 0) expect(await page.locator('#evidence-main-article').innerText()).toContain('本月没有逾期未销号问题');
    // measures by category, counts only: the village's rows of mart_measures_by_category
    const measures = await wh.all<{ measure_category: string; measures: number }>(
      `select measure_category, measures from marts.mart_measures_by_category where area_code = ? and snapshot_month = ?::date and measure_category <> '全部'`,
      [code, latest],
    );
    // rows whose first cell is the category (the visits table also names groups such as 易地搬迁, in a later cell)
    const measureRow = async (category: string) => (await page.locator(`table tr:has(td:first-child:text-is("${category}"))`).first().locator('td').allInnerTexts()).map((t) => t.trim());
    for (const x of measures) expect((await measureRow(x.measure_category))[1], x.measure_category).toBe(int(x.measures));
    // the map of the village's town: one shape per village of that town
    const siblings = await wh.one<{ n: number }>(`select count(*)::integer as n from marts.mart_area where area_level = 'village' and parent_code = (select parent_code from marts.mart_area where area_code = ?)`, [code]);
    expect(await mapShapes(page)).toEqual([siblings.n, siblings.n]);
    // charts drew: one echarts canvas per chart (4 trends, 三类重点户, 三保障)
    expect(await page.locator('#evidence-main-article canvas').count()).toBeGreaterThanOrEqual(6);
    clean(v, url);

    // printing: the PDF holds the drawn page (name and numbers), not the loading notice; a fresh
    // page printed through the exports' settle() waits for the drawing by itself
    await page.goto(site.url + url);
    await settle(page);
    await page.emulateMedia({ media: 'print' });
    const file = path.join(SHOTS, `village-${code}.pdf`);
    fs.writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }));
    const text = pdfPagesText(file).join('\n');
    expect(text).toContain(m.village_name);
    expect(text).toContain(pct(m.poverty_incidence, 2));
    expect(text).not.toContain('正在读取');
    await page.close();

    // an unknown village code says so, and still makes no outside request
    const missing = await visit('/village/000000000000/', 'village-missing', drawn);
    expect(await missing.page.locator('#evidence-main-article').innerText()).toContain('没有区划代码为 000000000000 的行政村');
    clean(missing, '/village/000000000000/');
    await missing.page.close();
  });

  test('weight: assets are served precompressed and the home page transfers under 10 MB', { timeout: 120_000 }, async () => {
    const cost = await measurePage(browser, site.url + '/', 'figure.choropleth svg');
    console.log(`[browser.test] home: ${(cost.transferBytes / 1e6).toFixed(2)} MB in ${cost.requests} requests, first contentful paint ${cost.firstContentfulPaintMs} ms`);
    expect(cost.encodings.br ?? 0).toBeGreaterThan(0);
    expect(cost.transferBytes).toBeLessThan(10_000_000);
  });
});
