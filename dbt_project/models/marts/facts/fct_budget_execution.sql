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
),

execution as (
    select
        current_programs.program_code,
        current_programs.program_key,
        current_programs.department,
        budget_lines.line_item,
        budget_lines.funding_source,
        budget_lines.fiscal_year,
        sum(budget_lines.secured_krw) as secured_krw,
        sum(budget_lines.demand_krw) as demand_krw,
        sum(budget_lines.executed_krw) as executed_krw,
        {{ rate_pct('sum(budget_lines.executed_krw)', 'sum(budget_lines.secured_krw)') }} as execution_rate_pct,
        budget_lines.submission_id,
        min(budget_lines.source_line) as source_line
    from budget_lines
    inner join current_programs on current_programs.submission_id = budget_lines.submission_id
    group by
        current_programs.program_code,
        current_programs.program_key,
        current_programs.department,
        budget_lines.line_item,
        budget_lines.funding_source,
        budget_lines.fiscal_year,
        budget_lines.submission_id
)

select * from execution
