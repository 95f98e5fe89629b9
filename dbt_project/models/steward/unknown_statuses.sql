-- For stewards: accepted submissions whose 추진현황 word is not in the status_groups seed
-- (grouped 'other' meanwhile). Add the word to the seed, or correct the sheet.
with versions as (
    select * from {{ ref('int_program_versions') }}
),

unknown as (
    select
        program_code,
        department,
        status,
        submission_id,
        source_path,
        reported_as_of,
        is_current
    from versions
    where not status_is_known
)

select * from unknown
