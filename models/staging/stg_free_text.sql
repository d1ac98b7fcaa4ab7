-- materialized: view
-- One row per distinct free-text value per month, county and column: the text as it may be
-- published, with personal data masked. Marts read free text only through this model (via the
-- staging views), never from raw. What is masked:
--   names   every name in meta.personal_names (every person's name in the warehouse, of every month
--           and area), two-character names and names inside longer text included:
--           2024年薛蟠家危房改造补助 → 2024年某户危房改造补助 (a name followed by 户/家 becomes 某户,
--           otherwise 某人), except where it stands inside a longer place name of meta.place_names
--           (杨X村村民委员会 stays). The sets, and this rule, are the privacy gate's own
--           (privacy/names.ts), so what staging leaves the gate passes;
--   numbers ID numbers (GB 11643 shape: area, birth date, sequence, check) and phones (mobile or
--           landline), also typed with spaces, dashes or full-width digits.
-- Names are found per distinct run of Chinese text, as character n-grams joined to the name and
-- place lists (hash joins), so the cost grows with the distinct text, not with texts × names.
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

distinct_texts as (
    select distinct normalised from normalised
),

text_runs as (
    -- the runs of Chinese text in each text, in order (names and places are made of these characters)
    select normalised, unnest(runs) as run, generate_subscripts(runs, 1) as k
    from (select normalised, regexp_extract_all(normalised, '[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{B7}]+') as runs from distinct_texts)
),

runs as (
    select distinct run from text_runs where length(run) >= 2
),

longest as (
    select greatest(
        (select coalesce(max(length(person_name)), 2) from meta.personal_names),
        (select coalesce(max(length(place_name)), 2) from meta.place_names)
    ) as max_len
),

grams as (
    select r.run, i, n, substr(r.run, i, n) as gram
    from runs as r, longest as l,
        unnest(range(1, length(r.run))) as s(i),
        unnest(range(2, least(length(r.run), l.max_len) + 1)) as w(n)
    where i + n - 1 <= length(r.run)
),

name_at as (
    select g.run, g.i, g.n from grams as g where g.gram in (select person_name from meta.personal_names)
),

place_at as (
    select g.run, g.i, g.n from grams as g where g.gram in (select place_name from meta.place_names)
),

hits as (
    -- a name is a hit unless it lies inside a place name that is longer than it or is the whole run
    select h.* from name_at as h
    where not exists (
        select 1 from place_at as p
        where p.run = h.run and p.i <= h.i and h.i + h.n <= p.i + p.n
            and (p.n > h.n or p.n = length(h.run))
    )
),

masked_runs as (
    -- every character of a hit marked (U+E000), then each marked stretch written 某户 (before 户/家) or 某人
    select
        run,
        len(regexp_extract_all(marked, '\x{E000}+')) as name_masks,
        regexp_replace(regexp_replace(marked, '\x{E000}+[户家]', '某户', 'g'), '\x{E000}+', '某人', 'g') as masked
    from (
        select run, array_to_string(list_transform(range(1, length(run) + 1),
            k -> case when list_contains(covered, k) then chr(57344) else substr(run, k, 1) end), '') as marked
        from (select run, list(distinct p) as covered from hits, unnest(range(i, i + n)) as u(p) group by run)
    )
),

names_done as (
    -- a text with a masked run, rebuilt from the pieces between its runs and its runs in order
    select
        normalised,
        name_masks,
        array_to_string(list_transform(range(1, len(pieces) + 1), i -> pieces[i] || coalesce(masked[i], '')), '') as names_masked
    from (
        select
            t.normalised,
            regexp_split_to_array(t.normalised, '[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{B7}]+') as pieces,
            list(coalesce(m.masked, t.run) order by t.k) as masked,
            sum(coalesce(m.name_masks, 0))::integer as name_masks
        from text_runs as t
        left join masked_runs as m using (run)
        group by t.normalised
        having count(m.run) > 0
    )
),

with_names as (
    select n.*, coalesce(d.names_masked, n.normalised) as names_masked, coalesce(d.name_masks, 0) as name_masks
    from normalised as n
    left join names_done as d using (normalised)
),

number_runs as (
    -- runs of digits with spaces or dashes between them (138 0000 1234, 430321-1985…), ≥ 10 characters
    select
        *,
        list_filter(
            regexp_extract_all(names_masked, '[0-9][0-9 \-]{8,}[0-9Xx]'),
            r -> regexp_matches(replace(replace(r, ' ', ''), '-', ''),
                '[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]')
        ) as id_runs,
        list_filter(
            regexp_extract_all(names_masked, '[0-9][0-9 \-]{8,}[0-9Xx]'),
            r -> not regexp_matches(replace(replace(r, ' ', ''), '-', ''),
                    '[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]')
                and (regexp_matches(replace(replace(r, ' ', ''), '-', ''), '1[3-9][0-9]{9}')
                    or regexp_full_match(replace(replace(r, ' ', ''), '-', ''), '0[0-9]{2,3}[0-9]{7,8}'))
        ) as phone_runs
    from with_names
),

numbers_masked as (
    select
        *,
        list_reduce(
            list_concat(['']::varchar[], id_runs),
            (acc, r) -> replace(acc, r, '[证件号已隐去]'),
            names_masked
        ) as id_masked
    from number_runs
),

numbers_done as (
    select
        * exclude (id_masked),
        list_reduce(list_concat(['']::varchar[], phone_runs), (acc, r) -> replace(acc, r, '[电话已隐去]'), id_masked) as numbers_masked
    from numbers_masked
),

final as (
    select
        snapshot_month,
        county_code,
        column_name,
        original,
        numbers_masked as published_text,
        name_masks,
        len(id_runs) as id_masks,
        len(phone_runs) as phone_masks
    from numbers_done
)

select * from final
