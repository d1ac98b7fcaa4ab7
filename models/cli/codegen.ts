/**
 * Generates models/generated/database.ts, the Kysely `Database` interface, from the warehouse
 * schema itself: one row type per mart (and meta.parameters), no hand-kept types.
 *   npm run codegen            (after npm run models)
 *   npm run codegen -- --check (exit 1 when the committed file is stale)
 */
import '../../core/cli-errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { npmArgs } from '../../core/npm-args.ts';
import { ROOT } from '../../core/config.ts';
import { warehouse } from '../../core/warehouse.ts';
import { generateDatabaseTypes } from '../console/codegen.ts';

const OUT = path.join(ROOT, 'models', 'generated', 'database.ts');

const program = new Command().option('--check', '只检查生成文件是否最新');
const opts = program.parse(npmArgs(program), { from: 'user' }).opts<{ check?: boolean }>();
const wh = await warehouse({ readOnly: true });
const text = await generateDatabaseTypes(wh);
wh.close();
if (opts.check) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(ROOT, OUT)} 与仓库结构不一致，请运行 npm run codegen`);
    process.exit(1);
  }
  console.log('类型文件是最新的');
} else {
  fs.writeFileSync(OUT, text);
  console.log(`已生成 ${path.relative(ROOT, OUT)}`);
}
