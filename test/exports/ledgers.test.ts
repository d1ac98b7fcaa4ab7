import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyselyFor } from '../../core/kysely.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import { deckData } from '../../exports/deck-data.ts';
import { buildDeckPptx } from '../../exports/pptx.ts';
import { resolveScope, type Scope } from '../../exports/scope.ts';
import { fundLedgerXlsx, INTERNAL_BANNER, internalIssueLedgerXlsx, issueLedgerXlsx, ledgerFileNames, redFlagsXlsx } from '../../exports/xlsx.ts';
import type { Database } from '../../models/generated/database.ts';
import { runModels } from '../../models/runner/run.ts';
import { townWarehouse } from '../helpers/campaign.ts';

let wh: Warehouse;
let dir: string;
let scope: Scope;
beforeAll(async () => {
  ({ wh, dir } = await townWarehouse(6));
  scope = await resolveScope(kyselyFor<Database>(wh), '2024-06');
});
afterAll(() => wh.close());

async function sheetRows(file: string, sheet: number) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[sheet]!;
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return { names: wb.worksheets.map((w) => w.name), rows };
}

/** ID numbers, mobile numbers and the household heads' names from raw.household. */
async function personalValues(): Promise<string[]> {
  const r = await wh.all<{ v: string }>(`select distinct unnest([id_number, phone, head_name, helper_name, helper_phone]) as v from raw.household`);
  return r.map((x) => x.v).filter((v) => v && v.length >= 2);
}

describe('the scope of an export', () => {
  it('steps down from the city to the level the campaign runs at (the town), for the asked month', () => {
    expect(scope).toMatchObject({ areaLevel: 'town', monthKey: '2024-06' });
    expect(scope.areaCode).toMatch(/^\d{9}$/);
  });
});

describe('Excel ledgers', () => {
  it('the issue ledger lists every issue of the month with Chinese headers, without descriptions or persons', async () => {
    const file = path.join(dir, ledgerFileNames(scope).issues);
    const n = await issueLedgerXlsx(kyselyFor<Database>(wh), scope, file);
    const { names, rows } = await sheetRows(file, 0);
    expect(names).toEqual(['问题台账', '按类别汇总']);
    expect(rows[0]).toEqual(['问题编号', '乡镇', '行政村', '问题来源', '问题类别', '责任单位', '整改状态', '发现日期', '整改时限', '销号日期', '历时（天）', '逾期未销号', '有佐证材料']);
    const mart = await wh.one<{ n: number; overdue: number }>(`select count(*)::integer as n, count(*) filter (where is_overdue)::integer as overdue from marts.mart_issue_ledger where snapshot_month = '2024-06-01'`);
    expect(rows.length - 1).toBe(mart.n);
    expect(n).toBe(mart.n);
    expect(rows.slice(1).filter((r) => r[11] === '是').length).toBe(mart.overdue);
    const summary = await sheetRows(file, 1);
    const cat = await wh.one<{ total: number }>(`select sum(issues_total)::integer as total from marts.mart_issue_clearance where snapshot_month = '2024-06-01' and area_code = '${scope.areaCode}' and dimension = '问题类别'`);
    expect(summary.rows.slice(1).reduce((s, r) => s + Number(r[1]), 0)).toBe(cat.total);
    const text = JSON.stringify(rows);
    for (const v of await personalValues()) expect(text.includes(v), v).toBe(false);
  });

  it('the fund ledger and red-flag list equal the marts', async () => {
    const db = kyselyFor<Database>(wh);
    const names = ledgerFileNames(scope);
    await fundLedgerXlsx(db, scope, path.join(dir, names.funds));
    const funds = await sheetRows(path.join(dir, names.funds), 0);
    const paid = await wh.one<{ paid: number; projects: number }>(`select sum(paid_amount)::double as paid, count(*)::integer as projects from marts.mart_fund_disbursement where snapshot_month = '2024-06-01'`);
    expect(funds.rows.length - 1).toBe(paid.projects);
    expect(funds.rows.slice(1).reduce((s, r) => s + Number(r[5]), 0)).toBeCloseTo(paid.paid, 2);
    await redFlagsXlsx(db, scope, path.join(dir, names.flags));
    const flags = await sheetRows(path.join(dir, names.flags), 1);
    const overdue = await wh.one<{ n: number }>(`select count(*)::integer as n from marts.mart_red_flags where snapshot_month = '2024-06-01' and flag_type = '逾期问题'`);
    expect(flags.names).toEqual(['落后村', '逾期问题', '资金落后', '未督导村', '风险消除不合规']);
    expect(flags.rows.length - 1).toBe(overdue.n);
  });

  it('the internal ledger names the responsible persons and says it is internal, in its name and first row', async () => {
    const file = path.join(dir, ledgerFileNames(scope).internal);
    await internalIssueLedgerXlsx(wh, scope, file);
    expect(path.basename(file)).toMatch(/^内部_含责任人_/);
    const { rows } = await sheetRows(file, 0);
    expect(rows[0]![0]).toBe(INTERNAL_BANNER);
    expect(rows[1]).toContain('整改责任人');
    const person = await wh.one<{ p: string }>(`select responsible_person as p from raw.issue where snapshot_month = '2024-06-01' and responsible_person is not null limit 1`);
    expect(JSON.stringify(rows)).toContain(person.p);
  });
});

