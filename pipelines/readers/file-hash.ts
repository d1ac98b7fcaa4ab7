import crypto from 'node:crypto';
import fs from 'node:fs';

export async function sha256File(file: string): Promise<string> {
  return (await scanFile(file)).sha256;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const LF_LF = Buffer.from([LF, LF]);
const LF_CR_LF = Buffer.from([LF, CR, LF]);
const CR_LF = Buffer.from([CR, LF]);
const CR_ONLY = Buffer.from([CR]);

function count(buf: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** What a CSV's bytes say about its records, counted without the CSV parser. */
export interface RecordCount {
  /** Records (lines, a quoted line break kept inside its record), blank ones included. */
  records: number;
  /** Physical lines. */
  physicalLines: number;
  /** The line where a quote opens that no later quote closes: the rest of the file is one cell. */
  unclosedQuoteLine: number | null;
  /** The first record that spans lines and has more cells than the header: quotes merged rows. */
  merged: { line: number; lines: number; cells: number } | null;
  /** The last record when the file ends inside it with fewer cells than the header: a cut-off file. */
  cutShort: { line: number; cells: number } | null;
}

export interface Scan {
  sha256: string;
  hasBlankLine: boolean;
  /** Present when `records` was asked for. */
  count?: RecordCount;
}

export interface ScanOptions {
  /** Count records, given the delimiter and the header's width. */
  records?: { delimiter: string; headerCells: number };
}

/**
 * One read of the file for its sha256, whether it holds a blank line (LF LF or LF CR LF), and
 * (for CSV) its records counted the way RFC 4180 reads them. Bytes are searched as they are: LF,
 * CR, quote and the delimiters never occur inside a multi-byte character of UTF-8 or GB18030.
 */
export async function scanFile(file: string, options: ScanOptions = {}): Promise<Scan> {
  const hash = crypto.createHash('sha256');
  const counter = options.records ? new RecordCounter(options.records.delimiter.charCodeAt(0), options.records.headerCells) : null;
  let blank = false;
  let tail = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    counter?.feed(buf);
    if (blank || !counter) continue;
    // The last two bytes of the previous chunk with the first two of this one cover a blank line cut by the chunk edge.
    const seam = Buffer.concat([tail, buf.subarray(0, 2)]);
    blank = hasBlank(seam) || hasBlank(buf);
    tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 2)));
  }
  return { sha256: hash.digest('hex'), hasBlankLine: blank, ...(counter ? { count: counter.finish() } : {}) };
}

function hasBlank(buf: Buffer): boolean {
  return buf.indexOf(LF_LF) >= 0 || buf.indexOf(LF_CR_LF) >= 0;
}

/**
 * Counts records as a quote-aware state machine. A chunk with no quote in it, read outside a
 * quote, is counted by searching for line feeds only (most exports quote little or nothing).
 * A lone CR (old Mac line ends) counts as a line end, as DuckDB reads it.
 */
class RecordCounter {
  private records = 0;
  private lines = 0;
  private inQuote = false;
  private quoteLine = 0;
  /** Cells so far in the current record (delimiters outside quotes + 1). */
  private cells = 1;
  private recordLine = 1;
  private recordSpans = false;
  /** Bytes seen in the current record (to tell an empty last line from a real one). */
  private recordHasBytes = false;
  private prevCR = false;
  private merged: RecordCount['merged'] = null;
  /** Cells of the last whole record. */
  private lastCells: number;
  private readonly delimiterByte: Buffer;

  constructor(
    private readonly delimiter: number,
    private readonly headerCells: number,
  ) {
    this.lastCells = headerCells;
    this.delimiterByte = Buffer.from([delimiter]);
  }

  feed(buf: Buffer): void {
    let start = 0;
    if (!this.inQuote && buf.indexOf(QUOTE) < 0 && buf[buf.length - 1] !== CR) {
      // Fast path: no quote, so every line end ends a record; only the record after the last
      // line feed needs its cells counted (for a cut-off last line).
      const from = this.prevCR && buf[0] === LF ? 1 : 0;
      if (count(buf, CR_LF) === count(buf, CR_ONLY)) {
        this.prevCR = false;
        start = from;
        let previous = from;
        for (let at = buf.indexOf(LF, from); at >= 0; at = buf.indexOf(LF, at + 1)) {
          this.records++;
          this.lines++;
          previous = start;
          start = at + 1;
        }
        if (start > from) {
          // The width of the last whole record, for telling a cut-off last line from a short one.
          const delimiters = count(buf.subarray(Math.max(previous, from), start), this.delimiterByte);
          this.lastCells = previous > from ? 1 + delimiters : this.cells + delimiters;
          this.resetRecord();
        }
      }
    }
    for (let i = start; i < buf.length; i++) this.byte(buf[i]!);
  }

  private byte(b: number): void {
    if (b === LF && this.prevCR) {
      this.prevCR = false;
      return; // the LF of CR LF; the CR ended the line
    }
    this.prevCR = b === CR;
    const lineEnd = b === LF || b === CR;
    if (this.inQuote) {
      if (b === QUOTE) this.inQuote = false;
      else if (lineEnd) {
        this.lines++;
        this.recordSpans = true;
      }
      return;
    }
    if (lineEnd) {
      this.lines++;
      this.endRecord();
      return;
    }
    this.recordHasBytes = true;
    if (b === QUOTE) {
      this.inQuote = true;
      this.quoteLine = this.lines + 1;
    } else if (b === this.delimiter) this.cells++;
  }

  private endRecord(): void {
    this.records++;
    this.lastCells = this.cells;
    if (this.recordSpans && this.cells > this.headerCells && !this.merged) {
      this.merged = { line: this.recordLine, lines: this.lines - this.recordLine + 1, cells: this.cells };
    }
    this.resetRecord();
  }

  private resetRecord(): void {
    this.cells = 1;
    this.recordSpans = false;
    this.recordHasBytes = false;
    this.recordLine = this.lines + 1;
  }

  finish(): RecordCount {
    const unclosedQuoteLine = this.inQuote ? this.quoteLine : null;
    let cutShort: RecordCount['cutShort'] = null;
    // A last record with no line end is still a record. Narrower than the header and than the
    // record before it (some exports leave out trailing empty cells on every row) means cut off.
    if (this.recordHasBytes || this.inQuote) {
      if (!this.inQuote && this.cells < this.headerCells && this.cells < this.lastCells) cutShort = { line: this.recordLine, cells: this.cells };
      this.records++;
      this.lines++;
    }
    return { records: this.records, physicalLines: this.lines, unclosedQuoteLine, merged: this.merged, cutShort };
  }
}
