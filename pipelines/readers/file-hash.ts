import crypto from 'node:crypto';
import fs from 'node:fs';

export async function sha256File(file: string): Promise<string> {
  return (await scanFile(file, { blankLines: false })).sha256;
}

const LF_LF = Buffer.from([0x0a, 0x0a]);
const LF_CR_LF = Buffer.from([0x0a, 0x0d, 0x0a]);

/**
 * One read of the file for both its sha256 and whether it holds a blank line (LF LF or
 * LF CR LF). Bytes are searched as they are: LF never occurs inside a multi-byte character of
 * UTF-8 or GB18030, so the answer is right for both.
 */
export async function scanFile(file: string, options: { blankLines?: boolean } = {}): Promise<{ sha256: string; hasBlankLine: boolean }> {
  const hash = crypto.createHash('sha256');
  // An XLSX is a zip: its bytes have no lines to look for.
  const search = options.blankLines ?? true;
  let blank = false;
  let tail = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (blank || !search) continue;
    // The last two bytes of the previous chunk with the first two of this one cover a blank line cut by the chunk edge.
    const seam = Buffer.concat([tail, buf.subarray(0, 2)]);
    blank = hasBlank(seam) || hasBlank(buf);
    tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 2)));
  }
  return { sha256: hash.digest('hex'), hasBlankLine: blank };
}

function hasBlank(buf: Buffer): boolean {
  return buf.indexOf(LF_LF) >= 0 || buf.indexOf(LF_CR_LF) >= 0;
}
