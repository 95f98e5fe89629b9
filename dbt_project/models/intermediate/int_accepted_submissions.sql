-- Submissions that may reach the marts (docs/ARCHITECTURE.md): parsed, and either validated
-- as passed/warned or released by a steward; never one whose quarantine is open or superseded.
-- Each gets its version number within its program: ordered by reported_as_of (a sheet
-- without a quarter header sorts first), then load, then submission; the last is current.
with submissions as (
    select * from {{ ref('stg_raw__submissions') }}
    where parse_status = 'parsed' and program_code is not null
),

verdicts as (
    select * from {{ ref('stg_quality__submission_verdicts') }}
),

quarantine as (
    select * from {{ ref('stg_quality__quarantine') }}
),

accepted as (
    select
        submissions.*,
        verdicts.verdict,
        quarantine.quarantine_state
    from submissions
    left join verdicts on verdicts.submission_id = submissions.submission_id
    left join quarantine on quarantine.submission_id = submissions.submission_id
    where
        (verdicts.verdict in ('passed', 'warned') or quarantine.quarantine_state = 'released')
        and coalesce(quarantine.quarantine_state, 'none') not in ('open', 'superseded')
),

versioned as (
    select
        accepted.*,
        row_number() over (
            partition by program_code
            order by reported_as_of asc nulls first, load_id, submission_id
        ) as version_number,
        count(*) over (partition by program_code) as version_count
    from accepted
),

final as (
    select
        submission_id,
        program_code,
        source_path,
        source_sha256,
        sheet_index,
        reported_as_of,
        load_id,
        loaded_at,
        verdict,
        quarantine_state,
        version_number,
        version_number = version_count as is_current
    from versioned
)

select * from final
