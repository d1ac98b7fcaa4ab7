import { writtenColumnsOf } from '../contracts/define.ts';
import type { RowShape } from './cells.ts';
import type { DirtyRow } from './dirt.ts';
import type { FileFormat } from './ledger-writer.ts';
import { hash32, Rng } from './random.ts';

/**
 * How a file spells the campaign. `codes` is the national system's export (行政村代码, 元, 是/否,
 * short enum words); `names` is a town's own Excel habits as DOMAIN.md lists them: places by name,
 * money in 万元, long source names, √/× or 有/无, hand-typed numbers, real dates, old .xls. The
 * plans behind the rows are the same; only the spelling differs, so one seed written in both
 * layouts describes one campaign.
 */

export type Layout = 'codes' | 'names' | 'mixed';
export type Habit = 'codes' | 'names';
export const LAYOUTS: readonly Layout[] = ['codes', 'names', 'mixed'];

/**
 * Towns written in `names` habits: all of them for `names`, none for `codes`, and for `mixed` the
 * share `share` of them (rounded, at least one when share > 0) picked by the seed.
 */
export function namesTowns(seed: number, layout: Layout, share: number, townCodes: readonly string[]): Set<string> {
  if (layout === 'codes') return new Set();
  if (layout === 'names') return new Set(townCodes);
  const count = share <= 0 ? 0 : Math.max(1, Math.round(share * townCodes.length));
  const ranked = [...townCodes].sort((a, b) => hash32(seed, 'layout', a) - hash32(seed, 'layout', b) || (a < b ? -1 : 1));
  return new Set(ranked.slice(0, count));
}

/** One names-habit file's choices, fixed per file by the seed. */
export interface FileHabits {
  /** 县市区 + 乡镇 + 行政村 columns, or one 所属村 column holding the three concatenated. */
  placeForm: 'columns' | 'path';
  yes: string;
  no: string;
  /** Brackets of the 万元 money header: 下达金额（万元） or 支出金额(万元). */
  bracket: 'full' | 'half';
  /** 数据月份 in a CSV: 2024-06-01 or 2024年6月 (workbooks hold a real date). */
  monthForm: 'day' | 'chinese';
  /** A workbook saved as old .xls instead of .xlsx. */
  xls: boolean;
}

export function fileHabits(seed: number, key: string): FileHabits {
  const r = Rng.of(seed, 'file-habits', key);
  const [yes, no] = r.chance(0.5) ? ['√', '×'] : ['有', '无'];
  return {
    placeForm: r.chance(1 / 3) ? 'path' : 'columns',
    yes: yes as string,
    no: no as string,
    bracket: r.chance(0.5) ? 'full' : 'half',
    monthForm: r.chance(0.5) ? 'day' : 'chinese',
    xls: r.chance(0.5),
  };
}

/** Names of a place by its code: a 12-digit village or a 6-digit county. */
export interface PlaceNames {
  county: string;
  town: string;
  village: string;
}

export const PLACE_HEADERS = { county: '县市区', town: '乡镇', village: '行政村', path: '所属村' } as const;

