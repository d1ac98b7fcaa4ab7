import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Warehouse } from '../../core/warehouse.ts';
import type { EntityName } from '../../core/glossary.ts';
import { ensureRawSchema } from '../../pipelines/ddl.ts';

/** Puts hand-written rows straight into raw.<entity> for fixture-row tests of the models. */
export async function insertRaw(wh: Warehouse, entity: EntityName, month: string, rows: Record<string, string | number | boolean | null>[]): Promise<void> {
  await ensureRawSchema(wh);
  // Through a JSON file in one statement: thousands of fixture rows load in milliseconds.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-')), 'rows.json');
  fs.writeFileSync(file, rows.map((r, i) => JSON.stringify({ ...r, _row_number: i + 2 })).join('\n'));
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  await wh.run(
    `insert into raw.${entity} by name
     select date '${month}-01' as snapshot_month, 0 as _load_id, 'fixture' as _source_file, 'fixture' as _file_sha256,
       _row_number, ${names.map((n) => `"${n}"`).join(', ')}
     from read_json('${file}', format = 'newline_delimited', columns = {_row_number: 'INTEGER', ${names.map((n) => `"${n}": 'VARCHAR'`).join(', ')}})`,
  );
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export function village(code: string, name: string, extra: Record<string, string | number | boolean | null> = {}) {
  return {
    village_code: code,
    village_name: name,
    town_name: '测试乡',
    county_name: '测试县',
    village_category: '非贫困村',
    agri_households: 0,
    agri_population: 0,
    registered_poor_households: 0,
    registered_poor_people: 0,
    unlifted_households: 0,
    unlifted_people: 0,
    ...extra,
  };
}

export function household(id: string, villageCode: string, size: number, type: string, extra: Record<string, string | number | boolean | null> = {}) {
  return {
    household_id: id,
    village_code: villageCode,
    head_name: '测试',
    id_number: '11010519491231002X',
    family_size: size,
    household_type: type,
    ...extra,
  };
}
