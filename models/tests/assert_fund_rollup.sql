-- 各层级的已下达、已支出等于下属项目之和（资金类别“全部”）
with projects as (
    select f.snapshot_month, a.area_code, sum(f.allocated_amount) as allocated, sum(f.paid_amount) as paid
    from marts.mart_fund_disbursement f
    join intermediate.int_fund_areas a on a.booked_code = f.village_code
    group by all
)
select b.snapshot_month, b.area_code, b.allocated_amount, p.allocated, b.paid_amount, p.paid
from marts.mart_fund_by_area b
join projects p using (snapshot_month, area_code)
where b.fund_category = '全部' and (abs(b.allocated_amount - p.allocated) > 0.005 or abs(b.paid_amount - p.paid) > 0.005)
