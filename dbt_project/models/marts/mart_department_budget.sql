-- Budget per department and fiscal year, added up from fct_budget_execution.
with execution as (
    select * from {{ ref('fct_budget_execution') }}
),

by_department as (
    select
        department,
        fiscal_year,
        count(distinct program_code) as program_count,
        sum(secured_krw)::bigint as secured_krw,
        sum(demand_krw)::bigint as demand_krw,
        sum(executed_krw)::bigint as executed_krw
    from execution
    group by department, fiscal_year
),

final as (
    select
        by_department.*,
        {{ rate_pct('executed_krw', 'secured_krw') }} as execution_rate_pct
    from by_department
)

select * from final