describe('PowerPoint deck', () => {
  it('has the expected slides, text and native charts, with numbers from the marts', async () => {
    const file = path.join(dir, 'deck.pptx');
    const db = kyselyFor<Database>(wh);
    const { slides } = await buildDeckPptx(await deckData(db, scope), file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const slideFiles = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slideFiles).toHaveLength(slides);
    const text = async (n: number) => [...(await zip.file(`ppt/slides/slide${n}.xml`)!.async('string')).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('|');
    const inc = await wh.one<{ i: number; hh: number; p: number }>(`select poverty_incidence as i, remaining_poor_households as hh, remaining_poor_people as p from marts.mart_poverty_incidence where snapshot_month = '2024-06-01' and area_code = '${scope.areaCode}'`);
    const s2 = await text(2);
    expect(s2).toContain(`${(inc.i * 100).toFixed(2)}%`);
    expect(s2).toContain(`未脱贫${inc.hh}户${inc.p}人`);
    const key = await wh.one<{ hh: number; p: number }>(`select monitored_households as hh, monitored_people as p from marts.mart_key_households where snapshot_month = '2024-06-01' and area_code = '${scope.areaCode}'`);
    expect(await text(3)).toContain(`脱贫监测户${key.hh}户`);
    // the same slide list as the site deck: ten slides, titles from mart_deck_slides
    const titles = await wh.all<{ title: string }>(`select title from marts.mart_deck_slides where area_code = ? and month_key = '2024-06' order by slide_no`, [scope.areaCode]);
    expect(slides).toBe(10);
    for (const [i, t] of titles.entries()) expect((await text(i + 1)).split('|')[0]).toBe(t.title);
    expect(Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f)).length).toBeGreaterThanOrEqual(6);
    const chart = await zip.file('ppt/charts/chart1.xml')!.async('string');
    expect(chart).toContain('<c:lineChart>');
    expect(chart).toContain('6月');
    expect(await zip.file('ppt/slides/slide2.xml')!.async('string')).toContain('Microsoft YaHei');
    let all = '';
    for (let i = 1; i <= slides; i++) all += await text(i);
    for (const v of await personalValues()) expect(all.includes(v), v).toBe(false);
  });

  /** The incidence slide's title in a PPTX built after June's figures are replaced. */
  async function incidenceTitleWhenJuneIs(junePeople: (may: number) => number): Promise<{ title: string; changePp: number }> {
    const may = await wh.one<{ p: number; pop: number; i: number }>(
      `select remaining_poor_people::integer as p, agri_population::integer as pop, poverty_incidence as i from marts.mart_poverty_incidence where snapshot_month = '2024-05-01' and area_code = ?`,
      [scope.areaCode],
    );
    const june = await wh.one<{ pop: number }>(`select agri_population::integer as pop from marts.mart_poverty_incidence where snapshot_month = '2024-06-01' and area_code = ?`, [scope.areaCode]);
    const people = junePeople(may.p);
    const incidence = people / june.pop;
    await wh.run(
      `update marts.mart_poverty_incidence
       set remaining_poor_people = ?, poverty_incidence = ?, remaining_poor_people_change = ?, incidence_change_pp = ?
       where snapshot_month = '2024-06-01' and area_code = ?`,
      [people, incidence, people - may.p, (incidence - may.i) * 100, scope.areaCode],
    );
    await runModels(wh, { select: 'mart_kpi' }); // mart_kpi and what reads it, mart_deck_slides among them
    const file = path.join(dir, `deck-${people}.pptx`);
    await buildDeckPptx(await deckData(kyselyFor<Database>(wh), scope), file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('ppt/slides/slide2.xml')!.async('string');
    return { title: [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)][0]![1]!, changePp: (incidence - may.i) * 100 };
  }

  it('titles the incidence slide from the data: a rising month says 上升, an unchanged one 持平', async () => {
    const rising = await incidenceTitleWhenJuneIs((may) => may + 60);
    expect(rising.changePp).toBeGreaterThan(0);
    expect(rising.title).toBe(`贫困发生率上升${rising.changePp.toFixed(2)}个百分点`);
    expect(rising.title).not.toContain('下降');

    const flat = await incidenceTitleWhenJuneIs((may) => may);
    expect(flat.title).toBe('贫困发生率与上月持平');

    const falling = await incidenceTitleWhenJuneIs((may) => may - 5);
    expect(falling.title).toBe(`贫困发生率下降${Math.abs(falling.changePp).toFixed(2)}个百分点`);
  });
});
