import { col } from './define.ts';

/** Columns several ledgers share, declared once so their headers and rules stay identical. */

export const villageCode = (required = true) =>
  col.text({
    headers: ['行政村代码', '村代码', '统计用区划代码', '村级区划代码'],
    doc: '12位统计用区划代码：省2+市2+县2+乡镇3+村3',
    required,
    pattern: { regex: '\\d{12}', zh: '应为12位数字的统计用区划代码' },
  });

export const dataMonth = () =>
  col.month({
    headers: ['数据月份', '统计月份', '填报月份'],
    doc: '该行数据所属月份；与加载月份不一致的行被拒收',
  });

export const mobilePhone = (headers: readonly [string, ...string[]], doc: string) =>
  col.text({
    headers,
    doc,
    personal: true,
    pattern: { regex: '1\\d{10}|0\\d{2,3}-?\\d{7,8}', zh: '应为11位手机号或带区号的固定电话' },
  });

export const householdId = (required: boolean) =>
  col.text({
    headers: ['户编号', '户码', '农户编号'],
    doc: '农户在本系统中的唯一编号（建档立卡户编号或监测户编号）；加载消息中打码',
    required,
    masked: true,
    pattern: { regex: '[0-9A-Za-z-]{4,32}', zh: '应为4至32位字母、数字或连字符' },
  });

export const FUND_CATEGORIES = [
  '衔接资金',
  '危房改造补助',
  '到户产业奖补',
  '公益岗位工资',
  '务工补助',
  '挂牌督战村专项',
  '其他',
] as const;
