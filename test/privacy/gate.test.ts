/**
 * The privacy gate (privacy/, CLI scripts/check-privacy.ts): the built site passes; canaries taken
 * from the warehouse's household table (an ID number, a phone, household-head names) planted into
 * copies of the site's files — HTML, JSON, a parquet written with DuckDB, an Arrow IPC file — are
 * each caught; names are exempt only inside a longer place name, in exact place-name cells, or where
 * an allow entry names the word and the file; and the failure report masks what it found.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, test } from 'vitest';
import { config, ROOT } from '../../core/config.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { closeDecoders } from '../../privacy/extract.ts';
import { checkDir } from '../../privacy/gate.ts';
import { parseAllow, scanText } from '../../privacy/scan.ts';
import { loadSecrets, type Secrets } from '../../privacy/secrets.ts';
import { tempDir } from '../helpers/warehouse.ts';

const BUILD = path.join(ROOT, 'build');
const built = fs.existsSync(path.join(BUILD, 'index.html')) && fs.existsSync(config.warehousePath);
if (!built) console.warn('[privacy.test] 跳过：build/ 或数据仓库不存在，先运行 npm run demo / skipped: build/ or warehouse missing');

function firstFile(dir: string, ext: string): string {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop() as string;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.name.endsWith(ext) && fs.statSync(full).size > 0) return full;
    }
  }
  throw new Error(`no ${ext} file under ${dir}`);
}

async function writeParquet(file: string, sql: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`copy (${sql}) to '${file}' (format parquet, compression zstd)`);
  con.closeSync();
  db.closeSync();
}

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;
const checkSite = async (dir: string, secrets: Secrets) => (await checkDir(dir, secrets)).findings;

describe.skipIf(!built)('privacy check on the built site', () => {
  let secrets: Secrets;
  let canary: { id: string; phone: string; name3: string; name2: string; householdId: string };
  /** A small copy of real site files: page HTML, JSON, a source parquet, a prerendered arrow. */
  let sample: string;

  beforeAll(async () => {
    secrets = await loadSecrets(config.warehousePath);
    const wh = await Warehouse.open(config.warehousePath, { readOnly: true });
    const pick = async (where: string) =>
      (await wh.all<{ v: string }>(`select distinct head_name as v from raw.household where ${where} order by 1`))
        .map((r) => r.v)
        .find((n) => secrets.byKind.name.has(n));
    const row = await wh.one<{ id_number: string; phone: string; household_id: string }>(
      `select id_number, phone, household_id from raw.household where phone is not null order by household_id limit 1`,
    );
    const name3 = await pick('length(head_name) = 3');
    const name2 = await pick('length(head_name) = 2');
    wh.close();
    if (!name3 || !name2) throw new Error('no checkable 2- and 3-character head names in raw.household');
    canary = { id: row.id_number, phone: row.phone, name3, name2, householdId: row.household_id };

    sample = tempDir('privacy-sample');
    const files = [
      path.join(BUILD, 'index.html'),
      path.join(BUILD, 'data', 'manifest.json'),
      firstFile(path.join(BUILD, 'data'), '.parquet'),
      firstFile(path.join(BUILD, 'api', 'prerendered_queries'), '.arrow'),
    ];
    for (const f of files) fs.copyFileSync(f, path.join(sample, path.basename(f)));
  });

  /** A copy of the sample with one file changed or added. */
  function planted(name: string, write: (file: string) => void | Promise<void>): Promise<string> {
    const dir = tempDir('privacy-canary');
    fs.cpSync(sample, dir, { recursive: true });
    return Promise.resolve(write(path.join(dir, name))).then(() => dir);
  }

  test('the clean build passes', { timeout: 120_000 }, async () => {
    expect(secrets.byKind.id_number.size).toBeGreaterThan(0);
    expect(secrets.byKind.phone.size).toBeGreaterThan(0);
    expect(secrets.byKind.name.size).toBeGreaterThan(0);
    expect(await checkSite(BUILD, secrets)).toEqual([]);
    expect(await checkSite(sample, secrets)).toEqual([]);
  });

  test('a household-head name in page HTML is caught', async () => {
    const html = fs.readFileSync(path.join(sample, 'index.html'), 'utf8');
    const dir = await planted('index.html', (f) =>
      fs.writeFileSync(f, html.replace('</body>', `<table><tr><td>${canary.name3}</td><td>${canary.name2}</td></tr></table></body>`)),
    );
    const found = await checkSite(dir, secrets);
    expect(found.filter((f) => f.file === 'index.html' && f.kind === 'name')).toHaveLength(2);
  });

  test('a phone and an escaped name in JSON are caught', async () => {
    const dir = await planted('manifest.json', (f) => {
      const escaped = [...canary.name3].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      fs.writeFileSync(f, `{"rows":[{"联系电话":"${canary.phone}","户主":"${escaped}"}]}`);
    });
    const kinds = (await checkSite(dir, secrets)).filter((f) => f.file === 'manifest.json').map((f) => f.kind).sort();
    expect(kinds).toEqual(['name', 'phone']);
  });

  test('an ID number, a phone stored as a number and names inside free text in a parquet file are caught', async () => {
    const dir = await planted('canary.parquet', (f) =>
      writeParquet(
        f,
        `select ${sqlText(canary.id)} as id_number, ${canary.phone}::bigint as phone,
                ${sqlText(`${canary.name2}户住房为C级危房`)} as note_a, ${sqlText(`走访${canary.name3}家`)} as note_b
         from range(3)`,
      ),
    );
    const kinds = (await checkSite(dir, secrets)).filter((f) => f.file === 'canary.parquet').map((f) => f.kind).sort();
    expect(kinds).toEqual(['id_number', 'name', 'name', 'phone']);
  });

  test('a name and an ID number in an Arrow IPC file are caught', async () => {
    const dir = await planted('canary.arrow', (f) =>
      fs.writeFileSync(f, tableToIPC(tableFromArrays({ head_name: [canary.name3, '某村'], id_number: [canary.id, ''] }), 'file')),
    );
    const kinds = (await checkSite(dir, secrets)).filter((f) => f.file === 'canary.arrow').map((f) => f.kind).sort();
    expect(kinds).toEqual(['id_number', 'name']);
  });

  test('a 户编号 in a file path is caught', async () => {
    const dir = await planted('x.txt', () => undefined);
    fs.mkdirSync(path.join(dir, 'household', canary.householdId), { recursive: true });
    fs.writeFileSync(path.join(dir, 'household', canary.householdId, 'index.html'), '<p>ok</p>');
    const found = await checkSite(dir, secrets);
    expect(found.some((f) => f.kind === 'household_id')).toBe(true);
  });

  test('the command fails the build and masks what it found', { timeout: 60_000 }, async () => {
    const dir = await planted('leak.html', (f) => fs.writeFileSync(f, `<td>${canary.name3}</td><td>${canary.id}</td>`));
    const run = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'scripts', 'check-privacy.ts'), '--warehouse', config.warehousePath, dir],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('leak.html');
    expect(run.stderr).toContain('身份证号');
    expect(run.stderr + run.stdout).not.toContain(canary.id);
    expect(run.stderr + run.stdout).not.toContain(canary.name3);
  });
});

