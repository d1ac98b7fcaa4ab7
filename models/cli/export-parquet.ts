/**
 * Writes every mart as Hive-partitioned Parquet (by month and county) for engines beyond one
 * machine: out/parquet/<mart>/month=2024-06/county=430321/*.parquet. Rows above county level
 * (whole-city totals) go to county=all; a mart without months is partitioned by county only.
 * The household table is k-anonymous on its quasi-identifiers unless --internal, and the whole
 * export passes the privacy gate before it is moved into place.
 *   npm run export:parquet [-- --out out/parquet] [--internal] [--k 5]
 */
import '../../core/cli-errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { npmArgs } from '../../core/npm-args.ts';
import { config, ROOT } from '../../core/config.ts';
import { printReport, PrivacyGateError, runGate } from '../../privacy/gate.ts';
import { formatInt } from '../../core/format.ts';
import { warehouse } from '../../core/warehouse.ts';
import { exportParquet, HOUSEHOLD_TABLE } from '../console/parquet.ts';

const program = new Command()
  .option('--out <dir>', '输出目录', path.join(ROOT, 'out', 'parquet'))
  .option('--internal', '农户分析表按原样导出（带匿名键，仅限攻坚办内部分析人员）')
  .option('--k <n>', '默认导出的农户表的k匿名（默认取参数 privacy_k_anonymity，即5）');
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ out: string; internal?: boolean; k?: string }>();
const k = opts.k === undefined ? undefined : Number(opts.k);
if (k !== undefined && !(Number.isInteger(k) && k >= 2)) throw new Error(`--k 应为不小于2的整数：${opts.k}`);
const wh = await warehouse({ readOnly: true });
const results = await exportParquet(wh, opts.out, {
  onTable: (name, i, n) => console.log(`[${i}/${n}] ${name} …`),
  internal: opts.internal,
  k,
  // The privacy gate reads every file before the export is moved into place.
  check: async (staging) => {
    const report = await runGate(staging, { warehouse: config.warehousePath, audience: 'internal' });
    printReport(report);
    if (report.findings.length) throw new PrivacyGateError(report);
  },
});
wh.close();
for (const r of results) {
  const note = r.table === HOUSEHOLD_TABLE ? (opts.internal ? '（内部：带匿名键）' : `（k匿名，k=${k ?? '参数值'}；删去${formatInt(r.dropped ?? 0)}行）`) : '';
  console.log(`${r.table}：${formatInt(r.rows)}行，${r.files}个文件，分区 ${r.partitions.join(' / ') || '无'}${note}`);
}
console.log(`已写入 ${path.relative(ROOT, opts.out) || opts.out}（${fs.readdirSync(opts.out).length}张表）`);
