/**
 * Free text is masked at staging: names from the personal columns (two-character ones and names
 * inside longer text included), ID numbers and phones (spaced, dashed, full-width) never reach a
 * mart, and the data-quality mart counts what was masked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Warehouse } from '../../core/warehouse.ts';
import { runModels } from '../../models/runner/run.ts';
import { townWarehouse } from '../helpers/campaign.ts';

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

describe('free text masked at staging', () => {
  let wh: Warehouse;
  let person: { name: string; id: string; phone: string; month: string };

  beforeAll(async () => {
    ({ wh } = await townWarehouse(1));
    const h = await wh.one<{ name: string; id: string; phone: string; month: string }>(
      `select head_name as name, id_number as id, phone, strftime(snapshot_month, '%Y-%m-%d') as month
       from raw.household where length(head_name) = 2 and phone like '1%' order by household_id limit 1`,
    );
    person = h;
    const spacedPhone = `${h.phone.slice(0, 3)} ${h.phone.slice(3, 7)}-${h.phone.slice(7)}`;
    const spacedId = `${h.id.slice(0, 6)} ${h.id.slice(6, 14)} ${h.id.slice(14)}`;
    const project = `2024年${h.name}家危房改造补助（联系${spacedPhone}，证件${FULL_WIDTH(h.id)}）`;
    const unit = `${h.name}户整改专班 ${spacedId}`;
    await wh.run(
      `insert into raw.fund_allocation by name
       select * replace (allocation_id || '-canary' as allocation_id, $1 as project_name)
       from raw.fund_allocation where snapshot_month = $2::date order by allocation_id limit 1`,
      [project, h.month],
    );
    await wh.run(
      `insert into raw.issue by name
       select * replace (issue_id || '-canary' as issue_id, $1 as responsible_unit)
       from raw.issue where snapshot_month = $2::date order by issue_id limit 1`,
      [unit, h.month],
    );
    await runModels(wh);
  }, 180_000);

  afterAll(() => wh?.close());

  test('the household-named project and unit read 某户 in staging, with numbers hidden', async () => {
    const rows = await wh.all<{ t: string }>(`select published_text as t from staging.stg_free_text where name_masks > 0 order by 1`);
    expect(rows.map((r) => r.t)).toEqual([
      '2024年某户危房改造补助（联系[电话已隐去]，证件[证件号已隐去]）',
      '某户整改专班 [证件号已隐去]',
    ]);
  });

  test('no mart holds the name, the ID or the phone in any form', async () => {
    const marts = await wh.all<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'marts'`);
    const digits = (s: string) => s.replace(/[\s-]/g, '').replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
    for (const { t } of marts) {
      const hit = await wh.all<{ v: string }>(
        `select x::varchar as v from marts.${t} as x
         where contains(x::varchar, $1)
            or contains(regexp_replace(translate(x::varchar, '０１２３４５６７８９', '0123456789'), '[ \\-]', '', 'g'), $2)
            or contains(regexp_replace(translate(x::varchar, '０１２３４５６７８９', '0123456789'), '[ \\-]', '', 'g'), $3)
         limit 1`,
        [`${person.name}户`, digits(person.id), digits(person.phone)],
      );
      expect(hit, `marts.${t}`).toEqual([]);
    }
    const units = await wh.all<{ u: string }>(`select distinct responsible_unit as u from marts.mart_issue_ledger where contains(responsible_unit, '整改专班')`);
    expect(units.map((u) => u.u)).toContain('某户整改专班 [证件号已隐去]');
  });

  test('the data-quality mart counts the masks per column', async () => {
    const rows = await wh.all<{ column_name: string; name_masks: number; id_masks: number; phone_masks: number }>(
      `select column_name, name_masks::integer as name_masks, id_masks::integer as id_masks, phone_masks::integer as phone_masks
       from marts.mart_free_text_masks where snapshot_month = $1::date order by column_name`,
      [person.month],
    );
    expect(rows).toEqual([
      { column_name: 'project_name', name_masks: 1, id_masks: 1, phone_masks: 1 },
      { column_name: 'responsible_unit', name_masks: 1, id_masks: 1, phone_masks: 0 },
    ]);
  });
});
