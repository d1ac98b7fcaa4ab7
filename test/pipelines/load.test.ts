import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatInt } from '../../core/format.ts';
import { Warehouse } from '../../core/warehouse.ts';
import { printSummary } from '../../pipelines/cli/summary.ts';
import type { DirtKind } from '../../pipelines/generate/dirt.ts';
import type { Manifest } from '../../pipelines/generate/manifest.ts';
import { loadPaths } from '../../pipelines/load.ts';
import { memoryWarehouse, SAMPLE, snapshotTables, tempDir } from '../helpers/warehouse.ts';

// The sample is written by the generator (npm run sample); its manifest lists every planted
// dirt. These kinds are refused by the loader (a duplicated key: both rows), with this rule; the
// others (income_mismatch, village_total_mismatch) are model checks and load.
const RULE_OF: Partial<Record<DirtKind, string>> = {
  bad_check_digit: 'id_check_digit',
  duplicate_row: 'duplicate_key',
  missing_required: 'required',
  unknown_enum: 'enum',
};
const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'generation.json'), 'utf8'));
const expected = manifest.dirt.flatMap((d) => {
  const rule = RULE_OF[d.kind];
  if (!rule) return [];
  return [d.row, ...(d.duplicateOf === undefined ? [] : [d.duplicateOf])].map((row) => ({ file: d.file, row, rule }));
});

let wh: Warehouse;
beforeEach(async () => {
  wh = await memoryWarehouse();
});
afterEach(() => wh.close());

