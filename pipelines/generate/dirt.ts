import type { EntityName } from '../../core/glossary.ts';
import { columnsOf } from '../contracts/define.ts';
import type { RowShape } from './cells.ts';
import { wrongCheckChar } from './identities.ts';
import type { Rng } from './random.ts';

/**
 * Deliberate dirt, the kinds real exports carry, injected at a rate per file and month and listed
 * exactly in the manifest so tests can check that the loader rejects those rows and no others.
 *
 * - bad_check_digit: an ID number whose GB 11643 check character is wrong (农户信息).
 * - duplicate_row: a row exported twice; the copy sits right after the original.
 * - income_mismatch: 人均纯收入 disagrees with (四项收入 − 生产经营性支出) ÷ 家庭人口数. A model
 *   check, not a reject: the row is valid cell by cell.
 * - missing_required: a required cell left blank.
 * - unknown_enum: a value outside the contract's list, of the kind people type (已脱贫, 自查…).
 * - village_total_mismatch: one village's count disagrees with its households (a data test).
 * - other_value: a town's own word in a descriptive column (问题来源 自查, 致贫原因 因疫, 资金类别
 *   专项资金). Not a reject: the row loads as 其他 with a warning. Only in names-habit files
 *   (plantOtherValues), drawn apart from the rest, so the rejects of a campaign do not change.
 */
export type DirtKind =
  | 'bad_check_digit'
  | 'duplicate_row'
  | 'income_mismatch'
  | 'missing_required'
  | 'unknown_enum'
  | 'village_total_mismatch'
  | 'other_value';

export interface DirtEntry {
  month: string;
  /** Path relative to the output folder, '2024-06/农户信息.csv'. */
  file: string;
  entity: EntityName;
  /** Row number as a spreadsheet user counts it (header row = 1, or 2 under a title row). */
  row: number;
  /** Contract column name and the header written for it. */
  column: string;
  header: string;
  kind: DirtKind;
  /** The cell as written, and as it would have been (in the codes spelling, whatever the file's layout). */
  value: string;
  was: string;
  /** For duplicate_row: the row it copies. */
  duplicateOf?: number;
}

const KINDS_BY_ENTITY: Record<EntityName, readonly DirtKind[]> = {
  village: ['missing_required', 'unknown_enum'],
  household: ['bad_check_digit', 'duplicate_row', 'income_mismatch', 'missing_required', 'unknown_enum'],
  issue: ['missing_required', 'unknown_enum', 'duplicate_row'],
  fund_allocation: ['missing_required', 'unknown_enum'],
  fund_payment: ['missing_required', 'unknown_enum', 'duplicate_row'],
  supervision_visit: ['missing_required', 'unknown_enum', 'duplicate_row'],
  assistance_measure: ['missing_required', 'unknown_enum'],
};

const UNKNOWN_VALUES: Record<string, readonly string[]> = {
  household_type: ['已脱贫', '贫困户', '低保户'],
  monitor_type: ['监测户', '一般监测户'],
  poverty_cause: ['因疫', '缺资金技术'],
  housing_grade: ['E', '危房'],
  village_category: ['重点村', '贫困村'],
  source: ['自查', '上级交办'],
  category: ['其他', '群众反映'],
  status: ['已完成', '未整改'],
  fund_category: ['专项资金', '扶贫资金'],
  supervision_level: ['乡级', '驻村工作队'],
  work_group: ['督查组', '纪检组'],
  method: ['调研'],
  measure_category: ['以奖代补', '消费帮扶'],
  // 状态 of a measure: '已完成' is one of its values, so it has its own list.
  'assistance_measure.status': ['暂缓', '待定'],
};

function unknownValues(entity: EntityName, column: string): readonly string[] | undefined {
  return UNKNOWN_VALUES[`${entity}.${column}`] ?? UNKNOWN_VALUES[column];
}

export interface DirtyRow {
  cells: string[];
  dirt?: Omit<DirtEntry, 'month' | 'file' | 'entity' | 'row' | 'duplicateOf'> & { copyOf?: DirtyRow };
}

/** How many rows of `n` to spoil at `rate`: the expected count, its fraction settled by a draw. */
export function dirtCount(rng: Rng, n: number, rate: number): number {
  const expected = n * rate;
  const whole = Math.floor(expected);
  return Math.min(n, whole + (rng.chance(expected - whole) ? 1 : 0));
}

