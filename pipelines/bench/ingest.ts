/**
 * Ingestion benchmark (a script, not a test): the same large household CSV loaded through our
 * loader (read, validate every rule, write raw + rejects + manifest in one transaction) and
 * through bare DuckDB read_csv into a table, in the same run, each run in a fresh process.
 * Prints times, CPU seconds and the ratio of the fastest runs, and the median of the ratios of
 * back-to-back rounds (this 2-core VM varies by ±25% run to run, and by more between hours).
 * Both ways are timed until their rows are checkpointed into the database file: DuckDB may
 * otherwise leave the compression of a bulk insert to a later checkpoint, and which of the two
 * pays it inside the timing would depend on how each statement ends.
 * Each round also times two reference ways for the typed design issue 20 proposed (typed-bound.ts):
 * its floor (the contract-typed read alone) and its lower bound (that read plus every rule).
 * `--month-dir` also times a whole month folder (every ledger file of it, e.g. a generated
 * province month of about 11M rows) the same two ways: our loader on the folder, and bare
 * read_csv of each file into its own table.
 *   npm run bench:ingest -- [--rows 1000000] [--runs 4] [--keep] [--month-dir <folder> --month-runs 1]
 */
import '../../core/cli-errors.ts';
import { execFileSync } from 'node:child_process';
import readline from 'node:readline';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { formatInt } from '../../core/format.ts';
import { quoteLiteral as lit } from '../../core/sql.ts';
import { npmArgs } from '../../core/npm-args.ts';
import { createProgress } from '../../core/progress.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { gb11643CheckCharSql } from '../contracts/define.ts';
import { typedBoundSql, typedFloorSql } from './typed-bound.ts';
import { columnsOf, contracts } from '../contracts/index.ts';
import { loadPaths } from '../load.ts';
import { openSource } from '../readers/index.ts';

const program = new Command()
  .option('--rows <n>', '行数', '1000000')
  .option('--runs <n>', '轮数：每轮两种方式各运行一次', '4')
  .option('--dir <dir>', '工作目录', path.join(os.tmpdir(), 'campaign-bench'))
  .option('--keep', '保留生成的CSV')
  .option('--slow', '我们的加载器让每个单元格都走慢路径（完整规范化与校验），与快路径对照')
  .option('--xlsx-rows <n>', '另测 XLSX：取前 n 行写成工作簿，比较完整加载与单纯转换（0 为不测）', '200000')
  .option('--month-dir <dir>', '另测一个月份文件夹的全部台账（如省级一个月：npm run generate -- --scale province --months 1 --out <目录>，再给 <目录>/2024-01）')
  .option('--month-runs <n>', '月份文件夹的轮数', '1')
  .addOption(new Option('--one <way>', '（内部）在本进程中只计时一种方式').choices(['ours', 'bare', 'typed-floor', 'typed-bound', 'ours-month', 'bare-month']).hideHelp())
  .option('--run <i>', '（内部）轮次', '0');
type Way = 'ours' | 'bare' | 'typed-floor' | 'typed-bound' | 'ours-month' | 'bare-month';
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{
  rows: string; runs: string; dir: string; keep?: boolean; slow?: boolean; xlsxRows: string; monthDir?: string; monthRuns: string; one?: Way; run: string;
}>();

const rows = Number(opts.rows);
const runs = Number(opts.runs);
const month = path.join(opts.dir, '2024-06');
const csv = path.join(month, '农户信息.csv');

