-- Each yearly target of each program's current submission, with the actual value the
-- sheet's quarterly counts give for it and whether it was met.
with current_programs as (
    {{ current_programs_to_rebuild(
        derived_from=ref('int_target_actuals'),
        match_on=['source_line', 'target_year'], compare=['actual_value', 'matched_labels', 'is_met']) }}
),

target_actuals as (
    select * from {{ ref('int_target_actuals') }}
),

final as (
    select
        current_programs.program_code,
        current_programs.program_key,
        current_programs.department,
        target_actuals.metric,
        target_actuals.target_year,
        {{ year_status('target_actuals.target_year', 'current_programs.reporting_year') }} as year_status,
        target_actuals.target_value,
        target_actuals.comparator,
        target_actuals.unit,
        target_actuals.target_text,
        target_actuals.actual_value,
        target_actuals.matched_labels,
        target_actuals.attainment_pct,
        target_actuals.is_met,
        target_actuals.submission_id,
        target_actuals.source_line
    from target_actuals
    inner join current_programs on current_programs.submission_id = target_actuals.submission_id
)

select * from final
