-- Money check: for every program and fiscal year, the leaf rows of fct_budget_execution add
-- up to the 계 (total) row the program's current sheet reports, for secured, demand and
-- executed alike. Returns the years that do not add up. GX holds back such a sheet (an
-- error); only a steward's recorded release lets one through, and that decision stands:
-- released submissions are not failed here again.
with released as (
    select submission_id from {{ ref('int_accepted_submissions') }}
    where quarantine_state = 'released'
),

execution as (
    select
        submission_id,
        program_code,
        fiscal_year,
        sum(secured_krw) as secured_krw,
        sum(demand_krw) as demand_krw,
        sum(executed_krw) as executed_krw
    from {{ ref('fct_budget_execution') }}
    where submission_id not in (select submission_id from released)
    group by submission_id, program_code, fiscal_year
),

reported_totals as (
    select submission_id, fiscal_year, secured_krw, demand_krw, executed_krw
    from {{ ref('stg_raw__budget_lines') }}
    where is_grand_total
),

mismatches as (
    select
        execution.program_code,
        execution.fiscal_year,
        execution.secured_krw as leaf_secured_krw,
        reported_totals.secured_krw as total_secured_krw,
        execution.demand_krw as leaf_demand_krw,
        reported_totals.demand_krw as total_demand_krw,
        execution.executed_krw as leaf_executed_krw,
        reported_totals.executed_krw as total_executed_krw
    from execution
    inner join reported_totals
        on reported_totals.submission_id = execution.submission_id
        and reported_totals.fiscal_year = execution.fiscal_year
    where coalesce(execution.secured_krw, 0) <> coalesce(reported_totals.secured_krw, 0)
        or coalesce(execution.demand_krw, 0) <> coalesce(reported_totals.demand_krw, 0)
        or coalesce(execution.executed_krw, 0) <> coalesce(reported_totals.executed_krw, 0)
)

select * from mismatches