/** Builds the file inside DuckDB: every contract column, valid values, ~0.1% planted errors. */
async function makeFile(): Promise<void> {
  const wh = await Warehouse.open(':memory:');
  const h = (name: string) => columnsOf(contracts.household).find((c) => c.name === name)!.headers[0];
  // ID numbers need a real check digit, computed in SQL.
  const body = `'430321' || (1940 + i % 60)::varchar || lpad((1 + i % 12)::varchar, 2, '0') || lpad((1 + i % 28)::varchar, 2, '0') || lpad((i % 1000)::varchar, 3, '0')`;
  await wh.run(`copy (
    with base as (select i, ${body} as b from range(${rows}) t(i))
    select
      '430321' || lpad((200 + i % 20)::varchar, 3, '0') || lpad((1 + i % 15)::varchar, 3, '0') || '-' || lpad(i::varchar, 7, '0') as "${h('household_id')}",
      '430321' || lpad((200 + i % 20)::varchar, 3, '0') || lpad((1 + i % 15)::varchar, 3, '0') as "${h('village_code')}",
      '王建国' as "${h('head_name')}",
      case when i % 997 = 0 then b || '0' else b || ${gb11643CheckCharSql('b')} end as "${h('id_number')}",
      '138' || lpad((i % 100000000)::varchar, 8, '0') as "${h('phone')}",
      (1 + i % 6)::varchar as "${h('family_size')}",
      (i % 3)::varchar as "${h('labor_count')}",
      ['一般户', '脱贫户', '未脱贫户'][1 + i % 3] as "${h('household_type')}",
      case when i % 20 = 0 then '脱贫不稳定户' when i % 20 = 1 then '边缘易致贫户' end as "${h('monitor_type')}",
      case when i % 20 < 2 then '否' end as "${h('risk_eliminated')}",
      case when i % 20 < 2 then '2024-03-15' end as "${h('identified_date')}",
      null as "${h('eliminated_date')}",
      ['因病', '因残', '因学', '缺劳力', '缺技术'][1 + i % 5] as "${h('poverty_cause')}",
      (5000 + i % 30000)::varchar as "${h('wage_income')}",
      (i % 12000)::varchar as "${h('business_income')}",
      (500 + i % 6000)::varchar as "${h('transfer_income')}",
      (i % 800)::varchar as "${h('property_income')}",
      (i % 3000)::varchar as "${h('business_cost')}",
      round(((5000 + i % 30000) + (i % 12000) + (500 + i % 6000) + (i % 800) - (i % 3000)) / (1 + i % 6), 2)::varchar as "${h('net_income_per_capita')}",
      '是' as "${h('food_clothing_ok')}", '是' as "${h('education_ok')}", '是' as "${h('medical_ok')}",
      ['A', 'B', 'C'][1 + i % 3] as "${h('housing_grade')}",
      case when i % 3 = 2 then '否' else '是' end as "${h('housing_ok')}",
      '是' as "${h('water_ok')}", '否' as "${h('dibao')}", '否' as "${h('tekun')}", '否' as "${h('relocated')}", '否' as "${h('welfare_job')}",
      case when i % 10 = 0 then '30000' end as "${h('microcredit_amount')}",
      case when i % 10 = 0 then '2025-03-31' end as "${h('microcredit_due_date')}",
      case when i % 10 = 0 then '否' end as "${h('microcredit_overdue')}",
      '李春生' as "${h('helper_name')}",
      '139' || lpad((i % 100000000)::varchar, 8, '0') as "${h('helper_phone')}",
      '2024-06' as "${h('data_month')}"
    from base
  ) to '${csv}' (header, delimiter ',')`);
  wh.close();
}

interface Timing {
  /** Wall-clock milliseconds. */
  ms: number;
  /** CPU milliseconds of the process (user + system, every DuckDB thread included). */
  cpuMs: number;
}

