-- Submissions that may reach the marts (docs/ARCHITECTURE.md): parsed, and either validated
-- as passed/warned or released by a steward; never one whose quarantine is open or superseded.
-- Each gets its version number within its program (program_key, so a code written 09 or 9
-- is one program): ordered by reported_as_of (a sheet without a quarter header sorts first),
-- then by data alone — the file's modification time at discovery, its sha256, the sheet's
-- place in it — never by load order, so one inbox gives the same versions however it was
-- batched into runs. The last is current.
with submissions as (
    select * from {{ ref('stg_raw__submissions') }}
    where parse_status = 'parsed'
),

programs as (
    select submission_id, program_key from {{ ref('stg_raw__programs') }}
),

files as (
    select source_sha256, file_modified_at from {{ ref('stg_raw__files') }}
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
        programs.program_key,
        files.file_modified_at,
        verdicts.verdict,
        quarantine.quarantine_state
    from submissions
    inner join programs on programs.submission_id = submissions.submission_id
    inner join files on files.source_sha256 = submissions.source_sha256
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
            partition by program_key
            order by reported_as_of asc nulls first, file_modified_at asc nulls first, source_sha256,
                sheet_index
        ) as version_number,
        count(*) over (partition by program_key) as version_count
    from accepted
),

final as (
    select
        submission_id,
        program_key,
        source_path,
        source_sha256,
        sheet_index,
        reported_as_of,
        file_modified_at,
        load_id,
        loaded_at,
        verdict,
        quarantine_state,
        version_number,
        version_number = version_count as is_current
    from versioned
)

select * from final
