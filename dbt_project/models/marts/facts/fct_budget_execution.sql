-- Budget secured, still in demand, and executed per program, line item, funding source and
-- fiscal year, from each program's current submission. Leaf rows only: the sheet's 계 row
-- is their sum (checked by assert_budget_execution_adds_up_to_reported_totals). A line item and
-- funding source a sheet writes on several rows (two parts of one 비목) are added up, so the
-- grain holds; validation warns stewards of it (rule budget_line_not_repeated).
with current_programs as (
    {{ current_programs_to_rebuild() }}
),

budget_lines as (
    select * from {{ ref('stg_raw__budget_lines') }}
    where not is_total
        and submission_id in (select submission_id from current_programs)
),

line_items as (
    select
        submission_id,
        line_item,
        funding_source,
        fiscal_year,
        sum(secured_krw)::bigint as secured_krw,
        sum(demand_krw)::bigint as demand_krw,
        sum(executed_krw)::bigint as executed_krw,
        min(source_line) as source_line
    from budget_lines
    group by submission_id, line_item, funding_source, fiscal_year
),

years as (
    select
        line_items.*,
        current_programs.program_code,
        current_programs.program_key,
        current_programs.department,
        {{ year_status('line_items.fiscal_year', 'current_programs.reporting_year') }} as year_status
    from line_items
    inner join current_programs on current_programs.submission_id = line_items.submission_id
),

execution as (
    select
        program_code,
        program_key,
        department,
        line_item,
        funding_source,
        fiscal_year,
        year_status,
        secured_krw,
        demand_krw,
        executed_krw,
        -- A year after the one the sheet reports for has no execution yet: its rate is unknown, not 0.
        case when year_status <> 'planned' then {{ rate_pct('executed_krw', 'secured_krw') }} end
            as execution_rate_pct,
        submission_id,
        source_line
    from years
)

select * from execution
