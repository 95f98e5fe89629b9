-- For stewards: yearly targets of current programs, due by the program's reporting year,
-- for which no quarterly reported count matched (actual_value null in
-- fct_target_attainment). Fix the sheet's wording or add a metric_match_overrides row.
with current_programs as (
    select * from {{ ref('int_current_programs') }}
),

target_actuals as (
    select * from {{ ref('int_target_actuals') }}
),

unmatched as (
    select
        current_programs.program_code,
        current_programs.department,
        target_actuals.metric,
        target_actuals.target_year,
        target_actuals.target_text,
        target_actuals.submission_id,
        current_programs.source_path,
        target_actuals.source_line
    from target_actuals
    inner join current_programs on current_programs.submission_id = target_actuals.submission_id
    where target_actuals.actual_value is null
        and target_actuals.target_year <= extract(year from current_programs.reported_as_of)
)

select * from unmatched
