import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import type { EntityName } from '../../core/glossary.ts';
import { parseCsvHead, guessDelimiter } from './csv-head.ts';
import { detectEncoding, type Encoding } from './encoding.ts';
import { scanFile, type RecordCount } from './file-hash.ts';
import { chooseEntity, findHeaderRow, headerScore } from './headers.ts';
import type { SourceFile } from './source-file.ts';
import { makeTempDir } from './temp.ts';
import { ReadError } from './read-error.ts';

const HEAD_BYTES = 64 * 1024;
const HEAD_ROWS = 30;

export interface CsvOptions {
  encoding?: Encoding | undefined;
  entity?: EntityName | undefined;
}

export async function openCsv(file: string, options: CsvOptions = {}): Promise<SourceFile> {
  const encoding = options.encoding ?? detectEncoding(file);
  const head = readHead(file, encoding);
  if (head.trim() === '') throw new ReadError(file, '文件为空', 'the file is empty');
  const delimiter = guessDelimiter(head.split(/\r?\n/, 5).join('\n'));
  if (!/[\r\n]/.test(head) && fs.statSync(file).size > HEAD_BYTES) {
    throw new ReadError(file, `文件开头${HEAD_BYTES / 1024} KB内没有换行，第一行过大，不像台账导出；请确认选对了文件`, `no line break in the first ${HEAD_BYTES / 1024} KB`);
  }
  const rows = parseCsvHead(head, delimiter, HEAD_ROWS);
  const found = locateHeaderOrExplain(rows, options, file, encoding);
  const headers = rows[found.index]!.map((h) => h.trim());

  // read_csv skips blank lines, which would shift row numbers: such files get a copy.
  const scanned = await scanFile(file, { records: { delimiter, headerCells: rows[found.index]!.length } });
  const expectedRows = checkStructure(file, scanned.count!, found.index + 1);
  const needsCopy = encoding !== 'utf-8' || scanned.hasBlankLine;
  let csvPath = file;
  let dispose = () => {};
  if (needsCopy) {
    const tmp = makeTempDir('csv');
    csvPath = path.join(tmp.dir, 'normalised.csv');
    await normalise(file, csvPath, encoding, delimiter);
    dispose = tmp.remove;
  }
  return {
    path: file,
    sheet: null,
    sha256: scanned.sha256,
    encoding,
    entity: found.entity,
    headers,
    csvPath,
    delimiter,
    skipLines: found.index + 1,
    rowNumbers: { kind: 'sequential', firstRowNumber: found.index + 2 },
    expectedRows,
    dispose,
  };
}

/**
 * The file's data records as counted from its bytes, or a ReadError when the bytes show that a
 * CSV parser would swallow or merge lines: DuckDB stops quietly at an unclosed quote, so such a
 * file would otherwise load its first rows and lose the rest without a word.
 */
function checkStructure(file: string, count: RecordCount, headerRecords: number): number {
  if (count.unclosedQuoteLine !== null) {
    throw new ReadError(
      file,
      `第${count.unclosedQuoteLine}行有一个没有配对的英文双引号（"），从该行到文件末尾（第${count.physicalLines}行）都会被读成一个单元格；请删除或补全该引号后重新导出`,
      `unbalanced quote on line ${count.unclosedQuoteLine}: the rest of the file would be read as one cell`,
    );
  }
  if (count.merged) {
    const { line, lines, cells } = count.merged;
    throw new ReadError(
      file,
      `第${line}行起的引号把${lines}行并成了一行（${cells}列，多于表头），引号可能没有配对；请检查第${line}行附近的双引号`,
      `quotes on line ${line} merge ${lines} lines into one record of ${cells} cells`,
    );
  }
  if (count.cutShort) {
    const { line, cells } = count.cutShort;
    throw new ReadError(
      file,
      `文件在第${line}行中途结束（该行只有${cells}列，末尾没有换行），文件可能没有导出或复制完整；请重新导出`,
      `the file ends in the middle of line ${line} (${cells} cells, no line end): it looks cut off`,
    );
  }
  return Math.max(0, count.records - headerRecords);
}