describe('name matching rules', () => {
  const secrets = (names: string[], places: string[] = []): Secrets => ({
    byKind: { id_number: new Set(['430321195508292317']), phone: new Set(['13812978264']), household_id: new Set(['4303212000110014']), name: new Set(names) },
    places: new Set(places),
  });

  test('names are found everywhere: whole cells, two-character names inside text, 家 and 户', () => {
    const s = secrets(['李明', '周长', '高福', '李峰财', '薛蟠']);
    const values = (text: string) => scanText(text, s).map((h) => h.value);
    expect(values('<td>李明</td>')).toEqual(['李明']);
    expect(values('"户主":"周长"')).toEqual(['周长']);
    expect(values('测量面积和周长')).toEqual(['周长']);
    expect(values('2024年薛蟠家危房改造补助')).toEqual(['薛蟠']);
    expect(values('高福户住房经鉴定为D级危房')).toEqual(['高福']);
    expect(values('帮扶李峰财家发展产业')).toEqual(['李峰财']);
    expect(values('提高效率')).toEqual([]);
  });

  test('a name is exempt only inside a longer place name or an exact place cell, and counted', () => {
    const s = secrets(['石塘', '塘村', '王石'], ['石塘村', '高塘']);
    const exemptions = new Map<string, number>();
    expect(scanText('<td>石塘村</td><td>石塘村</td>', s, { exemptions })).toEqual([]);
    expect(scanText('2024年石塘村道路硬化', s, { exemptions })).toEqual([]);
    expect([...exemptions]).toEqual([
      ['姓名 石* 在地名单元格“石*村”中', 2],
      ['姓名 塘* 在地名单元格“石塘*”中', 2],
      ['姓名 石* 在地名“石*村”中', 1],
      ['姓名 塘* 在地名“石塘*”中', 1],
    ]);
    // the same characters outside the place name are a name: 石塘家, 石塘户, and 王石 reaching into 石塘村
    expect(scanText('2024年石塘户产业奖补', s).map((h) => h.value)).toEqual(['石塘']);
    expect(scanText('帮扶石塘家', s).map((h) => h.value)).toEqual(['石塘']);
    expect(scanText('王石塘村', s).map((h) => h.value)).toEqual(['王石']);
    // a place no longer than the name exempts it only as the whole cell
    const t = secrets(['高塘'], ['高塘']);
    expect(scanText('<td>高塘</td>', t)).toEqual([]);
    expect(scanText('高塘家危房改造', t).map((h) => h.value)).toEqual(['高塘']);
  });

  test('the allow-list names the word and the file; a bare word is refused', () => {
    expect(() => parseAllow(['周长'])).toThrow(/词@文件/);
    const [entry] = parseAllow(['周长@pages/*.html']);
    const s = secrets(['周长']);
    const exemptions = new Map<string, number>();
    expect(scanText('测量面积和周长', s, { allow: [entry!], exemptions })).toEqual([]);
    expect([...exemptions]).toEqual([['姓名 周* 在允许名单的词“周*”中', 1]]);
  });

  test('ID numbers, phones and 户编号 are found spaced, dashed and full-width, but not inside longer numbers', () => {
    const s = secrets([]);
    const kinds = (text: string) => scanText(text, s).map((h) => h.kind);
    expect(kinds('id=430321195508292317;')).toEqual(['id_number']);
    expect(kinds('证件 430321 1955 0829 2317')).toEqual(['id_number']);
    expect(kinds('证件４３０３２１１９５５０８２９２３１７')).toEqual(['id_number']);
    expect(kinds('9430321195508292317')).toEqual([]);
    expect(kinds('tel:138-1297-8264')).toEqual(['phone']);
    expect(kinds('电话１３８　１２９７　８２６４')).toEqual(['phone']);
    expect(kinds('2024 13812978264')).toEqual(['phone']);
    expect(kinds('213812978264')).toEqual([]);
    expect(kinds('户 430321200011-0014')).toEqual(['household_id']);
  });

  test('place names come from the village register; names are kept whatever else they resemble', async () => {
    const dir = tempDir('privacy-wh');
    const file = path.join(dir, 'w.duckdb');
    const db = await DuckDBInstance.create(file);
    const con = await db.connect();
    await con.run(`create schema raw`);
    await con.run(`create table raw.household as select * from (values ('石塘', '430321200001-0001'), ('李峰财', '430321200001-0002'), ('总览', '430321200001-0003')) t(head_name, household_id)`);
    await con.run(`create table raw.village as select '石塘村' as village_name, '东江乡' as town_name, '湘潭县' as county_name`);
    con.closeSync();
    db.closeSync();
    const s = await loadSecrets(file);
    closeDecoders();
    expect([...s.byKind.name].sort()).toEqual(['总览', '李峰财', '石塘'].sort());
    expect([...s.places].sort()).toEqual(['东江乡', '湘潭县', '石塘村'].sort());
    expect(s.byKind.household_id.size).toBe(3);
  });
});

