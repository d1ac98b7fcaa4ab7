/**
 * A canary campaign, run through the product as a new user would: names, ID numbers and phones
 * planted in every personal column and every free-text column (项目名称, 责任单位, 问题描述),
 * two-character names, a name equal to a village's name used elsewhere, IDs and phones typed
 * spaced, dashed and full-width, and a village with one household. The test loads it, runs the
 * models, builds the site (in a copy of the project, so the demo's build/ is left alone), runs
 * every export and the Parquet export, then reads every output — text, parquet, arrow, unzipped
 * xlsx/pptx, PDF text — and asserts that no canary appears anywhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../../core/config.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { DEFAULTS, generateCampaign } from '../../pipelines/generate/campaign.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { closeDecoders, extractTexts } from '../../privacy/extract.ts';
import { tempDir } from '../helpers/warehouse.ts';

const hasChromium = fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const FW = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const spaced = (s: string, cuts: number[]) => cuts.reduce((acc, c, i) => acc.slice(0, c + i) + ' ' + acc.slice(c + i), s);
const dashed = (s: string, cuts: number[]) => cuts.reduce((acc, c, i) => acc.slice(0, c + i) + '-' + acc.slice(c + i), s);

/** A CSV the generator wrote (UTF-8 or GBK), as header + rows, and written back as UTF-8 with BOM. */
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const bytes = fs.readFileSync(file);
  let text = bytes.toString('utf8');
  if (text.includes('\ufffd')) text = iconv.decode(bytes, 'gb18030');
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}
function writeCsv(file: string, csv: { header: string[]; rows: string[][] }): void {
  fs.writeFileSync(file, '\ufeff' + [csv.header, ...csv.rows].map((r) => r.join(',')).join('\n') + '\n');
}
function editCsv(file: string, edit: (csv: { header: string[]; rows: string[][] }, col: (name: string) => number) => void): void {
  const csv = readCsv(file);
  const col = (name: string) => {
    const i = csv.header.indexOf(name);
    if (i < 0) throw new Error(`${path.basename(file)} has no column ${name}`);
    return i;
  };
  edit(csv, col);
  writeCsv(file, csv);
}

function* files(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(full);
    else yield full;
  }
}

