/**
 * Writes the bundled sample snapshots in data/sample/: one 乡 with three villages over two
 * months, in the formats offices send (UTF-8 CSV with BOM, GBK CSV, XLSX with a title row),
 * with a few deliberately bad rows listed in data/sample/expected-rejects.json.
 * Run: npx tsx scripts/make-sample.ts   (output is committed; rerunning gives the same bytes)
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ROOT } from '../core/config.ts';
import { contracts } from '../pipelines/contracts/index.ts';
import { writtenColumnsOf } from '../pipelines/contracts/define.ts';
import { gb11643CheckChar } from '../pipelines/contracts/define.ts';
import { expandWeights, FEMALE_CHARS, MALE_CHARS, MOBILE_PREFIXES, SURNAMES } from '../pipelines/generate/identities.ts';
import type { EntityName } from '../core/glossary.ts';

const OUT = path.join(ROOT, 'data', 'sample');

let seed = 20240601;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

// The generator's name and phone tables (pipelines/generate/identities.ts), one draw per part.
const SURNAME_LIST = expandWeights(SURNAMES);
const GIVEN_CHARS = [...MALE_CHARS, ...FEMALE_CHARS];
const PREFIX_LIST = expandWeights(MOBILE_PREFIXES);
const personName = () => {
  const given = int(0, GIVEN_CHARS.length ** 2 - 1);
  return pick(SURNAME_LIST) + GIVEN_CHARS[Math.floor(given / GIVEN_CHARS.length)]! + GIVEN_CHARS[given % GIVEN_CHARS.length]!;
};

function idNumber(): string {
  const body = `430321${int(1940, 2000)}${String(int(1, 12)).padStart(2, '0')}${String(int(1, 28)).padStart(2, '0')}${String(int(0, 999)).padStart(3, '0')}`;
  return body + gb11643CheckChar(body);
}
const phone = () => `${pick(PREFIX_LIST)}${String(int(0, 99_999_999)).padStart(8, '0')}`;

const VILLAGES = [
  { code: '430321200001', name: '石门村', category: '十三五贫困村' },
  { code: '430321200002', name: '双桥村', category: '省定贫困村' },
  { code: '430321200003', name: '花园村', category: '非贫困村' },
];
const MONTHS = ['2024-05', '2024-06'] as const;

type Row = Record<string, string>;

interface Household {
  id: string;
  village: string;
  head: string;
  idNumber: string;
  phone: string;
  size: number;
  labor: number;
  type: string;
  monitor: string;
  cause: string;
  incomes: number[];
  cost: number;
  grade: string;
  helper: string;
}

function makeHouseholds(): Household[] {
  const list: Household[] = [];
  for (const v of VILLAGES) {
    for (let i = 1; i <= 15; i++) {
      const size = int(1, 6);
      const poor = v.category !== '非贫困村' ? rand() < 0.5 : rand() < 0.2;
      list.push({
        id: `${v.code}-${String(i).padStart(4, '0')}`,
        village: v.code,
        head: personName(),
        idNumber: idNumber(),
        phone: phone(),
        size,
        labor: int(0, size),
        type: poor ? (rand() < 0.3 ? '未脱贫户' : '脱贫户') : '一般户',
        monitor: poor && rand() < 0.2 ? '脱贫不稳定户' : !poor && rand() < 0.15 ? '边缘易致贫户' : '',
        cause: poor ? pick(['因病', '因残', '因学', '缺劳力', '缺技术', '缺资金']) : '',
        incomes: [int(4000, 40000), int(0, 15000), int(500, 8000), int(0, 1500)],
        cost: int(0, 6000),
        grade: pick(['A', 'A', 'B', 'B', 'C']),
        helper: personName(),
      });
    }
  }
  return list;
}

function householdRow(h: Household, month: string, monthIndex: number): Row {
  // In June two of the 未脱贫户 in each village are lifted out.
  const lifted = monthIndex > 0 && h.type === '未脱贫户' && Number(h.id.slice(-2)) % 2 === 0;
  const type = lifted ? '脱贫户' : h.type;
  const net = (h.incomes.reduce((a, b) => a + b, 0) - h.cost) / h.size;
  const yesNo = (b: boolean) => (b ? '是' : '否');
  return {
    household_id: h.id,
    village_code: h.village,
    head_name: h.head,
    id_number: h.idNumber,
    phone: h.phone,
    family_size: String(h.size),
    labor_count: String(h.labor),
    household_type: type,
    monitor_type: h.monitor,
    risk_eliminated: h.monitor ? yesNo(monthIndex > 0 && Number(h.id.slice(-1)) % 3 === 0) : '',
    identified_date: h.monitor ? '2024-03-15' : '',
    eliminated_date: h.monitor && monthIndex > 0 && Number(h.id.slice(-1)) % 3 === 0 ? '2024-06-20' : '',
    poverty_cause: h.cause,
    wage_income: String(h.incomes[0]),
    business_income: String(h.incomes[1]),
    transfer_income: String(h.incomes[2]),
    property_income: String(h.incomes[3]),
    business_cost: String(h.cost),
    net_income_per_capita: net.toFixed(2),
    food_clothing_ok: '是',
    education_ok: yesNo(!(h.type === '未脱贫户' && h.cause === '因学' && monthIndex === 0)),
    medical_ok: '是',
    housing_grade: monthIndex > 0 && h.grade === 'C' ? 'B' : h.grade,
    housing_ok: yesNo(!(h.grade === 'C' && monthIndex === 0)),
    water_ok: '是',
    dibao: yesNo(h.type === '未脱贫户' && h.labor === 0),
    tekun: '否',
    relocated: '否',
    welfare_job: yesNo(h.type !== '一般户' && h.labor > 0 && Number(h.id.slice(-1)) % 4 === 0),
    microcredit_amount: h.type === '脱贫户' && Number(h.id.slice(-1)) % 5 === 0 ? '30000' : '',
    microcredit_due_date: h.type === '脱贫户' && Number(h.id.slice(-1)) % 5 === 0 ? '2025-03-31' : '',
    microcredit_overdue: h.type === '脱贫户' && Number(h.id.slice(-1)) % 5 === 0 ? '否' : '',
    helper_name: h.type === '一般户' && !h.monitor ? '' : h.helper,
    helper_phone: h.type === '一般户' && !h.monitor ? '' : phone(),
    data_month: month,
  };
}

function villageRow(v: (typeof VILLAGES)[number], households: Row[], month: string): Row {
  const mine = households.filter((h) => h.village_code === v.code);
  const sum = (rows: Row[]) => rows.reduce((s, r) => s + Number(r.family_size), 0);
  const registered = mine.filter((h) => h.household_type !== '一般户');
  const unlifted = mine.filter((h) => h.household_type === '未脱贫户');
  return {
    village_code: v.code,
    village_name: v.name,
    town_name: '白石乡',
    county_name: '湘潭县',
    village_category: v.category,
    agri_households: String(mine.length),
    agri_population: String(sum(mine)),
    registered_poor_households: String(registered.length),
    registered_poor_people: String(sum(registered)),
    unlifted_households: String(unlifted.length),
    unlifted_people: String(sum(unlifted)),
    monitored_households: String(mine.filter((h) => h.monitor_type === '脱贫不稳定户' && h.risk_eliminated !== '是').length),
    edge_households: String(mine.filter((h) => h.monitor_type === '边缘易致贫户' && h.risk_eliminated !== '是').length),
    collective_income: (3 + rand() * 6).toFixed(2),
    has_hardened_road: '是',
    has_broadband: '是',
    has_clinic: v.category === '非贫困村' ? '是' : month === '2024-05' ? '否' : '是',
    has_cooperative: '是',
    has_industry_project: v.category === '非贫困村' ? '否' : '是',
    responsible_person: personName(),
    responsible_phone: phone(),
    data_month: month,
  };
}

const ISSUE_TEXT: Record<string, string> = {
  住房安全: '农户住房鉴定为C级危房，尚未完成改造',
  义务教育: '适龄儿童控辍保学台账与实际不符',
  饮水安全: '自来水入户后水压不足',
  档案资料: '贫困户明白卡信息未更新',
  产业: '到户产业奖补资金未及时兑现',
  防返贫监测: '监测户帮扶措施未落实到位',
};

function issueRows(month: string): Row[] {
  const rows: Row[] = [];
  const categories = Object.keys(ISSUE_TEXT);
  for (let i = 1; i <= 12; i++) {
    const v = VILLAGES[i % 3]!;
    const category = categories[i % categories.length]!;
    const found = i <= 8 ? '2024-04-10' : '2024-05-20';
    const closed = month === '2024-06' ? i <= 7 : i <= 3;
    rows.push({
      issue_id: `WT2024-${String(i).padStart(3, '0')}`,
      village_code: v.code,
      household_id: i % 2 === 0 ? `${v.code}-${String(i).padStart(4, '0')}` : '',
      source: pick(['排查', '督战', '暗访', '考核']),
      category,
      description: ISSUE_TEXT[category]!,
      found_date: found,
      deadline: i <= 8 ? '2024-05-31' : '2024-07-31',
      responsible_unit: pick(['乡住建站', '乡中心学校', '乡水利站', '乡扶贫办', '村委会']),
      responsible_person: personName(),
      status: closed ? '已销号' : i <= 9 ? '整改中' : '待整改',
      closed_date: closed ? (i <= 3 ? '2024-05-28' : '2024-06-25') : '',
      evidence: closed ? '整改前后照片、验收单' : '',
      data_month: month,
    });
  }
  return rows;
}

function allocationRows(month: string): Row[] {
  const rows: Row[] = VILLAGES.flatMap((v, i) => [
    { id: `XD2024-${i + 1}01`, project: `XM-${v.code}-01`, name: `${v.name}到户产业奖补`, category: '到户产业奖补', amount: '150000', date: '2024-03-10' },
    { id: `XD2024-${i + 1}02`, project: `XM-${v.code}-02`, name: `${v.name}危房改造`, category: '危房改造补助', amount: '48000', date: '2024-04-02' },
  ].map((a) => ({ allocation_id: a.id, project_id: a.project, project_name: a.name, fund_category: a.category, village_code: v.code, amount: a.amount, allocated_date: a.date, data_month: month })));
  if (month === '2024-06') {
    rows.push({ allocation_id: 'XD2024-901', project_id: 'XM-430321200002-09', project_name: '双桥村挂牌督战专项', fund_category: '挂牌督战村专项', village_code: '430321200002', amount: '200000', allocated_date: '2024-06-05', data_month: month });
  }
  return rows;
}

function paymentRows(month: string): Row[] {
  const rows: Row[] = [];
  VILLAGES.forEach((v, i) => {
    const n = month === '2024-05' ? 2 : 4;
    for (let k = 1; k <= n; k++) {
      rows.push({
        payment_id: `ZF2024-${i + 1}${String(k).padStart(2, '0')}`,
        project_id: `XM-${v.code}-01`,
        fund_category: '到户产业奖补',
        village_code: v.code,
        household_id: `${v.code}-${String(k).padStart(4, '0')}`,
        payee_name: personName(),
        amount: String(int(3, 20) * 1000),
        paid_date: k <= 2 ? '2024-05-15' : '2024-06-18',
        data_month: month,
      });
    }
  });
  return rows;
}

interface Bad {
  month: string;
  file: string;
  key: string;
  rule: string;
}
const expected: Bad[] = [];

/** Breaks one cell of the row whose key is `key`, and records the rule that must catch it. */
function spoil(rows: Row[], keyCol: string, key: string, month: string, file: string, rule: string, change: (r: Row) => void) {
  const row = rows.find((r) => r[keyCol] === key);
  if (!row) throw new Error(`no row ${key}`);
  change(row);
  expected.push({ month, file, key, rule });
}