async function timeIt(fn: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

async function ours(run: number): Promise<Timing> {
  const db = path.join(opts.dir, `ours-${run}.duckdb`);
  const wh = await Warehouse.open(db);
  const ms = await timeIt(async () => {
    const [r] = await loadPaths(wh, [csv], { progress: createProgress({ quiet: true }), slowOnly: opts.slow ?? false });
    if (r?.status !== 'loaded' || r.read !== rows) throw new Error(`load failed: ${JSON.stringify(r)}`);
    if (run === 0) console.log(`  我们的加载器${opts.slow ? '（全部走慢路径）' : ''}：读取 ${formatInt(r.read)}，加载 ${formatInt(r.loaded)}，拒收 ${formatInt(r.rejected)}`);
    await wh.run('checkpoint');
  });
  wh.close();
  fs.rmSync(db, { force: true });
  return ms;
}

async function bare(run: number): Promise<Timing> {
  const db = path.join(opts.dir, `bare-${run}.duckdb`);
  const wh = await Warehouse.open(db);
  const ms = await timeIt(async () => {
    await wh.run(`create table household as select * from read_csv('${csv}')`);
    await wh.run('checkpoint');
  });
  wh.close();
  fs.rmSync(db, { force: true });
  return ms;
}

/** The floor and the lower bound of a typed design (see typed-bound.ts), into a fresh database. */
async function typedWay(run: number, bound: boolean): Promise<Timing> {
  const db = path.join(opts.dir, `typed-${bound ? 'bound' : 'floor'}-${run}.duckdb`);
  const source = await openSource(csv);
  const headers = source.headers;
  source.dispose();
  const wh = await Warehouse.open(db);
  const ms = await timeIt(async () => {
    await wh.run(bound ? typedBoundSql(csv, headers, '2024-06') : typedFloorSql(csv, headers));
    await wh.run('checkpoint');
  });
  if (bound && run === 0) {
    const { broken } = await wh.one<{ broken: number }>(`select count(*)::integer as broken from household where not __ok`);
    console.log(`  按类型读取＋同一遍校验（下界）：违反规则 ${formatInt(broken)} 行`);
  }
  wh.close();
  fs.rmSync(db, { force: true });
  return ms;
}

/**
 * Bare DuckDB reads only UTF-8 (other encodings need an extension downloaded from the internet),
 * so it reads the UTF-8 copy our reader makes of a GB18030 file (openSource), made before the
 * timing; our loader's own conversion stays inside its timing.
 */
const utf8Copy = (file: string) => {
  const copy = path.join(opts.dir, 'month-utf8', path.basename(file));
  return fs.existsSync(copy) ? copy : file;
};

async function makeUtf8Copies(dir: string): Promise<number> {
  let n = 0;
  fs.mkdirSync(path.join(opts.dir, 'month-utf8'), { recursive: true });
  for (const file of monthFiles(dir)) {
    const source = await openSource(file);
    if (source.encoding !== 'utf-8') {
      fs.copyFileSync(source.csvPath, path.join(opts.dir, 'month-utf8', path.basename(file)));
      n++;
    }
    source.dispose();
  }
  return n;
}

/** The ledger CSVs of a month folder. */
function monthFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv')).sort().map((f) => path.join(dir, f));
}

async function oursMonth(run: number): Promise<Timing> {
  const db = path.join(opts.dir, `ours-month-${run}.duckdb`);
  fs.rmSync(db, { force: true });
  const wh = await Warehouse.open(db);
  const ms = await timeIt(async () => {
    const results = await loadPaths(wh, [opts.monthDir!], { progress: createProgress({ quiet: true }) });
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length) throw new Error(`load failed: ${JSON.stringify(failed)}`);
    const sum = (k: 'read' | 'loaded' | 'rejected') => results.reduce((a, r) => a + (r[k] ?? 0), 0);
    if (run === 0) console.log(`  我们的加载器：${results.length}个文件，读取 ${formatInt(sum('read'))}，加载 ${formatInt(sum('loaded'))}，拒收 ${formatInt(sum('rejected'))}`);
    await wh.run('checkpoint');
  });
  wh.close();
  fs.rmSync(db, { force: true });
  return ms;
}

async function bareMonth(run: number): Promise<Timing> {
  const db = path.join(opts.dir, `bare-month-${run}.duckdb`);
  fs.rmSync(db, { force: true });
  const wh = await Warehouse.open(db);
  const ms = await timeIt(async () => {
    for (const [i, file] of monthFiles(opts.monthDir!).entries()) await wh.run(`create table t${i} as select * from read_csv(${lit(utf8Copy(file))})`);
    await wh.run('checkpoint');
  });
  wh.close();
  fs.rmSync(db, { force: true });
  return ms;
}

