-- materialized: view
-- One row per distinct free-text value per month, county and column: the text as it may be
-- published, with personal data masked. Marts read free text only through this model (via the
-- staging views), never from raw. What is masked:
--   names   every name held in the personal columns for that month and county (stg_personal_names),
--           two-character names and names inside longer text included: 2024年薛蟠家危房改造补助 →
--           2024年某户危房改造补助 (a name followed by 户/家 becomes 某户, otherwise 某人);
--   numbers ID numbers (GB 11643 shape: area, birth date, sequence, check) and phones (mobile or
--           landline), also typed with spaces, dashes or full-width digits.
-- Names are matched as character n-grams joined to the name list (a hash join), so the cost grows
-- with the text, not with texts × names.
with texts as (
    select distinct snapshot_month, left(village_code, 6) as county_code, 'project_name' as column_name, project_name as original
    from raw.fund_allocation
    where project_name is not null
    union all
    select distinct snapshot_month, left(village_code, 6), 'responsible_unit', responsible_unit
    from raw.issue
    where responsible_unit is not null
    union all
    -- the value as written of a cell loaded as 其他 (a typed enum cell can hold anything)
    select distinct snapshot_month, left(village_code, 6), 'warning_value', value
    from raw.warnings
    where value is not null
),

normalised as (
    select
        *,
        -- full-width digits, X and spaces as their ASCII forms, so typed numbers are found
        translate(original, '０１２３４５６７８９Ｘｘ　－', '0123456789Xx -') as normalised
    from texts
),

number_runs as (
    -- runs of digits with spaces or dashes between them (138 0000 1234, 430321-1985…), ≥ 10 characters
    select
        *,
        list_filter(
            regexp_extract_all(normalised, '[0-9][0-9 \-]{8,}[0-9Xx]'),
            r -> regexp_matches(replace(replace(r, ' ', ''), '-', ''),
                '[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]')
        ) as id_runs,
        list_filter(
            regexp_extract_all(normalised, '[0-9][0-9 \-]{8,}[0-9Xx]'),
            r -> not regexp_matches(replace(replace(r, ' ', ''), '-', ''),
                    '[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]')
                and (regexp_matches(replace(replace(r, ' ', ''), '-', ''), '1[3-9][0-9]{9}')
                    or regexp_full_match(replace(replace(r, ' ', ''), '-', ''), '0[0-9]{2,3}[0-9]{7,8}'))
        ) as phone_runs
    from normalised
),

numbers_masked as (
    select
        *,
        list_reduce(
            list_concat(['']::varchar[], id_runs),
            (acc, r) -> replace(acc, r, '[证件号已隐去]'),
            normalised
        ) as id_masked
    from number_runs
),

numbers_done as (
    select
        * exclude (id_masked),
        list_reduce(list_concat(['']::varchar[], phone_runs), (acc, r) -> replace(acc, r, '[电话已隐去]'), id_masked) as numbers_masked
    from numbers_masked
),

grams as (
    select distinct t.snapshot_month, t.county_code, t.column_name, t.original, substr(t.normalised, i, n) as gram
    from normalised as t,
        unnest(range(1, length(t.normalised) + 1)) as s(i),
        unnest(range(2, 9)) as w(n)
    where i + n - 1 <= length(t.normalised)
),

names_found as (
    select g.snapshot_month, g.county_code, g.column_name, g.original,
        -- longest first, so 欧阳建国 is masked whole before 欧阳建 could be
        '(' || string_agg(regexp_escape(p.person_name), '|' order by length(p.person_name) desc, p.person_name) || ')' as name_pattern
    from grams as g
    join staging.stg_personal_names as p
        on p.snapshot_month = g.snapshot_month
        and p.person_name = g.gram
        -- a text above village level (no county) is matched against every name of the month
        and (p.county_code = g.county_code or g.county_code is null)
    group by all
),

final as (
    select
        n.snapshot_month,
        n.county_code,
        n.column_name,
        n.original,
        case when f.name_pattern is null then n.numbers_masked
            else regexp_replace(regexp_replace(n.numbers_masked, f.name_pattern || '[户家]', '某户', 'g'), f.name_pattern, '某人', 'g')
        end as published_text,
        coalesce(len(regexp_extract_all(n.numbers_masked, f.name_pattern)), 0) as name_masks,
        len(n.id_runs) as id_masks,
        len(n.phone_runs) as phone_masks
    from numbers_done as n
    left join names_found as f
        on f.snapshot_month = n.snapshot_month
        and f.county_code is not distinct from n.county_code
        and f.column_name = n.column_name
        and f.original = n.original
)

select * from final
