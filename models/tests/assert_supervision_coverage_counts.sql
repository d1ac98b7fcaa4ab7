-- 已督导 + 未督导 = 挂牌村；总体等于按挂牌级别之和；未督导村名单的村数等于总体的未督导村数
select c.*
from marts.mart_supervision_coverage c
left join (
    select snapshot_month, area_code, sum(listed_villages) as listed, sum(visited_villages) as visited
    from marts.mart_supervision_coverage where dimension = '挂牌级别' group by all
) l using (snapshot_month, area_code)
left join (
    select g.snapshot_month, a.area_code, count(*) as not_visited
    from marts.mart_supervision_gaps g join intermediate.int_village_areas a using (village_code) group by all
) g using (snapshot_month, area_code)
where c.visited_villages + c.not_visited_villages <> c.listed_villages
   or c.visited_villages > c.listed_villages
   or (c.dimension = '总体' and c.listed_villages > 0 and (l.listed <> c.listed_villages or l.visited <> c.visited_villages))
   or (c.dimension = '总体' and coalesce(g.not_visited, 0) <> c.not_visited_villages)