/** Each run in a fresh process, so no run inherits another's memory, threads or caches. */
function inChild(way: Way, run: number): Timing {
  const extra = [...(opts.slow ? ['--slow'] : []), ...(opts.monthDir ? ['--month-dir', opts.monthDir] : [])];
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--one', way, '--run', String(run), '--rows', String(rows), '--dir', opts.dir, ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(out.split('\n').filter((l) => !l.startsWith('timing=')).map((l) => (l ? `${l}\n` : '')).join(''));
  return JSON.parse(/^timing=(.+)$/m.exec(out)![1]!) as Timing;
}

if (opts.one) {
  const way = { ours, bare, 'typed-floor': (r: number) => typedWay(r, false), 'typed-bound': (r: number) => typedWay(r, true), 'ours-month': oursMonth, 'bare-month': bareMonth }[opts.one];
  const timing = await way(Number(opts.run));
  console.log(`timing=${JSON.stringify(timing)}`);
  process.exit(0);
}

fs.rmSync(opts.dir, { recursive: true, force: true });
fs.mkdirSync(month, { recursive: true });
console.log(`生成 ${formatInt(rows)} 行农户CSV …`);
await makeFile();
console.log(`  文件：${csv}（${(fs.statSync(csv).size / 1e6).toFixed(1)} MB，${columnsOf(contracts.household).length} 列）`);
const oursT: Timing[] = [];
const bareT: Timing[] = [];
const floorT: Timing[] = [];
const boundT: Timing[] = [];
const s = (ms: number) => `${(ms / 1000).toFixed(2)}秒`;
for (let i = 0; i < runs; i++) {
  bareT.push(inChild('bare', i));
  oursT.push(inChild('ours', i));
  floorT.push(inChild('typed-floor', i));
  boundT.push(inChild('typed-bound', i));
  console.log(
    `  第${i + 1}轮：裸DuckDB read_csv ${s(bareT[i]!.ms)}（CPU ${s(bareT[i]!.cpuMs)}），` +
      `我们的加载器 ${s(oursT[i]!.ms)}（CPU ${s(oursT[i]!.cpuMs)}），本轮比值 ${(oursT[i]!.ms / bareT[i]!.ms).toFixed(2)}×；` +
      `按合同类型读取、不做校验 ${s(floorT[i]!.ms)}（${(floorT[i]!.ms / bareT[i]!.ms).toFixed(2)}×），` +
      `按类型读取＋同一遍校验 ${s(boundT[i]!.ms)}（${(boundT[i]!.ms / bareT[i]!.ms).toFixed(2)}×）`,
  );
}
if (runs > 0) report();
const xlsxRows = Math.min(Number(opts.xlsxRows), rows);
if (xlsxRows > 0) await benchXlsx(xlsxRows);
if (opts.monthDir) await benchMonth(opts.monthDir);
if (!opts.keep) fs.rmSync(opts.dir, { recursive: true, force: true });

function report(): void {
const best = (ts: Timing[], k: keyof Timing) => Math.min(...ts.map((t) => t[k]));
const [bestOurs, bestBare] = [best(oursT, 'ms'), best(bareT, 'ms')];
const [cpuOurs, cpuBare] = [best(oursT, 'cpuMs'), best(bareT, 'cpuMs')];
console.log(`\n结果（${formatInt(rows)}行，各取最快一轮）：`);
console.log(`  裸DuckDB read_csv → 表：${s(bestBare)}（${formatInt(Math.round(rows / (bestBare / 1000)))}行/秒），CPU ${s(cpuBare)}`);
console.log(`  我们的加载器（含全部校验、拒收、清单、事务）：${s(bestOurs)}（${formatInt(Math.round(rows / (bestOurs / 1000)))}行/秒），CPU ${s(cpuOurs)}`);
// Back-to-back rounds share the machine's state of the moment, so their ratios vary less than
// the times do on a shared VM; the median of them is printed beside the ratio of the fastest.
const perRound = oursT.map((t, i) => t.ms / bareT[i]!.ms).sort((a, b) => a - b);
const medianOf = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return (v[(v.length - 1) >> 1]! + v[v.length >> 1]!) / 2;
};
const median = medianOf(perRound);
const ratioMedian = (ts: Timing[]) => medianOf(ts.map((t, i) => t.ms / bareT[i]!.ms));
console.log(`  比值：${(bestOurs / bestBare).toFixed(2)}×（最快一轮相比；目标 ≤ 1.3×）`);
console.log(`  各轮比值中位数 ${median.toFixed(2)}×，CPU 时间之比 ${(cpuOurs / cpuBare).toFixed(2)}×`);
console.log('  参照（议题 20 提出的做法，见 typed-bound.ts）：');
console.log(`    按合同类型读取（store_rejects，不做任何校验）→ 表：最快 ${s(best(floorT, 'ms'))}（CPU ${s(best(floorT, 'cpuMs'))}），各轮比值中位数 ${ratioMedian(floorT).toFixed(2)}×`);
console.log(
  `    再在同一遍中算出全部规则、写入一次（无慢路径、无消息、无计划、无行号，是这种做法的下界）：` +
    `最快 ${s(best(boundT, 'ms'))}（CPU ${s(best(boundT, 'cpuMs'))}），各轮比值中位数 ${ratioMedian(boundT).toFixed(2)}×`,
);
}

