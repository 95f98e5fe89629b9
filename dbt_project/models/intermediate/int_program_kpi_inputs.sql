-- One row per reporting date and program with everything the governance KPIs add up:
-- status group and self-reported rate of the version in force, money secured and still
-- in demand (all years, leaf rows), targets due and met up to the reporting year, and the
-- forums and completed projects the sheet reports for the reporting year to date.
-- Targets and counts are first summed per submission and reporting year (or quarter), then
-- joined on equality: a program keeps one version across many reporting dates.
with snapshots as (
    select
        *,
        extract(year from reporting_date)::integer as reporting_year,
        extract(quarter from reporting_date)::integer as reporting_quarter
    from {{ ref('int_program_snapshots') }}
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

submission_years as (
    select distinct submission_id, reporting_year from snapshots
),

targets_by_year as (
    select
        submission_years.submission_id,
        submission_years.reporting_year,
        -- A milestone (착공: no number to reach) is never due, whatever counts match it.
        count(*) filter (
            where target_actuals.actual_value is not null and target_actuals.target_value is not null
        ) as targets_due,
        count(*) filter (where target_actuals.is_met) as targets_met
    from submission_years
    inner join {{ ref('int_target_actuals') }} as target_actuals
        on target_actuals.submission_id = submission_years.submission_id
        and target_actuals.target_year <= submission_years.reporting_year
    group by submission_years.submission_id, submission_years.reporting_year
),

counts_to_date as (
    select
        submission_years.submission_id,
        submission_years.reporting_year,
        quarters.reporting_quarter,
        sum(quarter_counts.reported_value) filter (where quarter_counts.activity_type = 'forum') as forums_held,
        sum(quarter_counts.reported_value) filter (
            where quarter_counts.activity_type = 'project_completed'
        ) as projects_completed
    from submission_years
    cross join generate_series(1, 4) as quarters (reporting_quarter)
    inner join {{ ref('int_quarter_counts_classified') }} as quarter_counts
        on quarter_counts.submission_id = submission_years.submission_id
        and quarter_counts.reported_year = submission_years.reporting_year
        and quarter_counts.reported_quarter <= quarters.reporting_quarter
    group by submission_years.submission_id, submission_years.reporting_year, quarters.reporting_quarter
),

inputs as (
    select
        snapshots.reporting_date,
        snapshots.program_key,
        snapshots.submission_id,
        versions.department,
        -- Whether the program's sheet reports as of this very date, or is carried from an earlier one.
        versions.reported_as_of = snapshots.reporting_date as reported_at_date,
        versions.status_group,
        versions.implementation_rate_pct,
        coalesce(finance.secured_krw, 0) as secured_krw,
        coalesce(finance.demand_krw, 0) as demand_krw,
        coalesce(targets_by_year.targets_due, 0) as targets_due,
        coalesce(targets_by_year.targets_met, 0) as targets_met,
        coalesce(counts_to_date.forums_held, 0) as forums_held,
        coalesce(counts_to_date.projects_completed, 0) as projects_completed
    from snapshots
    inner join versions on versions.submission_id = snapshots.submission_id
    left join finance on finance.submission_id = snapshots.submission_id
    left join targets_by_year
        on targets_by_year.submission_id = snapshots.submission_id
        and targets_by_year.reporting_year = snapshots.reporting_year
    left join counts_to_date
        on counts_to_date.submission_id = snapshots.submission_id
        and counts_to_date.reporting_year = snapshots.reporting_year
        and counts_to_date.reporting_quarter = snapshots.reporting_quarter
)

select * from inputs
