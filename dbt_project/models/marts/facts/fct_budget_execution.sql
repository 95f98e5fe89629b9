-- Budget secured, still in demand, and executed per program, line item, funding source and
-- fiscal year, from each program's current submission. Leaf rows only: the sheet's 계 row
-- is their sum (checked by assert_budget_execution_adds_up_to_reported_totals).
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
        budget_lines.secured_krw,
        budget_lines.demand_krw,
        budget_lines.executed_krw,
        {{ rate_pct('budget_lines.executed_krw', 'budget_lines.secured_krw') }} as execution_rate_pct,
        budget_lines.submission_id,
        budget_lines.source_line
    from budget_lines
    inner join current_programs on current_programs.submission_id = budget_lines.submission_id
)

select * from execution
