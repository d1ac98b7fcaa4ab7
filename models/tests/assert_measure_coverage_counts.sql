-- 有措施 + 无措施 = 重点户；合计等于三类之和（每户只属一类）；合计等于 mart_key_households 的三类重点户数
select c.*
from marts.mart_measure_coverage c
left join (
    select snapshot_month, area_code, sum(key_households) as by_type
    from marts.mart_measure_coverage where key_type <> '合计' group by all
) t using (snapshot_month, area_code)
left join marts.mart_key_households k using (snapshot_month, area_code)
where c.key_households_with_measure + c.key_households_without_measure <> c.key_households
   or (c.key_type = '合计' and (t.by_type <> c.key_households or k.key_households <> c.key_households))
