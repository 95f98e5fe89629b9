-- Money check: mart_department_budget holds exactly the sums of fct_budget_execution per
-- department and fiscal year, and no department-year that fct_budget_execution lacks.
with execution as (
    select
        department,
        fiscal_year,
        count(distinct program_code) as program_count,
        sum(secured_krw) as secured_krw,
        sum(demand_krw) as demand_krw,
        sum(executed_krw) as executed_krw
    from {{ ref('fct_budget_execution') }}
    group by department, fiscal_year
),

department_budget as (
    select * from {{ ref('mart_department_budget') }}
),

mismatches as (
    select
        coalesce(execution.department, department_budget.department) as department,
        coalesce(execution.fiscal_year, department_budget.fiscal_year) as fiscal_year
    from execution
    full outer join department_budget
        on department_budget.department is not distinct from execution.department
        and department_budget.fiscal_year = execution.fiscal_year
    where execution.fiscal_year is null
        or department_budget.fiscal_year is null
        or department_budget.program_count <> execution.program_count
        or department_budget.secured_krw is distinct from execution.secured_krw
        or department_budget.demand_krw is distinct from execution.demand_krw
        or department_budget.executed_krw is distinct from execution.executed_krw
)

select * from mismatches
