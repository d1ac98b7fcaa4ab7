-- The five ledgers a month brings, with their Chinese names (as core/glossary.ts spells them) and
-- the order pages list them in.
with ledgers as (
    select * from (values
        ('village', '行政村基本情况', 1),
        ('household', '农户信息', 2),
        ('issue', '问题整改台账', 3),
        ('fund_allocation', '资金下达台账', 4),
        ('fund_payment', '资金支出台账', 5)
    ) as t(entity, entity_label, entity_order)
),

final as (
    select * from ledgers
)

select * from final