/** A whole month folder, both ways, alternating, each run in a fresh process. */
async function benchMonth(dir: string): Promise<void> {
  const files = monthFiles(dir);
  const mb = files.reduce((a, f) => a + fs.statSync(f).size, 0) / 1e6;
  console.log(`\n月份文件夹 ${dir}：${files.length}个CSV，${mb.toFixed(0)} MB`);
  const copies = await makeUtf8Copies(dir);
  if (copies) console.log(`  其中${copies}个是 GB18030 编码：裸DuckDB 读计时前转好的 UTF-8 副本，我们的加载器自己转换（计入用时）`);
  for (let i = 0; i < Number(opts.monthRuns); i++) {
    const b = inChild('bare-month', i);
    const o = inChild('ours-month', i);
    console.log(
      `  第${i + 1}轮：裸DuckDB 逐个文件 read_csv ${s(b.ms)}（CPU ${s(b.cpuMs)}），我们的加载器 ${s(o.ms)}（CPU ${s(o.cpuMs)}），` +
        `比值 ${(o.ms / b.ms).toFixed(2)}×，CPU ${(o.cpuMs / b.cpuMs).toFixed(2)}×（负载 ${os.loadavg()[0]!.toFixed(1)}）`,
    );
  }
}

/**
 * XLSX goes through the same typed pass after its streaming conversion to CSV: the conversion is
 * what a workbook costs on its own, so the load is compared with it.
 */
async function benchXlsx(n: number): Promise<void> {
  const file = path.join(opts.dir, 'xlsx', '2024-06', '农户信息.xlsx');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  console.log(`\nXLSX：取前 ${formatInt(n)} 行写成工作簿 …`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const sheet = wb.addWorksheet('农户信息');
  let i = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(csv) })) {
    if (i++ > n) break;
    sheet.addRow(line.split(',')).commit(); // the bench file quotes nothing
  }
  await wb.commit();
  console.log(`  工作簿：${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
  const convert = await timeIt(async () => (await openSource(file)).dispose());
  const db = path.join(opts.dir, 'xlsx.duckdb');
  const wh = await Warehouse.open(db);
  const load = await timeIt(async () => {
    const [r] = await loadPaths(wh, [file], { progress: createProgress({ quiet: true }) });
    if (r?.status !== 'loaded' || r.read !== n) throw new Error(`xlsx load failed: ${JSON.stringify(r)}`);
    await wh.run('checkpoint');
  });
  wh.close();
  console.log(`  只做流式转换（XLSX → CSV）：${s(convert.ms)}（CPU ${s(convert.cpuMs)}）`);
  console.log(`  完整加载（转换 + 同一遍类型化校验 + 写入）：${s(load.ms)}（CPU ${s(load.cpuMs)}，${formatInt(Math.round(n / (load.ms / 1000)))}行/秒）`);
  console.log(`  比值：${(load.ms / convert.ms).toFixed(2)}×（完整加载 ÷ 单纯转换），CPU ${(load.cpuMs / convert.cpuMs).toFixed(2)}×`);
}
