-- One row per department that owns at least one program today.
with programs as (
    select * from {{ ref('dim_program') }}
),

departments as (
    select
        department,
        count(*) as program_count,
        count(*) filter (where status_group = 'completed') as completed_count,
        sum(total_budget_krw)::bigint as total_budget_krw
    from programs
    where department is not null
    group by department
)

select * from departments
