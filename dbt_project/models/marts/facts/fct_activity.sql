-- Every activity each program's current submission reports, typed by the keyword seed.
with current_programs as (
    {{ current_programs_to_rebuild(
        derived_from=ref('int_activities_classified'), match_on=['source_line', 'description'],
        compare=['activity_type', 'activity_type_label']) }}
),

activities as (
    select * from {{ ref('int_activities_classified') }}
),

final as (
    select
        current_programs.program_code,
        current_programs.program_key,
        current_programs.department,
        activities.activity_year,
        activities.activity_month,
        activities.reported_year,
        activities.reported_quarter,
        activities.activity_type,
        activities.activity_type_label,
        activities.description,
        activities.in_reported_quarter,
        activities.submission_id,
        activities.source_line
    from activities
    inner join current_programs on current_programs.submission_id = activities.submission_id
)

select * from final
