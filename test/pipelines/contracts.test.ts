import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { gb11643CheckChar, gb11643Valid, trimCell } from '../../pipelines/contracts/define.ts';
import { householdContract } from '../../pipelines/contracts/household.ts';
import { columnsOf, contracts, entityNames } from '../../pipelines/contracts/index.ts';
import { rawTableDdl } from '../../pipelines/ddl.ts';
import { cellExpr, checkedInsert, checkedTableDdl, raw } from '../../pipelines/validate-sql.ts';
import { memoryWarehouse } from '../helpers/warehouse.ts';

const BASE: Record<string, string> = {
  household_id: '430321200001-0001',
  village_code: '430321200001',
  head_name: '王建国',
  id_number: '11010519491231002X',
  family_size: '30',
  household_type: '脱贫户',
  monitor_type: '脱贫不稳定户',
};

/** Cells in the forms exports really carry, and forms that must be refused. */
const CELLS: Record<string, string[]> = {
  family_size: ['4', ' 4 ', '\t4', '4\u3000', '\u00a04\u2009', '4\r', '+4', '04', '4.0', '4.5', '1e1', '0x1', '１２', '1_0', 'abc', '0', '31', '30', '1,2'],
  wage_income: ['12000', '12000.5', '.5', '12.', '1,234.56', '1e3', 'abc', '-1', '4.8万', '0', '10000001', '10000000'],
  identified_date: ['2024-06-05', '2024-6-5', '2024/06/05', '2024.6.5', '20240605', '2024年6月5日', '2024-02-30', '2024-13-01', '2024-06-05 10:00', '24-06-05', '2024065', '2024-06', '2024/6-5'],
  risk_eliminated: ['是', '否', 'Y', 'n', '1', '0', 'true', 'FALSE', '有', '无', 'yes', '√'],
  household_type: ['一般户', '\u3000一般户\u3000', '一般户\t', '脱贫户', '未脱贫户', '贫困户', '脱贫', 'X'],
  housing_grade: ['A', 'D', 'a', 'E', 'C级'],
  data_month: ['2024-06', '202406', '2024年6月', '2024/6', '2024-13', '2024.06', '2024-06-01', 'x', '24-06', '45444', '2024/6/15', '99999', '2024年6月31日'],
  village_code: ['430321200001', '43032120000', '4303212000011', 'abcdefghijkl', '4303212000O1'],
  id_number: ['11010519491231002X', '110105194912310021', '11010519491231002x', '1101051949123100', '11010519491231002X1'],
  phone: ['13812345678', '0731-5551234', '07315551234', '1381234567', '23812345678', '138-1234-5678'],
  head_name: ['王建国', '', '\u3000 ', '\t'],
  household_id: ['430321200001-0001', 'H1', 'H 001', '户001'],
};

let wh: Warehouse;
beforeAll(async () => {
  wh = await memoryWarehouse();
});
afterAll(() => wh.close());

