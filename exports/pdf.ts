import type { Scope } from './scope.ts';

/** Prints the deck and the 总结报告 pages of the built site to PDF (see the site work). */
export async function printPdfs(_scope: Scope, _dir: string): Promise<{ file: string; note: string }[]> {
  throw new Error('PDF 导出需要先构建网站（npm run site）；可用 --no-pdf 只导出 PPT 和 Excel');
}
