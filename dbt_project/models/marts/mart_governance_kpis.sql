-- Governance KPIs per reporting date and department, plus an all-departments row (전체),
-- computed as the Korea Manifesto Center scores pledges: completion rate = completed ÷
-- programs, goal attainment rate = (completed + on track) ÷ programs; with the sheets' own
-- figures beside them (self-reported rate, finance secured, yearly target attainment).
with inputs as (
    select * from {{ ref('int_program_kpi_inputs') }}
),

counted as (
    select
        reporting_date,
        case when grouping(department) = 1 then '전체' else department end as department,
        count(*) as programs,
        count(*) filter (where reported_at_date) as programs_reported,
        count(*) filter (where not reported_at_date) as programs_carried,
        count(*) filter (where status_group = 'completed') as completed,
        count(*) filter (where status_group = 'on_track') as on_track,
        count(*) filter (where status_group = 'other') as other,
        round(avg(implementation_rate_pct), 2) as avg_implementation_rate_pct,
        sum(secured_krw)::bigint as secured_krw,
        sum(demand_krw)::bigint as demand_krw,
        sum(targets_due)::bigint as targets_due,
        sum(targets_met)::bigint as targets_met,
        sum(forums_held) as forums_held,
        sum(projects_completed) as projects_completed
    from inputs
    group by grouping sets ((reporting_date, department), (reporting_date))
),

kpis as (
    select
        reporting_date,
        department,
        programs,
        programs_reported,
        programs_carried,
        completed,
        on_track,
        other,
        {{ rate_pct('completed', 'programs') }} as completion_rate_pct,
        {{ rate_pct('completed + on_track', 'programs') }} as goal_attainment_rate_pct,
        avg_implementation_rate_pct,
        {{ rate_pct('secured_krw', 'secured_krw + demand_krw') }} as finance_secured_rate_pct,
        secured_krw,
        demand_krw,
        targets_due,
        targets_met,
        {{ rate_pct('targets_met', 'targets_due') }} as target_attainment_rate_pct,
        forums_held,
        projects_completed
    from counted
)

select * from kpis
