import { z } from 'zod';
import { col, defineContract } from './define.ts';
import { dataMonth, fundCategory, villageCode } from './shared-columns.ts';
import { placeColumns } from './shared-columns.ts';

export const fundAllocationContract = defineContract({
  entity: 'fund_allocation',
  label: '资金下达台账',
  grain: '每月每笔下达指标一行（截至当月的累计台账）',
  key: ['allocation_id'],
  fileHints: ['资金下达', '下达', '指标', 'allocation'],
  columns: {
    allocation_id: col.text({ headers: ['下达编号', '指标文号', '指标编号'], doc: '资金下达指标的唯一编号', required: true }),
    project_id: col.text({ headers: ['项目编号', '项目代码'], doc: '项目库编号', required: true }),
    project_name: col.text({ headers: ['项目名称'], doc: '项目名称', required: true }),
    fund_category: fundCategory(),
    // Allocated to a village, a town or a whole county: never invented down to villages.
    village_code: villageCode(true, 'area'),
    ...placeColumns(),
    amount: col.decimal({ headers: ['下达金额（元）', '下达金额', '已下达金额'], doc: '下达到项目的资金', unit: '元', required: true, min: 0.01, max: 1_000_000_000 }),
    allocated_date: col.date({ headers: ['下达日期', '下达时间'], doc: '资金指标下达日期', required: true }),
    data_month: dataMonth(),
  },
  rowRules: [],
});

export type FundAllocationRow = z.infer<typeof fundAllocationContract.schema>;
