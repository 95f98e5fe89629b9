-- Every accepted version of every program, with its status grouped by the status_groups
-- seed (spaces ignored; an unlisted word is 'other' and flagged) and its validity interval.
with accepted as (
    select * from {{ ref('int_accepted_submissions') }}
),

programs as (
    select * from {{ ref('stg_raw__programs') }}
),

status_groups as (
    select
        replace(status, ' ', '') as status_key,
        status_group
    from {{ ref('status_groups') }}
),

status_group_labels as (
    select * from {{ ref('status_group_labels') }}
),

grouped as (
    select
        accepted.submission_id,
        accepted.program_key,
        programs.program_code,
        programs.program_area,
        programs.program_seq,
        programs.title,
        -- A sheet naming no 추진부서 is held back by validation; one a steward released anyway
        -- is filed under 미지정 (unassigned), so every mart keeps a department to group by.
        coalesce(programs.department, '미지정') as department,
        programs.status,
        coalesce(status_groups.status_group, 'other') as status_group,
        status_group_labels.status_group_label,
        status_groups.status_group is not null as status_is_known,
        programs.implementation_rate_pct,
        programs.completion_target,
        programs.completion_year,
        programs.total_budget_krw,
        programs.business_types,
        programs.period_start,
        programs.period_end,
        accepted.reported_as_of,
        accepted.source_path,
        accepted.source_sha256,
        accepted.sheet_index,
        accepted.loaded_at,
        -- The year the sheet reports for: of its quarter header, else of its load. Budget years
        -- after it are planned (their execution rate is not yet a rate).
        coalesce(extract(year from accepted.reported_as_of), extract(year from accepted.loaded_at))::integer
            as reporting_year,
        accepted.version_number,
        accepted.is_current
    from accepted
    inner join programs on programs.submission_id = accepted.submission_id
    left join status_groups on status_groups.status_key = replace(programs.status, ' ', '')
    left join status_group_labels
        on status_group_labels.status_group = coalesce(status_groups.status_group, 'other')
),

with_validity as (
    select
        grouped.*,
        reported_as_of as valid_from,
        lead(reported_as_of) over (partition by program_key order by version_number) as valid_to
    from grouped
)

select * from with_validity
