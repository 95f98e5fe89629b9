-- The standing of the programs at each reporting date (the quarter ends the sheets report
-- as of): for every program, its latest accepted version reported on or before that date.
-- Versions without a reporting date belong to no snapshot.
with accepted as (
    select * from {{ ref('int_accepted_submissions') }}
),

reporting_dates as (
    select distinct reported_as_of as reporting_date
    from accepted
    where reported_as_of is not null
),

versions_by_date as (
    select
        reporting_dates.reporting_date,
        accepted.program_key,
        accepted.submission_id,
        accepted.version_number
    from reporting_dates
    inner join accepted on accepted.reported_as_of <= reporting_dates.reporting_date
),

latest as (
    select distinct on (reporting_date, program_key)
        reporting_date,
        program_key,
        submission_id
    from versions_by_date
    order by reporting_date, program_key, version_number desc
)

select * from latest