// Long forms offices write as often as the short ones: seed 002's issue sources, seed 000's
// 专项工作组 by their full names, measures as the monitoring system names them.
const LONG_FORMS: Record<string, Record<string, readonly string[]>> = {
  source: {
    排查: ['回头看大排查', '大排查'],
    巡视: ['巡视巡察'],
    考核: ['成效考核'],
    审计: ['审计监察'],
  },
  work_group: {
    义务教育: ['义务教育保障专项工作组'],
    基本医疗: ['基本医疗保障专项工作组'],
    住房安全: ['住房安全保障专项工作组'],
    饮水安全: ['饮用水安全保障工作组'],
    产业就业: ['产业、就业扶贫专项工作组'],
    易地搬迁: ['易地扶贫搬迁专项工作组'],
    综合兜底: ['综合性兜底保障工作组'],
  },
  measure_category: {
    到户产业: ['产业帮扶', '到户产业奖补'],
    务工就业: ['就业帮扶', '务工补助'],
    公益岗位: ['公益性岗位'],
    兜底保障: ['综合保障'],
    医疗帮扶: ['健康帮扶'],
    住房保障: ['危房改造'],
    小额信贷: ['扶贫小额信贷'],
  },
};

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/** '12345.6' → 1234560 fen, by string arithmetic; null when the text is not such a number. */
export function fenOf(text: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** Fen as 万元 written exactly (up to six decimals, no float noise): 1234560n → '0.123456'. */
export function wanOf(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return sign + whole.toString() + (frac ? `.${frac}` : '');
}

/** Fen as 元 written plainly, as cells.ts's `plain` does. */
function yuanOf(fen: bigint): string {
  const whole = fen / 100n;
  const frac = (fen % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return whole.toString() + (frac ? `.${frac}` : '');
}

function fullWidth(text: string): string {
  return text.replace(/\d/g, (d) => FULL_WIDTH_DIGITS[Number(d)] as string);
}

function thousands(text: string): string {
  const [whole, frac] = text.split('.') as [string, string | undefined];
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
}

/** A village name with a suffix variant now and then: 金霞村委会, 金霞村民委员会, 某某社区居委会. */
function villageSpelling(name: string, r: Rng): string {
  const u = r.next();
  if (name.endsWith('社区')) return u < 0.25 ? `${name}居委会` : name;
  if (name.endsWith('村')) return u < 0.15 ? `${name}委会` : u < 0.25 ? `${name.slice(0, -1)}村民委员会` : name;
  return name;
}

export interface SpelledFile {
  headers: string[];
  rows: string[][];
  /** Columns whose text is a date (2024-06-01) that a workbook stores as a real date cell. */
  dateColumns: number[];
  /** The header written for a contract column, and the cell written for a dirty value. */
  headerOf(column: string): string | undefined;
}

export interface SpellOptions {
  habit: Habit;
  /** A payment list that cites only 项目编号: no 资金类别 and no place columns. */
  projectOnly: boolean;
  habits: FileHabits;
  format: FileFormat;
  seed: number;
  /** Names the file for the per-row noise streams. */
  fileKey: string;
  places: ReadonlyMap<string, PlaceNames>;
}

interface OutColumn {
  header: string;
  source: string;
  render(cell: string, r: Rng): string;
}

/**
 * Writes rows (contract order, codes spelling, dirt already in) in a file's layout. A dirty cell
 * is written as it is (no noise), so the manifest's value is the cell in the file.
 */
export function spellFile(shape: RowShape, rows: readonly DirtyRow[], o: SpellOptions): SpelledFile {
  if (o.habit === 'codes' && !o.projectOnly) {
    return { headers: shape.headers, rows: rows.map((r) => r.cells), dateColumns: [], headerOf: (c) => shape.headers[shape.indexOf(c)] };
  }
  const names = o.habit === 'names';
  const h = o.habits;
  const cols = writtenColumnsOf(shape.contract);
  const out: OutColumn[] = [];
  const placeOf = (code: string) => o.places.get(code) ?? { county: '', town: '', village: '' };
  for (const [i, c] of cols.entries()) {
    const header = shape.headers[i] as string;
    const keep: OutColumn = { header, source: c.name, render: (v) => v };
    if (o.projectOnly && (c.name === 'village_code' || c.name === 'fund_category')) continue;
    if (!names) {
      out.push(keep);
      continue;
    }
    if (c.name === 'village_code') {
      if (h.placeForm === 'path') {
        out.push({ header: PLACE_HEADERS.path, source: c.name, render: (v, r) => {
          const p = placeOf(v);
          return p.county + p.town + (p.village ? villageSpelling(p.village, r) : '');
        } });
      } else {
        out.push({ header: PLACE_HEADERS.county, source: c.name, render: (v) => placeOf(v).county });
        out.push({ header: PLACE_HEADERS.town, source: c.name, render: (v) => placeOf(v).town });
        out.push({ header: PLACE_HEADERS.village, source: c.name, render: (v, r) => {
          const name = placeOf(v).village;
          return name ? villageSpelling(name, r) : '';
        } });
      }
    } else if (c.name === 'amount' && c.unit === '元') {
      const base = header.replace(/[（(]元[）)]$/, '');
      out.push({ header: h.bracket === 'full' ? `${base}（万元）` : `${base}(万元)`, source: c.name, render: (v) => {
        const fen = fenOf(v);
        return fen === null ? v : wanOf(fen);
      } });
    } else if (c.kind === 'bool') {
      out.push({ header, source: c.name, render: (v) => (v === '是' ? h.yes : v === '否' ? h.no : v) });
    } else if (LONG_FORMS[c.name]) {
      const forms = LONG_FORMS[c.name]!;
      out.push({ header, source: c.name, render: (v, r) => {
        const long = forms[v];
        return long && r.chance(0.5) ? r.pick(long) : v;
      } });
    } else if (c.kind === 'month') {
      out.push({ header, source: c.name, render: (v) => {
        const m = /^(\d{4})-(\d{2})$/.exec(v);
        if (!m) return v;
        return o.format === 'csv' && h.monthForm === 'chinese' ? `${m[1]}年${Number(m[2])}月` : `${v}-01`;
      } });
    } else if (c.kind === 'int' || c.kind === 'decimal') {
      const yuan = (c.unit ?? '').startsWith('元');
      out.push({ header, source: c.name, render: (v, r) => {
        const u = r.next();
        if (!/^\d+(\.\d+)?$/.test(v)) return v;
        if (u < 0.04) return fullWidth(v);
        if (u < 0.09 && Number(v) >= 1000) return thousands(v);
        const fen = yuan ? fenOf(v) : null;
        if (u < 0.2 && fen !== null && fen >= 1_000_000n && fen % 10_000n === 0n) return `${wanOf(fen)}万`;
        return v;
      } });
    } else out.push(keep);
  }
  const index = new Map(shape.names.map((n, i) => [n, i]));
  const dateColumns = o.format === 'csv' ? [] : out.flatMap((c, i) => (cols[index.get(c.source)!]!.kind === 'month' ? [i] : []));
  const spelled = rows.map((row) => {
    const r = Rng.of(o.seed, 'spell', o.fileKey, row.cells[0] as string);
    const dirty = row.dirt && row.dirt.kind !== 'duplicate_row' ? row.dirt.column : null;
    return out.map((c) => {
      const cell = row.cells[index.get(c.source)!] as string;
      // Place columns of a blanked village code stay blank; any other dirty cell is written as is.
      if (c.source === dirty && c.source !== 'village_code') return cell;
      return c.render(cell, r);
    });
  });
  return {
    headers: out.map((c) => c.header),
    rows: spelled,
    dateColumns,
    headerOf: (column) => {
      const cs = out.filter((c) => c.source === column);
      return cs[cs.length - 1]?.header;
    },
  };
}

/** 元 written back from a 万元 cell, for readers in tests: '1.2345' → '12345'. */
export function yuanFromWan(text: string): string {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return text;
  return yuanOf(BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0')));
}
