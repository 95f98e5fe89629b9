-- The counts each program's current submission reports per quarter (추진실적 summary line),
-- one row per label and unit; a label repeated in the same quarter is added up.
with current_programs as (
    {{ current_programs_to_rebuild(
        derived_from=ref('int_quarter_counts_classified'),
        match_on=['reported_year', 'reported_quarter', 'label'], compare=['activity_type', 'activity_type_label']) }}
),

quarter_counts as (
    select * from {{ ref('int_quarter_counts_classified') }}
    where submission_id in (select submission_id from current_programs)
),

reported_counts as (
    select
        submission_id,
        reported_year,
        reported_quarter,
        label,
        unit,
        activity_type,
        activity_type_label,
        sum(reported_value) as reported_value,
        min(source_line) as source_line
    from quarter_counts
    group by submission_id, reported_year, reported_quarter, label, unit, activity_type, activity_type_label
),

final as (
    select
        current_programs.program_code,
        current_programs.program_key,
        reported_counts.reported_year,
        reported_counts.reported_quarter,
        reported_counts.label,
        reported_counts.unit,
        reported_counts.activity_type,
        reported_counts.activity_type_label,
        reported_counts.reported_value,
        reported_counts.submission_id,
        reported_counts.source_line
    from reported_counts
    inner join current_programs on current_programs.submission_id = reported_counts.submission_id
)

select * from final
