import fs from 'node:fs';
import chardet from 'chardet';

export type Encoding = 'utf-8' | 'gb18030';

/** Names users may pass with --encoding; GBK and GB2312 are read as their superset GB18030. */
export function parseEncoding(name: string): Encoding {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  if (n === 'utf8' || n === 'utf8bom') return 'utf-8';
  if (n === 'gbk' || n === 'gb2312' || n === 'gb18030' || n === 'cp936') return 'gb18030';
  throw new Error(`不支持的编码“${name}”，可选 utf-8、gbk、gb18030 / unsupported encoding "${name}"`);
}

/**
 * UTF-8 (with or without BOM) when the head of the file decodes as UTF-8; otherwise GB18030,
 * which is what Excel in China writes as "CSV" (GBK is a subset). chardet settles the rare
 * sample that is neither.
 */
export function detectEncoding(file: string, sampleBytes = 256 * 1024): Encoding {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(sampleBytes);
    const n = fs.readSync(fd, buf, 0, sampleBytes, 0);
    const sample = buf.subarray(0, n);
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
    try {
      // stream: true tolerates a character cut at the end of the sample.
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
      return 'utf-8';
    } catch {
      const guess = (chardet.detect(sample) ?? '').toLowerCase();
      if (guess.startsWith('utf-16')) {
        throw new Error('不支持UTF-16编码的CSV，请另存为UTF-8或GBK / UTF-16 CSV is not supported');
      }
      return 'gb18030';
    }
  } finally {
    fs.closeSync(fd);
  }
}
