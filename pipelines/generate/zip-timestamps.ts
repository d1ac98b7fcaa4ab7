/**
 * exceljs zips its parts with the current time in every entry's header. To make XLSX output
 * byte-identical between runs, the DOS time and date of every entry (local header and central
 * directory) are overwritten with a fixed moment. CRCs cover the data only, so the archive stays valid.
 */

function dosDateTime(date: Date): { time: number; day: number } {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

export function fixZipTimestamps(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const { time, day } = dosDateTime(at);
  // End of central directory: signature 0x06054b50, at most 65 535 + 22 bytes from the end.
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 65_557); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(day, p + 14);
    const nameLen = out.readUInt16LE(p + 28);
    const extraLen = out.readUInt16LE(p + 30);
    const commentLen = out.readUInt16LE(p + 32);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header at ${local}`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(day, local + 12);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
