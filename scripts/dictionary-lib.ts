import type { Warehouse } from '../core/warehouse.ts';
import { columnsOf, contracts, entityNames } from '../pipelines/contracts/index.ts';
import { specFiles } from '../models/runner/data-tests.ts';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * The data dictionary: every input column from the contracts (Chinese headers, type, rules,
 * personal flag) and every mart column from the model YAMLs with its warehouse type.
 */
export async function dictionaryMarkdown(wh: Warehouse): Promise<string> {
  const out: string[] = [
    '# 数据字典',
    '',
    '本页由 `npm run dictionary` 根据数据规范（pipelines/contracts）和模型说明（models/marts/*.yml）生成，请勿手工修改。',
    '',
    '## 一、分析表（marts）',
    '',
    '分析人员用 `npm run sql` 查询这些表（只读）。标“发布”的表进入报告网站；其余只在仓库内使用。',
    '',
  ];
  const types = new Map(
    (await wh.all<{ k: string; ty: string }>(`select table_schema || '.' || table_name || '.' || column_name as k, data_type as ty from information_schema.columns where table_schema in ('marts', 'intermediate')`)).map((r) => [r.k, r.ty]),
  );
  for (const { table, spec } of specFiles()) {
    out.push(`### ${table}`, '', `${spec.description}。`, '', `- 粒度：${spec.grain}`);
    if (spec.unique_key) out.push(`- 主键：${spec.unique_key.join(' + ')}`);
    out.push(`- ${spec.publish ? '发布到报告网站' : '不发布（仅供仓库内分析）'}`, '', '| 列 | 类型 | 中文名 | 定义 | 检验 |', '|---|---|---|---|---|');
    for (const c of spec.columns) {
      const tests = c.tests.map((t) => (typeof t === 'string' ? t : Object.keys(t)[0])).join('、');
      out.push(`| ${c.name} | ${types.get(`${table}.${c.name}`) ?? '—'} | ${cell(c.label)} | ${cell(c.description ?? '')} | ${tests} |`);
    }
    out.push('');
  }
  out.push('## 二、输入台账（raw）', '', '各月导出文件的列。个人信息列只留在 raw 层，不进入分析表、网站和导出。', '');
  for (const e of entityNames) {
    const contract = contracts[e];
    out.push(`### raw.${e}（${contract.label}）`, '', `- 粒度：${contract.grain}`, `- 主键：${contract.key.join(' + ')}`, '', '| 列 | 中文表头（别名） | 类型 | 必填 | 取值与范围 | 个人信息 | 定义 |', '|---|---|---|---|---|---|---|');
    for (const c of columnsOf(contract)) {
      const rule = [
        c.values ? c.values.join('、') : '',
        c.min !== undefined || c.max !== undefined ? `${c.min ?? ''}–${c.max ?? ''}${c.unit ? ` ${c.unit}` : ''}` : '',
        c.pattern ? c.pattern.zh : '',
        c.check === 'gb11643' ? 'GB 11643 校验位' : '',
      ].filter(Boolean).join('；');
      out.push(`| ${c.name} | ${cell(c.headers.join('、'))} | ${c.kind} | ${c.required ? '是' : ''} | ${cell(rule)} | ${c.personal ? '是' : ''} | ${cell(c.doc)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * What the site's data covers, from the load manifest. Also gives the page a query: Evidence
 * requests a page's all-queries.json, which it writes only for pages that have one (a 404 otherwise).
 */
const COVERAGE = `\`\`\`sql coverage
select
  strftime(min(snapshot_month), '%Y年%-m月') as first_month,
  strftime(max(snapshot_month), '%Y年%-m月') as last_month,
  sum(rows_loaded) as rows_loaded,
  sum(rows_rejected) as rows_rejected
from warehouse.load_summary
\`\`\`

本网站的数据：<Value data={coverage} column=first_month />至<Value data={coverage} column=last_month />，共加载<Value data={coverage} column=rows_loaded fmt="#,##0" />行，拒收<Value data={coverage} column=rows_rejected fmt="#,##0" />行（见[数据质量](/data-quality/)）。
`;

/** The same document as an Evidence page: braces and angle brackets would be read as Svelte. */
export function asEvidencePage(markdown: string): string {
  const body = markdown.replace(/^# 数据字典\n/, '').replaceAll('{', '&#123;').replaceAll('}', '&#125;').replaceAll('<', '&lt;');
  // The coverage line goes after the first paragraph (how the page is generated).
  const [intro, ...rest] = body.split('\n\n## ');
  return `---\ntitle: 数据字典\n---\n${intro}\n\n${COVERAGE}\n## ${rest.join('\n\n## ')}`;
}
