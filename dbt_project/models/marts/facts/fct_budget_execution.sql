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
        sum(secured_krw) as secured_krw,
        sum(demand_krw) as demand_krw,
        sum(executed_krw) as executed_krw,
        min(source_line) as source_line
    from budget_lines
    group by submission_id, line_item, funding_source, fiscal_year
),

execution as (
    select
        current_programs.program_code,
        current_programs.program_key,
        current_programs.department,
        line_items.line_item,
        line_items.funding_source,
        line_items.fiscal_year,
        line_items.secured_krw,
        line_items.demand_krw,
        line_items.executed_krw,
        {{ rate_pct('line_items.executed_krw', 'line_items.secured_krw') }} as execution_rate_pct,
        line_items.submission_id,
        line_items.source_line
    from line_items
    inner join current_programs on current_programs.submission_id = line_items.submission_id
)

select * from execution
