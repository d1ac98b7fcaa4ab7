import { FileFailure, MAX_LINE_BYTES } from './types.ts';

/**
 * DuckDB's own messages are English and long; a user gets one Chinese line instead (the
 * original stays available with CAMPAIGN_DEBUG=1).
 */
export function describeDuckError(error: unknown): FileFailure {
  const text = error instanceof Error ? error.message : String(error);
  if (process.env['CAMPAIGN_DEBUG']) console.error(text);
  const line = /Line: (\d+)/i.exec(text)?.[1];
  const at = line ? `第${line}行` : '文件中有一行';
  if (/maximum line size|line size of/i.test(text)) {
    return new FileFailure(
      `${at}超过 ${MAX_LINE_BYTES / 1024 / 1024} MB（单行或单个单元格过大），这不像台账导出；请检查该行是否混入了大段文字或二进制内容，或引号是否没有配对`,
      `a line is larger than ${MAX_LINE_BYTES / 1024 / 1024} MB`,
    );
  }
  if (/unicode|utf-?8|encoding/i.test(text)) {
    return new FileFailure(
      `${at}不是有效的文字编码，文件可能不是 UTF-8 或 GBK 编码的 CSV；请用 --encoding gbk（或 utf-8）指定，或在 Excel/WPS 中另存为 CSV UTF-8`,
      'the file is not valid text in its encoding',
    );
  }
  if (/CSV Error|Invalid Input Error|Conversion Error/i.test(text)) {
    return new FileFailure(`${at}无法按 CSV 读取（格式损坏）；请在 Excel/WPS 中打开后重新导出为 CSV 或 XLSX`, 'the file cannot be parsed as CSV');
  }
  if (/Out of Memory|memory/i.test(text)) {
    return new FileFailure('读取该文件时内存不足；请把文件按乡镇拆分后再加载', 'out of memory while reading the file');
  }
  return new FileFailure('读取该文件时出错（数据库报告了无法识别的错误）；可设置 CAMPAIGN_DEBUG=1 查看详情', 'the file could not be read');
}