function headersOf(entity: EntityName): { names: string[]; headers: string[] } {
  const cols = writtenColumnsOf(contracts[entity]);
  return { names: cols.map((c) => c.name), headers: cols.map((c) => c.headers[0]) };
}

function toCsv(entity: EntityName, rows: Row[]): string {
  const { names, headers } = headersOf(entity);
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return [headers.join(','), ...rows.map((r) => names.map((n) => cell(r[n] ?? '')).join(','))].join('\r\n') + '\r\n';
}

async function writeXlsx(file: string, entity: EntityName, rows: Row[], title: string, month: string) {
  const { names, headers } = headersOf(entity);
  const wb = new ExcelJS.Workbook();
  const fixed = new Date(`${month}-28T00:00:00Z`);
  wb.created = fixed;
  wb.modified = fixed;
  wb.creator = 'sample';
  const ws = wb.addWorksheet(contracts[entity].label);
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, Math.min(8, headers.length));
  ws.addRow(headers);
  for (const r of rows) ws.addRow(names.map((n) => r[n] ?? ''));
  await wb.xlsx.writeFile(file);
}

async function main() {
  fs.rmSync(OUT, { recursive: true, force: true });
  const households = makeHouseholds();
  for (const [mi, month] of MONTHS.entries()) {
    const dir = path.join(OUT, month);
    fs.mkdirSync(dir, { recursive: true });
    const hh = households.map((h) => householdRow(h, month, mi));
    const villages = VILLAGES.map((v) => villageRow(v, hh, month));
    const issues = issueRows(month);
    const allocations = allocationRows(month);
    const payments = paymentRows(month);

    if (month === '2024-06') {
      const f = '农户信息.csv';
      spoil(hh, 'household_id', '430321200001-0003', month, f, 'id_check_digit', (r) => {
        const last = r.id_number!.at(-1)!;
        r.id_number = r.id_number!.slice(0, 17) + (last === '1' ? '2' : '1');
      });
      spoil(hh, 'household_id', '430321200001-0005', month, f, 'min', (r) => (r.family_size = '0'));
      spoil(hh, 'household_id', '430321200002-0002', month, f, 'enum', (r) => (r.household_type = '贫困户'));
      spoil(hh, 'household_id', '430321200002-0007', month, f, 'required', (r) => (r.head_name = ''));
      spoil(hh, 'household_id', '430321200003-0004', month, f, 'labor_exceeds_size', (r) => {
        r.family_size = '2';
        r.labor_count = '3';
      });
      spoil(hh, 'household_id', '430321200003-0009', month, f, 'type_int', (r) => (r.family_size = '3.5'));
      // The same household exported twice: both rows are rejected, since neither can be trusted.
      const dup = { ...hh.find((r) => r.household_id === '430321200003-0011')! };
      hh.push(dup);
      expected.push({ month, file: f, key: '430321200003-0011', rule: 'duplicate_key' });
      expected.push({ month, file: f, key: '430321200003-0011', rule: 'duplicate_key' });

      spoil(villages, 'village_code', '430321200003', month, '村基本情况.csv', 'type_bool', (r) => (r.has_clinic = '部分'));
      spoil(issues, 'issue_id', 'WT2024-005', month, '问题整改台账.xlsx', 'closed_without_date', (r) => (r.closed_date = ''));
      spoil(issues, 'issue_id', 'WT2024-010', month, '问题整改台账.xlsx', 'enum', (r) => (r.category = '其它问题'));
      spoil(allocations, 'allocation_id', 'XD2024-302', month, '资金下达台账.csv', 'type_decimal', (r) => (r.amount = '四万八千'));
      spoil(payments, 'payment_id', 'ZF2024-203', month, '资金支出台账.xlsx', 'type_date', (r) => (r.paid_date = '2024-13-01'));
    } else {
      spoil(hh, 'household_id', '430321200002-0011', month, '农户信息.csv', 'pattern', (r) => (r.village_code = '43032120002'));
    }

    fs.writeFileSync(path.join(dir, '村基本情况.csv'), '\uFEFF' + toCsv('village', villages));
    fs.writeFileSync(path.join(dir, '农户信息.csv'), iconv.encode(toCsv('household', hh), 'gb18030'));
    fs.writeFileSync(path.join(dir, '资金下达台账.csv'), toCsv('fund_allocation', allocations));
    await writeXlsx(path.join(dir, '问题整改台账.xlsx'), 'issue', issues, `白石乡${month.replace('-', '年')}月问题整改台账`, month);
    await writeXlsx(path.join(dir, '资金支出台账.xlsx'), 'fund_payment', payments, `白石乡${month.replace('-', '年')}月资金支出台账`, month);
  }
  fs.writeFileSync(path.join(OUT, 'expected-rejects.json'), JSON.stringify(expected, null, 2) + '\n');
  console.log(`样例数据已写入 ${path.relative(ROOT, OUT)}：${MONTHS.length}个月，${expected.length}处预期拒收`);
}

await main();
