import '../../core/cli-errors.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Command, Option } from 'commander';
import { config } from '../../core/config.ts';
import { formatSeconds } from '../../core/format.ts';
import { missingWarehouse, Warehouse } from '../../core/warehouse.ts';
import { recoverNpmArgs } from '../console/npm-args.ts';
import { FORMATS, writeResult, type Format } from '../console/output.ts';
import { explainError, runQuery, schemaSql, TABLES_SQL } from '../console/session.ts';

const HISTORY = path.join(os.homedir(), '.campaign_sql_history');
const SHOWN_ROWS = 200;

const program = new Command()
  .name('npm run sql --')
  .description('数据仓库SQL控制台（默认只读）')
  .option('-c, --command <sql>', '执行一条SQL后退出')
  .option('-f, --file <file>', '执行SQL文件中的语句后退出')
  .addOption(new Option('--format <format>', '输出格式').choices(FORMATS as unknown as string[]).default('table'))
  .option('-o, --out <file>', '把结果写入文件（csv/json/xlsx）')
  .option('--write', '以读写方式打开仓库（谨慎使用）')
  .option('--db <path>', '仓库文件', config.warehousePath)
  .action(async (opts: { command?: string; file?: string; format: Format; out?: string; write?: boolean; db: string }) => {
    // Checked here too: with --write, DuckDB would create an empty warehouse at a mistyped path.
    if (!fs.existsSync(opts.db)) program.error(missingWarehouse(opts.db));
    // `--out result.xlsx` alone says the format by its extension.
    const implied = opts.out?.match(/\.(csv|json|xlsx)$/i)?.[1]?.toLowerCase() as Format | undefined;
    if (implied && program.getOptionValueSource('format') === 'default') opts.format = implied;
    const wh = await Warehouse.open(opts.db, { readOnly: !opts.write });
    // Marts by their bare names (select * from mart_poverty_incidence), then the other layers.
    // (only the layers this warehouse has: a freshly loaded one has no marts yet)
    const layers = ['marts', 'intermediate', 'staging', 'raw', 'meta'];
    const present = await wh.all<{ s: string }>(`select distinct schema_name as s from duckdb_schemas() where database_name = current_database()`);
    const have = new Set(present.map((r) => r.s));
    await wh.run(`set search_path = '${[...layers.filter((l) => have.has(l)), 'main'].join(',')}'`);
    const script = opts.command ?? (opts.file ? fs.readFileSync(opts.file, 'utf8') : undefined);
    if (script !== undefined) {
      const statements = splitStatements(script);
      for (const [i, sql] of statements.entries()) {
        try {
          const result = await runQuery(wh.connection, sql);
          // Only the last statement's rows are the script's output.
          if (i === statements.length - 1) {
            const text = await writeResult(result, opts.format, opts.out);
            if (text) process.stdout.write(text);
            if (opts.format === 'table') process.stderr.write(`${result.rows.length}行，${formatSeconds(result.ms)}\n`);
          }
        } catch (error) {
          console.error(explainError(error));
          process.exitCode = 1;
          break;
        }
      }
      wh.close();
      return;
    }
    await repl(wh, !opts.write);
    wh.close();
  });

/** Splits on semicolons outside quotes. */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of script) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

async function repl(wh: Warehouse, readOnly: boolean): Promise<void> {
  const history = fs.existsSync(HISTORY) ? fs.readFileSync(HISTORY, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 500) : [];
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, history, historySize: 500 });
  console.log(`数据仓库 ${wh.path}（${readOnly ? '只读' : '读写'}）。输入 .help 查看帮助，SQL以分号结束。`);
  let buffer = '';
  const prompt = () => {
    rl.setPrompt(buffer ? '    ...> ' : '仓库> ');
    rl.prompt();
  };
  prompt();
  // The async iterator buffers lines, so piped input is not lost while a query runs.
  for await (const line of rl) {
    const trimmed = line.trim();
    if (!buffer && trimmed.startsWith('.')) {
      const [cmd, arg] = trimmed.split(/\s+/, 2);
      if (cmd === '.quit' || cmd === '.exit') break;
      if (cmd === '.help') console.log('.tables 列出表  .schema <表> 查看列  .quit 退出；其余输入按SQL执行（以;结束）');
      else if (cmd === '.tables') await show(wh, TABLES_SQL);
      else if (cmd === '.schema' && arg) await show(wh, schemaSql(arg));
      else console.log('未知命令，输入 .help 查看帮助');
      prompt();
      continue;
    }
    buffer += (buffer ? '\n' : '') + line;
    if (trimmed.endsWith(';')) {
      const sql = buffer;
      buffer = '';
      fs.appendFileSync(HISTORY, sql.replace(/\n/g, ' ') + '\n');
      for (const statement of splitStatements(sql)) await show(wh, statement);
    }
    prompt();
  }
  rl.close();
}

async function show(wh: Warehouse, sql: string): Promise<void> {
  try {
    const result = await runQuery(wh.connection, sql);
    const shown = { ...result, rows: result.rows.slice(0, SHOWN_ROWS) };
    process.stdout.write((await writeResult(shown, 'table')) ?? '');
    const more = result.rows.length > SHOWN_ROWS ? `（只显示前${SHOWN_ROWS}行）` : '';
    console.log(`${result.rows.length}行${more}，用时${formatSeconds(result.ms)}`);
  } catch (error) {
    console.log(explainError(error));
  }
}

await program.parseAsync(recoverNpmArgs(process.argv.slice(2), process.env), { from: 'user' });