function copySample(): string {
  const dir = tempDir('sample');
  fs.cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

describe('loading the bundled sample', () => {
  it('rejects exactly the planted bad rows, each with a message naming file, row, column, value and rule', async () => {
    const results = await loadPaths(wh, [SAMPLE]);
    expect(results.every((r) => r.status === 'loaded')).toBe(true);
    const rejects = await wh.all<{ file: string; row_number: number; rule: string; header: string; message_zh: string; message_en: string }>(
      `select source_file as file, row_number, rule, header, message_zh, message_en from raw.rejects`,
    );
    for (const r of rejects) {
      expect(r.message_zh).toMatch(new RegExp(`^${path.basename(r.file)}(\\[[^\\]]+\\])?第${r.row_number}行，“${r.header}”列`));
      expect(r.message_en).toContain(`row ${r.row_number}`);
    }
    const rowId = (file: string, row: number) => `${file}#${row}`;
    const got = rejects.map((r) => ({ ...r, id: rowId(path.relative(SAMPLE, r.file).split(path.sep).join('/'), r.row_number) }));
    expect(expected.length).toBeGreaterThan(5);
    // Every planted rule is caught on its row (a row may break more rules than the planted one).
    for (const e of expected) {
      expect(got.some((r) => r.id === rowId(e.file, e.row) && r.rule === e.rule), JSON.stringify(e)).toBe(true);
    }
    // And nothing else is rejected.
    expect([...new Set(got.map((r) => r.id))].sort()).toEqual([...new Set(expected.map((e) => rowId(e.file, e.row)))].sort());
  });

  it('reconciles: rows read = rows loaded + rows rejected, per file and in the warehouse', async () => {
    const results = await loadPaths(wh, [SAMPLE]);
    for (const r of results) expect(r.read, r.file).toBe(r.loaded + r.rejected);
    const manifest = await wh.all<{ entity: string; month: string; read: number; loaded: number; rejected: number }>(
      `select entity, strftime(snapshot_month, '%Y-%m') as month, sum(rows_read)::integer as read, sum(rows_loaded)::integer as loaded, sum(rows_rejected)::integer as rejected
       from meta.loads where status = 'loaded' group by all`,
    );
    // One manifest group per ledger and month the sample holds (two months of five to seven ledgers).
    const groups = new Set(results.map((r) => `${r.entity}|${r.month}`));
    expect(groups.size).toBeGreaterThanOrEqual(10);
    expect(manifest).toHaveLength(groups.size);
    for (const m of manifest) {
      const raw = await wh.one<{ n: number }>(`select count(*)::integer as n from raw.${m.entity} where snapshot_month = '${m.month}-01'`);
      const rej = await wh.one<{ n: number }>(
        `select count(distinct (source_file, row_number))::integer as n from raw.rejects where entity = '${m.entity}' and snapshot_month = '${m.month}-01'`,
      );
      expect(raw.n, `${m.entity} ${m.month}`).toBe(m.loaded);
      expect(rej.n, `${m.entity} ${m.month}`).toBe(m.rejected);
      expect(m.read).toBe(m.loaded + m.rejected);
    }
  });

  it('prints a summary whose columns line up in Chinese, numbers to the right, with the reconciled total', async () => {
    const results = await loadPaths(wh, [SAMPLE]);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    try {
      printSummary(results);
    } finally {
      log.mockRestore();
    }
    const out = printed.join('\n').split('\n');
    const table = out.filter((l) => /^[┌│├└]/.test(l));
    expect(table).toHaveLength(results.length + 4);
    expect(new Set(table.map((l) => stringWidth(l))).size).toBe(1);
    const household = table.find((l) => l.includes('农户信息.csv') && l.includes('2024年6月'))!;
    const r = results.find((x) => x.entity === 'household' && x.month === '2024-06')!;
    // 读取, 加载, 拒收 end flush against their column's right edge.
    expect(household).toMatch(new RegExp(`│ +${formatInt(r.read)} │ +${formatInt(r.loaded)} │ +${formatInt(r.rejected)} │ +${formatInt(r.warned)} │ 已加载 │$`));
    const sum = (k: 'read' | 'loaded' | 'rejected') => results.reduce((n, x) => n + x[k], 0);
    expect(out).toContain(`合计：读取 ${formatInt(sum('read'))} 行 = 加载 ${formatInt(sum('loaded'))} 行 + 拒收 ${formatInt(sum('rejected'))} 行（已核对）`);
  });

  it('records lineage on every raw row and keeps the warehouse types', async () => {
    await loadPaths(wh, [SAMPLE]);
    const [row] = await wh.all<Record<string, unknown>>(
      `select snapshot_month::varchar as m, _source_file, _row_number, length(_file_sha256) as sha_len, typeof(family_size) as t, typeof(wage_income) as d
       from raw.household where household_id = '430321200001-0001' and snapshot_month = '2024-06-01'`,
    );
    expect(row).toMatchObject({ m: '2024-06-01', _row_number: 2, sha_len: 64, t: 'INTEGER', d: 'DECIMAL(18,2)' });
    expect(String(row!._source_file)).toMatch(/2024-06\/农户信息\.csv$/);
  });
});

describe('monthly loads are atomic and idempotent', () => {
  it('reloading a month replaces that entity-month, leaving other months alone', async () => {
    const dir = copySample();
    await loadPaths(wh, [dir]);
    const before = await wh.all<{ m: string; n: number }>(`select strftime(snapshot_month, '%Y-%m') as m, count(*)::integer as n from raw.issue group by 1 order by 1`);
    const file = path.join(dir, '2024-06', '村基本情况.csv');
    const lines = iconv.decode(fs.readFileSync(file), 'gb18030').trimEnd().split('\r\n'); // the generator writes it in GBK
    fs.writeFileSync(file, lines.slice(0, 3).join('\r\n') + '\r\n'); // header + 2 villages
    const [r] = await loadPaths(wh, [file]);
    expect(r).toMatchObject({ status: 'loaded', month: '2024-06', read: 2, loaded: 2, rejected: 0 });
    const villages = await wh.all<{ m: string; n: number; fresh: number }>(
      `select strftime(snapshot_month, '%Y-%m') as m, count(*)::integer as n,
         count(*) filter (where _load_id = (select max(_load_id) from raw.village))::integer as fresh
       from raw.village group by 1 order by 1`,
    );
    // The file's two villages are replaced; the third, not in the file, is left as it was.
    expect(villages).toEqual([{ m: '2024-05', n: 3, fresh: 0 }, { m: '2024-06', n: 3, fresh: 2 }]);
    const rejects = await wh.one<{ n: number }>(`select count(*)::integer as n from raw.rejects where entity = 'village' and snapshot_month = '2024-06-01'`);
    expect(rejects.n).toBe(0); // the old month's rejects went with it
    const after = await wh.all<{ m: string; n: number }>(`select strftime(snapshot_month, '%Y-%m') as m, count(*)::integer as n from raw.issue group by 1 order by 1`);
    expect(after).toEqual(before);
  });

  it('detects an identical file loaded twice and does not duplicate it', async () => {
    const first = await loadPaths(wh, [SAMPLE]);
    const snap = await snapshotTables(wh);
    const second = await loadPaths(wh, [SAMPLE]);
    expect(second.map((r) => r.status)).toEqual(first.map(() => 'unchanged'));
    expect(await snapshotTables(wh)).toEqual(snap);
    const statuses = await wh.all<{ status: string; n: number }>(`select status, count(*)::integer as n from meta.loads group by 1 order by 1`);
    expect(first.length).toBeGreaterThanOrEqual(10);
    expect(statuses).toEqual([{ status: 'loaded', n: first.length }, { status: 'unchanged', n: first.length }]);
  });

  it('refuses the same file presented as another month', async () => {
    await loadPaths(wh, [path.join(SAMPLE, '2024-06', '村基本情况.csv')]);
    const [r] = await loadPaths(wh, [path.join(SAMPLE, '2024-06', '村基本情况.csv')], { month: '2024-07' });
    expect(r).toMatchObject({ status: 'failed' });
    expect(r!.message).toContain('2024年6月');
    const n = await wh.one<{ n: number }>(`select count(*)::integer as n from raw.village where snapshot_month = '2024-07-01'`);
    expect(n.n).toBe(0);
  });

  it('a load that fails before commit leaves the warehouse exactly as it was', async () => {
    await loadPaths(wh, [path.join(SAMPLE, '2024-05')]);
    const snap = await snapshotTables(wh);
    const results = await loadPaths(wh, [path.join(SAMPLE, '2024-05', '农户信息.csv')], {
      month: '2024-05',
      beforeCommit: async () => {
        throw new Error('模拟故障');
      },
    });
    // The bytes are the same as the loaded file, so it is reported unchanged; change one byte to force a real load.
    expect(results[0]!.status).toBe('unchanged');
    const dir = copySample();
    fs.appendFileSync(path.join(dir, '2024-05', '农户信息.csv'), '\r\n');
    const failed = await loadPaths(wh, [path.join(dir, '2024-05', '农户信息.csv')], {
      beforeCommit: async () => {
        throw new Error('模拟故障');
      },
    });
    expect(failed[0]).toMatchObject({ status: 'failed' });
    expect(failed[0]!.message).toContain('已回滚');
    expect(await snapshotTables(wh)).toEqual(snap);
    const manifest = await wh.one<{ n: number }>(`select count(*)::integer as n from meta.loads where status = 'failed'`);
    expect(manifest.n).toBe(1);
  });
});

describe('a crash mid-load', () => {
  it('(kill -9 while the rows are written) leaves the warehouse file as it was', async () => {
    const dir = tempDir('crash');
    const db = path.join(dir, 'w.duckdb');
    const seedWh = await Warehouse.open(db);
    await loadPaths(seedWh, [path.join(SAMPLE, '2024-05')]);
    const before = await snapshotTables(seedWh);
    // A large household file, made by DuckDB, so the load runs long enough to be killed.
    const big = path.join(dir, '2024-06', '农户信息.csv');
    fs.mkdirSync(path.dirname(big));
    await seedWh.run(`copy (
      select '430321200001-' || lpad(i::varchar, 7, '0') as "户编号", '430321200001' as "行政村代码", '王建国' as "户主姓名",
        '11010519491231002X' as "证件号码", 3 as "家庭人口数", '一般户' as "户类型", 12000 as "工资性收入"
      from range(1000000) t(i)) to '${big}' (header, delimiter ',')`);
    seedWh.close();

    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('pipelines/cli/load.ts'), big], {
      env: { ...process.env, CAMPAIGN_WAREHOUSE: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const killed = new Promise<string>((resolve) => {
      const onData = (d: Buffer) => {
        output += d.toString();
        // The rows are written into raw inside the load's transaction while they are read and
        // checked (pipelines/load/validate.ts): kill it in the middle of that.
        if (output.includes('读取并校验 农户信息') && !child.killed) {
          setTimeout(() => child.kill('SIGKILL'), 1500);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (_code, signal) => resolve(String(signal)));
    });
    expect(await killed).toBe('SIGKILL');
    expect(output).not.toContain('合计'); // it really died before finishing

    const after = await Warehouse.open(db);
    expect(await snapshotTables(after)).toEqual(before);
    after.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});

describe('row numbers in a large file', () => {
  it('name the line of the file for every row, however DuckDB parallelises the read', async () => {
    const dir = tempDir('rows');
    const file = path.join(dir, '2024-06', '农户信息.csv');
    fs.mkdirSync(path.dirname(file));
    // Household i sits on line i + 2; every 1000th has a bad family size so rejects are numbered too.
    await wh.run(`copy (
      select '430321200001-' || lpad(i::varchar, 7, '0') as "户编号", '430321200001' as "行政村代码", '王建国' as "户主姓名",
        '11010519491231002X' as "证件号码", case when i % 1000 = 7 then '0' else '3' end as "家庭人口数",
        ['一般户', '脱贫户', '未脱贫户'][1 + i % 3] as "户类型", ['是', '否'][1 + i % 2] as "享受低保"
      from range(300000) t(i)) to '${file}' (header, delimiter ',')`);
    const [r] = await loadPaths(wh, [file]);
    expect(r).toMatchObject({ read: 300000, rejected: 300 });
    const bad = await wh.one<{ n: number }>(`select count(*)::integer as n from raw.household where _row_number <> right(household_id, 7)::integer + 2`);
    expect(bad.n).toBe(0);
    const badRejects = await wh.one<{ n: number }>(`select count(*)::integer as n from raw.rejects where row_number <> right(record_key, 7)::integer + 2`);
    expect(badRejects.n).toBe(0);
  });
});