/**
 * The header, or a ReadError that says what is really wrong: a file read in the wrong encoding
 * shows no known header, and is named as an encoding problem, with the encoding that works.
 */
function locateHeaderOrExplain(rows: string[][], options: CsvOptions, file: string, encoding: Encoding) {
  try {
    return locateHeader(rows, options.entity, file);
  } catch (error) {
    const other: Encoding = encoding === 'utf-8' ? 'gb18030' : 'utf-8';
    const otherHead = readHead(file, other);
    let fitsOther = false;
    try {
      locateHeader(parseCsvHead(otherHead, guessDelimiter(otherHead.split(/\r?\n/, 5).join('\n')), HEAD_ROWS), options.entity, file);
      fitsOther = true;
    } catch {
      fitsOther = false;
    }
    const name = (e: Encoding) => (e === 'utf-8' ? 'UTF-8' : 'GBK/GB18030');
    if (fitsOther) {
      throw new ReadError(
        file,
        `文件编码不是${name(encoding)}：按${name(encoding)}读不出表头，按${name(other)}可以；请用 --encoding ${other === 'utf-8' ? 'utf-8' : 'gbk'}${options.encoding ? '' : ' 指定'}`,
        `the file is not ${encoding}; it reads as ${other}`,
      );
    }
    if (readHead(file, encoding).includes('\uFFFD')) {
      throw new ReadError(
        file,
        `按${name(encoding)}读出了乱码，也不是${name(other)}：文件编码无法识别，可能不是文本CSV；请在 Excel/WPS 中另存为“CSV UTF-8”或 .xlsx`,
        'the file is not readable text in UTF-8 or GB18030',
      );
    }
    throw error;
  }
}

function readHead(file: string, encoding: Encoding): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, buf, 0, HEAD_BYTES, 0);
    const text = iconv.decode(buf.subarray(0, n), encoding);
    return text.replace(/^\uFEFF/, '');
  } finally {
    fs.closeSync(fd);
  }
}

export function locateHeader(rows: string[][], entity: EntityName | undefined, file: string): { index: number; entity: EntityName } {
  if (entity) {
    let best = { index: -1, score: 0 };
    rows.forEach((cells, index) => {
      const score = headerScore(entity, cells);
      if (score > best.score) best = { index, score };
    });
    if (best.score >= 1) return { index: best.index, entity };
  } else {
    const found = findHeaderRow(rows);
    if (found) {
      const chosen = chooseEntity(rows[found.index]!, path.basename(file));
      return { index: found.index, entity: chosen?.entity ?? found.entity };
    }
  }
  throw new ReadError(
    file,
    `前${rows.length}行中找不到可识别的表头（需至少3个已知列名，如“户编号”“行政村代码”）`,
    `no recognisable header row in the first ${rows.length} rows`,
  );
}

/** Writes a UTF-8 copy with the same lines, blank lines replaced by empty cells so rows keep their numbers. */
async function normalise(src: string, dest: string, encoding: Encoding, delimiter: string): Promise<void> {
  let carry = '';
  let first = true;
  const blank = delimiter;
  const fixLines = new Transform({
    transform(chunk: string, _enc, done) {
      let text = carry + chunk;
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      const cut = text.lastIndexOf('\n');
      carry = text.slice(cut + 1);
      const body = text.slice(0, cut + 1);
      done(null, body.replace(/(^|\n)(\r?)(?=\n)/g, `$1${blank}$2`));
    },
    flush(done) {
      done(null, carry);
    },
  });
  await pipeline(
    fs.createReadStream(src, { highWaterMark: 1 << 20 }),
    iconv.decodeStream(encoding),
    fixLines,
    fs.createWriteStream(dest, { encoding: 'utf8' }),
  );
}
