-- Village ranking per month: a transparent composite 落后指数 (0–1, higher = further behind)
-- from five components, each min-max scaled across the month's villages and weighted by the
-- rank_weight_* parameters. Rank 1 = the village most in need of 督战; rank_change > 0 = improved.
with p as (select * from intermediate.int_parameters),

incidence as (
    select snapshot_month, area_code as village_code, area_name as village_name, remaining_poor_people, poverty_incidence
    from marts.mart_poverty_incidence where area_level = 'village'
),

issues as (
    select snapshot_month, area_code as village_code, 1 - clearance_rate as open_issue_share
    from marts.mart_issue_clearance where area_level = 'village' and dimension = '总体'
),

funds as (
    select snapshot_month, area_code as village_code, greatest(-gap_pp_by_month, 0) as disbursement_behind_pp
    from marts.mart_fund_by_area where area_level = 'village' and fund_category = '全部'
),

gaps as (
    select snapshot_month, village_code,
        count(*) filter (where gap_any_guarantee) / count(*) as gap_household_share
    from intermediate.int_household_gaps
    group by all
),

components as (
    select
        i.snapshot_month,
        i.village_code,
        i.village_name,
        i.remaining_poor_people,
        coalesce(i.poverty_incidence, 0) as poverty_incidence,
        coalesce(s.open_issue_share, 0) as open_issue_share,
        coalesce(f.disbursement_behind_pp, 0) as disbursement_behind_pp,
        coalesce(g.gap_household_share, 0) as gap_household_share
    from incidence i
    left join issues s using (snapshot_month, village_code)
    left join funds f using (snapshot_month, village_code)
    left join gaps g using (snapshot_month, village_code)
),

scaled as (
    select
        c.*,
        coalesce((remaining_poor_people - min(remaining_poor_people) over m) / nullif(max(remaining_poor_people) over m - min(remaining_poor_people) over m, 0), 0) as score_remaining_poor,
        coalesce((poverty_incidence - min(poverty_incidence) over m) / nullif(max(poverty_incidence) over m - min(poverty_incidence) over m, 0), 0) as score_incidence,
        coalesce((open_issue_share - min(open_issue_share) over m) / nullif(max(open_issue_share) over m - min(open_issue_share) over m, 0), 0) as score_open_issues,
        coalesce((disbursement_behind_pp - min(disbursement_behind_pp) over m) / nullif(max(disbursement_behind_pp) over m - min(disbursement_behind_pp) over m, 0), 0) as score_disbursement_gap,
        coalesce((gap_household_share - min(gap_household_share) over m) / nullif(max(gap_household_share) over m - min(gap_household_share) over m, 0), 0) as score_guarantee_gaps
    from components c
    window m as (partition by snapshot_month)
),

scored as (
    select
        s.*,
        (p.rank_weight_remaining_poor * score_remaining_poor
            + p.rank_weight_incidence * score_incidence
            + p.rank_weight_open_issues * score_open_issues
            + p.rank_weight_disbursement_gap * score_disbursement_gap
            + p.rank_weight_guarantee_gaps * score_guarantee_gaps)
        / (p.rank_weight_remaining_poor + p.rank_weight_incidence + p.rank_weight_open_issues
            + p.rank_weight_disbursement_gap + p.rank_weight_guarantee_gaps) as lag_index
    from scaled s
    cross join p
),

ranked as (
    select *, rank() over (partition by snapshot_month order by lag_index desc, village_code) as rank
    from scored
),

final as (
    select
        *,
        lag(rank) over (partition by village_code order by snapshot_month) as previous_rank,
        lag(rank) over (partition by village_code order by snapshot_month) - rank as rank_change
    from ranked
)

select * from final
