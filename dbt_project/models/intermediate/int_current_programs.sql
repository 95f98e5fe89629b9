-- Which submission is current for each program, and its department: the join key every
-- fact table uses to keep only the current sheet's rows.
with versions as (
    select * from {{ ref('int_program_versions') }}
),

current_versions as (
    select
        submission_id,
        program_key,
        program_code,
        department,
        reported_as_of,
        reporting_year,
        source_path
    from versions
    where is_current
)

select * from current_versions