export function injectDirt(rng: Rng, entity: EntityName, shape: RowShape, rows: string[][], rate: number): DirtyRow[] {
  const out: DirtyRow[] = rows.map((cells) => ({ cells }));
  if (rate <= 0 || rows.length === 0) return out;
  const cols = columnsOf(shape.contract);
  const required = cols.filter((c) => c.required);
  // Only columns that refuse an unknown value: a descriptive enum loads it as 其他 with a warning.
  const enums = cols.filter((c) => c.kind === 'enum' && c.unknown?.action !== 'warn' && unknownValues(entity, c.name));
  const kinds = KINDS_BY_ENTITY[entity].filter((k) => k !== 'unknown_enum' || enums.length > 0);
  const count = dirtCount(rng, rows.length, rate);
  const chosen = rng.sample(Array.from({ length: rows.length }, (_, i) => i), count).sort((a, b) => a - b);
  const inserts: { after: number; row: DirtyRow }[] = [];
  const offset = rng.int(0, kinds.length - 1);
  chosen.forEach((index, k) => {
    const target = out[index] as DirtyRow;
    // Round-robin so every kind appears once the count allows.
    const kind = kinds[(k + offset) % kinds.length] as DirtKind;
    const cells = [...target.cells];
    const set = (name: string, value: string) => {
      const i = shape.indexOf(name);
      const was = cells[i] as string;
      cells[i] = value;
      return { column: name, header: shape.headers[i] as string, value, was };
    };
    switch (kind) {
      case 'bad_check_digit': {
        const id = cells[shape.indexOf('id_number')] as string;
        target.dirt = { kind, ...set('id_number', wrongCheckChar(id, rng)) };
        target.cells = cells;
        break;
      }
      case 'duplicate_row': {
        const key = shape.contract.key[0] as string;
        const i = shape.indexOf(key);
        inserts.push({
          after: index,
          row: { cells: [...target.cells], dirt: { kind, column: key, header: shape.headers[i] as string, value: target.cells[i] as string, was: '', copyOf: target } },
        });
        break;
      }
      case 'income_mismatch': {
        const i = shape.indexOf('net_income_per_capita');
        const right = Number(cells[i]);
        const wrong = Math.round(right * rng.between(1.15, 1.6) + 100);
        target.dirt = { kind, ...set('net_income_per_capita', String(wrong)) };
        target.cells = cells;
        break;
      }
      case 'missing_required': {
        // Not a column the row may leave empty because it names its project (the loader fills it from the allocation).
        const inherited = shape.contract.inherits?.columns ?? [];
        const col = rng.pick(required.filter((c) => c.name !== shape.contract.key[0] && !inherited.includes(c.name)));
        target.dirt = { kind, ...set(col.name, '') };
        target.cells = cells;
        break;
      }
      case 'unknown_enum': {
        const col = rng.pick(enums);
        target.dirt = { kind, ...set(col.name, rng.pick(unknownValues(entity, col.name) as readonly string[])) };
        target.cells = cells;
        break;
      }
      case 'village_total_mismatch':
        break;
    }
  });
  // Copies go in back to front so earlier indexes stay valid.
  for (const { after, row } of inserts.sort((a, b) => b.after - a.after)) out.splice(after + 1, 0, row);
  return out;
}

/**
 * Spoils about rate × rows of the rows still clean with a value the contract does not know in a
 * column that loads it as 其他 with a warning (kind other_value).
 */
export function plantOtherValues(rng: Rng, shape: RowShape, rows: DirtyRow[], rate: number): void {
  const columns = columnsOf(shape.contract).filter((c) => c.kind === 'enum' && c.unknown?.action === 'warn' && UNKNOWN_VALUES[c.name]);
  const clean = rows.flatMap((r, i) => (r.dirt ? [] : [i]));
  if (columns.length === 0 || clean.length === 0 || rate <= 0) return;
  for (const index of rng.sample(clean, dirtCount(rng, clean.length, rate))) {
    const r = rows[index] as DirtyRow;
    const col = rng.pick(columns);
    const i = shape.indexOf(col.name);
    // An empty optional cell (a household with no 致贫原因) stays empty: the town typed nothing there.
    if (r.cells[i] === '') continue;
    const cells = [...r.cells];
    const was = cells[i] as string;
    cells[i] = rng.pick(UNKNOWN_VALUES[col.name] as readonly string[]);
    r.cells = cells;
    r.dirt = { kind: 'other_value', column: col.name, header: shape.headers[i] as string, value: cells[i] as string, was };
  }
}

/** One village whose 未脱贫人数 (or 建档立卡贫困人数) no longer matches its households. */
export function breakVillageTotal(rng: Rng, shape: RowShape, rows: DirtyRow[]): void {
  const clean = rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.dirt);
  if (clean.length === 0) return;
  const { r } = rng.pick(clean);
  const cells = [...r.cells];
  const unlifted = shape.indexOf('unlifted_people');
  const registered = shape.indexOf('registered_poor_people');
  const u = Number(cells[unlifted]);
  const [i, name, value] = u > 0
    ? [unlifted, 'unlifted_people', String(u - rng.int(1, Math.min(3, u)))]
    : [registered, 'registered_poor_people', String(Number(cells[registered]) + rng.int(2, 5))];
  const was = cells[i] as string;
  cells[i] = value;
  r.cells = cells;
  r.dirt = { kind: 'village_total_mismatch', column: name, header: shape.headers[i] as string, value, was };
}