describe.skipIf(!hasChromium)('a canary campaign publishes nothing personal', () => {
  const tmp = tempDir('canary');
  const data = path.join(tmp, 'data');
  const project = path.join(tmp, 'project');
  const warehouseFile = path.join(tmp, 'campaign.duckdb');
  const out = path.join(tmp, 'out');
  // The steps run as a user runs them: not under vitest's NODE_ENV=test, which makes Evidence
  // prerender its development-only explore pages.
  const env = Object.fromEntries(
    Object.entries({ ...process.env, CAMPAIGN_WAREHOUSE: warehouseFile, PRIVACY_ALLOW: '' }).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')),
  );
  // Canaries: names no generator draws, a two-character one among them.
  const names = { three: '薛宝钗', two: '薛蟠', helper: '贾宝玉', payee: '林黛玉' };
  let placeName = ''; // a person named like another village (白光 beside 白光村)
  let lonelyVillage = '';
  let numbers: { id: string; phone: string; householdId: string }[] = [];
  let outputs: { file: string; texts: string[] }[] = [];
  let steps: Record<string, { status: number | null; output: string }> = {};

  beforeAll(async () => {
    await generateCampaign({ ...DEFAULTS, scale: 'town', months: 2, dirt: 0, formats: ['csv'], out: data });
    const months = fs.readdirSync(data).filter((d) => /^\d{4}-\d{2}$/.test(d)).sort();
    // The village register: one village lends its name to a person in another village.
    const villages = readCsv(path.join(data, months[0]!, '村基本情况.csv'));
    const vName = villages.header.indexOf('行政村');
    const vCode = villages.header.indexOf('行政村代码');
    const [home, other, lonely] = [villages.rows[0]!, villages.rows[1]!, villages.rows[2]!];
    placeName = other[vName]!.replace(/村$/, '');
    lonelyVillage = lonely[vCode]!;

    for (const m of months) {
      const dir = path.join(data, m);
      editCsv(path.join(dir, '农户信息.csv'), (csv, col) => {
        const inHome = csv.rows.filter((r) => r[col('行政村代码')] === home[vCode]);
        const [a, b, c] = inHome;
        a![col('户主姓名')] = names.three;
        b![col('户主姓名')] = names.two;
        c![col('户主姓名')] = placeName;
        a![col('帮扶责任人')] = names.helper;
        numbers = [a!, b!, c!].map((r) => ({ id: r[col('证件号码')]!, phone: r[col('联系电话')]!, householdId: r[col('户编号')]! }));
        // A village with one household.
        let kept = false;
        csv.rows = csv.rows.filter((r) => r[col('行政村代码')] !== lonelyVillage || (!kept && (kept = true)));
      });
      const [a, b] = numbers;
      editCsv(path.join(dir, '资金下达台账.csv'), (csv, col) => {
        const p = col('项目名称');
        csv.rows[0]![p] = `2024年${names.two}家危房改造补助`;
        csv.rows[1]![p] = `2024年${placeName}家产业奖补`;
        csv.rows[2]![p] = `${names.three}户到户产业 联系${spaced(a!.phone, [3, 7])}`;
        csv.rows[3]![p] = `补助对象证件${FW(b!.id)}`;
      });
      editCsv(path.join(dir, '问题整改台账.csv'), (csv, col) => {
        csv.rows[0]![col('责任单位')] = `${names.helper}户整改专班`;
        csv.rows[1]![col('责任单位')] = `${names.two}家帮扶工作队${dashed(b!.phone, [3, 7])}`;
        csv.rows[2]![col('责任单位')] = `${names.three}帮扶组 ${spaced(a!.id, [6, 14])}`;
        csv.rows[0]![col('问题描述')] = `${names.three}家住房为C级危房，身份证${spaced(a!.id, [6, 14])}，电话${FW(a!.phone)}`;
        csv.rows[0]![col('责任人')] = names.helper;
      });
      editCsv(path.join(dir, '资金支出台账.csv'), (csv, col) => {
        const withPayee = csv.rows.find((r) => r[col('收款人')]);
        if (withPayee) withPayee[col('收款人')] = names.payee;
      });
      editCsv(path.join(dir, '村基本情况.csv'), (csv, col) => {
        csv.rows[0]![col('责任人')] = names.payee;
      });
    }

    const wh = await Warehouse.open(warehouseFile);
    await loadPaths(wh, [data]);
    await runModels(wh);
    wh.close();

    // A copy of the project, so the site is built into its own build/ (node_modules shared).
    fs.mkdirSync(project);
    execFileSync('bash', ['-c', `tar --exclude=./node_modules --exclude=./.git --exclude=./build --exclude=./.evidence --exclude=./warehouse --exclude=./data/demo --exclude=./out --exclude=./test-results -cf - . | tar -xf - -C '${project}'`], { cwd: ROOT });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const run = (name: string, cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: project, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      steps[name] = { status: r.status, output: `${r.stdout}\n${r.stderr}` };
      // kept for a reader when a step fails (masked by the product; canaries are fake anyway)
      fs.mkdirSync(path.join(ROOT, 'test-results', 'canary'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'test-results', 'canary', `${name}.log`), steps[name]!.output);
    };
    run('build', tsx, ['scripts/build-site.ts', '--warehouse', warehouseFile, '--geo', path.join(data, 'geo')]);
    run('export', tsx, ['exports/cli.ts', '--out', path.join(out, 'exports')]);
    run('parquet', tsx, ['models/cli/export-parquet.ts', '--out', path.join(out, 'parquet')]);
    run('parquet-internal', tsx, ['models/cli/export-parquet.ts', '--internal', '--out', path.join(out, 'parquet-internal')]);

    for (const dir of [path.join(project, 'build'), out]) {
      if (!fs.existsSync(dir)) continue;
      for (const file of files(dir)) {
        const texts = (await extractTexts(file)) ?? [];
        outputs.push({ file: path.relative(tmp, file), texts: [path.relative(tmp, file), ...texts] });
      }
    }
    closeDecoders();
  }, 1_800_000);

  test('every step succeeds: build (with its privacy check), exports with PDFs, Parquet', () => {
    for (const [name, s] of Object.entries(steps)) expect(s.status, `${name}: ${s.output.slice(-2000)}`).toBe(0);
    const kinds = new Set(outputs.map((o) => path.extname(o.file)));
    for (const ext of ['.html', '.parquet', '.arrow', '.pptx', '.xlsx', '.pdf']) expect(kinds, ext).toContain(ext);
  });

  test('the logs of every step show no canary', () => {
    const all = Object.values(steps).map((s) => s.output).join('\n');
    for (const n of Object.values(names)) expect(all).not.toContain(n);
    for (const n of numbers) {
      expect(all).not.toContain(n.id);
      expect(all).not.toContain(n.phone);
    }
  });

  test('no canary name appears in any output, and the borrowed village name only as the village', () => {
    const leaks: string[] = [];
    for (const { file, texts } of outputs) {
      for (const text of texts) {
        for (const n of Object.values(names)) if (text.includes(n)) leaks.push(`${file}: ${n[0]}*`);
        // 白光 may stand only as (part of) the village 白光村
        if (new RegExp(`${placeName}(?!村)`).test(text)) leaks.push(`${file}: ${placeName[0]}*（不是村名）`);
      }
    }
    expect([...new Set(leaks)]).toEqual([]);
  });

  test('no canary ID number, phone or 户编号 appears in any output, in any spelling', () => {
    const fold = (s: string) => s.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)).replace(/[\s\-\u3000]/g, '');
    const leaks: string[] = [];
    for (const { file, texts } of outputs) {
      for (const text of texts) {
        const folded = fold(text);
        for (const n of numbers) {
          if (folded.includes(n.id)) leaks.push(`${file}: 身份证号`);
          if (folded.includes(n.phone)) leaks.push(`${file}: 电话`);
          if (folded.includes(fold(n.householdId))) leaks.push(`${file}: 户编号`);
        }
      }
    }
    expect([...new Set(leaks)]).toEqual([]);
  });

  test('the masks are counted on the data-quality mart; the household-named project reads 某户', async () => {
    const wh = await Warehouse.open(warehouseFile, { readOnly: true });
    const rows = await wh.all<{ column_name: string; names: number; ids: number; phones: number }>(
      `select column_name, sum(name_masks)::integer as names, sum(id_masks)::integer as ids, sum(phone_masks)::integer as phones
       from marts.mart_free_text_masks group by all order by 1`,
    );
    const projects = await wh.all<{ p: string }>(`select distinct project_name as p from marts.mart_fund_disbursement where project_name like '%某户%' order by 1`);
    wh.close();
    // Per month, planted: project names 3 names, 1 ID, 1 phone; units 3 names, 1 ID, 1 phone. Names
    // also count where the borrowed village name stands inside other free text (白光村… → 某人村…).
    expect(rows.map((r) => [r.column_name, r.ids, r.phones])).toEqual([
      ['project_name', 2, 2],
      ['responsible_unit', 2, 2],
    ]);
    for (const r of rows) expect(r.names).toBeGreaterThanOrEqual(6);
    expect(projects.map((r) => r.p)).toEqual(expect.arrayContaining(['2024年某户危房改造补助', '2024年某户产业奖补']));
  });

  test('the default Parquet household table is 5-anonymous and drops the key; --internal keeps the key', async () => {
    const wh = await Warehouse.open(':memory:');
    const glob = (d: string) => `'${path.join(out, d, 'mart_household_analyst')}/**/*.parquet'`;
    const small = await wh.one<{ n: number }>(
      `select count(*)::integer as n from (select 1 from read_parquet(${glob('parquet')}, hive_partitioning = true)
       group by snapshot_month, area_code, family_size, labor_count, household_type, poverty_cause having count(*) < 5)`,
    );
    expect(small.n).toBe(0);
    const cols = (await wh.all<{ c: string }>(`select column_name as c from (describe select * from read_parquet(${glob('parquet')}, hive_partitioning = true))`)).map((r) => r.c);
    expect(cols).not.toContain('household_key');
    const lonely = await wh.one<{ n: number }>(`select count(*)::integer as n from read_parquet(${glob('parquet')}, hive_partitioning = true) where area_code = '${lonelyVillage}'`);
    expect(lonely.n).toBe(0);
    const internalCols = (await wh.all<{ c: string }>(`select column_name as c from (describe select * from read_parquet(${glob('parquet-internal')}, hive_partitioning = true))`)).map((r) => r.c);
    expect(internalCols).toContain('household_key');
    wh.close();
  });
});
