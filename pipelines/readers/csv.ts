import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import type { EntityName } from '../../core/glossary.ts';
import { parseCsvHead, guessDelimiter } from './csv-head.ts';
import { detectEncoding, type Encoding } from './encoding.ts';
import { scanFile } from './file-hash.ts';
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
  const rows = parseCsvHead(head, delimiter, HEAD_ROWS);
  const found = locateHeader(rows, options.entity, file);
  const headers = rows[found.index]!.map((h) => h.trim());

  // read_csv skips blank lines, which would shift row numbers: such files get a copy.
  const scanned = await scanFile(file);
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
    dispose,
  };
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
