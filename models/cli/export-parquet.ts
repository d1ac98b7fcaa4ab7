/**
 * Writes every mart as Hive-partitioned Parquet (by month and county) for engines beyond one
 * machine: out/parquet/<mart>/month=2024-06/county=430321/*.parquet. Rows above county level
 * (whole-city totals) go to county=all; a mart without months is partitioned by county only.
 *   npm run export:parquet [-- --out out/parquet]
 */
import '../../core/cli-errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { npmArgs } from '../../core/npm-args.ts';
import { ROOT } from '../../core/config.ts';
import { formatInt } from '../../core/format.ts';
import { warehouse } from '../../core/warehouse.ts';
import { exportParquet } from '../console/parquet.ts';

const program = new Command().option('--out <dir>', '输出目录', path.join(ROOT, 'out', 'parquet'));
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ out: string }>();
const wh = await warehouse({ readOnly: true });
const results = await exportParquet(wh, opts.out, (name, i, n) => console.log(`[${i}/${n}] ${name} …`));
wh.close();
for (const r of results) console.log(`${r.table}：${formatInt(r.rows)}行，${r.files}个文件，分区 ${r.partitions.join(' / ') || '无'}`);
console.log(`已写入 ${path.relative(ROOT, opts.out) || opts.out}（${fs.readdirSync(opts.out).length}张表）`);
