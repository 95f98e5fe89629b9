-- The counts each program's current submission reports per quarter (추진실적 summary line),
-- one row per label and unit; a label repeated in the same quarter is added up.
with current_programs as (
    {{ current_programs_to_rebuild(
        derived_from=ref('int_quarter_counts_classified'),
        match_on=['reported_year', 'reported_quarter', 'label'], compare=['activity_type']) }}
),

quarter_counts as (
    select * from {{ ref('int_quarter_counts_classified') }}
),

final as (
    select
        current_programs.program_code,
        current_programs.program_key,
        quarter_counts.reported_year,
        quarter_counts.reported_quarter,
        quarter_counts.label,
        quarter_counts.unit,
        quarter_counts.activity_type,
        sum(quarter_counts.reported_value) as reported_value,
        quarter_counts.submission_id,
        min(quarter_counts.source_line) as source_line
    from quarter_counts
    inner join current_programs on current_programs.submission_id = quarter_counts.submission_id
    group by
        current_programs.program_code,
        current_programs.program_key,
        quarter_counts.reported_year,
        quarter_counts.reported_quarter,
        quarter_counts.label,
        quarter_counts.unit,
        quarter_counts.activity_type,
        quarter_counts.submission_id
)

select * from final
