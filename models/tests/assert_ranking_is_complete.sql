-- 每月排名覆盖当月所有有村表的行政村，名次从1开始且不重复
with counts as (
    select snapshot_month, count(*) as villages, min(rank) as first_rank, count(distinct rank) as ranks
    from marts.mart_village_ranking group by all
),
expected as (
    select snapshot_month, count(*) as villages from marts.mart_poverty_incidence where area_level = 'village' group by all
)
select c.*, e.villages as expected_villages
from counts c full join expected e using (snapshot_month)
where c.villages is distinct from e.villages or c.first_rank <> 1 or c.ranks <> c.villages