describe('parquet read in DuckDB and each content read once', () => {
  const secrets = (): Secrets => ({
    byKind: { id_number: new Set(['430321195508292317']), phone: new Set(['13812978264']), household_id: new Set(['4303212000110014']), name: new Set(['石塘', '薛蟠']) },
    places: new Set(['石塘村']),
  });

  test('a phone split over neighbouring cells and a name inside text are caught; a place cell repeated is counted each time', async () => {
    const dir = tempDir('privacy-parquet');
    await writeParquet(
      path.join(dir, 'a.parquet'),
      `select '石塘村' as village, range as n, case when range = 7 then '138' else '0' end as p1, case when range = 7 then '1297 8264' else '0' end as p2,
              case when range = 3 then '2024年薛蟠家危房改造补助' else '项目' end as project
       from range(1000)`,
    );
    const { findings, exemptions } = await checkDir(dir, secrets());
    closeDecoders();
    expect(findings.map((f) => [f.file, f.kind]).sort()).toEqual([['a.parquet', 'name'], ['a.parquet', 'phone']]);
    expect([...exemptions]).toEqual([['姓名 石* 在地名单元格“石*村”中', 1000]]);
  });

  test('a precompressed copy is judged by its content, under its own name', async () => {
    const dir = tempDir('privacy-copies');
    const html = '<td>薛蟠</td><td>石塘村</td>';
    fs.writeFileSync(path.join(dir, 'a.html'), html);
    fs.writeFileSync(path.join(dir, 'a.html.br'), zlib.brotliCompressSync(html));
    fs.writeFileSync(path.join(dir, 'b.html.gz'), zlib.gzipSync(html.replace('薛蟠', '某户')));
    const { findings, exemptions } = await checkDir(dir, secrets());
    expect(findings.map((f) => f.file).sort()).toEqual(['a.html', 'a.html.br']);
    expect(exemptions.get('姓名 石* 在地名单元格“石*村”中')).toBe(3);
  });
});
