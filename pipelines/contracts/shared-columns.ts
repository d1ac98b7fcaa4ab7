import { col } from './define.ts';

/** Columns several ledgers share, declared once so their headers and rules stay identical. */

export const villageCode = (required = true, level: 'village' | 'area' = 'village') =>
  level === 'village'
    ? col.text({
        headers: ['行政村代码', '村代码', '统计用区划代码', '村级区划代码'],
        doc: '12位统计用区划代码：省2+市2+县2+乡镇3+村3',
        required,
        pattern: { regex: '\\d{12}', zh: '应为12位数字的统计用区划代码' },
      })
    : col.text({
        headers: ['行政村代码', '村代码', '统计用区划代码', '区划代码', '村级区划代码'],
        doc: '统计用区划代码：县6位、乡镇9位或行政村12位（资金可下达到县、乡镇或村）',
        required,
        pattern: { regex: '\\d{6}|\\d{9}|\\d{12}', zh: '应为6位（县）、9位（乡镇）或12位（村）数字的统计用区划代码' },
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

/** Spellings of the fund categories in county ledgers. */
export const FUND_CATEGORY_SYNONYMS = {
  中央衔接资金: '衔接资金',
  财政衔接资金: '衔接资金',
  衔接推进乡村振兴补助资金: '衔接资金',
  中央财政衔接推进乡村振兴补助资金: '衔接资金',
  危房改造: '危房改造补助',
  农村危房改造补助: '危房改造补助',
  产业奖补: '到户产业奖补',
  到户产业: '到户产业奖补',
  公益性岗位工资: '公益岗位工资',
  公益岗位补贴: '公益岗位工资',
  务工交通补助: '务工补助',
  挂牌督战专项: '挂牌督战村专项',
} as const;

export const fundCategory = () =>
  col.enumOf(FUND_CATEGORIES, {
    headers: ['资金类别', '资金性质'],
    doc: '资金类别',
    required: true,
    synonyms: FUND_CATEGORY_SYNONYMS,
    // Descriptive: money spent must stay in 支出率 whatever its label; 其他 keeps it counted.
    unknown: { action: 'warn', other: '其他', why: '资金类别只用于分类；拒收会让已下达或已支出的钱从支出率中消失' },
  });

/**
 * Where a file names its village instead of giving its code: 县 + 乡镇 + 行政村, 乡镇 + 行政村, or one
 * address column. The loader resolves these names to the 12-digit code (the village register
 * first, then the national register of 统计用区划代码) and records how it found it.
 */

export const placeColumns = () => ({
  county_name: col.text({ headers: ['县市区', '县（市、区）', '县区', '所属县市区'], doc: '所属县市区名称（无行政村代码时用于查找代码）' }),
  town_name: col.text({ headers: ['乡镇', '乡镇（街道）', '乡镇街道', '所属乡镇'], doc: '所属乡镇或街道名称（无行政村代码时用于查找代码）' }),
  village_name: col.text({ headers: ['行政村', '村名', '行政村名称', '村名称', '所属行政村'], doc: '行政村名称（无行政村代码时用于查找代码）' }),
  village_address: col.text({ headers: ['所属村', '地址', '村地址', '所在村'], doc: '县乡村名称连写，如“湘潭县花石镇金霞村”（无行政村代码时用于查找代码）' }),
});
