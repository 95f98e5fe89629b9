-- Budget per department and fiscal year, added up from fct_budget_execution.
with execution as (
    select * from {{ ref('fct_budget_execution') }}
),

by_department as (
    select
        department,
        fiscal_year,
        -- Programs' sheets may report for different years: a department-year is past when it is past
        -- for every program, planned when planned for every one, else current.
        case
            when bool_and(year_status = 'past') then 'past'
            when bool_and(year_status = 'planned') then 'planned'
            else 'current'
        end as year_status,
        count(distinct program_code) as program_count,
        sum(secured_krw)::bigint as secured_krw,
        sum(demand_krw)::bigint as demand_krw,
        sum(executed_krw)::bigint as executed_krw,
        -- The rate counts only the programs for which the year has begun.
        sum(executed_krw) filter (where year_status <> 'planned') as executed_so_far_krw,
        sum(secured_krw) filter (where year_status <> 'planned') as secured_so_far_krw
    from execution
    group by department, fiscal_year
),

final as (
    select
        department,
        fiscal_year,
        year_status,
        program_count,
        secured_krw,
        demand_krw,
        executed_krw,
        {{ rate_pct('executed_so_far_krw', 'secured_so_far_krw') }} as execution_rate_pct
    from by_department
)

select * from final
