-- One row per reporting date and program with everything the governance KPIs add up:
-- status group and self-reported rate of the version in force, money secured and still
-- in demand (all years, leaf rows), targets due and met up to the reporting year, and the
-- forums and completed projects the sheet reports for the reporting year to date.
with snapshots as (
    select * from {{ ref('int_program_snapshots') }}
),

versions as (
    select * from {{ ref('int_program_versions') }}
),

finance as (
    select
        submission_id,
        sum(secured_krw)::bigint as secured_krw,
        sum(demand_krw)::bigint as demand_krw
    from {{ ref('stg_raw__budget_lines') }}
    where not is_total
    group by submission_id
),

targets as (
    select
        snapshots.reporting_date,
        snapshots.program_key,
        count(*) filter (
            where target_actuals.actual_value is not null
        ) as targets_due,
        count(*) filter (where target_actuals.is_met) as targets_met
    from snapshots
    inner join {{ ref('int_target_actuals') }} as target_actuals
        on target_actuals.submission_id = snapshots.submission_id
        and target_actuals.target_year <= extract(year from snapshots.reporting_date)
    group by snapshots.reporting_date, snapshots.program_key
),

reported_counts as (
    select
        snapshots.reporting_date,
        snapshots.program_key,
        sum(quarter_counts.reported_value) filter (where quarter_counts.activity_type = 'forum') as forums_held,
        sum(quarter_counts.reported_value) filter (
            where quarter_counts.activity_type = 'project_completed'
        ) as projects_completed
    from snapshots
    inner join {{ ref('int_quarter_counts_classified') }} as quarter_counts
        on quarter_counts.submission_id = snapshots.submission_id
        and quarter_counts.reported_year = extract(year from snapshots.reporting_date)
        and quarter_counts.reported_quarter <= extract(quarter from snapshots.reporting_date)
    group by snapshots.reporting_date, snapshots.program_key
),

inputs as (
    select
        snapshots.reporting_date,
        snapshots.program_key,
        snapshots.submission_id,
        versions.department,
        versions.status_group,
        versions.implementation_rate_pct,
        coalesce(finance.secured_krw, 0) as secured_krw,
        coalesce(finance.demand_krw, 0) as demand_krw,
        coalesce(targets.targets_due, 0) as targets_due,
        coalesce(targets.targets_met, 0) as targets_met,
        coalesce(reported_counts.forums_held, 0) as forums_held,
        coalesce(reported_counts.projects_completed, 0) as projects_completed
    from snapshots
    inner join versions on versions.submission_id = snapshots.submission_id
    left join finance on finance.submission_id = snapshots.submission_id
    left join targets
        on targets.reporting_date = snapshots.reporting_date
        and targets.program_key = snapshots.program_key
    left join reported_counts
        on reported_counts.reporting_date = snapshots.reporting_date
        and reported_counts.program_key = snapshots.program_key
)

select * from inputs