describe('contracts', () => {
  it('flag names, ID numbers and phones as personal data', () => {
    const personal = Object.fromEntries(entityNames.map((e) => [e, columnsOf(contracts[e]).filter((c) => c.personal).map((c) => c.name)]));
    expect(personal.household).toEqual(expect.arrayContaining(['head_name', 'id_number', 'phone', 'helper_name', 'helper_phone']));
    expect(personal.village).toEqual(['responsible_person', 'responsible_phone']);
    expect(personal.issue).toEqual(expect.arrayContaining(['responsible_person', 'description']));
    expect(personal.fund_payment).toEqual(['payee_name']);
  });

  it('give every column a Chinese header and a definition, with no header claimed twice in one contract', () => {
    for (const e of entityNames) {
      const headers = columnsOf(contracts[e]).flatMap((c) => c.headers);
      expect(new Set(headers).size, e).toBe(headers.length);
      for (const c of columnsOf(contracts[e])) {
        expect(c.headers[0], `${e}.${c.name}`).toMatch(/[\u4e00-\u9fa5]/);
        expect(c.doc.length, `${e}.${c.name}`).toBeGreaterThan(1);
      }
    }
  });

  it('compute the GB 11643 check digit', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(gb11643Valid('11010519491231002X')).toBe(true);
    expect(gb11643Valid('110105194912310021')).toBe(false);
    expect(gb11643CheckChar('44052418800101001')).toBe('4');
  });

  it('trim cells of exactly the characters DuckDB trims, over every BMP code point', async () => {
    const rows = await wh.all<{ cp: number }>(
      `select cp::integer as cp from range(1, 65536) t(cp)
       where (cp < 55296 or cp > 57343) and trim(chr(cp::integer) || '中' || chr(cp::integer)) = '中' order by cp`,
    );
    const js: number[] = [];
    for (let cp = 1; cp < 65536; cp++) {
      if (cp >= 55296 && cp <= 57343) continue;
      const ch = String.fromCharCode(cp);
      if (trimCell(`${ch}中${ch}`) === '中') js.push(cp);
    }
    expect(rows.map((r) => r.cp)).toEqual(js);
    expect(js).toContain(0x3000);
    expect(js).not.toContain(0x09);
  });

  it('generate DDL from the contract', () => {
    const ddl = rawTableDdl(householdContract);
    expect(ddl).toContain('"family_size" integer');
    expect(ddl).toContain('"wage_income" decimal(18,2)');
    expect(ddl).toContain('"identified_date" date');
    expect(ddl).toContain('"risk_eliminated" boolean');
  });

  it('give the same verdict in zod and in the generated SQL for every cell', async () => {
    const cols = columnsOf(householdContract);
    const cases: { column: string; cell: string; row: Record<string, string> }[] = [];
    for (const [column, cells] of Object.entries(CELLS)) {
      for (const cell of cells) cases.push({ column, cell, row: { ...BASE, [column]: cell } });
    }
    const names = cols.map((c) => c.name);
    // Cells go in as written; checkedInsert trims them and turns blanks to NULL, as in a load.
    await wh.run(`create or replace temp table cells_t (__row integer, ${names.map((n) => `${raw(n)} varchar`).join(', ')})`);
    for (const [i, c] of cases.entries()) {
      await wh.run(`insert into cells_t values (${i + 2}, ${names.map((_, k) => `$${k + 1}`).join(', ')})`, names.map((n) => c.row[n] ?? null));
    }
    await wh.run(`create or replace temp table landing_t as
      select 'f' as __file, 'f' as __file_label, null::varchar as __sheet, __row, false as __blank,
        ${names.map((n) => `${cellExpr(raw(n))} as ${raw(n)}`).join(', ')}, null::varchar as __extra
      from cells_t`);
    await wh.run(checkedTableDdl(householdContract, 'checked_t'));
    await wh.run(checkedInsert(householdContract, { cells: 'select * from landing_t', missing: new Set(), month: '2024-06', target: 'checked_t' }));
    const rowLevel = new Set(['duplicate_key', 'month_mismatch', ...householdContract.rowRules.map((r) => r.code)]);
    const sqlErrors = await wh.all<{ row: number; cols: string[] | null }>(
      `select _row_number as row, list_filter(list_transform(coalesce(_errors, []), e -> case when e.rule not in (${[...rowLevel].map((r) => `'${r}'`).join(',')}) then e.column end), x -> x is not null) as cols from checked_t order by _row_number`,
    );
    const disagreements: string[] = [];
    for (const [i, c] of cases.entries()) {
      const parsed = householdContract.schema.safeParse(c.row);
      const zodCols = parsed.success ? [] : [...new Set(parsed.error.issues.map((x) => String(x.path[0])))].sort();
      const sqlCols = [...new Set(sqlErrors[i]!.cols ?? [])].sort();
      if (zodCols.join() !== sqlCols.join()) disagreements.push(`${c.column}=${JSON.stringify(c.cell)}: zod [${zodCols}] sql [${sqlCols}]`);
    }
    expect(disagreements).toEqual([]);
    // Where both accept a cell they must also agree on its value: the SQL reads cells already in
    // an accepted form without trimming them, and trims and re-reads the rest.
    const typed = await wh.all<Record<string, unknown>>(`select _row_number, ${Object.keys(CELLS).map((c) => `"${c}"::varchar as "${c}"`).join(', ')} from checked_t order by _row_number`);
    const values: string[] = [];
    for (const [i, c] of cases.entries()) {
      const parsed = householdContract.schema.safeParse(c.row);
      if (!parsed.success || (sqlErrors[i]!.cols ?? []).length > 0) continue;
      const want = (parsed.data as Record<string, unknown>)[c.column] ?? null;
      const got = typed[i]![c.column] ?? null;
      const same = typeof want === 'number' ? Number(got) === want : String(want) === String(got);
      if (!same) values.push(`${c.column}=${JSON.stringify(c.cell)}: zod ${JSON.stringify(want)} sql ${JSON.stringify(got)}`);
    }
    expect(values).toEqual([]);
    // The battery must contain both verdicts for every column, or it proves nothing.
    for (const column of Object.keys(CELLS)) {
      const verdicts = cases.map((c, i) => ({ c, i })).filter(({ c }) => c.column === column).map(({ i }) => (sqlErrors[i]!.cols ?? []).includes(column));
      expect(verdicts, column).toContain(true);
      expect(verdicts, column).toContain(false);
    }
  });
});
