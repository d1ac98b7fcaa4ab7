import { writtenColumnsOf, type Contract } from '../contracts/define.ts';

/**
 * Cells as an export writes them: plain text, dates 2024-06-05, booleans 是/否, numbers without
 * thousands separators. A ledger row is the list of its cells in the contract's column order.
 */

export function yesNo(value: boolean): string {
  return value ? '是' : '否';
}

/** Plain number: integers as is, decimals to at most two places. */
export function plain(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

export type Cells = Record<string, string>;

/** Orders a row's cells by the contract and refuses a cell the contract does not know. */
export class RowShape {
  readonly names: string[];
  readonly headers: string[];
  private readonly index: Map<string, number>;
  // Row builders pass the same keys every time: checking the first row is enough.
  private checked = false;

  constructor(readonly contract: Contract) {
    const cols = writtenColumnsOf(contract);
    this.names = cols.map((c) => c.name);
    this.headers = cols.map((c) => c.headers[0]);
    this.index = new Map(this.names.map((n, i) => [n, i]));
  }

  row(cells: Cells): string[] {
    if (!this.checked) {
      for (const name of Object.keys(cells)) if (!this.index.has(name)) throw new Error(`${this.contract.entity} has no column ${name}`);
      // A column added to the contract must get a value here, not a silent blank.
      for (const name of this.names) if (!(name in cells)) throw new Error(`generator writes no value for ${this.contract.entity}.${name}`);
      this.checked = true;
    }
    const out = new Array<string>(this.names.length);
    for (let i = 0; i < this.names.length; i++) out[i] = cells[this.names[i] as string] ?? '';
    return out;
  }

  indexOf(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`${this.contract.entity} has no column ${name}`);
    return i;
  }
}
