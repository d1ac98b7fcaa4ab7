import { z } from 'zod';
import { col, defineContract } from './define.ts';
import { dataMonth, fundCategory, householdId, villageCode } from './shared-columns.ts';
import { placeColumns } from './shared-columns.ts';

export const fundPaymentContract = defineContract({
  entity: 'fund_payment',
  label: '资金支出台账',
  grain: '每月每笔支付一行（截至当月的累计台账）',
  key: ['payment_id'],
  fileHints: ['资金支出', '支出', '支付', '拨付', 'payment'],
  columns: {
    payment_id: col.text({ headers: ['支付编号', '支付凭证号', '凭证号'], doc: '支付凭证的唯一编号', required: true }),
    project_id: col.text({ headers: ['项目编号', '项目代码'], doc: '项目库编号', required: true }),
    fund_category: fundCategory(),
    village_code: villageCode(),
    ...placeColumns(),
    household_id: householdId(false),
    payee_name: col.text({ headers: ['收款人', '收款人姓名'], doc: '收款人姓名（到户资金）', personal: true }),
    amount: col.decimal({ headers: ['支出金额（元）', '支出金额', '已支出金额'], doc: '实际支付的资金', unit: '元', required: true, min: 0.01, max: 1_000_000_000 }),
    paid_date: col.date({ headers: ['支付日期', '支出日期'], doc: '资金支付日期', required: true }),
    data_month: dataMonth(),
  },
  rowRules: [],
  inherits: { key: 'project_id', from: 'fund_allocation', columns: ['fund_category', 'village_code'] },
});

export type FundPaymentRow = z.infer<typeof fundPaymentContract.schema>;
