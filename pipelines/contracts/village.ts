import { z } from 'zod';
import { col, defineContract } from './define.ts';
import { dataMonth, mobilePhone, villageCode } from './shared-columns.ts';

export const VILLAGE_CATEGORIES = ['省定贫困村', '十二五贫困村', '十三五贫困村', '非贫困村'] as const;

const count = (headers: readonly [string, ...string[]], doc: string, required = true) =>
  col.int({ headers, doc, required, min: 0, max: 100_000 });

const check = (headers: readonly [string, ...string[]], doc: string) => col.bool({ headers, doc });

export const villageContract = defineContract({
  entity: 'village',
  label: '行政村基本情况',
  grain: '每月每个行政村一行',
  key: ['village_code'],
  fileHints: ['村基本情况', '行政村', '村情', 'village'],
  columns: {
    village_code: villageCode(),
    village_name: col.text({ headers: ['行政村', '村名', '行政村名称', '村名称'], doc: '行政村名称', required: true }),
    town_name: col.text({ headers: ['乡镇', '乡镇（街道）', '乡镇街道'], doc: '所属乡镇或街道名称', required: true }),
    county_name: col.text({ headers: ['县市区', '县（市、区）', '县区'], doc: '所属县市区名称', required: true }),
    village_category: col.enumOf(VILLAGE_CATEGORIES, { headers: ['贫困村类别', '村类别'], doc: '建档立卡贫困村类别', required: true }),
    agri_households: count(['农业户籍户数', '农业户数'], '农业户籍户数'),
    agri_population: count(['农业户籍人口', '农业人口', '农业户籍人口数'], '农业户籍人口，贫困发生率的分母'),
    registered_poor_households: count(['建档立卡贫困户数', '贫困户数'], '历年累计建档立卡贫困户数'),
    registered_poor_people: count(['建档立卡贫困人数', '建档立卡贫困人口', '贫困人口数'], '历年累计建档立卡贫困人口'),
    unlifted_households: count(['未脱贫户数'], '尚未脱贫的建档立卡户数'),
    unlifted_people: count(['未脱贫人数', '未脱贫人口'], '尚未脱贫的建档立卡人口'),
    monitored_households: count(['监测户数', '脱贫监测户数'], '纳入防返贫监测的脱贫不稳定户数', false),
    edge_households: count(['边缘户数', '边缘易致贫户数'], '边缘易致贫户数', false),
    collective_income: col.decimal({ headers: ['村集体经济收入（万元）', '村集体经济收入'], doc: '本年度村集体经济收入，目标不低于5万元', unit: '万元', min: 0 }),
    has_hardened_road: check(['通硬化路', '是否通硬化路'], '通组硬化路是否已通'),
    has_broadband: check(['通宽带/4G', '宽带/4G', '是否通宽带'], '是否通宽带或4G网络'),
    has_clinic: check(['标准卫生室与合格村医', '标准化卫生室'], '是否有标准化卫生室和合格村医'),
    has_cooperative: check(['合作社', '有无合作社', '农民专业合作社'], '是否有农民专业合作社'),
    has_industry_project: check(['产业项目', '有无产业项目'], '是否有扶贫产业项目'),
    responsible_person: col.text({ headers: ['责任人', '村责任人', '挂牌责任人'], doc: '挂牌督战责任人姓名', personal: true }),
    responsible_phone: mobilePhone(['联系电话', '责任人电话'], '责任人联系电话'),
    data_month: dataMonth(),
  },
  rowRules: [
    {
      code: 'unlifted_exceeds_registered',
      column: 'unlifted_people',
      violation: 'unlifted_people > registered_poor_people',
      zh: '未脱贫人数不能大于建档立卡贫困人数',
      en: 'unlifted people exceed registered poor people',
    },
    {
      code: 'poor_exceeds_population',
      column: 'registered_poor_people',
      violation: 'registered_poor_people > agri_population',
      zh: '建档立卡贫困人数不能大于农业户籍人口',
      en: 'registered poor people exceed the agricultural population',
    },
  ],
});

export type VillageRow = z.infer<typeof villageContract.schema>;
